/**
 * /api/engagements/:id/audit-program (the auditor's program: generate, edit, approve, versions),
 * the request list generated from it, and /api/engagements/:id/roll-forward.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import { generateProgram, getAuditProgram } from "../../app/use-cases/audit-program.js";
import {
  addProgramLine,
  removeProgramLine,
  updateProgramLine,
} from "../../app/use-cases/audit-program-lines.js";
import {
  AddLineSchema,
  ApproveProgramSchema,
  NewVersionSchema,
  ProgramQuerySchema,
  RequestListSchema,
  UpdateLineSchema,
} from "../../app/use-cases/audit-program-model.js";
import { generateRequestList } from "../../app/use-cases/audit-program-requests.js";
import { approveProgram, createProgramVersion } from "../../app/use-cases/audit-program-versions.js";
import { RollForwardSchema, rollForward } from "../../app/use-cases/roll-forward.js";

const Id = z.string().min(1).max(100);
const Params = z.object({ id: Id });
const LineParams = z.object({ id: Id, lineId: Id });
const tags = ["audit-program"];

export const auditProgramRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/engagements/:id/audit-program",
      {
        schema: {
          tags,
          summary:
            "The audit program (latest version, or ?version=n) with lines, sample sizes, coverage and gaps, its version history and permissions",
          params: Params,
          querystring: ProgramQuerySchema,
        },
      },
      async (request) => getAuditProgram(deps, request.actor, request.params.id, request.query),
    );

    app.post(
      "/api/engagements/:id/audit-program/generate",
      {
        schema: {
          tags,
          summary: "Generate version 1 from the scope, or regenerate the lines of the current draft",
          params: Params,
        },
      },
      async (request) => generateProgram(deps, request.actor, request.params.id),
    );

    app.post(
      "/api/engagements/:id/audit-program/lines",
      {
        schema: {
          tags,
          summary: "Add a line for a control in scope to the draft",
          params: Params,
          body: AddLineSchema,
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await addProgramLine(deps, request.actor, request.params.id, request.body.controlId)),
    );

    app.patch(
      "/api/engagements/:id/audit-program/lines/:lineId",
      {
        schema: {
          tags,
          summary:
            "Edit a line of the draft: procedures (never inquiry alone), attributes, population source, sample rule or risk",
          params: LineParams,
          body: UpdateLineSchema,
        },
      },
      async (request) =>
        updateProgramLine(deps, request.actor, request.params.id, request.params.lineId, request.body),
    );

    app.delete(
      "/api/engagements/:id/audit-program/lines/:lineId",
      { schema: { tags, summary: "Remove a line from the draft", params: LineParams } },
      async (request) => removeProgramLine(deps, request.actor, request.params.id, request.params.lineId),
    );

    app.post(
      "/api/engagements/:id/audit-program/approve",
      {
        schema: {
          tags,
          summary:
            "Approve and freeze the draft (engagement manager or partner); refused while a criterion in scope has no line",
          params: Params,
          body: ApproveProgramSchema.nullish(),
        },
      },
      async (request) => approveProgram(deps, request.actor, request.params.id, request.body ?? {}),
    );

    app.post(
      "/api/engagements/:id/audit-program/versions",
      {
        schema: {
          tags,
          summary: "Start a new draft version from the approved program, with the reason for the change",
          params: Params,
          body: NewVersionSchema,
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await createProgramVersion(deps, request.actor, request.params.id, request.body.reason)),
    );

    app.post(
      "/api/engagements/:id/audit-program/request-list",
      {
        schema: {
          tags,
          summary:
            "Generate the client's evidence request list from the approved program (idempotent); dueDate overrides the default due dates",
          params: Params,
          body: RequestListSchema.nullish(),
        },
      },
      async (request) => generateRequestList(deps, request.actor, request.params.id, request.body ?? {}),
    );

    app.post(
      "/api/engagements/:id/roll-forward",
      {
        schema: {
          tags,
          summary:
            "Create next period's engagement from this one: scope, description, program (as a draft) and request list copied, evidence not",
          params: Params,
          body: RollForwardSchema.nullish(),
        },
      },
      async (request, reply) =>
        reply.status(201).send(await rollForward(deps, request.actor, request.params.id, request.body ?? {})),
    );
  };
