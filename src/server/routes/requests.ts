/**
 * /api/engagements/:id/requests and /api/requests/:id: the evidence request list (PBC list), its
 * lifecycle, comments and evidence, and its exchange as CSV or xlsx files.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import {
  addRequestComment,
  changeRequestEvidence,
  moveRequest,
} from "../../app/use-cases/request-answers.js";
import { exportRequestList, importRequestList } from "../../app/use-cases/request-list-transfer.js";
import {
  BulkRequestsSchema,
  CommentSchema,
  CreateRequestSchema,
  EvidenceChangeSchema,
  RequestFilterSchema,
  ReturnSchema,
  UpdateRequestSchema,
} from "../../app/use-cases/request-model.js";
import {
  createRequest,
  createRequestsBulk,
  getRequest,
  listRequests,
  updateRequest,
} from "../../app/use-cases/requests.js";

const Id = z.string().min(1).max(100);
const Params = z.object({ id: Id });
const tags = ["requests"];

/** Request list files are small; a few MB holds thousands of rows. */
export const REQUEST_LIST_BODY_LIMIT = 5 * 1024 * 1024;
const FILE_TYPES = [
  "text/csv",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  // Browsers on Windows label .csv files with Excel's old type.
  "application/vnd.ms-excel",
  "application/octet-stream",
];

const attachment = (filename: string) =>
  `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`;

export const requestsRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/engagements/:id/requests",
      {
        schema: {
          tags,
          summary:
            "The engagement's evidence requests, filtered by status, assignee (id, me, none) or control",
          params: Params,
          querystring: RequestFilterSchema,
        },
      },
      async (request) => listRequests(deps, request.actor, request.params.id, request.query),
    );

    app.post(
      "/api/engagements/:id/requests",
      {
        schema: {
          tags,
          summary: "Create an evidence request (auditor)",
          params: Params,
          body: CreateRequestSchema,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createRequest(deps, request.actor, request.params.id, request.body)),
    );

    app.post(
      "/api/engagements/:id/requests/bulk",
      {
        schema: {
          tags,
          summary: "Create many requests; idempotent on control, request and period",
          params: Params,
          body: BulkRequestsSchema,
        },
      },
      async (request) => createRequestsBulk(deps, request.actor, request.params.id, request.body.items),
    );

    app.get(
      "/api/engagements/:id/requests/export",
      {
        schema: {
          tags,
          summary: "Download the request list as CSV or xlsx",
          params: Params,
          querystring: z.object({ format: z.enum(["csv", "xlsx"]).default("csv") }),
        },
      },
      async (request, reply) => {
        const file = await exportRequestList(deps, request.actor, request.params.id, request.query.format);
        return reply
          .header("content-type", file.contentType)
          .header("content-disposition", attachment(file.filename))
          .header("cache-control", "no-store")
          .send(file.body);
      },
    );

    app.get(
      "/api/requests/:id",
      { schema: { tags, summary: "An evidence request with its comments and evidence", params: Params } },
      async (request) => getRequest(deps, request.actor, request.params.id),
    );

    app.patch(
      "/api/requests/:id",
      {
        schema: {
          tags,
          summary: "Edit a request (auditor) or reassign it (auditor or organization)",
          params: Params,
          body: UpdateRequestSchema,
        },
      },
      async (request) => ({
        request: await updateRequest(deps, request.actor, request.params.id, request.body),
      }),
    );

    app.post(
      "/api/requests/:id/submit",
      { schema: { tags, summary: "Submit the answer for review (organization)", params: Params } },
      async (request) => ({ request: await moveRequest(deps, request.actor, request.params.id, "submit") }),
    );

    app.post(
      "/api/requests/:id/accept",
      { schema: { tags, summary: "Accept a submitted request (auditor)", params: Params } },
      async (request) => ({ request: await moveRequest(deps, request.actor, request.params.id, "accept") }),
    );

    app.post(
      "/api/requests/:id/return",
      {
        schema: {
          tags,
          summary: "Return a submitted request with a reason (auditor)",
          params: Params,
          body: ReturnSchema,
        },
      },
      async (request) => ({
        request: await moveRequest(deps, request.actor, request.params.id, "return", request.body.reason),
      }),
    );

    app.post(
      "/api/requests/:id/comments",
      { schema: { tags, summary: "Comment on a request", params: Params, body: CommentSchema } },
      async (request, reply) =>
        reply
          .status(201)
          .send(await addRequestComment(deps, request.actor, request.params.id, request.body.text)),
    );

    app.post(
      "/api/requests/:id/evidence",
      {
        schema: {
          tags,
          summary: "Attach or detach evidence items (organization)",
          params: Params,
          body: EvidenceChangeSchema,
        },
      },
      async (request) => ({
        request: await changeRequestEvidence(deps, request.actor, request.params.id, request.body),
      }),
    );

    // The import takes the file itself as the body: its own parsers, scoped to this one route.
    const importRoute: FastifyPluginAsyncZod = async (upload) => {
      for (const type of FILE_TYPES) {
        upload.addContentTypeParser(
          type,
          { parseAs: "buffer", bodyLimit: REQUEST_LIST_BODY_LIMIT },
          (_request, body, done) => done(null, body),
        );
      }
      upload.post(
        "/api/engagements/:id/requests/import",
        {
          bodyLimit: REQUEST_LIST_BODY_LIMIT,
          schema: {
            tags,
            summary:
              "Import a request list (the body is the CSV or xlsx file): rows without Ref are created, rows with Ref updated; all or nothing",
            params: Params,
            consumes: FILE_TYPES,
            // Documents the raw file body; the use-case reads and checks it.
            body: z.any().describe("The request list file: CSV (UTF-8) or xlsx, at most 5 MB"),
          },
        },
        async (request) =>
          importRequestList(
            deps,
            request.actor,
            request.params.id,
            Buffer.isBuffer(request.body) ? request.body : undefined,
          ),
      );
    };
    await app.register(importRoute);
  };
