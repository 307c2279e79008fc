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
import Fastify, { type FastifyInstance } from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { isBehindTls } from "../app/config.js";
import type { Deps } from "../app/deps.js";
import { installAuthentication } from "./auth.js";
import { errorBody, installErrorHandling } from "./errors.js";
import { authRoutes } from "./routes/auth.js";
import { engagementRoutes } from "./routes/engagements.js";
import { publicRoutes } from "./routes/public.js";
import { tenantRoutes } from "./routes/tenants.js";

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

export const buildServer = async (deps: Deps, options: ServerOptions = {}): Promise<FastifyInstance> => {
  const app = Fastify({
    logger: deps.config.logLevel === "silent" ? false : { level: deps.config.logLevel },
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: deps.config.trustProxy,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

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
