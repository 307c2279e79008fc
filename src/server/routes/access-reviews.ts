/**
 * /api/organizations/:orgId/access-reviews and /api/access-reviews/:id: access review campaigns (issue 7 §3),
 * their systems and account imports, decisions, revocation tasks, reminders, sign-off and export.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import {
  closeRevocationTask,
  decideAccessReviewEntries,
  signOffAccessReview,
} from "../../app/use-cases/access-review-decisions.js";
import {
  AddSystemSchema,
  CloseTaskSchema,
  CreateCampaignSchema,
  DecideSchema,
  ExportSchema,
  ImportAccountsSchema,
  ListFilterSchema,
  UpdateCampaignSchema,
} from "../../app/use-cases/access-review-model.js";
import { sendAccessReviewReminders } from "../../app/use-cases/access-review-reminders.js";
import { exportAccessReviews, myAccessReviewTasks } from "../../app/use-cases/access-review-transfer.js";
import { getAccessReview } from "../../app/use-cases/access-review-view.js";
import {
  addAccessReviewSystem,
  createAccessReview,
  importAccessReviewAccounts,
  launchAccessReview,
  listAccessReviews,
  updateAccessReview,
} from "../../app/use-cases/access-reviews.js";

const Id = z.string().min(1).max(100);
const Params = z.object({ id: Id });
const OrgParams = z.object({ orgId: Id });
const tags = ["access-reviews"];

/** Account exports are text; a few MB holds thousands of accounts. */
const IMPORT_BODY_LIMIT = 6 * 1024 * 1024;

const attachment = (filename: string) =>
  `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`;

export const accessReviewRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/organizations/:orgId/access-reviews",
      {
        schema: {
          tags,
          summary: "The organization's access review campaigns with progress and the review schedule",
          params: OrgParams,
          querystring: ListFilterSchema,
        },
      },
      async (request) => listAccessReviews(deps, request.actor, request.params.orgId, request.query),
    );

    app.post(
      "/api/organizations/:orgId/access-reviews",
      {
        schema: {
          tags,
          summary: "Create an access review campaign (draft) with its systems",
          params: OrgParams,
          body: CreateCampaignSchema,
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await createAccessReview(deps, request.actor, request.params.orgId, request.body)),
    );

    app.get(
      "/api/organizations/:orgId/access-reviews/my-tasks",
      {
        schema: {
          tags,
          summary: "My open access review work: entries to decide, revocations",
          params: OrgParams,
        },
      },
      async (request) => myAccessReviewTasks(deps, request.actor, request.params.orgId),
    );

    app.get(
      "/api/organizations/:orgId/access-reviews/export",
      {
        schema: {
          tags,
          summary: "Every reviewed account with its decision and removal, as CSV or JSON",
          params: OrgParams,
          querystring: ExportSchema,
        },
      },
      async (request, reply) => {
        const file = await exportAccessReviews(deps, request.actor, request.params.orgId, request.query);
        return reply
          .header("content-type", file.contentType)
          .header("content-disposition", attachment(file.filename))
          .header("cache-control", "no-store")
          .send(file.body);
      },
    );

    app.get(
      "/api/access-reviews/:id",
      { schema: { tags, summary: "A campaign with systems, entries, tasks and history", params: Params } },
      async (request) => getAccessReview(deps, request.actor, request.params.id),
    );

    app.patch(
      "/api/access-reviews/:id",
      {
        schema: {
          tags,
          summary: "Rename a campaign or change its due date or schedule",
          params: Params,
          body: UpdateCampaignSchema,
        },
      },
      async (request) => updateAccessReview(deps, request.actor, request.params.id, request.body),
    );

    app.post(
      "/api/access-reviews/:id/systems",
      {
        schema: {
          tags,
          summary: "Add a system in scope with its owner",
          params: Params,
          body: AddSystemSchema,
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await addAccessReviewSystem(deps, request.actor, request.params.id, request.body)),
    );

    app.post(
      "/api/access-review-systems/:id/import",
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags,
          summary: "Import a system's accounts (AWS credential report, GitHub members, Okta users, CSV)",
          params: Params,
          body: ImportAccountsSchema,
        },
      },
      async (request) => importAccessReviewAccounts(deps, request.actor, request.params.id, request.body),
    );

    app.post(
      "/api/access-reviews/:id/launch",
      { schema: { tags, summary: "Launch a draft campaign and notify its reviewers", params: Params } },
      async (request) => launchAccessReview(deps, request.actor, request.params.id),
    );

    app.post(
      "/api/access-reviews/:id/decisions",
      {
        schema: {
          tags,
          summary: "Keep, change or revoke entries (a reason for change and revoke; bulk only for keep)",
          params: Params,
          body: DecideSchema,
        },
      },
      async (request) => decideAccessReviewEntries(deps, request.actor, request.params.id, request.body),
    );

    app.post(
      "/api/access-reviews/:id/reminders",
      { schema: { tags, summary: "Remind reviewers and task owners with work outstanding", params: Params } },
      async (request) => sendAccessReviewReminders(deps, request.actor, request.params.id),
    );

    app.post(
      "/api/access-reviews/:id/sign-off",
      {
        schema: {
          tags,
          summary: "Sign off a completed campaign; its result becomes evidence",
          params: Params,
        },
      },
      async (request) => signOffAccessReview(deps, request.actor, request.params.id),
    );

    app.post(
      "/api/access-review-tasks/:id/close",
      {
        schema: {
          tags,
          summary: "Close a revocation task with evidence of removal (an evidence id or a note)",
          params: Params,
          body: CloseTaskSchema,
        },
      },
      async (request) => closeRevocationTask(deps, request.actor, request.params.id, request.body),
    );
  };
