/** /api routes of the evidence capability (in progress). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../app/deps.js";

export const evidenceRoutes =
  (_deps: Deps): FastifyPluginAsyncZod =>
  async () => {};
