/** Routes of reports — drafts, comments, the firm's signing certificate, issuance, SOC 3 and bridge letters. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../app/deps.js";

export const reportRoutes =
  (_deps: Deps): FastifyPluginAsyncZod =>
  async (_app) => {};
