/**
 * Import of a "fieldwork/v1" engagement file. Each part is applied by the people who own it, as in
 * the rest of Fieldwork: the scope, period, boundary and subservice organizations by the firm's
 * partner or engagement manager while the engagement is in Scoping (a new engagement is the firm's
 * to create); the controls, policy metadata and system description by the organization's admin.
 * A part that already matches is left alone; a part that differs but that the actor may not change
 * is reported as skipped, never silently dropped. Everything applied is one transaction with its
 * audit events. Unknown owners, library controls or templates are refused with the field's path.
 */
import { findLibraryControl } from "../../catalog/control-library.js";
import { findPolicyTemplate } from "../../catalog/policy-templates.js";
import { type EngagementDoc, formatDocPath } from "../../core/engagement-yaml.js";
import { forbidden, invalid, notFound } from "../../core/errors.js";
import { insertEngagement, updateEngagement } from "../../db/repositories/engagements.js";
import { findVisibleOrganization } from "../../db/repositories/tenants.js";
import { listTenantMembers } from "../../db/repositories/users.js";
import type { EngagementRow } from "../../db/schema.js";
import { type Actor, rolesIn } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireWrite, scopeOf } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import {
  applyControls,
  applyDescription,
  applyPolicies,
  applySubservice,
  type ImportContext,
  type ImportResult,
} from "./engagement-code-apply.js";
import { engagementDocFromYaml } from "./engagement-code-yaml.js";
import { loadEngagement, parseBoundary, periodCheckOf } from "./engagement-model.js";

const SCOPE_EDITORS = ["partner", "engagement_manager"];

const problem = (path: (string | number)[], message: string) =>
  invalid(`The engagement file is invalid at ${formatDocPath(path)}: ${message}`, [
    { path: formatDocPath(path), message },
  ]);

/** Owners, library controls and templates must exist before anything is written. */
const checkReferences = (doc: EngagementDoc, members: ReadonlyMap<string, string>) => {
  doc.controls.forEach((c, i) => {
    if (c.owner && !members.has(c.owner.toLowerCase()))
      throw problem(
        ["controls", i, "owner"],
        `${c.owner} is not a member of the organization; invite them first.`,
      );
    if (c.libraryId && !findLibraryControl(c.libraryId))
      throw problem(["controls", i, "libraryId"], `'${c.libraryId}' is not a control in the library.`);
  });
  doc.policies.forEach((p, i) => {
    if (p.owner && !members.has(p.owner.toLowerCase()))
      throw problem(
        ["policies", i, "owner"],
        `${p.owner} is not a member of the organization; invite them first.`,
      );
    if (p.templateId && !findPolicyTemplate(p.templateId))
      throw problem(["policies", i, "templateId"], `There is no policy template '${p.templateId}'.`);
  });
};

const scopeRow = (base: EngagementRow, doc: EngagementDoc, now: string): EngagementRow => {
  const e = doc.engagement;
  const row: EngagementRow = {
    ...base,
    name: e.name,
    type: e.type,
    as_of_date: e.type === "type1" ? e.asOfDate : null,
    period_start: e.type === "type2" ? e.periodStart : null,
    period_end: e.type === "type2" ? e.periodEnd : null,
    first_report: e.firstReport ? 1 : 0,
    categories: JSON.stringify(e.categories),
    boundary: JSON.stringify(e.boundary),
    updated_at: now,
  };
  const check = periodCheckOf(row);
  const hasDates =
    row.type === "type1" ? row.as_of_date !== null : row.period_start !== null || row.period_end !== null;
  if (hasDates && !check.ok) {
    throw problem(
      ["engagement", row.type === "type1" ? "asOfDate" : "periodStart"],
      check.errors.map((x) => x.message).join(" "),
    );
  }
  return row;
};

/** A stored scope field in the form the import writes it, so equal content compares equal. */
const normalised = (row: EngagementRow, k: (typeof SCOPE_FIELDS)[number]): string =>
  k === "boundary" ? JSON.stringify(parseBoundary(row.boundary)) : String(row[k]);

/** Creates the engagement, or updates its scope when allowed and different (else reports it skipped). */
const applyScope = async (
  ctx: ImportContext,
  doc: EngagementDoc,
  existing: EngagementRow | undefined,
  refusal: string | null,
) => {
  const { trx, deps, actor, engagement: next, result } = ctx;
  const event = {
    targetType: "engagement",
    targetId: next.id,
    firmId: next.firm_id,
    orgId: next.org_id,
    engagementId: next.id,
  };
  if (!existing) {
    await insertEngagement(trx, next);
    const { name, type, stage } = next;
    const after = { name, type, stage, categories: doc.engagement.categories, source: "yaml" };
    await recordEvent(trx, deps, actor, { action: "engagement.created", ...event, after });
    result.applied.push("engagement");
    return;
  }
  const changed = SCOPE_FIELDS.filter((k) => normalised(next, k) !== normalised(existing, k));
  if (changed.length === 0) {
    result.unchanged.push("engagement");
  } else if (refusal) {
    result.skipped.push({ section: "engagement", reason: `${refusal} Differs: ${changed.join(", ")}.` });
  } else {
    const after = Object.fromEntries(changed.map((k) => [k, next[k]]));
    await updateEngagement(trx, next.id, { ...after, updated_at: ctx.now });
    await recordEvent(trx, deps, actor, {
      action: "engagement.scope_updated",
      ...event,
      before: Object.fromEntries(changed.map((k) => [k, existing[k]])),
      after,
    });
    result.applied.push("engagement");
  }
};

const SCOPE_FIELDS = [
  "name",
  "type",
  "as_of_date",
  "period_start",
  "period_end",
  "first_report",
  "categories",
  "boundary",
] as const;

export const importEngagementYaml = async (
  deps: Deps,
  actor: Actor,
  orgId: string,
  input: { yaml: unknown; engagementId?: string | undefined },
): Promise<ImportResult> => {
  const user = requireWrite(actor);
  const org = await findVisibleOrganization(deps.db, orgId, scopeOf(user));
  if (!org) throw notFound("Organization");
  if (typeof input.yaml !== "string") {
    throw invalid(
      "Send the YAML text as the body, with content-type application/yaml, text/yaml or text/plain.",
    );
  }
  const doc = engagementDocFromYaml(input.yaml);
  const canScope = rolesIn(user, "firm", org.firm_id).some((r) => SCOPE_EDITORS.includes(r));
  const isOrgAdmin = rolesIn(user, "org", org.id).includes("org_admin");
  if (!canScope && !isOrgAdmin) {
    throw forbidden(
      "Only the organization's admin (controls, policies, description) or the firm's partner or engagement manager (scope) can import an engagement file.",
    );
  }
  let existing: EngagementRow | undefined;
  if (input.engagementId) {
    existing = await loadEngagement(deps, user, input.engagementId);
    if (existing.org_id !== org.id) throw notFound("Engagement");
  } else if (!canScope) {
    throw forbidden(
      "The auditing firm creates engagements: ask your partner or engagement manager to import the file first, then import it into that engagement (--engagement ID) to apply your controls, policies and description.",
    );
  }
  const members = new Map(
    (await listTenantMembers(deps.db, "org", org.id)).map((m) => [m.email.toLowerCase(), m.user_id]),
  );
  checkReferences(doc, members);
  const now = nowIso(deps);
  const base: EngagementRow = existing ?? {
    id: deps.newId(),
    firm_id: org.firm_id,
    org_id: org.id,
    name: doc.engagement.name,
    type: doc.engagement.type,
    as_of_date: null,
    period_start: null,
    period_end: null,
    first_report: 1,
    categories: "[]",
    stage: "scoping",
    boundary: "{}",
    engagement_letter_signed_at: null,
    previous_engagement_id: null,
    created_by: user.userId,
    created_at: now,
    updated_at: now,
  };
  const next = scopeRow(base, doc, now);
  const result: ImportResult = {
    engagementId: base.id,
    created: existing === undefined,
    applied: [],
    unchanged: [],
    skipped: [],
    controls: { created: [], updated: [] },
    policies: { created: [], updated: [] },
    warnings: [],
  };
  await inTransaction(deps, async (trx) => {
    const ctx: ImportContext = { deps, actor, trx, user, org, engagement: next, members, now, result };
    const scopeAllowed = canScope && next.stage === "scoping";
    const scopeRefusal = canScope
      ? "The scope is fixed once the engagement has left Scoping."
      : "Only the firm's partner or engagement manager changes the scope.";
    await applyScope(ctx, doc, existing, scopeAllowed ? null : scopeRefusal);
    const subs = await applySubservice(ctx, doc, scopeAllowed ? null : scopeRefusal);
    const orgRefusal = isOrgAdmin
      ? null
      : "Only the organization's admin changes its controls, policies and description.";
    await applyControls(ctx, doc, orgRefusal);
    await applyPolicies(ctx, doc, orgRefusal);
    await applyDescription(ctx, doc, subs, orgRefusal);
    if (result.applied.length > 0) {
      await recordEvent(trx, deps, actor, {
        action: "engagement.code_imported",
        targetType: "engagement",
        targetId: next.id,
        firmId: next.firm_id,
        orgId: next.org_id,
        engagementId: next.id,
        after: { applied: result.applied, skipped: result.skipped.map((s) => s.section) },
      });
    }
  });
  return result;
};
