/**
 * Routes of engagement letters and management representation letters (issue 5 §4): the firm team
 * generates and sends versions; the organization admin reads, accepts (name, title, agreement, and an
 * authenticator code for the representation letter) or declines them; both sides download the PDFs.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import {
  downloadDocument,
  GenerateDocumentSchema,
  generateEngagementDocument,
  getDocument,
  listDocuments,
  listOrganizationDocuments,
  sendEngagementDocument,
} from "../../app/use-cases/engagement-documents.js";
import {
  AcceptDocumentSchema,
  acceptEngagementDocument,
  DeclineDocumentSchema,
  declineEngagementDocument,
} from "../../app/use-cases/engagement-documents-accept.js";

const EngagementParams = z.object({ id: z.string().min(1).max(100) });
const DocParams = z.object({ docId: z.string().min(1).max(100) });
const DownloadQuery = z.object({ copy: z.enum(["original", "accepted"]).optional() });
const tags = ["engagement documents"];

const attachment = (filename: string): string => {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
};

export const engagementDocumentRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/engagements/:id/documents",
      {
        schema: {
          tags,
          summary:
            "The engagement letter and representation letter versions (every version for the firm team, the sent ones for the organization admin)",
          params: EngagementParams,
        },
      },
      async (request) => listDocuments(deps, request.actor, request.params.id),
    );

    app.post(
      "/api/engagements/:id/documents",
      {
        schema: {
          tags,
          summary:
            "Generate a new version of the engagement letter or the representation letter; it supersedes unaccepted versions (partner, engagement manager)",
          params: EngagementParams,
          body: GenerateDocumentSchema,
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await generateEngagementDocument(deps, request.actor, request.params.id, request.body)),
    );

    app.get(
      "/api/engagement-documents",
      {
        schema: {
          tags,
          summary: "Letters sent to the organizations where the caller is an organization admin",
        },
      },
      async (request) => listOrganizationDocuments(deps, request.actor),
    );

    app.get(
      "/api/engagement-documents/:docId",
      { schema: { tags, summary: "One letter version with its acceptance record", params: DocParams } },
      async (request) => getDocument(deps, request.actor, request.params.docId),
    );

    app.post(
      "/api/engagement-documents/:docId/send",
      {
        schema: {
          tags,
          summary: "Send a draft letter to the organization for acceptance (partner, engagement manager)",
          params: DocParams,
        },
      },
      async (request) => sendEngagementDocument(deps, request.actor, request.params.docId),
    );

    app.post(
      "/api/engagement-documents/:docId/accept",
      {
        schema: {
          tags,
          summary:
            "Accept a sent letter electronically: full name, title and agreement, plus an authenticator code for the representation letter (organization admin)",
          params: DocParams,
          body: AcceptDocumentSchema,
        },
      },
      async (request) =>
        acceptEngagementDocument(deps, request.actor, request.params.docId, request.body, {
          userAgent: request.headers["user-agent"] ?? null,
        }),
    );

    app.post(
      "/api/engagement-documents/:docId/decline",
      {
        schema: {
          tags,
          summary: "Decline a sent letter with a reason (organization admin)",
          params: DocParams,
          body: DeclineDocumentSchema,
        },
      },
      async (request) => declineEngagementDocument(deps, request.actor, request.params.docId, request.body),
    );

    app.get(
      "/api/engagement-documents/:docId/pdf",
      {
        schema: {
          tags,
          summary:
            "Download the letter: the accepted copy with its acceptance record once accepted, otherwise as generated (?copy=original for the letter as presented)",
          params: DocParams,
          querystring: DownloadQuery,
        },
      },
      async (request, reply) => {
        const file = await downloadDocument(deps, request.actor, request.params.docId, request.query.copy);
        return reply
          .header("content-type", "application/pdf")
          .header("content-disposition", attachment(file.filename))
          .header("x-document-sha256", file.sha256)
          .header("cache-control", "private, no-store")
          .send(file.body);
      },
    );
  };
