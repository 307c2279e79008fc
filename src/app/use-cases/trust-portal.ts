/**
 * The trust portal's public side: an organization's page with its issued reports, the SOC 3 for
 * anyone, access requests to the restricted reports under a click-through NDA, the requester's view
 * of their request, and the download of a copy watermarked for them.
 */
import { z } from "zod";
import { AppError, notFound } from "../../core/errors.js";
import { emailDomain, isAllowListed, isPersonalDomain } from "../../core/trust-portal.js";
import { hitRateLimit } from "../../db/repositories/sessions.js";
import { findOrganizationsByIds } from "../../db/repositories/tenants.js";
import {
  findAccessRequest,
  findAccessRequestByTokenHash,
  findIssuedReport,
  findReportForPortal,
  insertAccessRequest,
  listIssuedReports,
} from "../../db/repositories/trust-portal.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { type Deps, nowIso } from "../deps.js";
import { deliverEmails, notifyUsers, usersWithRoles } from "../notify.js";
import { sha256Hex } from "../security/crypto.js";
import { emailAccessLink } from "./trust-portal-mail.js";
import {
  ALLOW_LIST_NOTE_PREFIX,
  activeLink,
  approvalOf,
  deliverCopy,
  isExpired,
  NDA_TEXT,
  NDA_VERSION,
  reportTitle,
  reportView,
  requestSecret,
  secretMatches,
} from "./trust-portal-model.js";
import { loadTrustSettings } from "./trust-portal-settings.js";

/** Requests per address per hour before RATE_LIMITED. */
const REQUESTS_PER_HOUR = 10;

export const AccessRequestSchema = z.object({
  reportId: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320),
  company: z.string().trim().min(1).max(200),
  ndaVersion: z.string().trim().min(1).max(50),
  /** The click-through: anything but `true` is refused by the schema. */
  ndaAccepted: z.literal(true, { error: "Accept the non-disclosure terms to request the report." }),
});
export type AccessRequestInput = z.output<typeof AccessRequestSchema>;

export interface ClientInfo {
  readonly ip: string | null;
  readonly userAgent: string | null;
}

const loadPortalOrg = async (deps: Deps, orgId: string) => {
  const [org] = await findOrganizationsByIds(deps.db, [orgId]);
  const reports = org ? await listIssuedReports(deps.db, org.id) : [];
  // An organization without an issued report has no portal; its name is not revealed.
  if (!org || reports.length === 0) throw notFound("Trust portal");
  return { org, reports };
};

export const getTrustPortal = async (deps: Deps, orgId: string) => {
  const { org, reports } = await loadPortalOrg(deps, orgId);
  return {
    organization: { id: org.id, name: org.name, city: org.city, country: org.country, website: org.website },
    reports: reports.map(reportView),
    nda: { version: NDA_VERSION, text: NDA_TEXT },
  };
};

export const requestAccess = async (
  deps: Deps,
  actor: Actor,
  input: { orgId: string; body: AccessRequestInput; client: ClientInfo },
) => {
  const { body, client } = input;
  const hour = new Date(Math.floor(deps.clock().getTime() / 3_600_000) * 3_600_000).toISOString();
  if ((await hitRateLimit(deps.db, `trust-request:${client.ip ?? "unknown"}`, hour)) > REQUESTS_PER_HOUR) {
    throw new AppError(
      "RATE_LIMITED",
      "Too many access requests from this address in the last hour. Try again later.",
    );
  }
  const { org } = await loadPortalOrg(deps, input.orgId);
  const report = await findIssuedReport(deps.db, org.id, body.reportId);
  if (!report) throw notFound("Report");
  if (report.public === 1) {
    throw new AppError("VALIDATION", "This report is public; download it from the page without a request.");
  }
  if (body.ndaVersion !== NDA_VERSION) {
    throw new AppError(
      "VALIDATION",
      "The non-disclosure terms have changed; reload the page and accept the current ones.",
      {
        current: NDA_VERSION,
      },
    );
  }
  const email = body.email.toLowerCase();
  const domain = emailDomain(email);
  if (isPersonalDomain(domain)) {
    throw new AppError(
      "VALIDATION",
      `Use your work e-mail address (not ${domain}); the agreement binds your company.`,
      {
        field: "email",
      },
    );
  }
  const now = nowIso(deps);
  const id = deps.newId();
  const settings = await loadTrustSettings(deps.db, org.id);
  // A domain the organization allow-listed is approved at once, by nobody (decided_by stays null).
  const approval = isAllowListed(email, settings.allowedDomains)
    ? approvalOf(deps, id, {
        decidedAt: now,
        days: settings.linkDays,
        decidedBy: null,
        note: `${ALLOW_LIST_NOTE_PREFIX}${domain}`,
      })
    : null;
  const title = reportTitle(report.kind);
  const notificationIds = await inTransaction(deps, async (trx) => {
    await insertAccessRequest(trx, {
      id,
      report_id: report.id,
      firm_id: report.firm_id,
      org_id: org.id,
      requester_name: body.name,
      requester_email: email,
      requester_company: body.company,
      nda_version: NDA_VERSION,
      nda_accepted_at: now,
      ip: client.ip,
      user_agent: client.userAgent?.slice(0, 500) ?? null,
      status: "pending",
      token_hash: null,
      expires_at: null,
      decided_by: null,
      decided_at: null,
      decision_note: null,
      created_at: now,
      ...(approval ? approval.set : {}),
    });
    await recordEvent(trx, deps, actor, {
      action: "trust.access_requested",
      targetType: "report_access_request",
      targetId: id,
      firmId: report.firm_id,
      orgId: org.id,
      after: { reportId: report.id, name: body.name, email, company: body.company, ndaVersion: NDA_VERSION },
    });
    if (approval) {
      await recordEvent(trx, deps, actor, {
        action: "trust.access_approved",
        targetType: "report_access_request",
        targetId: id,
        firmId: report.firm_id,
        orgId: org.id,
        before: { status: "pending" },
        after: { status: "approved", expiresAt: approval.expiresAt, by: "allow-list", domain },
        note: `Approved without review: ${domain} is on the organization's allow-list.`,
      });
    }
    const admins = await usersWithRoles(trx, "org", org.id, ["org_admin"]);
    return notifyUsers(trx, deps, admins, {
      kind: approval ? "trust.access_allow_listed" : "trust.access_requested",
      title: approval
        ? `${body.company} received your ${title} (allow-listed domain)`
        : `${body.company} asks for your ${title}`,
      body: approval
        ? `${body.name} (${email}) accepted the non-disclosure terms; ${domain} is on your allow-list, so the download link was issued at once.`
        : `${body.name} (${email}) accepted the non-disclosure terms and asks for access.`,
      link: "/trust-access",
      orgId: org.id,
    });
  });
  await deliverEmails(deps, notificationIds);
  const emailed = approval
    ? await emailAccessLink(deps, {
        to: email,
        name: body.name,
        organization: org.name,
        reportTitle: title,
        path: approval.link.url,
        expiresAt: approval.expiresAt,
        allowListed: true,
      })
    : false;
  return {
    id,
    secret: requestSecret(deps, id),
    status: approval ? ("approved" as const) : ("pending" as const),
    link: approval?.link ?? null,
    emailed,
  };
};

/** The requester's view: the status and, once approved, the download link. */
export const getRequestStatus = async (deps: Deps, input: { id: string; secret: string }) => {
  const request = await findAccessRequest(deps.db, input.id);
  if (!request || !secretMatches(deps, request.id, input.secret)) throw notFound("Access request");
  const report = await findReportForPortal(deps.db, request.report_id);
  return {
    id: request.id,
    report: report ? { id: report.id, kind: report.kind, title: reportTitle(report.kind) } : null,
    status: request.status === "approved" && isExpired(deps, request) ? "expired" : request.status,
    decidedAt: request.decided_at,
    decisionNote: request.status === "declined" ? request.decision_note : null,
    link: activeLink(deps, request),
  };
};

const refused = (reason: "unknown" | "expired" | "revoked" | "withdrawn", message: string) =>
  new AppError("NOT_FOUND", message, { reason });

/** GET with a token: the copy watermarked for the approved requester, logged. */
export const downloadWithToken = async (
  deps: Deps,
  actor: Actor,
  input: { token: string; client: ClientInfo },
) => {
  const request = await findAccessRequestByTokenHash(deps.db, sha256Hex(input.token));
  if (!request)
    throw refused("unknown", "This download link is not valid. Ask the organization for access again.");
  if (request.status === "revoked") {
    throw refused("revoked", "The organization has revoked this download link.");
  }
  if (request.status !== "approved") throw refused("unknown", "This download link is not valid.");
  if (isExpired(deps, request)) {
    throw refused(
      "expired",
      `This download link expired on ${request.expires_at?.slice(0, 10)}; request access again.`,
    );
  }
  const report = await findIssuedReport(deps.db, request.org_id, request.report_id);
  if (!report)
    throw refused(
      "withdrawn",
      "The report is no longer offered; the organization may have issued a newer one.",
    );
  return deliverCopy(deps, actor, { report, request, ...input.client });
};

/** The public (SOC 3) report: anyone may download it, watermarked "Public copy" and logged. */
export const downloadPublicReport = async (
  deps: Deps,
  actor: Actor,
  input: { orgId: string; reportId: string; client: ClientInfo },
) => {
  const report = await findIssuedReport(deps.db, input.orgId, input.reportId);
  if (report?.public !== 1) throw notFound("Public report");
  return deliverCopy(deps, actor, { report, request: null, ...input.client });
};
