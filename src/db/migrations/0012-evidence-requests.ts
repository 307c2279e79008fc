import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("evidence_request_counters")
    .addColumn("engagement_id", "text", (c) => c.primaryKey().references("engagements.id"))
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("last_seq", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("evidence_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("control_id", "text", (c) => c.references("org_controls.id"))
    .addColumn("what", "text", (c) => c.notNull())
    .addColumn("period_start", "text")
    .addColumn("period_end", "text")
    .addColumn("due_date", "text")
    .addColumn("assignee_user_id", "text", (c) => c.references("users.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("dedupe_key", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("submitted_at", "text")
    .addColumn("accepted_at", "text")
    .addUniqueConstraint("evidence_requests_ref", ["engagement_id", "seq"])
    .addUniqueConstraint("evidence_requests_dedupe", ["engagement_id", "dedupe_key"])
    .execute();
  await db.schema
    .createIndex("evidence_requests_assignee")
    .on("evidence_requests")
    .column("assignee_user_id")
    .execute();

  await db.schema
    .createTable("evidence_request_comments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("request_id", "text", (c) => c.notNull().references("evidence_requests.id"))
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("engagement_id", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addColumn("author_user_id", "text")
    .addColumn("author_side", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("evidence_request_comments_request")
    .on("evidence_request_comments")
    .columns(["request_id", "n"])
    .execute();

  await db.schema
    .createTable("evidence_request_evidence")
    .addColumn("request_id", "text", (c) => c.notNull().references("evidence_requests.id"))
    .addColumn("evidence_id", "text", (c) => c.notNull())
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("engagement_id", "text", (c) => c.notNull())
    .addColumn("linked_by", "text")
    .addColumn("linked_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("evidence_request_evidence_pk", ["request_id", "evidence_id"])
    .execute();
  await db.schema
    .createIndex("evidence_request_evidence_evidence")
    .on("evidence_request_evidence")
    .column("evidence_id")
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("evidence_request_evidence").execute();
  await db.schema.dropTable("evidence_request_comments").execute();
  await db.schema.dropTable("evidence_requests").execute();
  await db.schema.dropTable("evidence_request_counters").execute();
}
