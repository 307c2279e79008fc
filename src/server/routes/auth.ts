/** /api/auth: sign-in, MFA, session, sign-out and API tokens. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import {
  CreateApiTokenSchema,
  createApiToken,
  listMyApiTokens,
  revokeMyApiToken,
} from "../../app/use-cases/api-tokens.js";
import {
  changePassword,
  confirmMfaEnrolment,
  resolveSession,
  signIn,
  signOut,
  startMfaEnrolment,
  verifyMfa,
} from "../../app/use-cases/sign-in.js";
import { sessionProfile } from "../../app/use-cases/tenants.js";
import { AppError } from "../../core/errors.js";
import { clearSessionCookie, clientMeta, requireSessionToken, setSessionCookie } from "../auth.js";

const CodeSchema = z.object({ code: z.string().trim().min(6).max(20) });
const IdParams = z.object({ id: z.string().min(1).max(100) });

export const authRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      "/api/auth/login",
      {
        schema: {
          tags: ["auth"],
          summary: "Sign in with e-mail and password",
          body: z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(256) }),
        },
      },
      async (request, reply) => {
        const issued = await signIn(deps, { ...request.body, ...clientMeta(request) });
        setSessionCookie(reply, deps, issued.token, issued.expiresAt);
        return { state: issued.state, csrfToken: issued.csrfToken };
      },
    );

    app.post(
      "/api/auth/mfa/verify",
      { schema: { tags: ["auth"], summary: "Second step: a TOTP or recovery code", body: CodeSchema } },
      async (request, reply) => {
        const issued = await verifyMfa(
          deps,
          requireSessionToken(request),
          request.body.code,
          clientMeta(request),
        );
        setSessionCookie(reply, deps, issued.token, issued.expiresAt);
        return { state: issued.state, csrfToken: issued.csrfToken };
      },
    );

    app.post(
      "/api/auth/mfa/enrol",
      { schema: { tags: ["auth"], summary: "Start authenticator enrolment" } },
      async (request) => startMfaEnrolment(deps, requireSessionToken(request)),
    );

    app.post(
      "/api/auth/mfa/enrol/confirm",
      {
        schema: {
          tags: ["auth"],
          summary: "Confirm enrolment with a code; returns recovery codes once",
          body: CodeSchema,
        },
      },
      async (request, reply) => {
        const issued = await confirmMfaEnrolment(
          deps,
          requireSessionToken(request),
          request.body.code,
          clientMeta(request),
        );
        setSessionCookie(reply, deps, issued.token, issued.expiresAt);
        return { state: issued.state, csrfToken: issued.csrfToken, recoveryCodes: issued.recoveryCodes };
      },
    );

    app.post(
      "/api/auth/logout",
      { schema: { tags: ["auth"], summary: "Sign out" } },
      async (request, reply) => {
        if (request.sessionToken) await signOut(deps, request.sessionToken);
        clearSessionCookie(reply, deps);
        return { ok: true };
      },
    );

    app.get(
      "/api/auth/session",
      { schema: { tags: ["auth"], summary: "The current session" } },
      async (request) => {
        const token = request.sessionToken;
        const session = token ? await resolveSession(deps, token, request.ip) : null;
        const actor = session?.actor ?? (request.actor.kind === "user" ? request.actor : null);
        if (!actor) throw new AppError("UNAUTHENTICATED", "You are not signed in.");
        return {
          ...(await sessionProfile(deps, actor, session?.state ?? "active")),
          csrfToken: session?.csrfToken ?? null,
        };
      },
    );

    app.post(
      "/api/auth/password",
      {
        schema: {
          tags: ["auth"],
          summary: "Change your password (ends your other sessions)",
          body: z.object({
            currentPassword: z.string().min(1).max(256),
            newPassword: z.string().min(1).max(256),
          }),
        },
      },
      async (request) => {
        await changePassword(deps, request.actor, request.session?.sessionId ?? null, request.body);
        return { ok: true };
      },
    );

    app.get(
      "/api/auth/tokens",
      { schema: { tags: ["auth"], summary: "Your API tokens" } },
      async (request) => ({
        tokens: await listMyApiTokens(deps, request.actor),
      }),
    );

    app.post(
      "/api/auth/tokens",
      { schema: { tags: ["auth"], summary: "Create an API token (shown once)", body: CreateApiTokenSchema } },
      async (request, reply) =>
        reply.status(201).send(await createApiToken(deps, request.actor, request.body)),
    );

    app.delete(
      "/api/auth/tokens/:id",
      { schema: { tags: ["auth"], summary: "Revoke an API token", params: IdParams } },
      async (request) => {
        await revokeMyApiToken(deps, request.actor, request.params.id);
        return { ok: true };
      },
    );
  };
