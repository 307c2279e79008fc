/**
 * The one look of every xlsx Fieldwork writes: a bold, shaded header row that stays frozen, an
 * autofilter over the table, columns sized to their content within bounds, dates stored as real
 * Excel dates with a date format and counts stored as numbers. Exports describe their columns and
 * rows; this module lays them out, so a colleague opening any of our files finds the same thing.
 */
import ExcelJS from "exceljs";

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** How a column's values are stored and shown. */
export type ColumnKind =
  /** Short text on one line. */
  | "text"
  /** Long text: wrapped, width capped. */
  | "long"
  /** YYYY-MM-DD (or an ISO timestamp, of which the day is kept) → an Excel date. */
  | "date"
  /** ISO timestamp → an Excel date and time (UTC). */
  | "datetime"
  /** Whole numbers. */
  | "integer";

export type CellValue = string | number | null;

export interface SheetColumn<T> {
  readonly header: string;
  readonly kind: ColumnKind;
  readonly value: (row: T) => CellValue;
}

export const DATE_FORMAT = "yyyy-mm-dd";
export const DATETIME_FORMAT = "yyyy-mm-dd hh:mm";
const INTEGER_FORMAT = "0";
const HEADER_FILL = "FFE9ECEF";

/**
 * Width bounds in characters: narrow enough to stay readable, wide enough for a date; long text
 * starts wide, since it wraps and a narrow column of wrapped text is hard to read.
 */
const MIN_WIDTH: Record<ColumnKind, number> = { text: 8, long: 40, date: 12, datetime: 18, integer: 8 };
const MAX_WIDTH: Record<ColumnKind, number> = { text: 40, long: 60, date: 14, datetime: 18, integer: 14 };

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})/;

/** A calendar day as the Excel date of that day (midnight UTC, which Excel shows as the day). */
export const excelDay = (iso: string | null | undefined): Date | null => {
  const m = iso ? ISO_DAY.exec(iso) : null;
  if (!m) return null;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00.000Z`);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** An ISO timestamp as an Excel date-time (UTC, to the minute as shown). */
export const excelTimestamp = (iso: string | null | undefined): Date | null => {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
};

const typed = (kind: ColumnKind, v: CellValue): ExcelJS.CellValue => {
  if (v === null || v === "") return null;
  if (kind === "date") return typeof v === "string" ? excelDay(v) : v;
  if (kind === "datetime") return typeof v === "string" ? excelTimestamp(v) : v;
  if (kind === "integer") return typeof v === "number" ? v : Number.isFinite(Number(v)) ? Number(v) : v;
  return v;
};

const shownLength = (kind: ColumnKind, v: CellValue): number => {
  if (v === null) return 0;
  if (kind === "date") return DATE_FORMAT.length;
  if (kind === "datetime") return DATETIME_FORMAT.length;
  // The longest line counts: wrapped text breaks at its own line ends.
  return Math.max(
    ...String(v)
      .split(/\r?\n/)
      .map((l) => l.length),
  );
};

/** Column width from the header and the values, within the bounds of the column's kind. */
export const columnWidth = (header: string, kind: ColumnKind, values: readonly CellValue[]): number => {
  const longest = Math.max(header.length, ...values.map((v) => shownLength(kind, v)));
  return Math.min(MAX_WIDTH[kind], Math.max(MIN_WIDTH[kind], longest + 2));
};

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ], unique in the workbook (case-insensitive). */
export const sheetName = (wanted: string, taken: ReadonlySet<string>): string => {
  const base =
    wanted
      .replace(/[:\\/?*[\]]/g, "-")
      .replace(/^'+|'+$/g, "")
      .trim()
      .slice(0, 31) || "Sheet";
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const name = `${base.slice(0, 31 - suffix.length)}${suffix}`;
    if (!used.has(name.toLowerCase())) return name;
  }
};

export const newWorkbook = (meta: { readonly title: string; readonly now: Date }): ExcelJS.Workbook => {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Fieldwork";
  wb.title = meta.title;
  wb.created = meta.now;
  wb.modified = meta.now;
  return wb;
};

/** Styles the first row as the header: bold, shaded, frozen, with an autofilter over `rows` data rows. */
export const styleHeader = (ws: ExcelJS.Worksheet, columnCount: number, rows: number): void => {
  ws.views = [{ state: "frozen", ySplit: 1, xSplit: 0, topLeftCell: "A2" }];
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: HEADER_FILL } };
  // Long headers (a workpaper's attribute text) wrap inside the column's width rather than widen it.
  header.alignment = { vertical: "top", wrapText: true };
  if (columnCount > 0) {
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows + 1, column: columnCount } };
  }
};

const formatOf = (kind: ColumnKind): string | undefined =>
  kind === "date"
    ? DATE_FORMAT
    : kind === "datetime"
      ? DATETIME_FORMAT
      : kind === "integer"
        ? INTEGER_FORMAT
        : undefined;

/**
 * A sheet holding one table: the header row, one row per item, in the house style. Returns the sheet
 * so a caller can add notes below or adjust it.
 */
export const addTableSheet = <T>(
  wb: ExcelJS.Workbook,
  name: string,
  columns: readonly SheetColumn<T>[],
  rows: readonly T[],
): ExcelJS.Worksheet => {
  const ws = wb.addWorksheet(sheetName(name, new Set(wb.worksheets.map((w) => w.name))));
  const values = rows.map((r) => columns.map((c) => c.value(r)));
  ws.columns = columns.map((c, i) => {
    const numFmt = formatOf(c.kind);
    return {
      header: c.header,
      width: columnWidth(
        c.header,
        c.kind,
        values.map((v) => v[i] ?? null),
      ),
      style: {
        ...(numFmt ? { numFmt } : {}),
        alignment: c.kind === "long" ? { wrapText: true, vertical: "top" } : { vertical: "top" },
      },
    };
  });
  for (const v of values) ws.addRow(columns.map((c, i) => typed(c.kind, v[i] ?? null)));
  styleHeader(ws, columns.length, rows.length);
  return ws;
};

export const workbookBuffer = async (wb: ExcelJS.Workbook): Promise<Buffer> =>
  Buffer.from(await wb.xlsx.writeBuffer());
