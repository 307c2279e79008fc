/** Engagements with their subservice organizations and quotes. Every read filters by tenant. */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { DB, EngagementsTable, QuotesTable } from "../schema.js";

export const ENGAGEMENT_COLUMNS = [
  "id",
  "firm_id",
  "org_id",
  "name",
  "type",
  "as_of_date",
  "period_start",
  "period_end",
  "first_report",
  "categories",
  "stage",
  "boundary",
  "engagement_letter_signed_at",
  "previous_engagement_id",
  "created_by",
  "created_at",
  "updated_at",
] as const;

export interface Scope {
  readonly firmIds: readonly string[];
  readonly orgIds: readonly string[];
}

export const insertEngagement = (db: Kysely<DB>, e: Insertable<EngagementsTable>) =>
  db.insertInto("engagements").values(e).execute();

export const updateEngagement = (db: Kysely<DB>, id: string, changes: Updateable<EngagementsTable>) =>
  db.updateTable("engagements").set(changes).where("id", "=", id).execute();

/** Moves the stage only if it is still `from`; returns whether it moved. */
export const setEngagementStageIf = async (
  db: Kysely<DB>,
  id: string,
  from: string,
  to: string,
  at: string,
) => {
  const r = await db
    .updateTable("engagements")
    .set({ stage: to, updated_at: at })
    .where("id", "=", id)
    .where("stage", "=", from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
};

export const findVisibleEngagement = (db: Kysely<DB>, id: string, scope: Scope) => {
  if (scope.firmIds.length === 0 && scope.orgIds.length === 0) return Promise.resolve(undefined);
  return db
    .selectFrom("engagements")
    .select(ENGAGEMENT_COLUMNS)
    .where("id", "=", id)
    .where((eb) => {
      const ors = [];
      if (scope.firmIds.length > 0) ors.push(eb("firm_id", "in", [...scope.firmIds]));
      if (scope.orgIds.length > 0) ors.push(eb("org_id", "in", [...scope.orgIds]));
      return eb.or(ors);
    })
    .executeTakeFirst();
};

export const listEngagements = (db: Kysely<DB>, filter: { firmId?: string; orgId?: string }) => {
  let q = db.selectFrom("engagements").select(ENGAGEMENT_COLUMNS);
  if (filter.firmId) q = q.where("firm_id", "=", filter.firmId);
  if (filter.orgId) q = q.where("org_id", "=", filter.orgId);
  return q.orderBy("created_at", "desc").execute();
};

export const listSubserviceOrgs = (db: Kysely<DB>, engagementId: string) =>
  db
    .selectFrom("subservice_orgs")
    .select(["id", "name", "service", "method", "created_at"])
    .where("engagement_id", "=", engagementId)
    .orderBy("created_at")
    .execute();

export const insertSubserviceOrg = (
  db: Kysely<DB>,
  s: {
    id: string;
    engagement_id: string;
    firm_id: string;
    org_id: string;
    name: string;
    service: string;
    method: string;
    created_at: string;
  },
) => db.insertInto("subservice_orgs").values(s).execute();

export const deleteSubserviceOrg = (db: Kysely<DB>, engagementId: string, id: string) =>
  db
    .deleteFrom("subservice_orgs")
    .where("engagement_id", "=", engagementId)
    .where("id", "=", id)
    .executeTakeFirst();

export const QUOTE_COLUMNS = [
  "id",
  "firm_id",
  "org_id",
  "engagement_id",
  "inputs",
  "result",
  "rate_card_id",
  "rate_card_version",
  "currency",
  "total",
  "cost_class",
  "status",
  "approved_by",
  "approved_at",
  "created_by",
  "created_at",
] as const;

export const insertQuote = (db: Kysely<DB>, q: Insertable<QuotesTable>) =>
  db.insertInto("quotes").values(q).execute();

export const latestQuote = (db: Kysely<DB>, engagementId: string) =>
  db
    .selectFrom("quotes")
    .select(QUOTE_COLUMNS)
    .where("engagement_id", "=", engagementId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();

export const findApprovedQuote = (db: Kysely<DB>, engagementId: string) =>
  db
    .selectFrom("quotes")
    .select(QUOTE_COLUMNS)
    .where("engagement_id", "=", engagementId)
    .where("status", "=", "approved")
    .orderBy("approved_at", "desc")
    .executeTakeFirst();

export const findQuote = (db: Kysely<DB>, engagementId: string, id: string) =>
  db
    .selectFrom("quotes")
    .select(QUOTE_COLUMNS)
    .where("engagement_id", "=", engagementId)
    .where("id", "=", id)
    .executeTakeFirst();

/** Only a draft can be approved; the approved row is never updated again. */
export const approveQuote = (db: Kysely<DB>, id: string, by: string, at: string) =>
  db
    .updateTable("quotes")
    .set({ status: "approved", approved_by: by, approved_at: at })
    .where("id", "=", id)
    .where("status", "=", "draft")
    .executeTakeFirst();
