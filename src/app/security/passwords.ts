/** Password hashing with argon2id (OWASP parameters: 19 MiB, 2 iterations, 1 lane). */
import { hash, verify } from "@node-rs/argon2";

// Algorithm.Argon2id from @node-rs/argon2 is an ambient const enum (2), which isolated modules cannot import.
const ARGON2ID = 2;

import { invalid } from "../../core/errors.js";

const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;

export const checkPasswordStrength = (password: string): void => {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalid(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
  if (password.length > 256) throw invalid("The password must be at most 256 characters long.");
};

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export const verifyPassword = async (stored: string, password: string): Promise<boolean> => {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
};

/** A real argon2id hash of a random string: unknown e-mail addresses cost the same time as known ones. */
let dummyHash: Promise<string> | null = null;
export const dummyPasswordHash = (): Promise<string> => {
  dummyHash ??= hash("fieldwork-timing-equaliser", OPTIONS);
  return dummyHash;
};
