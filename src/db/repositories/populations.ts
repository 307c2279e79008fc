/**
 * Populations, the samples drawn from them and their full-population tests. Every query filters by
 * the tenant (firm or organization scope, or the engagement the caller already authorized).
 * bigint columns come back as strings from PostgreSQL; the use-cases convert them with Number().
 */
import type { Insertable, Kysely } from "kysely";
import type { DB } from "../schema.js";
import type { PopulationsTable, PopulationTestsTable, SamplesTable } from "../schema-fieldwork.js";

interface Scope {
  readonly firmIds: readonly string[];
  readonly orgIds: readonly string[];
}

/** Columns of a population without its large JSON (preview, unparseable rows, reconciliation). */
export const POPULATION_SUMMARY_COLUMNS = [
  "populations.id",
  "populations.firm_id",
  "populations.org_id",
  "populations.engagement_id",
  "populations.control_id",
  "populations.name",
  "populations.period_start",
  "populations.period_end",
  "populations.blob_sha256",
  "populations.file_name",
  "populations.format",
  "populations.size_bytes",
  "populations.row_count",
  "populations.mapping",
  "populations.in_period_count",
  "populations.excluded_count",
  "populations.unparseable_count",
  "populations.ca_method",
  "populations.created_by",
  "populations.created_at",
  "populations.updated_at",
] as const;

export const POPULATION_COLUMNS = [
  ...POPULATION_SUMMARY_COLUMNS,
  "populations.columns",
  "populations.preview",
  "populations.unparseable",
  "populations.ca_source",
  "populations.reconciliation",
] as const;

const inScope = (scope: Scope) => scope.firmIds.length > 0 || scope.orgIds.length > 0;

// biome-ignore lint/suspicious/noExplicitAny: the expression builder of whichever table is filtered
const scopeFilter = (scope: Scope, table: string) => (eb: any) => {
  const ors = [];
  if (scope.firmIds.length > 0) ors.push(eb(`${table}.firm_id`, "in", [...scope.firmIds]));
  if (scope.orgIds.length > 0) ors.push(eb(`${table}.org_id`, "in", [...scope.orgIds]));
  return eb.or(ors);
};

// ---- populations ----

/** An engagement by id alone: for jobs, whose starter was authorized when the job was queued. */
export const findEngagementForJob = (db: Kysely<DB>, id: string) =>
  db
    .selectFrom("engagements")
    .select(["id", "firm_id", "org_id", "type", "period_start", "period_end", "as_of_date"])
    .where("id", "=", id)
    .executeTakeFirst();

export const insertPopulation = (db: Kysely<DB>, row: Insertable<PopulationsTable>) =>
  db.insertInto("populations").values(row).execute();

const withNames = (db: Kysely<DB>) =>
  db
    .selectFrom("populations")
    .leftJoin("org_controls", (j) =>
      j
        .onRef("org_controls.id", "=", "populations.control_id")
        .onRef("org_controls.org_id", "=", "populations.org_id"),
    )
    .leftJoin("users", "users.id", "populations.created_by");

/** The population if it lies in one of the actor's tenants. */
export const findVisiblePopulation = (db: Kysely<DB>, id: string, scope: Scope) => {
  if (!inScope(scope)) return Promise.resolve(undefined);
  return withNames(db)
    .select(POPULATION_COLUMNS)
    .select([
      "org_controls.code as control_code",
      "org_controls.title as control_title",
      "users.name as created_by_name",
    ])
    .where("populations.id", "=", id)
    .where(scopeFilter(scope, "populations"))
    .executeTakeFirst();
};

/** A population of one engagement (for jobs and joins, after the caller authorized the engagement). */
export const findEngagementPopulation = (db: Kysely<DB>, engagementId: string, id: string) =>
  db
    .selectFrom("populations")
    .select(POPULATION_COLUMNS)
    .where("engagement_id", "=", engagementId)
    .where("id", "=", id)
    .executeTakeFirst();

export const listEngagementPopulations = (db: Kysely<DB>, engagementId: string) =>
  withNames(db)
    .select(POPULATION_SUMMARY_COLUMNS)
    .select([
      "org_controls.code as control_code",
      "org_controls.title as control_title",
      "users.name as created_by_name",
      (eb) =>
        eb
          .selectFrom("samples")
          .select((s) => s.fn.countAll<number>().as("n"))
          .whereRef("samples.population_id", "=", "populations.id")
          .as("sample_count"),
      (eb) =>
        eb
          .selectFrom("population_tests")
          .select((s) => s.fn.countAll<number>().as("n"))
          .whereRef("population_tests.population_id", "=", "populations.id")
          .as("test_count"),
    ])
    .where("populations.engagement_id", "=", engagementId)
    .orderBy("populations.created_at", "desc")
    .orderBy("populations.id")
    .execute();

export const updatePopulationReconciliation = (
  db: Kysely<DB>,
  engagementId: string,
  id: string,
  reconciliation: string,
  at: string,
) =>
  db
    .updateTable("populations")
    .set({ reconciliation, updated_at: at })
    .where("engagement_id", "=", engagementId)
    .where("id", "=", id)
    .executeTakeFirst();

/** What still refers to a population: samples, tests (as population or join), workpapers, reconciliations. */
export const countPopulationUses = async (db: Kysely<DB>, engagementId: string, id: string) => {
  const count = async (q: Promise<{ n: number | string | bigint } | undefined>) => Number((await q)?.n ?? 0);
  const [samples, tests, workpapers, reconciliations] = await Promise.all([
    count(
      db
        .selectFrom("samples")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("engagement_id", "=", engagementId)
        .where("population_id", "=", id)
        .executeTakeFirst(),
    ),
    count(
      db
        .selectFrom("population_tests")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("engagement_id", "=", engagementId)
        .where((eb) => eb.or([eb("population_id", "=", id), eb("join_population_id", "=", id)]))
        .executeTakeFirst(),
    ),
    count(
      db
        .selectFrom("workpapers")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("engagement_id", "=", engagementId)
        .where((eb) =>
          eb.or([
            eb(
              "sample_id",
              "in",
              eb.selectFrom("samples").select("samples.id").where("samples.population_id", "=", id),
            ),
            eb(
              "population_test_id",
              "in",
              eb
                .selectFrom("population_tests")
                .select("population_tests.id")
                .where("population_tests.population_id", "=", id),
            ),
          ]),
        )
        .executeTakeFirst(),
    ),
    count(
      db
        .selectFrom("populations")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("engagement_id", "=", engagementId)
        .where("id", "!=", id)
        .where("reconciliation", "like", `%"otherPopulationId":"${id.replace(/[%_"\\]/g, "")}"%`)
        .executeTakeFirst(),
    ),
  ]);
  return { samples, tests, workpapers, reconciliations };
};

export const deletePopulation = (db: Kysely<DB>, engagementId: string, id: string) =>
  db
    .deleteFrom("populations")
    .where("engagement_id", "=", engagementId)
    .where("id", "=", id)
    .executeTakeFirst();

/** How many populations of the organization keep this file (the blob is shared by content). */
export const countPopulationBlobReferences = async (db: Kysely<DB>, orgId: string, sha256: string) =>
  Number(
    (
      await db
        .selectFrom("populations")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("org_id", "=", orgId)
        .where("blob_sha256", "=", sha256)
        .executeTakeFirstOrThrow()
    ).n,
  );

// ---- the audit program line of a control ----

/**
 * The control's line in the engagement's current program: the newest version that is approved or
 * still a draft (superseded versions no longer count).
 */
export const findCurrentProgramLine = (db: Kysely<DB>, engagementId: string, controlId: string) =>
  db
    .selectFrom("program_controls")
    .innerJoin("audit_programs", "audit_programs.id", "program_controls.program_id")
    .select([
      "program_controls.id",
      "program_controls.frequency",
      "program_controls.automation",
      "program_controls.sample_rule",
      "audit_programs.version",
      "audit_programs.status",
    ])
    .where("program_controls.engagement_id", "=", engagementId)
    .where("audit_programs.engagement_id", "=", engagementId)
    .where("program_controls.control_id", "=", controlId)
    .where("audit_programs.status", "in", ["approved", "draft"])
    .orderBy("audit_programs.version", "desc")
    .executeTakeFirst();

// ---- samples ----

export const SAMPLE_SUMMARY_COLUMNS = [
  "samples.id",
  "samples.firm_id",
  "samples.org_id",
  "samples.engagement_id",
  "samples.population_id",
  "samples.control_id",
  "samples.extends_sample_id",
  "samples.method",
  "samples.seed",
  "samples.frequency",
  "samples.size",
  "samples.rule",
  "samples.reason",
  "samples.created_by",
  "samples.created_at",
] as const;

export const SAMPLE_COLUMNS = [...SAMPLE_SUMMARY_COLUMNS, "samples.strata", "samples.items"] as const;

export const insertSample = (db: Kysely<DB>, row: Insertable<SamplesTable>) =>
  db.insertInto("samples").values(row).execute();

export const findVisibleSample = (db: Kysely<DB>, id: string, scope: Scope) => {
  if (!inScope(scope)) return Promise.resolve(undefined);
  return db
    .selectFrom("samples")
    .leftJoin("users", "users.id", "samples.created_by")
    .select(SAMPLE_COLUMNS)
    .select("users.name as created_by_name")
    .where("samples.id", "=", id)
    .where(scopeFilter(scope, "samples"))
    .executeTakeFirst();
};

export const listPopulationSamples = (db: Kysely<DB>, engagementId: string, populationId: string) =>
  db
    .selectFrom("samples")
    .leftJoin("users", "users.id", "samples.created_by")
    .select(SAMPLE_SUMMARY_COLUMNS)
    .select("users.name as created_by_name")
    .where("samples.engagement_id", "=", engagementId)
    .where("samples.population_id", "=", populationId)
    .orderBy("samples.created_at")
    .orderBy("samples.id")
    .execute();

/** The items of a sample and of every extension of it, oldest first. */
export const listSampleFamily = (db: Kysely<DB>, engagementId: string, rootId: string) =>
  db
    .selectFrom("samples")
    .select([
      "id",
      "extends_sample_id",
      "population_id",
      "method",
      "frequency",
      "seed",
      "items",
      "created_at",
    ])
    .where("engagement_id", "=", engagementId)
    .where((eb) => eb.or([eb("id", "=", rootId), eb("extends_sample_id", "=", rootId)]))
    .orderBy("created_at")
    .orderBy("id")
    .execute();

// ---- full-population tests ----

export const TEST_SUMMARY_COLUMNS = [
  "population_tests.id",
  "population_tests.firm_id",
  "population_tests.org_id",
  "population_tests.engagement_id",
  "population_tests.population_id",
  "population_tests.join_population_id",
  "population_tests.control_id",
  "population_tests.rule",
  "population_tests.rows_tested",
  "population_tests.rows_failing",
  "population_tests.created_by",
  "population_tests.created_at",
] as const;

export const insertPopulationTest = (db: Kysely<DB>, row: Insertable<PopulationTestsTable>) =>
  db.insertInto("population_tests").values(row).execute();

export const findVisiblePopulationTest = (db: Kysely<DB>, id: string, scope: Scope) => {
  if (!inScope(scope)) return Promise.resolve(undefined);
  return db
    .selectFrom("population_tests")
    .leftJoin("users", "users.id", "population_tests.created_by")
    .select([...TEST_SUMMARY_COLUMNS, "population_tests.failing", "users.name as created_by_name"])
    .where("population_tests.id", "=", id)
    .where(scopeFilter(scope, "population_tests"))
    .executeTakeFirst();
};

export const listPopulationTests = (db: Kysely<DB>, engagementId: string, populationId: string) =>
  db
    .selectFrom("population_tests")
    .leftJoin("users", "users.id", "population_tests.created_by")
    .select([...TEST_SUMMARY_COLUMNS, "users.name as created_by_name"])
    .where("population_tests.engagement_id", "=", engagementId)
    .where("population_tests.population_id", "=", populationId)
    .orderBy("population_tests.created_at")
    .orderBy("population_tests.id")
    .execute();
