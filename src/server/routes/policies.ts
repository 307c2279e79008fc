/** /api routes of the policies capability (in progress). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../app/deps.js";

export const policiesRoutes =
  (_deps: Deps): FastifyPluginAsyncZod =>
  async () => {};
