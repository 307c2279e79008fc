/** /api/organizations/:orgId/readiness: scores, requirements, blockers and the trend. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import { getReadiness } from "../../app/use-cases/readiness.js";

export const readinessRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/organizations/:orgId/readiness",
      {
        schema: {
          tags: ["readiness"],
          summary:
            "Readiness per category and overall, the requirements auditors look for, blockers and trend",
          params: z.object({ orgId: z.string().min(1).max(100) }),
          querystring: z.object({ engagementId: z.string().min(1).max(100).optional() }),
        },
      },
      async (request) => getReadiness(deps, request.actor, request.params.orgId, request.query.engagementId),
    );
  };
