import type { Kysely } from "kysely";

/** Engagement letters and management representation letters (issue 5 §4). Frozen once landed. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("engagement_documents")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("letter_date", "text", (c) => c.notNull())
    .addColumn("facts", "text", (c) => c.notNull())
    .addColumn("pdf_sha256", "text", (c) => c.notNull())
    .addColumn("pdf_size", "bigint", (c) => c.notNull())
    .addColumn("generated_by", "text")
    .addColumn("generated_at", "text", (c) => c.notNull())
    .addColumn("sent_by", "text")
    .addColumn("sent_at", "text")
    .addColumn("accepted_by", "text")
    .addColumn("accepted_name", "text")
    .addColumn("accepted_title", "text")
    .addColumn("accepted_ip", "text")
    .addColumn("accepted_user_agent", "text")
    .addColumn("accepted_at", "text")
    .addColumn("accepted_confirmation", "text")
    .addColumn("accepted_pdf_sha256", "text")
    .addColumn("accepted_pdf_size", "bigint")
    .addColumn("evidence_id", "text")
    .addColumn("declined_by", "text")
    .addColumn("declined_at", "text")
    .addColumn("decline_reason", "text")
    .addColumn("superseded_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("engagement_documents_version", ["engagement_id", "kind", "version"])
    .execute();
  await db.schema
    .createIndex("engagement_documents_org")
    .on("engagement_documents")
    .columns(["org_id", "status"])
    .execute();
  await db.schema
    .createIndex("engagement_documents_firm")
    .on("engagement_documents")
    .columns(["firm_id", "engagement_id"])
    .execute();
}
