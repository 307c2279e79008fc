/** /api routes of the requests capability (in progress). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../app/deps.js";

export const requestsRoutes =
  (_deps: Deps): FastifyPluginAsyncZod =>
  async () => {};
