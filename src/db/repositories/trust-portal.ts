/**
 * The trust portal's rows: the organization's issued reports as the portal lists them, access
 * requests (with their decision and the hash of the download token) and the download log.
 */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { DB } from "../schema.js";
import type { ReportAccessRequestsTable, ReportDownloadsTable } from "../schema-reports.js";

/** What the portal may show of a report; never the manifest or the signer's certificate. */
export const PORTAL_REPORT_COLUMNS = [
  "id",
  "firm_id",
  "org_id",
  "kind",
  "version",
  "status",
  "pdf_sha256",
  "pdf_size",
  "pages",
  "covers_until",
  "signed_at",
  "public",
] as const;

export const ACCESS_REQUEST_COLUMNS = [
  "id",
  "report_id",
  "firm_id",
  "org_id",
  "requester_name",
  "requester_email",
  "requester_company",
  "nda_version",
  "nda_accepted_at",
  "ip",
  "user_agent",
  "status",
  "token_hash",
  "expires_at",
  "decided_by",
  "decided_at",
  "decision_note",
  "created_at",
] as const;

/** Issued reports of the organization (a superseded or withdrawn one is no longer offered). */
export const listIssuedReports = (db: Kysely<DB>, orgId: string) =>
  db
    .selectFrom("reports")
    .select(PORTAL_REPORT_COLUMNS)
    .where("org_id", "=", orgId)
    .where("status", "=", "issued")
    .orderBy("covers_until", "desc")
    .orderBy("kind")
    .execute();

export const findIssuedReport = (db: Kysely<DB>, orgId: string, reportId: string) =>
  db
    .selectFrom("reports")
    .select(PORTAL_REPORT_COLUMNS)
    .where("id", "=", reportId)
    .where("org_id", "=", orgId)
    .where("status", "=", "issued")
    .executeTakeFirst();

export const findReportForPortal = (db: Kysely<DB>, reportId: string) =>
  db.selectFrom("reports").select(PORTAL_REPORT_COLUMNS).where("id", "=", reportId).executeTakeFirst();

export const insertAccessRequest = (db: Kysely<DB>, row: Insertable<ReportAccessRequestsTable>) =>
  db.insertInto("report_access_requests").values(row).execute();

export const findAccessRequest = (db: Kysely<DB>, id: string) =>
  db
    .selectFrom("report_access_requests")
    .select(ACCESS_REQUEST_COLUMNS)
    .where("id", "=", id)
    .executeTakeFirst();

export const findAccessRequestByTokenHash = (db: Kysely<DB>, tokenHash: string) =>
  db
    .selectFrom("report_access_requests")
    .select(ACCESS_REQUEST_COLUMNS)
    .where("token_hash", "=", tokenHash)
    .executeTakeFirst();

/** Changes a request only while it is still in `fromStatus`; false when someone else got there first. */
export const updateAccessRequest = async (
  db: Kysely<DB>,
  id: string,
  fromStatus: readonly string[],
  changes: Updateable<ReportAccessRequestsTable>,
): Promise<boolean> => {
  const result = await db
    .updateTable("report_access_requests")
    .set(changes)
    .where("id", "=", id)
    .where("status", "in", [...fromStatus])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
};

export const listOrgAccessRequests = (db: Kysely<DB>, orgId: string, limit = 500) =>
  db
    .selectFrom("report_access_requests as r")
    .innerJoin("reports as rep", "rep.id", "r.report_id")
    .select(ACCESS_REQUEST_COLUMNS.map((c) => `r.${c}` as const))
    .select(["rep.kind as report_kind", "rep.covers_until as report_covers_until"])
    .where("r.org_id", "=", orgId)
    .orderBy("r.created_at", "desc")
    .limit(limit)
    .execute();

export const insertDownload = (db: Kysely<DB>, row: Insertable<ReportDownloadsTable>) =>
  db.insertInto("report_downloads").values(row).execute();

export const listOrgDownloads = (db: Kysely<DB>, orgId: string, limit = 500) =>
  db
    .selectFrom("report_downloads as d")
    .innerJoin("reports as rep", "rep.id", "d.report_id")
    .leftJoin("report_access_requests as r", "r.id", "d.access_request_id")
    .select([
      "d.id",
      "d.report_id",
      "d.access_request_id",
      "d.recipient",
      "d.watermark_id",
      "d.copy_sha256",
      "d.ip",
      "d.user_agent",
      "d.at",
      "rep.kind as report_kind",
      "rep.covers_until as report_covers_until",
      "r.requester_name",
      "r.requester_company",
    ])
    .where("d.org_id", "=", orgId)
    .orderBy("d.at", "desc")
    .limit(limit)
    .execute();

/**
 * Signed reports whose file hash is `documentSha256`, with the issuing firm's name: what the public
 * verification page may say about a file the visitor already holds.
 */
export const findSignedReportsByDocumentHash = (db: Kysely<DB>, documentSha256: string) =>
  db
    .selectFrom("reports as r")
    .innerJoin("firms as f", "f.id", "r.firm_id")
    .select([
      "r.id",
      "r.kind",
      "r.version",
      "r.status",
      "r.signed_at",
      "r.covers_until",
      "f.name as firm_name",
    ])
    .where("r.document_sha256", "=", documentSha256)
    .where("r.status", "in", ["issued", "superseded", "withdrawn"])
    .execute();

/** The download-log entries whose delivered copy has exactly this hash. */
export const findDownloadsByCopyHash = (db: Kysely<DB>, copySha256: string) =>
  db
    .selectFrom("report_downloads")
    .select(["id", "report_id", "watermark_id", "at"])
    .where("copy_sha256", "=", copySha256)
    .execute();
