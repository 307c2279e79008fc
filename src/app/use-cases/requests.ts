/**
 * The evidence request list (PBC list) of an engagement: the auditor creates and edits requests
 * (one by one, or in bulk from an audit program, idempotently), the organization answers them with
 * evidence and comments and submits them, the auditor accepts or returns them. Every change is an
 * audit event in the transaction of the change; assignments and returns notify the assignee.
 */
import type { Kysely } from "kysely";
import { AppError, invalid } from "../../core/errors.js";
import { dedupeKey, formatRef, periodProblem } from "../../core/evidence-requests.js";
import {
  insertRequests,
  listComments,
  listEngagementRequests,
  listEvidenceIds,
  listOrgControlRefs,
  listRequestRows,
  reserveSequence,
  updateRequestIfStatus,
} from "../../db/repositories/requests.js";
import type { DB, EngagementRow } from "../../db/schema.js";
import type { EvidenceRequestsTable } from "../../db/schema-requests.js";
import type { Actor, UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireUser, requireWrite } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { deliverEmails } from "../notify.js";
import { loadEngagement } from "./engagement-model.js";
import {
  assignableUsers,
  auditFields,
  auditTarget,
  type CreateRequestInput,
  canEditRequests,
  changedMeanwhile,
  FIRM_EDITORS,
  loadRequest,
  loadRequestEngagement,
  notifyAssignees,
  ORG_ANSWERERS,
  type RequestFilterInput,
  type RequestItem,
  requestPermissions,
  requestView,
  requireAssignee,
  requireControl,
  type UpdateRequestInput,
} from "./request-model.js";

type NewRequestRow = EvidenceRequestsTable;

// ----- reading -----

export const listRequests = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  filter: RequestFilterInput = {},
) => {
  const user = requireUser(actor);
  const e = await loadRequestEngagement(deps, user, engagementId);
  const assignee =
    filter.assignee === "me" ? user.userId : filter.assignee === "none" ? null : filter.assignee;
  const rows = await listEngagementRequests(deps.db, e.id, {
    status: filter.status,
    assigneeUserId: assignee,
    controlId: filter.control,
  });
  const canEdit = canEditRequests(user, e);
  return {
    requests: rows.map((r) => requestView(r as RequestItem)),
    permissions: { canCreate: canEdit, canImport: canEdit },
  };
};

export const getRequest = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const r = await loadRequest(deps, user, id);
  const [comments, evidenceIds] = await Promise.all([
    listComments(deps.db, r.id),
    listEvidenceIds(deps.db, r.id),
  ]);
  return {
    request: {
      ...requestView(r),
      evidenceIds,
      comments: comments.map((c) => ({
        id: c.id,
        kind: c.kind,
        side: c.author_side,
        author: c.author_user_id ? { id: c.author_user_id, name: c.author_name ?? null } : null,
        text: c.body,
        createdAt: c.created_at,
      })),
    },
    permissions: requestPermissions(user, r),
  };
};

// ----- creating -----

interface ValidatedItem {
  readonly input: CreateRequestInput;
  readonly key: string;
}

/** Checks controls, assignees and periods of new requests; reports every bad item at once. */
const validateNewItems = async (
  deps: Deps,
  e: EngagementRow,
  items: readonly CreateRequestInput[],
  pathOf: (i: number) => string,
): Promise<ValidatedItem[]> => {
  const problems: string[] = [];
  const out: ValidatedItem[] = [];
  const [controls, people] = await Promise.all([
    listOrgControlRefs(deps.db, e.org_id),
    assignableUsers(deps.db, e.org_id),
  ]);
  const controlIds = new Set(controls.map((c) => c.id));
  const userIds = new Set(people.map((u) => u.id));
  for (const [i, item] of items.entries()) {
    const path = pathOf(i);
    if (item.controlId && !controlIds.has(item.controlId)) {
      problems.push(`${path}controlId: there is no control ${item.controlId} in this organization.`);
    }
    if (item.assigneeUserId && !userIds.has(item.assigneeUserId)) {
      problems.push(
        `${path}assigneeUserId: requests can be assigned only to an organization admin or control owner of the client.`,
      );
    }
    const period = periodProblem(item.periodStart ?? null, item.periodEnd ?? null);
    if (period) problems.push(`${path}periodEnd: ${period}.`);
    out.push({
      input: item,
      key: dedupeKey({
        controlId: item.controlId ?? null,
        what: item.what,
        periodStart: item.periodStart ?? null,
        periodEnd: item.periodEnd ?? null,
      }),
    });
  }
  if (problems.length > 0) throw invalid(problems.join(" "), { errors: problems });
  return out;
};

interface CreatedResult {
  readonly id: string;
  readonly ref: string;
  readonly created: boolean;
}

/**
 * Inserts the items that do not exist yet (by idempotency key) under the engagement's counter lock,
 * with their audit events and assignment notifications. Returns one result per item, in order.
 */
const insertNew = async (
  trx: Kysely<DB>,
  deps: Deps,
  user: UserActor,
  e: EngagementRow,
  items: readonly ValidatedItem[],
  note?: string,
): Promise<{ results: CreatedResult[]; notificationIds: string[] }> => {
  await reserveSequence(trx, e, 0);
  const existing = new Map((await listRequestRows(trx, e.id)).map((r) => [r.dedupe_key, r]));
  const fresh = new Map<string, ValidatedItem>();
  for (const item of items) if (!existing.has(item.key) && !fresh.has(item.key)) fresh.set(item.key, item);
  const first = await reserveSequence(trx, e, fresh.size);
  const now = nowIso(deps);
  const rows: NewRequestRow[] = [...fresh.values()].map(({ input, key }, i) => ({
    id: deps.newId(),
    firm_id: e.firm_id,
    org_id: e.org_id,
    engagement_id: e.id,
    seq: first + i,
    control_id: input.controlId ?? null,
    what: input.what,
    period_start: input.periodStart ?? null,
    period_end: input.periodEnd ?? null,
    due_date: input.dueDate ?? null,
    assignee_user_id: input.assigneeUserId ?? null,
    status: "open",
    dedupe_key: key,
    created_by: user.userId,
    created_at: now,
    updated_at: now,
    submitted_at: null,
    accepted_at: null,
  }));
  await insertRequests(trx, rows);
  for (const r of rows) {
    await recordEvent(trx, deps, user, {
      action: "request.created",
      targetType: "evidence_request",
      targetId: r.id,
      ...auditTarget(e),
      after: auditFields(r),
      ...(note ? { note } : {}),
    });
  }
  const byKey = new Map(rows.map((r) => [r.dedupe_key, r]));
  const results = items.map(({ key }) => {
    const made = byKey.get(key);
    if (made) return { id: made.id, ref: formatRef(made.seq), created: true };
    const old = existing.get(key);
    if (!old) throw new AppError("INTERNAL", "A request of the batch was neither created nor found.");
    return { id: old.id, ref: formatRef(Number(old.seq)), created: false };
  });
  // A request that appears twice in one batch is created once.
  const seen = new Set<string>();
  const deduped = results.map((r) => {
    const created = r.created && !seen.has(r.id);
    seen.add(r.id);
    return { ...r, created };
  });
  const notificationIds = await notifyAssignees(
    trx,
    deps,
    user,
    e,
    rows.filter((r) => r.assignee_user_id).map((r) => ({ userId: r.assignee_user_id ?? "", request: r })),
  );
  return { results: deduped, notificationIds };
};

export const createRequest = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  input: CreateRequestInput,
) => {
  const user = requireWrite(actor);
  const e = await loadRequestEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, FIRM_EDITORS, "create evidence requests");
  const [item] = await validateNewItems(deps, e, [input], () => "");
  if (!item) throw new AppError("INTERNAL", "No request to create.");
  const { results, notificationIds } = await inTransaction(deps, async (trx) => {
    const out = await insertNew(trx, deps, user, e, [item]);
    if (!out.results[0]?.created) {
      throw new AppError(
        "CONFLICT",
        `${out.results[0]?.ref} already asks for this (same control, request and period); edit it instead.`,
        { existing: out.results[0] },
      );
    }
    return out;
  });
  await deliverEmails(deps, notificationIds);
  const created = results[0];
  if (!created) throw new AppError("INTERNAL", "No request was created.");
  return (await getRequest(deps, actor, created.id)).request;
};

/**
 * Creates many requests at once, e.g. generated from an audit program. Idempotent on (engagement,
 * control, request text, period): an item that already exists is returned as it is, not changed,
 * so running the same generation twice creates nothing the second time.
 */
export const createRequestsBulk = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  items: readonly CreateRequestInput[],
) => {
  const user = requireWrite(actor);
  const e = await loadRequestEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, FIRM_EDITORS, "create evidence requests");
  if (items.length === 0) return { requests: [], created: 0, existing: 0 };
  if (items.length > 1000) throw invalid("items: send at most 1000 requests at once.");
  const validated = await validateNewItems(deps, e, items, (i) => `items.${i}.`);
  const { results, notificationIds } = await inTransaction(deps, (trx) =>
    insertNew(trx, deps, user, e, validated, "bulk"),
  );
  await deliverEmails(deps, notificationIds);
  const created = results.filter((r) => r.created).length;
  return { requests: results, created, existing: results.length - created };
};

// ----- editing -----

const CONTENT_FIELDS = ["controlId", "what", "periodStart", "periodEnd", "dueDate"] as const;

export const updateRequest = async (deps: Deps, actor: Actor, id: string, input: UpdateRequestInput) => {
  const user = requireWrite(actor);
  const r = await loadRequest(deps, user, id);
  const contentChange = CONTENT_FIELDS.some((f) => input[f] !== undefined);
  if (contentChange) {
    requireEngagementRole(
      user,
      r,
      FIRM_EDITORS,
      "change what a request asks for (the organization can reassign it)",
    );
  } else {
    requireEngagementRole(user, r, [...FIRM_EDITORS, ...ORG_ANSWERERS], "reassign a request");
  }
  if (r.status === "accepted") {
    throw new AppError("CONFLICT", `${formatRef(r.seq)} is accepted and can no longer be changed.`);
  }
  const next = {
    seq: r.seq,
    control_id: input.controlId !== undefined ? input.controlId : r.control_id,
    what: input.what ?? r.what,
    period_start: input.periodStart !== undefined ? input.periodStart : r.period_start,
    period_end: input.periodEnd !== undefined ? input.periodEnd : r.period_end,
    due_date: input.dueDate !== undefined ? input.dueDate : r.due_date,
    assignee_user_id: input.assigneeUserId !== undefined ? input.assigneeUserId : r.assignee_user_id,
  };
  const before = auditFields(r);
  const after = auditFields(next);
  const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => after[k] !== before[k]);
  if (changed.length === 0) return (await getRequest(deps, actor, id)).request;
  if (next.control_id && next.control_id !== r.control_id)
    await requireControl(deps.db, r.org_id, next.control_id, "controlId");
  if (next.assignee_user_id && next.assignee_user_id !== r.assignee_user_id)
    await requireAssignee(deps.db, r.org_id, next.assignee_user_id, "assigneeUserId");
  const period = periodProblem(next.period_start, next.period_end);
  if (period) throw invalid(`periodEnd: ${period}.`);
  const key = dedupeKey({
    controlId: next.control_id,
    what: next.what,
    periodStart: next.period_start,
    periodEnd: next.period_end,
  });
  const e = await loadEngagement(deps, user, r.engagement_id);
  const notificationIds = await inTransaction(deps, async (trx) => {
    await reserveSequence(trx, e, 0);
    const clash = (await listRequestRows(trx, e.id)).find((o) => o.dedupe_key === key && o.id !== r.id);
    if (clash) {
      throw new AppError(
        "CONFLICT",
        `${formatRef(Number(clash.seq))} already asks for this (same control, request and period).`,
      );
    }
    const stillOpen = await updateRequestIfStatus(trx, r.id, [r.status], {
      control_id: next.control_id,
      what: next.what,
      period_start: next.period_start,
      period_end: next.period_end,
      due_date: next.due_date,
      assignee_user_id: next.assignee_user_id,
      dedupe_key: key,
      updated_at: nowIso(deps),
    });
    if (!stillOpen) throw changedMeanwhile(r);
    await recordEvent(trx, deps, user, {
      action: "request.updated",
      targetType: "evidence_request",
      targetId: r.id,
      ...auditTarget(e),
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
    return next.assignee_user_id && changed.includes("assigneeUserId")
      ? notifyAssignees(trx, deps, user, e, [
          {
            userId: next.assignee_user_id,
            request: { id: r.id, seq: r.seq, what: next.what, due_date: next.due_date },
          },
        ])
      : [];
  });
  await deliverEmails(deps, notificationIds);
  return (await getRequest(deps, actor, id)).request;
};
