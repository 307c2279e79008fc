/**
 * Routes of framework mappings and coverage (issue 6 §1): /api/frameworks, an organization's
 * coverage of one framework, and what else a control satisfies.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import {
  getControlFrameworks,
  getFramework,
  getFrameworkCoverage,
  listFrameworks,
} from "../../app/use-cases/frameworks.js";

const Id = z.string().min(1).max(100);
const tags = ["frameworks"];

export const frameworkRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/frameworks",
      { schema: { tags, summary: "The frameworks mapped to the criteria, with counts" } },
      async (request) => ({ frameworks: listFrameworks(request.actor) }),
    );
    app.get(
      "/api/frameworks/:frameworkId",
      {
        schema: {
          tags,
          summary: "A framework's requirements and its mappings to the criteria",
          params: z.object({ frameworkId: Id }),
        },
      },
      async (request) => getFramework(request.actor, request.params.frameworkId),
    );
    app.get(
      "/api/organizations/:orgId/framework-coverage",
      {
        schema: {
          tags,
          summary: "The organization's coverage of a framework through its controls, with the gaps",
          params: z.object({ orgId: Id }),
          querystring: z.object({ framework: Id, engagementId: Id.optional() }),
        },
      },
      async (request) => getFrameworkCoverage(deps, request.actor, request.params.orgId, request.query),
    );
    app.get(
      "/api/controls/:id/frameworks",
      {
        schema: {
          tags,
          summary: "What else a control satisfies: framework requirements reached through its criteria",
          params: z.object({ id: Id }),
        },
      },
      async (request) => getControlFrameworks(deps, request.actor, request.params.id),
    );
  };
