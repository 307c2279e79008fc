/** /api routes of the controls capability (in progress). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../app/deps.js";

export const controlRoutes =
  (_deps: Deps): FastifyPluginAsyncZod =>
  async () => {};
