/** Routes of engagement as code: YAML export and import (issue 6 §4). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../app/deps.js";

export const engagementCodeRoutes =
  (_deps: Deps): FastifyPluginAsyncZod =>
  async (_app) => {};
