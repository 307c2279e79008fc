/**
 * The offline population tools behind `fieldwork population test` and `fieldwork population
 * profile`: no server, no database, no actor — a file (or two) on disk and a rule file. The CLI
 * may not reach src/analytics directly (layers), so this is its door: it reads the rule file,
 * decides the formats and calls the analytics.
 */
import { readFile } from "node:fs/promises";
import {
  type AnalyticsOptions,
  detectPopulationFormat,
  POPULATION_FORMATS,
  type PopulationFormat,
  type PopulationProfile,
  type PopulationTestResult,
  profilePopulation,
  testPopulation,
} from "../analytics/index.js";
import { AppError } from "../core/errors.js";
import { parsePopulationRuleText, ruleColumns } from "../core/population-rules.js";
import type { Period } from "../core/sample-selection.js";

export { POPULATION_FORMATS, type PopulationFormat, type PopulationProfile, type PopulationTestResult };

const formatOf = async (path: string, given: string | undefined, flag: string): Promise<PopulationFormat> => {
  if (given === undefined) return detectPopulationFormat(path);
  const f = given.trim().toLowerCase();
  if (!(POPULATION_FORMATS as readonly string[]).includes(f)) {
    throw new AppError(
      "VALIDATION",
      `${flag} must be one of ${POPULATION_FORMATS.join(", ")} (got "${given}").`,
    );
  }
  return f as PopulationFormat;
};

export interface OfflineTestInput extends AnalyticsOptions {
  readonly population: string;
  readonly format?: string;
  readonly rulePath: string;
  readonly join?: { readonly path: string; readonly format?: string; readonly on: string };
  readonly period?: Period;
  readonly dateColumn?: string;
  readonly limit?: number;
}

export interface OfflineTestResult extends PopulationTestResult {
  readonly format: PopulationFormat;
  readonly joinFormat?: PopulationFormat;
  /** The columns the rule refers to, in order of appearance. */
  readonly ruleColumns: string[];
}

/** Reads the rule file and runs the full-population test. */
export const testPopulationFile = async (input: OfflineTestInput): Promise<OfflineTestResult> => {
  let text: string;
  try {
    text = await readFile(input.rulePath, "utf8");
  } catch {
    throw new AppError("VALIDATION", `rule file not found: ${input.rulePath}`);
  }
  const rule = parsePopulationRuleText(text);
  if ((input.period === undefined) !== (input.dateColumn === undefined)) {
    throw new AppError("VALIDATION", "--period and --date-column go together: give both or neither.");
  }
  const format = await formatOf(input.population, input.format, "--format");
  const joinFormat = input.join
    ? await formatOf(input.join.path, input.join.format, "--join-format")
    : undefined;
  const result = await testPopulation(input.population, {
    ...input,
    format,
    rule,
    join:
      input.join && joinFormat ? { path: input.join.path, format: joinFormat, on: input.join.on } : undefined,
  });
  return { ...result, format, ...(joinFormat ? { joinFormat } : {}), ruleColumns: ruleColumns(rule) };
};

export interface OfflineProfileInput extends AnalyticsOptions {
  readonly population: string;
  readonly format?: string;
  readonly dateColumn?: string;
  readonly idColumn?: string;
  readonly period?: Period;
}

export const profilePopulationFile = async (input: OfflineProfileInput): Promise<PopulationProfile> => {
  if (input.period !== undefined && input.dateColumn === undefined) {
    throw new AppError("VALIDATION", "--period needs --date-column.");
  }
  const format = await formatOf(input.population, input.format, "--format");
  return profilePopulation(input.population, { ...input, format });
};
