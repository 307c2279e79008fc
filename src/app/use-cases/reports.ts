/**
 * The SOC 2 report of an engagement (issue 5 §2): drafts built by the engagement team from the
 * engagement's data and watermarked DRAFT, the organization's comments on the current draft and
 * the team's resolutions, and downloads. A new draft supersedes the previous one. Issuance lives in
 * reports-issue.ts. PDFs are kept in the organization's encrypted blob store.
 */
import { Readable } from "node:stream";
import { PDFDocument } from "pdf-lib";
import { z } from "zod";
import { AppError, notFound } from "../../core/errors.js";
import { buildReportModel } from "../../core/report-model.js";
import type { Role } from "../../core/roles.js";
import {
  findVisibleComment,
  findVisibleReport,
  insertReport,
  insertReportComment,
  listEngagementReports,
  listReportComments,
  nextCommentNumber,
  nextReportVersion,
  resolveReportComment,
  supersedeDrafts,
} from "../../db/repositories/reports.js";
import type { EngagementRow } from "../../db/schema.js";
import type { ReportRow } from "../../db/schema-reports.js";
import { renderReportPdf } from "../../reports/render-pdf.js";
import type { Actor, UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireUser, requireWrite, rolesOnEngagement, scopeOf } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { engagementType, loadEngagement } from "./engagement-model.js";
import { blobStoreOf, dataKeyFor, existingDataKey } from "./evidence-model.js";
import { gatherReportInput } from "./report-data.js";

export const FIRM_TEAM: readonly Role[] = ["partner", "engagement_manager", "staff_auditor"];
const DRAFT_READERS: readonly Role[] = [...FIRM_TEAM, "org_admin", "control_owner"];
const ISSUED_READERS: readonly Role[] = [...FIRM_TEAM, "org_admin"];
const MAX_REPORT_BYTES = 200 * 1024 * 1024;

export const AddCommentSchema = z.object({
  location: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(5000),
});
export const ResolveCommentSchema = z.object({ resolution: z.string().trim().min(1).max(5000) });

export interface ReportView {
  readonly id: string;
  readonly engagementId: string;
  readonly kind: string;
  readonly version: number;
  readonly status: string;
  readonly pages: number;
  readonly pdfSize: number;
  readonly coversUntil: string | null;
  readonly documentSha256: string | null;
  readonly manifestRoot: string | null;
  readonly signedAt: string | null;
  /** The signing partner's name, for an issued report. */
  readonly signedByName: string | null;
  readonly certificateFingerprint: string | null;
  readonly createdAt: string;
}

export const reportView = (
  r: Omit<ReportRow, "public" | "org_id" | "firm_id">,
  signedByName: string | null = null,
): ReportView => ({
  id: r.id,
  engagementId: r.engagement_id,
  kind: r.kind,
  version: Number(r.version),
  status: r.status,
  pages: Number(r.pages),
  pdfSize: Number(r.pdf_size),
  coversUntil: r.covers_until,
  documentSha256: r.document_sha256,
  manifestRoot: r.manifest_root,
  signedAt: r.signed_at,
  signedByName,
  certificateFingerprint: r.certificate_fingerprint,
  createdAt: r.created_at,
});

const isFirmSide = (user: UserActor, e: EngagementRow): boolean =>
  rolesOnEngagement(user, e).some((r) => FIRM_TEAM.includes(r));

/** Only the firm sees superseded drafts; the organization sees the current draft and issued reports. */
const visibleTo = (user: UserActor, e: EngagementRow, status: string): boolean =>
  isFirmSide(user, e) || status === "draft" || status === "issued";

export const pageCount = async (pdf: Uint8Array): Promise<number> =>
  (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();

/** Writes the PDF into the organization's blob store; returns its SHA-256. */
export const storeReportPdf = async (deps: Deps, orgId: string, pdf: Uint8Array): Promise<string> => {
  const key = await dataKeyFor(deps, orgId);
  const stored = await blobStoreOf(deps).write(orgId, key, Readable.from([Buffer.from(pdf)]), {
    maxBytes: MAX_REPORT_BYTES,
    limitName: "the report size limit",
  });
  return stored.sha256;
};

/** A stored report PDF, decrypted (every chunk's tag checked) into memory; reports are a few MB. */
export const readReportPdf = async (deps: Deps, orgId: string, sha256: string): Promise<Buffer> => {
  const key = await existingDataKey(deps, orgId);
  const chunks: Buffer[] = [];
  for await (const chunk of blobStoreOf(deps).open(orgId, sha256, key)) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
};

/** The signing partner's name and CPA licence number; FORBIDDEN when no licence is on file. */
export const licensedPartner = async (deps: Deps, userId: string, document: string) => {
  const row = await deps.db
    .selectFrom("users")
    .select(["name", "cpa_licence_number"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  const licence = (row.cpa_licence_number ?? "").trim();
  if (licence === "") {
    throw new AppError(
      "FORBIDDEN",
      `Only a partner with a CPA licence number on file can sign ${document}. Record your licence number in your profile first.`,
    );
  }
  return { name: row.name, licenceNumber: licence };
};

export const listReports = async (deps: Deps, actor: Actor, engagementId: string) => {
  const user = requireUser(actor);
  const e = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, DRAFT_READERS, "see the engagement's reports");
  const rows = (await listEngagementReports(deps.db, e.id)).filter((r) => visibleTo(user, e, r.status));
  const signerIds = [...new Set(rows.flatMap((r) => (r.signed_by ? [r.signed_by] : [])))];
  const signers =
    signerIds.length === 0
      ? []
      : await deps.db.selectFrom("users").select(["id", "name"]).where("id", "in", signerIds).execute();
  const names = new Map(signers.map((u) => [u.id, u.name]));
  return rows.map((r) => reportView(r, r.signed_by ? (names.get(r.signed_by) ?? null) : null));
};

/** A new draft from the engagement's data as it stands; the previous draft is superseded. */
export const buildDraftReport = async (deps: Deps, actor: Actor, engagementId: string) => {
  const user = requireWrite(actor);
  const e = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, FIRM_TEAM, "build a draft report");
  const existing = await listEngagementReports(deps.db, e.id);
  if (existing.some((r) => r.status === "issued")) {
    throw new AppError("CONFLICT", "The report has been issued; the engagement takes no new drafts.");
  }
  const version = await nextReportVersion(deps.db, e.id);
  const input = await gatherReportInput(deps, user, e.id, {
    reportDate: todayIso(deps),
    version,
    draft: true,
  });
  const pdf = await renderReportPdf(buildReportModel(input), { watermark: "DRAFT" });
  const sha = await storeReportPdf(deps, e.org_id, pdf);
  const type = engagementType(e);
  const now = nowIso(deps);
  const row = {
    id: deps.newId(),
    firm_id: e.firm_id,
    org_id: e.org_id,
    engagement_id: e.id,
    kind: type === "type1" ? "soc2-type1" : "soc2-type2",
    version,
    status: "draft",
    pdf_sha256: sha,
    pdf_size: pdf.length,
    pages: await pageCount(pdf),
    covers_until: type === "type1" ? e.as_of_date : e.period_end,
    manifest_root: null,
    document_sha256: null,
    signed_by: null,
    signed_at: null,
    certificate_fingerprint: null,
    public: 0,
    created_by: user.userId,
    created_at: now,
    updated_at: now,
  };
  await inTransaction(deps, async (trx) => {
    await supersedeDrafts(trx, e.id, now);
    await insertReport(trx, row);
    await recordEvent(trx, deps, actor, {
      action: "report.draft_built",
      targetType: "report",
      targetId: row.id,
      firmId: e.firm_id,
      orgId: e.org_id,
      engagementId: e.id,
      after: { kind: row.kind, version, pages: row.pages, sha256: sha },
    });
  });
  return reportView(row);
};

/** The report the actor may see with its engagement; NOT_FOUND otherwise (other tenants included). */
const loadReport = async (deps: Deps, user: UserActor, id: string) => {
  const report = await findVisibleReport(deps.db, id, scopeOf(user));
  if (!report) throw notFound("Report");
  const e = await loadEngagement(deps, user, report.engagement_id);
  if (!visibleTo(user, e, report.status)) throw notFound("Report");
  return { report, e };
};

export const getReport = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const { report, e } = await loadReport(deps, user, id);
  requireEngagementRole(
    user,
    e,
    report.status === "issued" ? ISSUED_READERS : DRAFT_READERS,
    "see this report",
  );
  const comments = await listReportComments(deps.db, report.id);
  return {
    report: reportView(report),
    comments: comments.map((c) => ({
      id: c.id,
      n: Number(c.n),
      authorSide: c.author_side,
      authorName: c.author_name ?? null,
      location: c.location,
      body: c.body,
      status: c.status,
      resolution: c.resolution,
      resolvedBy: c.resolver_name ?? null,
      resolvedAt: c.resolved_at,
      createdAt: c.created_at,
    })),
  };
};

/** The PDF bytes (every tag checked first); each download is in the audit trail. */
export const downloadReportPdf = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const { report, e } = await loadReport(deps, user, id);
  const issued = report.status === "issued";
  requireEngagementRole(user, e, issued ? ISSUED_READERS : DRAFT_READERS, "download this report");
  const pdf = await readReportPdf(deps, report.org_id, report.pdf_sha256);
  await inTransaction(deps, (trx) =>
    recordEvent(trx, deps, actor, {
      action: "report.downloaded",
      targetType: "report",
      targetId: report.id,
      firmId: report.firm_id,
      orgId: report.org_id,
      engagementId: report.engagement_id,
      note: `${report.kind} v${Number(report.version)} (${report.status})`,
    }),
  );
  const kindName =
    { "soc2-type1": "SOC2-Type1", soc3: "SOC3", "bridge-letter": "bridge-letter" }[report.kind] ??
    "SOC2-Type2";
  const suffix = issued ? "" : `-${report.status}`;
  return {
    body: pdf,
    filename: `${e.name.replace(/[^A-Za-z0-9._-]+/g, "-")}-${kindName}-v${Number(report.version)}${suffix}.pdf`,
  };
};

export const addReportComment = async (
  deps: Deps,
  actor: Actor,
  reportId: string,
  input: z.infer<typeof AddCommentSchema>,
) => {
  const user = requireWrite(actor);
  const { report, e } = await loadReport(deps, user, reportId);
  requireEngagementRole(user, e, DRAFT_READERS, "comment on the draft report");
  if (report.status !== "draft") {
    throw new AppError("CONFLICT", "Comments are taken on the current draft only; open the latest draft.");
  }
  const id = deps.newId();
  const side = isFirmSide(user, e) ? "firm" : "org";
  const n = await inTransaction(deps, async (trx) => {
    const next = await nextCommentNumber(trx, e.id);
    await insertReportComment(trx, {
      id,
      report_id: report.id,
      firm_id: report.firm_id,
      org_id: report.org_id,
      engagement_id: e.id,
      n: next,
      author_user_id: user.userId,
      author_side: side,
      location: input.location,
      body: input.body,
      status: "open",
      resolution: null,
      resolved_by: null,
      resolved_at: null,
      created_at: nowIso(deps),
    });
    await recordEvent(trx, deps, actor, {
      action: "report.comment_added",
      targetType: "report_comment",
      targetId: id,
      firmId: report.firm_id,
      orgId: report.org_id,
      engagementId: e.id,
      after: { reportId: report.id, location: input.location },
    });
    return next;
  });
  return { id, n, status: "open" as const };
};

export const resolveComment = async (
  deps: Deps,
  actor: Actor,
  commentId: string,
  input: z.infer<typeof ResolveCommentSchema>,
) => {
  const user = requireWrite(actor);
  const comment = await findVisibleComment(deps.db, commentId, scopeOf(user));
  if (!comment) throw notFound("Comment");
  const e = await loadEngagement(deps, user, comment.engagement_id);
  requireEngagementRole(user, e, FIRM_TEAM, "resolve comments on the draft report");
  await inTransaction(deps, async (trx) => {
    const done = await resolveReportComment(trx, comment.id, {
      resolution: input.resolution,
      resolved_by: user.userId,
      resolved_at: nowIso(deps),
    });
    if (!done) throw new AppError("CONFLICT", "This comment is already resolved.");
    await recordEvent(trx, deps, actor, {
      action: "report.comment_resolved",
      targetType: "report_comment",
      targetId: comment.id,
      firmId: comment.firm_id,
      orgId: comment.org_id,
      engagementId: e.id,
      after: { resolution: input.resolution },
    });
  });
  return { id: comment.id, status: "resolved" as const };
};
