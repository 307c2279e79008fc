/**
 * Bridge letters (issue 5 §4, SOC2.md §2.6): written and signed by the organization's management, so
 * only an organization admin creates one. It bridges from the latest issued SOC 2 report of the
 * engagement to a chosen date (at most 12 months after the period end, not after today). Changes and
 * incidents come from the organization's records (the system description's DC9 changes and DC4
 * incidents dated in the gap, and register incidents marked for disclosure; bridge-letter-records.ts)
 * plus what the admin lists; empty lists need the admin's confirmation that
 * there were none. The signer's name and title are typed and recorded with the acting user; the firm
 * does not sign it (no certificate). Stored as an issued report of kind "bridge-letter", not public.
 */
import { z } from "zod";
import { buildBridgeLetter } from "../../core/bridge-letter.js";
import { AppError, notFound } from "../../core/errors.js";
import { emptySystemDescription, SystemDescriptionSchema } from "../../core/system-description.js";
import { insertReport, listEngagementReports } from "../../db/repositories/reports.js";
import { findSystemDescription } from "../../db/repositories/system-descriptions.js";
import type { EngagementRow } from "../../db/schema.js";
import type { ReportRow } from "../../db/schema-reports.js";
import { renderLetterPdf } from "../../reports/render-letter.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireWrite } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { sha256Hex } from "../security/crypto.js";
import { gapRecords } from "./bridge-letter-records.js";
import { loadEngagement, parseBoundary } from "./engagement-model.js";
import { pageCount, storeReportPdf } from "./reports.js";
import { nextVersionOf, storedReportView } from "./soc3.js";

const Line = z.string().trim().min(1).max(4000);

export const BridgeLetterSchema = z.object({
  coversUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "coversUntil must be a date (YYYY-MM-DD)."),
  changes: z.array(Line).max(100).default([]),
  incidents: z.array(Line).max(100).default([]),
  noChangesConfirmed: z.boolean().default(false),
  signerName: z.string().trim().min(1).max(200),
  signerTitle: z.string().trim().min(1).max(200),
});
export type BridgeLetterRequest = z.output<typeof BridgeLetterSchema>;

const listed = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;

/** The engagement's latest issued SOC 2 report, which a bridge letter covers; GUARD_FAILED without one. */
export const coveredSoc2Report = (reports: readonly ReportRow[]): ReportRow => {
  const covered = reports.find(
    (r) => (r.kind === "soc2-type1" || r.kind === "soc2-type2") && r.status === "issued",
  );
  if (!covered) {
    throw new AppError(
      "GUARD_FAILED",
      "The engagement has no issued SOC 2 report; a bridge letter covers the gap after an issued report.",
      { failures: [{ guard: "soc2-issued", message: "No issued SOC 2 report." }] },
    );
  }
  return covered;
};

/** The period end (Type 2) or as-of date (Type 1) the covered report speaks for. */
export const coveredPeriodEnd = (covered: ReportRow, e: EngagementRow): string =>
  covered.covers_until ?? (covered.kind === "soc2-type2" ? e.period_end : e.as_of_date) ?? "";

/**
 * The letter model and what went into it (the issue and the preview share it): the organization's
 * own records of the gap come first, then what the admin lists. Throws VALIDATION as the core does.
 */
export const prepareBridgeLetter = async (deps: Deps, e: EngagementRow, request: BridgeLetterRequest) => {
  const reports = await listEngagementReports(deps.db, e.id);
  const covered = coveredSoc2Report(reports);
  const type2 = covered.kind === "soc2-type2";
  const periodEnd = coveredPeriodEnd(covered, e);
  const [firm, org, descriptionRow] = await Promise.all([
    deps.db.selectFrom("firms").select("name").where("id", "=", e.firm_id).executeTakeFirst(),
    deps.db.selectFrom("organizations").select("name").where("id", "=", e.org_id).executeTakeFirst(),
    findSystemDescription(deps.db, e.id),
  ]);
  if (!firm || !org) throw notFound("Engagement");
  const d = descriptionRow
    ? SystemDescriptionSchema.parse(JSON.parse(descriptionRow.content))
    : emptySystemDescription();
  const until = request.coversUntil;
  const recorded = await gapRecords(deps, e.org_id, d, periodEnd, until);
  const changes = [...new Set([...recorded.changes, ...request.changes])];
  const incidents = [...new Set([...recorded.incidents, ...request.incidents])];
  const services = parseBoundary(e.boundary).services;
  const version = nextVersionOf(reports, "bridge-letter");
  const model = buildBridgeLetter({
    organization: {
      name: org.name,
      systemName: services.length > 0 ? `system supporting ${listed(services)}` : "system",
    },
    coveredReport: {
      kind: type2 ? "soc2-type2" : "soc2-type1",
      ...(type2 && e.period_start ? { periodStart: e.period_start } : {}),
      periodEnd,
      auditor: firm.name,
      ...(covered.signed_at ? { issuedOn: covered.signed_at.slice(0, 10) } : {}),
    },
    coversUntil: until,
    letterDate: todayIso(deps),
    changes,
    incidents,
    noChangesConfirmed: request.noChangesConfirmed,
    cuecs: d.noCuecs ? [] : d.cuecs.map((c) => c.text),
    signer: { name: request.signerName, title: request.signerTitle },
    engagementId: e.id,
    version,
  });
  return { model, covered, periodEnd, changes, incidents, version };
};

/** Issues a bridge letter for the engagement's latest issued SOC 2 report. */
export const issueBridgeLetter = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  request: BridgeLetterRequest,
) => {
  const user = requireWrite(actor);
  const e = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, ["org_admin"], "issue a bridge letter for the organization's management");
  const { model, covered, periodEnd, changes, incidents, version } = await prepareBridgeLetter(
    deps,
    e,
    request,
  );
  const until = request.coversUntil;
  const pdf = await renderLetterPdf(model);
  const sha = await storeReportPdf(deps, e.org_id, pdf);
  const now = nowIso(deps);
  const row: ReportRow = {
    id: deps.newId(),
    firm_id: e.firm_id,
    org_id: e.org_id,
    engagement_id: e.id,
    kind: "bridge-letter",
    version,
    status: "issued",
    pdf_sha256: sha,
    pdf_size: pdf.length,
    pages: await pageCount(pdf),
    covers_until: until,
    manifest_root: null,
    document_sha256: sha256Hex(pdf),
    signed_by: user.userId,
    signed_at: now,
    certificate_fingerprint: null,
    public: 0,
    created_by: user.userId,
    created_at: now,
    updated_at: now,
  };
  await inTransaction(deps, async (trx) => {
    await insertReport(trx, row);
    await recordEvent(trx, deps, actor, {
      action: "report.bridge-letter-issued",
      targetType: "report",
      targetId: row.id,
      firmId: e.firm_id,
      orgId: e.org_id,
      engagementId: e.id,
      after: {
        version,
        coveredReport: covered.id,
        gap: { from: periodEnd, until },
        signer: { name: request.signerName, title: request.signerTitle },
        changes: changes.length,
        incidents: incidents.length,
        noChangesConfirmed: request.noChangesConfirmed,
        documentSha256: row.document_sha256,
      },
    });
  });
  return {
    ...storedReportView(row),
    signer: { name: request.signerName, title: request.signerTitle },
    changes,
    incidents,
  };
};
