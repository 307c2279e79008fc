/**
 * Signing in: password (argon2id), then TOTP or a recovery code when enrolled; enrolment is forced
 * for roles that require MFA. Sessions and counters live in the database. Lockout after repeated
 * failures says when the user can try again.
 */
import type { Kysely } from "kysely";
import QRCode from "qrcode";
import { AppError, invalid } from "../../core/errors.js";
import { requiresMfa } from "../../core/roles.js";
import {
  clearRateLimit,
  deleteOtherSessions,
  deleteSession,
  findSession,
  hitRateLimit,
  insertSession,
  touchSession,
} from "../../db/repositories/sessions.js";
import {
  acceptTotpStep,
  consumeRecoveryCode,
  findUserById,
  findUserCredentials,
  findUserTotp,
  listMemberships,
  replaceRecoveryCodes,
  updateUser,
} from "../../db/repositories/users.js";
import type { DB } from "../../db/schema.js";
import type { Actor, UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireUser } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { decryptSecret, encryptSecret, randomToken, sha256Hex } from "../security/crypto.js";
import {
  checkPasswordStrength,
  dummyPasswordHash,
  hashPassword,
  verifyPassword,
} from "../security/passwords.js";
import {
  matchTotpStep,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  totpUri,
} from "../security/totp.js";

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
const IP_WINDOW_MINUTES = 15;
const IP_MAX_ATTEMPTS = 30;
const MFA_MAX_ATTEMPTS = 5;

export type SessionState = "active" | "mfa_required" | "mfa_enrolment_required";

export interface IssuedSession {
  /** Raw session token for the cookie; only its SHA-256 is stored. */
  readonly token: string;
  readonly csrfToken: string;
  readonly state: SessionState;
  readonly expiresAt: string;
}

const windowStart = (now: Date, minutes: number): string => {
  const ms = minutes * 60_000;
  return new Date(Math.floor(now.getTime() / ms) * ms).toISOString();
};

const minutesUntil = (now: Date, iso: string): number =>
  Math.max(1, Math.ceil((new Date(iso).getTime() - now.getTime()) / 60_000));

/** Inserts a session row and returns the raw tokens; single sign-on issues its sessions the same way. */
export const issueSession = async (
  trx: Kysely<DB>,
  deps: Deps,
  userId: string,
  mfaVerified: boolean,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; csrfToken: string; expiresAt: string }> => {
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlHours * 3_600_000).toISOString();
  await insertSession(trx, {
    id: sha256Hex(token),
    user_id: userId,
    csrf_token: csrfToken,
    mfa_verified: mfaVerified ? 1 : 0,
    created_at: now.toISOString(),
    expires_at: expiresAt,
    last_seen_at: now.toISOString(),
    ip: meta.ip,
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, expiresAt };
};

export interface SignInInput {
  readonly email: string;
  readonly password: string;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export const signIn = async (deps: Deps, input: SignInInput): Promise<IssuedSession> => {
  const now = deps.clock();
  const ipKey = `login-ip:${input.ip ?? "unknown"}`;
  const ipHits = await hitRateLimit(deps.db, ipKey, windowStart(now, IP_WINDOW_MINUTES));
  if (ipHits > IP_MAX_ATTEMPTS) {
    throw new AppError(
      "RATE_LIMITED",
      `Too many sign-in attempts from this address. Try again in ${IP_WINDOW_MINUTES} minutes.`,
      { retryAfterSeconds: IP_WINDOW_MINUTES * 60 },
    );
  }
  const user = await findUserCredentials(deps.db, input.email.trim());
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    throw new AppError("UNAUTHENTICATED", "The e-mail address or password is not correct.");
  }
  if (user.locked_until && user.locked_until > now.toISOString()) {
    throw new AppError(
      "LOCKED",
      `This account is locked after ${MAX_FAILED_LOGINS} failed sign-in attempts. Try again in ${minutesUntil(now, user.locked_until)} minutes (at ${user.locked_until.slice(11, 16)} UTC), or ask an admin to unlock it.`,
      { lockedUntil: user.locked_until },
    );
  }
  const ok = await verifyPassword(user.password_hash, input.password);
  const actor = { kind: "system" as const, label: "sign-in" };
  if (!ok) {
    const failures = Number(user.failed_login_count) + 1;
    const lock = failures >= MAX_FAILED_LOGINS;
    const lockedUntil = lock ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null;
    await inTransaction(deps, async (trx) => {
      await updateUser(trx, user.id, { failed_login_count: lock ? 0 : failures, locked_until: lockedUntil });
      if (lock) {
        await recordEvent(trx, deps, actor, {
          action: "user.locked",
          targetType: "user",
          targetId: user.id,
          after: { lockedUntil, reason: `${MAX_FAILED_LOGINS} failed sign-in attempts` },
        });
      }
    });
    if (lock && lockedUntil) {
      throw new AppError(
        "LOCKED",
        `Too many failed sign-in attempts: this account is locked for ${LOCKOUT_MINUTES} minutes (until ${lockedUntil.slice(11, 16)} UTC).`,
        { lockedUntil },
      );
    }
    throw new AppError("UNAUTHENTICATED", "The e-mail address or password is not correct.", {
      attemptsLeft: MAX_FAILED_LOGINS - failures,
    });
  }
  const memberships = await listMemberships(deps.db, user.id);
  const state: SessionState = user.totp_enabled_at
    ? "mfa_required"
    : requiresMfa(memberships.map((m) => m.role))
      ? "mfa_enrolment_required"
      : "active";
  return inTransaction(deps, async (trx) => {
    await updateUser(trx, user.id, {
      failed_login_count: 0,
      locked_until: null,
      last_login_at: nowIso(deps),
    });
    const issued = await issueSession(trx, deps, user.id, state === "active", input);
    await recordEvent(
      trx,
      deps,
      { kind: "system", label: "sign-in" },
      {
        action: "session.created",
        targetType: "user",
        targetId: user.id,
        after: { ip: input.ip, mfaPending: state !== "active" },
      },
    );
    return { ...issued, state };
  });
};

export interface SessionContext {
  readonly sessionId: string;
  readonly csrfToken: string;
  readonly state: SessionState;
  readonly actor: UserActor;
  readonly expiresAt: string;
}

/** Resolves a session token to its user and state, sliding the expiry forward as the user works. */
export const resolveSession = async (
  deps: Deps,
  token: string,
  ip: string | null,
): Promise<SessionContext | null> => {
  if (!token || token.length > 200) return null;
  const id = sha256Hex(token);
  const session = await findSession(deps.db, id);
  const now = deps.clock();
  if (!session || session.expires_at <= now.toISOString()) return null;
  const user = await findUserById(deps.db, session.user_id);
  if (!user) return null;
  const memberships = await listMemberships(deps.db, user.id);
  const verified = session.mfa_verified === 1;
  const state: SessionState = verified
    ? "active"
    : user.totp_enabled_at
      ? "mfa_required"
      : "mfa_enrolment_required";
  let expiresAt = session.expires_at;
  if (now.getTime() - new Date(session.last_seen_at).getTime() > 60_000) {
    expiresAt = new Date(now.getTime() + deps.config.sessionTtlHours * 3_600_000).toISOString();
    await touchSession(deps.db, id, now.toISOString(), expiresAt);
  }
  return {
    sessionId: id,
    csrfToken: session.csrf_token,
    state,
    expiresAt,
    actor: {
      kind: "user",
      userId: user.id,
      name: user.name,
      email: user.email,
      memberships,
      mfaVerified: verified,
      via: "session",
      scopes: null,
      ip,
    },
  };
};

const requirePendingSession = async (deps: Deps, token: string) => {
  const ctx = await resolveSession(deps, token, null);
  if (!ctx) throw new AppError("UNAUTHENTICATED", "Your session has expired. Sign in again.");
  return ctx;
};

const limitMfaAttempts = async (deps: Deps, userId: string) => {
  const hits = await hitRateLimit(deps.db, `mfa:${userId}`, windowStart(deps.clock(), 5));
  if (hits > MFA_MAX_ATTEMPTS) {
    throw new AppError("RATE_LIMITED", "Too many verification codes tried. Wait 5 minutes and try again.", {
      retryAfterSeconds: 300,
    });
  }
};

/** Second step: a TOTP code or an unused recovery code. Rotates the session token on success. */
export const verifyMfa = async (
  deps: Deps,
  token: string,
  code: string,
  meta: { ip: string | null; userAgent: string | null },
): Promise<IssuedSession> => {
  const ctx = await requirePendingSession(deps, token);
  if (ctx.state === "active") throw new AppError("CONFLICT", "This session is already verified.");
  if (ctx.state === "mfa_enrolment_required") {
    throw new AppError("MFA_ENROLMENT_REQUIRED", "Set up an authenticator app before you continue.");
  }
  await limitMfaAttempts(deps, ctx.actor.userId);
  const totp = await findUserTotp(deps.db, ctx.actor.userId);
  if (!totp?.totp_secret_enc)
    throw new AppError("MFA_ENROLMENT_REQUIRED", "Set up an authenticator app first.");
  const secret = decryptSecret(deps.masterKey, totp.totp_secret_enc);
  const trimmed = code.trim();
  let method: "totp" | "recovery-code" = "totp";
  const step = matchTotpStep(secret, trimmed, deps.clock());
  if (step !== null) {
    if (!(await acceptTotpStep(deps.db, ctx.actor.userId, step))) {
      throw new AppError(
        "UNAUTHENTICATED",
        "That code was already used. Wait for the next code and enter it.",
      );
    }
  } else {
    const used = await consumeRecoveryCode(
      deps.db,
      ctx.actor.userId,
      sha256Hex(normaliseRecoveryCode(trimmed)),
      nowIso(deps),
    );
    if (!used)
      throw new AppError("UNAUTHENTICATED", "That code is not valid. Enter the current 6-digit code.");
    method = "recovery-code";
  }
  await clearRateLimit(deps.db, `mfa:${ctx.actor.userId}`);
  return inTransaction(deps, async (trx) => {
    await deleteSession(trx, ctx.sessionId);
    const issued = await issueSession(trx, deps, ctx.actor.userId, true, meta);
    await recordEvent(trx, deps, ctx.actor, {
      action: "session.mfa_verified",
      targetType: "user",
      targetId: ctx.actor.userId,
      after: { method },
    });
    return { ...issued, state: "active" as const };
  });
};

export interface MfaEnrolment {
  readonly secret: string;
  readonly otpauthUri: string;
  readonly qrSvg: string;
}

/** Starts (or restarts) TOTP enrolment; the secret is stored encrypted until confirmed. */
export const startMfaEnrolment = async (deps: Deps, token: string): Promise<MfaEnrolment> => {
  const ctx = await requirePendingSession(deps, token);
  const totp = await findUserTotp(deps.db, ctx.actor.userId);
  if (totp?.totp_enabled_at && ctx.state !== "active") {
    throw new AppError("MFA_REQUIRED", "Verify with your current authenticator before setting up a new one.");
  }
  const secret = newTotpSecret();
  await updateUser(deps.db, ctx.actor.userId, { totp_pending_enc: encryptSecret(deps.masterKey, secret) });
  const otpauthUri = totpUri(secret, ctx.actor.email);
  const qrSvg = await QRCode.toString(otpauthUri, { type: "svg", margin: 1, width: 200 });
  return { secret, otpauthUri, qrSvg };
};

export const confirmMfaEnrolment = async (
  deps: Deps,
  token: string,
  code: string,
  meta: { ip: string | null; userAgent: string | null },
): Promise<IssuedSession & { recoveryCodes: string[] }> => {
  const ctx = await requirePendingSession(deps, token);
  await limitMfaAttempts(deps, ctx.actor.userId);
  const totp = await findUserTotp(deps.db, ctx.actor.userId);
  if (!totp?.totp_pending_enc) throw invalid("Start the authenticator set-up first.");
  const secret = decryptSecret(deps.masterKey, totp.totp_pending_enc);
  const step = matchTotpStep(secret, code, deps.clock());
  if (step === null) {
    throw new AppError(
      "UNAUTHENTICATED",
      "That code does not match. Check the time on your phone and try again.",
    );
  }
  const codes = newRecoveryCodes();
  return inTransaction(deps, async (trx) => {
    await updateUser(trx, ctx.actor.userId, {
      totp_secret_enc: totp.totp_pending_enc,
      totp_pending_enc: null,
      totp_last_step: step,
      totp_enabled_at: nowIso(deps),
    });
    await replaceRecoveryCodes(
      trx,
      ctx.actor.userId,
      codes.map((c) => ({ id: deps.newId(), hash: sha256Hex(normaliseRecoveryCode(c)) })),
      nowIso(deps),
    );
    await deleteSession(trx, ctx.sessionId);
    const issued = await issueSession(trx, deps, ctx.actor.userId, true, meta);
    await recordEvent(trx, deps, ctx.actor, {
      action: "user.mfa_enrolled",
      targetType: "user",
      targetId: ctx.actor.userId,
      after: { method: "totp", recoveryCodes: codes.length },
    });
    return { ...issued, state: "active" as const, recoveryCodes: codes };
  });
};

export const signOut = async (deps: Deps, token: string): Promise<void> => {
  const ctx = await resolveSession(deps, token, null);
  if (!ctx) return;
  await inTransaction(deps, async (trx) => {
    await deleteSession(trx, ctx.sessionId);
    await recordEvent(trx, deps, ctx.actor, {
      action: "session.ended",
      targetType: "user",
      targetId: ctx.actor.userId,
    });
  });
};

/** Changes the signed-in user's password; every other session of the user is ended. */
export const changePassword = async (
  deps: Deps,
  anyActor: Actor,
  sessionId: string | null,
  input: { currentPassword: string; newPassword: string },
): Promise<void> => {
  const actor = requireUser(anyActor);
  if (actor.via !== "session")
    throw new AppError("FORBIDDEN", "Change your password from a signed-in browser session.");
  const user = await findUserCredentials(deps.db, actor.email);
  if (!user || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError("UNAUTHENTICATED", "The current password is not correct.");
  }
  checkPasswordStrength(input.newPassword);
  if (input.newPassword === input.currentPassword)
    throw invalid("The new password must differ from the current one.");
  const hash = await hashPassword(input.newPassword);
  await inTransaction(deps, async (trx) => {
    await updateUser(trx, actor.userId, { password_hash: hash });
    await deleteOtherSessions(trx, actor.userId, sessionId);
    await recordEvent(trx, deps, actor, {
      action: "user.password_changed",
      targetType: "user",
      targetId: actor.userId,
    });
  });
};
