import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("org_data_keys")
    .addColumn("org_id", "text", (c) => c.primaryKey().references("organizations.id"))
    .addColumn("wrapped_key", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("evidence_items")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("series_id", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("supersedes_id", "text", (c) => c.unique().references("evidence_items.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("size", "bigint", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("original_name", "text")
    .addColumn("effective_date", "text", (c) => c.notNull())
    .addColumn("period_start", "text")
    .addColumn("period_end", "text")
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("importer_id", "text")
    .addColumn("checks", "text")
    .addColumn("uploaded_by", "text", (c) => c.references("users.id"))
    .addColumn("uploaded_at", "text", (c) => c.notNull())
    .addUniqueConstraint("evidence_items_series_version", ["series_id", "version"])
    .execute();
  await db.schema
    .createIndex("evidence_items_org_uploaded")
    .on("evidence_items")
    .columns(["org_id", "uploaded_at"])
    .execute();
  await db.schema
    .createIndex("evidence_items_blob")
    .on("evidence_items")
    .columns(["org_id", "sha256"])
    .execute();
  await db.schema
    .createTable("evidence_links")
    .addColumn("evidence_id", "text", (c) => c.notNull().references("evidence_items.id"))
    .addColumn("control_id", "text", (c) => c.notNull().references("org_controls.id").onDelete("cascade"))
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("linked_by", "text")
    .addColumn("linked_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("evidence_links_pk", ["evidence_id", "control_id"])
    .execute();
  await db.schema
    .createIndex("evidence_links_control")
    .on("evidence_links")
    .columns(["org_id", "control_id"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("evidence_links").execute();
  await db.schema.dropTable("evidence_items").execute();
  await db.schema.dropTable("org_data_keys").execute();
}
