/**
 * `fieldwork population test` and `fieldwork population profile`: offline full-population tools
 * over DuckDB (no server needed). `test` evaluates a rule file (docs/population-rules.md) over every
 * row, optionally joined to a second population, and prints the rows tested, the rows failing and
 * the failing rows; failing rows are a result, not an error, so the exit code is 0 (like `sample`).
 * Long work shows progress on stderr when it is a terminal; Ctrl-C cancels and leaves nothing behind.
 */
import type { Command } from "commander";
import {
  type OfflineTestResult,
  POPULATION_FORMATS,
  type PopulationProfile,
  profilePopulationFile,
  testPopulationFile,
} from "../../app/population-offline.js";
import { AppError } from "../../core/errors.js";
import { parsePeriod } from "../../core/sample-selection.js";
import { formatTable, printJson } from "../output.js";

interface TestFlags {
  population: string;
  rule: string;
  join?: string;
  on?: string;
  format?: string;
  joinFormat?: string;
  period?: string;
  dateColumn?: string;
  limit?: string;
  json?: boolean;
}

interface ProfileFlags {
  format?: string;
  dateColumn?: string;
  idColumn?: string;
  period?: string;
  json?: boolean;
}

const TEST_USAGE =
  "--population FILE --rule RULE_FILE [--join FILE --on COL|LEFT=RIGHT] [--format F] [--join-format F] " +
  "[--period START..END --date-column COL] [--limit N] [--json]";

const parseLimit = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n)) {
    throw new AppError("VALIDATION", `--limit must be a whole number ≥ 0 (got "${text}").`);
  }
  return n;
};

/** Progress on a terminal, Ctrl-C as cancellation; both undone when the work ends. */
const withTerminal = async <T>(
  json: boolean | undefined,
  work: (hooks: { signal: AbortSignal; onProgress?: (f: number, m: string) => void }) => Promise<T>,
): Promise<T> => {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.on("SIGINT", onInterrupt);
  const tty = Boolean(process.stderr.isTTY) && !json;
  let drawn = false;
  const onProgress = (fraction: number, message: string) => {
    drawn = true;
    process.stderr.write(`\r${`${(fraction * 100).toFixed(0).padStart(3)}% ${message}`.padEnd(60)}`);
  };
  try {
    return await work({ signal: controller.signal, ...(tty ? { onProgress } : {}) });
  } finally {
    process.off("SIGINT", onInterrupt);
    if (drawn) process.stderr.write(`\r${" ".repeat(60)}\r`);
  }
};

const cell = (value: string | null | undefined): string => {
  const text = value === null || value === undefined ? "(none)" : value.replace(/\s+/g, " ");
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
};

const printTest = (flags: TestFlags, r: OfflineTestResult): void => {
  const lines = [
    `${r.description}`,
    "",
    `Population:    ${flags.population} (${r.format.toUpperCase()})`,
    `SHA-256:       ${r.populationHash}`,
  ];
  if (flags.join) {
    lines.push(`Joined with:   ${flags.join} (${r.joinFormat?.toUpperCase()}) on ${flags.on}`);
    lines.push(`Joined SHA-256: ${r.joinedHash}`);
  }
  if (flags.period) {
    lines.push(
      `Period:        ${flags.period} on ${flags.dateColumn}: ${r.excluded} rows outside it, ${r.unparseableCount} with an unreadable date`,
    );
    if (r.unparseable.length > 0) {
      const shown = r.unparseable.slice(0, 10).map((u) => `${u.row} ("${u.value}")`);
      const more = r.unparseableCount - shown.length;
      lines.push(
        `Unreadable dates in rows: ${shown.join(", ")}${more > 0 ? ` and ${more} more (see --json)` : ""}`,
      );
    }
  }
  lines.push(`Rows tested:   ${r.rowsTested}${flags.join ? " (left rows × matching right rows)" : ""}`);
  if (r.rowsNotApplicable > 0) lines.push(`Out of scope:  ${r.rowsNotApplicable} (the rule's "where")`);
  if (r.rowsUnmatched !== undefined)
    lines.push(`Unmatched:     ${r.rowsUnmatched} left rows with no joined row`);
  lines.push(`Rows failing:  ${r.rowsFailing}`);
  if (r.failing.length > 0) {
    const keys = Object.keys(r.failing[0]?.values ?? {});
    const shown = keys.filter((k) =>
      r.ruleColumns.some((c) => k === c || k.endsWith(`.${c}`) || c.endsWith(`.${k}`)),
    );
    const columns = [...new Set([keys[0] ?? "", ...shown])].filter((k) => k !== "");
    lines.push(
      "",
      formatTable(
        ["Row", ...(flags.join ? ["Joined row"] : []), ...columns, "Fails"],
        r.failing.map((f) => [
          String(f.row),
          ...(flags.join
            ? [f.joinedRow === null || f.joinedRow === undefined ? "-" : String(f.joinedRow)]
            : []),
          ...columns.map((c) => cell(f.values[c])),
          f.failed.join("; "),
        ]),
      ),
    );
    if (r.failing.length < r.rowsFailing) {
      lines.push(
        "",
        `Showing the first ${r.failing.length} of ${r.rowsFailing} failing rows (--limit; --json lists every value).`,
      );
    }
  }
  process.stdout.write(`${lines.join("\n")}\n`);
};

const runTest = async (flags: TestFlags): Promise<void> => {
  if ((flags.join === undefined) !== (flags.on === undefined)) {
    throw new AppError("VALIDATION", "--join and --on go together: give both or neither.");
  }
  const period = flags.period === undefined ? undefined : parsePeriod(flags.period);
  const limit = parseLimit(flags.limit);
  const result = await withTerminal(flags.json, (hooks) =>
    testPopulationFile({
      ...hooks,
      population: flags.population,
      rulePath: flags.rule,
      ...(flags.format === undefined ? {} : { format: flags.format }),
      ...(flags.join && flags.on
        ? {
            join: {
              path: flags.join,
              on: flags.on,
              ...(flags.joinFormat ? { format: flags.joinFormat } : {}),
            },
          }
        : {}),
      ...(period ? { period } : {}),
      ...(flags.dateColumn === undefined ? {} : { dateColumn: flags.dateColumn }),
      ...(limit === undefined ? {} : { limit }),
    }),
  );
  if (flags.json) {
    const { format: _f, joinFormat: _j, ruleColumns: _c, ...rest } = result;
    printJson(rest);
    return;
  }
  printTest(flags, result);
};

const printProfile = (file: string, p: PopulationProfile, flags: ProfileFlags): void => {
  const lines = [
    `Population:  ${file} (${p.format.toUpperCase()}, ${p.sizeBytes} bytes)`,
    `SHA-256:     ${p.hash}`,
    `Rows:        ${p.rowCount}`,
    `Columns:     ${p.columns.join(", ")}`,
  ];
  if (flags.dateColumn !== undefined) {
    lines.push(
      flags.period
        ? `Period:      ${flags.period} on ${flags.dateColumn}: ${p.inPeriod} in it, ${p.excluded} outside, ${p.unparseableCount} unreadable`
        : `Dates:       ${p.inPeriod} readable in ${flags.dateColumn}, ${p.unparseableCount} unreadable`,
    );
    if (p.unparseable.length > 0) {
      const shown = p.unparseable.slice(0, 10).map((u) => `${u.row} ("${u.value}")`);
      const more = p.unparseableCount - shown.length;
      lines.push(
        `Unreadable dates in rows: ${shown.join(", ")}${more > 0 ? ` and ${more} more (see --json)` : ""}`,
      );
    }
  }
  lines.push(
    "",
    formatTable(
      p.columns,
      p.preview.map((row) => row.map((v) => cell(v))),
    ),
  );
  process.stdout.write(`${lines.join("\n")}\n`);
};

const runProfile = async (file: string, flags: ProfileFlags): Promise<void> => {
  const period = flags.period === undefined ? undefined : parsePeriod(flags.period);
  const profile = await withTerminal(flags.json, (hooks) =>
    profilePopulationFile({
      ...hooks,
      population: file,
      ...(flags.format === undefined ? {} : { format: flags.format }),
      ...(flags.dateColumn === undefined ? {} : { dateColumn: flags.dateColumn }),
      ...(flags.idColumn === undefined ? {} : { idColumn: flags.idColumn }),
      ...(period ? { period } : {}),
    }),
  );
  if (flags.json) printJson(profile);
  else printProfile(file, profile, flags);
};

const oneLineErrors = (cmd: Command): Command =>
  cmd.configureOutput({
    outputError: (text, write) =>
      write(
        `fieldwork: ${text
          .replace(/^error: /, "")
          .replace(/\s*\n\s*/g, " ")
          .trim()}\n`,
      ),
  });

/**
 * Adds `test` and `profile` under `fieldwork population` (created here if not there yet) and
 * returns that command, so other population subcommands can be added to it.
 */
export const registerPopulationCommand = (program: Command): Command => {
  const population =
    program.commands.find((c) => c.name() === "population") ??
    program.command("population").description("Work with population files: profile them and test every row.");
  const formats = POPULATION_FORMATS.join("|");
  oneLineErrors(
    population
      .command("test")
      .description("Test a rule over every row of a population file (full-population testing), offline.")
      .usage(TEST_USAGE)
      .requiredOption("--population <file>", "population file: CSV, TSV, JSON lines or xlsx")
      .requiredOption("--rule <file>", "rule file (JSON; see docs/population-rules.md)")
      .option("--join <file>", "a second population, left-joined on --on (a missing match fails)")
      .option("--on <col>", "join key: COL (same name on both sides) or LEFT_COL=RIGHT_COL")
      .option(`--format <${formats}>`, "format of --population (default: by extension, else by content)")
      .option(`--join-format <${formats}>`, "format of --join (default: by extension, else by content)")
      .option("--period <start..end>", "test only rows dated in this period (needs --date-column)")
      .option("--date-column <col>", "column holding each row's date, for --period")
      .option("--limit <n>", "failing rows to list (default 1000; counts are always complete)")
      .option("--json", "print { populationHash, rowsTested, rowsFailing, failing, rule, … } as JSON"),
  ).action(async (flags: TestFlags) => {
    await runTest(flags);
  });
  oneLineErrors(
    population
      .command("profile")
      .description("Profile a population file: SHA-256, rows, columns, a preview, dates against a period.")
      .argument("<file>", "population file: CSV, TSV, JSON lines or xlsx")
      .option(`--format <${formats}>`, "file format (default: by extension, else by content)")
      .option("--date-column <col>", "column holding each row's date")
      .option(
        "--period <start..end>",
        "observation period, e.g. 2025-01-01..2025-12-31 (needs --date-column)",
      )
      .option("--id-column <col>", "column identifying each row (checked to exist)")
      .option("--json", "print the profile as JSON"),
  ).action(async (file: string, flags: ProfileFlags) => {
    await runProfile(file, flags);
  });
  return population;
};
