/** TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, one step of drift) and recovery codes. */
import { randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";

const ISSUER = "Fieldwork";

const totpFor = (secretBase32: string, label: string) =>
  new TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secretBase32),
  });

export const newTotpSecret = (): string => new Secret({ buffer: randomBytes(20).buffer }).base32;

export const totpUri = (secretBase32: string, label: string): string =>
  totpFor(secretBase32, label).toString();

export const currentTotp = (secretBase32: string, at: Date): string =>
  totpFor(secretBase32, "x").generate({ timestamp: at.getTime() });

/**
 * The time step the code belongs to when it matches the current step or one step either side,
 * else null. Callers refuse a step at or before the last one accepted, so a code works once.
 */
export const matchTotpStep = (secretBase32: string, code: string, at: Date): number | null => {
  const clean = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(clean)) return null;
  const delta = totpFor(secretBase32, "x").validate({ token: clean, timestamp: at.getTime(), window: 1 });
  return delta === null ? null : Math.floor(at.getTime() / 30_000) + delta;
};

/** True when the code matches the current step or one step either side. */
export const checkTotp = (secretBase32: string, code: string, at: Date): boolean =>
  matchTotpStep(secretBase32, code, at) !== null;

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** Ten codes like "k7dx-p2m9-qr4t": 60 bits each, shown once, stored hashed. */
export const newRecoveryCodes = (count = 10): string[] =>
  Array.from({ length: count }, () => {
    const bytes = randomBytes(12);
    const chars = Array.from(bytes, (b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join("");
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });

export const normaliseRecoveryCode = (code: string): string => code.trim().toLowerCase().replace(/\s+/g, "");
