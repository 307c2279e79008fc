/** Routes of xlsx exports and imports (issue 6 §3). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../app/deps.js";

export const spreadsheetRoutes =
  (_deps: Deps): FastifyPluginAsyncZod =>
  async (_app) => {};
