import type { Kysely } from "kysely";

/**
 * The trust portal's per-organization settings (issue 5 §5): allow-listed e-mail domains (JSON
 * text array) and how long an approved download link lasts; plus the indexes the public
 * verification page uses to recognise an issued report or a delivered copy by its hash.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("trust_portal_settings")
    .addColumn("org_id", "text", (c) => c.primaryKey().references("organizations.id"))
    .addColumn("firm_id", "text", (c) => c.notNull().references("firms.id"))
    .addColumn("allowed_domains", "text", (c) => c.notNull())
    .addColumn("link_days", "integer", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.references("users.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("trust_portal_settings_firm")
    .on("trust_portal_settings")
    .column("firm_id")
    .execute();
  await db.schema.createIndex("reports_document_sha256").on("reports").column("document_sha256").execute();
  await db.schema
    .createIndex("report_downloads_copy_sha256")
    .on("report_downloads")
    .column("copy_sha256")
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("report_downloads_copy_sha256").execute();
  await db.schema.dropIndex("reports_document_sha256").execute();
  await db.schema.dropTable("trust_portal_settings").execute();
}
