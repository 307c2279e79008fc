/** Firms and organizations: dashboards, clients, members, enquiries, audit trails, jobs. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import { cancelJob, getJob, startAuditVerification } from "../../app/jobs.js";
import {
  AuditFilterSchema,
  listFirmEvents,
  listOrganizationEvents,
} from "../../app/use-cases/audit-trail.js";
import { getFirmDashboard, getOrganization } from "../../app/use-cases/dashboards.js";
import { convertEnquiry, declineEnquiry, listEnquiries } from "../../app/use-cases/enquiries.js";
import {
  AddMemberSchema,
  addFirmMember,
  addOrganizationMember,
  CreateOrganizationSchema,
  createOrganization,
  listMembers,
} from "../../app/use-cases/tenants.js";

const Id = z.string().min(1).max(100);
const FirmParams = z.object({ firmId: Id });
const OrgParams = z.object({ orgId: Id });
const IdParams = z.object({ id: Id });

export const tenantRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/firms/:firmId/dashboard",
      { schema: { tags: ["firms"], summary: "Firm dashboard", params: FirmParams } },
      async (request) => getFirmDashboard(deps, request.actor, request.params.firmId),
    );
    app.get(
      "/api/firms/:firmId/members",
      { schema: { tags: ["firms"], summary: "The firm's people", params: FirmParams } },
      async (request) => ({ members: await listMembers(deps, request.actor, "firm", request.params.firmId) }),
    );
    app.post(
      "/api/firms/:firmId/members",
      {
        schema: {
          tags: ["firms"],
          summary: "Add a person to the firm (firm admin)",
          params: FirmParams,
          body: AddMemberSchema,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await addFirmMember(deps, request.actor, request.params.firmId, request.body)),
    );
    app.post(
      "/api/firms/:firmId/organizations",
      {
        schema: {
          tags: ["firms"],
          summary: "Add a client organization",
          params: FirmParams,
          body: CreateOrganizationSchema,
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await createOrganization(deps, request.actor, request.params.firmId, request.body)),
    );
    app.get(
      "/api/firms/:firmId/enquiries",
      { schema: { tags: ["enquiries"], summary: "Enquiries from the public page", params: FirmParams } },
      async (request) => ({ enquiries: await listEnquiries(deps, request.actor, request.params.firmId) }),
    );
    app.post(
      "/api/enquiries/:id/convert",
      {
        schema: {
          tags: ["enquiries"],
          summary: "Convert into a client and a draft engagement (partner)",
          params: IdParams,
        },
      },
      async (request) => convertEnquiry(deps, request.actor, request.params.id),
    );
    app.post(
      "/api/enquiries/:id/decline",
      {
        schema: {
          tags: ["enquiries"],
          summary: "Decline an enquiry",
          params: IdParams,
          body: z.object({ reason: z.string().trim().min(1).max(2000) }),
        },
      },
      async (request) => {
        await declineEnquiry(deps, request.actor, request.params.id, request.body.reason);
        return { ok: true };
      },
    );
    app.get(
      "/api/firms/:firmId/audit-events",
      {
        schema: {
          tags: ["audit"],
          summary: "The firm's audit trail",
          params: FirmParams,
          querystring: AuditFilterSchema,
        },
      },
      async (request) => ({
        events: await listFirmEvents(deps, request.actor, request.params.firmId, request.query),
      }),
    );
    app.post(
      "/api/firms/:firmId/jobs/audit-verify",
      { schema: { tags: ["audit"], summary: "Verify the audit hash chain as a job", params: FirmParams } },
      async (request, reply) =>
        reply.status(202).send(await startAuditVerification(deps, request.actor, request.params.firmId)),
    );

    app.get(
      "/api/organizations/:orgId",
      { schema: { tags: ["organizations"], summary: "A client organization", params: OrgParams } },
      async (request) => getOrganization(deps, request.actor, request.params.orgId),
    );
    app.post(
      "/api/organizations/:orgId/members",
      {
        schema: {
          tags: ["organizations"],
          summary: "Add a person to the organization",
          params: OrgParams,
          body: AddMemberSchema,
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await addOrganizationMember(deps, request.actor, request.params.orgId, request.body)),
    );
    app.get(
      "/api/organizations/:orgId/audit-events",
      {
        schema: {
          tags: ["audit"],
          summary: "The organization's audit trail",
          params: OrgParams,
          querystring: AuditFilterSchema,
        },
      },
      async (request) => ({
        events: await listOrganizationEvents(deps, request.actor, request.params.orgId, request.query),
      }),
    );

    app.get(
      "/api/jobs/:id",
      { schema: { tags: ["jobs"], summary: "A job's progress", params: IdParams } },
      async (request) => getJob(deps, request.actor, request.params.id),
    );
    app.post(
      "/api/jobs/:id/cancel",
      { schema: { tags: ["jobs"], summary: "Cancel a job", params: IdParams } },
      async (request) => cancelJob(deps, request.actor, request.params.id),
    );
  };
