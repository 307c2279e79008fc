/**
 * Reading a request list file back: CSV or xlsx (told apart by content), into typed rows with every
 * problem named by row and column. The use-case resolves controls, people and references.
 */
import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { invalid } from "../../core/errors.js";
import {
  isCalendarDate,
  normaliseText,
  parseRef,
  parseRequestStatus,
  type RequestStatus,
  textProblem,
} from "../../core/evidence-requests.js";
import {
  COLUMN_LABELS,
  COLUMNS,
  type ColumnKey,
  EXPORT_HEADER,
  MAX_REQUEST_CHARS,
  MAX_ROWS,
  MAX_XLSX_UNPACKED_BYTES,
  quoted,
  unescapeCsv,
} from "./request-list.js";

/**
 * A data row read from a file. A field is undefined when its column is absent or its cell is
 * invalid (the error is in `errors`); null when the cell is empty.
 */
export interface ImportedRow {
  readonly row: number;
  /** The reference number (REQ-007 → 7), or null for a new request. */
  readonly ref: number | null | undefined;
  readonly control: string | null | undefined;
  readonly what: string | undefined;
  readonly periodStart: string | null | undefined;
  readonly periodEnd: string | null | undefined;
  readonly dueDate: string | null | undefined;
  /** Lower-cased e-mail address. */
  readonly assignee: string | null | undefined;
  readonly status: RequestStatus | null | undefined;
}

export interface CellError {
  readonly row: number;
  readonly column: string;
  readonly message: string;
}

export interface RequestListFile {
  readonly format: "csv" | "xlsx";
  /** The importable columns the file has; the others are left as they are on update. */
  readonly columns: readonly ImportedKey[];
  readonly rows: readonly ImportedRow[];
  readonly errors: readonly CellError[];
}

export const describeCellError = (e: CellError): string => `row ${e.row}, ${e.column}: ${e.message}`;

type RawCell =
  | { readonly kind: "empty" }
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "date"; readonly date: string }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "bad"; readonly message: string };

const EMPTY: RawCell = { kind: "empty" };
const text = (s: string): RawCell => (s.trim() === "" ? EMPTY : { kind: "text", text: s });

interface Sheet {
  readonly format: "csv" | "xlsx";
  readonly header: readonly string[];
  /** Data rows with their row number as a spreadsheet shows it (the header is row 1). */
  readonly rows: readonly { readonly row: number; readonly cells: readonly RawCell[] }[];
}

const isZip = (b: Buffer): boolean =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

const normaliseHeader = (s: string): string =>
  s
    .replace(/^\uFEFF/, "")
    .trim()
    .replace(/\s+/g, " ")
    .toLowerCase();

const columnFor = (header: string): ColumnKey | undefined => {
  const h = normaliseHeader(header);
  return COLUMNS.find((c) => c.label.toLowerCase() === h || (c.aliases as readonly string[]).includes(h))
    ?.key;
};

const columnLetter = (index: number): string => {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
};

/** The separator of the header line: Excel writes ; or tab in some locales. */
const detectDelimiter = (content: string): string => {
  const firstLine = content.split(/\r\n|\n|\r/, 1)[0] ?? "";
  const outsideQuotes = firstLine.replace(/"[^"]*"/g, "");
  const counts = [",", ";", "\t"].map((d) => [d, outsideQuotes.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ",";
};

const readCsv = (bytes: Buffer): Sheet => {
  let content: string;
  try {
    content = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw invalid("The file is neither an xlsx workbook nor UTF-8 text. Save it as CSV UTF-8 or as xlsx.");
  }
  let records: string[][];
  try {
    records = parseCsv(content, {
      bom: true,
      delimiter: detectDelimiter(content.replace(/^\uFEFF/, "")),
      relax_column_count: true,
      record_delimiter: ["\r\n", "\n", "\r"],
      skip_empty_lines: false,
    }) as string[][];
  } catch (error) {
    throw invalid(`The CSV file cannot be read: ${(error as Error).message}.`);
  }
  const [header, ...data] = records;
  return {
    format: "csv",
    header: header ?? [],
    rows: data.map((cells, i) => ({ row: i + 2, cells: cells.map((c) => text(unescapeCsv(c))) })),
  };
};

/** Sums the unpacked sizes a zip's central directory declares, or null when it has none. */
const declaredZipSize = (b: Buffer): number | null => {
  const floor = Math.max(0, b.length - 22 - 0xffff);
  for (let i = b.length - 22; i >= floor; i -= 1) {
    if (b.readUInt32LE(i) !== 0x06054b50) continue;
    const entries = b.readUInt16LE(i + 10);
    let p = b.readUInt32LE(i + 16);
    let total = 0;
    for (let k = 0; k < entries; k += 1) {
      if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50) return null;
      total += b.readUInt32LE(p + 24);
      p += 46 + b.readUInt16LE(p + 28) + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
    }
    return total;
  }
  return null;
};

const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

const richText = (v: { richText: readonly { text: string }[] }): string =>
  v.richText.map((r) => r.text).join("");

const fromExcel = (v: ExcelJS.CellValue): RawCell => {
  if (v === null || v === undefined) return EMPTY;
  if (typeof v === "string") return text(v);
  if (typeof v === "number") return { kind: "number", value: v };
  if (typeof v === "boolean") return text(v ? "TRUE" : "FALSE");
  if (v instanceof Date)
    return Number.isNaN(v.getTime())
      ? { kind: "bad", message: "is not a valid date" }
      : { kind: "date", date: isoDate(v) };
  if ("error" in v) return { kind: "bad", message: `is the spreadsheet error ${v.error}` };
  if ("richText" in v) return text(richText(v));
  if ("hyperlink" in v) {
    const t: unknown = v.text;
    if (typeof t === "string") return text(t);
    if (t && typeof t === "object" && "richText" in t)
      return text(richText(t as { richText: { text: string }[] }));
    return text(v.hyperlink.replace(/^mailto:/i, ""));
  }
  if ("formula" in v || "sharedFormula" in v) {
    const result = v.result;
    if (result === undefined) return { kind: "bad", message: "is a formula without a calculated value" };
    return fromExcel(result);
  }
  return { kind: "bad", message: "cannot be read" };
};

const readXlsx = async (bytes: Buffer): Promise<Sheet> => {
  const unpacked = declaredZipSize(bytes);
  if (unpacked !== null && unpacked > MAX_XLSX_UNPACKED_BYTES) {
    throw invalid("The xlsx workbook unpacks to more than 64 MB; split the request list into smaller files.");
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw invalid(`The file starts like an xlsx workbook but cannot be read (${reason.slice(0, 200)}).`);
  }
  const ws = wb.getWorksheet("Requests") ?? wb.worksheets[0];
  if (!ws) throw invalid("The xlsx workbook has no worksheet.");
  if (ws.actualRowCount > MAX_ROWS + 1) {
    throw invalid(`The request list has more than ${MAX_ROWS} rows; split it into smaller files.`);
  }
  // Only cells that hold something are visited: a sheet formatted down to row 1,048,576 or out to
  // column XFD costs nothing.
  const cellsOf = (row: ExcelJS.Row): RawCell[] => {
    const cells: RawCell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cells[column - 1] = fromExcel(cell.value);
    });
    return Array.from(cells, (c) => c ?? EMPTY);
  };
  const header = cellsOf(ws.getRow(1)).map((c) => (c.kind === "text" ? c.text : ""));
  const rows: { row: number; cells: RawCell[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n > 1) rows.push({ row: n, cells: cellsOf(row) });
  });
  return { format: "xlsx", header, rows };
};

const mapHeader = (header: readonly string[]): Map<ColumnKey, number> => {
  const map = new Map<ColumnKey, number>();
  const problems: string[] = [];
  header.forEach((h, index) => {
    const key = columnFor(h);
    if (!key) return;
    const first = map.get(key);
    if (first !== undefined) {
      problems.push(
        `the column ${COLUMN_LABELS[key]} appears twice (columns ${columnLetter(first)} and ${columnLetter(index)})`,
      );
    } else {
      map.set(key, index);
    }
  });
  if (!map.has("what")) {
    problems.push(
      `the first row must be the header with at least a Request column (the export's columns are: ${EXPORT_HEADER.join(", ")})`,
    );
  }
  if (problems.length > 0) {
    const message = `The request list cannot be imported: ${problems.join("; ")}.`;
    throw invalid(message, { errors: problems.map((p) => ({ row: 1, column: "header", message: p })) });
  }
  return map;
};

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const cellText = (cell: RawCell): Parsed<string | null> => {
  switch (cell.kind) {
    case "empty":
      return { ok: true, value: null };
    case "bad":
      return { ok: false, message: cell.message };
    case "date":
      return { ok: true, value: cell.date };
    case "number":
      return { ok: true, value: String(cell.value) };
    case "text": {
      const t = normaliseText(cell.text);
      if (t === "") return { ok: true, value: null };
      const problem = textProblem(t);
      return problem ? { ok: false, message: problem } : { ok: true, value: t };
    }
  }
};

const cellDate = (cell: RawCell): Parsed<string | null> => {
  if (cell.kind === "date") {
    return isCalendarDate(cell.date)
      ? { ok: true, value: cell.date }
      : { ok: false, message: `${quoted(cell.date)} is outside the years 1900 to 9999` };
  }
  if (cell.kind === "number")
    return { ok: false, message: `${cell.value} is a number, not a date (format the cell as a date)` };
  const t = cellText(cell);
  if (!t.ok || t.value === null) return t;
  return isCalendarDate(t.value)
    ? { ok: true, value: t.value }
    : { ok: false, message: `${quoted(t.value)} is not a date (use YYYY-MM-DD)` };
};

const withText =
  <T>(parse: (v: string) => Parsed<T>) =>
  (cell: RawCell): Parsed<T | null> => {
    const t = cellText(cell);
    return !t.ok || t.value === null ? (t as Parsed<null>) : parse(t.value);
  };

const PARSERS = {
  ref: withText<number>((v) => {
    const seq = parseRef(v);
    return seq === null
      ? {
          ok: false,
          message: `${quoted(v)} is not a reference like REQ-001 (leave it empty for a new request)`,
        }
      : { ok: true, value: seq };
  }),
  control: withText<string>((v) =>
    v.length > 100 ? { ok: false, message: `${quoted(v)} is not a control code` } : { ok: true, value: v },
  ),
  what: withText<string>((v) =>
    v.length > MAX_REQUEST_CHARS
      ? { ok: false, message: `is ${v.length} characters long; the limit is ${MAX_REQUEST_CHARS}` }
      : { ok: true, value: v },
  ),
  periodStart: cellDate,
  periodEnd: cellDate,
  dueDate: cellDate,
  assignee: withText<string>((v) =>
    /^[^\s@]+@[^\s@]+$/.test(v) && v.length <= 320
      ? { ok: true, value: v.toLowerCase() }
      : { ok: false, message: `${quoted(v)} is not an e-mail address` },
  ),
  status: withText<RequestStatus>((v) => {
    const s = parseRequestStatus(v);
    return s
      ? { ok: true, value: s }
      : { ok: false, message: `${quoted(v)} is not a status (Open, Submitted, Accepted or Returned)` };
  }),
} as const;

export type ImportedKey = keyof typeof PARSERS;
const IMPORTED = Object.keys(PARSERS) as ImportedKey[];

/**
 * Reads a CSV or xlsx request list (an xlsx is a zip: "PK\x03\x04"). Throws VALIDATION when the
 * file as a whole cannot be used (unreadable, no header, too many rows); otherwise returns every
 * row it could read and every cell error, so the caller reports them all at once.
 */
export const readRequestList = async (bytes: Buffer): Promise<RequestListFile> => {
  if (bytes.length === 0) throw invalid("The file is empty; send a CSV or xlsx request list.");
  const sheet = isZip(bytes) ? await readXlsx(bytes) : readCsv(bytes);
  const map = mapHeader(sheet.header);
  const known = new Set(map.values());
  const rows: ImportedRow[] = [];
  const errors: CellError[] = [];
  for (const { row, cells } of sheet.rows) {
    if (cells.every((c) => c.kind === "empty")) continue;
    if (rows.length === MAX_ROWS) {
      throw invalid(`The request list has more than ${MAX_ROWS} rows; split it into smaller files.`);
    }
    const field = <K extends ImportedKey>(key: K): ImportedRow[K] => {
      const index = map.get(key);
      if (index === undefined) return undefined;
      const parsed = PARSERS[key](cells[index] ?? EMPTY);
      if (parsed.ok) return parsed.value as ImportedRow[K];
      errors.push({ row, column: COLUMN_LABELS[key], message: parsed.message });
      return undefined;
    };
    let what = field("what");
    if (what === null) {
      errors.push({ row, column: COLUMN_LABELS.what, message: "is empty; say what is requested" });
      what = undefined;
    }
    const out: ImportedRow = {
      row,
      ref: field("ref"),
      control: field("control"),
      what,
      periodStart: field("periodStart"),
      periodEnd: field("periodEnd"),
      dueDate: field("dueDate"),
      assignee: field("assignee"),
      status: field("status"),
    };
    cells.forEach((c, index) => {
      if (c.kind !== "empty" && !known.has(index) && !sheet.header[index]?.trim()) {
        errors.push({ row, column: `column ${columnLetter(index)}`, message: "has a value but no header" });
      }
    });
    rows.push(out);
  }
  return { format: sheet.format, columns: IMPORTED.filter((k) => map.has(k)), rows, errors };
};
