/** Routes of the fieldwork capability: workpapers, test results, exceptions, management responses and the opinion. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../app/deps.js";

export const workpaperRoutes =
  (_deps: Deps): FastifyPluginAsyncZod =>
  async (_app) => {};
