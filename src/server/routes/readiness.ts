/** /api routes of the readiness capability (in progress). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../app/deps.js";

export const readinessRoutes =
  (_deps: Deps): FastifyPluginAsyncZod =>
  async () => {};
