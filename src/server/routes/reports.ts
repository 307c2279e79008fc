/**
 * Routes of reports: the firm's signing certificate, drafts of an engagement's SOC 2 report, the
 * organization's comments on a draft and their resolution, issuance with the partner's
 * authenticator code, and PDF downloads. Thin adapters over src/app/use-cases/reports*.ts.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../app/deps.js";
import {
  AddCommentSchema,
  addReportComment,
  buildDraftReport,
  downloadReportPdf,
  getReport,
  listReports,
  ResolveCommentSchema,
  resolveComment,
} from "../../app/use-cases/reports.js";
import { getIssuanceChecks, IssueReportSchema, issueReport } from "../../app/use-cases/reports-issue.js";
import {
  getSigningCertificate,
  UploadCertificateSchema,
  uploadSigningCertificate,
} from "../../app/use-cases/signing-certificates.js";

const Id = z.string().min(1).max(100);
const tags = ["reports"];

/** ASCII fallback plus the RFC 5987 form, so any engagement name survives. */
const attachment = (filename: string): string =>
  `attachment; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

export const reportRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/api/firms/:firmId/signing-certificate",
      {
        schema: {
          tags,
          summary: "The firm's active signing certificate (details only, never the key); null when none",
          params: z.object({ firmId: Id }),
        },
      },
      async (request) => ({
        certificate: await getSigningCertificate(deps, request.actor, request.params.firmId),
      }),
    );

    app.post(
      "/api/firms/:firmId/signing-certificate",
      {
        bodyLimit: 1024 * 1024,
        schema: {
          tags,
          summary:
            "Upload the firm's PKCS#12 signing certificate (base64) with its password; it replaces the active one",
          params: z.object({ firmId: Id }),
          body: UploadCertificateSchema,
        },
      },
      async (request, reply) =>
        reply.status(201).send({
          certificate: await uploadSigningCertificate(
            deps,
            request.actor,
            request.params.firmId,
            request.body,
          ),
        }),
    );

    app.get(
      "/api/engagements/:id/reports",
      {
        schema: {
          tags,
          summary: "The engagement's reports: drafts (the organization sees the current one) and issued",
          params: z.object({ id: Id }),
        },
      },
      async (request) => ({ reports: await listReports(deps, request.actor, request.params.id) }),
    );

    app.post(
      "/api/engagements/:id/reports/drafts",
      {
        schema: {
          tags,
          summary: "Build a new draft report (watermarked DRAFT) from the engagement's data",
          params: z.object({ id: Id }),
        },
      },
      async (request, reply) =>
        reply.status(201).send({ report: await buildDraftReport(deps, request.actor, request.params.id) }),
    );

    app.get(
      "/api/engagements/:id/reports/issuance-checks",
      {
        schema: {
          tags,
          summary:
            "The checks issuance needs (each guard, the opinion, the firm's certificate) and whether each holds",
          params: z.object({ id: Id }),
        },
      },
      async (request) => getIssuanceChecks(deps, request.actor, request.params.id),
    );

    app.post(
      "/api/engagements/:id/reports/issue",
      {
        schema: {
          tags,
          summary:
            "Sign and issue the report (a licensed partner, with a fresh authenticator code or one recovery code; the issuance guards must hold)",
          params: z.object({ id: Id }),
          body: IssueReportSchema,
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send({ report: await issueReport(deps, request.actor, request.params.id, request.body) }),
    );

    app.get(
      "/api/reports/:id",
      {
        schema: { tags, summary: "A report with its comments", params: z.object({ id: Id }) },
      },
      async (request) => getReport(deps, request.actor, request.params.id),
    );

    app.get(
      "/api/reports/:id/pdf",
      {
        schema: {
          tags,
          summary: "Download the report PDF (recorded in the audit trail)",
          params: z.object({ id: Id }),
        },
      },
      async (request, reply) => {
        const file = await downloadReportPdf(deps, request.actor, request.params.id);
        return reply
          .header("content-type", "application/pdf")
          .header("content-length", String(file.body.length))
          .header("content-disposition", attachment(file.filename))
          .header("cache-control", "private, no-store")
          .send(file.body);
      },
    );

    app.post(
      "/api/reports/:id/comments",
      {
        schema: {
          tags,
          summary: "Comment on the current draft (where in the report, and what)",
          params: z.object({ id: Id }),
          body: AddCommentSchema,
        },
      },
      async (request, reply) =>
        reply.status(201).send(await addReportComment(deps, request.actor, request.params.id, request.body)),
    );

    app.post(
      "/api/report-comments/:id/resolve",
      {
        schema: {
          tags,
          summary: "Resolve a comment on the draft with a resolution note (the engagement team)",
          params: z.object({ id: Id }),
          body: ResolveCommentSchema,
        },
      },
      async (request) => resolveComment(deps, request.actor, request.params.id, request.body),
    );
  };
