/**
 * The trust portal: /api/public/trust/… needs no sign-in (the organization's page, access requests
 * under the NDA, the requester's status, downloads by token and the public SOC 3); the organization's
 * admins work the queue and read the download log under /api/organizations/:orgId/trust/… and
 * /api/trust-requests/:id/….
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import {
  AccessRequestSchema,
  type ClientInfo,
  downloadPublicReport,
  downloadWithToken,
  getRequestStatus,
  getTrustPortal,
  requestAccess,
} from "../../app/use-cases/trust-portal.js";
import {
  ApproveSchema,
  approveAccessRequest,
  DecideSchema,
  declineAccessRequest,
  listAccessRequests,
  listDownloads,
  revokeAccessRequest,
} from "../../app/use-cases/trust-portal-admin.js";
import type { WatermarkedCopy } from "../../app/use-cases/trust-portal-model.js";

const Id = z.string().min(1).max(100);
const tags = ["trust-portal"];

const clientOf = (request: FastifyRequest): ClientInfo => ({
  ip: request.ip ?? null,
  userAgent: request.headers["user-agent"] ?? null,
});

const sendPdf = (reply: FastifyReply, copy: WatermarkedCopy) =>
  reply
    .header("content-type", "application/pdf")
    .header("content-length", String(copy.body.length))
    .header("content-disposition", `attachment; filename="${copy.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`)
    .header("cache-control", "private, no-store")
    .header("x-watermark-id", copy.watermarkId)
    .send(copy.body);

export const trustPortalRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/public/trust/:orgId",
      {
        schema: {
          tags,
          summary: "An organization's trust portal: its issued reports and the NDA",
          params: z.object({ orgId: Id }),
        },
      },
      async (request) => getTrustPortal(deps, request.params.orgId),
    );
    app.post(
      "/api/public/trust/:orgId/requests",
      {
        schema: {
          tags,
          summary: "Request access to a restricted report, accepting the NDA",
          params: z.object({ orgId: Id }),
          body: AccessRequestSchema,
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await requestAccess(deps, request.actor, {
            orgId: request.params.orgId,
            body: request.body,
            client: clientOf(request),
          }),
        ),
    );
    app.get(
      "/api/public/trust/requests/:id",
      {
        schema: {
          tags,
          summary: "The requester's view of an access request (with the secret given at submission)",
          params: z.object({ id: Id }),
          querystring: z.object({ secret: z.string().min(1).max(200) }),
        },
      },
      async (request) => getRequestStatus(deps, { id: request.params.id, secret: request.query.secret }),
    );
    app.get(
      "/api/public/trust/downloads/:token",
      {
        schema: {
          tags,
          summary: "Download a copy watermarked for the approved requester",
          params: z.object({ token: z.string().min(1).max(200) }),
        },
      },
      async (request, reply) =>
        sendPdf(
          reply,
          await downloadWithToken(deps, request.actor, {
            token: request.params.token,
            client: clientOf(request),
          }),
        ),
    );
    app.get(
      "/api/public/trust/:orgId/reports/:reportId/download",
      {
        schema: {
          tags,
          summary: "Download a public report (SOC 3), watermarked as a public copy",
          params: z.object({ orgId: Id, reportId: Id }),
        },
      },
      async (request, reply) =>
        sendPdf(
          reply,
          await downloadPublicReport(deps, request.actor, {
            orgId: request.params.orgId,
            reportId: request.params.reportId,
            client: clientOf(request),
          }),
        ),
    );

    app.get(
      "/api/organizations/:orgId/trust/requests",
      {
        schema: { tags, summary: "The organization's access-request queue", params: z.object({ orgId: Id }) },
      },
      async (request) => ({ requests: await listAccessRequests(deps, request.actor, request.params.orgId) }),
    );
    app.get(
      "/api/organizations/:orgId/trust/downloads",
      { schema: { tags, summary: "Who downloaded which report, and when", params: z.object({ orgId: Id }) } },
      async (request) => ({ downloads: await listDownloads(deps, request.actor, request.params.orgId) }),
    );
    app.post(
      "/api/trust-requests/:id/approve",
      {
        schema: {
          tags,
          summary: "Approve an access request (creates an expiring download link)",
          params: z.object({ id: Id }),
          body: ApproveSchema,
        },
      },
      async (request) => approveAccessRequest(deps, request.actor, request.params.id, request.body),
    );
    app.post(
      "/api/trust-requests/:id/decline",
      {
        schema: {
          tags,
          summary: "Decline an access request",
          params: z.object({ id: Id }),
          body: DecideSchema,
        },
      },
      async (request) => declineAccessRequest(deps, request.actor, request.params.id, request.body),
    );
    app.post(
      "/api/trust-requests/:id/revoke",
      {
        schema: {
          tags,
          summary: "Revoke an approved request's download link",
          params: z.object({ id: Id }),
          body: DecideSchema,
        },
      },
      async (request) => revokeAccessRequest(deps, request.actor, request.params.id, request.body),
    );
  };
