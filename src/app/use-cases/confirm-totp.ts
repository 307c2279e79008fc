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

export const confirmTotpCode = async (
  deps: Deps,
  userId: string,
  code: string,
  purpose: TotpPurpose,
): Promise<void> => {
  const totp = await findUserTotp(deps.db, userId);
  if (!totp?.totp_secret_enc) {
    throw new AppError("MFA_ENROLMENT_REQUIRED", `Set up an authenticator app before you ${purpose.action}.`);
  }
  const windowMs = 5 * 60_000;
  const windowStart = new Date(Math.floor(deps.clock().getTime() / windowMs) * windowMs).toISOString();
  if ((await hitRateLimit(deps.db, `${purpose.key}:${userId}`, windowStart)) > 5) {
    throw new AppError("RATE_LIMITED", "Too many authenticator codes tried. Wait 5 minutes and try again.", {
      retryAfterSeconds: 300,
    });
  }
  const secret = decryptSecret(deps.masterKey, totp.totp_secret_enc);
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
