/**
 * Vendors with their assurance reports, reviews, questionnaires and subservice links. Every read
 * filters by tenant: a visible scope, or the organization the caller already loaded. Questionnaire
 * token hashes are selected only by the lookup that needs them.
 */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { DB } from "../schema.js";
import type {
  VendorQuestionnairesTable,
  VendorReportsTable,
  VendorReviewsTable,
  VendorSubserviceLinksTable,
  VendorsTable,
} from "../schema-vendors.js";

export interface Scope {
  readonly firmIds: readonly string[];
  readonly orgIds: readonly string[];
}

export const VENDOR_COLUMNS = [
  "v.id",
  "v.firm_id",
  "v.org_id",
  "v.name",
  "v.name_key",
  "v.service",
  "v.data_categories",
  "v.personal_data",
  "v.tier",
  "v.owner_user_id",
  "v.contract_start",
  "v.contract_end",
  "v.dpa_signed_on",
  "v.status",
  "v.subservice_method",
  "v.csocs",
  "v.notes",
  "v.last_reviewed_on",
  "v.created_by",
  "v.created_at",
  "v.updated_at",
] as const;

const vendorQuery = (db: Kysely<DB>) =>
  db
    .selectFrom("vendors as v")
    .leftJoin("users as u", "u.id", "v.owner_user_id")
    .select(VENDOR_COLUMNS)
    .select(["u.name as owner_name"]);

export const listOrgVendors = (db: Kysely<DB>, orgId: string) =>
  vendorQuery(db).where("v.org_id", "=", orgId).orderBy("v.tier").orderBy("v.name_key").execute();

export const findOrgVendor = (db: Kysely<DB>, orgId: string, id: string) =>
  vendorQuery(db).where("v.org_id", "=", orgId).where("v.id", "=", id).executeTakeFirst();

/** A vendor, only when it belongs to one of the scope's firms or organizations. */
export const findVisibleVendor = (db: Kysely<DB>, id: string, scope: Scope) => {
  if (scope.firmIds.length === 0 && scope.orgIds.length === 0) return Promise.resolve(undefined);
  return vendorQuery(db)
    .where("v.id", "=", id)
    .where((eb) => {
      const ors = [];
      if (scope.firmIds.length > 0) ors.push(eb("v.firm_id", "in", [...scope.firmIds]));
      if (scope.orgIds.length > 0) ors.push(eb("v.org_id", "in", [...scope.orgIds]));
      return eb.or(ors);
    })
    .executeTakeFirst();
};

export const findVendorByNameKey = (db: Kysely<DB>, orgId: string, nameKey: string) =>
  db
    .selectFrom("vendors")
    .select(["id", "name"])
    .where("org_id", "=", orgId)
    .where("name_key", "=", nameKey)
    .executeTakeFirst();

export const insertVendor = (db: Kysely<DB>, row: Insertable<VendorsTable>) =>
  db.insertInto("vendors").values(row).execute();

export const updateVendor = (db: Kysely<DB>, orgId: string, id: string, changes: Updateable<VendorsTable>) =>
  db.updateTable("vendors").set(changes).where("org_id", "=", orgId).where("id", "=", id).execute();

// ---- reports ----

export const REPORT_COLUMNS = [
  "id",
  "vendor_id",
  "firm_id",
  "org_id",
  "kind",
  "period_start",
  "period_end",
  "as_of_date",
  "issue_date",
  "auditor",
  "opinion",
  "exceptions_count",
  "exceptions_text",
  "cuecs",
  "evidence_id",
  "created_by",
  "created_at",
] as const;

/** Reports of the organization's vendors (all, or of the given vendors), newest coverage first. */
export const listVendorReports = (db: Kysely<DB>, orgId: string, vendorIds?: readonly string[]) => {
  let q = db.selectFrom("vendor_reports").select(REPORT_COLUMNS).where("org_id", "=", orgId);
  if (vendorIds) {
    if (vendorIds.length === 0) return Promise.resolve([]);
    q = q.where("vendor_id", "in", [...vendorIds]);
  }
  return q.orderBy("issue_date", "desc").orderBy("created_at", "desc").execute();
};

export const findVendorReport = (db: Kysely<DB>, orgId: string, vendorId: string, id: string) =>
  db
    .selectFrom("vendor_reports")
    .select(REPORT_COLUMNS)
    .where("org_id", "=", orgId)
    .where("vendor_id", "=", vendorId)
    .where("id", "=", id)
    .executeTakeFirst();

export const insertVendorReport = (db: Kysely<DB>, row: Insertable<VendorReportsTable>) =>
  db.insertInto("vendor_reports").values(row).execute();

// ---- reviews ----

export const REVIEW_COLUMNS = [
  "id",
  "vendor_id",
  "report_id",
  "firm_id",
  "org_id",
  "engagement_id",
  "reviewed_on",
  "reviewed_by",
  "reviewer_name",
  "outcome",
  "conclusion",
  "assessment",
  "accepted_cuecs",
  "evidence_id",
  "created_at",
] as const;

export const listVendorReviews = (db: Kysely<DB>, orgId: string, vendorId: string) =>
  db
    .selectFrom("vendor_reviews")
    .select(REVIEW_COLUMNS)
    .where("org_id", "=", orgId)
    .where("vendor_id", "=", vendorId)
    .orderBy("created_at", "desc")
    .execute();

export const insertVendorReview = (db: Kysely<DB>, row: Insertable<VendorReviewsTable>) =>
  db.insertInto("vendor_reviews").values(row).execute();

// ---- questionnaires ----

export const QUESTIONNAIRE_COLUMNS = [
  "q.id",
  "q.vendor_id",
  "q.firm_id",
  "q.org_id",
  "q.template_version",
  "q.status",
  "q.recipient_email",
  "q.expires_at",
  "q.created_by",
  "q.created_at",
  "q.respondent_name",
  "q.respondent_email",
  "q.answers",
  "q.submitted_at",
  "q.submitted_ip",
  "q.computed_score",
  "q.reviewer_score",
  "q.reviewer_rating",
  "q.reviewer_note",
  "q.scored_by",
  "q.scored_at",
  "q.evidence_id",
] as const;

export const listVendorQuestionnaires = (db: Kysely<DB>, orgId: string, vendorIds?: readonly string[]) => {
  let q = db
    .selectFrom("vendor_questionnaires as q")
    .select(QUESTIONNAIRE_COLUMNS)
    .where("q.org_id", "=", orgId);
  if (vendorIds) {
    if (vendorIds.length === 0) return Promise.resolve([]);
    q = q.where("q.vendor_id", "in", [...vendorIds]);
  }
  return q.orderBy("q.created_at", "desc").execute();
};

export const findVisibleQuestionnaire = (db: Kysely<DB>, id: string, scope: Scope) => {
  if (scope.firmIds.length === 0 && scope.orgIds.length === 0) return Promise.resolve(undefined);
  return db
    .selectFrom("vendor_questionnaires as q")
    .select(QUESTIONNAIRE_COLUMNS)
    .where("q.id", "=", id)
    .where((eb) => {
      const ors = [];
      if (scope.firmIds.length > 0) ors.push(eb("q.firm_id", "in", [...scope.firmIds]));
      if (scope.orgIds.length > 0) ors.push(eb("q.org_id", "in", [...scope.orgIds]));
      return eb.or(ors);
    })
    .executeTakeFirst();
};

/** The public lookup: a questionnaire by the hash of its link token, with its vendor and organization names. */
export const findQuestionnaireByTokenHash = (db: Kysely<DB>, tokenHash: string) =>
  db
    .selectFrom("vendor_questionnaires as q")
    .innerJoin("vendors as v", (j) => j.onRef("v.id", "=", "q.vendor_id").onRef("v.org_id", "=", "q.org_id"))
    .innerJoin("organizations as o", "o.id", "q.org_id")
    .select(QUESTIONNAIRE_COLUMNS)
    .select(["v.name as vendor_name", "o.name as org_name"])
    .where("q.token_hash", "=", tokenHash)
    .executeTakeFirst();

export const insertQuestionnaire = (db: Kysely<DB>, row: Insertable<VendorQuestionnairesTable>) =>
  db.insertInto("vendor_questionnaires").values(row).execute();

/** Changes a questionnaire only while it is in `status`; false when another request got there first. */
export const updateQuestionnaireIf = async (
  db: Kysely<DB>,
  id: string,
  status: string,
  changes: Updateable<VendorQuestionnairesTable>,
): Promise<boolean> => {
  const r = await db
    .updateTable("vendor_questionnaires")
    .set(changes)
    .where("id", "=", id)
    .where("status", "=", status)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
};

// ---- subservice organizations ----

export const listSubserviceLinks = (db: Kysely<DB>, orgId: string) =>
  db
    .selectFrom("vendor_subservice_links")
    .select(["subservice_org_id", "vendor_id", "engagement_id", "linked_at"])
    .where("org_id", "=", orgId)
    .execute();

export const insertSubserviceLink = (db: Kysely<DB>, row: Insertable<VendorSubserviceLinksTable>) =>
  db.insertInto("vendor_subservice_links").values(row).execute();

export const deleteSubserviceLink = (db: Kysely<DB>, orgId: string, subserviceOrgId: string) =>
  db
    .deleteFrom("vendor_subservice_links")
    .where("org_id", "=", orgId)
    .where("subservice_org_id", "=", subserviceOrgId)
    .execute();

/** Subservice organizations of the organization's engagements (one engagement, or all). */
export const listOrgSubserviceOrgs = (db: Kysely<DB>, orgId: string, engagementId?: string) => {
  let q = db
    .selectFrom("subservice_orgs")
    .select(["id", "engagement_id", "name", "service", "method", "created_at"])
    .where("org_id", "=", orgId);
  if (engagementId) q = q.where("engagement_id", "=", engagementId);
  return q.orderBy("created_at").execute();
};

// ---- history ----

/** Audit events about one vendor (its reports, reviews and questionnaires included), newest first. */
export const listVendorEvents = (db: Kysely<DB>, orgId: string, vendorId: string, limit = 200) =>
  db
    .selectFrom("audit_events")
    .select(["seq", "id", "at", "actor_label", "action", "summary"])
    .where("org_id", "=", orgId)
    .where("target_type", "=", "vendor")
    .where("target_id", "=", vendorId)
    .orderBy("seq", "desc")
    .limit(limit)
    .execute();
