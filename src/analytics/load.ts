/**
 * Loads one population file into an in-memory DuckDB table, once, so every later question (the
 * profile, the sample, the rule, the reconciliation) runs on the table instead of re-reading the
 * file. All columns are text (nothing is coerced), stored under generated names c0, c1, … so no
 * header can reach SQL; `rowid + 1` is the 1-based data row in file order (the load preserves
 * insertion order; load.test.ts proves it on a file read by several threads).
 *
 * CSV and TSV are read by DuckDB directly while the file is hashed concurrently; JSON lines and
 * xlsx are converted to CSV first (convert.ts), hashing in the same pass.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { parse } from "csv-parse";
import { AppError } from "../core/errors.js";
import { jsonlToCsv, xlsxToCsv } from "./convert.js";
import { cancelled, type Engine, sqlString } from "./engine.js";

export type PopulationFormat = "csv" | "tsv" | "jsonl" | "xlsx";
export const POPULATION_FORMATS: readonly PopulationFormat[] = ["csv", "tsv", "jsonl", "xlsx"];

export interface LoadedTable {
  /** The DuckDB table (a name we generate). */
  readonly table: string;
  readonly format: PopulationFormat;
  /** SHA-256 hex of the file's bytes. */
  readonly hash: string;
  readonly sizeBytes: number;
  readonly rowCount: number;
  /** Header names, trimmed, each once, in order of first appearance. */
  readonly columns: string[];
  /** The SQL column holding a header name (its last occurrence, as a CSV record object keeps it). */
  readonly columnSql: (name: string) => string;
}

/** Format by extension; otherwise sniffed from the first bytes (zip → xlsx, "{" → JSON lines, tabs → TSV). */
export const detectPopulationFormat = async (path: string): Promise<PopulationFormat> => {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".tsv" || ext === ".tab") return "tsv";
  if (ext === ".jsonl" || ext === ".ndjson" || ext === ".json") return "jsonl";
  if (ext === ".xlsx") return "xlsx";
  const handle = await open(path, "r").catch(() => {
    throw new AppError("VALIDATION", `population file not found: ${path}`);
  });
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    if (bytesRead >= 4 && buf.readUInt32LE(0) === 0x04034b50) return "xlsx";
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

/** The header record (as csv-parse reads it) and the blank lines before it. */
const readHeader = async (
  path: string,
  delimiter: string,
): Promise<{ names: string[]; blankLinesBefore: number }> => {
  const parser = createReadStream(path, { end: 1 << 24 }).pipe(
    parse({ delimiter, bom: true, skip_empty_lines: true, to: 1, relax_column_count: true }),
  );
  let names: string[] = [];
  try {
    for await (const record of parser) {
      names = (record as string[]).map((h) => h.trim());
      break;
    }
  } catch (error) {
    throw new AppError(
      "VALIDATION",
      `population file ${path} has no readable header: ${(error as Error).message.replace(/\s+/g, " ")}`,
    );
  } finally {
    parser.destroy();
  }
  const handle = await open(path, "r");
  try {
    const buf = Buffer.alloc(65_536);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const text = buf
      .subarray(0, bytesRead)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
    const blank = /^(?:\r?\n)*/.exec(text)?.[0] ?? "";
    return { names, blankLinesBefore: blank.split("\n").length - 1 };
  } finally {
    await handle.close();
  }
};

const hashFile = async (path: string, signal: AbortSignal, onBytes: (n: number) => void): Promise<string> => {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, signal })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    onBytes(bytes);
  }
  return hash.digest("hex");
};

/** DuckDB's message, first lines only, without its "possible fixes" advice. */
const duckMessage = (error: unknown): string =>
  String((error as Error).message ?? error)
    .split(/\n\s*Possible fixes:/)[0]!
    .replace(/\s+/g, " ")
    .trim();

export const loadTable = async (
  engine: Engine,
  path: string,
  format: PopulationFormat,
  progress: { from: number; share: number; label: string },
): Promise<LoadedTable> => {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new AppError("VALIDATION", `population file not found: ${path}`);
  const sizeBytes = info.size;
  const table = engine.nextName("population");
  const report = (fraction: number) =>
    engine.progress(progress.from + progress.share * fraction, `${progress.label}`);

  let csvPath = path;
  let delimiter = format === "tsv" ? "\t" : ",";
  let hash: string;
  let names: string[];
  let skip = 0;
  const local = new AbortController();
  const abort = () => local.abort();
  engine.options.signal?.addEventListener("abort", abort);
  try {
    if (format === "jsonl" || format === "xlsx") {
      csvPath = join(engine.tempDir, `${table}.csv`);
      delimiter = ",";
      const hooks = {
        signal: local.signal,
        onBytes: (n: number) => report((0.5 * n) / Math.max(1, sizeBytes)),
      };
      const converted = await (format === "jsonl" ? jsonlToCsv : xlsxToCsv)(path, csvPath, hooks);
      if (engine.options.signal?.aborted) throw cancelled();
      hash = converted.hash;
      names = converted.columns;
    } else {
      const header = await readHeader(path, delimiter);
      names = header.names;
      skip = header.blankLinesBefore;
    }
    const columnsSql =
      names.length === 0 ? "" : `{${names.map((_, i) => `${sqlString(`c${i}`)}: 'VARCHAR'`).join(", ")}}`;
    const create =
      names.length === 0
        ? `CREATE TABLE ${table} (c0 VARCHAR)`
        : `CREATE TABLE ${table} AS SELECT * FROM read_csv(${sqlString(csvPath)}, header = true, skip = ${skip},
             auto_detect = false, delim = ${sqlString(delimiter)}, quote = '"', escape = '"',
             strict_mode = true, null_padding = false, columns = ${columnsSql})`;
    let duckFraction = 0;
    let hashFraction = format === "csv" || format === "tsv" ? 0 : 1;
    const loading = engine
      .run(create, {
        onPercent: (p) => {
          duckFraction = p / 100;
          report(0.5 * hashFraction + 0.5 * duckFraction);
        },
      })
      .catch((error: unknown) => {
        if (error instanceof AppError) throw error;
        throw new AppError(
          "VALIDATION",
          `population file ${path} is not well-formed ${format.toUpperCase()}: ${duckMessage(error)}`,
        );
      });
    if (format === "csv" || format === "tsv") {
      const hashing = hashFile(path, local.signal, (n) => {
        hashFraction = n / Math.max(1, sizeBytes);
        report(0.5 * hashFraction + 0.5 * duckFraction);
      }).catch((error: unknown) => {
        engine.interrupt();
        throw engine.options.signal?.aborted ? cancelled() : error;
      });
      const [digest] = await Promise.all([
        hashing,
        loading.catch((e: unknown) => {
          local.abort();
          throw e;
        }),
      ]);
      hash = digest;
    } else {
      await loading;
    }
    const [[count]] = (await engine.run(`SELECT count(*) FROM ${table}`)) as [[number]];
    report(1);
    const unique = [...new Set(names)];
    const lastIndex = new Map(names.map((n, i) => [n, i] as const));
    return {
      table,
      format,
      hash: hash!,
      sizeBytes,
      rowCount: count,
      columns: unique,
      columnSql: (name) => {
        const i = lastIndex.get(name);
        if (i === undefined) throw new AppError("VALIDATION", `"${name}" is not a column of the population.`);
        return `c${i}`;
      },
    };
  } finally {
    engine.options.signal?.removeEventListener("abort", abort);
  }
};
