/**
 * The one error type of Fieldwork. Every layer throws AppError with a code from a closed set;
 * the server maps codes to HTTP statuses once (src/server/errors.ts) and the CLI maps them to
 * exit codes once (src/cli/errors.ts). Messages say what was wrong and what to do.
 */
export const ERROR_CODES = [
  "VALIDATION",
  "UNAUTHENTICATED",
  "MFA_REQUIRED",
  "MFA_ENROLMENT_REQUIRED",
  "FORBIDDEN",
  "CSRF",
  "NOT_FOUND",
  "CONFLICT",
  "INDEPENDENCE",
  "GUARD_FAILED",
  "RATE_LIMITED",
  "LOCKED",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "INTEGRITY",
  "UNAVAILABLE",
  "CANCELLED",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorDetails = Record<string, unknown> | readonly unknown[] | undefined;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
}

export const isAppError = (value: unknown): value is AppError => value instanceof AppError;

/** Shorthands keep call sites short and the messages consistent. */
export const notFound = (what: string): AppError =>
  new AppError("NOT_FOUND", `${what} was not found, or you do not have access to it.`);

export const forbidden = (message: string): AppError => new AppError("FORBIDDEN", message);

export const invalid = (message: string, details?: ErrorDetails): AppError =>
  new AppError("VALIDATION", message, details);
