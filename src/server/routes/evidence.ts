/**
 * /api/organizations/:orgId/evidence…, /api/evidence/:id… and the importers: thin adapters that turn a
 * multipart form or a raw `application/octet-stream` body into a stream of parts for the use-cases,
 * and stream downloads back. Bodies are never buffered here.
 */
import multipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import {
  addEvidenceVersion,
  downloadEvidence,
  EvidenceListSchema,
  getEvidence,
  LinkControlsSchema,
  linkEvidence,
  listEvidence,
  type UploadPart,
  unlinkEvidence,
  uploadEvidence,
} from "../../app/use-cases/evidence.js";
import { getEvidenceFreshness } from "../../app/use-cases/evidence-freshness.js";
import { listImporters, runImporter } from "../../app/use-cases/evidence-import.js";
import { AppError } from "../../core/errors.js";

const Id = z.string().min(1).max(100);
const tags = ["evidence"];

/** Metadata of a raw upload travels in the query string (the body is the file itself). */
const RawUploadQuerySchema = z.object({
  title: z.string().max(300).optional(),
  description: z.string().max(5000).optional(),
  effectiveDate: z.string().max(10).optional(),
  periodStart: z.string().max(10).optional(),
  periodEnd: z.string().max(10).optional(),
  controlIds: z.union([z.string().max(5000), z.array(z.string().max(100)).max(100)]).optional(),
  filename: z.string().max(255).optional(),
});

const ImporterQuerySchema = z.object({
  /** For a raw body: which importer input it is (default: the importer's first input). */
  input: z.string().max(100).optional(),
  filename: z.string().max(255).optional(),
});

const UPLOAD_HELP =
  "Send multipart/form-data with the fields title, description, effectiveDate, periodStart, periodEnd (YYYY-MM-DD) and controlIds (ids or codes, repeated or comma separated) before a 'file' part; or send the file as an application/octet-stream body with those fields in the query string (plus filename). The media type is detected from the content.";

const multipartError = (error: unknown): AppError => {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code ?? "";
  const messages: Record<string, string> = {
    FST_PARTS_LIMIT: "The form has too many parts.",
    FST_FILES_LIMIT: "The form has too many files.",
    FST_FIELDS_LIMIT: "The form has too many fields.",
    FST_PROTO_VIOLATION: "A form field has a forbidden name.",
    FST_INVALID_JSON_FIELD_ERROR: "A JSON form field is not valid JSON.",
  };
  return new AppError(
    "VALIDATION",
    messages[code] ?? "The multipart form is malformed or was cut off; send it again.",
  );
};

export interface Upload {
  readonly parts: AsyncIterable<UploadPart> | null;
  /** Lets the rest of the body flow (discarded) after a failure, so the reply can be read. */
  drain(): void;
}

/**
 * The parts of a multipart request. The iterator has no `return`, so a use-case that stops early does
 * not close multipart's generator: `drain` then discards the remaining parts instead of leaving the
 * request stalled on an unread file.
 */
const multipartUpload = (request: FastifyRequest): Upload => {
  const source = request.parts({ limits: { fieldSize: 64 * 1024 } })[Symbol.asyncIterator]();
  let current: { resume(): unknown } | null = null;
  const parts: AsyncIterable<UploadPart> = {
    [Symbol.asyncIterator]: () => ({
      next: async (): Promise<IteratorResult<UploadPart>> => {
        let step: Awaited<ReturnType<typeof source.next>>;
        try {
          step = await source.next();
        } catch (error) {
          throw multipartError(error);
        }
        if (step.done) return { done: true, value: undefined };
        const part = step.value;
        if (part.type === "file") {
          current = part.file;
          return {
            done: false,
            value: { kind: "file", name: part.fieldname, filename: part.filename || null, stream: part.file },
          };
        }
        return {
          done: false,
          value: { kind: "field", name: part.fieldname, value: String(part.value ?? "") },
        };
      },
    }),
  };
  const drain = () => {
    current?.resume();
    void (async () => {
      for (;;) {
        const step = await source.next();
        if (step.done) return;
        if (step.value.type === "file") step.value.file.resume();
      }
    })().catch(() => undefined);
  };
  return { parts, drain };
};

/** A raw body: the query string's fields, then the body as the one file. */
const rawUpload = (
  request: FastifyRequest,
  fields: Record<string, string | string[] | undefined>,
  file: { name: string; filename: string | null },
): Upload => {
  const length = Number(request.headers["content-length"]);
  const list: UploadPart[] = [];
  for (const [name, value] of Object.entries(fields)) {
    for (const v of [value ?? []].flat()) list.push({ kind: "field", name, value: v });
  }
  list.push({
    kind: "file",
    name: file.name,
    filename: file.filename,
    stream: request.raw,
    declaredSize: Number.isFinite(length) ? length : undefined,
  });
  return {
    parts: {
      [Symbol.asyncIterator]: () => {
        let i = 0;
        return {
          next: async () =>
            i < list.length ? { done: false, value: list[i++]! } : { done: true, value: undefined },
        };
      },
    },
    drain: () => {
      request.raw.resume();
    },
  };
};

const isRawBody = (request: FastifyRequest): boolean =>
  (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() === "application/octet-stream";

export const uploadOf = (
  request: FastifyRequest,
  rawFields: Record<string, string | string[] | undefined>,
  rawFile: { name: string; filename: string | null },
): Upload => {
  if (request.isMultipart()) return multipartUpload(request);
  if (isRawBody(request)) return rawUpload(request, rawFields, rawFile);
  return { parts: null, drain: () => undefined };
};

export const withUpload = async <T>(
  upload: Upload,
  run: (parts: AsyncIterable<UploadPart> | null) => Promise<T>,
) => {
  try {
    return await run(upload.parts);
  } catch (error) {
    upload.drain();
    throw error;
  }
};

/** `attachment` always (evidence is never rendered on our origin), with an ASCII fallback name. */
const contentDisposition = (filename: string): string => {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
};

export const evidenceRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    // Registered here, so only these routes accept multipart. One byte over the limit is let through
    // so the blob store sees the overflow and answers 413 naming the limit.
    await app.register(multipart, {
      throwFileSizeLimit: false,
      limits: {
        fileSize: deps.config.evidenceMaxBytes + 1,
        files: 4,
        fields: 50,
        parts: 60,
        fieldSize: 64 * 1024,
      },
    });
    // A raw file body is left unread here and streamed by the use-case.
    app.addContentTypeParser("application/octet-stream", (_request, _payload, done) => done(null, undefined));

    app.post(
      "/api/organizations/:orgId/evidence",
      {
        schema: {
          tags,
          summary: "Upload evidence (streamed, encrypted, deduplicated)",
          description: UPLOAD_HELP,
          params: z.object({ orgId: Id }),
          querystring: RawUploadQuerySchema,
        },
      },
      async (request, reply) => {
        const { filename, ...fields } = request.query;
        const upload = uploadOf(request, fields, { name: "file", filename: filename ?? null });
        const item = await withUpload(upload, (parts) =>
          uploadEvidence(deps, request.actor, request.params.orgId, parts),
        );
        return reply.status(201).send(item);
      },
    );

    app.get(
      "/api/organizations/:orgId/evidence",
      {
        schema: {
          tags,
          summary: "The organization's evidence (current versions unless includeSuperseded)",
          params: z.object({ orgId: Id }),
          querystring: EvidenceListSchema,
        },
      },
      async (request) => ({
        items: await listEvidence(deps, request.actor, request.params.orgId, request.query),
      }),
    );

    app.get(
      "/api/evidence/:id",
      {
        schema: {
          tags,
          summary: "An evidence item with its controls and versions (recorded in the audit trail)",
          params: z.object({ id: Id }),
        },
      },
      async (request) => getEvidence(deps, request.actor, request.params.id),
    );

    app.get(
      "/api/evidence/:id/download",
      {
        schema: {
          tags,
          summary: "Download the file (decrypted and verified; recorded in the audit trail)",
          params: z.object({ id: Id }),
        },
      },
      async (request, reply) => {
        const file = await downloadEvidence(deps, request.actor, request.params.id);
        return reply
          .header("content-type", file.mediaType)
          .header("content-length", String(file.size))
          .header("content-disposition", contentDisposition(file.filename))
          .header("cache-control", "private, no-store")
          .send(file.body);
      },
    );

    app.post(
      "/api/evidence/:id/links",
      {
        schema: {
          tags,
          summary: "Link evidence to controls (ids or codes)",
          params: z.object({ id: Id }),
          body: LinkControlsSchema,
        },
      },
      async (request) => linkEvidence(deps, request.actor, request.params.id, request.body),
    );

    app.delete(
      "/api/evidence/:id/links/:controlId",
      {
        schema: {
          tags,
          summary: "Unlink evidence from a control",
          params: z.object({ id: Id, controlId: Id }),
        },
      },
      async (request) => unlinkEvidence(deps, request.actor, request.params.id, request.params.controlId),
    );

    app.post(
      "/api/evidence/:id/versions",
      {
        schema: {
          tags,
          summary: "Upload a new version of an item (the old version is kept)",
          description: UPLOAD_HELP,
          params: z.object({ id: Id }),
          querystring: RawUploadQuerySchema,
        },
      },
      async (request, reply) => {
        const { filename, ...fields } = request.query;
        const upload = uploadOf(request, fields, { name: "file", filename: filename ?? null });
        const item = await withUpload(upload, (parts) =>
          addEvidenceVersion(deps, request.actor, request.params.id, parts),
        );
        return reply.status(201).send(item);
      },
    );

    app.get(
      "/api/organizations/:orgId/evidence-freshness",
      {
        schema: {
          tags,
          summary: "Per control: latest evidence, next due date, overdue controls by owner",
          params: z.object({ orgId: Id }),
        },
      },
      async (request) => getEvidenceFreshness(deps, request.actor, request.params.orgId),
    );

    app.get(
      "/api/organizations/:orgId/importers",
      {
        schema: { tags, summary: "Importers of evidence exports", params: z.object({ orgId: Id }) },
      },
      async (request) => ({ importers: await listImporters(deps, request.actor, request.params.orgId) }),
    );

    app.post(
      "/api/organizations/:orgId/importers/:importerId",
      {
        schema: {
          tags,
          summary: "Run an importer on an export; the raw file is kept as evidence with the checks",
          description:
            "multipart/form-data with one file part per importer input (named as the importer's inputs) and importer thresholds as fields; or one raw application/octet-stream body (?input=&filename=).",
          params: z.object({ orgId: Id, importerId: Id }),
          querystring: ImporterQuerySchema,
        },
      },
      async (request, reply) => {
        const upload = uploadOf(
          request,
          {},
          { name: request.query.input ?? "file", filename: request.query.filename ?? null },
        );
        const result = await withUpload(upload, (parts) =>
          runImporter(deps, request.actor, request.params.orgId, request.params.importerId, parts),
        );
        return reply.status(201).send(result);
      },
    );
  };
