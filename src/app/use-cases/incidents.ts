/**
 * The incident register (issue 7 §4): listing with filters, recording an incident, editing its
 * facts, status, owner and disclosure, reading one with its clocks, timeline, notifications,
 * actions and history, the signed-in user's open actions, and the register's export. Every change
 * is an audit event on the incident, which is also its history.
 */
import { AppError, invalid } from "../../core/errors.js";
import {
  CLASSIFICATION_DEFINITIONS,
  disclosureProblem,
  formatIncidentRef,
  regulatorsForSector,
  SEVERITY_DEFINITIONS,
  statusChangeProblem,
} from "../../core/incidents.js";
import {
  insertIncident,
  listActions,
  listIncidentEvents,
  listIncidents,
  listNotificationsSent,
  listOpenActionsOf,
  listOrgPeople,
  listTimeline,
  nextIncidentSeq,
  updateIncident,
} from "../../db/repositories/incidents.js";
import type { IncidentsTable } from "../../db/schema-incidents.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireUser, requireWrite } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { deliverEmails, notifyUsers } from "../notify.js";
import {
  auditFields,
  type CreateIncidentInput,
  canWrite,
  INCIDENT_READERS,
  INCIDENT_WRITERS,
  type IncidentFilterInput,
  incidentView,
  loadIncident,
  loadIncidentOrg,
  requireOrgPerson,
  type UpdateIncidentInput,
} from "./incident-model.js";

const actionView = (a: Awaited<ReturnType<typeof listActions>>[number]) => ({
  id: a.id,
  title: a.title,
  owner: a.owner_user_id ? { id: a.owner_user_id, name: a.owner_name ?? null } : null,
  dueDate: a.due_date,
  status: a.status,
  note: a.resolution_note,
  doneAt: a.done_at,
});

export const listIncidentRegister = async (
  deps: Deps,
  actor: Actor,
  orgId: string,
  filter: IncidentFilterInput = {},
) => {
  const user = requireUser(actor);
  const org = await loadIncidentOrg(deps, user, orgId, INCIDENT_READERS, "see the incident register");
  const status = filter.status === "active" ? undefined : filter.status;
  let rows = await listIncidents(deps.db, org.id, {
    status,
    severity: filter.severity,
    classification: filter.classification,
    personalData: filter.personalData === undefined ? undefined : filter.personalData === "yes",
  });
  if (filter.status === "active") rows = rows.filter((r) => r.status !== "closed");
  const q = filter.q?.toLowerCase();
  if (q) rows = rows.filter((r) => `${r.title}\n${r.summary}`.toLowerCase().includes(q));
  const ids = rows.map((r) => r.id);
  const [sent, actions] = await Promise.all([
    listNotificationsSent(deps.db, ids, org.id),
    listActions(deps.db, ids, org.id),
  ]);
  const now = deps.clock();
  const writer = canWrite(user, { firm_id: org.firm_id, org_id: org.id });
  return {
    incidents: rows.map((r) => ({
      ...incidentView(r, sent, now),
      openActions: actions.filter((a) => a.incident_id === r.id && a.status === "open").length,
    })),
    permissions: { canCreate: writer },
    people: writer ? await listOrgPeople(deps.db, org.id, INCIDENT_WRITERS) : [],
    definitions: {
      severities: SEVERITY_DEFINITIONS,
      classifications: CLASSIFICATION_DEFINITIONS,
      regulatorsSuggested: regulatorsForSector(org.sector),
    },
  };
};

export const getIncident = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const r = await loadIncident(deps, user, id, INCIDENT_READERS, "see incidents");
  const [timeline, sent, actions, events] = await Promise.all([
    listTimeline(deps.db, r.id, r.org_id),
    listNotificationsSent(deps.db, [r.id], r.org_id),
    listActions(deps.db, [r.id], r.org_id),
    listIncidentEvents(deps.db, r.id, r.org_id),
  ]);
  const writer = canWrite(user, r);
  return {
    incident: {
      ...incidentView(r, sent, deps.clock()),
      timeline: timeline.map((t) => ({
        id: t.id,
        at: t.at,
        phase: t.phase,
        note: t.note,
        author: t.author_user_id ? { id: t.author_user_id, name: t.author_name ?? null } : null,
      })),
      notifications: sent.map((n) => ({
        id: n.id,
        clock: n.clock,
        recipient: n.recipient,
        sentAt: n.sent_at,
        reference: n.reference,
        recordedBy: n.recorded_by_name ?? null,
      })),
      actions: actions.map(actionView),
      history: events.map((e) => ({
        seq: Number(e.seq),
        at: e.at,
        actor: e.actor_label,
        action: e.action,
        summary: JSON.parse(e.summary) as Record<string, unknown>,
      })),
    },
    permissions: {
      canEdit: writer && r.status !== "closed",
      canEditDisclosure: writer,
      canClose: writer && r.status !== "closed",
    },
    people: writer ? await listOrgPeople(deps.db, r.org_id, INCIDENT_WRITERS) : [],
    definitions: { severities: SEVERITY_DEFINITIONS, classifications: CLASSIFICATION_DEFINITIONS },
  };
};

const awarenessProblem = (detectedAt: string, awareAt: string, now: string): string | null => {
  if (awareAt < detectedAt) return "awareAt: awareness cannot come before detection.";
  // A few minutes of slack for clocks that disagree between the browser and the server.
  if (Date.parse(awareAt) > Date.parse(now) + 5 * 60_000)
    return "awareAt: awareness cannot be in the future.";
  return null;
};

/** Facts as columns, normalised: no personal data means no count and no jurisdictions. */
const factColumns = (i: Partial<CreateIncidentInput>, personalData: boolean) => ({
  ...(i.title !== undefined ? { title: i.title } : {}),
  ...(i.summary !== undefined ? { summary: i.summary } : {}),
  ...(i.detectedAt !== undefined ? { detected_at: i.detectedAt } : {}),
  ...(i.awareAt !== undefined ? { aware_at: i.awareAt } : {}),
  ...(i.reportedBy !== undefined ? { reported_by: i.reportedBy } : {}),
  ...(i.classification !== undefined ? { classification: i.classification } : {}),
  ...(i.severity !== undefined ? { severity: i.severity } : {}),
  ...(i.affectedSystems !== undefined ? { affected_systems: JSON.stringify(i.affectedSystems) } : {}),
  ...(i.dataCategories !== undefined ? { data_categories: JSON.stringify(i.dataCategories) } : {}),
  ...(i.personalData !== undefined ? { personal_data: personalData ? 1 : 0 } : {}),
  ...(i.principalsCount !== undefined || !personalData
    ? { principals_count: personalData ? (i.principalsCount ?? null) : null }
    : {}),
  ...(i.jurisdictions !== undefined || !personalData
    ? { jurisdictions: JSON.stringify(personalData ? [...new Set(i.jurisdictions ?? [])] : []) }
    : {}),
  ...(i.certInReportable !== undefined ? { cert_in_reportable: i.certInReportable ? 1 : 0 } : {}),
  ...(i.regulators !== undefined ? { regulators: JSON.stringify([...new Set(i.regulators)]) } : {}),
  ...(i.ownerUserId !== undefined ? { owner_user_id: i.ownerUserId } : {}),
});

export const createIncident = async (deps: Deps, actor: Actor, orgId: string, input: CreateIncidentInput) => {
  const user = requireWrite(actor);
  const org = await loadIncidentOrg(deps, user, orgId, INCIDENT_WRITERS, "record incidents");
  const now = nowIso(deps);
  const problem = awarenessProblem(input.detectedAt, input.awareAt, now);
  if (problem) throw invalid(problem);
  const owner = input.ownerUserId ?? user.userId;
  await requireOrgPerson(deps.db, org.id, owner, "ownerUserId");
  const personalData = input.personalData ?? false;
  const row: IncidentsTable = {
    id: deps.newId(),
    firm_id: org.firm_id,
    org_id: org.id,
    seq: 0,
    title: input.title,
    summary: input.summary ?? "",
    detected_at: input.detectedAt,
    aware_at: input.awareAt,
    reported_by: input.reportedBy,
    classification: input.classification,
    severity: input.severity,
    affected_systems: "[]",
    data_categories: "[]",
    personal_data: 0,
    principals_count: null,
    jurisdictions: "[]",
    cert_in_reportable: (input.certInReportable ?? input.classification !== "event") ? 1 : 0,
    regulators: JSON.stringify(input.regulators ?? regulatorsForSector(org.sector)),
    status: "open",
    owner_user_id: owner,
    root_cause: "",
    lessons: "",
    review_completed_at: null,
    review_completed_by: null,
    disclose: 0,
    disclosure_nature: "",
    disclosure_extent: "",
    disclosure_resolution: "",
    closed_at: null,
    closed_by: null,
    closure_evidence_id: null,
    created_by: user.userId,
    created_at: now,
    updated_at: now,
    ...factColumns(
      { ...input, ownerUserId: owner, regulators: undefined, certInReportable: undefined },
      personalData,
    ),
  };
  const notificationIds = await inTransaction(deps, async (trx) => {
    row.seq = await nextIncidentSeq(trx, org.id);
    await insertIncident(trx, row);
    await recordEvent(trx, deps, user, {
      action: "incident.created",
      targetType: "incident",
      targetId: row.id,
      firmId: org.firm_id,
      orgId: org.id,
      after: auditFields(row),
    });
    if (owner === user.userId) return [];
    return notifyUsers(trx, deps, [owner], {
      kind: "incident.owner",
      title: `You own incident ${formatIncidentRef(row.seq)}`,
      body: `${user.name} made you the owner of "${row.title}" (${row.severity}). Check its notification deadlines.`,
      link: `/incidents/${row.id}`,
      firmId: org.firm_id,
      orgId: org.id,
    });
  });
  await deliverEmails(deps, notificationIds);
  return getIncident(deps, actor, row.id);
};

export const updateIncidentRecord = async (
  deps: Deps,
  actor: Actor,
  id: string,
  input: UpdateIncidentInput,
) => {
  const user = requireWrite(actor);
  const r = await loadIncident(deps, user, id, INCIDENT_WRITERS, "edit incidents");
  const { disclose, disclosure, status, ...facts } = input;
  const touchesRecord = Object.values(facts).some((v) => v !== undefined) || status !== undefined;
  if (r.status === "closed" && touchesRecord) {
    throw new AppError(
      "CONFLICT",
      "The incident is closed and its record is evidence; only its disclosure in the system description can change.",
    );
  }
  if (status) {
    const problem = statusChangeProblem(r.status, status);
    if (problem) throw invalid(problem);
  }
  const now = nowIso(deps);
  const problem = awarenessProblem(facts.detectedAt ?? r.detected_at, facts.awareAt ?? r.aware_at, now);
  if (problem && (facts.detectedAt || facts.awareAt)) throw invalid(problem);
  if (facts.ownerUserId) await requireOrgPerson(deps.db, r.org_id, facts.ownerUserId, "ownerUserId");
  const nextDisclose = disclose ?? r.disclose === 1;
  const nextDisclosure = {
    nature: disclosure?.nature ?? r.disclosure_nature,
    extent: disclosure?.extent ?? r.disclosure_extent,
    resolution: disclosure?.resolution ?? r.disclosure_resolution,
  };
  const disclosureIssue = disclosureProblem(nextDisclose, nextDisclosure);
  if (disclosureIssue) throw invalid(disclosureIssue);
  const personalData = facts.personalData ?? r.personal_data === 1;
  const patch = {
    ...factColumns(facts, personalData),
    ...(status ? { status } : {}),
    disclose: nextDisclose ? 1 : 0,
    disclosure_nature: nextDisclosure.nature,
    disclosure_extent: nextDisclosure.extent,
    disclosure_resolution: nextDisclosure.resolution,
  };
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    const old = (r as unknown as Record<string, unknown>)[k];
    if (old !== v) {
      before[k] = old;
      after[k] = v;
    }
  }
  if (Object.keys(after).length === 0) return getIncident(deps, actor, id);
  const notificationIds = await inTransaction(deps, async (trx) => {
    if (!(await updateIncident(trx, r.id, r.org_id, r.updated_at, { ...patch, updated_at: now }))) {
      throw new AppError("CONFLICT", "Someone else changed the incident meanwhile; reload it and try again.");
    }
    await recordEvent(trx, deps, user, {
      action: status && status !== r.status ? "incident.status_changed" : "incident.updated",
      targetType: "incident",
      targetId: r.id,
      firmId: r.firm_id,
      orgId: r.org_id,
      before,
      after,
    });
    if (!facts.ownerUserId || facts.ownerUserId === r.owner_user_id || facts.ownerUserId === user.userId) {
      return [];
    }
    return notifyUsers(trx, deps, [facts.ownerUserId], {
      kind: "incident.owner",
      title: `You own incident ${formatIncidentRef(Number(r.seq))}`,
      body: `${user.name} made you the owner of "${r.title}".`,
      link: `/incidents/${r.id}`,
      firmId: r.firm_id,
      orgId: r.org_id,
    });
  });
  await deliverEmails(deps, notificationIds);
  return getIncident(deps, actor, id);
};

/** The signed-in user's open post-incident actions in the organization (for "My tasks"). */
export const myIncidentTasks = async (deps: Deps, actor: Actor, orgId: string) => {
  const user = requireUser(actor);
  const org = await loadIncidentOrg(deps, user, orgId, INCIDENT_READERS, "see the incident register");
  const rows = await listOpenActionsOf(deps.db, org.id, user.userId);
  const today = nowIso(deps).slice(0, 10);
  return {
    tasks: rows.map((a) => ({
      kind: "incident-action" as const,
      id: a.id,
      incidentId: a.incident_id,
      incidentRef: formatIncidentRef(Number(a.incident_seq)),
      incidentTitle: a.incident_title,
      title: a.title,
      dueDate: a.due_date,
      overdue: a.due_date !== null && a.due_date < today,
      link: `/incidents/${a.incident_id}`,
    })),
  };
};
