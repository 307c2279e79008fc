import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("firms")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("registration_number", "text", (c) => c.notNull())
    .addColumn("peer_review_date", "text")
    .addColumn("city", "text")
    .addColumn("country", "text", (c) => c.notNull())
    .addColumn("default_currency", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("organizations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("firm_id", "text", (c) => c.notNull().references("firms.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("sector", "text", (c) => c.notNull())
    .addColumn("employees", "integer")
    .addColumn("city", "text")
    .addColumn("country", "text", (c) => c.notNull())
    .addColumn("website", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("organizations_firm").on("organizations").column("firm_id").execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("totp_secret_enc", "text")
    .addColumn("totp_pending_enc", "text")
    .addColumn("totp_enabled_at", "text")
    .addColumn("cpa_licence_number", "text")
    .addColumn("failed_login_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("locked_until", "text")
    .addColumn("last_login_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("memberships")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("tenant_kind", "text", (c) => c.notNull())
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("memberships_unique", ["user_id", "tenant_kind", "tenant_id", "role"])
    .execute();
  await db.schema
    .createIndex("memberships_tenant")
    .on("memberships")
    .columns(["tenant_kind", "tenant_id"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["memberships", "users", "organizations", "firms"]) await db.schema.dropTable(t).execute();
}
