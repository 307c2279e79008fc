/**
 * Policies with their versions, control links, acknowledgement requests and acknowledgements, and
 * training assignments. Every read filters by tenant: a policy or version is found only through an
 * organization the caller's scope can see. Published versions are never updated: the update
 * helpers for versions only touch rows still in draft or approved.
 */
import type { ExpressionBuilder, Insertable, Kysely, Updateable } from "kysely";
import type { DB } from "../schema.js";
import type {
  PoliciesTable,
  PolicyAcknowledgementsTable,
  PolicyAckRequestsTable,
  PolicyVersionsTable,
  TrainingAssignmentsTable,
} from "../schema-policies.js";

export interface Scope {
  readonly firmIds: readonly string[];
  readonly orgIds: readonly string[];
}

export const POLICY_COLUMNS = [
  "policies.id",
  "policies.org_id",
  "policies.template_id",
  "policies.title",
  "policies.audience",
  "policies.review_cycle_months",
  "policies.acknowledge_within_days",
  "policies.owner_user_id",
  "policies.current_version_id",
  "policies.last_reviewed_on",
  "policies.created_by",
  "policies.created_at",
  "policies.updated_at",
] as const;

/** Version columns without the body, for lists. */
export const VERSION_META_COLUMNS = [
  "policy_versions.id",
  "policy_versions.policy_id",
  "policy_versions.org_id",
  "policy_versions.version",
  "policy_versions.title",
  "policy_versions.change_note",
  "policy_versions.status",
  "policy_versions.authors",
  "policy_versions.created_by",
  "policy_versions.created_at",
  "policy_versions.updated_at",
  "policy_versions.approved_by",
  "policy_versions.approved_at",
  "policy_versions.published_by",
  "policy_versions.published_at",
] as const;

export const VERSION_COLUMNS = [...VERSION_META_COLUMNS, "policy_versions.body"] as const;

/** Rows still open for editing; a published version is frozen. */
const OPEN_STATUSES = ["draft", "approved"];

const visibleTo = (scope: Scope) => (eb: ExpressionBuilder<DB, "organizations">) => {
  const ors = [];
  if (scope.firmIds.length > 0) ors.push(eb("organizations.firm_id", "in", [...scope.firmIds]));
  if (scope.orgIds.length > 0) ors.push(eb("organizations.id", "in", [...scope.orgIds]));
  return eb.or(ors);
};

const emptyScope = (scope: Scope) => scope.firmIds.length === 0 && scope.orgIds.length === 0;

// ---- policies ----

export const insertPolicy = (db: Kysely<DB>, row: Insertable<PoliciesTable>) =>
  db.insertInto("policies").values(row).execute();

/** A policy with its organization's auditing firm, only when the scope can see the organization. */
export const findVisiblePolicy = (db: Kysely<DB>, id: string, scope: Scope) => {
  if (emptyScope(scope)) return Promise.resolve(undefined);
  return db
    .selectFrom("policies")
    .innerJoin("organizations", "organizations.id", "policies.org_id")
    .select([...POLICY_COLUMNS, "organizations.firm_id as firm_id", "organizations.name as org_name"])
    .where("policies.id", "=", id)
    .where(visibleTo(scope))
    .executeTakeFirst();
};

export const listOrgPolicies = (db: Kysely<DB>, orgId: string) =>
  db
    .selectFrom("policies")
    .select(POLICY_COLUMNS)
    .where("policies.org_id", "=", orgId)
    .orderBy("policies.title")
    .orderBy("policies.id")
    .execute();

/** Published policies of several organizations (the acknowledgement inbox). */
export const listPublishedPolicies = (db: Kysely<DB>, orgIds: readonly string[]) =>
  orgIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("policies")
        .innerJoin("organizations", "organizations.id", "policies.org_id")
        .select([...POLICY_COLUMNS, "organizations.name as org_name"])
        .where("policies.org_id", "in", [...orgIds])
        .where("policies.current_version_id", "is not", null)
        .orderBy("policies.title")
        .execute();

export const findPolicyByTemplate = (db: Kysely<DB>, orgId: string, templateId: string) =>
  db
    .selectFrom("policies")
    .select(["policies.id", "policies.title"])
    .where("policies.org_id", "=", orgId)
    .where("policies.template_id", "=", templateId)
    .executeTakeFirst();

export const updatePolicy = (db: Kysely<DB>, orgId: string, id: string, changes: Updateable<PoliciesTable>) =>
  db.updateTable("policies").set(changes).where("org_id", "=", orgId).where("id", "=", id).execute();

// ---- versions ----

export const insertVersion = (db: Kysely<DB>, row: Insertable<PolicyVersionsTable>) =>
  db.insertInto("policy_versions").values(row).execute();

/** A version with its policy's organization and auditing firm, only when the scope can see it. */
export const findVisibleVersion = (db: Kysely<DB>, id: string, scope: Scope) => {
  if (emptyScope(scope)) return Promise.resolve(undefined);
  return db
    .selectFrom("policy_versions")
    .innerJoin("organizations", "organizations.id", "policy_versions.org_id")
    .select([...VERSION_COLUMNS, "organizations.firm_id as firm_id"])
    .where("policy_versions.id", "=", id)
    .where(visibleTo(scope))
    .executeTakeFirst();
};

export const findVersion = (db: Kysely<DB>, orgId: string, id: string) =>
  db
    .selectFrom("policy_versions")
    .select(VERSION_COLUMNS)
    .where("policy_versions.org_id", "=", orgId)
    .where("policy_versions.id", "=", id)
    .executeTakeFirst();

export const listVersions = (db: Kysely<DB>, orgId: string, policyId: string) =>
  db
    .selectFrom("policy_versions")
    .select(VERSION_META_COLUMNS)
    .where("policy_versions.org_id", "=", orgId)
    .where("policy_versions.policy_id", "=", policyId)
    .orderBy("policy_versions.version", "desc")
    .execute();

/** Version metadata of every policy of an organization, newest first. */
export const listOrgVersions = (db: Kysely<DB>, orgId: string) =>
  db
    .selectFrom("policy_versions")
    .select(VERSION_META_COLUMNS)
    .where("policy_versions.org_id", "=", orgId)
    .orderBy("policy_versions.version", "desc")
    .execute();

export const findVersionsByIds = (db: Kysely<DB>, ids: readonly string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("policy_versions")
        .select(VERSION_META_COLUMNS)
        .where("policy_versions.id", "in", [...ids])
        .execute();

/** The one version still being written (draft or approved, not yet published), if any. */
export const findOpenVersion = (db: Kysely<DB>, orgId: string, policyId: string) =>
  db
    .selectFrom("policy_versions")
    .select(VERSION_COLUMNS)
    .where("policy_versions.org_id", "=", orgId)
    .where("policy_versions.policy_id", "=", policyId)
    .where("policy_versions.status", "in", OPEN_STATUSES)
    .orderBy("policy_versions.version", "desc")
    .executeTakeFirst();

export const maxVersionNumber = async (db: Kysely<DB>, orgId: string, policyId: string): Promise<number> => {
  const row = await db
    .selectFrom("policy_versions")
    .select((eb) => eb.fn.max("version").as("n"))
    .where("org_id", "=", orgId)
    .where("policy_id", "=", policyId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
};

/** Edits an unpublished version; returns whether it was still open. */
export const updateOpenVersion = async (
  db: Kysely<DB>,
  orgId: string,
  id: string,
  changes: Updateable<PolicyVersionsTable>,
): Promise<boolean> => {
  const r = await db
    .updateTable("policy_versions")
    .set(changes)
    .where("org_id", "=", orgId)
    .where("id", "=", id)
    .where("status", "in", OPEN_STATUSES)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
};

/** Moves a version from one open status to the next; returns whether it moved. */
export const moveVersionStatus = async (
  db: Kysely<DB>,
  orgId: string,
  id: string,
  from: "draft" | "approved",
  changes: Updateable<PolicyVersionsTable> & { status: "approved" | "published" },
): Promise<boolean> => {
  const r = await db
    .updateTable("policy_versions")
    .set(changes)
    .where("org_id", "=", orgId)
    .where("id", "=", id)
    .where("status", "=", from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
};

// ---- links to the organization's controls ----

export const listPolicyControls = (db: Kysely<DB>, orgId: string, policyId: string) =>
  db
    .selectFrom("policy_controls")
    .innerJoin("org_controls", "org_controls.id", "policy_controls.org_control_id")
    .select([
      "org_controls.id",
      "org_controls.code",
      "org_controls.title",
      "org_controls.library_id",
      "org_controls.status",
    ])
    .where("policy_controls.org_id", "=", orgId)
    .where("policy_controls.policy_id", "=", policyId)
    .where("org_controls.org_id", "=", orgId)
    .orderBy("org_controls.code")
    .execute();

/** The organization's controls among `ids` (ids of other organizations are simply not found). */
export const findOrgControls = (db: Kysely<DB>, orgId: string, ids: readonly string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("org_controls")
        .select(["id", "code", "title"])
        .where("org_id", "=", orgId)
        .where("id", "in", [...ids])
        .execute();

export const findOrgControlsByLibraryIds = (db: Kysely<DB>, orgId: string, libraryIds: readonly string[]) =>
  libraryIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("org_controls")
        .select(["id", "code", "title"])
        .where("org_id", "=", orgId)
        .where("library_id", "in", [...libraryIds])
        .execute();

export const replacePolicyControls = async (
  db: Kysely<DB>,
  orgId: string,
  policyId: string,
  controlIds: readonly string[],
  at: string,
) => {
  await db
    .deleteFrom("policy_controls")
    .where("org_id", "=", orgId)
    .where("policy_id", "=", policyId)
    .execute();
  if (controlIds.length === 0) return;
  await db
    .insertInto("policy_controls")
    .values(
      [...new Set(controlIds)].map((id) => ({
        policy_id: policyId,
        org_control_id: id,
        org_id: orgId,
        created_at: at,
      })),
    )
    .execute();
};

// ---- acknowledgement requests and acknowledgements ----

export const insertAckRequests = async (
  db: Kysely<DB>,
  rows: readonly Insertable<PolicyAckRequestsTable>[],
) => {
  if (rows.length === 0) return;
  await db
    .insertInto("policy_ack_requests")
    .values([...rows])
    .onConflict((oc) => oc.columns(["version_id", "user_id"]).doNothing())
    .execute();
};

export const listAckRequests = (db: Kysely<DB>, orgIds: readonly string[], versionIds: readonly string[]) =>
  orgIds.length === 0 || versionIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("policy_ack_requests")
        .select(["id", "org_id", "policy_id", "version_id", "user_id", "requested_at", "due_on"])
        .where("org_id", "in", [...orgIds])
        .where("version_id", "in", [...versionIds])
        .execute();

/** Records an acknowledgement once; returns false when this person had already acknowledged it. */
export const insertAcknowledgement = async (
  db: Kysely<DB>,
  row: Insertable<PolicyAcknowledgementsTable>,
): Promise<boolean> => {
  const r = await db
    .insertInto("policy_acknowledgements")
    .values(row)
    .onConflict((oc) => oc.columns(["version_id", "user_id"]).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
};

const ACK_COLUMNS = [
  "id",
  "org_id",
  "policy_id",
  "version_id",
  "user_id",
  "acknowledged_at",
  "ip",
  "user_agent",
] as const;

export const findAcknowledgement = (db: Kysely<DB>, orgId: string, versionId: string, userId: string) =>
  db
    .selectFrom("policy_acknowledgements")
    .select(ACK_COLUMNS)
    .where("org_id", "=", orgId)
    .where("version_id", "=", versionId)
    .where("user_id", "=", userId)
    .executeTakeFirst();

export const listAcknowledgements = (
  db: Kysely<DB>,
  orgIds: readonly string[],
  versionIds: readonly string[],
  userId?: string,
) => {
  if (orgIds.length === 0 || versionIds.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom("policy_acknowledgements")
    .select(ACK_COLUMNS)
    .where("org_id", "in", [...orgIds])
    .where("version_id", "in", [...versionIds]);
  if (userId) q = q.where("user_id", "=", userId);
  return q.orderBy("acknowledged_at").execute();
};

// ---- training ----

const TRAINING_COLUMNS = [
  "training_assignments.id",
  "training_assignments.org_id",
  "training_assignments.course_title",
  "training_assignments.assignee_user_id",
  "training_assignments.due_on",
  "training_assignments.assigned_by",
  "training_assignments.assigned_at",
  "training_assignments.completed_on",
  "training_assignments.completion_recorded_by",
  "training_assignments.completion_recorded_at",
  "training_assignments.certificate_evidence_id",
  "training_assignments.certificate_file_name",
  "training_assignments.certificate_sha256",
  "training_assignments.updated_at",
] as const;

export const insertTrainingAssignments = async (
  db: Kysely<DB>,
  rows: readonly Insertable<TrainingAssignmentsTable>[],
) => {
  if (rows.length > 0)
    await db
      .insertInto("training_assignments")
      .values([...rows])
      .execute();
};

export const listTrainingAssignments = (db: Kysely<DB>, orgId: string, assigneeUserId?: string) => {
  let q = db
    .selectFrom("training_assignments")
    .innerJoin("users", "users.id", "training_assignments.assignee_user_id")
    .select([...TRAINING_COLUMNS, "users.name as assignee_name", "users.email as assignee_email"])
    .where("training_assignments.org_id", "=", orgId);
  if (assigneeUserId) q = q.where("training_assignments.assignee_user_id", "=", assigneeUserId);
  return q
    .orderBy("training_assignments.due_on")
    .orderBy("users.name")
    .orderBy("training_assignments.id")
    .execute();
};

export const findTrainingAssignment = (db: Kysely<DB>, orgId: string, id: string) =>
  db
    .selectFrom("training_assignments")
    .innerJoin("users", "users.id", "training_assignments.assignee_user_id")
    .select([...TRAINING_COLUMNS, "users.name as assignee_name", "users.email as assignee_email"])
    .where("training_assignments.org_id", "=", orgId)
    .where("training_assignments.id", "=", id)
    .executeTakeFirst();

/** Records completion once; returns false when it was already completed. */
export const completeTrainingAssignment = async (
  db: Kysely<DB>,
  orgId: string,
  id: string,
  changes: Updateable<TrainingAssignmentsTable>,
): Promise<boolean> => {
  const r = await db
    .updateTable("training_assignments")
    .set(changes)
    .where("org_id", "=", orgId)
    .where("id", "=", id)
    .where("completed_on", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
};

// ---- people ----

/** Names of users by id, for showing authors, approvers and assignees. */
export const findUserNames = async (db: Kysely<DB>, ids: readonly string[]) => {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom("users").select(["id", "name"]).where("id", "in", unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
};

/** An evidence item of the organization, to attach as a training certificate. */
export const findOrgEvidenceItem = (db: Kysely<DB>, orgId: string, id: string) =>
  db
    .selectFrom("evidence_items")
    .select(["id", "title", "original_name", "sha256"])
    .where("org_id", "=", orgId)
    .where("id", "=", id)
    .executeTakeFirst();
