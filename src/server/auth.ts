/**
 * Authentication at the edge: who is calling (session cookie or bearer token) and CSRF for cookie
 * sessions. What the caller may do is decided in the use-cases.
 */
import type {} from "@fastify/cookie";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Actor } from "../app/actor.js";
import { isBehindTls } from "../app/config.js";
import type { Deps } from "../app/deps.js";
import { safeEqual } from "../app/security/crypto.js";
import { resolveApiToken } from "../app/use-cases/api-tokens.js";
import { resolveSession, type SessionContext } from "../app/use-cases/sign-in.js";
import { AppError } from "../core/errors.js";

export const SESSION_COOKIE = "fw_session";
export const CSRF_HEADER = "x-csrf-token";

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor;
    session: SessionContext | null;
    sessionToken: string | null;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Routes a cookie session may call without a CSRF token: none needs one before a session exists. */
const CSRF_EXEMPT = new Set(["/api/auth/login"]);

export const installAuthentication = (app: FastifyInstance, deps: Deps): void => {
  app.decorateRequest("actor", null as never);
  app.decorateRequest("session", null);
  app.decorateRequest("sessionToken", null);
  app.addHook("onRequest", async (request) => {
    request.actor = { kind: "public", ip: request.ip };
    if (!request.url.startsWith("/api/")) return;
    const auth = request.headers.authorization;
    if (auth) {
      const match = /^Bearer\s+(\S+)$/i.exec(auth);
      if (!match?.[1]) throw new AppError("UNAUTHENTICATED", "Use 'Authorization: Bearer <token>'.");
      request.actor = await resolveApiToken(deps, match[1], request.ip);
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await resolveSession(deps, token, request.ip);
    if (!session) return;
    request.session = session;
    request.sessionToken = token;
    request.actor = session.actor;
    const path = request.url.split("?")[0] ?? "";
    if (!SAFE_METHODS.has(request.method) && !CSRF_EXEMPT.has(path)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== "string" || !safeEqual(sent, session.csrfToken)) {
        throw new AppError("CSRF", "The request is missing its CSRF token. Reload the page and try again.");
      }
    }
  });
};

export const setSessionCookie = (reply: FastifyReply, deps: Deps, token: string, expiresAt: string): void => {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: isBehindTls(deps.config),
    path: "/",
    expires: new Date(expiresAt),
  });
};

export const clearSessionCookie = (reply: FastifyReply, deps: Deps): void => {
  void reply.clearCookie(SESSION_COOKIE, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: isBehindTls(deps.config),
  });
};

export const requireSessionToken = (request: FastifyRequest): string => {
  const token = request.sessionToken ?? request.cookies[SESSION_COOKIE];
  if (!token) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  return token;
};

export const clientMeta = (request: FastifyRequest) => ({
  ip: request.ip,
  userAgent: request.headers["user-agent"] ?? null,
});
