/** Routes of engagement letters and management representation letters (issue 5 §4). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../app/deps.js";

export const engagementDocumentRoutes =
  (_deps: Deps): FastifyPluginAsyncZod =>
  async (_app) => {};
