/**
 * xlsx exports an auditor hands to a colleague (issue 6 §3): the organization's control matrix, the
 * engagement's workpapers and its exception list. Each holds what the API shows the same user (the
 * workpapers and exceptions are built from the same use-cases the screens call), laid out by the
 * shared house style in ../spreadsheets/xlsx-style.ts. Reads only: no audit event.
 */
import type { Kysely } from "kysely";
import { CRITERIA } from "../../catalog/criteria.js";
import { FRAMEWORKS } from "../../catalog/frameworks/index.js";
import { criteriaForCategories } from "../../core/criteria.js";
import { notFound } from "../../core/errors.js";
import type { Role } from "../../core/roles.js";
import { listOrgControls } from "../../db/repositories/controls.js";
import { listControlEvidenceDates } from "../../db/repositories/evidence.js";
import { findCurrentProgram, listProgramLines } from "../../db/repositories/workpapers.js";
import type { DB, EngagementRow } from "../../db/schema.js";
import { type Actor, rolesIn } from "../actor.js";
import { requireEngagementRole, requireUser } from "../authz.js";
import { type Deps, todayIso } from "../deps.js";
import { type MatrixControl, writeControlMatrixXlsx } from "../spreadsheets/control-matrix.js";
import { type ExceptionSheetRow, writeExceptionsXlsx } from "../spreadsheets/exceptions-xlsx.js";
import { type WorkpaperSheet, writeWorkpapersXlsx } from "../spreadsheets/workpapers-xlsx.js";
import { XLSX_CONTENT_TYPE } from "../spreadsheets/xlsx-style.js";
import { loadOrganization } from "./controls.js";
import { loadEngagement, parseCategories } from "./engagement-model.js";
import { listExceptions } from "./exceptions.js";
import { WP_READERS } from "./workpaper-model.js";
import { getWorkpaper, listWorkpapers } from "./workpapers.js";

export interface SpreadsheetFile {
  readonly filename: string;
  readonly contentType: string;
  readonly body: Buffer;
}

/** The firm's team on the organization's side of an audit (firm_admin reads too). */
const FIRM_TEAM: readonly Role[] = WP_READERS;
/** The organization's people who keep the controls (employees do not download the matrix). */
const MATRIX_ORG_ROLES: readonly Role[] = ["org_admin", "control_owner"];
const EXCEPTION_EXPORTERS: readonly Role[] = [...FIRM_TEAM, "org_admin"];

const fileSlug = (s: string): string =>
  s
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase()
    .slice(0, 60) || "export";

const file = (deps: Deps, kind: string, name: string, body: Buffer): SpreadsheetFile => ({
  filename: `${kind}-${fileSlug(name)}-${todayIso(deps)}.xlsx`,
  contentType: XLSX_CONTENT_TYPE,
  body,
});

const parseList = (json: string): string[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};

/** Current (not superseded) evidence items linked to each control of the organization. */
const evidenceCounts = async (db: Kysely<DB>, orgId: string): Promise<Map<string, number>> => {
  const rows = await db
    .selectFrom("evidence_links as l")
    .innerJoin("evidence_items as i", (j) =>
      j.onRef("i.id", "=", "l.evidence_id").onRef("i.org_id", "=", "l.org_id"),
    )
    .select(["l.control_id"])
    .select((eb) => eb.fn.countAll().as("n"))
    .where("l.org_id", "=", orgId)
    .where((w) =>
      w.not(
        w.exists(
          w
            .selectFrom("evidence_items as newer")
            .select("newer.id")
            .whereRef("newer.supersedes_id", "=", "i.id"),
        ),
      ),
    )
    .groupBy("l.control_id")
    .execute();
  return new Map(rows.map((r) => [r.control_id, Number(r.n)]));
};

/** With an engagement: the program line methods by control, and which controls are in scope. */
const engagementColumns = async (deps: Deps, e: EngagementRow) => {
  const program = await findCurrentProgram(deps.db, e.id);
  const lines = program ? await listProgramLines(deps.db, e.id, program.id) : [];
  const methods = new Map(
    lines.map((l) => {
      const procedures = JSON.parse(l.procedures) as unknown;
      const list = Array.isArray(procedures)
        ? procedures
            .map((p: unknown) => (p && typeof p === "object" && "method" in p ? String(p.method) : ""))
            .filter((m) => m !== "")
        : [];
      return [l.control_id, [...new Set(list)].join(", ")];
    }),
  );
  const scopeCriteria = new Set<string>(
    criteriaForCategories(CRITERIA, parseCategories(e.categories)).map((c) => c.id),
  );
  // The program decides scope once it exists; before that, the engagement's criteria do.
  const inScope = (c: { id: string; status: string; criteria: readonly string[] }): boolean =>
    program
      ? methods.has(c.id)
      : c.status !== "not_applicable" && c.criteria.some((id) => scopeCriteria.has(id));
  return { methods, inScope, scopeCriteria };
};

/** The organization's control matrix; with an engagement, its scope and the program's test methods. */
export const exportControlMatrix = async (
  deps: Deps,
  actor: Actor,
  orgId: string,
  engagementId?: string,
): Promise<SpreadsheetFile> => {
  const user = requireUser(actor);
  const { org } = await loadOrganization(deps, user, orgId);
  const firmRoles = rolesIn(user, "firm", org.firm_id);
  const target = { firm_id: org.firm_id, org_id: org.id };
  requireEngagementRole(user, target, [...FIRM_TEAM, ...MATRIX_ORG_ROLES], "download the control matrix");
  let engagement: EngagementRow | null = null;
  if (engagementId) {
    engagement = await loadEngagement(deps, user, engagementId);
    if (engagement.org_id !== org.id) throw notFound("Engagement");
  }
  const [rows, dated, counts] = await Promise.all([
    listOrgControls(deps.db, org.id),
    listControlEvidenceDates(deps.db, org.id),
    evidenceCounts(deps.db, org.id),
  ]);
  const extra = new Map(dated.map((d) => [d.id, d]));
  const scope = engagement ? await engagementColumns(deps, engagement) : null;
  const withTestMethod = firmRoles.some((r) => FIRM_TEAM.includes(r));
  const controls: MatrixControl[] = rows.map((c) => {
    const criteria = parseList(c.criteria);
    const more = extra.get(c.id);
    return {
      code: c.code,
      title: c.title,
      description: c.description,
      domain: c.domain,
      criteria,
      ownerName: more?.owner_name ?? null,
      ownerEmail: more?.owner_email ?? null,
      frequency: c.frequency,
      automation: c.automation,
      status: c.status,
      evidenceCount: counts.get(c.id) ?? 0,
      latestEvidenceDate: more?.last_effective_date ?? null,
      inScope: scope ? scope.inScope({ id: c.id, status: c.status, criteria }) : null,
      testMethod: scope && withTestMethod ? scope.methods.get(c.id) || null : null,
    };
  });
  const criteria = scope ? CRITERIA.filter((c) => scope.scopeCriteria.has(c.id)) : CRITERIA;
  const title = engagement
    ? `Control matrix: ${org.name}, ${engagement.name}`
    : `Control matrix: ${org.name}`;
  const body = await writeControlMatrixXlsx(
    {
      title,
      withEngagement: engagement !== null,
      withTestMethod,
      controls,
      criteria: criteria.map((c) => ({ id: c.id, title: c.title })),
      frameworks: FRAMEWORKS,
    },
    deps.clock(),
  );
  return file(deps, "control-matrix", engagement?.name ?? org.name, body);
};

const textOrNull = (v: unknown): string | null => (typeof v === "string" ? v : null);

const basisLabel: Record<string, string> = {
  sample: "sample",
  "population-test": "full-population test",
  design: "design walkthrough",
  "test-of-one": "test of one",
};

/** Every workpaper of the engagement: a summary and one grid per workpaper (the firm's team only). */
export const exportWorkpapers = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
): Promise<SpreadsheetFile> => {
  const user = requireUser(actor);
  const e = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, FIRM_TEAM, "download workpapers");
  const list = await listWorkpapers(deps, user, e.id);
  const sheets: WorkpaperSheet[] = [];
  for (const summary of list.workpapers) {
    const { workpaper: w } = await getWorkpaper(deps, user, summary.id);
    sheets.push({
      controlCode: w.control.code,
      controlTitle: w.control.title,
      status: w.status,
      conclusion: w.conclusion,
      basis: basisLabel[w.basis.kind] ?? w.basis.kind,
      exceptionRefs: w.exceptions.filter((x) => x.status !== "void").map((x) => x.ref),
      itemsTested: w.tally.itemsTested,
      preparer: w.preparer?.name ?? null,
      preparedAt: w.preparer?.at ?? null,
      reviewer: w.reviewer?.name ?? null,
      reviewedAt: w.reviewer?.at ?? null,
      attributes: w.attributes,
      items: w.items.map((i) => ({ key: i.key, label: i.label, date: i.date })),
      results: w.results
        .filter((r) => r.onGrid)
        .map((r) => ({
          itemKey: r.itemKey,
          attributeId: r.attributeId,
          result: r.result,
          note: r.note,
          evidenceSha256: r.evidence?.sha256 ?? null,
        })),
    });
  }
  const body = await writeWorkpapersXlsx(sheets, { title: `Workpapers: ${e.name}`, now: deps.clock() });
  return file(deps, "workpapers", e.name, body);
};

/** The engagement's exceptions with management's latest response (the firm's team and the org admin). */
export const exportExceptions = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
): Promise<SpreadsheetFile> => {
  const user = requireUser(actor);
  const e = await loadEngagement(deps, user, engagementId);
  const roles = requireEngagementRole(user, e, EXCEPTION_EXPORTERS, "download the exception list");
  const firmSide = roles.some((r) => FIRM_TEAM.includes(r));
  const { exceptions } = await listExceptions(deps, user, e.id);
  const rows: ExceptionSheetRow[] = exceptions.map((x) => {
    const latest = [...x.responses].sort((a, b) => a.n - b.n).at(-1);
    return {
      ref: x.ref,
      controlCode: x.control.code,
      controlTitle: x.control.title,
      kind: x.kind,
      attributeId: textOrNull("attributeId" in x ? x.attributeId : null),
      description: x.description,
      deviations: x.deviations,
      tested: x.tested,
      classification: textOrNull("classification" in x ? x.classification : null),
      cause: x.cause,
      response: latest?.response ?? null,
      remediation: latest?.remediation ?? null,
      remediationDate: latest?.remediationDate ?? null,
      status: x.status,
      raisedAt: x.createdAt,
    };
  });
  const body = await writeExceptionsXlsx(rows, {
    title: `Exceptions: ${e.name}`,
    now: deps.clock(),
    withClassification: firmSide,
  });
  return file(deps, "exceptions", e.name, body);
};
