/** Routes of the risk register and annual risk assessments (issue 7 §1). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../app/deps.js";

export const riskRoutes =
  (_deps: Deps): FastifyPluginAsyncZod =>
  async (_app) => {};
