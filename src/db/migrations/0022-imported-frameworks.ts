import type { Kysely } from "kysely";

/** Tables of frameworks imported from OSCAL catalogs and profiles, and vendors' component definitions (issue 6 §2). Frozen once landed. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("imported_frameworks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("oscal_uuid", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("version", "text", (c) => c.notNull())
    .addColumn("oscal_version", "text", (c) => c.notNull())
    .addColumn("last_modified", "text", (c) => c.notNull())
    .addColumn("source_name", "text")
    .addColumn("catalog_id", "text", (c) => c.references("imported_frameworks.id"))
    .addColumn("control_count", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("imported_frameworks_uuid", ["org_id", "oscal_uuid"])
    .execute();

  await db.schema
    .createTable("imported_framework_controls")
    .addColumn("framework_id", "text", (c) => c.notNull().references("imported_frameworks.id"))
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("control_id", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("class", "text")
    .addColumn("group_id", "text")
    .addColumn("group_title", "text")
    .addColumn("parent_id", "text")
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("imported_framework_controls_pk", ["framework_id", "control_id"])
    .execute();
  await db.schema
    .createIndex("imported_framework_controls_org")
    .on("imported_framework_controls")
    .columns(["org_id", "framework_id", "position"])
    .execute();

  await db.schema
    .createTable("imported_component_definitions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("vendor_id", "text", (c) => c.notNull().references("vendors.id"))
    .addColumn("oscal_uuid", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("version", "text", (c) => c.notNull())
    .addColumn("components", "text", (c) => c.notNull())
    .addColumn("csoc_texts", "text", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("imported_component_definitions_uuid", ["vendor_id", "oscal_uuid"])
    .execute();
  await db.schema
    .createIndex("imported_component_definitions_org")
    .on("imported_component_definitions")
    .columns(["org_id", "vendor_id"])
    .execute();
}
