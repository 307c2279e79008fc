/** Routes of the incident register (issue 7 §4). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../app/deps.js";

export const incidentRoutes =
  (_deps: Deps): FastifyPluginAsyncZod =>
  async (_app) => {};
