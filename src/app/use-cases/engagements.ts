/**
 * Engagements and scoping: create, read (with lifecycle state, period validation and category
 * advice), edit the scope and system boundary, subservice organizations, the engagement letter.
 */
import { z } from "zod";
import { CATEGORY_CODES, type CategoryCode } from "../../core/criteria.js";
import { AppError, invalid, notFound } from "../../core/errors.js";
import {
  describeNextStep,
  STAGE_DESCRIPTIONS,
  STAGE_LABELS,
  STAGES,
  stagesFor,
} from "../../core/lifecycle.js";
import { isSector, recommendCategories } from "../../core/scoping.js";
import {
  deleteSubserviceOrg,
  findApprovedQuote,
  insertEngagement,
  insertSubserviceOrg,
  latestQuote,
  listSubserviceOrgs,
  updateEngagement,
} from "../../db/repositories/engagements.js";
import { findFirm, findVisibleOrganization } from "../../db/repositories/tenants.js";
import { findUserById } from "../../db/repositories/users.js";
import type { EngagementRow, QuoteRow } from "../../db/schema.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireUser, requireWrite, rolesOnEngagement, scopeOf } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { loadEngagementFacts } from "./engagement-facts.js";
import {
  EMPTY_HANDLES,
  engagementStage,
  engagementType,
  loadEngagement,
  parseBoundary,
  parseCategories,
  periodCheckOf,
  type SystemBoundary,
} from "./engagement-model.js";
import { quoteView } from "./quotes.js";

export { loadEngagement };

const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date in the form YYYY-MM-DD.");
const CategoriesSchema = z
  .array(z.enum(CATEGORY_CODES))
  .max(5)
  .transform((cs) => CATEGORY_CODES.filter((c) => c === "CC" || cs.includes(c)));
const ListSchema = z.array(z.string().trim().min(1).max(200)).max(100);
const HandlesSchema = z.object({
  personalData: z.boolean(),
  transactionProcessing: z.boolean(),
  uptimeCommitments: z.boolean(),
  confidentialClientData: z.boolean(),
});

export const CreateEngagementSchema = z.object({
  name: z.string().trim().min(1).max(200),
  type: z.enum(["type1", "type2"]),
  asOfDate: DateSchema.optional(),
  periodStart: DateSchema.optional(),
  periodEnd: DateSchema.optional(),
  firstReport: z.boolean().default(true),
  categories: CategoriesSchema.default(["CC"]),
  boundary: z
    .object({
      services: ListSchema.default([]),
      infrastructure: ListSchema.default([]),
      locations: ListSchema.default([]),
      handles: HandlesSchema.default(EMPTY_HANDLES),
    })
    .optional(),
});
export type CreateEngagementInput = z.infer<typeof CreateEngagementSchema>;

export const UpdateScopeSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  type: z.enum(["type1", "type2"]).optional(),
  asOfDate: DateSchema.nullable().optional(),
  periodStart: DateSchema.nullable().optional(),
  periodEnd: DateSchema.nullable().optional(),
  firstReport: z.boolean().optional(),
  categories: CategoriesSchema.optional(),
  services: ListSchema.optional(),
  infrastructure: ListSchema.optional(),
  locations: ListSchema.optional(),
  handles: HandlesSchema.optional(),
});
export type UpdateScopeInput = z.infer<typeof UpdateScopeSchema>;

export const SubserviceOrgSchema = z.object({
  name: z.string().trim().min(1).max(200),
  service: z.string().trim().min(1).max(500),
  method: z.enum(["carve-out", "inclusive"]),
});

const SCOPE_EDITORS = ["partner", "engagement_manager"] as const;

/** Refuses a period that is outside 3–12 months (Type 2) or an invalid as-of date (Type 1). */
const assertPeriod = (row: EngagementRow): void => {
  const check = periodCheckOf(row);
  const hasDates =
    row.type === "type1" ? row.as_of_date !== null : row.period_start !== null || row.period_end !== null;
  if (hasDates && !check.ok) {
    throw invalid(check.errors.map((e) => e.message).join(" "), { errors: check.errors });
  }
};

export const createEngagement = async (
  deps: Deps,
  actor: Actor,
  orgId: string,
  input: CreateEngagementInput,
) => {
  const user = requireWrite(actor);
  const org = await findVisibleOrganization(deps.db, orgId, scopeOf(user));
  if (!org) throw notFound("Organization");
  requireEngagementRole(
    user,
    { firm_id: org.firm_id, org_id: org.id },
    SCOPE_EDITORS,
    "create an engagement",
  );
  const now = nowIso(deps);
  const row: EngagementRow = {
    id: deps.newId(),
    firm_id: org.firm_id,
    org_id: org.id,
    name: input.name,
    type: input.type,
    as_of_date: input.type === "type1" ? (input.asOfDate ?? null) : null,
    period_start: input.type === "type2" ? (input.periodStart ?? null) : null,
    period_end: input.type === "type2" ? (input.periodEnd ?? null) : null,
    first_report: input.firstReport ? 1 : 0,
    categories: JSON.stringify(input.categories),
    stage: "scoping",
    boundary: JSON.stringify(
      input.boundary ?? { services: [], infrastructure: [], locations: [], handles: EMPTY_HANDLES },
    ),
    engagement_letter_signed_at: null,
    previous_engagement_id: null,
    created_by: user.userId,
    created_at: now,
    updated_at: now,
  };
  assertPeriod(row);
  await inTransaction(deps, async (trx) => {
    await insertEngagement(trx, row);
    await recordEvent(trx, deps, actor, {
      action: "engagement.created",
      targetType: "engagement",
      targetId: row.id,
      firmId: row.firm_id,
      orgId: row.org_id,
      engagementId: row.id,
      after: { name: row.name, type: row.type, categories: input.categories, stage: row.stage },
    });
  });
  return { id: row.id };
};

const stageStatuses = (row: EngagementRow) => {
  const type = engagementType(row);
  const path = stagesFor(type);
  const current = path.indexOf(engagementStage(row));
  return STAGES.map((id) => {
    const idx = path.indexOf(id);
    const status = idx === -1 ? "skipped" : idx < current ? "done" : idx === current ? "current" : "upcoming";
    return { id, label: STAGE_LABELS[id], description: STAGE_DESCRIPTIONS[id], status };
  });
};

/** A quote as the engagement page shows it: with the approving partner's name, not only their id. */
const quoteWithApprover = async (deps: Deps, q: QuoteRow | undefined) => {
  if (!q) return null;
  const approver = q.approved_by ? await findUserById(deps.db, q.approved_by) : undefined;
  return { ...quoteView(q), approvedByName: approver?.name ?? null };
};

export const getEngagement = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const row = await loadEngagement(deps, user, id);
  const [org, firm, subs, quote, approved] = await Promise.all([
    findVisibleOrganization(deps.db, row.org_id, { firmIds: [row.firm_id], orgIds: [] }),
    findFirm(deps.db, row.firm_id),
    listSubserviceOrgs(deps.db, row.id),
    latestQuote(deps.db, row.id),
    findApprovedQuote(deps.db, row.id),
  ]);
  const boundary = parseBoundary(row.boundary);
  const facts = await loadEngagementFacts(deps.db, row, todayIso(deps));
  const roles = rolesOnEngagement(user, row);
  const next = describeNextStep(facts);
  const sector = org && isSector(org.sector) ? org.sector : "other";
  const canEdit =
    roles.some((r) => (SCOPE_EDITORS as readonly string[]).includes(r)) && row.stage === "scoping";
  return {
    engagement: {
      id: row.id,
      name: row.name,
      type: engagementType(row),
      asOfDate: row.as_of_date,
      periodStart: row.period_start,
      periodEnd: row.period_end,
      firstReport: row.first_report === 1,
      categories: parseCategories(row.categories),
      stage: engagementStage(row),
      boundary,
      engagementLetterSignedAt: row.engagement_letter_signed_at,
      subserviceOrgs: subs.map((s) => ({ id: s.id, name: s.name, service: s.service, method: s.method })),
      organization: { id: row.org_id, name: org?.name ?? "", sector },
      firm: { id: row.firm_id, name: firm?.name ?? "" },
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    },
    period: periodCheckOf(row),
    recommendations: recommendCategories({ sector, handles: boundary.handles }),
    nextStep: next,
    stages: stageStatuses(row),
    quote: await quoteWithApprover(deps, quote),
    approvedQuote: await quoteWithApprover(deps, approved),
    permissions: {
      roles,
      canEditScope: canEdit,
      canMoveStage: next.allowedRoles.some((r) => roles.includes(r)),
      canApproveQuote: roles.includes("partner"),
      canSignLetter: roles.includes("partner"),
    },
  };
};

export const updateEngagementScope = async (
  deps: Deps,
  actor: Actor,
  id: string,
  input: UpdateScopeInput,
) => {
  const user = requireWrite(actor);
  const row = await loadEngagement(deps, user, id);
  requireEngagementRole(user, row, SCOPE_EDITORS, "change the scope of an engagement");
  if (row.stage !== "scoping") {
    throw new AppError(
      "CONFLICT",
      "The scope is fixed once the engagement has left Scoping. Move it back to Scoping (with a reason) to change it.",
    );
  }
  const boundary: SystemBoundary = parseBoundary(row.boundary);
  const type = input.type ?? engagementType(row);
  const next: EngagementRow = {
    ...row,
    name: input.name ?? row.name,
    type,
    as_of_date: type === "type1" ? (input.asOfDate !== undefined ? input.asOfDate : row.as_of_date) : null,
    period_start:
      type === "type2" ? (input.periodStart !== undefined ? input.periodStart : row.period_start) : null,
    period_end: type === "type2" ? (input.periodEnd !== undefined ? input.periodEnd : row.period_end) : null,
    first_report: input.firstReport === undefined ? row.first_report : input.firstReport ? 1 : 0,
    categories: input.categories ? JSON.stringify(input.categories) : row.categories,
    boundary: JSON.stringify({
      services: input.services ?? boundary.services,
      infrastructure: input.infrastructure ?? boundary.infrastructure,
      locations: input.locations ?? boundary.locations,
      handles: input.handles ?? boundary.handles,
    }),
    updated_at: nowIso(deps),
  };
  assertPeriod(next);
  const changed = (Object.keys(next) as (keyof EngagementRow)[]).filter(
    (k) => k !== "updated_at" && next[k] !== row[k],
  );
  if (changed.length === 0) return { id };
  await inTransaction(deps, async (trx) => {
    await updateEngagement(trx, id, {
      name: next.name,
      type: next.type,
      as_of_date: next.as_of_date,
      period_start: next.period_start,
      period_end: next.period_end,
      first_report: next.first_report,
      categories: next.categories,
      boundary: next.boundary,
      updated_at: next.updated_at,
    });
    await recordEvent(trx, deps, actor, {
      action: "engagement.scope_updated",
      targetType: "engagement",
      targetId: id,
      firmId: row.firm_id,
      orgId: row.org_id,
      engagementId: id,
      before: Object.fromEntries(changed.map((k) => [k, row[k]])),
      after: Object.fromEntries(changed.map((k) => [k, next[k]])),
    });
  });
  return { id };
};

export const addSubserviceOrg = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  input: z.infer<typeof SubserviceOrgSchema>,
) => {
  const user = requireWrite(actor);
  const row = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, row, SCOPE_EDITORS, "change the system boundary");
  const sub = {
    id: deps.newId(),
    engagement_id: row.id,
    firm_id: row.firm_id,
    org_id: row.org_id,
    ...input,
    created_at: nowIso(deps),
  };
  await inTransaction(deps, async (trx) => {
    await insertSubserviceOrg(trx, sub);
    await recordEvent(trx, deps, actor, {
      action: "engagement.subservice_added",
      targetType: "subservice_org",
      targetId: sub.id,
      firmId: row.firm_id,
      orgId: row.org_id,
      engagementId: row.id,
      after: input,
    });
  });
  return { id: sub.id, ...input };
};

export const removeSubserviceOrg = async (deps: Deps, actor: Actor, engagementId: string, subId: string) => {
  const user = requireWrite(actor);
  const row = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, row, SCOPE_EDITORS, "change the system boundary");
  await inTransaction(deps, async (trx) => {
    const subs = await listSubserviceOrgs(trx, row.id);
    const sub = subs.find((s) => s.id === subId);
    if (!sub) throw notFound("Subservice organization");
    await deleteSubserviceOrg(trx, row.id, subId);
    await recordEvent(trx, deps, actor, {
      action: "engagement.subservice_removed",
      targetType: "subservice_org",
      targetId: subId,
      firmId: row.firm_id,
      orgId: row.org_id,
      engagementId: row.id,
      before: { name: sub.name, service: sub.service, method: sub.method },
    });
  });
};

/** The partner records that the client signed the engagement letter (terms, fee, responsibilities). */
export const recordEngagementLetter = async (deps: Deps, actor: Actor, engagementId: string) => {
  const user = requireWrite(actor);
  const row = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, row, ["partner"], "record the signed engagement letter");
  if (row.engagement_letter_signed_at)
    throw new AppError("CONFLICT", "The engagement letter is already recorded.");
  const at = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    await updateEngagement(trx, row.id, { engagement_letter_signed_at: at, updated_at: at });
    await recordEvent(trx, deps, actor, {
      action: "engagement.letter_signed",
      targetType: "engagement",
      targetId: row.id,
      firmId: row.firm_id,
      orgId: row.org_id,
      engagementId: row.id,
      after: { engagementLetterSignedAt: at },
    });
  });
};

export const categoryNames = (cs: readonly CategoryCode[]): string => cs.join(", ");
