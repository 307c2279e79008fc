import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(db: Kysely<any>): Promise<void> {
  // One hash chain over all events; seq is assigned from audit_head inside the writing transaction.
  await db.schema
    .createTable("audit_events")
    .addColumn("seq", "integer", (c) => c.primaryKey())
    .addColumn("id", "text", (c) => c.notNull().unique())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_user_id", "text")
    .addColumn("actor_label", "text", (c) => c.notNull())
    .addColumn("firm_id", "text")
    .addColumn("org_id", "text")
    .addColumn("engagement_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target_type", "text", (c) => c.notNull())
    .addColumn("target_id", "text")
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("prev_hash", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_events_firm").on("audit_events").columns(["firm_id", "seq"]).execute();
  await db.schema.createIndex("audit_events_org").on("audit_events").columns(["org_id", "seq"]).execute();
  await db.schema
    .createIndex("audit_events_engagement")
    .on("audit_events")
    .columns(["engagement_id", "seq"])
    .execute();

  // The chain head: updating this single row first serialises concurrent writers on PostgreSQL.
  await db.schema
    .createTable("audit_head")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .execute();
  await db
    .insertInto("audit_head")
    .values({ id: 1, seq: 0, hash: "0".repeat(64) })
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("audit_head").execute();
  await db.schema.dropTable("audit_events").execute();
}
