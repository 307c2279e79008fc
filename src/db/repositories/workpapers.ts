/**
 * Workpapers with their results and sign-off events, and the read-only pieces of the fieldwork they
 * test (program lines, samples, populations, full-population tests, evidence versions). Every read
 * filters by the tenant: a firm scope, an engagement or an organization the caller already loaded.
 */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { DB } from "../schema.js";
import type { TestResultsTable, WorkpaperEventsTable, WorkpapersTable } from "../schema-fieldwork.js";

export const WORKPAPER_COLUMNS = [
  "w.id",
  "w.firm_id",
  "w.org_id",
  "w.engagement_id",
  "w.control_id",
  "w.program_control_id",
  "w.sample_id",
  "w.population_test_id",
  "w.conclusion",
  "w.conclusion_note",
  "w.status",
  "w.preparer_user_id",
  "w.prepared_at",
  "w.reviewer_user_id",
  "w.reviewed_at",
  "w.revision",
  "w.created_at",
  "w.updated_at",
] as const;

const n = (v: string | number | bigint | null | undefined): number => Number(v ?? 0);

const workpaperQuery = (db: Kysely<DB>) =>
  db
    .selectFrom("workpapers as w")
    .innerJoin("org_controls as c", (j) =>
      j.onRef("c.id", "=", "w.control_id").onRef("c.org_id", "=", "w.org_id"),
    )
    .leftJoin("users as p", "p.id", "w.preparer_user_id")
    .leftJoin("users as r", "r.id", "w.reviewer_user_id")
    .select(WORKPAPER_COLUMNS)
    .select([
      "c.code as control_code",
      "c.title as control_title",
      "c.owner_user_id as control_owner_user_id",
      "p.name as preparer_name",
      "r.name as reviewer_name",
    ]);

type RawWorkpaper = Awaited<ReturnType<ReturnType<typeof workpaperQuery>["execute"]>>[number];
export type WorkpaperItem = Omit<RawWorkpaper, "revision"> & { revision: number };

const normalise = (w: RawWorkpaper): WorkpaperItem => ({ ...w, revision: n(w.revision) });

/** A workpaper of one of the firms in scope (the client's people never see workpapers). */
export const findFirmWorkpaper = async (
  db: Kysely<DB>,
  id: string,
  firmIds: readonly string[],
): Promise<WorkpaperItem | undefined> => {
  if (firmIds.length === 0) return undefined;
  const row = await workpaperQuery(db)
    .where("w.id", "=", id)
    .where("w.firm_id", "in", [...firmIds])
    .executeTakeFirst();
  return row ? normalise(row) : undefined;
};

export const listEngagementWorkpapers = async (db: Kysely<DB>, engagementId: string, status?: string) => {
  let q = workpaperQuery(db)
    .select((eb) => [
      eb
        .selectFrom("fieldwork_exceptions as x")
        .select((e) => e.fn.countAll().as("k"))
        .whereRef("x.workpaper_id", "=", "w.id")
        .where("x.status", "<>", "void")
        .as("exception_count"),
      eb
        .selectFrom("fieldwork_exceptions as x")
        .select((e) => e.fn.countAll().as("k"))
        .whereRef("x.workpaper_id", "=", "w.id")
        .where("x.status", "<>", "void")
        .where("x.classification", "=", "pending")
        .as("pending_exception_count"),
      eb
        .selectFrom("test_results as t")
        .select((e) => e.fn.countAll().as("k"))
        .whereRef("t.workpaper_id", "=", "w.id")
        .as("result_count"),
    ])
    .where("w.engagement_id", "=", engagementId);
  if (status) q = q.where("w.status", "=", status);
  const rows = await q.orderBy("c.code").execute();
  return rows.map((r) => ({
    ...normalise(r),
    exception_count: n(r.exception_count),
    pending_exception_count: n(r.pending_exception_count),
    result_count: n(r.result_count),
  }));
};

export const findWorkpaperIdByControl = (db: Kysely<DB>, engagementId: string, controlId: string) =>
  db
    .selectFrom("workpapers")
    .select("id")
    .where("engagement_id", "=", engagementId)
    .where("control_id", "=", controlId)
    .executeTakeFirst();

export const insertWorkpaper = (db: Kysely<DB>, row: Insertable<WorkpapersTable>) =>
  db.insertInto("workpapers").values(row).execute();

/**
 * Changes a workpaper only while it still has the status (and revision, when given) the caller saw,
 * bumping the revision; returns whether it changed. On PostgreSQL the update also takes the row lock,
 * so concurrent writers to one workpaper (and its exceptions) queue behind each other.
 */
export const updateWorkpaperIf = async (
  trx: Kysely<DB>,
  id: string,
  expected: { readonly status: string; readonly revision?: number | undefined },
  changes: Updateable<WorkpapersTable>,
): Promise<boolean> => {
  let q = trx
    .updateTable("workpapers")
    .set((eb) => ({ ...changes, revision: eb("revision", "+", 1) }))
    .where("id", "=", id)
    .where("status", "=", expected.status);
  if (expected.revision !== undefined) q = q.where("revision", "=", expected.revision);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
};

/**
 * Takes the workpaper's row lock while it is still open (and at `revision`, when given) without
 * changing it; returns whether it is. Writers of results and exceptions call it first so that their
 * counts are computed one transaction after another.
 */
export const lockOpenWorkpaper = async (trx: Kysely<DB>, id: string, revision?: number): Promise<boolean> => {
  let q = trx
    .updateTable("workpapers")
    .set((eb) => ({ status: eb.ref("status") }))
    .where("id", "=", id)
    .where("status", "=", "open");
  if (revision !== undefined) q = q.where("revision", "=", revision);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
};

export const findWorkpaperState = (db: Kysely<DB>, id: string) =>
  db.selectFrom("workpapers").select(["status", "revision"]).where("id", "=", id).executeTakeFirst();

// ----- results -----

export const listResults = (db: Kysely<DB>, workpaperId: string) =>
  db
    .selectFrom("test_results as t")
    .leftJoin("users as u", "u.id", "t.tested_by")
    .select([
      "t.id",
      "t.item_key",
      "t.attribute_id",
      "t.result",
      "t.note",
      "t.evidence_id",
      "t.evidence_sha256",
      "t.tested_by",
      "t.tested_at",
      "u.name as tested_by_name",
    ])
    .where("t.workpaper_id", "=", workpaperId)
    .orderBy("t.item_key")
    .orderBy("t.attribute_id")
    .execute();

export type ResultRow = Awaited<ReturnType<typeof listResults>>[number];

export const upsertResult = (trx: Kysely<DB>, row: Insertable<TestResultsTable>) =>
  trx
    .insertInto("test_results")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["workpaper_id", "item_key", "attribute_id"]).doUpdateSet({
        result: row.result,
        note: row.note,
        evidence_id: row.evidence_id ?? null,
        evidence_sha256: row.evidence_sha256 ?? null,
        tested_by: row.tested_by ?? null,
        tested_at: row.tested_at,
      }),
    )
    .execute();

export const deleteResult = (trx: Kysely<DB>, workpaperId: string, itemKey: string, attributeId: string) =>
  trx
    .deleteFrom("test_results")
    .where("workpaper_id", "=", workpaperId)
    .where("item_key", "=", itemKey)
    .where("attribute_id", "=", attributeId)
    .execute();

export const deleteResultsById = async (trx: Kysely<DB>, workpaperId: string, ids: readonly string[]) => {
  for (let i = 0; i < ids.length; i += 500) {
    await trx
      .deleteFrom("test_results")
      .where("workpaper_id", "=", workpaperId)
      .where("id", "in", ids.slice(i, i + 500))
      .execute();
  }
};

// ----- sign-off events -----

export const insertWorkpaperEvent = (trx: Kysely<DB>, row: Insertable<WorkpaperEventsTable>) =>
  trx.insertInto("workpaper_events").values(row).execute();

export const listWorkpaperEvents = (db: Kysely<DB>, workpaperId: string) =>
  db
    .selectFrom("workpaper_events as v")
    .leftJoin("users as u", "u.id", "v.user_id")
    .select(["v.id", "v.kind", "v.user_id", "v.reason", "v.at", "u.name as user_name"])
    .where("v.workpaper_id", "=", workpaperId)
    .orderBy("v.at")
    .orderBy("v.id")
    .execute();

// ----- what a workpaper tests (written by the audit program and population capabilities) -----

const PROGRAM_LINE_COLUMNS = [
  "l.id",
  "l.program_id",
  "l.control_id",
  "l.code",
  "l.title",
  "l.criteria",
  "l.frequency",
  "l.automation",
  "l.procedures",
  "l.attributes",
  "l.population_source",
  "l.sample_rule",
  "a.version as program_version",
  "a.status as program_status",
] as const;

const programLines = (db: Kysely<DB>, engagementId: string) =>
  db
    .selectFrom("program_controls as l")
    .innerJoin("audit_programs as a", (j) =>
      j.onRef("a.id", "=", "l.program_id").onRef("a.engagement_id", "=", "l.engagement_id"),
    )
    .select(PROGRAM_LINE_COLUMNS)
    .where("l.engagement_id", "=", engagementId);

export type ProgramLine = Awaited<ReturnType<ReturnType<typeof programLines>["execute"]>>[number];

/** The program version that counts now: the approved one, else the latest draft. */
export const findCurrentProgram = (db: Kysely<DB>, engagementId: string) =>
  db
    .selectFrom("audit_programs")
    .select(["id", "version", "status"])
    .where("engagement_id", "=", engagementId)
    .where("status", "in", ["approved", "draft"])
    .orderBy((eb) => eb.case().when("status", "=", "approved").then(0).else(1).end())
    .orderBy("version", "desc")
    .executeTakeFirst();

/** The control's line in the latest approved program version, else in the latest draft. */
export const findCurrentProgramLine = (db: Kysely<DB>, engagementId: string, controlId: string) =>
  programLines(db, engagementId)
    .where("l.control_id", "=", controlId)
    .where("a.status", "in", ["approved", "draft"])
    .orderBy((eb) => eb.case().when("a.status", "=", "approved").then(0).else(1).end())
    .orderBy("a.version", "desc")
    .executeTakeFirst();

export const findProgramLine = (db: Kysely<DB>, engagementId: string, id: string) =>
  programLines(db, engagementId).where("l.id", "=", id).executeTakeFirst();

export const listProgramLines = (db: Kysely<DB>, engagementId: string, programId: string) =>
  programLines(db, engagementId).where("l.program_id", "=", programId).orderBy("l.position").execute();

const SAMPLE_COLUMNS = [
  "id",
  "population_id",
  "control_id",
  "extends_sample_id",
  "method",
  "seed",
  "size",
  "items",
  "reason",
  "created_at",
] as const;

export const findEngagementSample = (db: Kysely<DB>, engagementId: string, id: string) =>
  db
    .selectFrom("samples")
    .select(SAMPLE_COLUMNS)
    .where("engagement_id", "=", engagementId)
    .where("id", "=", id)
    .executeTakeFirst();

export type SampleSummary = NonNullable<Awaited<ReturnType<typeof findEngagementSample>>>;

export const listPopulationSamples = (db: Kysely<DB>, engagementId: string, populationId: string) =>
  db
    .selectFrom("samples")
    .select(SAMPLE_COLUMNS)
    .where("engagement_id", "=", engagementId)
    .where("population_id", "=", populationId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();

export const findEngagementPopulation = async (db: Kysely<DB>, engagementId: string, id: string) => {
  const row = await db
    .selectFrom("populations")
    .select([
      "id",
      "name",
      "control_id",
      "blob_sha256",
      "in_period_count",
      "row_count",
      "period_start",
      "period_end",
    ])
    .where("engagement_id", "=", engagementId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? { ...row, in_period_count: n(row.in_period_count), row_count: n(row.row_count) } : undefined;
};

export const findEngagementPopulationTest = async (db: Kysely<DB>, engagementId: string, id: string) => {
  const row = await db
    .selectFrom("population_tests")
    .select(["id", "population_id", "control_id", "rule", "rows_tested", "rows_failing", "created_at"])
    .where("engagement_id", "=", engagementId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? { ...row, rows_tested: n(row.rows_tested), rows_failing: n(row.rows_failing) } : undefined;
};

// ----- evidence relied on -----

/** Evidence versions of the organization, with whether a later version superseded each. */
export const listOrgEvidenceVersions = (db: Kysely<DB>, orgId: string, ids: readonly string[]) => {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("evidence_items as e")
    .select(["e.id", "e.series_id", "e.version", "e.title", "e.sha256", "e.effective_date"])
    .select((eb) =>
      eb
        .selectFrom("evidence_items as s")
        .select("s.id")
        .whereRef("s.supersedes_id", "=", "e.id")
        .whereRef("s.org_id", "=", "e.org_id")
        .limit(1)
        .as("superseded_by"),
    )
    .where("e.org_id", "=", orgId)
    .where("e.id", "in", [...new Set(ids)])
    .execute();
};

// ----- lifecycle facts -----

/** The counts the lifecycle guards read (src/core/lifecycle.ts), from workpapers and exceptions. */
export const countFieldworkFacts = async (db: Kysely<DB>, engagementId: string, type: "type1" | "type2") => {
  const wp = await db
    .selectFrom("workpapers")
    .select(["status", "conclusion"])
    .where("engagement_id", "=", engagementId)
    .execute();
  const ex = await db
    .selectFrom("fieldwork_exceptions")
    .select(["status", "classification"])
    .where("engagement_id", "=", engagementId)
    .where("status", "<>", "void")
    .execute();
  const concluded = wp.filter((w) => w.conclusion !== null);
  const reviewed = concluded.filter((w) => w.status === "reviewed").length;
  return {
    // Type 1 tests design and implementation as of a date: the design assessment is the reviewed
    // workpaper. Type 2 assesses design first (any recorded conclusion) and tests operation later.
    controlsDesignAssessed: type === "type1" ? reviewed : concluded.length,
    controlsConcluded: reviewed,
    workpapersAwaitingReview: wp.filter((w) => w.status === "prepared").length,
    exceptionsOpen: ex.filter((x) => x.classification === "pending").length,
    exceptionsWithoutResponse: ex.filter((x) => x.status === "open" || x.status === "asked-again").length,
  };
};
