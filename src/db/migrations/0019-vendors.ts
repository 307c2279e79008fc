import type { Kysely } from "kysely";

/** Tables of vendors, their assurance reports, reviews and questionnaires (issue 7 §2). Frozen once landed. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("vendors")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_key", "text", (c) => c.notNull())
    .addColumn("service", "text", (c) => c.notNull())
    .addColumn("data_categories", "text", (c) => c.notNull())
    .addColumn("personal_data", "integer", (c) => c.notNull())
    .addColumn("tier", "integer", (c) => c.notNull())
    .addColumn("owner_user_id", "text", (c) => c.references("users.id"))
    .addColumn("contract_start", "text")
    .addColumn("contract_end", "text")
    .addColumn("dpa_signed_on", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("subservice_method", "text")
    .addColumn("csocs", "text", (c) => c.notNull())
    .addColumn("notes", "text", (c) => c.notNull())
    .addColumn("last_reviewed_on", "text")
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("vendors_org_name", ["org_id", "name_key"])
    .execute();
  await db.schema.createIndex("vendors_owner").on("vendors").columns(["org_id", "owner_user_id"]).execute();

  await db.schema
    .createTable("vendor_subservice_links")
    .addColumn("subservice_org_id", "text", (c) => c.primaryKey())
    .addColumn("vendor_id", "text", (c) => c.notNull().references("vendors.id"))
    .addColumn("engagement_id", "text", (c) => c.notNull())
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("linked_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("vendor_subservice_links_vendor")
    .on("vendor_subservice_links")
    .column("vendor_id")
    .execute();

  await db.schema
    .createTable("vendor_reports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("vendor_id", "text", (c) => c.notNull().references("vendors.id"))
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("period_start", "text")
    .addColumn("period_end", "text")
    .addColumn("as_of_date", "text")
    .addColumn("issue_date", "text", (c) => c.notNull())
    .addColumn("auditor", "text", (c) => c.notNull())
    .addColumn("opinion", "text")
    .addColumn("exceptions_count", "integer", (c) => c.notNull())
    .addColumn("exceptions_text", "text", (c) => c.notNull())
    .addColumn("cuecs", "text", (c) => c.notNull())
    .addColumn("evidence_id", "text")
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("vendor_reports_vendor").on("vendor_reports").column("vendor_id").execute();

  await db.schema
    .createTable("vendor_reviews")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("vendor_id", "text", (c) => c.notNull().references("vendors.id"))
    .addColumn("report_id", "text", (c) => c.references("vendor_reports.id"))
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("engagement_id", "text")
    .addColumn("reviewed_on", "text", (c) => c.notNull())
    .addColumn("reviewed_by", "text", (c) => c.notNull())
    .addColumn("reviewer_name", "text", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("conclusion", "text", (c) => c.notNull())
    .addColumn("assessment", "text", (c) => c.notNull())
    .addColumn("accepted_cuecs", "text", (c) => c.notNull())
    .addColumn("evidence_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("vendor_reviews_vendor").on("vendor_reviews").column("vendor_id").execute();

  await db.schema
    .createTable("vendor_questionnaires")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("vendor_id", "text", (c) => c.notNull().references("vendors.id"))
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("template_version", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("recipient_email", "text")
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("respondent_name", "text")
    .addColumn("respondent_email", "text")
    .addColumn("answers", "text")
    .addColumn("submitted_at", "text")
    .addColumn("submitted_ip", "text")
    .addColumn("computed_score", "integer")
    .addColumn("reviewer_score", "integer")
    .addColumn("reviewer_rating", "text")
    .addColumn("reviewer_note", "text")
    .addColumn("scored_by", "text")
    .addColumn("scored_at", "text")
    .addColumn("evidence_id", "text")
    .execute();
  await db.schema
    .createIndex("vendor_questionnaires_vendor")
    .on("vendor_questionnaires")
    .column("vendor_id")
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("vendor_questionnaires").execute();
  await db.schema.dropTable("vendor_reviews").execute();
  await db.schema.dropTable("vendor_reports").execute();
  await db.schema.dropTable("vendor_subservice_links").execute();
  await db.schema.dropTable("vendors").execute();
}
