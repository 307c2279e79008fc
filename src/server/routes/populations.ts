/** Routes of the fieldwork capability: populations, samples and full-population tests. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../app/deps.js";

export const populationRoutes =
  (_deps: Deps): FastifyPluginAsyncZod =>
  async (_app) => {};
