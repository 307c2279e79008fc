/**
 * /api routes of policies, acknowledgements and training: templates, an organization's policies
 * and their versions (draft → approved → published), acknowledgements with the inbox and the
 * coverage report, and training assignments.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import {
  CreatePolicySchema,
  createPolicy,
  getPolicy,
  listPolicies,
  listPolicyTemplates,
} from "../../app/use-cases/policies.js";
import {
  acknowledgementCoverage,
  acknowledgePolicyVersion,
  listMyAcknowledgements,
} from "../../app/use-cases/policy-acknowledgements.js";
import {
  PolicySettingsSchema,
  RecordReviewSchema,
  recordPolicyReview,
  SaveDraftSchema,
  savePolicyDraft,
  updatePolicySettings,
} from "../../app/use-cases/policy-editing.js";
import {
  approvePolicyVersion,
  getPolicyVersion,
  publishPolicyVersion,
} from "../../app/use-cases/policy-versions.js";
import {
  AssignTrainingSchema,
  assignTraining,
  CompleteTrainingSchema,
  completeTraining,
  listTraining,
  TrainingFilterSchema,
} from "../../app/use-cases/training.js";
import { clientMeta } from "../auth.js";

const Id = z.string().min(1).max(100);
const OrgParams = z.object({ orgId: Id });
const IdParams = z.object({ id: Id });
const tags = ["policies"];
const trainingTags = ["training"];

export const policiesRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/policy-templates",
      { schema: { tags, summary: "Policy templates to start a policy from" } },
      async (request) => ({ templates: listPolicyTemplates(request.actor) }),
    );

    app.get(
      "/api/organizations/:orgId/policies",
      {
        schema: {
          tags,
          summary:
            "The organization's policies with review status (employees: published ones that apply to them)",
          params: OrgParams,
        },
      },
      async (request) => listPolicies(deps, request.actor, request.params.orgId),
    );

    app.post(
      "/api/organizations/:orgId/policies",
      {
        schema: {
          tags,
          summary: "Create a policy from a template or blank, as draft version 1",
          params: OrgParams,
          body: CreatePolicySchema,
        },
      },
      async (request, reply) => {
        const { id } = await createPolicy(deps, request.actor, request.params.orgId, request.body);
        return reply.status(201).send(await getPolicy(deps, request.actor, id));
      },
    );

    app.get(
      "/api/policies/:id",
      { schema: { tags, summary: "A policy with its current and open versions", params: IdParams } },
      async (request) => getPolicy(deps, request.actor, request.params.id),
    );

    app.patch(
      "/api/policies/:id",
      {
        schema: {
          tags,
          summary:
            "Change audience, review cycle, acknowledgement window, owner or control links (org admin)",
          params: IdParams,
          body: PolicySettingsSchema,
        },
      },
      async (request) => {
        await updatePolicySettings(deps, request.actor, request.params.id, request.body);
        return getPolicy(deps, request.actor, request.params.id);
      },
    );

    app.put(
      "/api/policies/:id/draft",
      {
        schema: {
          tags,
          summary: "Save the text: edits the open draft, or starts a new draft version after publication",
          params: IdParams,
          body: SaveDraftSchema,
        },
      },
      async (request) => savePolicyDraft(deps, request.actor, request.params.id, request.body),
    );

    app.post(
      "/api/policies/:id/review",
      {
        schema: {
          tags,
          summary: "Record the periodic review of the version in force, without changes (org admin)",
          params: IdParams,
          body: RecordReviewSchema.nullish(),
        },
      },
      async (request) => recordPolicyReview(deps, request.actor, request.params.id, request.body ?? {}),
    );

    app.get(
      "/api/policy-versions/:id",
      { schema: { tags, summary: "One version of a policy with its text", params: IdParams } },
      async (request) => getPolicyVersion(deps, request.actor, request.params.id),
    );

    app.post(
      "/api/policy-versions/:id/approve",
      {
        schema: {
          tags,
          summary: "Approve a draft version (an org admin who did not write it)",
          params: IdParams,
        },
      },
      async (request) => approvePolicyVersion(deps, request.actor, request.params.id),
    );

    app.post(
      "/api/policy-versions/:id/publish",
      {
        schema: {
          tags,
          summary: "Publish an approved version and request acknowledgements (org admin)",
          params: IdParams,
        },
      },
      async (request) => publishPolicyVersion(deps, request.actor, request.params.id),
    );

    app.post(
      "/api/policy-versions/:id/acknowledge",
      {
        schema: {
          tags,
          summary: "Acknowledge the published version in force (recorded with time, IP and browser)",
          params: IdParams,
        },
      },
      async (request) =>
        acknowledgePolicyVersion(deps, request.actor, request.params.id, {
          userAgent: clientMeta(request).userAgent,
        }),
    );

    app.get(
      "/api/me/acknowledgements",
      { schema: { tags, summary: "Policies you still have to acknowledge, and those you have" } },
      async (request) => listMyAcknowledgements(deps, request.actor),
    );

    app.get(
      "/api/organizations/:orgId/acknowledgement-coverage",
      {
        schema: {
          tags,
          summary: "Who has and has not acknowledged each current policy version",
          params: OrgParams,
        },
      },
      async (request) => acknowledgementCoverage(deps, request.actor, request.params.orgId),
    );

    app.get(
      "/api/organizations/:orgId/training",
      {
        schema: {
          tags: trainingTags,
          summary: "Training assignments (admins and auditors: everyone's; others: their own)",
          params: OrgParams,
          querystring: TrainingFilterSchema,
        },
      },
      async (request) => listTraining(deps, request.actor, request.params.orgId, request.query),
    );

    app.post(
      "/api/organizations/:orgId/training",
      {
        schema: {
          tags: trainingTags,
          summary: "Assign a course to people with a due date (org admin)",
          params: OrgParams,
          body: AssignTrainingSchema,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await assignTraining(deps, request.actor, request.params.orgId, request.body)),
    );

    app.post(
      "/api/organizations/:orgId/training/:assignmentId/complete",
      {
        schema: {
          tags: trainingTags,
          summary: "Record completion with its date and certificate (the assignee or an org admin)",
          params: z.object({ orgId: Id, assignmentId: Id }),
          body: CompleteTrainingSchema,
        },
      },
      async (request) =>
        completeTraining(
          deps,
          request.actor,
          request.params.orgId,
          request.params.assignmentId,
          request.body,
        ),
    );
  };
