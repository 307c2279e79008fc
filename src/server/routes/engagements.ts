/** /api/engagements and /api/organizations/:orgId/engagements: scoping, stage moves, quotes, trail. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import { AuditFilterSchema, listEngagementEvents } from "../../app/use-cases/audit-trail.js";
import { listVisibleEngagements } from "../../app/use-cases/dashboards.js";
import {
  addSubserviceOrg,
  CreateEngagementSchema,
  createEngagement,
  getEngagement,
  recordEngagementLetter,
  removeSubserviceOrg,
  SubserviceOrgSchema,
  UpdateScopeSchema,
  updateEngagementScope,
} from "../../app/use-cases/engagements.js";
import { MoveStageSchema, moveEngagementStage } from "../../app/use-cases/move-stage.js";
import {
  approveEngagementQuote,
  createEngagementQuote,
  EngagementQuoteSchema,
} from "../../app/use-cases/quotes.js";

const Id = z.string().min(1).max(100);
const EngagementParams = z.object({ id: Id });
const tags = ["engagements"];

export const engagementRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/engagements",
      { schema: { tags, summary: "Engagements you can see" } },
      async (request) => ({
        engagements: await listVisibleEngagements(deps, request.actor),
      }),
    );

    app.post(
      "/api/organizations/:orgId/engagements",
      {
        schema: {
          tags,
          summary: "Create an engagement for a client",
          params: z.object({ orgId: Id }),
          body: CreateEngagementSchema,
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await createEngagement(deps, request.actor, request.params.orgId, request.body)),
    );

    app.get(
      "/api/engagements/:id",
      {
        schema: {
          tags,
          summary: "An engagement with its scope, stage and next step",
          params: EngagementParams,
        },
      },
      async (request) => getEngagement(deps, request.actor, request.params.id),
    );

    app.patch(
      "/api/engagements/:id/scope",
      {
        schema: {
          tags,
          summary: "Edit type, period, categories and boundary",
          params: EngagementParams,
          body: UpdateScopeSchema,
        },
      },
      async (request) => {
        await updateEngagementScope(deps, request.actor, request.params.id, request.body);
        return getEngagement(deps, request.actor, request.params.id);
      },
    );

    app.post(
      "/api/engagements/:id/subservice-orgs",
      {
        schema: {
          tags,
          summary: "Add a subservice organization",
          params: EngagementParams,
          body: SubserviceOrgSchema,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await addSubserviceOrg(deps, request.actor, request.params.id, request.body)),
    );

    app.delete(
      "/api/engagements/:id/subservice-orgs/:subId",
      {
        schema: {
          tags,
          summary: "Remove a subservice organization",
          params: z.object({ id: Id, subId: Id }),
        },
      },
      async (request) => {
        await removeSubserviceOrg(deps, request.actor, request.params.id, request.params.subId);
        return { ok: true };
      },
    );

    app.post(
      "/api/engagements/:id/engagement-letter",
      {
        schema: { tags, summary: "Record the signed engagement letter (partner)", params: EngagementParams },
      },
      async (request) => {
        await recordEngagementLetter(deps, request.actor, request.params.id);
        return getEngagement(deps, request.actor, request.params.id);
      },
    );

    app.post(
      "/api/engagements/:id/stage",
      {
        schema: {
          tags,
          summary: "Move the engagement to another stage",
          params: EngagementParams,
          body: MoveStageSchema,
        },
      },
      async (request) => {
        await moveEngagementStage(deps, request.actor, request.params.id, request.body);
        return getEngagement(deps, request.actor, request.params.id);
      },
    );

    app.post(
      "/api/engagements/:id/quotes",
      {
        schema: {
          tags,
          summary: "Prepare a fixed-price quote",
          params: EngagementParams,
          body: EngagementQuoteSchema,
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await createEngagementQuote(deps, request.actor, request.params.id, request.body)),
    );

    app.post(
      "/api/engagements/:id/quotes/:quoteId/approve",
      {
        schema: {
          tags,
          summary: "Approve and freeze a quote (partner)",
          params: z.object({ id: Id, quoteId: Id }),
        },
      },
      async (request) =>
        approveEngagementQuote(deps, request.actor, request.params.id, request.params.quoteId),
    );

    app.get(
      "/api/engagements/:id/audit-events",
      {
        schema: {
          tags,
          summary: "The engagement's audit trail",
          params: EngagementParams,
          querystring: AuditFilterSchema,
        },
      },
      async (request) => ({
        events: await listEngagementEvents(deps, request.actor, request.params.id, request.query),
      }),
    );
  };
