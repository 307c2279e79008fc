/**
 * Reports of an engagement (drafts and issued versions), comments on drafts, and the firm's signing
 * certificate. Reads filter by the tenant scope or by the engagement the caller already loaded; the
 * certificate's encrypted key material is selected only by `findActiveCertificateSecret`.
 */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { DB } from "../schema.js";
import type { FirmSigningCertificatesTable, ReportCommentsTable, ReportsTable } from "../schema-reports.js";

export interface VisibleScope {
  readonly firmIds: readonly string[];
  readonly orgIds: readonly string[];
}

const REPORT_COLUMNS = [
  "id",
  "firm_id",
  "org_id",
  "engagement_id",
  "kind",
  "version",
  "status",
  "pdf_sha256",
  "pdf_size",
  "pages",
  "covers_until",
  "manifest_root",
  "document_sha256",
  "signed_by",
  "signed_at",
  "certificate_fingerprint",
  "public",
  "created_by",
  "created_at",
  "updated_at",
] as const;

export const insertReport = (db: Kysely<DB>, row: Insertable<ReportsTable>) =>
  db.insertInto("reports").values(row).execute();

export const updateReport = (db: Kysely<DB>, id: string, changes: Updateable<ReportsTable>) =>
  db.updateTable("reports").set(changes).where("id", "=", id).execute();

/** Marks every draft of the engagement superseded (before a new draft or the issued report). */
export const supersedeDrafts = (db: Kysely<DB>, engagementId: string, at: string) =>
  db
    .updateTable("reports")
    .set({ status: "superseded", updated_at: at })
    .where("engagement_id", "=", engagementId)
    .where("status", "=", "draft")
    .execute();

export const listEngagementReports = (db: Kysely<DB>, engagementId: string) =>
  db
    .selectFrom("reports")
    .select(REPORT_COLUMNS)
    .where("engagement_id", "=", engagementId)
    .orderBy("version", "desc")
    .orderBy("created_at", "desc")
    .execute();

export const nextReportVersion = async (db: Kysely<DB>, engagementId: string): Promise<number> => {
  const row = await db
    .selectFrom("reports")
    .select((eb) => eb.fn.max("version").as("v"))
    .where("engagement_id", "=", engagementId)
    .executeTakeFirst();
  return Number(row?.v ?? 0) + 1;
};

export const findVisibleReport = (db: Kysely<DB>, id: string, scope: VisibleScope) =>
  db
    .selectFrom("reports")
    .select(REPORT_COLUMNS)
    .where("id", "=", id)
    .where((eb) =>
      eb.or([eb("firm_id", "in", ["", ...scope.firmIds]), eb("org_id", "in", ["", ...scope.orgIds])]),
    )
    .executeTakeFirst();

/** Lifecycle facts of the report side: a current draft, its open comments, an issued report. */
export const countReportFacts = async (
  db: Kysely<DB>,
  engagementId: string,
): Promise<{ draftSharedWithClient: boolean; draftCommentsOpen: number; reportIssued: boolean }> => {
  const reports = await db
    .selectFrom("reports")
    .select(["id", "status"])
    .where("engagement_id", "=", engagementId)
    .where("status", "in", ["draft", "issued"])
    .execute();
  const draft = reports.find((r) => r.status === "draft");
  let open = 0;
  if (draft) {
    const row = await db
      .selectFrom("report_comments")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("report_id", "=", draft.id)
      .where("status", "=", "open")
      .executeTakeFirst();
    open = Number(row?.n ?? 0);
  }
  return {
    draftSharedWithClient: draft !== undefined || reports.some((r) => r.status === "issued"),
    draftCommentsOpen: open,
    reportIssued: reports.some((r) => r.status === "issued"),
  };
};

// ---- comments ----

const COMMENT_COLUMNS = [
  "c.id",
  "c.report_id",
  "c.firm_id",
  "c.org_id",
  "c.engagement_id",
  "c.n",
  "c.author_user_id",
  "c.author_side",
  "c.location",
  "c.body",
  "c.status",
  "c.resolution",
  "c.resolved_by",
  "c.resolved_at",
  "c.created_at",
] as const;

export const insertReportComment = (db: Kysely<DB>, row: Insertable<ReportCommentsTable>) =>
  db.insertInto("report_comments").values(row).execute();

export const nextCommentNumber = async (db: Kysely<DB>, engagementId: string): Promise<number> => {
  const row = await db
    .selectFrom("report_comments")
    .select((eb) => eb.fn.max("n").as("n"))
    .where("engagement_id", "=", engagementId)
    .executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
};

export const listReportComments = (db: Kysely<DB>, reportId: string) =>
  db
    .selectFrom("report_comments as c")
    .leftJoin("users as a", "a.id", "c.author_user_id")
    .leftJoin("users as r", "r.id", "c.resolved_by")
    .select([...COMMENT_COLUMNS, "a.name as author_name", "r.name as resolver_name"])
    .where("c.report_id", "=", reportId)
    .orderBy("c.n")
    .execute();

export const findVisibleComment = (db: Kysely<DB>, id: string, scope: VisibleScope) =>
  db
    .selectFrom("report_comments as c")
    .select(COMMENT_COLUMNS)
    .where("c.id", "=", id)
    .where((eb) =>
      eb.or([eb("c.firm_id", "in", ["", ...scope.firmIds]), eb("c.org_id", "in", ["", ...scope.orgIds])]),
    )
    .executeTakeFirst();

/** Resolves an open comment; false when it was resolved meanwhile. */
export const resolveReportComment = async (
  db: Kysely<DB>,
  id: string,
  changes: { resolution: string; resolved_by: string; resolved_at: string },
): Promise<boolean> => {
  const r = await db
    .updateTable("report_comments")
    .set({ ...changes, status: "resolved" })
    .where("id", "=", id)
    .where("status", "=", "open")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
};

// ---- the firm's signing certificate ----

const CERTIFICATE_COLUMNS = [
  "id",
  "firm_id",
  "subject",
  "serial",
  "fingerprint",
  "not_before",
  "not_after",
  "created_by",
  "created_at",
] as const;

export const findActiveCertificate = (db: Kysely<DB>, firmId: string) =>
  db
    .selectFrom("firm_signing_certificates")
    .select(CERTIFICATE_COLUMNS)
    .where("firm_id", "=", firmId)
    .where("active", "=", 1)
    .executeTakeFirst();

/** The encrypted PKCS#12 and password: only for signing. */
export const findActiveCertificateSecret = (db: Kysely<DB>, firmId: string) =>
  db
    .selectFrom("firm_signing_certificates")
    .select(["id", "fingerprint", "p12_encrypted", "password_encrypted"])
    .where("firm_id", "=", firmId)
    .where("active", "=", 1)
    .executeTakeFirst();

/** Deactivates the firm's current certificate and stores the new one as active. */
export const replaceActiveCertificate = async (
  db: Kysely<DB>,
  row: Insertable<FirmSigningCertificatesTable>,
): Promise<void> => {
  await db
    .updateTable("firm_signing_certificates")
    .set({ active: 0 })
    .where("firm_id", "=", row.firm_id)
    .where("active", "=", 1)
    .execute();
  await db
    .insertInto("firm_signing_certificates")
    .values({ ...row, active: 1 })
    .execute();
};
