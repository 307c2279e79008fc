/**
 * Answering evidence requests: the organization attaches evidence, comments and submits; the
 * auditor accepts or returns (open → submitted → accepted | returned → submitted). Each step is an
 * audit event in its transaction; a return notifies the assignee, a submission the request's author.
 */
import type { Kysely } from "kysely";
import { AppError, invalid } from "../../core/errors.js";
import {
  canMove,
  evidenceEditable,
  formatRef,
  REQUEST_MOVES,
  type RequestMove,
} from "../../core/evidence-requests.js";
import {
  countOrgComments,
  deleteEvidenceLinks,
  insertComment,
  insertEvidenceLinks,
  listEvidenceIds,
  updateRequestIfStatus,
} from "../../db/repositories/requests.js";
import type { DB, EngagementRow } from "../../db/schema.js";
import type { Actor, UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireWrite } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { deliverEmails, notifyUsers, usersWithRoles } from "../notify.js";
import { loadEngagement } from "./engagement-model.js";
import {
  auditTarget,
  COMMENTERS,
  changedMeanwhile,
  type EvidenceChangeInput,
  FIRM_EDITORS,
  loadRequest,
  ORG_ANSWERERS,
  type RequestItem,
  requestLink,
  requireOwnEvidence,
  sideOf,
} from "./request-model.js";
import { getRequest } from "./requests.js";

// ----- the status machine -----

const PAST: Record<RequestMove, string> = { submit: "submitted", accept: "accepted", return: "returned" };

/** Moves a request along open → submitted → accepted | returned (→ submitted again). */
export const moveRequest = async (
  deps: Deps,
  actor: Actor,
  id: string,
  move: RequestMove,
  reason?: string,
) => {
  const user = requireWrite(actor);
  const r = await loadRequest(deps, user, id);
  const rule = REQUEST_MOVES[move];
  const ref = formatRef(r.seq);
  requireEngagementRole(
    user,
    r,
    rule.side === "firm" ? FIRM_EDITORS : ORG_ANSWERERS,
    `${move} evidence requests`,
  );
  if (!canMove(move, r.status)) {
    throw new AppError(
      "CONFLICT",
      `${ref} is ${r.status}; only ${rule.from.join(" or ")} requests can be ${PAST[move]}.`,
    );
  }
  if (move === "submit" && r.evidence_count === 0 && (await countOrgComments(deps.db, r.id)) === 0) {
    throw new AppError(
      "GUARD_FAILED",
      `${ref} has no evidence: attach evidence, or add a comment explaining why there is none, before submitting.`,
    );
  }
  if (move === "return" && !reason) throw invalid("reason: say why the request is returned.");
  const e = await loadEngagement(deps, user, r.engagement_id);
  const now = nowIso(deps);
  const notificationIds = await inTransaction(deps, async (trx) => {
    const moved = await updateRequestIfStatus(trx, r.id, rule.from, {
      status: rule.to,
      updated_at: now,
      ...(move === "submit" ? { submitted_at: now } : {}),
      ...(move === "accept" ? { accepted_at: now } : {}),
    });
    if (!moved) throw changedMeanwhile(r);
    if (move === "return" && reason) {
      await insertComment(trx, {
        id: deps.newId(),
        request_id: r.id,
        firm_id: r.firm_id,
        org_id: r.org_id,
        engagement_id: r.engagement_id,
        author_user_id: user.userId,
        author_side: "firm",
        kind: "return",
        body: reason,
        created_at: now,
      });
    }
    await recordEvent(trx, deps, user, {
      action: `request.${PAST[move]}`,
      targetType: "evidence_request",
      targetId: r.id,
      ...auditTarget(e),
      before: { status: r.status },
      after: { status: rule.to },
      ...(reason ? { note: reason } : {}),
    });
    return notifyMove(trx, deps, user, e, r, move, reason);
  });
  await deliverEmails(deps, notificationIds);
  return (await getRequest(deps, actor, id)).request;
};

/** A return tells the assignee (or the organization's admins when nobody is assigned); a submission tells its author. */
const notifyMove = async (
  trx: Kysely<DB>,
  deps: Deps,
  user: UserActor,
  e: EngagementRow,
  r: RequestItem,
  move: RequestMove,
  reason: string | undefined,
): Promise<string[]> => {
  const ref = formatRef(r.seq);
  const common = { link: requestLink(e.id, r.id), firmId: e.firm_id, orgId: e.org_id };
  if (move === "return") {
    const to = r.assignee_user_id
      ? [r.assignee_user_id]
      : await usersWithRoles(trx, "org", e.org_id, ["org_admin"]);
    return notifyUsers(trx, deps, to, {
      kind: "request.returned",
      title: `${e.name}: ${ref} returned`,
      body: `${user.name} returned the evidence request ${ref} ("${r.what.slice(0, 140)}"): ${reason ?? ""}`,
      ...common,
    });
  }
  if (move === "submit" && r.created_by && r.created_by !== user.userId) {
    return notifyUsers(trx, deps, [r.created_by], {
      kind: "request.submitted",
      title: `${e.name}: ${ref} submitted`,
      body: `${user.name} submitted the evidence request ${ref} for review.`,
      ...common,
    });
  }
  return [];
};

// ----- comments and evidence -----

export const addRequestComment = async (deps: Deps, actor: Actor, id: string, text: string) => {
  const user = requireWrite(actor);
  const r = await loadRequest(deps, user, id);
  requireEngagementRole(user, r, COMMENTERS, "comment on evidence requests");
  const comment = {
    id: deps.newId(),
    request_id: r.id,
    firm_id: r.firm_id,
    org_id: r.org_id,
    engagement_id: r.engagement_id,
    author_user_id: user.userId,
    author_side: sideOf(user, r),
    kind: "comment",
    body: text,
    created_at: nowIso(deps),
  };
  await inTransaction(deps, async (trx) => {
    await insertComment(trx, comment);
    await recordEvent(trx, deps, user, {
      action: "request.commented",
      targetType: "evidence_request",
      targetId: r.id,
      firmId: r.firm_id,
      orgId: r.org_id,
      engagementId: r.engagement_id,
      after: { ref: formatRef(r.seq), commentId: comment.id, text: text.slice(0, 500) },
    });
  });
  return {
    id: comment.id,
    kind: comment.kind,
    side: comment.author_side,
    author: { id: user.userId, name: user.name },
    text,
    createdAt: comment.created_at,
  };
};

/** The organization attaches evidence items to (or detaches them from) a request it holds. */
export const changeRequestEvidence = async (
  deps: Deps,
  actor: Actor,
  id: string,
  input: EvidenceChangeInput,
) => {
  const user = requireWrite(actor);
  const r = await loadRequest(deps, user, id);
  requireEngagementRole(user, r, ORG_ANSWERERS, "attach evidence to requests");
  if (!evidenceEditable(r.status)) {
    throw new AppError(
      "CONFLICT",
      `${formatRef(r.seq)} is ${r.status}; evidence can change only while the request is open or returned.`,
    );
  }
  const attach = [...new Set(input.attach)];
  const detach = [...new Set(input.detach)].filter((d) => !attach.includes(d));
  await requireOwnEvidence(deps.db, r.org_id, attach);
  const before = await listEvidenceIds(deps.db, r.id);
  const adding = attach.filter((a) => !before.includes(a));
  const removing = detach.filter((d) => before.includes(d));
  if (adding.length + removing.length === 0) return (await getRequest(deps, actor, id)).request;
  const now = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    if (!(await updateRequestIfStatus(trx, r.id, ["open", "returned"], { updated_at: now })))
      throw changedMeanwhile(r);
    await insertEvidenceLinks(
      trx,
      adding.map((evidenceId) => ({
        request_id: r.id,
        evidence_id: evidenceId,
        firm_id: r.firm_id,
        org_id: r.org_id,
        engagement_id: r.engagement_id,
        linked_by: user.userId,
        linked_at: now,
      })),
    );
    await deleteEvidenceLinks(trx, r.id, removing);
    await recordEvent(trx, deps, user, {
      action: "request.evidence_changed",
      targetType: "evidence_request",
      targetId: r.id,
      firmId: r.firm_id,
      orgId: r.org_id,
      engagementId: r.engagement_id,
      after: { ref: formatRef(r.seq), attached: adding, detached: removing },
    });
  });
  return (await getRequest(deps, actor, id)).request;
};
