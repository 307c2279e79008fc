/**
 * What the population, sample and full-population-test use-cases share: who may do what, the input
 * schemas, loading a population or sample the actor may see, and the shapes the API returns.
 *
 * Access: the auditing firm's engagement team (partner, engagement manager, staff auditor) uploads,
 * imports, samples, tests and reads populations. The auditor owns them: the client delivers its
 * files through the request list. Anyone else who can see the engagement (the organization's
 * people, the firm admin) gets FORBIDDEN; anyone without a role in the engagement's firm or
 * organization gets NOT_FOUND.
 */
import { z } from "zod";
import { AppError, invalid, notFound } from "../../core/errors.js";
import { isCalendarDate } from "../../core/evidence-requests.js";
import {
  type PopulationCondition,
  type PopulationRule,
  parsePopulationFilter,
  parsePopulationRule,
} from "../../core/population-rules.js";
import type { Role } from "../../core/roles.js";
import { SELECTION_FREQUENCIES, SELECTION_METHODS } from "../../core/sample-selection.js";
import { findVisibleEngagement } from "../../db/repositories/engagements.js";
import {
  findVisiblePopulation,
  findVisiblePopulationTest,
  findVisibleSample,
  type listEngagementPopulations,
  type listPopulationSamples,
  type listPopulationTests,
} from "../../db/repositories/populations.js";
import type { EngagementRow } from "../../db/schema.js";
import type { UserActor } from "../actor.js";
import { requireEngagementRole, scopeOf } from "../authz.js";
import type { Deps } from "../deps.js";
import { textSchema } from "./request-model.js";

/** The firm's engagement team: the only people who work with populations. */
export const POPULATION_TEAM = ["partner", "engagement_manager", "staff_auditor"] as const satisfies Role[];

export const POPULATION_FORMATS = ["csv", "tsv", "jsonl", "xlsx"] as const;
export type PopulationFileFormat = (typeof POPULATION_FORMATS)[number];

export const CA_METHODS = ["query", "reconciliation", "representation"] as const;

/** Failing rows and unmatched rows kept per result; the counts beside them are always complete. */
export const MAX_LISTED_ROWS = 1000;

// ----- input schemas -----

const IdSchema = z.string().trim().min(1).max(100);
const DateSchema = z.string().refine(isCalendarDate, "Use a real date in the form YYYY-MM-DD.");
const ColumnSchema = z.string().min(1, "Name a column.").max(300);

export const CreatePopulationSchema = z
  .object({
    fileSha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, "The SHA-256 of the uploaded file, as the upload returned it.")
      .transform((s) => s.toLowerCase()),
    fileName: z.string().trim().min(1).max(255),
    /** The organization's control: its id or its code (e.g. CHG-01). */
    controlId: IdSchema,
    name: textSchema(200),
    periodStart: DateSchema.optional(),
    periodEnd: DateSchema.optional(),
    mapping: z.object({ date: ColumnSchema, id: ColumnSchema.nullable().optional() }),
    caMethod: z.enum(CA_METHODS),
    /** The query or report that produced the file, or management's representation. */
    caSource: textSchema(20_000),
  })
  .refine((v) => !v.periodStart || !v.periodEnd || v.periodStart <= v.periodEnd, {
    message: "periodStart must not be after periodEnd.",
    path: ["periodEnd"],
  });
export type CreatePopulationInput = z.output<typeof CreatePopulationSchema>;

export const SampleRequestSchema = z.object({
  method: z.enum(SELECTION_METHODS).default("random"),
  frequency: z.enum(SELECTION_FREQUENCIES).optional(),
  size: z.number().int().min(1).max(5000).optional(),
  seed: z.string().trim().min(1).max(200).optional(),
});
export type SampleRequestInput = z.output<typeof SampleRequestSchema>;

export const ExtendSampleSchema = z.object({
  additional: z.number().int().min(1).max(5000),
  reason: textSchema(2000),
});
export type ExtendSampleInput = z.output<typeof ExtendSampleSchema>;

export const PopulationTestRequestSchema = z
  .object({
    /** The rule as JSON; its shape is checked by the rule schema (src/core/population-rules.ts). */
    rule: z.unknown(),
    joinPopulationId: IdSchema.optional(),
    /** The join key: a column of both files, "column here=column there", or [column here, column there]. */
    on: z.union([ColumnSchema, z.tuple([ColumnSchema, ColumnSchema])]).optional(),
  })
  .refine((v) => v.rule !== undefined && v.rule !== null, { message: "Give the rule.", path: ["rule"] })
  .refine((v) => (v.joinPopulationId === undefined) === (v.on === undefined), {
    message: "A join needs both joinPopulationId and on.",
    path: ["on"],
  });
export type PopulationTestRequestInput = z.output<typeof PopulationTestRequestSchema>;

export const ReconcileSchema = z.object({
  otherPopulationId: IdSchema,
  key: ColumnSchema,
  otherKey: ColumnSchema,
  /** Optional row filters, in the rule language's condition form (see src/core/population-rules.ts). */
  filter: z.unknown().optional(),
  otherFilter: z.unknown().optional(),
});
export type ReconcileInput = z.output<typeof ReconcileSchema>;

/** A full-population rule from a request body; VALIDATION (400) naming what is wrong. */
export const validatePopulationRule = (value: unknown): PopulationRule => parsePopulationRule(value);

/** A row filter (a condition or a list of conditions) from a request body. */
export const validateFilter = (value: unknown, field: string): PopulationCondition[] =>
  parsePopulationFilter(value, field);

/** The join key: "col" (same name on both sides), "left=right", or a [left, right] pair. */
export const joinKeys = (on: string | readonly [string, string]): [string, string] => {
  if (typeof on !== "string") return [on[0], on[1]];
  const eq = on.indexOf("=");
  return eq < 0 ? [on.trim(), on.trim()] : [on.slice(0, eq).trim(), on.slice(eq + 1).trim()];
};

// ----- loading -----

/** The engagement, when the actor may see it and is on its firm's engagement team. */
export const loadTeamEngagement = async (
  deps: Deps,
  user: UserActor,
  engagementId: string,
  action: string,
): Promise<EngagementRow> => {
  const e = await findVisibleEngagement(deps.db, engagementId, scopeOf(user));
  if (!e) throw notFound("Engagement");
  requireEngagementRole(user, e, POPULATION_TEAM, action);
  return e;
};

export type PopulationDetailRow = NonNullable<Awaited<ReturnType<typeof findVisiblePopulation>>>;

export const loadPopulation = async (
  deps: Deps,
  user: UserActor,
  id: string,
  action: string,
): Promise<PopulationDetailRow> => {
  const p = await findVisiblePopulation(deps.db, id, scopeOf(user));
  if (!p) throw notFound("Population");
  requireEngagementRole(user, p, POPULATION_TEAM, action);
  return p;
};

export type SampleDetailRow = NonNullable<Awaited<ReturnType<typeof findVisibleSample>>>;

export const loadSample = async (
  deps: Deps,
  user: UserActor,
  id: string,
  action: string,
): Promise<SampleDetailRow> => {
  const s = await findVisibleSample(deps.db, id, scopeOf(user));
  if (!s) throw notFound("Sample");
  requireEngagementRole(user, s, POPULATION_TEAM, action);
  return s;
};

export const loadPopulationTest = async (deps: Deps, user: UserActor, id: string) => {
  const t = await findVisiblePopulationTest(deps.db, id, scopeOf(user));
  if (!t) throw notFound("Population test");
  requireEngagementRole(user, t, POPULATION_TEAM, "see full-population tests");
  return t;
};

/** The engagement's default period for a population: the Type 2 period, or a Type 1's as-of date. */
export const defaultPeriod = (e: EngagementRow): { start: string | null; end: string | null } =>
  e.type === "type1"
    ? { start: e.as_of_date, end: e.as_of_date }
    : { start: e.period_start, end: e.period_end };

export const populationPeriod = (
  e: EngagementRow,
  input: { periodStart?: string | undefined; periodEnd?: string | undefined },
): { start: string; end: string } => {
  const fallback = defaultPeriod(e);
  const start = input.periodStart ?? fallback.start;
  const end = input.periodEnd ?? fallback.end;
  if (!start || !end) {
    throw invalid(
      "periodStart: the engagement has no period yet; give periodStart and periodEnd (YYYY-MM-DD).",
    );
  }
  if (start > end) {
    throw invalid(`periodEnd: the period ${start}..${end} ends before it starts.`);
  }
  return { start, end };
};

// ----- views -----

const json = <T>(text: string | null, fallback: T): T => {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

export interface PopulationMapping {
  readonly date: string;
  readonly id: string | null;
}

export const mappingOf = (text: string): PopulationMapping => {
  const m = json<Partial<PopulationMapping>>(text, {});
  return { date: m.date ?? "", id: m.id ?? null };
};

type SummaryRow = Awaited<ReturnType<typeof listEngagementPopulations>>[number];

export const populationSummaryView = (p: Omit<SummaryRow, "sample_count" | "test_count">) => ({
  id: p.id,
  engagementId: p.engagement_id,
  controlId: p.control_id,
  control: p.control_code ? { id: p.control_id, code: p.control_code, title: p.control_title ?? "" } : null,
  name: p.name,
  periodStart: p.period_start,
  periodEnd: p.period_end,
  fileName: p.file_name,
  format: p.format,
  sizeBytes: Number(p.size_bytes),
  blobSha256: p.blob_sha256,
  rowCount: Number(p.row_count),
  inPeriodCount: Number(p.in_period_count),
  excludedCount: Number(p.excluded_count),
  unparseableCount: Number(p.unparseable_count),
  mapping: mappingOf(p.mapping),
  caMethod: p.ca_method,
  createdBy: p.created_by,
  createdByName: p.created_by_name ?? null,
  createdAt: p.created_at,
});

export const populationListView = (p: SummaryRow) => ({
  ...populationSummaryView(p),
  samples: Number(p.sample_count ?? 0),
  tests: Number(p.test_count ?? 0),
});

type SampleSummaryRow = Awaited<ReturnType<typeof listPopulationSamples>>[number];

export const sampleSummaryView = (s: SampleSummaryRow) => ({
  id: s.id,
  populationId: s.population_id,
  controlId: s.control_id,
  extendsSampleId: s.extends_sample_id,
  method: s.method,
  seed: s.seed,
  frequency: s.frequency,
  size: Number(s.size),
  rule: json<unknown>(s.rule, null),
  reason: s.reason,
  createdBy: s.created_by,
  createdByName: s.created_by_name ?? null,
  createdAt: s.created_at,
});

export interface StoredSampleItem {
  readonly row: number;
  readonly id: string;
  readonly date: string;
  readonly values: Record<string, string>;
}

export const sampleView = (s: SampleDetailRow) => ({
  ...sampleSummaryView(s),
  engagementId: s.engagement_id,
  strata: json<unknown[]>(s.strata, []),
  items: json<StoredSampleItem[]>(s.items, []),
});

type TestSummaryRow = Awaited<ReturnType<typeof listPopulationTests>>[number];

const ruleDescription = (rule: unknown): string | null =>
  rule !== null && typeof rule === "object" && "description" in rule
    ? String((rule as { description: unknown }).description)
    : null;

export const testSummaryView = (t: TestSummaryRow) => {
  const stored = json<{ rule?: unknown; description?: string; on?: unknown }>(t.rule, {});
  return {
    id: t.id,
    populationId: t.population_id,
    joinPopulationId: t.join_population_id,
    controlId: t.control_id,
    rule: stored.rule ?? null,
    on: stored.on ?? null,
    description: stored.description ?? ruleDescription(stored.rule) ?? "",
    rowsTested: Number(t.rows_tested),
    rowsFailing: Number(t.rows_failing),
    createdBy: t.created_by,
    createdByName: t.created_by_name ?? null,
    createdAt: t.created_at,
  };
};

export const testView = (t: NonNullable<Awaited<ReturnType<typeof findVisiblePopulationTest>>>) => ({
  ...testSummaryView(t),
  engagementId: t.engagement_id,
  failing: json<unknown[]>(t.failing, []),
});

export const populationDetailView = (
  p: PopulationDetailRow,
  samples: readonly SampleSummaryRow[],
  tests: readonly TestSummaryRow[],
) => ({
  ...populationSummaryView(p),
  columns: json<string[]>(p.columns, []),
  preview: json<string[][]>(p.preview, []),
  unparseable: json<{ row: number; column: string; value: string }[]>(p.unparseable, []),
  caSource: p.ca_source,
  reconciliation: json<Record<string, unknown> | null>(p.reconciliation, null),
  samples: samples.map(sampleSummaryView),
  tests: tests.map(testSummaryView),
});

/** CONFLICT naming what still uses a population. */
export const inUse = (uses: {
  samples: number;
  tests: number;
  workpapers: number;
  reconciliations: number;
}) => {
  const parts = [
    uses.samples > 0 ? `${uses.samples} sample(s)` : null,
    uses.tests > 0 ? `${uses.tests} full-population test(s)` : null,
    uses.workpapers > 0 ? `${uses.workpapers} workpaper(s)` : null,
    uses.reconciliations > 0 ? `the reconciliation of ${uses.reconciliations} other population(s)` : null,
  ].filter((p): p is string => p !== null);
  return parts.length === 0
    ? null
    : new AppError(
        "CONFLICT",
        `This population is used by ${parts.join(", ")}; it cannot be deleted. Import a corrected file as a new population instead.`,
        { ...uses },
      );
};
