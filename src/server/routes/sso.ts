/** Routes of OpenID Connect single sign-on (issue 6 §5). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../app/deps.js";

export const ssoRoutes =
  (_deps: Deps): FastifyPluginAsyncZod =>
  async (_app) => {};
