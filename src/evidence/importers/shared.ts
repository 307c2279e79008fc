/**
 * Helpers every importer shares: reading bytes as text, JSON with paths in its errors, CSV with line
 * numbers in its errors, dates, parameters and the guard that turns any stray exception into
 * AppError("VALIDATION"). Pure: no I/O, no clock.
 */
import { parse as parseCsvSync } from "csv-parse/sync";
import { AppError, invalid } from "../../core/errors.js";
import type { ImportCheck, ImportOptions } from "./types.js";

/** At most this many rows are listed behind a check; the message always carries the full count. */
export const MAX_FINDINGS = 250;

export type Finding = Record<string, string | number | boolean | null>;

/** Runs an importer body; anything that is not an AppError becomes a VALIDATION error (marked `unexpected`). */
export const guard = <T>(label: string, run: () => T): T => {
  try {
    return run();
  } catch (error) {
    if (error instanceof AppError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError("VALIDATION", `${label}: the file could not be read (${reason}).`, {
      unexpected: true,
    });
  }
};

export const requireInput = (
  inputs: Readonly<Record<string, Buffer>>,
  name: string,
  label: string,
): Buffer => {
  const buffer = inputs[name];
  if (buffer === undefined) throw invalid(`${label}: the input "${name}" is missing.`, { input: name });
  if (!Buffer.isBuffer(buffer))
    throw invalid(`${label}: the input "${name}" is not a file.`, { input: name });
  return buffer;
};

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Bytes to text: UTF-8 (a BOM is dropped) or UTF-16 with a BOM (Excel's "Unicode text"). Rejects empty
 * files, invalid UTF-8 and NUL bytes (binary files) with a message naming `what`.
 */
export const decodeText = (bytes: Buffer, what: string): string => {
  if (bytes.length === 0) throw invalid(`${what} is empty.`);
  let text: string;
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = new TextDecoder("utf-16le").decode(bytes.subarray(2));
  } else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)));
    text = new TextDecoder("utf-16le").decode(body.swap16());
  } else {
    try {
      text = utf8.decode(bytes);
    } catch {
      throw invalid(`${what} is not UTF-8 text (is it a binary file or another encoding?).`);
    }
  }
  const nul = text.indexOf("\u0000");
  if (nul >= 0)
    throw invalid(`${what} contains a NUL character at offset ${nul}; it looks like a binary file.`);
  if (text.trim() === "") throw invalid(`${what} is empty.`);
  return text;
};

// ---------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------

export type JsonObject = Record<string, unknown>;

const lineAndColumn = (text: string, position: number): { line: number; column: number } => {
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastBreak = i;
    }
  }
  return { line, column: position - lastBreak };
};

type ScanState = "value" | "valueOrClose" | "afterValue" | "key" | "keyOrClose" | "colon" | "end";
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ["true", "false", "null"] as const;

/**
 * The offset of the first JSON syntax error in `text` (text.length when the text ends early), or -1
 * when none is found. Only run after JSON.parse failed: V8's messages often carry no position.
 */
export const jsonErrorOffset = (text: string): number => {
  const n = text.length;
  const stack: string[] = [];
  let i = 0;
  let state: ScanState = "value";
  const settle = (): ScanState => (stack.length === 0 ? "end" : "afterValue");
  const string = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c === 92) {
        const e = text[i + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else return false;
        continue;
      }
      if (c < 0x20) return false;
      i++;
    }
    return false;
  };
  for (;;) {
    while (i < n && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
    if (state === "end") return i < n ? i : -1;
    if (i >= n) return n;
    const c = text[i];
    if (state === "value" || state === "valueOrClose") {
      if (state === "valueOrClose" && c === "]") {
        stack.pop();
        i++;
        state = settle();
      } else if (c === "{" || c === "[") {
        stack.push(c);
        i++;
        state = c === "{" ? "keyOrClose" : "valueOrClose";
      } else if (c === '"') {
        if (!string()) return Math.min(i, n);
        state = settle();
      } else {
        const literal = LITERALS.find((l) => text.startsWith(l, i));
        NUMBER.lastIndex = i;
        const number = literal === undefined ? NUMBER.exec(text) : null;
        const length = literal?.length ?? number?.[0].length ?? 0;
        if (length === 0) {
          // Point at the first character that breaks a literal ("nope" → the "o"), as V8 does.
          let common = 0;
          for (const l of LITERALS) {
            let k = 0;
            while (k < l.length && text[i + k] === l[k]) k++;
            common = Math.max(common, k);
          }
          return i + common;
        }
        i += length;
        state = settle();
      }
    } else if (state === "afterValue") {
      const top = stack[stack.length - 1];
      if (c === ",") {
        i++;
        state = top === "{" ? "key" : "value";
      } else if ((c === "}" && top === "{") || (c === "]" && top === "[")) {
        stack.pop();
        i++;
        state = settle();
      } else return i;
    } else if (state === "key" || state === "keyOrClose") {
      if (state === "keyOrClose" && c === "}") {
        stack.pop();
        i++;
        state = settle();
      } else if (c === '"') {
        if (!string()) return Math.min(i, n);
        state = "colon";
      } else return i;
    } else if (c === ":") {
      i++;
      state = "value";
    } else return i;
  }
};

/** JSON.parse with an error naming the line and column (or "cut short" when the input ends early). */
export const parseJson = (text: string, what: string): unknown => {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error))
      .replace(/,? (?:"|\.\.\.").*$/s, "")
      .replace(/ (?:in JSON )?at position \d+.*$/s, "");
    const offset = jsonErrorOffset(text);
    if (offset >= text.trimEnd().length) {
      const line = text.trimEnd().split("\n").length;
      throw invalid(`${what}: invalid JSON, the input ends early at line ${line} (is the file cut short?).`, {
        line,
      });
    }
    if (offset >= 0) {
      const { line, column } = lineAndColumn(text, offset);
      throw invalid(`${what}: invalid JSON at line ${line}, column ${column} (${clip(reason, 80)}).`, {
        line,
        column,
      });
    }
    throw invalid(`${what}: invalid JSON (${clip(reason, 80)}).`);
  }
};

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const kind = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;

export const expectObject = (value: unknown, path: string, what: string): JsonObject => {
  if (!isObject(value)) throw invalid(`${what}: ${path} must be an object, found ${kind(value)}.`, { path });
  return value;
};

export const expectArray = (value: unknown, path: string, what: string): readonly unknown[] => {
  if (!Array.isArray(value))
    throw invalid(`${what}: ${path} must be an array, found ${kind(value)}.`, { path });
  return value;
};

/** An optional array: absent or null give []. */
export const optArray = (obj: JsonObject, key: string, path: string, what: string): readonly unknown[] => {
  const value = obj[key];
  if (value === undefined || value === null) return [];
  return expectArray(value, `${path}.${key}`, what);
};

export const optString = (obj: JsonObject, key: string, path: string, what: string): string | null => {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") {
    throw invalid(`${what}: ${path}.${key} must be a string, found ${kind(value)}.`, {
      path: `${path}.${key}`,
    });
  }
  return value;
};

export const reqString = (obj: JsonObject, key: string, path: string, what: string): string => {
  const value = optString(obj, key, path, what);
  if (value === null) throw invalid(`${what}: ${path}.${key} is missing.`, { path: `${path}.${key}` });
  return value;
};

export const optBoolean = (obj: JsonObject, key: string, path: string, what: string): boolean | null => {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== "boolean") {
    throw invalid(`${what}: ${path}.${key} must be true or false, found ${kind(value)}.`, {
      path: `${path}.${key}`,
    });
  }
  return value;
};

export const optInteger = (obj: JsonObject, key: string, path: string, what: string): number | null => {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw invalid(`${what}: ${path}.${key} must be a whole number, found ${kind(value)}.`, {
      path: `${path}.${key}`,
    });
  }
  return value;
};

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

export interface CsvRow {
  /** 1-based line of the file where the record ends (the line of a one-line record). */
  readonly line: number;
  readonly values: readonly string[];
}

export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
}

interface CsvErrorLike {
  code?: unknown;
  lines?: unknown;
  record?: unknown;
  message: string;
}

const csvErrorMessage = (error: CsvErrorLike, what: string): AppError => {
  const line = typeof error.lines === "number" ? error.lines : null;
  const where = line === null ? what : `${what}, line ${line}`;
  switch (error.code) {
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
    case "CSV_RECORD_INCONSISTENT_COLUMNS": {
      const expected = /expect (\d+)|columns length is (\d+)/.exec(error.message);
      const count = expected?.[1] ?? expected?.[2] ?? "?";
      const found = Array.isArray(error.record) ? error.record.length : "?";
      return invalid(
        `${where}: expected ${count} columns, found ${found} (is the line cut short or a value unquoted?).`,
        { line },
      );
    }
    case "CSV_QUOTE_NOT_CLOSED":
      return invalid(`${where}: a quoted value is never closed (is the file cut short?).`, { line });
    case "INVALID_OPENING_QUOTE":
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return invalid(`${where}: a quote (") is misplaced inside a value.`, { line });
    default:
      return invalid(`${where}: the CSV could not be read (${error.message}).`, { line });
  }
};

/**
 * Header-aware CSV: the first record is the header; every record must have as many columns
 * (csv-parse with relax_column_count false). Empty lines are skipped; the header must not be empty.
 */
export const parseCsv = (text: string, what: string): CsvTable => {
  const lines: number[] = [];
  let records: string[][];
  try {
    records = parseCsvSync(text, {
      columns: false,
      bom: true,
      relax_column_count: false,
      relax_quotes: false,
      skip_empty_lines: true,
      on_record: (record: string[], context: { lines: number }) => {
        lines.push(context.lines);
        return record;
      },
    });
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const csvError = error as CsvErrorLike;
    if (csvError.code === "CSV_QUOTE_NOT_CLOSED") {
      // csv-parse reports the last line; name the line where the unclosed record starts instead.
      const texts = text.split(/\r\n|\n|\r/);
      let start = lines[lines.length - 1] ?? 0;
      while (start < texts.length - 1 && (texts[start] ?? "").trim() === "") start++;
      csvError.lines = start + 1;
    }
    throw csvErrorMessage(csvError, what);
  }
  const first = records[0];
  const firstLine = lines[0] ?? 1;
  if (first === undefined) throw invalid(`${what} is empty.`);
  const header = first.map((h) => h.trim());
  if (header.every((h) => h === "")) throw invalid(`${what}, line ${firstLine}: the header row is empty.`);
  return {
    header,
    rows: records.slice(1).map((values, i) => ({ line: lines[i + 1] ?? 0, values })),
  };
};

/** Lower case, drop bracketed notes ("Status [READ ONLY]") and everything but letters and digits. */
export const normalizeHeader = (name: string): string =>
  name
    .toLowerCase()
    .replace(/\[[^\]]*\]|\([^)]*\)/g, "")
    .replace(/[^a-z0-9]/g, "");

/** The index of the first column whose normalized name is one of `aliases` (already normalized). */
export const findColumn = (header: readonly string[], aliases: readonly string[]): number | null => {
  const normalized = header.map(normalizeHeader);
  for (const alias of aliases) {
    const index = normalized.indexOf(alias);
    if (index >= 0) return index;
  }
  return null;
};

export const cell = (row: CsvRow, index: number | null): string =>
  index === null ? "" : (row.values[index] ?? "").trim();

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

/** Values that mean "no date" in the exports we read (AWS: N/A, no_information, not_supported). */
const NO_DATE = new Set([
  "",
  "n/a",
  "na",
  "no_information",
  "not_supported",
  "null",
  "none",
  "-",
  "--",
  "never",
]);

export const isNoValue = (raw: string): boolean => NO_DATE.has(raw.trim().toLowerCase());

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(am|pm)?\s*(z|utc|gmt)?$/i;
const SLASH = /^(\d{1,4})[/.](\d{1,2})[/.](\d{1,4})$/;
const DAY_MONTH = /^(\d{1,2})[ -]([a-z]{3})[a-z]*\.?[ ,-]*(\d{4})$/i;
const MONTH_DAY = /^([a-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})$/i;

const build = (
  y: number,
  mo: number,
  d: number,
  h = 0,
  mi = 0,
  s = 0,
  ms = 0,
  offsetMinutes = 0,
): Date | null => {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms) - offsetMinutes * 60_000);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null; // 2024-02-30
  if (Number.isNaN(date.getTime())) return null;
  return date;
};

export type SlashOrder = "mdy" | "dmy";

const parseTime = (raw: string | undefined): [number, number, number] | null => {
  if (raw === undefined || raw.trim() === "") return [0, 0, 0];
  const m = TIME.exec(raw.trim());
  if (m === null) return null;
  let h = Number(m[1]);
  const meridiem = m[4]?.toLowerCase();
  if (meridiem !== undefined) {
    if (h < 1 || h > 12) return null;
    if (meridiem === "pm" && h !== 12) h += 12;
    if (meridiem === "am" && h === 12) h = 0;
  }
  return [h, Number(m[2]), Number(m[3] ?? 0)];
};

/**
 * Parses a date or timestamp. Returns null for "no date" values (N/A, no_information, not_supported,
 * empty…), undefined when the text is not a date we understand, and "ambiguous" for a slash date such
 * as 03/04/2024 when no order is given. Accepted: ISO 8601 (date, date-time with Z, +00:00, +0000 or no
 * zone = UTC, any number of fraction digits), YYYY/MM/DD, DD/MM/YYYY or MM/DD/YYYY (order by `slashOrder`
 * or by a part above 12), "10 May 2024", "10-May-2024", "May 10, 2024", each optionally followed by a time.
 */
export const parseDateText = (
  raw: string,
  slashOrder?: SlashOrder,
): Date | null | undefined | "ambiguous" => {
  const text = raw.trim();
  if (isNoValue(text)) return null;
  const iso = ISO.exec(text);
  if (iso !== null) {
    const [, y, mo, d, h, mi, s, frac, zone] = iso;
    let offset = 0;
    if (zone !== undefined && /^[+-]/.test(zone)) {
      const digits = zone.slice(1).replace(":", "");
      const oh = Number(digits.slice(0, 2));
      const om = Number(digits.slice(2, 4) || "0");
      if (oh > 23 || om > 59) return undefined;
      offset = (zone.startsWith("-") ? -1 : 1) * (oh * 60 + om);
    }
    const ms = frac === undefined ? 0 : Number(`${frac}00`.slice(0, 3));
    return (
      build(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms, offset) ??
      undefined
    );
  }
  // Other layouts: a date part, then an optional time separated by a space or "T".
  const split = /^(.+?\d{4}|\d{4}[/.]\d{1,2}[/.]\d{1,2})(?:[ T,]+(.+))?$/.exec(text);
  if (split === null) return undefined;
  const time = parseTime(split[2]);
  if (time === null) return undefined;
  const datePart = split[1] ?? "";
  let y: number;
  let mo: number;
  let d: number;
  const slash = SLASH.exec(datePart);
  const dayMonth = DAY_MONTH.exec(datePart);
  const monthDay = MONTH_DAY.exec(datePart);
  if (slash !== null) {
    const a = Number(slash[1]);
    const b = Number(slash[2]);
    const c = Number(slash[3]);
    if ((slash[1] ?? "").length === 4) {
      [y, mo, d] = [a, b, c];
    } else if ((slash[3] ?? "").length === 4) {
      y = c;
      const order: SlashOrder | "ambiguous" =
        slashOrder ?? (a > 12 && b <= 12 ? "dmy" : b > 12 && a <= 12 ? "mdy" : a === b ? "mdy" : "ambiguous");
      if (order === "ambiguous") return "ambiguous";
      [mo, d] = order === "mdy" ? [a, b] : [b, a];
    } else {
      return undefined;
    }
  } else if (dayMonth !== null) {
    const month = MONTHS[(dayMonth[2] ?? "").toLowerCase()];
    if (month === undefined) return undefined;
    [y, mo, d] = [Number(dayMonth[3]), month, Number(dayMonth[1])];
  } else if (monthDay !== null) {
    const month = MONTHS[(monthDay[1] ?? "").toLowerCase()];
    if (month === undefined) return undefined;
    [y, mo, d] = [Number(monthDay[3]), month, Number(monthDay[2])];
  } else {
    return undefined;
  }
  return build(y, mo, d, time[0], time[1], time[2]) ?? undefined;
};

/** parseDateText that throws VALIDATION naming `where` (a line and column, or a JSON path). */
export const parseDate = (raw: string, where: string, slashOrder?: SlashOrder): Date | null => {
  const parsed = parseDateText(raw, slashOrder);
  if (parsed === "ambiguous") {
    throw invalid(
      `${where}: the date "${raw}" is ambiguous (day/month or month/day?); set the parameter dateOrder to "mdy" or "dmy".`,
      { where },
    );
  }
  if (parsed === undefined) {
    throw invalid(
      `${where}: "${clip(raw)}" is not a date (expected e.g. 2024-03-01 or 2024-03-01T12:00:00Z).`,
      { where },
    );
  }
  return parsed;
};

export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

const DAY_MS = 86_400_000;

/** Difference in calendar days (UTC) from `from`'s date to `to`'s date. */
export const calendarDaysBetween = (from: Date, to: Date): number =>
  Math.floor(to.getTime() / DAY_MS) - Math.floor(from.getTime() / DAY_MS);

export const clip = (text: string, max = 60): string => (text.length > max ? `${text.slice(0, max)}…` : text);

// ---------------------------------------------------------------------------------------------
// Parameters, checks
// ---------------------------------------------------------------------------------------------

/** A whole-number parameter ≥ 0 (a number or a string of digits); `fallback` when absent. */
export const intParam = (options: ImportOptions, name: string, fallback: number, label: string): number => {
  const value = options.params?.[name];
  if (value === undefined) return fallback;
  const n = typeof value === "number" ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 0) {
    throw invalid(`${label}: the parameter ${name} must be a whole number ≥ 0, found "${String(value)}".`, {
      param: name,
    });
  }
  return n;
};

export const stringParam = <T extends string>(
  options: ImportOptions,
  name: string,
  allowed: readonly T[],
  label: string,
): T | undefined => {
  const value = options.params?.[name];
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a === String(value).trim().toLowerCase());
  if (found === undefined) {
    throw invalid(
      `${label}: the parameter ${name} must be one of ${allowed.join(", ")}, found "${String(value)}".`,
      {
        param: name,
      },
    );
  }
  return found;
};

/** Keeps the first MAX_FINDINGS rows. */
export const cap = (findings: readonly Finding[]): Finding[] => findings.slice(0, MAX_FINDINGS);

export const listedNote = (count: number): string =>
  count > MAX_FINDINGS ? ` (first ${MAX_FINDINGS} listed)` : "";

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The control ids behind the checks, deduplicated, in the order of the map. */
export const controlsFor = (
  map: Readonly<Record<string, readonly string[]>>,
  checks: readonly ImportCheck[],
): string[] => {
  const ids = new Set<string>();
  for (const [checkId, controls] of Object.entries(map)) {
    if (checks.some((c) => c.id === checkId)) for (const c of controls) ids.add(c);
  }
  return [...ids];
};
