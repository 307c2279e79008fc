/**
 * Evidence items, their links to the organization's controls, and the organization's wrapped data
 * key. Every query filters by the organization (or a visibility scope), never by id alone.
 */
import type { Insertable, Kysely } from "kysely";
import type { DB } from "../schema.js";
import type { EvidenceItemsTable, EvidenceLinksTable } from "../schema-evidence.js";

export const EVIDENCE_COLUMNS = [
  "evidence_items.id",
  "evidence_items.org_id",
  "evidence_items.series_id",
  "evidence_items.version",
  "evidence_items.supersedes_id",
  "evidence_items.title",
  "evidence_items.description",
  "evidence_items.media_type",
  "evidence_items.size",
  "evidence_items.sha256",
  "evidence_items.original_name",
  "evidence_items.effective_date",
  "evidence_items.period_start",
  "evidence_items.period_end",
  "evidence_items.source",
  "evidence_items.importer_id",
  "evidence_items.checks",
  "evidence_items.uploaded_by",
  "evidence_items.uploaded_at",
] as const;

export interface EvidenceScope {
  readonly firmIds: readonly string[];
  readonly orgIds: readonly string[];
}

// ---- data keys ----

export const findWrappedDataKey = async (db: Kysely<DB>, orgId: string): Promise<string | undefined> =>
  (await db.selectFrom("org_data_keys").select("wrapped_key").where("org_id", "=", orgId).executeTakeFirst())
    ?.wrapped_key;

/** Stores the key unless another request stored one first; the caller then reads back the winner. */
export const insertDataKeyIfAbsent = (db: Kysely<DB>, orgId: string, wrappedKey: string, at: string) =>
  db
    .insertInto("org_data_keys")
    .values({ org_id: orgId, wrapped_key: wrappedKey, created_at: at })
    .onConflict((oc) => oc.column("org_id").doNothing())
    .execute();

// ---- items ----

export const insertEvidenceItem = (db: Kysely<DB>, row: Insertable<EvidenceItemsTable>) =>
  db.insertInto("evidence_items").values(row).execute();

/** An item with its organization's firm, only when the organization is visible in `scope`. */
export const findVisibleEvidenceItem = (db: Kysely<DB>, id: string, scope: EvidenceScope) => {
  if (scope.firmIds.length === 0 && scope.orgIds.length === 0) return Promise.resolve(undefined);
  return db
    .selectFrom("evidence_items")
    .innerJoin("organizations", "organizations.id", "evidence_items.org_id")
    .leftJoin("users", "users.id", "evidence_items.uploaded_by")
    .select(EVIDENCE_COLUMNS)
    .select(["organizations.firm_id as firm_id", "users.name as uploaded_by_name"])
    .where("evidence_items.id", "=", id)
    .where((eb) => {
      const ors = [];
      if (scope.firmIds.length > 0) ors.push(eb("organizations.firm_id", "in", [...scope.firmIds]));
      if (scope.orgIds.length > 0) ors.push(eb("evidence_items.org_id", "in", [...scope.orgIds]));
      return eb.or(ors);
    })
    .executeTakeFirst();
};

export interface EvidenceListFilter {
  readonly controlId?: string | undefined;
  readonly source?: string | undefined;
  readonly includeSuperseded?: boolean | undefined;
  readonly limit: number;
}

export const listEvidenceItems = (db: Kysely<DB>, orgId: string, filter: EvidenceListFilter) => {
  let query = db
    .selectFrom("evidence_items")
    .leftJoin("users", "users.id", "evidence_items.uploaded_by")
    .select(EVIDENCE_COLUMNS)
    .select("users.name as uploaded_by_name")
    .where("evidence_items.org_id", "=", orgId);
  if (!filter.includeSuperseded) {
    query = query.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("evidence_items as newer")
            .select("newer.id")
            .whereRef("newer.supersedes_id", "=", "evidence_items.id"),
        ),
      ),
    );
  }
  if (filter.source) query = query.where("evidence_items.source", "=", filter.source);
  if (filter.controlId) {
    const controlId = filter.controlId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("evidence_links")
          .select("evidence_links.evidence_id")
          .whereRef("evidence_links.evidence_id", "=", "evidence_items.id")
          .where("evidence_links.org_id", "=", orgId)
          .where("evidence_links.control_id", "=", controlId),
      ),
    );
  }
  return query
    .orderBy("evidence_items.uploaded_at", "desc")
    .orderBy("evidence_items.id")
    .limit(filter.limit)
    .execute();
};

/** Every version of one item, oldest first. */
export const listVersions = (db: Kysely<DB>, orgId: string, seriesId: string) =>
  db
    .selectFrom("evidence_items")
    .leftJoin("users", "users.id", "evidence_items.uploaded_by")
    .select(EVIDENCE_COLUMNS)
    .select("users.name as uploaded_by_name")
    .where("evidence_items.org_id", "=", orgId)
    .where("evidence_items.series_id", "=", seriesId)
    .orderBy("evidence_items.version")
    .execute();

export const findSupersedingId = async (
  db: Kysely<DB>,
  orgId: string,
  id: string,
): Promise<string | undefined> =>
  (
    await db
      .selectFrom("evidence_items")
      .select("id")
      .where("org_id", "=", orgId)
      .where("supersedes_id", "=", id)
      .executeTakeFirst()
  )?.id;

/** How many items of the organization refer to a blob (for cleaning up an unused new blob). */
export const countBlobReferences = async (db: Kysely<DB>, orgId: string, sha256: string): Promise<number> =>
  Number(
    (
      await db
        .selectFrom("evidence_items")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("org_id", "=", orgId)
        .where("sha256", "=", sha256)
        .executeTakeFirstOrThrow()
    ).n,
  );

// ---- links ----

export const insertLinks = (db: Kysely<DB>, rows: Insertable<EvidenceLinksTable>[]) =>
  rows.length === 0
    ? Promise.resolve()
    : db
        .insertInto("evidence_links")
        .values(rows)
        .onConflict((oc) => oc.columns(["evidence_id", "control_id"]).doNothing())
        .execute()
        .then(() => undefined);

export const deleteLink = async (
  db: Kysely<DB>,
  orgId: string,
  evidenceId: string,
  controlId: string,
): Promise<boolean> => {
  const result = await db
    .deleteFrom("evidence_links")
    .where("org_id", "=", orgId)
    .where("evidence_id", "=", evidenceId)
    .where("control_id", "=", controlId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
};

/** The controls each of the items is linked to. */
export const listLinkedControls = (db: Kysely<DB>, orgId: string, evidenceIds: readonly string[]) =>
  evidenceIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("evidence_links")
        .innerJoin("org_controls", "org_controls.id", "evidence_links.control_id")
        .select([
          "evidence_links.evidence_id",
          "org_controls.id",
          "org_controls.code",
          "org_controls.title",
          "evidence_links.linked_at",
        ])
        .where("evidence_links.org_id", "=", orgId)
        .where("evidence_links.evidence_id", "in", [...evidenceIds])
        .orderBy("org_controls.code")
        .execute();

// ---- the organization's controls, as evidence needs them ----

const CONTROL_COLUMNS = [
  "org_controls.id",
  "org_controls.code",
  "org_controls.title",
  "org_controls.library_id",
  "org_controls.frequency",
  "org_controls.status",
  "org_controls.owner_user_id",
] as const;

/** Controls of the organization named by id or by code (e.g. "IAM-03"). */
export const findOrgControlsByRefs = (db: Kysely<DB>, orgId: string, refs: readonly string[]) =>
  refs.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("org_controls")
        .select(CONTROL_COLUMNS)
        .where("org_id", "=", orgId)
        .where((eb) => eb.or([eb("id", "in", [...refs]), eb("code", "in", [...refs])]))
        .execute();

export const findOrgControlsByLibraryIds = (db: Kysely<DB>, orgId: string, libraryIds: readonly string[]) =>
  libraryIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("org_controls")
        .select(CONTROL_COLUMNS)
        .where("org_id", "=", orgId)
        .where("library_id", "in", [...libraryIds])
        .execute();

/**
 * Each control of the organization with its owner and the latest effective date of current (not
 * superseded) evidence linked to it.
 */
export const listControlEvidenceDates = (db: Kysely<DB>, orgId: string) =>
  db
    .selectFrom("org_controls")
    .leftJoin("users", "users.id", "org_controls.owner_user_id")
    .select(CONTROL_COLUMNS)
    .select(["users.name as owner_name", "users.email as owner_email"])
    .select((eb) =>
      eb
        .selectFrom("evidence_links")
        .innerJoin("evidence_items", "evidence_items.id", "evidence_links.evidence_id")
        .select((e) => e.fn.max("evidence_items.effective_date").as("d"))
        .whereRef("evidence_links.control_id", "=", "org_controls.id")
        .where("evidence_links.org_id", "=", orgId)
        .where((w) =>
          w.not(
            w.exists(
              w
                .selectFrom("evidence_items as newer")
                .select("newer.id")
                .whereRef("newer.supersedes_id", "=", "evidence_items.id"),
            ),
          ),
        )
        .as("last_effective_date"),
    )
    .where("org_controls.org_id", "=", orgId)
    .orderBy("org_controls.code")
    .execute();
