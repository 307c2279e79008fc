/**
 * /api/organizations/:orgId/risks, /api/risks/:id and the annual assessments (/api/organizations/:orgId/risk-assessments,
 * /api/risk-assessments/:id): the risk register and annual risk assessment of issue 7 §1.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import {
  approveRiskAssessment,
  getRiskAssessment,
  listRiskAssessments,
  readRiskAssessmentSnapshot,
  StartAssessmentSchema,
  startRiskAssessment,
  UpdateAssessmentSchema,
  updateRiskAssessment,
} from "../../app/use-cases/risk-assessments.js";
import { approveRiskAcceptance, createRisk, updateRisk } from "../../app/use-cases/risk-editing.js";
import { exportRisks, RISK_EXPORT_FORMATS } from "../../app/use-cases/risk-export.js";
import { CreateRiskSchema, RiskFilterSchema, UpdateRiskSchema } from "../../app/use-cases/risk-model.js";
import { getRisk, listRisks, myRiskTasks } from "../../app/use-cases/risks.js";

const Id = z.string().min(1).max(100);
const Params = z.object({ id: Id });
const OrgParams = z.object({ orgId: Id });
const tags = ["risks"];

const attachment = (filename: string) =>
  `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`;

export const riskRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/organizations/:orgId/risks",
      {
        schema: {
          tags,
          summary:
            "The risk register with the heat map; filter by band (on the inherent or residual basis), heat-map cell, treatment, owner (id or me), category, overdue review, status or fraud",
          params: OrgParams,
          querystring: RiskFilterSchema,
        },
      },
      async (request) => listRisks(deps, request.actor, request.params.orgId, request.query),
    );

    app.post(
      "/api/organizations/:orgId/risks",
      { schema: { tags, summary: "Add a risk to the register", params: OrgParams, body: CreateRiskSchema } },
      async (request, reply) =>
        reply.status(201).send(await createRisk(deps, request.actor, request.params.orgId, request.body)),
    );

    app.get(
      "/api/organizations/:orgId/risks/export",
      {
        schema: {
          tags,
          summary: "Download the register (with the list's filters) as CSV or JSON",
          params: OrgParams,
          querystring: RiskFilterSchema.extend({ format: z.enum(RISK_EXPORT_FORMATS).default("csv") }),
        },
      },
      async (request, reply) => {
        const { format, ...filter } = request.query;
        const file = await exportRisks(deps, request.actor, request.params.orgId, format, filter);
        return reply
          .header("content-type", file.contentType)
          .header("content-disposition", attachment(file.filename))
          .header("cache-control", "no-store")
          .send(file.body);
      },
    );

    app.get(
      "/api/organizations/:orgId/risks/my-tasks",
      {
        schema: {
          tags,
          summary:
            "The signed-in user's open risk tasks: overdue reviews, expired acceptances, acceptances to approve",
          params: OrgParams,
        },
      },
      async (request) => myRiskTasks(deps, request.actor, request.params.orgId),
    );

    app.get(
      "/api/risks/:id",
      { schema: { tags, summary: "A risk with its controls and history", params: Params } },
      async (request) => getRisk(deps, request.actor, request.params.id),
    );

    app.patch(
      "/api/risks/:id",
      {
        schema: {
          tags,
          summary: "Edit, close or reopen a risk; new acceptance terms need a fresh approval",
          params: Params,
          body: UpdateRiskSchema,
        },
      },
      async (request) => updateRisk(deps, request.actor, request.params.id, request.body),
    );

    app.post(
      "/api/risks/:id/approve-acceptance",
      {
        schema: {
          tags,
          summary: "Approve a risk acceptance (the organization admin named as approver)",
          params: Params,
        },
      },
      async (request) => approveRiskAcceptance(deps, request.actor, request.params.id),
    );

    app.get(
      "/api/organizations/:orgId/risk-assessments",
      {
        schema: {
          tags,
          summary: "Annual risk assessments with the trend between approved snapshots",
          params: OrgParams,
        },
      },
      async (request) => listRiskAssessments(deps, request.actor, request.params.orgId),
    );

    app.post(
      "/api/organizations/:orgId/risk-assessments",
      {
        schema: {
          tags,
          summary: "Start the risk assessment of a year",
          params: OrgParams,
          body: StartAssessmentSchema,
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await startRiskAssessment(deps, request.actor, request.params.orgId, request.body)),
    );

    app.get(
      "/api/risk-assessments/:id",
      { schema: { tags, summary: "A risk assessment, with its snapshot once approved", params: Params } },
      async (request) => getRiskAssessment(deps, request.actor, request.params.id),
    );

    app.patch(
      "/api/risk-assessments/:id",
      {
        schema: {
          tags,
          summary: "Record the fraud consideration and significant changes of a draft assessment",
          params: Params,
          body: UpdateAssessmentSchema,
        },
      },
      async (request) => updateRiskAssessment(deps, request.actor, request.params.id, request.body),
    );

    app.post(
      "/api/risk-assessments/:id/approve",
      {
        schema: {
          tags,
          summary: "Approve the assessment (organization admin): freezes the register snapshot as evidence",
          params: Params,
        },
      },
      async (request) => approveRiskAssessment(deps, request.actor, request.params.id),
    );

    app.get(
      "/api/risk-assessments/:id/snapshot",
      { schema: { tags, summary: "The approved snapshot's exact JSON bytes", params: Params } },
      async (request, reply) => {
        const file = await readRiskAssessmentSnapshot(deps, request.actor, request.params.id);
        return reply
          .header("content-type", "application/json; charset=utf-8")
          .header("content-disposition", attachment(file.filename))
          .header("x-content-sha256", file.sha256 ?? "")
          .send(file.body);
      },
    );
  };
