/**
 * Routes of xlsx exports (issue 6 §3): the organization's control matrix, and the engagement's
 * workpapers and exception list. The request list's export and import live with the requests.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import {
  exportControlMatrix,
  exportExceptions,
  exportWorkpapers,
  type SpreadsheetFile,
} from "../../app/use-cases/spreadsheet-exports.js";

const Id = z.string().min(1).max(100);
const tags = ["spreadsheets"];

const attachment = (filename: string) =>
  `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`;

const send = (
  reply: { header(k: string, v: string): typeof reply; send(body: Buffer): unknown },
  file: SpreadsheetFile,
) =>
  reply
    .header("content-type", file.contentType)
    .header("content-disposition", attachment(file.filename))
    .header("cache-control", "no-store")
    .send(file.body);

export const spreadsheetRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/organizations/:orgId/spreadsheets/control-matrix.xlsx",
      {
        schema: {
          tags,
          summary:
            "Download the control matrix as xlsx: controls with owners, frequency and evidence; criteria → controls; framework mappings",
          params: z.object({ orgId: Id }),
          querystring: z.object({ engagementId: Id.optional() }),
        },
      },
      async (request, reply) =>
        send(
          reply,
          await exportControlMatrix(deps, request.actor, request.params.orgId, request.query.engagementId),
        ),
    );

    app.get(
      "/api/engagements/:id/spreadsheets/workpapers.xlsx",
      {
        schema: {
          tags,
          summary:
            "Download the engagement's workpapers as xlsx: a summary and one results grid per workpaper",
          params: z.object({ id: Id }),
        },
      },
      async (request, reply) => send(reply, await exportWorkpapers(deps, request.actor, request.params.id)),
    );

    app.get(
      "/api/engagements/:id/spreadsheets/exceptions.xlsx",
      {
        schema: {
          tags,
          summary: "Download the engagement's exception list as xlsx with management's responses",
          params: z.object({ id: Id }),
        },
      },
      async (request, reply) => send(reply, await exportExceptions(deps, request.actor, request.params.id)),
    );
  };
