/** Routes of the trust portal — public report listing, NDA-gated access requests, approvals and watermarked downloads. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../app/deps.js";

export const trustPortalRoutes =
  (_deps: Deps): FastifyPluginAsyncZod =>
  async (_app) => {};
