/**
 * Single sign-on providers (one per firm or organization) and sign-ins in progress. Reads filter by
 * tenant; the sealed client secret is selected only by the sign-in path that needs it.
 */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { TenantKind } from "../../core/roles.js";
import type { DB } from "../schema.js";
import type { SsoLoginStatesTable, SsoProvidersTable } from "../schema-sso.js";

export const SSO_PROVIDER_COLUMNS = [
  "id",
  "tenant_kind",
  "tenant_id",
  "firm_id",
  "org_id",
  "label",
  "issuer_url",
  "client_id",
  "allowed_domains",
  "default_role",
  "enabled",
  "created_at",
  "updated_at",
  "updated_by",
] as const;

export const findSsoProvider = (db: Kysely<DB>, tenantKind: TenantKind, tenantId: string) =>
  db
    .selectFrom("sso_providers")
    .select(SSO_PROVIDER_COLUMNS)
    .where("tenant_kind", "=", tenantKind)
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();

/** With the sealed secret: only for exchanging a code at the provider. */
export const findSsoProviderSecret = (db: Kysely<DB>, id: string) =>
  db
    .selectFrom("sso_providers")
    .select([...SSO_PROVIDER_COLUMNS, "client_secret_enc"])
    .where("id", "=", id)
    .executeTakeFirst();

export const listEnabledSsoProviders = (db: Kysely<DB>) =>
  db.selectFrom("sso_providers").select(SSO_PROVIDER_COLUMNS).where("enabled", "=", 1).execute();

export const insertSsoProvider = (db: Kysely<DB>, row: Insertable<SsoProvidersTable>) =>
  db.insertInto("sso_providers").values(row).execute();

export const updateSsoProvider = (db: Kysely<DB>, id: string, changes: Updateable<SsoProvidersTable>) =>
  db.updateTable("sso_providers").set(changes).where("id", "=", id).execute();

export const deleteSsoProvider = async (db: Kysely<DB>, id: string) => {
  await db.deleteFrom("sso_login_states").where("provider_id", "=", id).execute();
  await db.deleteFrom("sso_providers").where("id", "=", id).execute();
};

export const insertSsoLoginState = (db: Kysely<DB>, row: Insertable<SsoLoginStatesTable>) =>
  db.insertInto("sso_login_states").values(row).execute();

/** Takes a sign-in state once: it is deleted as it is read, so a replayed answer finds nothing. */
export const takeSsoLoginState = async (db: Kysely<DB>, id: string) => {
  const row = await db.selectFrom("sso_login_states").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  const r = await db.deleteFrom("sso_login_states").where("id", "=", id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1 ? row : undefined;
};

export const deleteExpiredSsoLoginStates = (db: Kysely<DB>, now: string) =>
  db.deleteFrom("sso_login_states").where("expires_at", "<=", now).execute();
