/**
 * The trust portal: /api/public/trust/… needs no sign-in (the organization's page, access requests
 * under the NDA, the requester's status, downloads by token and the public SOC 3); the organization's
 * admins work the queue and read the download log under /api/organizations/:orgId/trust/… and
 * /api/trust-requests/:id/…, and keep the portal's settings (allow-listed domains, link lifetime).
 * POST /api/public/verify checks any PDF sent as the raw body against its signature.
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
import {
  getTrustSettings,
  TrustSettingsSchema,
  updateTrustSettings,
} from "../../app/use-cases/trust-portal-settings.js";
import { VERIFY_MAX_BYTES, verifyUploadedReport } from "../../app/use-cases/trust-portal-verify.js";
import { AppError } from "../../core/errors.js";

const Id = z.string().min(1).max(100);
const tags = ["trust-portal"];

const clientOf = (request: FastifyRequest): ClientInfo => ({
  ip: request.ip ?? null,
  userAgent: request.headers["user-agent"] ?? null,
});

const PDF_TYPES = ["application/pdf", "application/octet-stream"];

/** The verification route takes the file itself as the body: its own parsers, scoped to it. */
const verifyRoute =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    for (const type of PDF_TYPES) {
      app.addContentTypeParser(
        type,
        { parseAs: "buffer", bodyLimit: VERIFY_MAX_BYTES },
        (_request, body, done) => done(null, body),
      );
    }
    app.post(
      "/api/public/verify",
      {
        bodyLimit: VERIFY_MAX_BYTES,
        schema: {
          tags,
          summary:
            "Verify a report PDF (the raw body, application/pdf, at most 25 MB): signer, signing time, hashes, manifest and recipient copy, or the reason it is not intact",
          consumes: PDF_TYPES,
          // Documents the raw file body; the use-case reads and checks it.
          body: z.any().describe("The PDF file"),
        },
      },
      async (request) => {
        if (!Buffer.isBuffer(request.body)) {
          throw new AppError(
            "UNSUPPORTED_MEDIA_TYPE",
            "Send the PDF file itself as the body, as application/pdf.",
          );
        }
        return verifyUploadedReport(deps, { body: request.body, client: clientOf(request) });
      },
    );
  };

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
    await app.register(verifyRoute(deps));
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
    app.get(
      "/api/organizations/:orgId/trust/settings",
      {
        schema: {
          tags,
          summary: "The trust portal settings: allow-listed e-mail domains and the link lifetime in days",
          params: z.object({ orgId: Id }),
        },
      },
      async (request) => ({ settings: await getTrustSettings(deps, request.actor, request.params.orgId) }),
    );
    app.put(
      "/api/organizations/:orgId/trust/settings",
      {
        schema: {
          tags,
          summary:
            "Replace the trust portal settings (requests from an allow-listed domain are approved at once)",
          params: z.object({ orgId: Id }),
          body: TrustSettingsSchema,
        },
      },
      async (request) => ({
        settings: await updateTrustSettings(deps, request.actor, request.params.orgId, request.body),
      }),
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
