import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("engagements")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("firm_id", "text", (c) => c.notNull().references("firms.id"))
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("as_of_date", "text")
    .addColumn("period_start", "text")
    .addColumn("period_end", "text")
    .addColumn("first_report", "integer", (c) => c.notNull())
    .addColumn("categories", "text", (c) => c.notNull())
    .addColumn("stage", "text", (c) => c.notNull())
    .addColumn("boundary", "text", (c) => c.notNull())
    .addColumn("engagement_letter_signed_at", "text")
    .addColumn("previous_engagement_id", "text")
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("engagements_firm").on("engagements").column("firm_id").execute();
  await db.schema.createIndex("engagements_org").on("engagements").column("org_id").execute();

  await db.schema
    .createTable("subservice_orgs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("service", "text", (c) => c.notNull())
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("subservice_orgs_engagement")
    .on("subservice_orgs")
    .column("engagement_id")
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("subservice_orgs").execute();
  await db.schema.dropTable("engagements").execute();
}
