import type { Kysely } from "kysely";

/**
 * Tables of OpenID Connect single sign-on per firm or organization (issue 6 §5): one provider
 * configuration per tenant (client secret sealed with the master key) and the short-lived state of
 * sign-ins in progress (looked up by the SHA-256 of the state; nonce and PKCE verifier sealed).
 * Frozen once landed.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sso_providers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("tenant_kind", "text", (c) => c.notNull())
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text")
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("issuer_url", "text", (c) => c.notNull())
    .addColumn("client_id", "text", (c) => c.notNull())
    .addColumn("client_secret_enc", "text", (c) => c.notNull())
    .addColumn("allowed_domains", "text", (c) => c.notNull())
    .addColumn("default_role", "text", (c) => c.notNull())
    .addColumn("enabled", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "text")
    .addUniqueConstraint("sso_providers_tenant", ["tenant_kind", "tenant_id"])
    .execute();
  await db.schema.createIndex("sso_providers_firm").on("sso_providers").column("firm_id").execute();

  await db.schema
    .createTable("sso_login_states")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("provider_id", "text", (c) => c.notNull().references("sso_providers.id").onDelete("cascade"))
    .addColumn("tenant_kind", "text", (c) => c.notNull())
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("browser_hash", "text", (c) => c.notNull())
    .addColumn("nonce_enc", "text", (c) => c.notNull())
    .addColumn("pkce_verifier_enc", "text", (c) => c.notNull())
    .addColumn("redirect_uri", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("sso_login_states_expiry")
    .on("sso_login_states")
    .column("expires_at")
    .execute();
}
