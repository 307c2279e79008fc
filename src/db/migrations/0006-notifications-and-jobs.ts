import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("notifications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("firm_id", "text")
    .addColumn("org_id", "text")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("link", "text")
    .addColumn("read_at", "text")
    .addColumn("emailed_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("notifications_user")
    .on("notifications")
    .columns(["user_id", "created_at"])
    .execute();

  // Jobs are claimed by any server process's worker; progress and cancellation go through the row.
  await db.schema
    .createTable("jobs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("firm_id", "text")
    .addColumn("org_id", "text")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("progress", "real", (c) => c.notNull())
    .addColumn("message", "text")
    .addColumn("input", "text", (c) => c.notNull())
    .addColumn("result", "text")
    .addColumn("error", "text")
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("started_at", "text")
    .addColumn("finished_at", "text")
    .addColumn("cancel_requested", "integer", (c) => c.notNull())
    .addColumn("worker_id", "text")
    .addColumn("heartbeat_at", "text")
    .execute();
  await db.schema.createIndex("jobs_status").on("jobs").columns(["status", "created_at"]).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("jobs").execute();
  await db.schema.dropTable("notifications").execute();
}
