/**
 * Tables of the auditor's fieldwork (issue 4): the audit program and its versions, populations
 * (imported files with their profile and completeness-and-accuracy support), samples, full-population
 * tests, workpapers with per-item/attribute results, exceptions with management's responses, and the
 * partner's opinion decision. Every row carries firm_id, org_id and engagement_id (tenant isolation).
 * JSON columns are text; dates are ISO text.
 */
import type { Selectable } from "kysely";

/** One version of an engagement's audit program. Approval freezes it; changes after that are a new version. */
export interface AuditProgramsTable {
  id: string;
  firm_id: string;
  org_id: string;
  engagement_id: string;
  /** 1, 2, … per engagement. */
  version: number;
  /** draft | approved | superseded */
  status: string;
  /** Why this version exists (required from version 2 on). */
  reason: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  approved_by: string | null;
  approved_at: string | null;
}

/** One control's line in a program version: procedures, attributes, population source, sample rule. */
export interface ProgramControlsTable {
  id: string;
  program_id: string;
  firm_id: string;
  org_id: string;
  engagement_id: string;
  /** org_controls.id: the stable key of a line across versions. */
  control_id: string;
  position: number;
  code: string;
  title: string;
  /** JSON array of criterion ids in scope that this control addresses. */
  criteria: string;
  frequency: string;
  /** manual | automated | hybrid (as on the control). */
  automation: string;
  /** JSON array of { method: inquiry|observation|inspection|reperformance, description }. */
  procedures: string;
  /** JSON array of { id, text }: what is checked on each item. */
  attributes: string;
  /** Where the population comes from (system, report or query), free text. */
  population_source: string;
  /** JSON: the sample-size rule, e.g. { kind: "frequency", frequency, risk } | { kind: "statistical", … } | { kind: "census" } | { kind: "test-of-one" }. */
  sample_rule: string;
  updated_at: string;
}

/** A population: one imported file for one control and period, profiled by DuckDB. */
export interface PopulationsTable {
  id: string;
  firm_id: string;
  org_id: string;
  engagement_id: string;
  /** org_controls.id */
  control_id: string;
  name: string;
  period_start: string;
  period_end: string;
  /** The file as uploaded, in the organization's encrypted blob store. */
  blob_sha256: string;
  file_name: string;
  /** csv | tsv | jsonl | xlsx */
  format: string;
  size_bytes: number;
  /** Data rows in the file (header excluded). */
  row_count: number;
  /** JSON array of column names. */
  columns: string;
  /** JSON: { date: column, id: column | null, … other roles }. */
  mapping: string;
  /** JSON: the first rows, as arrays of strings, for the mapping preview. */
  preview: string;
  in_period_count: number;
  /** Rows with a valid date outside the period. */
  excluded_count: number;
  /** Rows whose date (or a mapped value) could not be parsed. */
  unparseable_count: number;
  /** JSON array of { row, column, value } (the first 1,000; the count above is complete). */
  unparseable: string;
  /** query | reconciliation | representation: the strongest completeness and accuracy support recorded. */
  ca_method: string;
  /** The query or report that produced the file, or management's representation. */
  ca_source: string;
  /** JSON: the latest reconciliation result with a second population, or null. */
  reconciliation: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A sample drawn from a population (or an extension of an earlier sample). */
export interface SamplesTable {
  id: string;
  firm_id: string;
  org_id: string;
  engagement_id: string;
  population_id: string;
  control_id: string;
  /** The sample this one extends, or null. */
  extends_sample_id: string | null;
  /** random | systematic | all */
  method: string;
  seed: string;
  /** Frequency used for stratification. */
  frequency: string;
  size: number;
  /** JSON: the size plan (rule text, inputs). */
  rule: string;
  /** JSON array of strata. */
  strata: string;
  /** JSON array of { row, id, date, values }. */
  items: string;
  /** Why the sample was extended (extensions only). */
  reason: string | null;
  created_by: string | null;
  created_at: string;
}

/** A full-population test: declarative rule evaluated by DuckDB over every row. */
export interface PopulationTestsTable {
  id: string;
  firm_id: string;
  org_id: string;
  engagement_id: string;
  population_id: string;
  join_population_id: string | null;
  control_id: string;
  /** JSON: the rule as given. */
  rule: string;
  rows_tested: number;
  rows_failing: number;
  /** JSON array of failing rows { row, values } (the first 1,000; rows_failing is complete). */
  failing: string;
  created_by: string | null;
  created_at: string;
}

/** The workpaper of one control in an engagement. */
export interface WorkpapersTable {
  id: string;
  firm_id: string;
  org_id: string;
  engagement_id: string;
  control_id: string;
  /** The program line it tests (of the program version current when it was opened). */
  program_control_id: string | null;
  sample_id: string | null;
  population_test_id: string | null;
  /** effective | effective-with-exceptions | ineffective | not-occurred, or null while open. */
  conclusion: string | null;
  conclusion_note: string;
  /** open | prepared | reviewed */
  status: string;
  preparer_user_id: string | null;
  prepared_at: string | null;
  reviewer_user_id: string | null;
  reviewed_at: string | null;
  /** Incremented on every change (optimistic concurrency). */
  revision: number;
  created_at: string;
  updated_at: string;
}

/** Sign-offs and reopenings of a workpaper, kept forever. */
export interface WorkpaperEventsTable {
  id: string;
  workpaper_id: string;
  firm_id: string;
  org_id: string;
  engagement_id: string;
  /** prepared | reviewed | reopened */
  kind: string;
  user_id: string | null;
  reason: string | null;
  at: string;
}

/** One result: an item (sample row, or "population"/"design") × an attribute. */
export interface TestResultsTable {
  id: string;
  workpaper_id: string;
  firm_id: string;
  org_id: string;
  engagement_id: string;
  item_key: string;
  attribute_id: string;
  /** pass | fail | na */
  result: string;
  note: string;
  evidence_id: string | null;
  /** The evidence version relied on (its content hash). */
  evidence_sha256: string | null;
  tested_by: string | null;
  tested_at: string;
}

export interface FieldworkExceptionsTable {
  id: string;
  firm_id: string;
  org_id: string;
  engagement_id: string;
  workpaper_id: string;
  control_id: string;
  /** EXC-001 numbering within the engagement. */
  seq: number;
  /** operating-deviation | design-deficiency | description-misstatement */
  kind: string;
  attribute_id: string | null;
  description: string;
  deviations: number;
  tested: number;
  cause: string;
  /** pending | isolated | systematic */
  classification: string;
  /** JSON array of marker ids that apply. */
  markers: string;
  /** JSON: { sampleId, added, reason } or null. */
  extension: string | null;
  /** open | responded | accepted | asked-again */
  status: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ExceptionResponsesTable {
  id: string;
  exception_id: string;
  firm_id: string;
  org_id: string;
  engagement_id: string;
  n: number;
  response: string;
  remediation: string;
  remediation_date: string | null;
  author_user_id: string | null;
  created_at: string;
  /** null | accepted | asked-again */
  decision: string | null;
  decision_note: string | null;
  decided_by: string | null;
  decided_at: string | null;
}

/** The partner's recorded opinion (history kept; the latest is current). */
export interface OpinionDecisionsTable {
  id: string;
  firm_id: string;
  org_id: string;
  engagement_id: string;
  /** unmodified | qualified | adverse | disclaimer */
  opinion: string;
  basis: string;
  /** none | limited | pervasive */
  scope_limitation: string;
  /** JSON: the advice the core gave at the time. */
  advice: string;
  decided_by: string | null;
  decided_at: string;
}

export interface FieldworkTables {
  audit_programs: AuditProgramsTable;
  program_controls: ProgramControlsTable;
  populations: PopulationsTable;
  samples: SamplesTable;
  population_tests: PopulationTestsTable;
  workpapers: WorkpapersTable;
  workpaper_events: WorkpaperEventsTable;
  test_results: TestResultsTable;
  fieldwork_exceptions: FieldworkExceptionsTable;
  exception_responses: ExceptionResponsesTable;
  opinion_decisions: OpinionDecisionsTable;
}

export type AuditProgramRow = Selectable<AuditProgramsTable>;
export type ProgramControlRow = Selectable<ProgramControlsTable>;
export type PopulationRow = Selectable<PopulationsTable>;
export type SampleRow = Selectable<SamplesTable>;
export type PopulationTestRow = Selectable<PopulationTestsTable>;
export type WorkpaperRow = Selectable<WorkpapersTable>;
export type WorkpaperEventRow = Selectable<WorkpaperEventsTable>;
export type TestResultRow = Selectable<TestResultsTable>;
export type FieldworkExceptionRow = Selectable<FieldworkExceptionsTable>;
export type ExceptionResponseRow = Selectable<ExceptionResponsesTable>;
export type OpinionDecisionRow = Selectable<OpinionDecisionsTable>;
