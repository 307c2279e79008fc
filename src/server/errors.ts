/**
 * The one table from error codes to HTTP statuses, and the error handler that turns anything thrown
 * into `{"error":{"code","message","details"}}`. Nothing a user sends produces a 500; a real fault
 * gives a 500 with a generic message and no stack trace.
 */
import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { type ErrorCode, isAppError } from "../core/errors.js";

export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  MFA_REQUIRED: 401,
  MFA_ENROLMENT_REQUIRED: 403,
  FORBIDDEN: 403,
  CSRF: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INDEPENDENCE: 409,
  GUARD_FAILED: 409,
  RATE_LIMITED: 429,
  LOCKED: 423,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTEGRITY: 409,
  UNAVAILABLE: 503,
  CANCELLED: 409,
  INTERNAL: 500,
};

export const errorBody = (code: ErrorCode, message: string, details?: unknown) => ({
  error: { code, message, details: details ?? null },
});

const fromFastifyCode: Record<string, { status: number; code: ErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
    message: "The request body is too large.",
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
    message: "Send the request body as application/json.",
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: "VALIDATION",
    message: "The Content-Length header is wrong.",
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: "VALIDATION",
    message: "The JSON request body is empty.",
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: "VALIDATION",
    message: "The request body is not valid JSON.",
  },
};

export const installErrorHandling = (app: FastifyInstance): void => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isAppError(error)) {
      const status = HTTP_STATUS[error.code];
      const retry = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retry) void reply.header("retry-after", String(retry));
      return reply.status(status).send(errorBody(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        path: `${error.validationContext ?? "body"}${v.instancePath.replaceAll("/", ".")}`,
        message: v.message,
      }));
      const first = issues[0];
      return reply
        .status(400)
        .send(
          errorBody(
            "VALIDATION",
            first ? `${first.path}: ${first.message}` : "The request is not valid.",
            issues,
          ),
        );
    }
    const mapped = error.code ? fromFastifyCode[error.code] : undefined;
    if (mapped) return reply.status(mapped.status).send(errorBody(mapped.code, mapped.message));
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send(errorBody("VALIDATION", error.message));
    }
    request.log.error({ err: error }, "unhandled error");
    return reply
      .status(500)
      .send(errorBody("INTERNAL", "Something went wrong on the server. The error was logged."));
  });
};
