/** API tokens for the CLI and pipelines: shown once, stored hashed, scoped, expiring, revocable. */
import { z } from "zod";
import { AppError, notFound } from "../../core/errors.js";
import {
  findApiTokenByHash,
  insertApiToken,
  listApiTokens,
  markApiTokenUsed,
  revokeApiToken,
} from "../../db/repositories/sessions.js";
import { findUserById, listMemberships } from "../../db/repositories/users.js";
import { type Actor, TOKEN_SCOPES, type TokenScope, type UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireUser } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { randomToken, sha256Hex } from "../security/crypto.js";

export const TOKEN_PREFIX = "fwk_";

export const CreateApiTokenSchema = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1),
  expiresInDays: z.number().int().min(1).max(365).default(90),
});

export type CreateApiTokenInput = z.infer<typeof CreateApiTokenSchema>;

const toView = (t: Awaited<ReturnType<typeof listApiTokens>>[number]) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  scopes: JSON.parse(t.scopes) as TokenScope[],
  expiresAt: t.expires_at,
  revokedAt: t.revoked_at,
  lastUsedAt: t.last_used_at,
  createdAt: t.created_at,
});

export const createApiToken = async (deps: Deps, actor: Actor, input: CreateApiTokenInput) => {
  const user = requireUser(actor);
  if (user.via !== "session") {
    throw new AppError("FORBIDDEN", "API tokens can only be created from a signed-in browser session.");
  }
  const raw = `${TOKEN_PREFIX}${randomToken(32)}`;
  const now = deps.clock();
  const row = {
    id: deps.newId(),
    user_id: user.userId,
    name: input.name,
    prefix: raw.slice(0, 10),
    token_hash: sha256Hex(raw),
    scopes: JSON.stringify([...new Set(input.scopes)]),
    expires_at: new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(),
    created_at: now.toISOString(),
  };
  await inTransaction(deps, async (trx) => {
    await insertApiToken(trx, row);
    await recordEvent(trx, deps, actor, {
      action: "api_token.created",
      targetType: "api_token",
      targetId: row.id,
      after: { name: row.name, scopes: JSON.parse(row.scopes), expiresAt: row.expires_at },
    });
  });
  return {
    token: raw,
    ...toView({ ...row, revoked_at: null, last_used_at: null }),
  };
};

export const listMyApiTokens = async (deps: Deps, actor: Actor) => {
  const user = requireUser(actor);
  return (await listApiTokens(deps.db, user.userId)).map(toView);
};

export const revokeMyApiToken = async (deps: Deps, actor: Actor, tokenId: string) => {
  const user = requireUser(actor);
  await inTransaction(deps, async (trx) => {
    const r = await revokeApiToken(trx, user.userId, tokenId, nowIso(deps));
    if (Number(r.numUpdatedRows) !== 1) throw notFound("API token");
    await recordEvent(trx, deps, actor, {
      action: "api_token.revoked",
      targetType: "api_token",
      targetId: tokenId,
    });
  });
};

/** Resolves a bearer token to an actor; expired or revoked tokens are refused with a clear reason. */
export const resolveApiToken = async (deps: Deps, raw: string, ip: string | null): Promise<UserActor> => {
  if (!raw.startsWith(TOKEN_PREFIX) || raw.length > 200) {
    throw new AppError("UNAUTHENTICATED", "The API token is not valid.");
  }
  const token = await findApiTokenByHash(deps.db, sha256Hex(raw));
  if (!token) throw new AppError("UNAUTHENTICATED", "The API token is not valid.");
  if (token.revoked_at) throw new AppError("UNAUTHENTICATED", "The API token was revoked.");
  const now = nowIso(deps);
  if (token.expires_at <= now)
    throw new AppError("UNAUTHENTICATED", "The API token has expired; create a new one.");
  const user = await findUserById(deps.db, token.user_id);
  if (!user) throw new AppError("UNAUTHENTICATED", "The API token is not valid.");
  if (!token.last_used_at || now.slice(0, 16) !== token.last_used_at.slice(0, 16)) {
    await markApiTokenUsed(deps.db, token.id, now);
  }
  return {
    kind: "user",
    userId: user.id,
    name: user.name,
    email: user.email,
    memberships: await listMemberships(deps.db, user.id),
    mfaVerified: true,
    via: "token",
    scopes: JSON.parse(token.scopes) as TokenScope[],
    ip,
  };
};
