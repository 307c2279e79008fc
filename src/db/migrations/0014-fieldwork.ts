import type { CreateTableBuilder, Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
type Table = CreateTableBuilder<any, any>;

/** id, firm_id, org_id, engagement_id: the columns every fieldwork table starts with. */
const tenant = (t: Table): Table =>
  t
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"));

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function up(db: Kysely<any>): Promise<void> {
  await tenant(db.schema.createTable("audit_programs"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("approved_by", "text")
    .addColumn("approved_at", "text")
    .addUniqueConstraint("audit_programs_version", ["engagement_id", "version"])
    .execute();

  await tenant(db.schema.createTable("program_controls"))
    .addColumn("program_id", "text", (c) => c.notNull().references("audit_programs.id"))
    .addColumn("control_id", "text", (c) => c.notNull().references("org_controls.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("criteria", "text", (c) => c.notNull())
    .addColumn("frequency", "text", (c) => c.notNull())
    .addColumn("automation", "text", (c) => c.notNull())
    .addColumn("procedures", "text", (c) => c.notNull())
    .addColumn("attributes", "text", (c) => c.notNull())
    .addColumn("population_source", "text", (c) => c.notNull())
    .addColumn("sample_rule", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("program_controls_control", ["program_id", "control_id"])
    .execute();

  await tenant(db.schema.createTable("populations"))
    .addColumn("control_id", "text", (c) => c.notNull().references("org_controls.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("period_start", "text", (c) => c.notNull())
    .addColumn("period_end", "text", (c) => c.notNull())
    .addColumn("blob_sha256", "text", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("size_bytes", "bigint", (c) => c.notNull())
    .addColumn("row_count", "bigint", (c) => c.notNull())
    .addColumn("columns", "text", (c) => c.notNull())
    .addColumn("mapping", "text", (c) => c.notNull())
    .addColumn("preview", "text", (c) => c.notNull())
    .addColumn("in_period_count", "bigint", (c) => c.notNull())
    .addColumn("excluded_count", "bigint", (c) => c.notNull())
    .addColumn("unparseable_count", "bigint", (c) => c.notNull())
    .addColumn("unparseable", "text", (c) => c.notNull())
    .addColumn("ca_method", "text", (c) => c.notNull())
    .addColumn("ca_source", "text", (c) => c.notNull())
    .addColumn("reconciliation", "text")
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("populations_engagement")
    .on("populations")
    .columns(["engagement_id", "control_id"])
    .execute();

  await tenant(db.schema.createTable("samples"))
    .addColumn("population_id", "text", (c) => c.notNull().references("populations.id"))
    .addColumn("control_id", "text", (c) => c.notNull())
    .addColumn("extends_sample_id", "text", (c) => c.references("samples.id"))
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("seed", "text", (c) => c.notNull())
    .addColumn("frequency", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("rule", "text", (c) => c.notNull())
    .addColumn("strata", "text", (c) => c.notNull())
    .addColumn("items", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("samples_population").on("samples").column("population_id").execute();

  await tenant(db.schema.createTable("population_tests"))
    .addColumn("population_id", "text", (c) => c.notNull().references("populations.id"))
    .addColumn("join_population_id", "text", (c) => c.references("populations.id"))
    .addColumn("control_id", "text", (c) => c.notNull())
    .addColumn("rule", "text", (c) => c.notNull())
    .addColumn("rows_tested", "bigint", (c) => c.notNull())
    .addColumn("rows_failing", "bigint", (c) => c.notNull())
    .addColumn("failing", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("population_tests_population")
    .on("population_tests")
    .column("population_id")
    .execute();

  await tenant(db.schema.createTable("workpapers"))
    .addColumn("control_id", "text", (c) => c.notNull().references("org_controls.id"))
    .addColumn("program_control_id", "text")
    .addColumn("sample_id", "text", (c) => c.references("samples.id"))
    .addColumn("population_test_id", "text", (c) => c.references("population_tests.id"))
    .addColumn("conclusion", "text")
    .addColumn("conclusion_note", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("preparer_user_id", "text")
    .addColumn("prepared_at", "text")
    .addColumn("reviewer_user_id", "text")
    .addColumn("reviewed_at", "text")
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("workpapers_control", ["engagement_id", "control_id"])
    .execute();

  await tenant(db.schema.createTable("workpaper_events"))
    .addColumn("workpaper_id", "text", (c) => c.notNull().references("workpapers.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("user_id", "text")
    .addColumn("reason", "text")
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("workpaper_events_workpaper")
    .on("workpaper_events")
    .column("workpaper_id")
    .execute();

  await tenant(db.schema.createTable("test_results"))
    .addColumn("workpaper_id", "text", (c) => c.notNull().references("workpapers.id"))
    .addColumn("item_key", "text", (c) => c.notNull())
    .addColumn("attribute_id", "text", (c) => c.notNull())
    .addColumn("result", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("evidence_id", "text")
    .addColumn("evidence_sha256", "text")
    .addColumn("tested_by", "text")
    .addColumn("tested_at", "text", (c) => c.notNull())
    .addUniqueConstraint("test_results_cell", ["workpaper_id", "item_key", "attribute_id"])
    .execute();

  await tenant(db.schema.createTable("fieldwork_exceptions"))
    .addColumn("workpaper_id", "text", (c) => c.notNull().references("workpapers.id"))
    .addColumn("control_id", "text", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("attribute_id", "text")
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("deviations", "integer", (c) => c.notNull())
    .addColumn("tested", "integer", (c) => c.notNull())
    .addColumn("cause", "text", (c) => c.notNull())
    .addColumn("classification", "text", (c) => c.notNull())
    .addColumn("markers", "text", (c) => c.notNull())
    .addColumn("extension", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("fieldwork_exceptions_ref", ["engagement_id", "seq"])
    .execute();

  await tenant(db.schema.createTable("exception_responses"))
    .addColumn("exception_id", "text", (c) => c.notNull().references("fieldwork_exceptions.id"))
    .addColumn("n", "integer", (c) => c.notNull())
    .addColumn("response", "text", (c) => c.notNull())
    .addColumn("remediation", "text", (c) => c.notNull())
    .addColumn("remediation_date", "text")
    .addColumn("author_user_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("decision", "text")
    .addColumn("decision_note", "text")
    .addColumn("decided_by", "text")
    .addColumn("decided_at", "text")
    .addUniqueConstraint("exception_responses_n", ["exception_id", "n"])
    .execute();

  await tenant(db.schema.createTable("opinion_decisions"))
    .addColumn("opinion", "text", (c) => c.notNull())
    .addColumn("basis", "text", (c) => c.notNull())
    .addColumn("scope_limitation", "text", (c) => c.notNull())
    .addColumn("advice", "text", (c) => c.notNull())
    .addColumn("decided_by", "text")
    .addColumn("decided_at", "text", (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "opinion_decisions",
    "exception_responses",
    "fieldwork_exceptions",
    "test_results",
    "workpaper_events",
    "workpapers",
    "population_tests",
    "samples",
    "populations",
    "program_controls",
    "audit_programs",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
