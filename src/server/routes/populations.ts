/**
 * /api/engagements/:id/populations…, /api/populations/:id…, /api/samples/:id… and
 * /api/population-tests/:id: population upload (streamed, multipart or a raw body) with a mapping
 * preview, imports, samples and their extensions, full-population tests and reconciliations. Long
 * work answers 202 with the job (follow it at /api/jobs/:id; its result names what it created).
 */
import multipart from "@fastify/multipart";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import {
  createPopulation,
  deletePopulation,
  getPopulation,
  getPopulationTest,
  listPopulations,
  startPopulationTest,
  startReconciliation,
  uploadPopulationFile,
} from "../../app/use-cases/populations.js";
import {
  CreatePopulationSchema,
  ExtendSampleSchema,
  PopulationTestRequestSchema,
  ReconcileSchema,
  SampleRequestSchema,
} from "../../app/use-cases/populations-model.js";
import { extendSample, getSample, startSample } from "../../app/use-cases/samples.js";
import { uploadOf, withUpload } from "./evidence.js";

const Id = z.string().min(1).max(100);
const Params = z.object({ id: Id });
const tags = ["populations"];

const UPLOAD_HELP =
  "Send multipart/form-data with one 'file' part, or the file as an application/octet-stream body with ?filename=. CSV, TSV, JSON lines or xlsx (by extension, else by content). The file is stored encrypted; the answer gives its SHA-256, format, columns and first 20 rows for the mapping.";

const JOB_HELP =
  "Answers 202 with { job }; follow it at GET /api/jobs/:id and cancel it at POST /api/jobs/:id/cancel.";

export const populationRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    // Registered here so only these routes accept multipart, with the population size limit. One
    // byte over the limit is let through so the blob store sees the overflow and answers 413.
    await app.register(multipart, {
      throwFileSizeLimit: false,
      limits: {
        fileSize: deps.config.populationMaxBytes + 1,
        files: 2,
        fields: 10,
        parts: 12,
        fieldSize: 64 * 1024,
      },
    });
    app.addContentTypeParser("application/octet-stream", (_request, _payload, done) => done(null, undefined));

    app.post(
      "/api/engagements/:id/populations/files",
      {
        schema: {
          tags,
          summary: "Upload a population file for the mapping preview (auditor)",
          description: UPLOAD_HELP,
          params: Params,
          querystring: z.object({ filename: z.string().max(255).optional() }),
        },
      },
      async (request, reply) => {
        const upload = uploadOf(request, {}, { name: "file", filename: request.query.filename ?? null });
        const file = await withUpload(upload, (parts) =>
          uploadPopulationFile(deps, request.actor, request.params.id, parts),
        );
        return reply.status(201).send(file);
      },
    );

    app.post(
      "/api/engagements/:id/populations",
      {
        schema: {
          tags,
          summary: "Import an uploaded file as a population of a control (a job)",
          description: JOB_HELP,
          params: Params,
          body: CreatePopulationSchema,
        },
      },
      async (request, reply) =>
        reply.status(202).send(await createPopulation(deps, request.actor, request.params.id, request.body)),
    );

    app.get(
      "/api/engagements/:id/populations",
      { schema: { tags, summary: "The engagement's populations", params: Params } },
      async (request) => listPopulations(deps, request.actor, request.params.id),
    );

    app.get(
      "/api/populations/:id",
      {
        schema: {
          tags,
          summary:
            "A population: profile, mapping, preview, unparseable rows, C&A support, reconciliation, samples and tests",
          params: Params,
        },
      },
      async (request) => getPopulation(deps, request.actor, request.params.id),
    );

    app.delete(
      "/api/populations/:id",
      { schema: { tags, summary: "Delete a population nothing uses yet", params: Params } },
      async (request) => deletePopulation(deps, request.actor, request.params.id),
    );

    app.post(
      "/api/populations/:id/samples",
      {
        schema: {
          tags,
          summary: "Draw a deterministic, stratified sample (a job)",
          description: `Size by default from the control's audit program line, else the frequency rule. Seed by default SHA-256 of the engagement, the control and the population hash. ${JOB_HELP}`,
          params: Params,
          body: SampleRequestSchema,
        },
      },
      async (request, reply) =>
        reply.status(202).send(await startSample(deps, request.actor, request.params.id, request.body)),
    );

    app.get(
      "/api/samples/:id",
      { schema: { tags, summary: "A sample with its strata and items", params: Params } },
      async (request) => getSample(deps, request.actor, request.params.id),
    );

    app.post(
      "/api/samples/:id/extend",
      {
        schema: {
          tags,
          summary: "Extend a sample with items it does not hold yet, recording why (a job)",
          description: JOB_HELP,
          params: Params,
          body: ExtendSampleSchema,
        },
      },
      async (request, reply) =>
        reply.status(202).send(await extendSample(deps, request.actor, request.params.id, request.body)),
    );

    app.post(
      "/api/populations/:id/tests",
      {
        schema: {
          tags,
          summary: "Run a full-population test of a rule, optionally joined with a second population (a job)",
          description: JOB_HELP,
          params: Params,
          body: PopulationTestRequestSchema,
        },
      },
      async (request, reply) =>
        reply
          .status(202)
          .send(await startPopulationTest(deps, request.actor, request.params.id, request.body)),
    );

    app.get(
      "/api/population-tests/:id",
      { schema: { tags, summary: "A full-population test with its failing rows", params: Params } },
      async (request) => getPopulationTest(deps, request.actor, request.params.id),
    );

    app.post(
      "/api/populations/:id/reconcile",
      {
        schema: {
          tags,
          summary: "Reconcile the population with a second one (completeness and accuracy; a job)",
          description: JOB_HELP,
          params: Params,
          body: ReconcileSchema,
        },
      },
      async (request, reply) =>
        reply
          .status(202)
          .send(await startReconciliation(deps, request.actor, request.params.id, request.body)),
    );
  };
