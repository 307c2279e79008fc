/**
 * Fieldwork exceptions with management's responses, and the partner's opinion decisions. Every read
 * filters by the tenant: a visible scope, or the engagement or workpaper the caller already loaded.
 */
import { type Insertable, type Kysely, sql, type Updateable } from "kysely";
import type { DB } from "../schema.js";
import type {
  ExceptionResponsesTable,
  FieldworkExceptionsTable,
  OpinionDecisionsTable,
} from "../schema-fieldwork.js";

export const EXCEPTION_COLUMNS = [
  "x.id",
  "x.firm_id",
  "x.org_id",
  "x.engagement_id",
  "x.workpaper_id",
  "x.control_id",
  "x.seq",
  "x.kind",
  "x.attribute_id",
  "x.description",
  "x.deviations",
  "x.tested",
  "x.cause",
  "x.classification",
  "x.markers",
  "x.extension",
  "x.status",
  "x.created_by",
  "x.created_at",
  "x.updated_at",
] as const;

export interface Scope {
  readonly firmIds: readonly string[];
  readonly orgIds: readonly string[];
}

const exceptionQuery = (db: Kysely<DB>) =>
  db
    .selectFrom("fieldwork_exceptions as x")
    .innerJoin("org_controls as c", (j) =>
      j.onRef("c.id", "=", "x.control_id").onRef("c.org_id", "=", "x.org_id"),
    )
    .innerJoin("workpapers as w", "w.id", "x.workpaper_id")
    .select(EXCEPTION_COLUMNS)
    .select(["c.code as control_code", "c.title as control_title", "w.status as workpaper_status"]);

type RawException = Awaited<ReturnType<ReturnType<typeof exceptionQuery>["execute"]>>[number];
export type ExceptionItem = Omit<RawException, "seq" | "deviations" | "tested"> & {
  seq: number;
  deviations: number;
  tested: number;
};

const normalise = (x: RawException): ExceptionItem => ({
  ...x,
  seq: Number(x.seq),
  deviations: Number(x.deviations),
  tested: Number(x.tested),
});

export const findVisibleException = async (
  db: Kysely<DB>,
  id: string,
  scope: Scope,
): Promise<ExceptionItem | undefined> => {
  if (scope.firmIds.length === 0 && scope.orgIds.length === 0) return undefined;
  const row = await exceptionQuery(db)
    .where("x.id", "=", id)
    .where((eb) => {
      const ors = [];
      if (scope.firmIds.length > 0) ors.push(eb("x.firm_id", "in", [...scope.firmIds]));
      if (scope.orgIds.length > 0) ors.push(eb("x.org_id", "in", [...scope.orgIds]));
      return eb.or(ors);
    })
    .executeTakeFirst();
  return row ? normalise(row) : undefined;
};

export const listEngagementExceptions = async (db: Kysely<DB>, engagementId: string) =>
  (await exceptionQuery(db).where("x.engagement_id", "=", engagementId).orderBy("x.seq").execute()).map(
    normalise,
  );

export const listWorkpaperExceptions = async (db: Kysely<DB>, workpaperId: string) =>
  (await exceptionQuery(db).where("x.workpaper_id", "=", workpaperId).orderBy("x.seq").execute()).map(
    normalise,
  );

/** The next EXC number of the engagement (max + 1). */
export const nextExceptionSeq = async (trx: Kysely<DB>, engagementId: string): Promise<number> => {
  const row = await trx
    .selectFrom("fieldwork_exceptions")
    .select((eb) => eb.fn.max("seq").as("last"))
    .where("engagement_id", "=", engagementId)
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
};

/** A unique-constraint violation from PostgreSQL (23505) or SQLite. */
const isUniqueViolation = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE";
};

/**
 * Inserts an exception with the engagement's next EXC number (max + 1) and returns the number.
 * Numbering first takes the engagement row's lock (a no-op update: a row lock on PostgreSQL, the
 * write lock on SQLite), so transactions numbering exceptions of one engagement queue behind each
 * other until commit; without it four concurrent fails collided more than once. Should the unique
 * (engagement, seq) still refuse a number, the insert is retried once with a fresh maximum, inside
 * a savepoint so that PostgreSQL's transaction survives the failure.
 */
export const insertNumberedException = async (
  trx: Kysely<DB>,
  row: Omit<Insertable<FieldworkExceptionsTable>, "seq">,
): Promise<number> => {
  await trx
    .updateTable("engagements")
    .set((eb) => ({ stage: eb.ref("stage") }))
    .where("id", "=", String(row.engagement_id))
    .execute();
  for (let attempt = 0; ; attempt += 1) {
    const seq = await nextExceptionSeq(trx, String(row.engagement_id));
    await sql`savepoint exception_seq`.execute(trx);
    try {
      await trx
        .insertInto("fieldwork_exceptions")
        .values({ ...row, seq })
        .execute();
      await sql`release savepoint exception_seq`.execute(trx);
      return seq;
    } catch (error) {
      await sql`rollback to savepoint exception_seq`.execute(trx);
      if (attempt >= 1 || !isUniqueViolation(error)) throw error;
    }
  }
};

/** Changes an exception only while its status is one of `from`; returns whether it changed. */
export const updateExceptionIf = async (
  trx: Kysely<DB>,
  id: string,
  from: readonly string[],
  changes: Updateable<FieldworkExceptionsTable>,
): Promise<boolean> => {
  const r = await trx
    .updateTable("fieldwork_exceptions")
    .set(changes)
    .where("id", "=", id)
    .where("status", "in", [...from])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
};

// ----- management's responses -----

export const listResponses = (db: Kysely<DB>, exceptionIds: readonly string[]) => {
  if (exceptionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("exception_responses as r")
    .leftJoin("users as a", "a.id", "r.author_user_id")
    .leftJoin("users as d", "d.id", "r.decided_by")
    .select([
      "r.id",
      "r.exception_id",
      "r.n",
      "r.response",
      "r.remediation",
      "r.remediation_date",
      "r.author_user_id",
      "r.created_at",
      "r.decision",
      "r.decision_note",
      "r.decided_by",
      "r.decided_at",
      "a.name as author_name",
      "d.name as decided_by_name",
    ])
    .where("r.exception_id", "in", [...exceptionIds])
    .orderBy("r.exception_id")
    .orderBy("r.n")
    .execute();
};

export type ResponseRow = Awaited<ReturnType<typeof listResponses>>[number];

export const countResponses = async (db: Kysely<DB>, exceptionId: string): Promise<number> => {
  const row = await db
    .selectFrom("exception_responses")
    .select((eb) => eb.fn.countAll().as("k"))
    .where("exception_id", "=", exceptionId)
    .executeTakeFirst();
  return Number(row?.k ?? 0);
};

export const nextResponseNumber = async (trx: Kysely<DB>, exceptionId: string): Promise<number> => {
  const row = await trx
    .selectFrom("exception_responses")
    .select((eb) => eb.fn.max("n").as("last"))
    .where("exception_id", "=", exceptionId)
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
};

export const insertResponse = (trx: Kysely<DB>, row: Insertable<ExceptionResponsesTable>) =>
  trx.insertInto("exception_responses").values(row).execute();

/** Records the auditor's decision on the latest response if it has none yet; returns its number or null. */
export const decideLatestResponse = async (
  trx: Kysely<DB>,
  exceptionId: string,
  decision: { decision: string; note: string | null; by: string; at: string },
): Promise<number | null> => {
  const latest = await trx
    .selectFrom("exception_responses")
    .select(["id", "n", "decision"])
    .where("exception_id", "=", exceptionId)
    .orderBy("n", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!latest || latest.decision !== null) return null;
  await trx
    .updateTable("exception_responses")
    .set({
      decision: decision.decision,
      decision_note: decision.note,
      decided_by: decision.by,
      decided_at: decision.at,
    })
    .where("id", "=", latest.id)
    .execute();
  return Number(latest.n);
};

// ----- opinion decisions -----

export const insertOpinionDecision = (trx: Kysely<DB>, row: Insertable<OpinionDecisionsTable>) =>
  trx.insertInto("opinion_decisions").values(row).execute();

export const listOpinionDecisions = (db: Kysely<DB>, engagementId: string) =>
  db
    .selectFrom("opinion_decisions as o")
    .leftJoin("users as u", "u.id", "o.decided_by")
    .select([
      "o.id",
      "o.opinion",
      "o.basis",
      "o.scope_limitation",
      "o.advice",
      "o.decided_by",
      "o.decided_at",
      "u.name as decided_by_name",
    ])
    .where("o.engagement_id", "=", engagementId)
    .orderBy("o.decided_at", "desc")
    .orderBy("o.id", "desc")
    .execute();
