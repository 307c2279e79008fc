import type { Kysely } from "kysely";

/** Tables of access review campaigns (issue 7 §3). Frozen once landed. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("access_review_campaigns")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("due_date", "text", (c) => c.notNull())
    .addColumn("schedule", "text", (c) => c.notNull())
    .addColumn("launched_at", "text")
    .addColumn("completed_at", "text")
    .addColumn("signed_off_at", "text")
    .addColumn("signed_off_by", "text", (c) => c.references("users.id"))
    .addColumn("evidence_id", "text")
    .addColumn("result_sha256", "text")
    .addColumn("last_reminder_at", "text")
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("access_review_campaigns_org")
    .on("access_review_campaigns")
    .columns(["org_id", "due_date"])
    .execute();

  await db.schema
    .createTable("access_review_systems")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("campaign_id", "text", (c) => c.notNull().references("access_review_campaigns.id"))
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("owner_user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("source", "text")
    .addColumn("imported_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("access_review_systems_name", ["campaign_id", "name"])
    .execute();

  await db.schema
    .createTable("access_review_entries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("campaign_id", "text", (c) => c.notNull().references("access_review_campaigns.id"))
    .addColumn("system_id", "text", (c) => c.notNull().references("access_review_systems.id"))
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("account", "text", (c) => c.notNull())
    .addColumn("account_key", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("email", "text")
    .addColumn("entitlements", "text", (c) => c.notNull())
    .addColumn("manager_email", "text")
    .addColumn("reviewer_user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("routed_to", "text", (c) => c.notNull())
    .addColumn("decision", "text")
    .addColumn("new_entitlements", "text")
    .addColumn("reason", "text")
    .addColumn("decided_by", "text", (c) => c.references("users.id"))
    .addColumn("decided_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("access_review_entries_account", ["system_id", "account_key"])
    .execute();
  await db.schema
    .createIndex("access_review_entries_campaign")
    .on("access_review_entries")
    .columns(["campaign_id", "reviewer_user_id"])
    .execute();

  await db.schema
    .createTable("access_review_tasks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("campaign_id", "text", (c) => c.notNull().references("access_review_campaigns.id"))
    .addColumn("entry_id", "text", (c) => c.notNull().references("access_review_entries.id"))
    .addColumn("system_id", "text", (c) => c.notNull())
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("assignee_user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("evidence_id", "text")
    .addColumn("note", "text")
    .addColumn("closed_by", "text", (c) => c.references("users.id"))
    .addColumn("closed_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("access_review_tasks_campaign")
    .on("access_review_tasks")
    .columns(["campaign_id", "status"])
    .execute();
  await db.schema
    .createIndex("access_review_tasks_assignee")
    .on("access_review_tasks")
    .columns(["assignee_user_id", "status"])
    .execute();
}
