/**
 * JSON lines and xlsx populations become a CSV in the analysis's private temp directory, which
 * DuckDB then loads like any CSV. The original bytes are hashed in the same streamed pass.
 *
 * JSON lines follow src/app/population-file.ts exactly (so samples agree with `fieldwork sample`):
 * blank lines are skipped and not counted, the columns are the first object's keys, a string cell
 * is itself, null or missing is "", anything else is its JSON text; a line that is not a JSON
 * object is an error naming the line.
 * xlsx: the first worksheet; its first non-empty row is the header; blank rows are skipped like
 * blank CSV lines; dates are written YYYY-MM-DD (or YYYY-MM-DDThh:mm:ss[.sss] when they carry a
 * time — Excel has no time zone); numbers as JS writes them; formulas as their cached result.
 */
import { createHash, type Hash } from "node:crypto";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { type Readable, Transform } from "node:stream";
import ExcelJS from "exceljs";
import { AppError } from "../core/errors.js";
import { parsePopulationJsonLine } from "../core/population-lines.js";
import { cancelled } from "./engine.js";
import { orderedZipStream } from "./zip-order.js";

export interface Converted {
  readonly hash: string;
  readonly columns: string[];
}

export interface ConvertHooks {
  readonly signal?: AbortSignal;
  readonly onBytes?: (bytesRead: number) => void;
}

const csvField = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

/** Buffered CSV output honouring back-pressure. */
class CsvOut {
  private buffer: string[] = [];
  private size = 0;
  private readonly out: WriteStream;

  constructor(path: string) {
    this.out = createWriteStream(path);
  }

  async row(fields: readonly string[]): Promise<void> {
    const line = `${fields.map(csvField).join(",")}\n`;
    this.buffer.push(line);
    this.size += line.length;
    if (this.size >= 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = this.buffer.join("");
    this.buffer = [];
    this.size = 0;
    if (!this.out.write(chunk)) await new Promise<void>((resolve) => this.out.once("drain", resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) =>
      this.out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }

  destroy(): void {
    this.out.destroy();
  }
}

const hashingStream = (path: string, hash: Hash, hooks: ConvertHooks): Readable => {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      hooks.onBytes?.(bytes);
      callback(null, chunk);
    },
  });
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  source.on("error", (e) => counter.destroy(e));
  return source.pipe(counter);
};

/** The cell text of population-file.ts: strings as they are, null/missing "", else JSON. */
const jsonCell = (value: unknown): string =>
  value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value);

export const jsonlToCsv = async (path: string, outPath: string, hooks: ConvertHooks): Promise<Converted> => {
  const hash = createHash("sha256");
  const input = hashingStream(path, hash, hooks);
  const out = new CsvOut(outPath);
  let columns: string[] | undefined;
  try {
    let lineNo = 0;
    for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      lineNo += 1;
      if (hooks.signal?.aborted) throw cancelled();
      const record = parsePopulationJsonLine(path, lineNo, line);
      if (!record) continue;
      if (columns === undefined) {
        columns = Object.keys(record);
        await out.row(columns);
      }
      await out.row(columns.map((c) => jsonCell(record[c])));
    }
    await out.close();
  } catch (error) {
    out.destroy();
    input.destroy();
    throw error;
  }
  return { hash: hash.digest("hex"), columns: columns ?? [] };
};

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

const dateText = (d: Date): string => {
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const [h, m, s, ms] = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()];
  if (h === 0 && m === 0 && s === 0 && ms === 0) return date;
  return `${date}T${pad(h)}:${pad(m)}:${pad(s)}${ms === 0 ? "" : `.${pad(ms, 3)}`}`;
};

/** The text of one xlsx cell value as exceljs reads it. */
export const xlsxCell = (value: unknown): string => {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : dateText(value);
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return v.richText.map((r: { text?: unknown }) => String(r.text ?? "")).join("");
    if ("formula" in v || "sharedFormula" in v) return xlsxCell(v.result);
    if ("text" in v) return xlsxCell(v.text);
    if ("error" in v) return String(v.error);
  }
  return String(value);
};

export const xlsxToCsv = async (path: string, outPath: string, hooks: ConvertHooks): Promise<Converted> => {
  // The hash reads the file in order; the parser reads the zip entries reordered so shared strings
  // and styles come before the sheets (otherwise exceljs parks sheets in files of its own).
  const hash = createHash("sha256");
  const hashing = hashingStream(path, hash, hooks);
  const hashed = new Promise<void>((resolve, reject) => {
    hashing.on("error", reject);
    hashing.on("end", resolve);
    hashing.resume();
  });
  const out = new CsvOut(outPath);
  let columns: string[] | undefined;
  let width = 0;
  let dataRow = 0;
  let zip: Readable | undefined;
  try {
    zip = await orderedZipStream(path);
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(zip, {
      worksheets: "emit",
      sharedStrings: "cache",
      styles: "cache",
      hyperlinks: "ignore",
      entries: "ignore",
    });
    // A workbook without shared strings would also make exceljs park its sheets in temp files.
    (reader as unknown as { sharedStrings?: unknown[] }).sharedStrings ??= [];
    let sheet = 0;
    for await (const worksheet of reader) {
      sheet += 1;
      for await (const row of worksheet) {
        if (hooks.signal?.aborted) throw cancelled();
        if (sheet > 1) continue;
        // row.values is sparse and 1-based; Array.from turns its holes into "".
        const values = Array.from((Array.isArray(row.values) ? row.values : []).slice(1), xlsxCell);
        if (values.every((v) => v === "")) continue;
        if (columns === undefined) {
          columns = values.map((v) => v.trim());
          width = columns.length;
          await out.row(columns);
          continue;
        }
        dataRow += 1;
        if (values.length > width && values.slice(width).some((v) => v !== "")) {
          throw new AppError(
            "VALIDATION",
            `population file ${path}: data row ${dataRow} (sheet row ${row.number}) has values beyond the ${width} header columns.`,
          );
        }
        await out.row(Array.from({ length: width }, (_, i) => values[i] ?? ""));
      }
    }
    await out.close();
    await hashed;
  } catch (error) {
    out.destroy();
    hashing.destroy();
    zip?.destroy();
    if (error instanceof AppError) throw error;
    throw new AppError(
      "VALIDATION",
      `population file ${path} is not a readable xlsx workbook: ${(error as Error).message}`,
    );
  }
  return { hash: hash.digest("hex"), columns: columns ?? [] };
};
