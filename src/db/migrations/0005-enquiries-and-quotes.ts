import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("enquiries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("firm_id", "text", (c) => c.notNull().references("firms.id"))
    .addColumn("company", "text", (c) => c.notNull())
    .addColumn("contact_name", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("phone", "text")
    .addColumn("sector", "text", (c) => c.notNull())
    .addColumn("city", "text")
    .addColumn("answers", "text", (c) => c.notNull())
    .addColumn("quote", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("meeting_requested_at", "text")
    .addColumn("meeting_note", "text")
    .addColumn("converted_org_id", "text")
    .addColumn("converted_engagement_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("enquiries_firm").on("enquiries").columns(["firm_id", "created_at"]).execute();

  // An approved quote keeps its inputs, result and rate-card version: later rate cards never alter it.
  await db.schema
    .createTable("quotes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("firm_id", "text", (c) => c.notNull().references("firms.id"))
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
    .addColumn("inputs", "text", (c) => c.notNull())
    .addColumn("result", "text", (c) => c.notNull())
    .addColumn("rate_card_id", "text", (c) => c.notNull())
    .addColumn("rate_card_version", "text", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("total", "integer", (c) => c.notNull())
    .addColumn("cost_class", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("approved_by", "text")
    .addColumn("approved_at", "text")
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("quotes_engagement")
    .on("quotes")
    .columns(["engagement_id", "created_at"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("quotes").execute();
  await db.schema.dropTable("enquiries").execute();
}
