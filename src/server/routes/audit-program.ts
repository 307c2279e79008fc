/** Routes of the fieldwork capability: audit program, evidence request generation and roll-forward. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../app/deps.js";

export const auditProgramRoutes =
  (_deps: Deps): FastifyPluginAsyncZod =>
  async (_app) => {};
