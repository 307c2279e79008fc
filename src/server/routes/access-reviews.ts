/** Routes of access review campaigns (issue 7 §3). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../app/deps.js";

export const accessReviewRoutes =
  (_deps: Deps): FastifyPluginAsyncZod =>
  async (_app) => {};
