/**
 * The organization's side of the trust portal: the queue of access requests, approving (which makes
 * an expiring download link), declining with a note, revoking, and the download log. Only the
 * organization's admins; anyone without a role in the organization gets NOT_FOUND.
 */
import { z } from "zod";
import { AppError, notFound } from "../../core/errors.js";
import { MAX_LINK_DAYS } from "../../core/trust-portal.js";
import { findOrganizationsByIds } from "../../db/repositories/tenants.js";
import {
  findAccessRequest,
  findReportForPortal,
  listOrgAccessRequests,
  listOrgDownloads,
  updateAccessRequest,
} from "../../db/repositories/trust-portal.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireOrgRole, requireUser, requireWrite } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { emailAccessLink } from "./trust-portal-mail.js";
import { type AccessRequest, approvalOf, isExpired, reportTitle, requestView } from "./trust-portal-model.js";
import { loadTrustSettings } from "./trust-portal-settings.js";

const ADMINS = ["org_admin"] as const;

export const ApproveSchema = z.object({
  /** Days the link lasts; the organization's setting (7 unless changed) when absent. */
  days: z.number().int().min(1).max(MAX_LINK_DAYS).optional(),
  note: z.string().trim().max(2000).optional(),
});
export const DecideSchema = z.object({ note: z.string().trim().max(2000).optional() });

export const listAccessRequests = async (deps: Deps, actor: Actor, orgId: string) => {
  const user = requireUser(actor);
  requireOrgRole(user, orgId, ADMINS, "Organization", "see trust portal requests");
  const rows = await listOrgAccessRequests(deps.db, orgId);
  return rows.map((r) => ({
    ...requestView(deps, r),
    reportKind: r.report_kind,
    reportTitle: reportTitle(r.report_kind),
    reportCoversUntil: r.report_covers_until,
  }));
};

export const listDownloads = async (deps: Deps, actor: Actor, orgId: string) => {
  const user = requireUser(actor);
  requireOrgRole(user, orgId, ADMINS, "Organization", "see the trust portal download log");
  const rows = await listOrgDownloads(deps.db, orgId);
  return rows.map((d) => ({
    id: d.id,
    reportId: d.report_id,
    reportTitle: reportTitle(d.report_kind),
    reportCoversUntil: d.report_covers_until,
    accessRequestId: d.access_request_id,
    recipient: d.recipient,
    name: d.requester_name,
    company: d.requester_company,
    watermarkId: d.watermark_id,
    copySha256: d.copy_sha256,
    ip: d.ip,
    userAgent: d.user_agent,
    at: d.at,
  }));
};

/** The request, when the actor administers its organization (NOT_FOUND otherwise). */
const loadForDecision = async (deps: Deps, actor: Actor, id: string, action: string) => {
  const user = requireWrite(actor);
  const request = await findAccessRequest(deps.db, id);
  if (!request) throw notFound("Access request");
  requireOrgRole(user, request.org_id, ADMINS, "Access request", action);
  return { user, request };
};

const conflict = (request: AccessRequest, wanted: string) =>
  new AppError("CONFLICT", `This request is ${request.status}; it cannot be ${wanted} now.`, {
    status: request.status,
  });

const decide = async (
  deps: Deps,
  actor: Actor,
  request: AccessRequest,
  change: {
    from: readonly string[];
    set: Parameters<typeof updateAccessRequest>[3];
    action: string;
    wanted: string;
  },
) =>
  inTransaction(deps, async (trx) => {
    if (!(await updateAccessRequest(trx, request.id, change.from, change.set)))
      throw conflict(request, change.wanted);
    await recordEvent(trx, deps, actor, {
      action: change.action,
      targetType: "report_access_request",
      targetId: request.id,
      firmId: request.firm_id,
      orgId: request.org_id,
      before: { status: request.status },
      after: { status: change.set.status, expiresAt: change.set.expires_at, note: change.set.decision_note },
    });
  });

/**
 * Approves a pending (or declined, revoked or expired) request: a new download link valid for
 * `days` (the organization's setting when not given), e-mailed to the requester when SMTP is
 * configured. An approved request whose link still works is a CONFLICT; revoke it first.
 */
export const approveAccessRequest = async (
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof ApproveSchema>,
) => {
  const { user, request } = await loadForDecision(deps, actor, id, "approve trust portal requests");
  if (request.status === "approved" && !isExpired(deps, request)) throw conflict(request, "approved again");
  const settings = await loadTrustSettings(deps.db, request.org_id);
  const approval = approvalOf(deps, request.id, {
    decidedAt: nowIso(deps),
    days: input.days ?? settings.linkDays,
    decidedBy: user.userId,
    note: input.note ?? null,
  });
  await decide(deps, actor, request, {
    from: [request.status],
    set: approval.set,
    action: "trust.access_approved",
    wanted: "approved",
  });
  const [org] = await findOrganizationsByIds(deps.db, [request.org_id]);
  const report = await findReportForPortal(deps.db, request.report_id);
  const emailed = await emailAccessLink(deps, {
    to: request.requester_email,
    name: request.requester_name,
    organization: org?.name ?? "The organization",
    reportTitle: reportTitle(report?.kind ?? ""),
    path: approval.link.url,
    expiresAt: approval.expiresAt,
    allowListed: false,
  });
  return {
    id: request.id,
    status: "approved" as const,
    expiresAt: approval.expiresAt,
    link: approval.link,
    emailed,
  };
};

export const declineAccessRequest = async (
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof DecideSchema>,
) => {
  const { user, request } = await loadForDecision(deps, actor, id, "decline trust portal requests");
  if (request.status !== "pending") throw conflict(request, "declined");
  await decide(deps, actor, request, {
    from: ["pending"],
    set: {
      status: "declined",
      decided_by: user.userId,
      decided_at: nowIso(deps),
      decision_note: input.note ?? null,
    },
    action: "trust.access_declined",
    wanted: "declined",
  });
  return { id: request.id, status: "declined" as const };
};

/** Revokes an approved request: its link stops working at once (the token hash is kept to say why). */
export const revokeAccessRequest = async (
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof DecideSchema>,
) => {
  const { user, request } = await loadForDecision(deps, actor, id, "revoke trust portal access");
  if (request.status !== "approved") throw conflict(request, "revoked");
  await decide(deps, actor, request, {
    from: ["approved"],
    set: {
      status: "revoked",
      decided_by: user.userId,
      decided_at: nowIso(deps),
      decision_note: input.note ?? null,
    },
    action: "trust.access_revoked",
    wanted: "revoked",
  });
  return { id: request.id, status: "revoked" as const };
};
