/**
 * Engagement letters and representation letters of an engagement. Reads filter by the tenant scope
 * or by the engagement the caller already loaded; bigint columns are normalised to numbers.
 */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { DB } from "../schema.js";
import type { EngagementDocumentRow, EngagementDocumentsTable } from "../schema-engagement-documents.js";

export interface VisibleScope {
  readonly firmIds: readonly string[];
  readonly orgIds: readonly string[];
}

const normalise = (row: EngagementDocumentRow): EngagementDocumentRow => ({
  ...row,
  version: Number(row.version),
  pdf_size: Number(row.pdf_size),
  accepted_pdf_size: row.accepted_pdf_size === null ? null : Number(row.accepted_pdf_size),
});

export const insertEngagementDocument = (db: Kysely<DB>, row: Insertable<EngagementDocumentsTable>) =>
  db.insertInto("engagement_documents").values(row).execute();

/** Updates the document only while it still has `status`; returns whether it did (a lost race is false). */
export const updateEngagementDocumentIf = async (
  db: Kysely<DB>,
  id: string,
  status: string,
  changes: Updateable<EngagementDocumentsTable>,
): Promise<boolean> => {
  const result = await db
    .updateTable("engagement_documents")
    .set(changes)
    .where("id", "=", id)
    .where("status", "=", status)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
};

/** Marks every unaccepted version of this kind superseded (before a new version). */
export const supersedeUnaccepted = (db: Kysely<DB>, engagementId: string, kind: string, at: string) =>
  db
    .updateTable("engagement_documents")
    .set({ status: "superseded", superseded_at: at, updated_at: at })
    .where("engagement_id", "=", engagementId)
    .where("kind", "=", kind)
    .where("status", "in", ["draft", "sent", "declined"])
    .execute();

export const listEngagementDocuments = async (db: Kysely<DB>, engagementId: string) =>
  (
    await db
      .selectFrom("engagement_documents")
      .selectAll()
      .where("engagement_id", "=", engagementId)
      .orderBy("kind")
      .orderBy("version", "desc")
      .execute()
  ).map(normalise);

export const nextDocumentVersion = async (db: Kysely<DB>, engagementId: string, kind: string) => {
  const row = await db
    .selectFrom("engagement_documents")
    .select((eb) => eb.fn.max("version").as("v"))
    .where("engagement_id", "=", engagementId)
    .where("kind", "=", kind)
    .executeTakeFirst();
  return Number(row?.v ?? 0) + 1;
};

export const findVisibleEngagementDocument = async (db: Kysely<DB>, id: string, scope: VisibleScope) => {
  const row = await db
    .selectFrom("engagement_documents")
    .selectAll()
    .where("id", "=", id)
    .where((eb) =>
      eb.or([eb("firm_id", "in", ["", ...scope.firmIds]), eb("org_id", "in", ["", ...scope.orgIds])]),
    )
    .executeTakeFirst();
  return row ? normalise(row) : undefined;
};

/**
 * Whether management accepted a document of this kind on or before `today` (a lifecycle fact: a
 * report dated today cannot rest on representations accepted later).
 */
export const hasAcceptedDocument = async (
  db: Kysely<DB>,
  engagementId: string,
  kind: string,
  today: string,
) => {
  const row = await db
    .selectFrom("engagement_documents")
    .select("accepted_at")
    .where("engagement_id", "=", engagementId)
    .where("kind", "=", kind)
    .where("status", "=", "accepted")
    .executeTakeFirst();
  return row?.accepted_at != null && row.accepted_at.slice(0, 10) <= today;
};

/** Documents awaiting the organization's acceptance, across the organizations in scope. */
export const listPendingForOrgs = async (db: Kysely<DB>, orgIds: readonly string[]) =>
  (
    await db
      .selectFrom("engagement_documents")
      .selectAll()
      .where("org_id", "in", ["", ...orgIds])
      .where("status", "in", ["sent", "accepted", "declined"])
      .orderBy("generated_at", "desc")
      .execute()
  ).map(normalise);
