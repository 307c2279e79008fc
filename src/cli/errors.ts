import { type ErrorCode, isAppError } from "../core/errors.js";

/**
 * The one table from error codes to exit codes. 2 means the user's input or flags were wrong,
 * 4 that an integrity check (audit chain, signature) found a problem.
 */
export const EXIT_CODES: Record<ErrorCode, number> = {
  VALIDATION: 2,
  UNAUTHENTICATED: 1,
  MFA_REQUIRED: 1,
  MFA_ENROLMENT_REQUIRED: 1,
  FORBIDDEN: 1,
  CSRF: 1,
  NOT_FOUND: 3,
  CONFLICT: 1,
  INDEPENDENCE: 1,
  GUARD_FAILED: 1,
  RATE_LIMITED: 1,
  LOCKED: 1,
  PAYLOAD_TOO_LARGE: 2,
  UNSUPPORTED_MEDIA_TYPE: 2,
  INTEGRITY: 4,
  UNAVAILABLE: 5,
  CANCELLED: 130,
  INTERNAL: 1,
};

/** One clear line on stderr and the exit code for the error; never a stack trace. */
export const reportCliError = (
  error: unknown,
  write: (line: string) => void = (l) => process.stderr.write(l),
) => {
  if (isAppError(error)) {
    write(`fieldwork: ${error.message}\n`);
    return EXIT_CODES[error.code];
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`fieldwork: unexpected error: ${message}\n`);
  return 1;
};
