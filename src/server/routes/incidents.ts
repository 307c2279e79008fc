/**
 * /api/organizations/:orgId/incidents and /api/incidents/:id: the incident register (issue 7 §4) with its
 * notification clocks, response timeline, post-incident review and actions, closure, the signed-in
 * user's open actions and the register's export.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import { exportIncidents } from "../../app/use-cases/incident-export.js";
import {
  CreateIncidentSchema,
  ExportFormatSchema,
  IncidentFilterSchema,
  NewActionSchema,
  NotificationSentSchema,
  ReviewSchema,
  TimelineEntrySchema,
  UpdateActionSchema,
  UpdateIncidentSchema,
} from "../../app/use-cases/incident-model.js";
import {
  addAction,
  addTimelineEntry,
  closeIncident,
  recordNotificationSent,
  recordReview,
  updateIncidentAction,
} from "../../app/use-cases/incident-response.js";
import {
  createIncident,
  getIncident,
  listIncidentRegister,
  myIncidentTasks,
  updateIncidentRecord,
} from "../../app/use-cases/incidents.js";

const Id = z.string().min(1).max(100);
const OrgParams = z.object({ orgId: Id });
const Params = z.object({ id: Id });
const ActionParams = z.object({ id: Id, actionId: Id });
const tags = ["incidents"];

export const incidentRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/organizations/:orgId/incidents",
      {
        schema: {
          tags,
          summary: "The organization's incident register with notification clocks, filtered",
          params: OrgParams,
          querystring: IncidentFilterSchema,
        },
      },
      async (request) => listIncidentRegister(deps, request.actor, request.params.orgId, request.query),
    );

    app.post(
      "/api/organizations/:orgId/incidents",
      {
        schema: { tags, summary: "Record an incident", params: OrgParams, body: CreateIncidentSchema },
      },
      async (request, reply) =>
        reply.status(201).send(await createIncident(deps, request.actor, request.params.orgId, request.body)),
    );

    app.get(
      "/api/organizations/:orgId/incidents/my-tasks",
      {
        schema: {
          tags,
          summary: "The signed-in user's open post-incident actions in the organization",
          params: OrgParams,
        },
      },
      async (request) => myIncidentTasks(deps, request.actor, request.params.orgId),
    );

    app.get(
      "/api/organizations/:orgId/incidents/export",
      {
        schema: {
          tags,
          summary: "Download the incident register as CSV or JSON",
          params: OrgParams,
          querystring: ExportFormatSchema,
        },
      },
      async (request, reply) => {
        const file = await exportIncidents(deps, request.actor, request.params.orgId, request.query.format);
        return reply
          .header("content-type", file.contentType)
          .header("content-disposition", `attachment; filename="${file.filename}"`)
          .header("cache-control", "no-store")
          .send(file.body);
      },
    );

    app.get(
      "/api/incidents/:id",
      {
        schema: {
          tags,
          summary: "An incident with its clocks, timeline, notifications, actions and history",
          params: Params,
        },
      },
      async (request) => getIncident(deps, request.actor, request.params.id),
    );

    app.patch(
      "/api/incidents/:id",
      {
        schema: {
          tags,
          summary: "Edit an incident's facts, status, owner or disclosure in the system description",
          params: Params,
          body: UpdateIncidentSchema,
        },
      },
      async (request) => updateIncidentRecord(deps, request.actor, request.params.id, request.body),
    );

    app.post(
      "/api/incidents/:id/timeline",
      {
        schema: { tags, summary: "Add a response timeline entry", params: Params, body: TimelineEntrySchema },
      },
      async (request, reply) =>
        reply.status(201).send(await addTimelineEntry(deps, request.actor, request.params.id, request.body)),
    );

    app.post(
      "/api/incidents/:id/notifications",
      {
        schema: {
          tags,
          summary: "Record a notification sent for one of the incident's clocks",
          params: Params,
          body: NotificationSentSchema,
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await recordNotificationSent(deps, request.actor, request.params.id, request.body)),
    );

    app.put(
      "/api/incidents/:id/review",
      {
        schema: {
          tags,
          summary: "Record the post-incident review (root cause and lessons)",
          params: Params,
          body: ReviewSchema,
        },
      },
      async (request) => recordReview(deps, request.actor, request.params.id, request.body),
    );

    app.post(
      "/api/incidents/:id/actions",
      {
        schema: {
          tags,
          summary: "Add a post-incident action with its owner and due date",
          params: Params,
          body: NewActionSchema,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await addAction(deps, request.actor, request.params.id, request.body)),
    );

    app.patch(
      "/api/incidents/:id/actions/:actionId",
      {
        schema: {
          tags,
          summary: "Update a post-incident action: done, accepted with a reason, reassigned",
          params: ActionParams,
          body: UpdateActionSchema,
        },
      },
      async (request) =>
        updateIncidentAction(deps, request.actor, request.params.id, request.params.actionId, request.body),
    );

    app.post(
      "/api/incidents/:id/close",
      {
        schema: {
          tags,
          summary: "Close a resolved incident after its review; stores the closure record as evidence",
          params: Params,
        },
      },
      async (request) => closeIncident(deps, request.actor, request.params.id),
    );
  };
