/**
 * The risk register, its control links and the annual assessments. Every read filters by the
 * organization (or a visible scope); the history of a risk is read from the audit trail.
 */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { DB } from "../schema.js";
import type { RiskAssessmentsTable, RisksTable } from "../schema-risks.js";

export const RISK_COLUMNS = [
  "r.id",
  "r.firm_id",
  "r.org_id",
  "r.seq",
  "r.title",
  "r.description",
  "r.asset",
  "r.category",
  "r.threat",
  "r.vulnerability",
  "r.likelihood",
  "r.impact",
  "r.residual_likelihood",
  "r.residual_impact",
  "r.treatment",
  "r.treatment_plan",
  "r.transfer_to",
  "r.accept_approver_user_id",
  "r.accept_expires_on",
  "r.accept_approved_at",
  "r.owner_user_id",
  "r.review_date",
  "r.status",
  "r.fraud",
  "r.closed_at",
  "r.created_by",
  "r.created_at",
  "r.updated_at",
] as const;

export interface Scope {
  readonly firmIds: readonly string[];
  readonly orgIds: readonly string[];
}

const listQuery = (db: Kysely<DB>) =>
  db
    .selectFrom("risks as r")
    .leftJoin("users as o", "o.id", "r.owner_user_id")
    .leftJoin("users as a", "a.id", "r.accept_approver_user_id")
    .select(RISK_COLUMNS)
    .select(["o.name as owner_name", "o.email as owner_email", "a.name as approver_name"]);

type RawRiskRow = Awaited<ReturnType<ReturnType<typeof listQuery>["execute"]>>[number];
export type RiskListRow = RawRiskRow;

/** Integers come back as strings from some drivers; numbers everywhere after this. */
const normalise = (r: RawRiskRow): RiskListRow => ({
  ...r,
  seq: Number(r.seq),
  likelihood: Number(r.likelihood),
  impact: Number(r.impact),
  residual_likelihood: Number(r.residual_likelihood),
  residual_impact: Number(r.residual_impact),
  fraud: Number(r.fraud),
});

export const listOrgRisks = async (db: Kysely<DB>, orgId: string): Promise<RiskListRow[]> =>
  (await listQuery(db).where("r.org_id", "=", orgId).orderBy("r.seq").execute()).map(normalise);

export const findVisibleRisk = async (
  db: Kysely<DB>,
  id: string,
  scope: Scope,
): Promise<RiskListRow | undefined> => {
  if (scope.firmIds.length === 0 && scope.orgIds.length === 0) return undefined;
  const row = await listQuery(db)
    .where("r.id", "=", id)
    .where((eb) => {
      const ors = [];
      if (scope.firmIds.length > 0) ors.push(eb("r.firm_id", "in", [...scope.firmIds]));
      if (scope.orgIds.length > 0) ors.push(eb("r.org_id", "in", [...scope.orgIds]));
      return eb.or(ors);
    })
    .executeTakeFirst();
  return row ? normalise(row) : undefined;
};

export const findRiskInOrg = async (db: Kysely<DB>, orgId: string, id: string) => {
  const row = await listQuery(db).where("r.org_id", "=", orgId).where("r.id", "=", id).executeTakeFirst();
  return row ? normalise(row) : undefined;
};

/** The next reference number; the unique (org, seq) constraint refuses a concurrent duplicate. */
export const nextRiskSeq = async (db: Kysely<DB>, orgId: string): Promise<number> => {
  const row = await db
    .selectFrom("risks")
    .select((eb) => eb.fn.max("seq").as("max"))
    .where("org_id", "=", orgId)
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
};

export const insertRisk = (db: Kysely<DB>, row: Insertable<RisksTable>) =>
  db.insertInto("risks").values(row).execute();

export const updateRiskRow = (db: Kysely<DB>, orgId: string, id: string, patch: Updateable<RisksTable>) =>
  db.updateTable("risks").set(patch).where("org_id", "=", orgId).where("id", "=", id).execute();

/** Controls linked to the given risks, with their code and title. */
export const listRiskControls = (db: Kysely<DB>, orgId: string, riskIds?: readonly string[]) => {
  let q = db
    .selectFrom("risk_controls as l")
    .innerJoin("org_controls as c", (j) =>
      j.onRef("c.id", "=", "l.control_id").onRef("c.org_id", "=", "l.org_id"),
    )
    .select(["l.risk_id", "c.id", "c.code", "c.title", "c.status"])
    .where("l.org_id", "=", orgId);
  if (riskIds) {
    if (riskIds.length === 0) return Promise.resolve([]);
    q = q.where("l.risk_id", "in", [...riskIds]);
  }
  return q.orderBy("c.code").execute();
};

export const replaceRiskControls = async (
  db: Kysely<DB>,
  orgId: string,
  riskId: string,
  controlIds: readonly string[],
): Promise<void> => {
  await db.deleteFrom("risk_controls").where("org_id", "=", orgId).where("risk_id", "=", riskId).execute();
  if (controlIds.length === 0) return;
  await db
    .insertInto("risk_controls")
    .values(controlIds.map((control_id) => ({ risk_id: riskId, control_id, org_id: orgId })))
    .execute();
};

/** People of the organization with their roles there (owners, approvers). */
export const listOrgPeople = (db: Kysely<DB>, orgId: string) =>
  db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.name", "u.email", "m.role"])
    .where("m.tenant_kind", "=", "org")
    .where("m.tenant_id", "=", orgId)
    .orderBy("u.name")
    .execute();

/** Audit events about one target of the organization, oldest first (a register row's history). */
export const listTargetEvents = (db: Kysely<DB>, orgId: string, targetType: string, targetId: string) =>
  db
    .selectFrom("audit_events")
    .select(["seq", "at", "actor_label", "action", "summary"])
    .where("org_id", "=", orgId)
    .where("target_type", "=", targetType)
    .where("target_id", "=", targetId)
    .orderBy("seq")
    .execute();

// ----- assessments -----

const ASSESSMENT_COLUMNS = [
  "s.id",
  "s.firm_id",
  "s.org_id",
  "s.year",
  "s.scope_note",
  "s.fraud_consideration",
  "s.significant_changes",
  "s.no_significant_changes",
  "s.status",
  "s.started_by",
  "s.started_at",
  "s.updated_at",
  "s.approved_by",
  "s.approved_at",
  "s.snapshot_sha256",
  "s.evidence_id",
] as const;

const assessmentQuery = (db: Kysely<DB>) =>
  db
    .selectFrom("risk_assessments as s")
    .leftJoin("users as ap", "ap.id", "s.approved_by")
    .leftJoin("users as st", "st.id", "s.started_by")
    .select(ASSESSMENT_COLUMNS)
    .select(["ap.name as approved_by_name", "st.name as started_by_name"]);

type RawAssessment = Awaited<ReturnType<ReturnType<typeof assessmentQuery>["execute"]>>[number];
const normaliseAssessment = (s: RawAssessment) => ({
  ...s,
  year: Number(s.year),
  no_significant_changes: Number(s.no_significant_changes),
});
export type AssessmentListRow = ReturnType<typeof normaliseAssessment>;

export const listAssessments = async (db: Kysely<DB>, orgId: string): Promise<AssessmentListRow[]> =>
  (await assessmentQuery(db).where("s.org_id", "=", orgId).orderBy("s.year", "desc").execute()).map(
    normaliseAssessment,
  );

export const findVisibleAssessment = async (db: Kysely<DB>, id: string, scope: Scope) => {
  if (scope.firmIds.length === 0 && scope.orgIds.length === 0) return undefined;
  const row = await assessmentQuery(db)
    .where("s.id", "=", id)
    .where((eb) => {
      const ors = [];
      if (scope.firmIds.length > 0) ors.push(eb("s.firm_id", "in", [...scope.firmIds]));
      if (scope.orgIds.length > 0) ors.push(eb("s.org_id", "in", [...scope.orgIds]));
      return eb.or(ors);
    })
    .executeTakeFirst();
  return row ? normaliseAssessment(row) : undefined;
};

export const findAssessmentByYear = (db: Kysely<DB>, orgId: string, year: number) =>
  db
    .selectFrom("risk_assessments")
    .select(["id", "status"])
    .where("org_id", "=", orgId)
    .where("year", "=", year)
    .executeTakeFirst();

/** Snapshots of the organization's approved assessments, oldest first (for the trend). */
export const listApprovedSnapshots = (db: Kysely<DB>, orgId: string) =>
  db
    .selectFrom("risk_assessments")
    .select(["id", "year", "approved_at", "snapshot"])
    .where("org_id", "=", orgId)
    .where("status", "=", "approved")
    .orderBy("year")
    .execute();

export const readSnapshot = (db: Kysely<DB>, orgId: string, id: string) =>
  db
    .selectFrom("risk_assessments")
    .select(["snapshot", "snapshot_sha256"])
    .where("org_id", "=", orgId)
    .where("id", "=", id)
    .executeTakeFirst();

export const insertAssessment = (db: Kysely<DB>, row: Insertable<RiskAssessmentsTable>) =>
  db.insertInto("risk_assessments").values(row).execute();

/** Changes a draft only; returns whether a row changed (false: approved meanwhile). */
export const updateDraftAssessment = async (
  db: Kysely<DB>,
  orgId: string,
  id: string,
  patch: Updateable<RiskAssessmentsTable>,
): Promise<boolean> => {
  const res = await db
    .updateTable("risk_assessments")
    .set(patch)
    .where("org_id", "=", orgId)
    .where("id", "=", id)
    .where("status", "=", "draft")
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
};
