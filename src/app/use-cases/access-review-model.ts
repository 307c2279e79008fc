/**
 * What the access review use-cases share: input schemas, who may do what, loading a campaign,
 * system or task the actor can see, the API views, and keeping a campaign's status in step with
 * its entries and tasks.
 *
 * Access: the organization's admins and control owners manage campaigns (create, add systems, import
 * accounts, launch, remind); reviewers decide the entries routed to them (an admin may decide any);
 * the system owner closes revocation tasks; only an organization admin signs off. The auditing
 * firm's partners, managers and staff read everything; employees see nothing (FORBIDDEN).
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import {
  type CampaignStatus,
  DECISIONS,
  type Decision,
  type EntryFacts,
  isComplete,
  isOverdue,
  nextCampaignDue,
  progressOf,
  SCHEDULES,
  type Schedule,
} from "../../core/access-review.js";
import { AppError, notFound } from "../../core/errors.js";
import type { Role } from "../../core/roles.js";
import {
  findVisibleCampaign,
  findVisibleSystem,
  findVisibleTask,
  listEntries,
  listTasks,
  updateCampaignIfStatus,
} from "../../db/repositories/access-reviews.js";
import { listTenantMembers } from "../../db/repositories/users.js";
import type { DB } from "../../db/schema.js";
import type {
  AccessReviewCampaignRow,
  AccessReviewEntryRow,
  AccessReviewTaskRow,
} from "../../db/schema-access-reviews.js";
import { rolesIn, type UserActor } from "../actor.js";
import { requireEngagementRole, scopeOf } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { ACCOUNT_FORMATS } from "./access-review-accounts.js";
import { EVIDENCE_READERS, EvidenceDateSchema, loadEvidenceOrg } from "./evidence-model.js";

export const REVIEW_READERS: readonly Role[] = EVIDENCE_READERS;
export const REVIEW_MANAGERS: readonly Role[] = ["org_admin", "control_owner"];
export const REVIEW_SIGNERS: readonly Role[] = ["org_admin"];

const Name = z.string().trim().min(1).max(200);
const Id = z.string().trim().min(1).max(100);

export const CreateCampaignSchema = z.object({
  name: Name,
  dueDate: EvidenceDateSchema,
  schedule: z.enum(SCHEDULES).default("quarterly"),
  systems: z
    .array(z.object({ name: Name, ownerUserId: Id }))
    .max(50)
    .default([]),
});
export type CreateCampaignInput = z.input<typeof CreateCampaignSchema>;

export const UpdateCampaignSchema = z.object({
  name: Name.optional(),
  dueDate: EvidenceDateSchema.optional(),
  schedule: z.enum(SCHEDULES).optional(),
});
export type UpdateCampaignInput = z.infer<typeof UpdateCampaignSchema>;

export const AddSystemSchema = z.object({ name: Name, ownerUserId: Id });

export const ImportAccountsSchema = z.object({
  format: z.enum(ACCOUNT_FORMATS),
  /** The export's text (the browser reads the file as text; the CLI sends it as it is). */
  content: z.string().min(1).max(5_000_000),
});
export type ImportAccountsInput = z.infer<typeof ImportAccountsSchema>;

export const DecideSchema = z.object({
  entryIds: z.array(Id).min(1).max(1000),
  decision: z.enum(DECISIONS),
  reason: z.string().trim().max(2000).optional(),
  newEntitlements: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
});
export type DecideInput = z.infer<typeof DecideSchema>;

export const CloseTaskSchema = z
  .object({
    evidenceId: Id.optional(),
    note: z.string().trim().max(5000).optional(),
  })
  .refine((v) => v.evidenceId !== undefined || (v.note ?? "").length >= 10, {
    message:
      "Give evidence of removal: an evidence item id, or a note of at least 10 characters saying how and when the access was removed.",
    path: ["evidenceId"],
  });
export type CloseTaskInput = z.infer<typeof CloseTaskSchema>;

export const ListFilterSchema = z.object({
  status: z.enum(["draft", "open", "completed", "signed_off"]).optional(),
  overdue: z.enum(["true", "false"]).optional(),
});
export type ListFilter = z.infer<typeof ListFilterSchema>;

export const ExportSchema = z.object({
  format: z.enum(["csv", "json"]).default("csv"),
  campaign: Id.optional(),
});

// ---- loading ----

export const loadReviewOrg = (
  deps: Deps,
  user: UserActor,
  orgId: string,
  roles = REVIEW_READERS,
  action = "see access reviews",
) => loadEvidenceOrg(deps, user, orgId, roles, action);

const tenantOf = (row: { firm_id: string; org_id: string }) => ({ firm_id: row.firm_id, org_id: row.org_id });

export const loadCampaign = async (
  deps: Pick<Deps, "db">,
  user: UserActor,
  id: string,
  roles: readonly Role[] = REVIEW_READERS,
  action = "see access reviews",
): Promise<AccessReviewCampaignRow> => {
  const c = await findVisibleCampaign(deps.db, id, scopeOf(user));
  if (!c) throw notFound("Access review campaign");
  requireEngagementRole(user, tenantOf(c), REVIEW_READERS, "see access reviews");
  if (roles !== REVIEW_READERS) requireEngagementRole(user, tenantOf(c), roles, action);
  return c;
};

export const loadSystem = async (deps: Pick<Deps, "db">, user: UserActor, id: string) => {
  const s = await findVisibleSystem(deps.db, id, scopeOf(user));
  if (!s) throw notFound("Access review system");
  return s;
};

export const loadTask = async (deps: Pick<Deps, "db">, user: UserActor, id: string) => {
  const t = await findVisibleTask(deps.db, id, scopeOf(user));
  if (!t) throw notFound("Revocation task");
  requireEngagementRole(user, tenantOf(t), REVIEW_READERS, "see access reviews");
  return t;
};

export const hasOrgRole = (user: UserActor, orgId: string, roles: readonly Role[]): boolean =>
  rolesIn(user, "org", orgId).some((r) => roles.includes(r));

/** Signed-off campaigns are evidence: nothing about them changes. */
export const requireChangeable = (c: AccessReviewCampaignRow): void => {
  if (c.status === "signed_off") {
    throw new AppError(
      "CONFLICT",
      `"${c.name}" was signed off on ${c.signed_off_at?.slice(0, 10) ?? "an earlier date"}; a signed-off access review can no longer change.`,
    );
  }
};

export const changedMeanwhile = (c: AccessReviewCampaignRow): AppError =>
  new AppError("CONFLICT", `"${c.name}" changed while you were working; reload it and try again.`);

// ---- people ----

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: string;
}

/** The organization's admins and control owners (who own systems and review access). */
export const orgReviewers = async (db: Kysely<DB>, orgId: string): Promise<Person[]> => {
  const members = await listTenantMembers(db, "org", orgId);
  const out = new Map<string, Person>();
  for (const m of members) {
    if (!REVIEW_MANAGERS.includes(m.role as Role)) continue;
    const existing = out.get(m.user_id);
    // An admin who is also a control owner is listed once, as an admin.
    if (!existing || m.role === "org_admin")
      out.set(m.user_id, { id: m.user_id, name: m.name, email: m.email, role: m.role });
  }
  return [...out.values()];
};

export const personRef = (people: ReadonlyMap<string, Person>, id: string | null) =>
  id === null ? null : { id, name: people.get(id)?.name ?? "Former member" };

// ---- views ----

export const entryFacts = (rows: readonly AccessReviewEntryRow[]): EntryFacts[] =>
  rows.map((r) => ({
    systemId: r.system_id,
    reviewerUserId: r.reviewer_user_id,
    decision: r.decision as Decision | null,
  }));

export const parseList = (json: string | null): string[] => (json ? (JSON.parse(json) as string[]) : []);

export const campaignView = (
  c: AccessReviewCampaignRow,
  counts: { total: number; decided: number; openTasks: number },
  today: string,
  people: ReadonlyMap<string, Person>,
) => ({
  id: c.id,
  orgId: c.org_id,
  name: c.name,
  status: c.status as CampaignStatus,
  dueDate: c.due_date,
  schedule: c.schedule as Schedule,
  nextDueDate: nextCampaignDue(c.due_date, c.schedule as Schedule),
  overdue: isOverdue({ status: c.status as CampaignStatus, dueDate: c.due_date }, today),
  launchedAt: c.launched_at,
  completedAt: c.completed_at,
  signedOffAt: c.signed_off_at,
  signedOffBy: personRef(people, c.signed_off_by),
  evidenceId: c.evidence_id,
  resultSha256: c.result_sha256,
  lastReminderAt: c.last_reminder_at,
  progress: {
    total: counts.total,
    decided: counts.decided,
    percent: counts.total === 0 ? 0 : Math.floor((counts.decided * 100) / counts.total),
  },
  openTasks: counts.openTasks,
  createdAt: c.created_at,
});

export const auditTarget = (c: AccessReviewCampaignRow) => ({
  targetType: "access_review",
  targetId: c.id,
  firmId: c.firm_id,
  orgId: c.org_id,
});

/**
 * Moves an open campaign to completed when every entry is decided and every revocation task is
 * closed, and a completed one back to open when that stops being true. Inside the caller's transaction.
 */
export const refreshStatus = async (
  trx: Kysely<DB>,
  deps: Pick<Deps, "clock">,
  c: AccessReviewCampaignRow,
): Promise<CampaignStatus> => {
  if (c.status !== "open" && c.status !== "completed") return c.status as CampaignStatus;
  const [entries, tasks] = await Promise.all([listEntries(trx, c.id), listTasks(trx, c.id)]);
  const complete = isComplete(
    entryFacts(entries),
    tasks.map((t: AccessReviewTaskRow) => ({ status: t.status as "open" | "closed" | "cancelled" })),
  );
  const next: CampaignStatus = complete ? "completed" : "open";
  if (next !== c.status) {
    const now = nowIso(deps);
    const ok = await updateCampaignIfStatus(trx, c.id, [c.status], {
      status: next,
      completed_at: complete ? now : null,
      updated_at: now,
    });
    if (!ok) throw changedMeanwhile(c);
  }
  return next;
};

export const progressOfRows = (rows: readonly AccessReviewEntryRow[]) => progressOf(entryFacts(rows));
