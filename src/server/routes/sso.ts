/**
 * Routes of OpenID Connect single sign-on (issue 6 §5): discovery by e-mail, the browser redirects
 * to and from the provider, and the settings of a firm's or organization's provider.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { isBehindTls } from "../../app/config.js";
import type { Deps } from "../../app/deps.js";
import {
  getSsoSettings,
  removeSsoSettings,
  SaveSsoSettingsSchema,
  saveSsoSettings,
} from "../../app/use-cases/sso-settings.js";
import { completeSsoSignIn, findSsoForEmail, startSsoSignIn } from "../../app/use-cases/sso-sign-in.js";
import { isAppError } from "../../core/errors.js";
import { SSO_LOGIN_STATE_MINUTES } from "../../core/sso.js";
import { clientMeta, setSessionCookie } from "../auth.js";

const SSO_COOKIE = "fw_sso";
const SSO_COOKIE_PATH = "/api/auth/sso";
const FirmParams = z.object({ firmId: z.string().min(1).max(100) });
const OrgParams = z.object({ orgId: z.string().min(1).max(100) });

const originOf = (deps: Deps, request: FastifyRequest): string =>
  deps.config.publicUrl?.replace(/\/+$/, "") ?? `${request.protocol}://${request.host}`;

export const ssoCallbackUrl = (deps: Deps, request: FastifyRequest): string =>
  `${originOf(deps, request)}/api/auth/sso/callback`;

/** Browser routes answer with a redirect to the sign-in page that shows the reason. */
const toLogin = (reply: FastifyReply, error: unknown) => {
  if (!isAppError(error) || error.code === "INTERNAL") throw error;
  const q = new URLSearchParams({ sso_error: error.message, sso_code: error.code });
  return reply.redirect(`/login?${q.toString()}`, 302);
};

export const ssoRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/auth/sso/providers",
      {
        schema: {
          tags: ["auth"],
          summary: "Single sign-on available for an e-mail address (by its domain)",
          querystring: z.object({ email: z.string().trim().min(3).max(320) }),
        },
      },
      async (request) => ({ providers: await findSsoForEmail(deps, request.query.email) }),
    );

    app.get(
      "/api/auth/sso/start",
      {
        schema: {
          tags: ["auth"],
          summary: "Start signing in with a firm's or organization's identity provider (redirects)",
          querystring: z.object({
            tenant: z.string().max(120).optional(),
            email: z.string().trim().max(320).optional(),
          }),
        },
      },
      async (request, reply) => {
        try {
          const started = await startSsoSignIn(deps, {
            tenant: request.query.tenant,
            email: request.query.email,
            redirectUri: ssoCallbackUrl(deps, request),
            ip: request.ip,
          });
          void reply.setCookie(SSO_COOKIE, started.browserToken, {
            httpOnly: true,
            sameSite: "lax",
            secure: isBehindTls(deps.config),
            path: SSO_COOKIE_PATH,
            maxAge: SSO_LOGIN_STATE_MINUTES * 60,
          });
          return reply.redirect(started.authorizationUrl, 302);
        } catch (error) {
          return toLogin(reply, error);
        }
      },
    );

    app.get(
      "/api/auth/sso/callback",
      {
        schema: {
          tags: ["auth"],
          summary: "The identity provider's answer: signs in and redirects to the app",
          querystring: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
        },
      },
      async (request, reply) => {
        void reply.clearCookie(SSO_COOKIE, { path: SSO_COOKIE_PATH });
        try {
          const issued = await completeSsoSignIn(deps, {
            query: request.url.split("?")[1] ?? "",
            browserToken: request.cookies[SSO_COOKIE] ?? null,
            ...clientMeta(request),
          });
          setSessionCookie(reply, deps, issued.token, issued.expiresAt);
          return reply.redirect(issued.joined ? "/login?sso_joined=1" : "/login", 302);
        } catch (error) {
          return toLogin(reply, error);
        }
      },
    );

    app.get(
      "/api/firms/:firmId/sso",
      {
        schema: {
          tags: ["firms"],
          summary: "The firm's single sign-on settings (firm admin)",
          params: FirmParams,
        },
      },
      async (request) => ({
        ...(await getSsoSettings(deps, request.actor, "firm", request.params.firmId)),
        callbackUrl: ssoCallbackUrl(deps, request),
      }),
    );
    app.put(
      "/api/firms/:firmId/sso",
      {
        schema: {
          tags: ["firms"],
          summary: "Set up or change the firm's single sign-on (firm admin)",
          params: FirmParams,
          body: SaveSsoSettingsSchema,
        },
      },
      async (request) => ({
        ...(await saveSsoSettings(deps, request.actor, "firm", request.params.firmId, request.body)),
        callbackUrl: ssoCallbackUrl(deps, request),
      }),
    );
    app.delete(
      "/api/firms/:firmId/sso",
      {
        schema: {
          tags: ["firms"],
          summary: "Remove the firm's single sign-on (firm admin)",
          params: FirmParams,
        },
      },
      async (request) => {
        await removeSsoSettings(deps, request.actor, "firm", request.params.firmId);
        return { ok: true };
      },
    );

    app.get(
      "/api/organizations/:orgId/sso",
      {
        schema: {
          tags: ["organizations"],
          summary: "The organization's single sign-on settings (organization admin)",
          params: OrgParams,
        },
      },
      async (request) => ({
        ...(await getSsoSettings(deps, request.actor, "org", request.params.orgId)),
        callbackUrl: ssoCallbackUrl(deps, request),
      }),
    );
    app.put(
      "/api/organizations/:orgId/sso",
      {
        schema: {
          tags: ["organizations"],
          summary: "Set up or change the organization's single sign-on (organization admin)",
          params: OrgParams,
          body: SaveSsoSettingsSchema,
        },
      },
      async (request) => ({
        ...(await saveSsoSettings(deps, request.actor, "org", request.params.orgId, request.body)),
        callbackUrl: ssoCallbackUrl(deps, request),
      }),
    );
    app.delete(
      "/api/organizations/:orgId/sso",
      {
        schema: {
          tags: ["organizations"],
          summary: "Remove the organization's single sign-on (organization admin)",
          params: OrgParams,
        },
      },
      async (request) => {
        await removeSsoSettings(deps, request.actor, "org", request.params.orgId);
        return { ok: true };
      },
    );
  };
