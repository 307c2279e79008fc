/**
 * Shared by the trust portal's use-cases: the NDA the requester accepts, the secrets derived for a
 * request (the requester's polling secret and the download token), the views, and the watermarked
 * copy of a report with its row in the download log.
 */
import { createHmac } from "node:crypto";
import type { Kysely } from "kysely";
import { AppError } from "../../core/errors.js";
import { linkExpiresAt } from "../../core/trust-portal.js";
import type { ACCESS_REQUEST_COLUMNS, PORTAL_REPORT_COLUMNS } from "../../db/repositories/trust-portal.js";
import { insertDownload } from "../../db/repositories/trust-portal.js";
import type { DB } from "../../db/schema.js";
import type { ReportAccessRequestRow, ReportRow } from "../../db/schema-reports.js";
import { watermarkPdf } from "../../reports/watermark.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { safeEqual, sha256Hex } from "../security/crypto.js";
import { readReportPdf } from "./reports.js";

export const NDA_VERSION = "fieldwork-nda-v1";

/** Our own words; shown on the public page and accepted by a click. */
export const NDA_TEXT = [
  "You are asking for a restricted-use report about this organization's controls. By ticking the box you agree, for yourself and the company you name, that:",
  "1. You will use the report only to evaluate or manage your business relationship with the organization.",
  "2. You will keep the report confidential and share it only with colleagues and advisers who need it for that purpose and are bound to the same confidentiality.",
  "3. You will not publish the report, post it online or pass it to anyone else, in whole or in part.",
  "4. Your copy is marked with your name, e-mail address and a unique id, and every download is recorded.",
  "5. On request of the organization you will delete your copies.",
  "These obligations last three years from the day you accept them.",
].join("\n");

export type PortalReport = Pick<ReportRow, (typeof PORTAL_REPORT_COLUMNS)[number]>;
export type AccessRequest = Pick<ReportAccessRequestRow, (typeof ACCESS_REQUEST_COLUMNS)[number]>;

const KIND_TITLES: Record<string, string> = {
  "soc2-type1": "SOC 2 Type 1 report",
  "soc2-type2": "SOC 2 Type 2 report",
  soc3: "SOC 3 report",
  "bridge-letter": "Bridge letter",
};

export const reportTitle = (kind: string): string => KIND_TITLES[kind] ?? "Report";

export const reportView = (r: PortalReport) => ({
  id: r.id,
  kind: r.kind,
  title: reportTitle(r.kind),
  version: r.version,
  coversUntil: r.covers_until,
  issuedAt: r.signed_at,
  pages: r.pages,
  size: r.pdf_size,
  /** Anyone may download it; otherwise access is requested under the NDA. */
  public: r.public === 1,
});

const hmac = (deps: Pick<Deps, "masterKey">, label: string): string =>
  createHmac("sha256", deps.masterKey).update(label).digest("base64url");

/**
 * The requester's secret for polling the request. Derived (HMAC with the master key) rather than
 * stored: the table has no column for it, and a database copy alone does not reveal it.
 */
export const requestSecret = (deps: Pick<Deps, "masterKey">, requestId: string): string =>
  hmac(deps, `fieldwork-trust-request:${requestId}`);

export const secretMatches = (deps: Pick<Deps, "masterKey">, requestId: string, secret: string): boolean =>
  safeEqual(requestSecret(deps, requestId), secret);

/**
 * The download token of one approval: unguessable without the master key, and different for every
 * approval (the decision time is part of it). Only its SHA-256 is stored, for the lookup.
 */
export const downloadToken = (deps: Pick<Deps, "masterKey">, requestId: string, decidedAt: string): string =>
  hmac(deps, `fieldwork-trust-download:${requestId}:${decidedAt}`);

export const downloadPath = (token: string): string => `/api/public/trust/downloads/${token}`;

/** Marks the decision of an approval made by nobody: the requester's domain is on the allow-list. */
export const ALLOW_LIST_NOTE_PREFIX = "Approved at once: allow-listed domain ";

/**
 * The columns of an approval decided at `decidedAt` (by a user, or by the allow-list when
 * `decidedBy` is null) and the download token it makes; the token itself is never stored.
 */
export const approvalOf = (
  deps: Pick<Deps, "masterKey">,
  requestId: string,
  input: { decidedAt: string; days: number; decidedBy: string | null; note: string | null },
) => {
  const token = downloadToken(deps, requestId, input.decidedAt);
  const expiresAt = linkExpiresAt(input.decidedAt, input.days);
  return {
    token,
    expiresAt,
    link: { url: downloadPath(token), expiresAt },
    set: {
      status: "approved",
      token_hash: sha256Hex(token),
      expires_at: expiresAt,
      decided_by: input.decidedBy,
      decided_at: input.decidedAt,
      decision_note: input.note,
    },
  };
};

/** True when the allow-list, not a person, approved the request. */
export const approvedByAllowList = (r: Pick<AccessRequest, "decided_by" | "decision_note">): boolean =>
  r.decided_by === null && (r.decision_note ?? "").startsWith(ALLOW_LIST_NOTE_PREFIX);

export const isExpired = (deps: Pick<Deps, "clock">, r: Pick<AccessRequest, "expires_at">): boolean =>
  r.expires_at !== null && r.expires_at <= nowIso(deps);

/** The link while it works (approved, not expired), else null. */
export const activeLink = (deps: Pick<Deps, "masterKey" | "clock">, r: AccessRequest) =>
  r.status === "approved" && r.decided_at && !isExpired(deps, r)
    ? { url: downloadPath(downloadToken(deps, r.id, r.decided_at)), expiresAt: r.expires_at }
    : null;

export interface WatermarkedCopy {
  readonly body: Buffer;
  readonly filename: string;
  readonly watermarkId: string;
  readonly sha256: string;
}

export interface CopyFor {
  readonly report: PortalReport;
  readonly request: AccessRequest | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/** Watermarks the stored PDF for the recipient, logs the download and its audit event in one transaction. */
export const deliverCopy = async (deps: Deps, actor: Actor, input: CopyFor): Promise<WatermarkedCopy> => {
  const { report, request } = input;
  const watermarkId = `WM-${deps.randomBytes(6).toString("hex").toUpperCase()}`;
  const date = todayIso(deps);
  const text = request
    ? `Provided to ${request.requester_name} <${request.requester_email}>, ${request.requester_company} — ${watermarkId} — ${date}`
    : `Public copy — ${watermarkId} — ${date}`;
  const recipient = request ? request.requester_email : "public";
  const original = await readReportPdf(deps, report.org_id, report.pdf_sha256);
  if (sha256Hex(original) !== report.pdf_sha256) {
    throw new AppError("INTEGRITY", "The stored report does not match its recorded hash.");
  }
  const body = Buffer.from(await watermarkPdf(original, { text, watermarkId, recipient }));
  const sha256 = sha256Hex(body);
  const id = deps.newId();
  await inTransaction(deps, async (trx: Kysely<DB>) => {
    await insertDownload(trx, {
      id,
      report_id: report.id,
      firm_id: report.firm_id,
      org_id: report.org_id,
      access_request_id: request?.id ?? null,
      recipient,
      watermark_id: watermarkId,
      copy_sha256: sha256,
      ip: input.ip,
      user_agent: input.userAgent,
      at: nowIso(deps),
    });
    await recordEvent(trx, deps, actor, {
      action: "trust.report_downloaded",
      targetType: "report",
      targetId: report.id,
      firmId: report.firm_id,
      orgId: report.org_id,
      after: {
        downloadId: id,
        recipient,
        watermarkId,
        copySha256: sha256,
        accessRequestId: request?.id ?? null,
      },
    });
  });
  const slug = report.kind.replace(/[^a-z0-9]+/g, "-");
  return { body, filename: `${slug}-v${report.version}-${watermarkId}.pdf`, watermarkId, sha256 };
};

export const requestView = (deps: Pick<Deps, "masterKey" | "clock">, r: AccessRequest) => ({
  id: r.id,
  reportId: r.report_id,
  name: r.requester_name,
  email: r.requester_email,
  company: r.requester_company,
  ndaVersion: r.nda_version,
  ndaAcceptedAt: r.nda_accepted_at,
  ip: r.ip,
  userAgent: r.user_agent,
  status: r.status === "approved" && isExpired(deps, r) ? "expired" : r.status,
  expiresAt: r.expires_at,
  decidedAt: r.decided_at,
  decisionNote: r.decision_note,
  allowListed: approvedByAllowList(r),
  createdAt: r.created_at,
  link: activeLink(deps, r),
});
