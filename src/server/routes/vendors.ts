/**
 * Routes of vendors, assurance reports and the vendor questionnaire (issue 7 §2): the register under
 * /api/organizations/:orgId/vendors and /api/vendors/:id, questionnaires under /api/vendor-questionnaires/:id,
 * and the vendor's side of a questionnaire, without an account, under
 * /api/public/vendor-questionnaires/:token.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import { exportVendors } from "../../app/use-cases/vendor-export.js";
import {
  CreateReportSchema,
  CreateVendorSchema,
  UpdateVendorSchema,
  VendorFilterSchema,
} from "../../app/use-cases/vendor-model.js";
import {
  CreateQuestionnaireSchema,
  createQuestionnaire,
  getPublicQuestionnaire,
  getQuestionnaire,
  revokeQuestionnaire,
  ScoreQuestionnaireSchema,
  scoreQuestionnaire,
  submitPublicQuestionnaire,
} from "../../app/use-cases/vendor-questionnaires.js";
import { addVendorReport, ReviewSchema, reviewVendor } from "../../app/use-cases/vendor-reviews.js";
import {
  LinkSubserviceSchema,
  linkSubserviceOrg,
  syncSubserviceVendors,
} from "../../app/use-cases/vendor-subservice.js";
import {
  createVendor,
  getVendor,
  listVendors,
  myVendorTasks,
  updateVendor,
} from "../../app/use-cases/vendors.js";
import { SubmissionSchema } from "../../core/vendor-questionnaire.js";

const Id = z.string().min(1).max(100);
const OrgParams = z.object({ orgId: Id });
const Params = z.object({ id: Id });
const TokenParams = z.object({ token: z.string().min(1).max(200) });
const tags = ["vendors"];

/** A questionnaire's answers are fifteen short comments; anything bigger is refused unread. */
export const QUESTIONNAIRE_BODY_LIMIT = 64 * 1024;

const attachment = (filename: string) =>
  `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`;

export const vendorRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/organizations/:orgId/vendors",
      {
        schema: {
          tags,
          summary: "The vendor register with review due dates and report warnings, filtered",
          params: OrgParams,
          querystring: VendorFilterSchema,
        },
      },
      async (request) => listVendors(deps, request.actor, request.params.orgId, request.query),
    );
    app.post(
      "/api/organizations/:orgId/vendors",
      { schema: { tags, summary: "Add a vendor", params: OrgParams, body: CreateVendorSchema } },
      async (request, reply) =>
        reply
          .status(201)
          .send({ vendor: await createVendor(deps, request.actor, request.params.orgId, request.body) }),
    );
    app.get(
      "/api/organizations/:orgId/vendors/export",
      {
        schema: {
          tags,
          summary: "Download the vendor register as CSV or JSON",
          params: OrgParams,
          querystring: z.object({ format: z.enum(["csv", "json"]).default("csv") }),
        },
      },
      async (request, reply) => {
        const file = await exportVendors(deps, request.actor, request.params.orgId, request.query.format);
        return reply
          .header("content-type", file.contentType)
          .header("content-disposition", attachment(file.filename))
          .header("cache-control", "no-store")
          .send(file.body);
      },
    );
    app.get(
      "/api/organizations/:orgId/vendors/my-tasks",
      { schema: { tags, summary: "The signed-in owner's open vendor tasks", params: OrgParams } },
      async (request) => myVendorTasks(deps, request.actor, request.params.orgId),
    );
    app.post(
      "/api/organizations/:orgId/vendors/sync-subservice",
      {
        schema: {
          tags,
          summary: "Create and link vendors for the current engagement's subservice organizations",
          params: OrgParams,
        },
      },
      async (request) => syncSubserviceVendors(deps, request.actor, request.params.orgId),
    );

    app.get(
      "/api/vendors/:id",
      {
        schema: {
          tags,
          summary: "A vendor with its reports, reviews, questionnaires and history",
          params: Params,
        },
      },
      async (request) => getVendor(deps, request.actor, request.params.id),
    );
    app.patch(
      "/api/vendors/:id",
      { schema: { tags, summary: "Edit a vendor", params: Params, body: UpdateVendorSchema } },
      async (request) => ({
        vendor: await updateVendor(deps, request.actor, request.params.id, request.body),
      }),
    );
    app.post(
      "/api/vendors/:id/reports",
      {
        schema: {
          tags,
          summary: "Record a vendor's assurance report",
          params: Params,
          body: CreateReportSchema,
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send({ report: await addVendorReport(deps, request.actor, request.params.id, request.body) }),
    );
    app.post(
      "/api/vendors/:id/reviews",
      {
        schema: {
          tags,
          summary:
            "Review a vendor (and its report): conclusions, accepted CUECs as controls, evidence for CC9.2",
          params: Params,
          body: ReviewSchema,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await reviewVendor(deps, request.actor, request.params.id, request.body)),
    );
    app.post(
      "/api/vendors/:id/subservice-link",
      {
        schema: {
          tags,
          summary: "Link the vendor to a subservice organization of an engagement",
          params: Params,
          body: LinkSubserviceSchema,
        },
      },
      async (request) => linkSubserviceOrg(deps, request.actor, request.params.id, request.body),
    );
    app.post(
      "/api/vendors/:id/questionnaires",
      {
        schema: {
          tags,
          summary: "Create a security questionnaire link for the vendor (the token is shown once)",
          params: Params,
          body: CreateQuestionnaireSchema,
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await createQuestionnaire(deps, request.actor, request.params.id, request.body)),
    );

    app.get(
      "/api/vendor-questionnaires/:id",
      { schema: { tags, summary: "A questionnaire with its answers and computed score", params: Params } },
      async (request) => getQuestionnaire(deps, request.actor, request.params.id),
    );
    app.post(
      "/api/vendor-questionnaires/:id/score",
      {
        schema: {
          tags,
          summary: "Score a submitted questionnaire; stores the answers as evidence",
          params: Params,
          body: ScoreQuestionnaireSchema,
        },
      },
      async (request) => scoreQuestionnaire(deps, request.actor, request.params.id, request.body),
    );
    app.post(
      "/api/vendor-questionnaires/:id/revoke",
      { schema: { tags, summary: "Revoke a questionnaire link not yet answered", params: Params } },
      async (request) => revokeQuestionnaire(deps, request.actor, request.params.id),
    );

    app.get(
      "/api/public/vendor-questionnaires/:token",
      {
        schema: { tags, summary: "The questionnaire a link opens (no account needed)", params: TokenParams },
      },
      async (request) => getPublicQuestionnaire(deps, request.actor, request.params.token),
    );
    app.post(
      "/api/public/vendor-questionnaires/:token",
      {
        bodyLimit: QUESTIONNAIRE_BODY_LIMIT,
        schema: {
          tags,
          summary: "Submit the vendor's answers (once)",
          params: TokenParams,
          body: SubmissionSchema,
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await submitPublicQuestionnaire(deps, request.actor, request.params.token, request.body)),
    );
  };
