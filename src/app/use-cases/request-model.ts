/**
 * Shared pieces of the evidence request use-cases: input schemas, who may do what, loading a
 * request the actor can see, checking controls and assignees against the organization, the API
 * shapes, and the notifications a request sends.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { AppError, invalid, notFound } from "../../core/errors.js";
import {
  formatRef,
  isCalendarDate,
  normaliseText,
  REQUEST_STATUSES,
  type RequestStatus,
  textProblem,
} from "../../core/evidence-requests.js";
import type { Role } from "../../core/roles.js";
import {
  findOrgControlRef,
  findOrgEvidenceIds,
  findVisibleRequest,
  listOrgUsersWithRoles,
  type RequestListItem,
} from "../../db/repositories/requests.js";
import type { DB, EngagementRow } from "../../db/schema.js";
import type { UserActor } from "../actor.js";
import { requireEngagementRole, rolesOnEngagement, scopeOf } from "../authz.js";
import type { Deps } from "../deps.js";
import { notifyUsers } from "../notify.js";
import { loadEngagement } from "./engagement-model.js";

/** The auditing firm's engagement team: creates, edits, accepts and returns requests. */
export const FIRM_EDITORS = ["partner", "engagement_manager", "staff_auditor"] as const satisfies Role[];
/** The organization's people who answer requests (employees see none). */
export const ORG_ANSWERERS = ["org_admin", "control_owner"] as const satisfies Role[];
export const READERS: readonly Role[] = [...FIRM_EDITORS, "firm_admin", ...ORG_ANSWERERS];
export const COMMENTERS: readonly Role[] = [...FIRM_EDITORS, ...ORG_ANSWERERS];

// ----- input schemas -----

export const IdSchema = z.string().trim().min(1).max(100);
export const DateSchema = z.string().refine(isCalendarDate, "Use a real date in the form YYYY-MM-DD.");

export const textSchema = (max: number) =>
  z
    .string()
    .transform(normaliseText)
    .pipe(
      z
        .string()
        .min(1, "Must not be empty.")
        .max(max)
        .refine((s) => textProblem(s) === null, "Contains a control character that cannot be stored."),
    );

export const RequestTextSchema = textSchema(2000);
export const CommentTextSchema = textSchema(5000);

export const CreateRequestSchema = z.object({
  controlId: IdSchema.nullable().optional(),
  what: RequestTextSchema,
  periodStart: DateSchema.nullable().optional(),
  periodEnd: DateSchema.nullable().optional(),
  dueDate: DateSchema.nullable().optional(),
  assigneeUserId: IdSchema.nullable().optional(),
});
export type CreateRequestInput = z.output<typeof CreateRequestSchema>;

export const BulkRequestsSchema = z.object({ items: z.array(CreateRequestSchema).min(1).max(1000) });

export const UpdateRequestSchema = z.object({
  controlId: IdSchema.nullable().optional(),
  what: RequestTextSchema.optional(),
  periodStart: DateSchema.nullable().optional(),
  periodEnd: DateSchema.nullable().optional(),
  dueDate: DateSchema.nullable().optional(),
  assigneeUserId: IdSchema.nullable().optional(),
});
export type UpdateRequestInput = z.output<typeof UpdateRequestSchema>;

export const RequestFilterSchema = z.object({
  status: z.enum(REQUEST_STATUSES).optional(),
  /** A user id, "me" or "none". */
  assignee: z.string().trim().min(1).max(100).optional(),
  control: IdSchema.optional(),
});
export type RequestFilterInput = z.output<typeof RequestFilterSchema>;

export const CommentSchema = z.object({ text: CommentTextSchema });
export const ReturnSchema = z.object({ reason: CommentTextSchema });

export const EvidenceChangeSchema = z
  .object({
    attach: z.array(IdSchema).max(100).default([]),
    detach: z.array(IdSchema).max(100).default([]),
  })
  .refine((v) => v.attach.length + v.detach.length > 0, "Name evidence items to attach or detach.");
export type EvidenceChangeInput = z.output<typeof EvidenceChangeSchema>;

// ----- loading and roles -----

export type RequestItem = RequestListItem & { status: RequestStatus };

const asItem = (r: RequestListItem): RequestItem => r as RequestItem;

/** The request if the actor may see it: NOT_FOUND outside the actor's tenants, FORBIDDEN for employees. */
export const loadRequest = async (deps: Deps, user: UserActor, id: string): Promise<RequestItem> => {
  const r = await findVisibleRequest(deps.db, id, scopeOf(user));
  if (!r) throw notFound("Evidence request");
  requireEngagementRole(user, r, READERS, "see evidence requests");
  return asItem(r);
};

/** The engagement, if the actor may see its request list. */
export const loadRequestEngagement = async (
  deps: Deps,
  user: UserActor,
  engagementId: string,
): Promise<EngagementRow> => {
  const e = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, READERS, "see evidence requests");
  return e;
};

/** Which side of the engagement the actor acts for, given the roles allowed. */
export const sideOf = (user: UserActor, e: { firm_id: string; org_id: string }): "firm" | "org" => {
  const roles = rolesOnEngagement(user, e);
  return roles.some((r) => (FIRM_EDITORS as readonly Role[]).includes(r) || r === "firm_admin")
    ? "firm"
    : "org";
};

const hasAny = (user: UserActor, e: { firm_id: string; org_id: string }, roles: readonly Role[]) =>
  rolesOnEngagement(user, e).some((r) => roles.includes(r));

/** Whether the actor is on the auditing team that creates and edits the engagement's requests. */
export const canEditRequests = (user: UserActor, e: { firm_id: string; org_id: string }): boolean =>
  hasAny(user, e, FIRM_EDITORS);

// ----- the organization's controls and people -----

export const requireControl = async (db: Kysely<DB>, orgId: string, controlId: string, path: string) => {
  const control = await findOrgControlRef(db, orgId, controlId);
  if (!control) throw invalid(`${path}: there is no control ${controlId} in this organization.`);
  return control;
};

export const assignableUsers = (db: Kysely<DB>, orgId: string) =>
  listOrgUsersWithRoles(db, orgId, ORG_ANSWERERS);

export const requireAssignee = async (db: Kysely<DB>, orgId: string, userId: string, path: string) => {
  const user = (await assignableUsers(db, orgId)).find((u) => u.id === userId);
  if (!user) {
    throw invalid(
      `${path}: requests can be assigned only to an organization admin or control owner of the client.`,
    );
  }
  return user;
};

/** Evidence items attached to a request must be the request's organization's own. */
export const requireOwnEvidence = async (
  db: Kysely<DB>,
  orgId: string,
  evidenceIds: readonly string[],
): Promise<void> => {
  const found = new Set(await findOrgEvidenceIds(db, orgId, evidenceIds));
  const missing = evidenceIds.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw invalid(
      `attach: ${missing.join(", ")} ${missing.length === 1 ? "is not an evidence item" : "are not evidence items"} of this organization.`,
      { missing },
    );
  }
};

// ----- audit -----

export const auditTarget = (e: { firm_id: string; org_id: string; id: string }) => ({
  firmId: e.firm_id,
  orgId: e.org_id,
  engagementId: e.id,
});

/** The stored fields of a request as the audit trail records them. */
export const auditFields = (r: {
  seq: number;
  control_id: string | null;
  what: string;
  period_start: string | null;
  period_end: string | null;
  due_date: string | null;
  assignee_user_id: string | null;
}) => ({
  ref: formatRef(r.seq),
  controlId: r.control_id,
  what: r.what,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  dueDate: r.due_date,
  assigneeUserId: r.assignee_user_id,
});

export const changedMeanwhile = (r: { seq: number }) =>
  new AppError(
    "CONFLICT",
    `${formatRef(r.seq)} was changed by someone else meanwhile; reload it and try again.`,
  );

// ----- views -----

export const requestView = (r: RequestItem) => ({
  id: r.id,
  ref: formatRef(r.seq),
  engagementId: r.engagement_id,
  control: r.control_id
    ? { id: r.control_id, code: r.control_code ?? null, title: r.control_title ?? null }
    : null,
  what: r.what,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  dueDate: r.due_date,
  assignee: r.assignee_user_id
    ? { id: r.assignee_user_id, name: r.assignee_name ?? null, email: r.assignee_email ?? null }
    : null,
  status: r.status,
  evidenceCount: r.evidence_count,
  commentCount: r.comment_count,
  lastComment: r.last_comment ?? null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  submittedAt: r.submitted_at,
  acceptedAt: r.accepted_at,
});
export type RequestView = ReturnType<typeof requestView>;

export const requestPermissions = (user: UserActor, r: RequestItem) => {
  const firm = hasAny(user, r, FIRM_EDITORS);
  const org = hasAny(user, r, ORG_ANSWERERS);
  return {
    canEdit: firm && r.status !== "accepted",
    canReassign: (firm || org) && r.status !== "accepted",
    canSubmit: org && (r.status === "open" || r.status === "returned"),
    canAccept: firm && r.status === "submitted",
    canReturn: firm && r.status === "submitted",
    canComment: firm || org,
    canChangeEvidence: org && (r.status === "open" || r.status === "returned"),
  };
};

// ----- notifications -----

export const requestLink = (engagementId: string, requestId: string) =>
  `/engagements/${engagementId}/requests?open=${requestId}`;

interface Assigned {
  readonly id: string;
  readonly seq: number;
  readonly what: string;
  readonly due_date: string | null;
}

const excerpt = (s: string, n = 140) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Tells each new assignee what they were given (one notification per person). */
export const notifyAssignees = async (
  trx: Kysely<DB>,
  deps: Deps,
  actor: UserActor,
  e: EngagementRow,
  assignments: readonly { userId: string; request: Assigned }[],
): Promise<string[]> => {
  const byUser = new Map<string, Assigned[]>();
  for (const a of assignments) {
    if (a.userId === actor.userId) continue;
    byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a.request]);
  }
  const ids: string[] = [];
  for (const [userId, requests] of byUser) {
    const [first] = requests;
    if (!first) continue;
    const single = requests.length === 1;
    ids.push(
      ...(await notifyUsers(trx, deps, [userId], {
        kind: "request.assigned",
        title: single
          ? `${e.name}: ${formatRef(first.seq)} assigned to you`
          : `${e.name}: ${requests.length} evidence requests assigned to you`,
        body: single
          ? `${actor.name} assigned you the evidence request ${formatRef(first.seq)}: "${excerpt(first.what)}".${first.due_date ? ` Due ${first.due_date}.` : ""}`
          : `${actor.name} assigned you ${requests.map((r) => formatRef(r.seq)).join(", ")}.`,
        link: single ? requestLink(e.id, first.id) : `/engagements/${e.id}/requests`,
        firmId: e.firm_id,
        orgId: e.org_id,
      })),
    );
  }
  return ids;
};
