/**
 * Access review campaigns: campaigns, systems, entries (accounts and decisions) and revocation tasks.
 * Every query is scoped by organization or by the caller's tenant scope.
 */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { DB } from "../schema.js";
import type {
  AccessReviewCampaignsTable,
  AccessReviewEntriesTable,
  AccessReviewSystemsTable,
  AccessReviewTasksTable,
} from "../schema-access-reviews.js";

export interface ReviewScope {
  readonly firmIds: readonly string[];
  readonly orgIds: readonly string[];
}

type Tenant =
  | "access_review_campaigns"
  | "access_review_systems"
  | "access_review_entries"
  | "access_review_tasks";

const visible = <T extends Tenant>(db: Kysely<DB>, table: T, id: string, scope: ReviewScope) => {
  if (scope.firmIds.length === 0 && scope.orgIds.length === 0) return null;
  return db
    .selectFrom(table as "access_review_campaigns")
    .where("id", "=", id)
    .where((eb) => {
      const ors = [];
      if (scope.firmIds.length > 0) ors.push(eb("firm_id", "in", [...scope.firmIds]));
      if (scope.orgIds.length > 0) ors.push(eb("org_id", "in", [...scope.orgIds]));
      return eb.or(ors);
    });
};

// ---- campaigns ----

export const insertCampaign = (db: Kysely<DB>, row: Insertable<AccessReviewCampaignsTable>) =>
  db.insertInto("access_review_campaigns").values(row).execute();

export const findVisibleCampaign = async (db: Kysely<DB>, id: string, scope: ReviewScope) =>
  (await visible(db, "access_review_campaigns", id, scope)?.selectAll().executeTakeFirst()) ?? undefined;

export const findCampaign = (db: Kysely<DB>, id: string) =>
  db.selectFrom("access_review_campaigns").selectAll().where("id", "=", id).executeTakeFirst();

export const listCampaigns = (db: Kysely<DB>, orgId: string) =>
  db
    .selectFrom("access_review_campaigns")
    .selectAll()
    .where("org_id", "=", orgId)
    .orderBy("due_date", "desc")
    .orderBy("created_at", "desc")
    .execute();

/** Updates the campaign only while its status is one of `statuses`; false when it changed meanwhile. */
export const updateCampaignIfStatus = async (
  db: Kysely<DB>,
  id: string,
  statuses: readonly string[],
  changes: Updateable<AccessReviewCampaignsTable>,
): Promise<boolean> => {
  const r = await db
    .updateTable("access_review_campaigns")
    .set(changes)
    .where("id", "=", id)
    .where("status", "in", [...statuses])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
};

/** Entry and open-task counts per campaign of the organization. */
export const campaignCounts = async (db: Kysely<DB>, orgId: string) => {
  const [entries, tasks] = await Promise.all([
    db
      .selectFrom("access_review_entries")
      .select((eb) => [
        "campaign_id",
        eb.fn.countAll<string>().as("total"),
        eb.fn.count<string>("decision").as("decided"),
      ])
      .where("org_id", "=", orgId)
      .groupBy("campaign_id")
      .execute(),
    db
      .selectFrom("access_review_tasks")
      .select((eb) => ["campaign_id", eb.fn.countAll<string>().as("open")])
      .where("org_id", "=", orgId)
      .where("status", "=", "open")
      .groupBy("campaign_id")
      .execute(),
  ]);
  const out = new Map<string, { total: number; decided: number; openTasks: number }>();
  for (const e of entries)
    out.set(e.campaign_id, { total: Number(e.total), decided: Number(e.decided), openTasks: 0 });
  for (const t of tasks) {
    const c = out.get(t.campaign_id) ?? { total: 0, decided: 0, openTasks: 0 };
    out.set(t.campaign_id, { ...c, openTasks: Number(t.open) });
  }
  return out;
};

// ---- systems ----

export const insertSystem = (db: Kysely<DB>, row: Insertable<AccessReviewSystemsTable>) =>
  db.insertInto("access_review_systems").values(row).execute();

export const findVisibleSystem = async (db: Kysely<DB>, id: string, scope: ReviewScope) =>
  (await visible(db, "access_review_systems", id, scope)?.selectAll().executeTakeFirst()) as
    | (AccessReviewSystemsTable & { id: string })
    | undefined;

export const listSystems = (db: Kysely<DB>, campaignId: string) =>
  db
    .selectFrom("access_review_systems")
    .selectAll()
    .where("campaign_id", "=", campaignId)
    .orderBy("name")
    .execute();

export const markSystemImported = (db: Kysely<DB>, id: string, source: string, at: string) =>
  db.updateTable("access_review_systems").set({ source, imported_at: at }).where("id", "=", id).execute();

// ---- entries ----

export const insertEntries = async (db: Kysely<DB>, rows: Insertable<AccessReviewEntriesTable>[]) => {
  // Keep each statement well under SQLite's and PostgreSQL's bound-parameter limits.
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto("access_review_entries")
      .values(rows.slice(i, i + 200))
      .execute();
  }
};

export const deleteUndecidedEntries = (db: Kysely<DB>, systemId: string) =>
  db
    .deleteFrom("access_review_entries")
    .where("system_id", "=", systemId)
    .where("decision", "is", null)
    .execute();

export const listEntries = (db: Kysely<DB>, campaignId: string) =>
  db
    .selectFrom("access_review_entries")
    .selectAll()
    .where("campaign_id", "=", campaignId)
    .orderBy("system_id")
    .orderBy("account_key")
    .execute();

export const listSystemEntryKeys = async (db: Kysely<DB>, systemId: string) =>
  (
    await db
      .selectFrom("access_review_entries")
      .select("account_key")
      .where("system_id", "=", systemId)
      .execute()
  ).map((r) => r.account_key);

export const findEntries = (db: Kysely<DB>, campaignId: string, ids: readonly string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("access_review_entries")
        .selectAll()
        .where("campaign_id", "=", campaignId)
        .where("id", "in", [...ids])
        .execute();

export const updateEntry = (db: Kysely<DB>, id: string, changes: Updateable<AccessReviewEntriesTable>) =>
  db.updateTable("access_review_entries").set(changes).where("id", "=", id).execute();

// ---- tasks ----

export const insertTask = (db: Kysely<DB>, row: Insertable<AccessReviewTasksTable>) =>
  db.insertInto("access_review_tasks").values(row).execute();

export const findVisibleTask = async (db: Kysely<DB>, id: string, scope: ReviewScope) =>
  (await visible(db, "access_review_tasks", id, scope)?.selectAll().executeTakeFirst()) as
    | (AccessReviewTasksTable & { id: string })
    | undefined;

export const listTasks = (db: Kysely<DB>, campaignId: string) =>
  db
    .selectFrom("access_review_tasks")
    .selectAll()
    .where("campaign_id", "=", campaignId)
    .orderBy("created_at")
    .execute();

export const updateTaskIfStatus = async (
  db: Kysely<DB>,
  id: string,
  status: string,
  changes: Updateable<AccessReviewTasksTable>,
): Promise<boolean> => {
  const r = await db
    .updateTable("access_review_tasks")
    .set(changes)
    .where("id", "=", id)
    .where("status", "=", status)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
};

// ---- a person's work, across campaigns ----

export const pendingEntriesByReviewer = (db: Kysely<DB>, orgId: string, userId: string) =>
  db
    .selectFrom("access_review_entries as e")
    .innerJoin("access_review_campaigns as c", "c.id", "e.campaign_id")
    .select((eb) => ["c.id", "c.name", "c.due_date", eb.fn.countAll<string>().as("pending")])
    .where("e.org_id", "=", orgId)
    .where("e.reviewer_user_id", "=", userId)
    .where("e.decision", "is", null)
    .where("c.status", "=", "open")
    .groupBy(["c.id", "c.name", "c.due_date"])
    .execute();

export const openTasksByAssignee = (db: Kysely<DB>, orgId: string, userId: string) =>
  db
    .selectFrom("access_review_tasks as t")
    .innerJoin("access_review_campaigns as c", "c.id", "t.campaign_id")
    .innerJoin("access_review_entries as e", "e.id", "t.entry_id")
    .innerJoin("access_review_systems as s", "s.id", "t.system_id")
    .select([
      "t.id",
      "c.id as campaign_id",
      "c.name as campaign_name",
      "c.due_date",
      "s.name as system_name",
      "e.account",
    ])
    .where("t.org_id", "=", orgId)
    .where("t.assignee_user_id", "=", userId)
    .where("t.status", "=", "open")
    .orderBy("c.due_date")
    .execute();

/** Users with pending entries or open tasks in a campaign (for reminders). */
export const campaignPendingPeople = async (db: Kysely<DB>, campaignId: string) => {
  const [reviewers, assignees] = await Promise.all([
    db
      .selectFrom("access_review_entries")
      .select((eb) => ["reviewer_user_id as user_id", eb.fn.countAll<string>().as("n")])
      .where("campaign_id", "=", campaignId)
      .where("decision", "is", null)
      .groupBy("reviewer_user_id")
      .execute(),
    db
      .selectFrom("access_review_tasks")
      .select((eb) => ["assignee_user_id as user_id", eb.fn.countAll<string>().as("n")])
      .where("campaign_id", "=", campaignId)
      .where("status", "=", "open")
      .groupBy("assignee_user_id")
      .execute(),
  ]);
  return {
    reviewers: reviewers.map((r) => ({ userId: r.user_id, count: Number(r.n) })),
    assignees: assignees.map((r) => ({ userId: r.user_id, count: Number(r.n) })),
  };
};

/** The campaign's history: its audit events, newest first. */
export const listCampaignEvents = (db: Kysely<DB>, orgId: string, campaignId: string, limit = 200) =>
  db
    .selectFrom("audit_events")
    .select(["seq", "at", "actor_label", "action", "summary"])
    .where("org_id", "=", orgId)
    .where("target_type", "=", "access_review")
    .where("target_id", "=", campaignId)
    .orderBy("seq", "desc")
    .limit(limit)
    .execute();

export const findOrgEvidenceItem = (db: Kysely<DB>, orgId: string, id: string) =>
  db
    .selectFrom("evidence_items")
    .select(["id", "title"])
    .where("org_id", "=", orgId)
    .where("id", "=", id)
    .executeTakeFirst();
