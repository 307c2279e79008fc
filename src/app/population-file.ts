/**
 * Reads a sampling population from a CSV, TSV or JSON-lines file, streamed (never the whole file in
 * memory), computing the file's SHA-256 in the same pass (SOC2.md §4.1: the workpaper records the
 * population hash). Only the parsed {row, id, date} of in-period rows are kept.
 *
 * Format: by extension (.csv, .tsv/.tab, .jsonl/.ndjson/.json); any other extension is sniffed from
 * the first bytes ("{" → JSON lines, a tab but no comma in the first line → TSV, else CSV).
 * Rows: `row` is the 1-based data row (the header is not a row; for JSON lines, the non-blank line).
 * Dates accepted in the date column:
 * - YYYY-MM-DD;
 * - ISO timestamps (YYYY-MM-DDThh:mm[:ss[.fff]][Z|±hh:mm], "T" or a space) → the calendar date as
 *   written, without converting time zones;
 * - DD/MM/YYYY (day first, never month first; D and M may be one digit).
 * Anything else is "unparseable" and returned with its row number, never silently dropped.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { extname } from "node:path";
import { createInterface } from "node:readline";
import { Transform } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { AppError } from "../core/errors.js";
import { parsePopulationDate } from "../core/population-dates.js";
import { parsePopulationJsonLine } from "../core/population-lines.js";
import type { Period, PopulationItem } from "../core/sample-selection.js";

export type PopulationFormat = "csv" | "tsv" | "jsonl";

export interface UnparseableRow {
  readonly row: number;
  readonly value: string;
}

export interface PopulationRead {
  readonly format: PopulationFormat;
  /** SHA-256 hex of the file's bytes. */
  readonly hash: string;
  readonly columns: string[];
  readonly totalRows: number;
  /** Rows with a parseable date inside the period, in file order. */
  readonly items: PopulationItem[];
  readonly outsidePeriod: number;
  readonly unparseable: UnparseableRow[];
}

export interface PopulationReadOptions {
  readonly dateColumn: string;
  /** Default: the row number. */
  readonly idColumn?: string;
  readonly period: Period;
}

/** Parses one date cell to YYYY-MM-DD, or undefined (one definition, shared with src/analytics). */
export { parsePopulationDate };

const detectFormat = async (path: string): Promise<PopulationFormat> => {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".tsv" || ext === ".tab") return "tsv";
  if (ext === ".jsonl" || ext === ".ndjson" || ext === ".json") return "jsonl";
  const handle = await open(path, "r");
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const head = buf
      .subarray(0, bytesRead)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
    if (head.trimStart().startsWith("{")) return "jsonl";
    const firstLine = head.split(/\r?\n/, 1)[0] ?? "";
    return firstLine.includes("\t") && !firstLine.includes(",") ? "tsv" : "csv";
  } finally {
    await handle.close();
  }
};

const cellText = (value: unknown): string =>
  value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value);

const unknownColumn = (flag: string, column: string, columns: readonly string[]): AppError =>
  new AppError(
    "VALIDATION",
    `${flag} "${column}" is not a column of the population file; available columns: ${columns.join(", ")}.`,
  );

/** Streams (header?, record) pairs for one format; throws AppError on malformed input. */
async function* records(
  path: string,
  format: PopulationFormat,
  hashing: Transform,
  header: { columns?: string[] },
): AsyncGenerator<Record<string, unknown>> {
  const source = createReadStream(path);
  source.on("error", (e) => hashing.destroy(e));
  source.pipe(hashing);
  if (format === "jsonl") {
    const lines = createInterface({ input: hashing, crlfDelay: Number.POSITIVE_INFINITY });
    let lineNo = 0;
    for await (const line of lines) {
      lineNo += 1;
      const value = parsePopulationJsonLine(path, lineNo, line);
      if (value) yield value;
    }
    return;
  }
  const parser = parse({
    delimiter: format === "tsv" ? "\t" : ",",
    bom: true,
    skip_empty_lines: true,
    columns: (names: string[]) => {
      header.columns = names.map((h) => h.trim());
      return header.columns;
    },
  });
  hashing.on("error", (e) => parser.destroy(e));
  hashing.pipe(parser);
  try {
    for await (const record of parser) yield record as Record<string, unknown>;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new AppError(
        "VALIDATION",
        `population file ${path} is not well-formed ${format.toUpperCase()}${line === undefined ? "" : ` at line ${line}`}: ${error.message.replace(/\s+/g, " ")}`,
      );
    }
    throw error;
  }
}

/** Reads, hashes and filters a population file in one streamed pass. */
export const readPopulationFile = async (
  path: string,
  options: PopulationReadOptions,
): Promise<PopulationRead> => {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error("not a file");
  } catch {
    throw new AppError("VALIDATION", `population file not found: ${path}`);
  }
  const format = await detectFormat(path);
  const hash = createHash("sha256");
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  const header: { columns?: string[] } = {};
  let columns: string[] | undefined;
  let totalRows = 0;
  let outsidePeriod = 0;
  const items: PopulationItem[] = [];
  const unparseable: UnparseableRow[] = [];
  for await (const record of records(path, format, hashing, header)) {
    totalRows += 1;
    if (columns === undefined) {
      columns = Object.keys(record);
      if (!columns.includes(options.dateColumn))
        throw unknownColumn("--date-column", options.dateColumn, columns);
      if (options.idColumn !== undefined && !columns.includes(options.idColumn)) {
        throw unknownColumn("--id-column", options.idColumn, columns);
      }
    }
    const raw = cellText(record[options.dateColumn]);
    const date = parsePopulationDate(raw);
    if (date === undefined) {
      unparseable.push({ row: totalRows, value: raw });
      continue;
    }
    if (date < options.period.start || date > options.period.end) {
      outsidePeriod += 1;
      continue;
    }
    const id = options.idColumn === undefined ? String(totalRows) : cellText(record[options.idColumn]);
    items.push({ row: totalRows, id, date });
  }
  if (columns === undefined) {
    // No data rows: still check the flags against the CSV/TSV header when there is one.
    columns = header.columns ?? [];
    if (header.columns !== undefined && !columns.includes(options.dateColumn)) {
      throw unknownColumn("--date-column", options.dateColumn, columns);
    }
  }
  return { format, hash: hash.digest("hex"), columns, totalRows, items, outsidePeriod, unparseable };
};
