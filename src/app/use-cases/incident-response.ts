/**
 * Responding to an incident: the timeline, notifications sent per clock, the post-incident review
 * with its actions (tasks with owners and due dates), and closure. Closing requires the review and
 * every action done or explicitly accepted, and produces the closure record as generated evidence
 * for CC7.3–CC7.5. Every change is an audit event on the incident (its history).
 */
import type { z } from "zod";
import { AppError, invalid } from "../../core/errors.js";
import { CLOCK_RULES, isClockId } from "../../core/incident-clocks.js";
import { closureProblems, formatIncidentRef, INCIDENT_CRITERIA } from "../../core/incidents.js";
import {
  insertAction,
  insertNotificationSent,
  insertTimelineEntry,
  listActions,
  listNotificationsSent,
  listTimeline,
  updateAction,
  updateIncident,
} from "../../db/repositories/incidents.js";
import type { Actor, UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireWrite } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { deliverEmails, notifyUsers } from "../notify.js";
import { insertGeneratedEvidence, writeGeneratedBlob } from "./evidence-generated.js";
import {
  INCIDENT_WRITERS,
  incidentView,
  loadIncident,
  type NewActionSchema,
  type NotificationSentSchema,
  type ReviewSchema,
  requireOrgPerson,
  type TimelineEntrySchema,
  type UpdateActionSchema,
} from "./incident-model.js";
import { getIncident } from "./incidents.js";

type IncidentRow = Awaited<ReturnType<typeof loadIncident>>;

/** Loads an open (not closed) incident for a change by a writer. */
const loadForChange = async (deps: Deps, user: UserActor, id: string, action: string) => {
  const r = await loadIncident(deps, user, id, INCIDENT_WRITERS, action);
  if (r.status === "closed") {
    throw new AppError("CONFLICT", "The incident is closed and its record is evidence; it cannot change.");
  }
  return r;
};

/** Runs a change to an incident's children in one transaction, bumping the incident so closure sees it. */
const changeIncident = async (
  deps: Deps,
  user: UserActor,
  r: IncidentRow,
  event: { action: string; after: unknown; before?: unknown },
  work: (trx: Parameters<Parameters<typeof inTransaction>[1]>[0]) => Promise<void>,
  patch: Record<string, unknown> = {},
) =>
  inTransaction(deps, async (trx) => {
    if (!(await updateIncident(trx, r.id, r.org_id, r.updated_at, { ...patch, updated_at: nowIso(deps) }))) {
      throw new AppError("CONFLICT", "Someone else changed the incident meanwhile; reload it and try again.");
    }
    await work(trx);
    await recordEvent(trx, deps, user, {
      action: event.action,
      targetType: "incident",
      targetId: r.id,
      firmId: r.firm_id,
      orgId: r.org_id,
      ...(event.before !== undefined ? { before: event.before } : {}),
      after: event.after,
    });
  });

const notInFuture = (deps: Deps, iso: string, field: string) => {
  if (Date.parse(iso) > deps.clock().getTime() + 5 * 60_000)
    throw invalid(`${field}: cannot be in the future.`);
};

export const addTimelineEntry = async (
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof TimelineEntrySchema>,
) => {
  const user = requireWrite(actor);
  const r = await loadForChange(deps, user, id, "add to an incident's timeline");
  notInFuture(deps, input.at, "at");
  const row = {
    id: deps.newId(),
    incident_id: r.id,
    firm_id: r.firm_id,
    org_id: r.org_id,
    at: input.at,
    phase: input.phase,
    note: input.note,
    author_user_id: user.userId,
    created_at: nowIso(deps),
  };
  await changeIncident(
    deps,
    user,
    r,
    { action: "incident.timeline_added", after: { at: row.at, phase: row.phase, note: row.note } },
    async (trx) => {
      await insertTimelineEntry(trx, row);
    },
  );
  return getIncident(deps, actor, id);
};

export const recordNotificationSent = async (
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof NotificationSentSchema>,
) => {
  const user = requireWrite(actor);
  const r = await loadForChange(deps, user, id, "record notifications");
  if (!isClockId(input.clock)) {
    throw invalid(
      `clock: unknown clock "${input.clock}"; use one of ${CLOCK_RULES.map((c) => c.id).join(", ")}.`,
    );
  }
  const sent = await listNotificationsSent(deps.db, [r.id], r.org_id);
  const clock = incidentView(r, sent, deps.clock()).clocks.find((c) => c.id === input.clock);
  if (!clock) throw invalid(`clock: the ${input.clock} clock does not apply to this incident's facts.`);
  if (input.sentAt < r.aware_at)
    throw invalid("sentAt: a notification cannot precede awareness of the incident.");
  notInFuture(deps, input.sentAt, "sentAt");
  const row = {
    id: deps.newId(),
    incident_id: r.id,
    firm_id: r.firm_id,
    org_id: r.org_id,
    clock: input.clock,
    recipient: input.recipient ?? clock.recipient,
    sent_at: input.sentAt,
    reference: input.reference,
    recorded_by: user.userId,
    created_at: nowIso(deps),
  };
  await changeIncident(
    deps,
    user,
    r,
    {
      action: "incident.notification_recorded",
      after: { clock: row.clock, recipient: row.recipient, sentAt: row.sent_at, reference: row.reference },
    },
    async (trx) => {
      await insertNotificationSent(trx, row);
    },
  );
  return getIncident(deps, actor, id);
};

export const recordReview = async (
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof ReviewSchema>,
) => {
  const user = requireWrite(actor);
  const r = await loadForChange(deps, user, id, "record the post-incident review");
  const now = nowIso(deps);
  await changeIncident(
    deps,
    user,
    r,
    {
      action: "incident.review_recorded",
      before: { rootCause: r.root_cause, lessons: r.lessons },
      after: { rootCause: input.rootCause, lessons: input.lessons },
    },
    async () => {},
    {
      root_cause: input.rootCause,
      lessons: input.lessons,
      review_completed_at: now,
      review_completed_by: user.userId,
    },
  );
  return getIncident(deps, actor, id);
};

const notifyActionOwner = (
  trx: Parameters<Parameters<typeof inTransaction>[1]>[0],
  deps: Deps,
  user: UserActor,
  r: IncidentRow,
  ownerId: string,
  title: string,
) =>
  ownerId === user.userId
    ? Promise.resolve([] as string[])
    : notifyUsers(trx, deps, [ownerId], {
        kind: "incident.action",
        title: `Post-incident action for ${formatIncidentRef(Number(r.seq))}`,
        body: `${user.name} assigned you: ${title}`,
        link: `/incidents/${r.id}`,
        firmId: r.firm_id,
        orgId: r.org_id,
      });

export const addAction = async (
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof NewActionSchema>,
) => {
  const user = requireWrite(actor);
  const r = await loadForChange(deps, user, id, "add post-incident actions");
  await requireOrgPerson(deps.db, r.org_id, input.ownerUserId, "ownerUserId");
  const now = nowIso(deps);
  const row = {
    id: deps.newId(),
    incident_id: r.id,
    firm_id: r.firm_id,
    org_id: r.org_id,
    title: input.title,
    owner_user_id: input.ownerUserId,
    due_date: input.dueDate ?? null,
    status: "open",
    resolution_note: "",
    done_at: null,
    created_by: user.userId,
    created_at: now,
    updated_at: now,
  };
  let notificationIds: string[] = [];
  await changeIncident(
    deps,
    user,
    r,
    {
      action: "incident.action_added",
      after: { actionId: row.id, title: row.title, owner: row.owner_user_id, dueDate: row.due_date },
    },
    async (trx) => {
      await insertAction(trx, row);
      notificationIds = await notifyActionOwner(trx, deps, user, r, input.ownerUserId, input.title);
    },
  );
  await deliverEmails(deps, notificationIds);
  return getIncident(deps, actor, id);
};

export const updateIncidentAction = async (
  deps: Deps,
  actor: Actor,
  id: string,
  actionId: string,
  input: z.output<typeof UpdateActionSchema>,
) => {
  const user = requireWrite(actor);
  const r = await loadForChange(deps, user, id, "update post-incident actions");
  const actions = await listActions(deps.db, [r.id], r.org_id);
  const a = actions.find((x) => x.id === actionId);
  if (!a) throw new AppError("NOT_FOUND", "Action not found.");
  if (input.status === "accepted" && !input.note) {
    throw invalid(
      "note: say why the action is accepted without being done (who accepted the remaining risk).",
    );
  }
  if (input.ownerUserId) await requireOrgPerson(deps.db, r.org_id, input.ownerUserId, "ownerUserId");
  const now = nowIso(deps);
  const patch = {
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.ownerUserId !== undefined ? { owner_user_id: input.ownerUserId } : {}),
    ...(input.dueDate !== undefined ? { due_date: input.dueDate } : {}),
    ...(input.status !== undefined
      ? { status: input.status, done_at: input.status === "open" ? null : todayIso(deps) }
      : {}),
    ...(input.note !== undefined ? { resolution_note: input.note } : {}),
  };
  let notificationIds: string[] = [];
  await changeIncident(
    deps,
    user,
    r,
    {
      action: "incident.action_updated",
      before: {
        actionId: a.id,
        title: a.title,
        owner: a.owner_user_id,
        dueDate: a.due_date,
        status: a.status,
      },
      after: { actionId: a.id, ...patch },
    },
    async (trx) => {
      await updateAction(trx, a.id, r.id, r.org_id, { ...patch, updated_at: now });
      if (input.ownerUserId && input.ownerUserId !== a.owner_user_id) {
        notificationIds = await notifyActionOwner(
          trx,
          deps,
          user,
          r,
          input.ownerUserId,
          input.title ?? a.title,
        );
      }
    },
  );
  await deliverEmails(deps, notificationIds);
  return getIncident(deps, actor, id);
};

/** Closes a resolved incident whose review is recorded; stores the closure record as evidence. */
export const closeIncident = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireWrite(actor);
  const r = await loadIncident(deps, user, id, INCIDENT_WRITERS, "close incidents");
  const [actions, timeline, sent] = await Promise.all([
    listActions(deps.db, [r.id], r.org_id),
    listTimeline(deps.db, r.id, r.org_id),
    listNotificationsSent(deps.db, [r.id], r.org_id),
  ]);
  const problems = closureProblems({
    status: r.status,
    rootCause: r.root_cause,
    lessons: r.lessons,
    reviewCompletedAt: r.review_completed_at,
    actions,
  });
  if (problems.length > 0) {
    throw new AppError(r.status === "closed" ? "CONFLICT" : "GUARD_FAILED", problems.join(" "), { problems });
  }
  const now = nowIso(deps);
  const view = incidentView(r, sent, deps.clock());
  const record = {
    kind: "fieldwork.incident-closure",
    closedAt: now,
    closedBy: user.name,
    incident: { ...view, status: "closed", closedAt: now },
    timeline: timeline.map((t) => ({ at: t.at, phase: t.phase, note: t.note, by: t.author_name })),
    notifications: sent.map((n) => ({
      clock: n.clock,
      recipient: n.recipient,
      sentAt: n.sent_at,
      reference: n.reference,
    })),
    postIncidentReview: { rootCause: r.root_cause, lessons: r.lessons, completedAt: r.review_completed_at },
    actions: actions.map((a) => ({
      title: a.title,
      owner: a.owner_name,
      dueDate: a.due_date,
      status: a.status,
      note: a.resolution_note,
      doneAt: a.done_at,
    })),
  };
  const bytes = Buffer.from(`${JSON.stringify(record, null, 2)}\n`);
  const blob = await writeGeneratedBlob(deps, r.org_id, bytes);
  const ref = formatIncidentRef(Number(r.seq));
  await inTransaction(deps, async (trx) => {
    const item = await insertGeneratedEvidence(trx, deps, user, r.org_id, blob, {
      title: `${ref} closure record: ${r.title}`,
      description: `Incident ${ref} (${r.severity}, ${r.classification}) closed after its post-incident review: timeline, notifications, root cause, lessons and actions.`,
      fileName: `${ref.toLowerCase()}-closure.json`,
      mediaType: "application/json",
      effectiveDate: todayIso(deps),
      generator: "incident-closure",
      criterionIds: [...INCIDENT_CRITERIA],
    });
    if (
      !(await updateIncident(trx, r.id, r.org_id, r.updated_at, {
        status: "closed",
        closed_at: now,
        closed_by: user.userId,
        closure_evidence_id: item.id,
        updated_at: now,
      }))
    ) {
      throw new AppError("CONFLICT", "Someone else changed the incident meanwhile; reload it and try again.");
    }
    await recordEvent(trx, deps, user, {
      action: "incident.closed",
      targetType: "incident",
      targetId: r.id,
      firmId: r.firm_id,
      orgId: r.org_id,
      before: { status: r.status },
      after: { status: "closed", evidenceId: item.id },
    });
  });
  return getIncident(deps, actor, id);
};
