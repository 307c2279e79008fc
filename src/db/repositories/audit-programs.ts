/**
 * Audit program versions and their lines. Every read filters by engagement (a tenant key the caller
 * has already loaded through the actor's scope); lines are read only through their engagement.
 */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { DB } from "../schema.js";
import type { AuditProgramsTable, ProgramControlsTable } from "../schema-fieldwork.js";

export const PROGRAM_COLUMNS = [
  "p.id",
  "p.firm_id",
  "p.org_id",
  "p.engagement_id",
  "p.version",
  "p.status",
  "p.reason",
  "p.created_by",
  "p.created_at",
  "p.updated_at",
  "p.approved_by",
  "p.approved_at",
] as const;

export const LINE_COLUMNS = [
  "l.id",
  "l.program_id",
  "l.firm_id",
  "l.org_id",
  "l.engagement_id",
  "l.control_id",
  "l.position",
  "l.code",
  "l.title",
  "l.criteria",
  "l.frequency",
  "l.automation",
  "l.procedures",
  "l.attributes",
  "l.population_source",
  "l.sample_rule",
  "l.updated_at",
] as const;

/** Versions of an engagement's program, newest first, with the names of who created and approved them. */
const programQuery = (db: Kysely<DB>, engagementId: string) =>
  db
    .selectFrom("audit_programs as p")
    .leftJoin("users as cu", "cu.id", "p.created_by")
    .leftJoin("users as au", "au.id", "p.approved_by")
    .select(PROGRAM_COLUMNS)
    .select(["cu.name as created_by_name", "au.name as approved_by_name"])
    .where("p.engagement_id", "=", engagementId);

export type ProgramVersionRow = Awaited<ReturnType<ReturnType<typeof programQuery>["execute"]>>[number];

const normaliseProgram = (r: ProgramVersionRow): ProgramVersionRow => ({ ...r, version: Number(r.version) });

export const listProgramVersions = async (db: Kysely<DB>, engagementId: string) =>
  (await programQuery(db, engagementId).orderBy("p.version", "desc").execute()).map(normaliseProgram);

export const findLatestProgram = async (db: Kysely<DB>, engagementId: string) => {
  const row = await programQuery(db, engagementId).orderBy("p.version", "desc").limit(1).executeTakeFirst();
  return row ? normaliseProgram(row) : undefined;
};

export const findProgramVersion = async (db: Kysely<DB>, engagementId: string, version: number) => {
  const row = await programQuery(db, engagementId).where("p.version", "=", version).executeTakeFirst();
  return row ? normaliseProgram(row) : undefined;
};

/** The approved (current) version, if any: at most one version is approved at a time. */
export const findApprovedProgram = async (db: Kysely<DB>, engagementId: string) => {
  const row = await programQuery(db, engagementId)
    .where("p.status", "=", "approved")
    .orderBy("p.version", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? normaliseProgram(row) : undefined;
};

export const hasApprovedProgram = async (db: Kysely<DB>, engagementId: string): Promise<boolean> =>
  (await db
    .selectFrom("audit_programs")
    .select("id")
    .where("engagement_id", "=", engagementId)
    .where("status", "=", "approved")
    .limit(1)
    .executeTakeFirst()) !== undefined;

export const listProgramLines = async (db: Kysely<DB>, engagementId: string, programId: string) =>
  (
    await db
      .selectFrom("program_controls as l")
      .select(LINE_COLUMNS)
      .where("l.engagement_id", "=", engagementId)
      .where("l.program_id", "=", programId)
      .orderBy("l.position")
      .orderBy("l.code")
      .execute()
  ).map((l) => ({ ...l, position: Number(l.position) }));

export type ProgramLineRow = Awaited<ReturnType<typeof listProgramLines>>[number];

export const findProgramLine = async (db: Kysely<DB>, engagementId: string, lineId: string) => {
  const row = await db
    .selectFrom("program_controls as l")
    .select(LINE_COLUMNS)
    .where("l.engagement_id", "=", engagementId)
    .where("l.id", "=", lineId)
    .executeTakeFirst();
  return row ? { ...row, position: Number(row.position) } : undefined;
};

export const insertProgram = (db: Kysely<DB>, row: Insertable<AuditProgramsTable>) =>
  db.insertInto("audit_programs").values(row).execute();

export const insertProgramLines = async (db: Kysely<DB>, rows: Insertable<ProgramControlsTable>[]) => {
  // 17 columns a row: chunks stay far below SQLite's and PostgreSQL's bound-parameter limits.
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto("program_controls")
      .values(rows.slice(i, i + 200))
      .execute();
  }
};

export const updateProgramLine = (
  db: Kysely<DB>,
  engagementId: string,
  id: string,
  changes: Updateable<ProgramControlsTable>,
) =>
  db
    .updateTable("program_controls")
    .set(changes)
    .where("engagement_id", "=", engagementId)
    .where("id", "=", id)
    .execute();

export const deleteProgramLine = (db: Kysely<DB>, engagementId: string, id: string) =>
  db.deleteFrom("program_controls").where("engagement_id", "=", engagementId).where("id", "=", id).execute();

export const deleteProgramLines = (db: Kysely<DB>, engagementId: string, programId: string) =>
  db
    .deleteFrom("program_controls")
    .where("engagement_id", "=", engagementId)
    .where("program_id", "=", programId)
    .execute();

export const touchProgram = (db: Kysely<DB>, engagementId: string, id: string, at: string) =>
  db
    .updateTable("audit_programs")
    .set({ updated_at: at })
    .where("engagement_id", "=", engagementId)
    .where("id", "=", id)
    .execute();

/** Approves a version only while it is still a draft; returns whether it did. */
export const approveProgramIfDraft = async (
  db: Kysely<DB>,
  engagementId: string,
  id: string,
  by: string,
  at: string,
): Promise<boolean> => {
  const r = await db
    .updateTable("audit_programs")
    .set({ status: "approved", approved_by: by, approved_at: at, updated_at: at })
    .where("engagement_id", "=", engagementId)
    .where("id", "=", id)
    .where("status", "=", "draft")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
};

/** Marks every other approved version of the engagement superseded; returns their ids. */
export const supersedeApprovedPrograms = async (
  db: Kysely<DB>,
  engagementId: string,
  exceptId: string,
  at: string,
): Promise<void> => {
  await db
    .updateTable("audit_programs")
    .set({ status: "superseded", updated_at: at })
    .where("engagement_id", "=", engagementId)
    .where("status", "=", "approved")
    .where("id", "!=", exceptId)
    .execute();
};

/**
 * Takes the engagement's row lock for the rest of the transaction (a no-op write: a row lock on
 * PostgreSQL, the database write lock on SQLite), so program changes and roll-forwards of one
 * engagement are serialised and each re-reads what the previous one committed.
 */
export const lockEngagement = async (db: Kysely<DB>, id: string): Promise<void> => {
  await db
    .updateTable("engagements")
    .set((eb) => ({ updated_at: eb.ref("updated_at") }))
    .where("id", "=", id)
    .execute();
};

/** The engagement rolled forward from this one, if any. */
export const findRolledForwardFrom = (db: Kysely<DB>, engagementId: string) =>
  db
    .selectFrom("engagements")
    .select(["id", "name"])
    .where("previous_engagement_id", "=", engagementId)
    .executeTakeFirst();

/** The organization's controls with what the program needs of them. */
export const listProgramControls = (db: Kysely<DB>, orgId: string) =>
  db
    .selectFrom("org_controls")
    .select([
      "id",
      "code",
      "title",
      "criteria",
      "frequency",
      "automation",
      "evidence",
      "attributes",
      "owner_user_id",
      "status",
    ])
    .where("org_id", "=", orgId)
    .orderBy("code")
    .execute();
