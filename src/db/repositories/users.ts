/** Users, their memberships (roles per tenant) and recovery codes. Secrets are selected only where needed. */
import type { Kysely } from "kysely";
import type { Membership, Role, TenantKind } from "../../core/roles.js";
import type { DB, NewUser, UserUpdate } from "../schema.js";

/** Public columns: never the password hash or TOTP secrets. */
export const USER_PUBLIC_COLUMNS = [
  "id",
  "email",
  "name",
  "cpa_licence_number",
  "totp_enabled_at",
  "locked_until",
  "last_login_at",
  "created_at",
] as const;

export type UserPublic = {
  id: string;
  email: string;
  name: string;
  cpa_licence_number: string | null;
  totp_enabled_at: string | null;
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
};

export const findUserById = (db: Kysely<DB>, id: string): Promise<UserPublic | undefined> =>
  db.selectFrom("users").select(USER_PUBLIC_COLUMNS).where("id", "=", id).executeTakeFirst();

export const findUserByEmail = (db: Kysely<DB>, email: string): Promise<UserPublic | undefined> =>
  db
    .selectFrom("users")
    .select(USER_PUBLIC_COLUMNS)
    .where("email", "=", email.toLowerCase())
    .executeTakeFirst();

export const findUserCredentials = (db: Kysely<DB>, email: string) =>
  db
    .selectFrom("users")
    .select(["id", "email", "name", "password_hash", "totp_enabled_at", "failed_login_count", "locked_until"])
    .where("email", "=", email.toLowerCase())
    .executeTakeFirst();

export const findUserTotp = (db: Kysely<DB>, id: string) =>
  db
    .selectFrom("users")
    .select(["id", "email", "totp_secret_enc", "totp_pending_enc", "totp_enabled_at", "totp_last_step"])
    .where("id", "=", id)
    .executeTakeFirst();

export const insertUser = (db: Kysely<DB>, user: NewUser) => db.insertInto("users").values(user).execute();

export const updateUser = (db: Kysely<DB>, id: string, changes: UserUpdate) =>
  db.updateTable("users").set(changes).where("id", "=", id).execute();

export const listMemberships = async (db: Kysely<DB>, userId: string): Promise<Membership[]> => {
  const rows = await db
    .selectFrom("memberships")
    .select(["tenant_kind", "tenant_id", "role"])
    .where("user_id", "=", userId)
    .execute();
  return rows.map((r) => ({
    tenantKind: r.tenant_kind as TenantKind,
    tenantId: r.tenant_id,
    role: r.role as Role,
  }));
};

export const insertMembership = (
  db: Kysely<DB>,
  m: { id: string; userId: string; tenantKind: TenantKind; tenantId: string; role: Role; createdAt: string },
) =>
  db
    .insertInto("memberships")
    .values({
      id: m.id,
      user_id: m.userId,
      tenant_kind: m.tenantKind,
      tenant_id: m.tenantId,
      role: m.role,
      created_at: m.createdAt,
    })
    .execute();

export const deleteMembership = (
  db: Kysely<DB>,
  userId: string,
  tenantKind: TenantKind,
  tenantId: string,
  role: Role,
) =>
  db
    .deleteFrom("memberships")
    .where("user_id", "=", userId)
    .where("tenant_kind", "=", tenantKind)
    .where("tenant_id", "=", tenantId)
    .where("role", "=", role)
    .executeTakeFirst();

/** Members of one tenant with their roles, for team pages and notifications. */
export const listTenantMembers = (db: Kysely<DB>, tenantKind: TenantKind, tenantId: string) =>
  db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select([
      "users.id as user_id",
      "users.email",
      "users.name",
      "users.cpa_licence_number",
      "users.totp_enabled_at",
      "memberships.role",
    ])
    .where("memberships.tenant_kind", "=", tenantKind)
    .where("memberships.tenant_id", "=", tenantId)
    .orderBy("users.name")
    .execute();

export const replaceRecoveryCodes = async (
  db: Kysely<DB>,
  userId: string,
  codes: { id: string; hash: string }[],
  createdAt: string,
) => {
  await db.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  if (codes.length === 0) return;
  await db
    .insertInto("recovery_codes")
    .values(
      codes.map((c) => ({
        id: c.id,
        user_id: userId,
        code_hash: c.hash,
        used_at: null,
        created_at: createdAt,
      })),
    )
    .execute();
};

/** Marks a recovery code used; returns true only the first time (single use). */
export const consumeRecoveryCode = async (db: Kysely<DB>, userId: string, hash: string, at: string) => {
  const r = await db
    .updateTable("recovery_codes")
    .set({ used_at: at })
    .where("user_id", "=", userId)
    .where("code_hash", "=", hash)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
};

export const countUnusedRecoveryCodes = async (db: Kysely<DB>, userId: string): Promise<number> => {
  const r = await db
    .selectFrom("recovery_codes")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
};

/**
 * Serialises concurrent changes to one user's memberships: a no-op update takes the row lock on
 * PostgreSQL (SQLite already serialises writers).
 */
export const lockUserRow = (db: Kysely<DB>, id: string) =>
  db.updateTable("users").set({ id }).where("id", "=", id).execute();

/** Records an accepted TOTP step only if it is newer than the last one; false means a replayed code. */
export const acceptTotpStep = async (db: Kysely<DB>, id: string, step: number): Promise<boolean> => {
  const r = await db
    .updateTable("users")
    .set({ totp_last_step: step })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
};
