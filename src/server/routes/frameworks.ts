/** Routes of framework mappings and coverage (issue 6 §1). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../app/deps.js";

export const frameworkRoutes =
  (_deps: Deps): FastifyPluginAsyncZod =>
  async (_app) => {};
