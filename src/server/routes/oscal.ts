/** Routes of OSCAL export and import (issue 6 §2). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../app/deps.js";

export const oscalRoutes =
  (_deps: Deps): FastifyPluginAsyncZod =>
  async (_app) => {};
