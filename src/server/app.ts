/**
 * The Fastify server: security headers, body limits, authentication, one route module per resource,
 * the OpenAPI document at /api/docs and the built web UI. Routes are thin adapters over use-cases.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { isBehindTls } from "../app/config.js";
import type { Deps } from "../app/deps.js";
import { AppError } from "../core/errors.js";
import { installAuthentication } from "./auth.js";
import { errorBody, installErrorHandling } from "./errors.js";
import { accessReviewRoutes } from "./routes/access-reviews.js";
import { auditProgramRoutes } from "./routes/audit-program.js";
import { authRoutes } from "./routes/auth.js";
import { controlRoutes } from "./routes/controls.js";
import { engagementCodeRoutes } from "./routes/engagement-code.js";
import { engagementDocumentRoutes } from "./routes/engagement-documents.js";
import { engagementRoutes } from "./routes/engagements.js";
import { evidenceRoutes } from "./routes/evidence.js";
import { frameworkRoutes } from "./routes/frameworks.js";
import { incidentRoutes } from "./routes/incidents.js";
import { oscalRoutes } from "./routes/oscal.js";
import { oscalImportRoutes } from "./routes/oscal-import.js";
import { policiesRoutes } from "./routes/policies.js";
import { populationRoutes } from "./routes/populations.js";
import { publicRoutes } from "./routes/public.js";
import { readinessRoutes } from "./routes/readiness.js";
import { reportCurrencyRoutes } from "./routes/report-currency.js";
import { reportRoutes } from "./routes/reports.js";
import { requestsRoutes } from "./routes/requests.js";
import { riskRoutes } from "./routes/risks.js";
import { soc3BridgeRoutes } from "./routes/soc3-bridge.js";
import { spreadsheetRoutes } from "./routes/spreadsheets.js";
import { ssoRoutes } from "./routes/sso.js";
import { systemDescriptionRoutes } from "./routes/system-description.js";
import { tenantRoutes } from "./routes/tenants.js";
import { trustPortalRoutes } from "./routes/trust-portal.js";
import { vendorRoutes } from "./routes/vendors.js";
import { workpaperRoutes } from "./routes/workpapers.js";

export const VERSION = "0.1.0";

declare module "fastify" {
  interface FastifyInstance {
    apiRoutes: readonly { method: string; url: string }[];
  }
}

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const WEB_DIST = join(packageRoot, "web", "dist");

export interface ServerOptions {
  /** Serve the built web UI from web/dist when it exists (default true). */
  readonly serveWeb?: boolean;
}

/** Router errors (a malformed or far too long URL) get the one error shape too. */
const routerError = (error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void => {
  const message =
    error.code === "FST_ERR_MAX_PARAM_LENGTH"
      ? "A path parameter in the URL is too long."
      : "The URL is not valid.";
  // Helmet's hooks do not run for router errors, so this reply carries the essential headers itself.
  void reply
    .headers({
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
    })
    .status(400)
    .send(errorBody("VALIDATION", message));
};

/** The path of the first string inside `value` that holds a NUL character, or null. */
const findNulCharacter = (value: unknown, root: string): string | null => {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [item, path] = stack.pop()!;
    if (typeof item === "string") {
      if (item.includes("\u0000")) return path;
    } else if (ArrayBuffer.isView(item)) {
      // A raw upload (a Buffer) is bytes, not text: walking it byte by byte took seconds per MB,
      // and its reader checks the text it stores (e.g. the request-list import).
    } else if (Array.isArray(item)) {
      for (const [i, v] of item.entries()) stack.push([v, `${path}.${i}`]);
    } else if (item !== null && typeof item === "object") {
      for (const [k, v] of Object.entries(item)) {
        if (k.includes("\u0000")) return path;
        stack.push([v, `${path}.${k}`]);
      }
    }
  }
  return null;
};

export const buildServer = async (deps: Deps, options: ServerOptions = {}): Promise<FastifyInstance> => {
  const app = Fastify({
    logger: deps.config.logLevel === "silent" ? false : { level: deps.config.logLevel },
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: deps.config.trustProxy,
    // Longer than any route's own limit, so an over-long id reaches the schema and is named there.
    routerOptions: { maxParamLength: 500 },
    frameworkErrors: routerError,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  // The API speaks JSON only: a text/plain body is 415, not a string handed to the schema.
  app.removeContentTypeParser("text/plain");
  // PostgreSQL text cannot hold NUL characters: refuse them here with a 400, never a database fault.
  app.addHook("preValidation", async (request) => {
    for (const [part, value] of [
      ["params", request.params],
      ["querystring", request.query],
      ["body", request.body],
    ] as const) {
      const at = findNulCharacter(value, part);
      if (at) throw new AppError("VALIDATION", `${at}: must not contain NUL characters.`);
    }
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine injects its CSS variables at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: isBehindTls(deps.config) ? [] : null,
      },
    },
    hsts: isBehindTls(deps.config) ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "same-origin" },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Fieldwork API",
        version: VERSION,
        description:
          "SOC 2 engagement platform. Browser sessions use the fw_session cookie plus the x-csrf-token header on changes; the CLI and pipelines use 'Authorization: Bearer fwk_…' API tokens.",
      },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "fw_session" },
          token: { type: "http", scheme: "bearer" },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  installAuthentication(app, deps);
  // Every API route is recorded so tests can walk them all (tenant isolation, error shapes).
  const apiRoutes: { method: string; url: string }[] = [];
  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/") || route.url === "/api/docs") return;
    for (const method of [route.method].flat())
      if (method !== "HEAD") apiRoutes.push({ method, url: route.url });
  });
  app.decorate("apiRoutes", apiRoutes);

  await app.register(publicRoutes(deps, VERSION));
  await app.register(authRoutes(deps));
  await app.register(tenantRoutes(deps));
  await app.register(engagementRoutes(deps));
  await app.register(controlRoutes(deps));
  await app.register(evidenceRoutes(deps));
  await app.register(policiesRoutes(deps));
  await app.register(readinessRoutes(deps));
  await app.register(requestsRoutes(deps));
  await app.register(systemDescriptionRoutes(deps));
  await app.register(auditProgramRoutes(deps));
  await app.register(populationRoutes(deps));
  await app.register(workpaperRoutes(deps));
  await app.register(reportRoutes(deps));
  await app.register(soc3BridgeRoutes(deps));
  await app.register(reportCurrencyRoutes(deps));
  await app.register(trustPortalRoutes(deps));
  await app.register(engagementDocumentRoutes(deps));
  await app.register(riskRoutes(deps));
  await app.register(vendorRoutes(deps));
  await app.register(accessReviewRoutes(deps));
  await app.register(incidentRoutes(deps));
  await app.register(frameworkRoutes(deps));
  await app.register(oscalRoutes(deps));
  await app.register(oscalImportRoutes(deps));
  await app.register(spreadsheetRoutes(deps));
  await app.register(engagementCodeRoutes(deps));
  await app.register(ssoRoutes(deps));
  app.get("/api/docs", { schema: { hide: true } }, async () => app.swagger());

  const serveWeb = (options.serveWeb ?? true) && existsSync(join(WEB_DIST, "index.html"));
  if (serveWeb) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: ["index.html"] });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    if (serveWeb && request.method === "GET" && !path.startsWith("/api/")) {
      return reply.type("text/html").sendFile("index.html");
    }
    return reply.status(404).send(errorBody("NOT_FOUND", `No route ${request.method} ${path}.`));
  });
  return app;
};
