/**
 * `fieldwork sample`: select a deterministic, stratified sample from a population file, offline.
 * The size comes from the frequency rules (core/sample-size), the selection from
 * core/sample-selection, seeded by SHA-256 of the engagement, the control and the population hash
 * (SOC2.md §4.1) unless --seed is given. Rows whose date can't be read are listed, never dropped.
 */
import type { Command } from "commander";
import { readPopulationFile } from "../../app/population-file.js";
import { AppError } from "../../core/errors.js";
import {
  deriveSeed,
  parsePeriod,
  SELECTION_METHODS,
  type SelectionMethod,
  selectSample,
} from "../../core/sample-selection.js";
import { CONTROL_FREQUENCIES, type ControlFrequency, frequencySampleSize } from "../../core/sample-size.js";
import { formatTable, printJson } from "../output.js";

interface SampleFlags {
  population: string;
  dateColumn: string;
  period: string;
  frequency: string;
  idColumn?: string;
  seed?: string;
  method?: string;
  engagement?: string;
  control?: string;
  json?: boolean;
}

const USAGE =
  "--population FILE --date-column COL --period START..END --frequency F [--id-column COL] [--seed S] " +
  "[--method random|systematic|all] [--engagement ID] [--control ID] [--json]";

const parseFrequency = (text: string): ControlFrequency => {
  const f = text.trim().toLowerCase();
  if (!(CONTROL_FREQUENCIES as readonly string[]).includes(f)) {
    throw new AppError(
      "VALIDATION",
      `--frequency must be one of ${CONTROL_FREQUENCIES.join(", ")} (got "${text}").`,
    );
  }
  return f as ControlFrequency;
};

const parseMethod = (text: string | undefined): SelectionMethod => {
  if (text === undefined) return "random";
  const m = text.trim().toLowerCase();
  if (!(SELECTION_METHODS as readonly string[]).includes(m)) {
    throw new AppError(
      "VALIDATION",
      `--method must be one of ${SELECTION_METHODS.join(", ")} (got "${text}").`,
    );
  }
  return m as SelectionMethod;
};

const runSample = async (flags: SampleFlags): Promise<void> => {
  const period = parsePeriod(flags.period);
  const frequency = parseFrequency(flags.frequency);
  const method = parseMethod(flags.method);
  if (flags.seed !== undefined && flags.seed.trim() === "")
    throw new AppError("VALIDATION", "--seed must not be empty.");
  const population = await readPopulationFile(flags.population, {
    dateColumn: flags.dateColumn,
    ...(flags.idColumn === undefined ? {} : { idColumn: flags.idColumn }),
    period,
  });
  const engagement = flags.engagement ?? "offline";
  const control = flags.control ?? "offline";
  const seed = flags.seed ?? deriveSeed(engagement, control, population.hash);
  const sizing = frequencySampleSize({ frequency, populationSize: population.items.length });
  const testAll = method === "all" || sizing.testAll || sizing.size >= population.items.length;
  const selection = selectSample({
    items: population.items,
    period,
    size: sizing.size,
    method: testAll ? "all" : method,
    frequency,
    seed,
  });
  const result = {
    population: { file: flags.population, format: population.format, rows: population.totalRows },
    populationHash: population.hash,
    seed,
    seedSource: flags.seed === undefined ? "derived" : "given",
    engagement,
    control,
    period,
    frequency,
    method: testAll ? "all" : method,
    populationSize: population.items.length,
    size: selection.items.length,
    sizeRule: method === "all" ? "Every item in the period is tested (--method all)." : sizing.rule,
    excluded: {
      count: population.outsidePeriod + population.unparseable.length,
      outsidePeriod: population.outsidePeriod,
      unparseable: population.unparseable,
    },
    strata: selection.strata,
    items: selection.items,
  };
  if (flags.json) {
    printJson(result);
    return;
  }
  const lines = [
    `Sample of ${result.size} from ${result.populationSize} items (${frequency} control, ${result.method} selection)`,
    "",
    `Population:  ${flags.population} (${population.format.toUpperCase()}, ${population.totalRows} rows)`,
    `SHA-256:     ${population.hash}`,
    `Seed:        ${seed}${flags.seed === undefined ? ` (derived from engagement "${engagement}", control "${control}" and the population hash)` : " (given)"}`,
    `Period:      ${period.start} to ${period.end}`,
    `Size rule:   ${result.sizeRule}`,
    `Excluded:    ${result.excluded.count} (${population.outsidePeriod} outside the period, ${population.unparseable.length} with an unreadable date)`,
  ];
  if (population.unparseable.length > 0) {
    const shown = population.unparseable.slice(0, 10).map((u) => `${u.row} ("${u.value}")`);
    const more = population.unparseable.length - shown.length;
    lines.push(
      `Unreadable dates in rows: ${shown.join(", ")}${more > 0 ? ` and ${more} more (see --json)` : ""}`,
    );
  }
  lines.push(
    "",
    formatTable(
      ["Stratum", "From", "To", "Population", "Selected"],
      selection.strata.map((s) => [s.label, s.start, s.end, String(s.population), String(s.selected)]),
    ),
    "",
    formatTable(
      ["Row", "ID", "Date"],
      selection.items.map((i) => [String(i.row), i.id, i.date]),
    ),
  );
  process.stdout.write(`${lines.join("\n")}\n`);
};

export const registerSampleCommand = (program: Command): void => {
  program
    .command("sample")
    .description("Select a deterministic sample, spread across the period, from a population file.")
    .usage(USAGE)
    .requiredOption("--population <file>", "population file: CSV, TSV or JSON lines")
    .requiredOption(
      "--date-column <col>",
      "column holding each item's date (YYYY-MM-DD, ISO timestamp, or DD/MM/YYYY)",
    )
    .requiredOption("--period <start..end>", "observation period, e.g. 2025-01-01..2025-12-31 (inclusive)")
    .requiredOption("--frequency <f>", `control frequency: ${CONTROL_FREQUENCIES.join(", ")}`)
    .option("--id-column <col>", "column identifying each item (default: the row number)")
    .option(
      "--seed <s>",
      "selection seed (default: SHA-256 of the engagement, the control and the population hash)",
    )
    .option(`--method <${SELECTION_METHODS.join("|")}>`, "selection method (default random)")
    .option("--engagement <id>", 'engagement ID for the seed (default "offline")')
    .option("--control <id>", 'control ID for the seed (default "offline")')
    .option("--json", "print the selection as one JSON object")
    .configureOutput({
      outputError: (text, write) =>
        write(
          `fieldwork: ${text
            .replace(/^error: /, "")
            .replace(/\s*\n\s*/g, " ")
            .trim()}\n`,
        ),
    })
    .action(async (flags: SampleFlags) => {
      await runSample(flags);
    });
};
