import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("firm_signing_certificates")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("firm_id", "text", (c) => c.notNull().references("firms.id"))
    .addColumn("p12_encrypted", "text", (c) => c.notNull())
    .addColumn("password_encrypted", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("serial", "text", (c) => c.notNull())
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("not_before", "text", (c) => c.notNull())
    .addColumn("not_after", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("firm_signing_certificates_firm")
    .on("firm_signing_certificates")
    .columns(["firm_id", "active"])
    .execute();

  await db.schema
    .createTable("reports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("pdf_sha256", "text", (c) => c.notNull())
    .addColumn("pdf_size", "bigint", (c) => c.notNull())
    .addColumn("pages", "integer", (c) => c.notNull())
    .addColumn("covers_until", "text")
    .addColumn("manifest_root", "text")
    .addColumn("document_sha256", "text")
    .addColumn("signed_by", "text")
    .addColumn("signed_at", "text")
    .addColumn("certificate_fingerprint", "text")
    .addColumn("public", "integer", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("reports_version", ["engagement_id", "kind", "version"])
    .execute();
  await db.schema.createIndex("reports_org").on("reports").columns(["org_id", "status"]).execute();

  await db.schema
    .createTable("report_comments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("report_id", "text", (c) => c.notNull().references("reports.id"))
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("engagement_id", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addColumn("author_user_id", "text")
    .addColumn("author_side", "text", (c) => c.notNull())
    .addColumn("location", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("resolution", "text")
    .addColumn("resolved_by", "text")
    .addColumn("resolved_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("report_comments_n", ["report_id", "n"])
    .execute();

  await db.schema
    .createTable("report_access_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("report_id", "text", (c) => c.notNull().references("reports.id"))
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("requester_name", "text", (c) => c.notNull())
    .addColumn("requester_email", "text", (c) => c.notNull())
    .addColumn("requester_company", "text", (c) => c.notNull())
    .addColumn("nda_version", "text", (c) => c.notNull())
    .addColumn("nda_accepted_at", "text", (c) => c.notNull())
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("token_hash", "text")
    .addColumn("expires_at", "text")
    .addColumn("decided_by", "text")
    .addColumn("decided_at", "text")
    .addColumn("decision_note", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("report_access_requests_org")
    .on("report_access_requests")
    .columns(["org_id", "status"])
    .execute();
  await db.schema
    .createIndex("report_access_requests_token")
    .on("report_access_requests")
    .column("token_hash")
    .execute();

  await db.schema
    .createTable("report_downloads")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("report_id", "text", (c) => c.notNull().references("reports.id"))
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("access_request_id", "text", (c) => c.references("report_access_requests.id"))
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("watermark_id", "text", (c) => c.notNull())
    .addColumn("copy_sha256", "text", (c) => c.notNull())
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("report_downloads_org")
    .on("report_downloads")
    .columns(["org_id", "at"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "report_downloads",
    "report_access_requests",
    "report_comments",
    "reports",
    "firm_signing_certificates",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
