/** Sessions, API tokens and rate-limit counters: all in the database, shared by every server process. */
import { type Kysely, sql } from "kysely";
import type { DB, SessionRow } from "../schema.js";

export const insertSession = (db: Kysely<DB>, s: SessionRow) => db.insertInto("sessions").values(s).execute();

export const findSession = (db: Kysely<DB>, id: string) =>
  db
    .selectFrom("sessions")
    .select(["id", "user_id", "csrf_token", "mfa_verified", "created_at", "expires_at", "last_seen_at"])
    .where("id", "=", id)
    .executeTakeFirst();

export const touchSession = (db: Kysely<DB>, id: string, lastSeenAt: string, expiresAt: string) =>
  db
    .updateTable("sessions")
    .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
    .where("id", "=", id)
    .execute();

export const deleteSession = (db: Kysely<DB>, id: string) =>
  db.deleteFrom("sessions").where("id", "=", id).execute();

export const deleteUserSessions = (db: Kysely<DB>, userId: string) =>
  db.deleteFrom("sessions").where("user_id", "=", userId).execute();

export const deleteOtherSessions = (db: Kysely<DB>, userId: string, keepId: string | null) => {
  let q = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (keepId) q = q.where("id", "!=", keepId);
  return q.execute();
};

export const deleteExpiredSessions = (db: Kysely<DB>, now: string) =>
  db.deleteFrom("sessions").where("expires_at", "<", now).execute();

export const insertApiToken = (
  db: Kysely<DB>,
  t: {
    id: string;
    user_id: string;
    name: string;
    prefix: string;
    token_hash: string;
    scopes: string;
    expires_at: string;
    created_at: string;
  },
) =>
  db
    .insertInto("api_tokens")
    .values({ ...t, revoked_at: null, last_used_at: null })
    .execute();

export const API_TOKEN_COLUMNS = [
  "id",
  "user_id",
  "name",
  "prefix",
  "scopes",
  "expires_at",
  "revoked_at",
  "last_used_at",
  "created_at",
] as const;

export const findApiTokenByHash = (db: Kysely<DB>, hash: string) =>
  db.selectFrom("api_tokens").select(API_TOKEN_COLUMNS).where("token_hash", "=", hash).executeTakeFirst();

export const listApiTokens = (db: Kysely<DB>, userId: string) =>
  db
    .selectFrom("api_tokens")
    .select(API_TOKEN_COLUMNS)
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .execute();

export const revokeApiToken = (db: Kysely<DB>, userId: string, id: string, at: string) =>
  db
    .updateTable("api_tokens")
    .set({ revoked_at: at })
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();

export const markApiTokenUsed = (db: Kysely<DB>, id: string, at: string) =>
  db.updateTable("api_tokens").set({ last_used_at: at }).where("id", "=", id).execute();

/**
 * Fixed-window counter: adds one hit to `key` and returns the count in the current window. The
 * upsert is atomic on both databases, so concurrent processes count correctly.
 */
export const hitRateLimit = async (db: Kysely<DB>, key: string, windowStart: string): Promise<number> => {
  const row = await db
    .insertInto("rate_limits")
    .values({ key, window_start: windowStart, count: 1 })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        count: sql`case when rate_limits.window_start = excluded.window_start then rate_limits.count + 1 else 1 end`,
        window_start: sql`excluded.window_start`,
      }),
    )
    .returning("count")
    .executeTakeFirstOrThrow();
  return Number(row.count);
};

export const readRateLimit = async (db: Kysely<DB>, key: string, windowStart: string): Promise<number> => {
  const row = await db
    .selectFrom("rate_limits")
    .select(["count", "window_start"])
    .where("key", "=", key)
    .executeTakeFirst();
  return row && row.window_start === windowStart ? Number(row.count) : 0;
};

export const clearRateLimit = (db: Kysely<DB>, key: string) =>
  db.deleteFrom("rate_limits").where("key", "=", key).execute();
