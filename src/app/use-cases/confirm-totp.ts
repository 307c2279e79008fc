/**
 * Re-confirmation with the user's current authenticator code before a weighty act (signing a report,
 * accepting management's written representations): the code is accepted once (as at sign-in), and
 * five tries per five minutes per purpose keep it from being guessed.
 */
import { AppError } from "../../core/errors.js";
import { hitRateLimit } from "../../db/repositories/sessions.js";
import { acceptTotpStep, findUserTotp } from "../../db/repositories/users.js";
import type { Deps } from "../deps.js";
import { decryptSecret } from "../security/crypto.js";
import { matchTotpStep } from "../security/totp.js";

export interface TotpPurpose {
  /** Rate-limit bucket, e.g. "report-mfa". */
  readonly key: string;
  /** Completes "Set up an authenticator app before you …". */
  readonly action: string;
}

/** The user's enrolled authenticator secret (encrypted); MFA_ENROLMENT_REQUIRED without one. */
export const enrolledTotpSecret = async (deps: Deps, userId: string, action: string): Promise<string> => {
  const totp = await findUserTotp(deps.db, userId);
  if (!totp?.totp_secret_enc) {
    throw new AppError("MFA_ENROLMENT_REQUIRED", `Set up an authenticator app before you ${action}.`);
  }
  return totp.totp_secret_enc;
};

/** Five tries per five minutes in `bucket`, so a code cannot be guessed by brute force. */
export const limitCodeAttempts = async (deps: Deps, bucket: string, message: string): Promise<void> => {
  const windowMs = 5 * 60_000;
  const windowStart = new Date(Math.floor(deps.clock().getTime() / windowMs) * windowMs).toISOString();
  if ((await hitRateLimit(deps.db, bucket, windowStart)) > 5) {
    throw new AppError("RATE_LIMITED", message, { retryAfterSeconds: 300 });
  }
};

/** Accepts the current authenticator code once: its time step is remembered, so a replay fails. */
export const acceptTotpCode = async (
  deps: Deps,
  userId: string,
  secretEncrypted: string,
  code: string,
): Promise<void> => {
  const secret = decryptSecret(deps.masterKey, secretEncrypted);
  const step = matchTotpStep(secret, code, deps.clock());
  if (step === null) {
    throw new AppError(
      "FORBIDDEN",
      "That authenticator code does not match. Enter the current 6-digit code.",
    );
  }
  if (!(await acceptTotpStep(deps.db, userId, step))) {
    throw new AppError(
      "FORBIDDEN",
      "That authenticator code was already used. Wait for the next code and enter it.",
    );
  }
};

export const confirmTotpCode = async (
  deps: Deps,
  userId: string,
  code: string,
  purpose: TotpPurpose,
): Promise<void> => {
  const secret = await enrolledTotpSecret(deps, userId, purpose.action);
  await limitCodeAttempts(
    deps,
    `${purpose.key}:${userId}`,
    "Too many authenticator codes tried. Wait 5 minutes and try again.",
  );
  await acceptTotpCode(deps, userId, secret, code);
};
