/**
 * src/analytics: population loading and full-population tests over DuckDB (issue 4 §2, §4, §5).
 * Each function below opens a private in-memory DuckDB, loads the file(s) once, answers, and
 * closes it (removing its temp directory) whether it succeeds, fails or is cancelled. For several
 * questions about one file, use openPopulation and ask the LoadedPopulation directly.
 */
import type { PopulationCondition } from "../core/population-rules.js";
import type { Period } from "../core/sample-selection.js";
import type { AnalyticsOptions } from "./engine.js";
import type { PopulationFormat } from "./load.js";
import {
  type DateScope,
  openPopulation,
  type PopulationProfile,
  type PopulationSelection,
  type SampleOptions,
} from "./population.js";
import { type PopulationTestResult, parseJoinOn, runPopulationTest } from "./population-test.js";
import { DEFAULT_RECONCILE_LIMIT, type Reconciliation, runReconciliation } from "./reconcile.js";

export { type AnalyticsOptions, cancelled } from "./engine.js";
export { detectPopulationFormat, POPULATION_FORMATS, type PopulationFormat } from "./load.js";
export {
  type DateScope,
  LISTED_UNPARSEABLE,
  LoadedPopulation,
  openPopulation,
  type PopulationProfile,
  type PopulationSelection,
  type SampledItem,
  type SampleOptions,
  type UnparseableValue,
} from "./population.js";
export {
  DEFAULT_LIMIT,
  type FailingRow,
  type PopulationTestResult,
  parseJoinOn,
  runPopulationTest,
} from "./population-test.js";
export { DEFAULT_RECONCILE_LIMIT, type Reconciliation, type UnmatchedRow } from "./reconcile.js";
export type { Period };

const withPopulation = async <T>(
  path: string,
  options: { format: PopulationFormat } & AnalyticsOptions,
  work: (population: Awaited<ReturnType<typeof openPopulation>>) => Promise<T>,
): Promise<T> => {
  const population = await openPopulation(path, options);
  try {
    const result = await work(population);
    population.engine.progress(1, "Done");
    return result;
  } finally {
    population.close();
  }
};

/** SHA-256, rows, columns, a preview and — with a date column — the period split. */
export const profilePopulation = (
  path: string,
  options: { format: PopulationFormat } & DateScope & AnalyticsOptions,
): Promise<PopulationProfile> => withPopulation(path, options, (p) => p.profile(options));

/** The sample `fieldwork sample` would draw from the same file, seed, size, method and period. */
export const selectFromPopulation = (
  path: string,
  options: { format: PopulationFormat } & SampleOptions & AnalyticsOptions,
): Promise<PopulationSelection> => withPopulation(path, options, (p) => p.select(options));

export interface TestPopulationOptions extends AnalyticsOptions {
  readonly format: PopulationFormat;
  /** The rule (validated with the core's schema). */
  readonly rule: unknown;
  /** A second population, left-joined on `on` ("col" or "leftCol=rightCol" or [left, right]). */
  readonly join?: { path: string; format: PopulationFormat; on: string | readonly [string, string] };
  readonly period?: Period;
  readonly dateColumn?: string;
  readonly limit?: number;
}

/** Evaluates a rule over every row; every failing row counted, the first `limit` listed. */
export const testPopulation = (path: string, options: TestPopulationOptions): Promise<PopulationTestResult> =>
  withPopulation(path, options, async (p) => {
    const join = options.join
      ? { table: await p.attach(options.join.path, options.join.format), ...parseJoinOn(options.join.on) }
      : undefined;
    const { join: _file, ...rest } = options;
    return runPopulationTest(p, { ...rest, ...(join ? { join } : {}) });
  });

export interface ReconcileInput {
  readonly path: string;
  readonly format: PopulationFormat;
  readonly key: string;
  readonly filter?: PopulationCondition | readonly PopulationCondition[] | unknown;
}

/** Matches two populations on a key; every unmatched row on either side counted and listed. */
export const reconcilePopulations = (
  left: ReconcileInput,
  right: ReconcileInput,
  options: AnalyticsOptions & { limit?: number } = {},
): Promise<Reconciliation> =>
  withPopulation(left.path, { ...options, format: left.format }, async (p) => {
    const other = await p.attach(right.path, right.format);
    return runReconciliation(p, other, { left, right }, options.limit ?? DEFAULT_RECONCILE_LIMIT);
  });
