/**
 * The incident register: incidents with their timeline, notifications and post-incident actions.
 * Every read filters by organization (the caller has loaded the organization the actor may see),
 * and children are always read through their incident and organization.
 */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { DB } from "../schema.js";
import type {
  IncidentActionsTable,
  IncidentNotificationsTable,
  IncidentsTable,
  IncidentTimelineTable,
} from "../schema-incidents.js";

export const INCIDENT_COLUMNS = [
  "i.id",
  "i.firm_id",
  "i.org_id",
  "i.seq",
  "i.title",
  "i.summary",
  "i.detected_at",
  "i.aware_at",
  "i.reported_by",
  "i.classification",
  "i.severity",
  "i.affected_systems",
  "i.data_categories",
  "i.personal_data",
  "i.principals_count",
  "i.jurisdictions",
  "i.cert_in_reportable",
  "i.regulators",
  "i.status",
  "i.owner_user_id",
  "i.root_cause",
  "i.lessons",
  "i.review_completed_at",
  "i.review_completed_by",
  "i.disclose",
  "i.disclosure_nature",
  "i.disclosure_extent",
  "i.disclosure_resolution",
  "i.closed_at",
  "i.closed_by",
  "i.closure_evidence_id",
  "i.created_by",
  "i.created_at",
  "i.updated_at",
] as const;

export interface IncidentFilter {
  readonly status?: string | undefined;
  readonly severity?: string | undefined;
  readonly classification?: string | undefined;
  readonly personalData?: boolean | undefined;
}

const withOwner = (db: Kysely<DB>) =>
  db
    .selectFrom("incidents as i")
    .leftJoin("users as u", "u.id", "i.owner_user_id")
    .select(INCIDENT_COLUMNS)
    .select("u.name as owner_name");

export const listIncidents = async (db: Kysely<DB>, orgId: string, f: IncidentFilter = {}) => {
  let q = withOwner(db).where("i.org_id", "=", orgId);
  if (f.status) q = q.where("i.status", "=", f.status);
  if (f.severity) q = q.where("i.severity", "=", f.severity);
  if (f.classification) q = q.where("i.classification", "=", f.classification);
  if (f.personalData !== undefined) q = q.where("i.personal_data", "=", f.personalData ? 1 : 0);
  return q.orderBy("i.aware_at", "desc").orderBy("i.seq", "desc").execute();
};

export type IncidentItem = Awaited<ReturnType<typeof listIncidents>>[number];

/** An incident of an organization the caller may see (an organization of theirs, or a client of their firm). */
export const findIncident = (
  db: Kysely<DB>,
  id: string,
  scope: { readonly firmIds: readonly string[]; readonly orgIds: readonly string[] },
) => {
  if (scope.firmIds.length === 0 && scope.orgIds.length === 0) return Promise.resolve(undefined);
  return withOwner(db)
    .innerJoin("organizations as o", "o.id", "i.org_id")
    .where("i.id", "=", id)
    .where((eb) => {
      const ors = [];
      if (scope.firmIds.length > 0) ors.push(eb("o.firm_id", "in", [...scope.firmIds]));
      if (scope.orgIds.length > 0) ors.push(eb("i.org_id", "in", [...scope.orgIds]));
      return eb.or(ors);
    })
    .executeTakeFirst();
};

export const nextIncidentSeq = async (db: Kysely<DB>, orgId: string): Promise<number> => {
  const row = await db
    .selectFrom("incidents")
    .select((eb) => eb.fn.max("seq").as("max"))
    .where("org_id", "=", orgId)
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
};

export const insertIncident = (db: Kysely<DB>, row: Insertable<IncidentsTable>) =>
  db.insertInto("incidents").values(row).execute();

/** Updates unless the incident changed since `updatedAt` was read; true when the row was updated. */
export const updateIncident = async (
  db: Kysely<DB>,
  id: string,
  orgId: string,
  updatedAt: string,
  patch: Updateable<IncidentsTable>,
): Promise<boolean> => {
  const res = await db
    .updateTable("incidents")
    .set(patch)
    .where("id", "=", id)
    .where("org_id", "=", orgId)
    .where("updated_at", "=", updatedAt)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
};

// ---- children ----

export const listTimeline = (db: Kysely<DB>, incidentId: string, orgId: string) =>
  db
    .selectFrom("incident_timeline as t")
    .leftJoin("users as u", "u.id", "t.author_user_id")
    .select([
      "t.id",
      "t.at",
      "t.phase",
      "t.note",
      "t.author_user_id",
      "t.created_at",
      "u.name as author_name",
    ])
    .where("t.incident_id", "=", incidentId)
    .where("t.org_id", "=", orgId)
    .orderBy("t.at")
    .orderBy("t.created_at")
    .execute();

export const insertTimelineEntry = (db: Kysely<DB>, row: Insertable<IncidentTimelineTable>) =>
  db.insertInto("incident_timeline").values(row).execute();

export const listNotificationsSent = (db: Kysely<DB>, incidentIds: readonly string[], orgId: string) =>
  incidentIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("incident_notifications as n")
        .leftJoin("users as u", "u.id", "n.recorded_by")
        .select([
          "n.id",
          "n.incident_id",
          "n.clock",
          "n.recipient",
          "n.sent_at",
          "n.reference",
          "n.created_at",
          "u.name as recorded_by_name",
        ])
        .where("n.incident_id", "in", [...incidentIds])
        .where("n.org_id", "=", orgId)
        .orderBy("n.sent_at")
        .execute();

export const insertNotificationSent = (db: Kysely<DB>, row: Insertable<IncidentNotificationsTable>) =>
  db.insertInto("incident_notifications").values(row).execute();

const ACTION_COLUMNS = [
  "a.id",
  "a.incident_id",
  "a.title",
  "a.owner_user_id",
  "a.due_date",
  "a.status",
  "a.resolution_note",
  "a.done_at",
  "a.created_at",
  "a.updated_at",
] as const;

export const listActions = (db: Kysely<DB>, incidentIds: readonly string[], orgId: string) =>
  incidentIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("incident_actions as a")
        .leftJoin("users as u", "u.id", "a.owner_user_id")
        .select(ACTION_COLUMNS)
        .select("u.name as owner_name")
        .where("a.incident_id", "in", [...incidentIds])
        .where("a.org_id", "=", orgId)
        .orderBy("a.created_at")
        .execute();

/** Open post-incident actions a user owns in an organization, with their incident. */
export const listOpenActionsOf = (db: Kysely<DB>, orgId: string, userId: string) =>
  db
    .selectFrom("incident_actions as a")
    .innerJoin("incidents as i", (j) =>
      j.onRef("i.id", "=", "a.incident_id").onRef("i.org_id", "=", "a.org_id"),
    )
    .leftJoin("users as u", "u.id", "a.owner_user_id")
    .select(ACTION_COLUMNS)
    .select(["u.name as owner_name", "i.seq as incident_seq", "i.title as incident_title"])
    .where("a.org_id", "=", orgId)
    .where("a.owner_user_id", "=", userId)
    .where("a.status", "=", "open")
    .orderBy("a.due_date")
    .orderBy("a.created_at")
    .execute();

export const insertAction = (db: Kysely<DB>, row: Insertable<IncidentActionsTable>) =>
  db.insertInto("incident_actions").values(row).execute();

export const updateAction = async (
  db: Kysely<DB>,
  id: string,
  incidentId: string,
  orgId: string,
  patch: Updateable<IncidentActionsTable>,
) => {
  const res = await db
    .updateTable("incident_actions")
    .set(patch)
    .where("id", "=", id)
    .where("incident_id", "=", incidentId)
    .where("org_id", "=", orgId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
};

/** Audit events about one incident of an organization (its history), oldest first. */
export const listIncidentEvents = (db: Kysely<DB>, incidentId: string, orgId: string) =>
  db
    .selectFrom("audit_events")
    .select(["seq", "at", "actor_label", "action", "summary"])
    .where("org_id", "=", orgId)
    .where("target_type", "=", "incident")
    .where("target_id", "=", incidentId)
    .orderBy("seq")
    .execute();

/** Incidents flagged for disclosure in the system description, for DC4. */
export const listDisclosedIncidents = (db: Kysely<DB>, orgId: string) =>
  db
    .selectFrom("incidents")
    .select([
      "id",
      "seq",
      "aware_at",
      "disclose",
      "disclosure_nature",
      "disclosure_extent",
      "disclosure_resolution",
    ])
    .where("org_id", "=", orgId)
    .where("disclose", "=", 1)
    .orderBy("aware_at")
    .execute();

/** Users holding one of `roles` in the organization (owners and assignees must be among them). */
export const listOrgPeople = async (db: Kysely<DB>, orgId: string, roles: readonly string[]) => {
  const rows = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.name", "u.email"])
    .where("m.tenant_kind", "=", "org")
    .where("m.tenant_id", "=", orgId)
    .where("m.role", "in", [...roles])
    .orderBy("u.name")
    .execute();
  return [...new Map(rows.map((r) => [r.id, r])).values()];
};
