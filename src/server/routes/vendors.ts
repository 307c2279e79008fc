/** Routes of vendors, assurance reports and the vendor questionnaire (issue 7 §2). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../app/deps.js";

export const vendorRoutes =
  (_deps: Deps): FastifyPluginAsyncZod =>
  async (_app) => {};
