/**
 * Routes of the fieldwork capability: workpapers (results grid, conclusion, sign-offs), exceptions
 * with management's responses, and the opinion advice and decision.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import {
  DecisionSchema,
  ExtensionSchema,
  RespondSchema,
  UpdateExceptionSchema,
} from "../../app/use-cases/exception-model.js";
import {
  decideOnResponse,
  getException,
  listExceptions,
  recordExtension,
  respondToException,
  updateException,
} from "../../app/use-cases/exceptions.js";
import {
  decideOpinion,
  getOpinion,
  OpinionDecisionSchema,
  OpinionQuerySchema,
} from "../../app/use-cases/opinion.js";
import {
  OpenWorkpaperSchema,
  RecordResultsSchema,
  ReopenSchema,
  UpdateWorkpaperSchema,
  WorkpaperFilterSchema,
} from "../../app/use-cases/workpaper-model.js";
import { recordResults } from "../../app/use-cases/workpaper-results.js";
import { prepareWorkpaper, reopenWorkpaper, reviewWorkpaper } from "../../app/use-cases/workpaper-signoff.js";
import {
  getWorkpaper,
  listWorkpapers,
  openWorkpaper,
  updateWorkpaper,
} from "../../app/use-cases/workpapers.js";

const Params = z.object({ id: z.string().min(1).max(100) });
const workpapers = ["workpapers"];
const exceptions = ["exceptions"];
const opinion = ["opinion"];

export const workpaperRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/engagements/:id/workpapers",
      {
        schema: {
          tags: workpapers,
          summary:
            "The engagement's workpapers (filter status=prepared for the review queue) and controls not opened yet",
          params: Params,
          querystring: WorkpaperFilterSchema,
        },
      },
      async (request) => listWorkpapers(deps, request.actor, request.params.id, request.query),
    );

    app.post(
      "/api/engagements/:id/workpapers",
      {
        schema: {
          tags: workpapers,
          summary:
            "Open the workpaper of a control on its program line, with a sample, a full-population test or neither",
          params: Params,
          body: OpenWorkpaperSchema,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await openWorkpaper(deps, request.actor, request.params.id, request.body)),
    );

    app.get(
      "/api/workpapers/:id",
      {
        schema: {
          tags: workpapers,
          summary:
            "A workpaper: procedures, items × attributes grid with evidence hashes, exceptions, sign-offs, suggestion",
          params: Params,
        },
      },
      async (request) => getWorkpaper(deps, request.actor, request.params.id),
    );

    app.patch(
      "/api/workpapers/:id",
      {
        schema: {
          tags: workpapers,
          summary: "Record the conclusion and note, or link another sample or full-population test",
          params: Params,
          body: UpdateWorkpaperSchema,
        },
      },
      async (request) => updateWorkpaper(deps, request.actor, request.params.id, request.body),
    );

    app.put(
      "/api/workpapers/:id/results",
      {
        schema: {
          tags: workpapers,
          summary: "Record results for cells of the grid (pass, fail, n/a or null to clear), with evidence",
          params: Params,
          body: RecordResultsSchema,
        },
      },
      async (request) => recordResults(deps, request.actor, request.params.id, request.body),
    );

    app.post(
      "/api/workpapers/:id/prepare",
      { schema: { tags: workpapers, summary: "Preparer sign-off; locks the workpaper", params: Params } },
      async (request) => prepareWorkpaper(deps, request.actor, request.params.id),
    );

    app.post(
      "/api/workpapers/:id/review",
      {
        schema: {
          tags: workpapers,
          summary: "Reviewer sign-off by a different user senior to the preparer",
          params: Params,
        },
      },
      async (request) => reviewWorkpaper(deps, request.actor, request.params.id),
    );

    app.post(
      "/api/workpapers/:id/reopen",
      {
        schema: {
          tags: workpapers,
          summary: "Reopen a signed-off workpaper with a reason (engagement manager or partner)",
          params: Params,
          body: ReopenSchema,
        },
      },
      async (request) => reopenWorkpaper(deps, request.actor, request.params.id, request.body.reason),
    );

    app.get(
      "/api/engagements/:id/exceptions",
      {
        schema: {
          tags: exceptions,
          summary:
            "The engagement's exceptions (the organization sees them without the auditors' working notes)",
          params: Params,
        },
      },
      async (request) => listExceptions(deps, request.actor, request.params.id),
    );

    app.get(
      "/api/exceptions/:id",
      {
        schema: {
          tags: exceptions,
          summary: "An exception with its responses (and the core's suggestion for auditors)",
          params: Params,
        },
      },
      async (request) => getException(deps, request.actor, request.params.id),
    );

    app.patch(
      "/api/exceptions/:id",
      {
        schema: {
          tags: exceptions,
          summary:
            "Describe and classify an exception: kind, description, cause, isolated or systematic with markers",
          params: Params,
          body: UpdateExceptionSchema,
        },
      },
      async (request) => updateException(deps, request.actor, request.params.id, request.body),
    );

    app.post(
      "/api/exceptions/:id/responses",
      {
        schema: {
          tags: exceptions,
          summary: "Management's response and remediation (organization admin or control owner)",
          params: Params,
          body: RespondSchema,
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await respondToException(deps, request.actor, request.params.id, request.body)),
    );

    app.post(
      "/api/exceptions/:id/decision",
      {
        schema: {
          tags: exceptions,
          summary: "Accept management's response or ask again with a note (auditor)",
          params: Params,
          body: DecisionSchema,
        },
      },
      async (request) => decideOnResponse(deps, request.actor, request.params.id, request.body),
    );

    app.post(
      "/api/exceptions/:id/extension",
      {
        schema: {
          tags: exceptions,
          summary: "Record the sample extension made for this exception",
          params: Params,
          body: ExtensionSchema,
        },
      },
      async (request) => recordExtension(deps, request.actor, request.params.id, request.body),
    );

    app.get(
      "/api/engagements/:id/opinion",
      {
        schema: {
          tags: opinion,
          summary: "Opinion advice per criterion and overall, with the partner's decision history",
          params: Params,
          querystring: OpinionQuerySchema,
        },
      },
      async (request) => getOpinion(deps, request.actor, request.params.id, request.query),
    );

    app.post(
      "/api/engagements/:id/opinion",
      {
        schema: {
          tags: opinion,
          summary: "Record the opinion with its basis and any scope limitation (partner)",
          params: Params,
          body: OpinionDecisionSchema,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await decideOpinion(deps, request.actor, request.params.id, request.body)),
    );
  };
