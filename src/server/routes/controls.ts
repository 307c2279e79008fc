/** /api/control-library, /api/organizations/:orgId/controls, /api/controls/:id, coverage. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import {
  AdoptControlsSchema,
  adoptControls,
  CreateControlSchema,
  createControl,
  getControl,
  getCoverage,
  listControlLibrary,
  listControls,
  UpdateControlSchema,
  updateControl,
} from "../../app/use-cases/controls.js";

const Id = z.string().min(1).max(100);
const OrgParams = z.object({ orgId: Id });
const tags = ["controls"];

export const controlRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/control-library",
      {
        schema: {
          tags,
          summary: "Our control library",
          querystring: z.object({
            category: z.string().max(5).optional(),
            domain: z.string().max(40).optional(),
          }),
        },
      },
      async (request) => ({ controls: listControlLibrary(request.actor, request.query) }),
    );
    app.get(
      "/api/organizations/:orgId/controls",
      { schema: { tags, summary: "The organization's controls", params: OrgParams } },
      async (request) => ({ controls: await listControls(deps, request.actor, request.params.orgId) }),
    );
    app.post(
      "/api/organizations/:orgId/controls/adopt",
      {
        schema: {
          tags,
          summary: "Adopt library controls (given ids, or all for an engagement's scope)",
          params: OrgParams,
          body: AdoptControlsSchema,
        },
      },
      async (request) => adoptControls(deps, request.actor, request.params.orgId, request.body),
    );
    app.post(
      "/api/organizations/:orgId/controls",
      {
        schema: {
          tags,
          summary: "Add the organization's own control",
          params: OrgParams,
          body: CreateControlSchema,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createControl(deps, request.actor, request.params.orgId, request.body)),
    );
    app.get(
      "/api/controls/:id",
      { schema: { tags, summary: "A control", params: z.object({ id: Id }) } },
      async (request) => getControl(deps, request.actor, request.params.id),
    );
    app.patch(
      "/api/controls/:id",
      {
        schema: {
          tags,
          summary: "Edit a control, assign its owner, set its status",
          params: z.object({ id: Id }),
          body: UpdateControlSchema,
        },
      },
      async (request) => updateControl(deps, request.actor, request.params.id, request.body),
    );
    app.get(
      "/api/organizations/:orgId/coverage",
      {
        schema: {
          tags,
          summary: "Criteria in scope and the controls that address them",
          params: OrgParams,
          querystring: z.object({ engagementId: Id.optional() }),
        },
      },
      async (request) => getCoverage(deps, request.actor, request.params.orgId, request.query.engagementId),
    );
  };
