import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { REQUEST_STATUS_LABELS, type RequestStatus } from "../../core/evidence-requests.js";

export const CSV_MEDIA_TYPE = "text/csv";
export const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Data rows a file may hold, and the size an xlsx may unpack to (a zip bomb is refused unread). */
export const MAX_ROWS = 5000;
export const MAX_XLSX_UNPACKED_BYTES = 64 * 1024 * 1024;
export const MAX_REQUEST_CHARS = 2000;

export const COLUMNS = [
  { key: "ref", label: "Ref", width: 10, aliases: ["reference"] },
  { key: "control", label: "Control", width: 12, aliases: [] },
  { key: "what", label: "Request", width: 60, aliases: ["what"] },
  { key: "periodStart", label: "Period start", width: 13, aliases: [] },
  { key: "periodEnd", label: "Period end", width: 13, aliases: [] },
  { key: "dueDate", label: "Due date", width: 13, aliases: ["due"] },
  { key: "assignee", label: "Assignee (email)", width: 32, aliases: ["assignee", "assignee email"] },
  { key: "status", label: "Status", width: 12, aliases: [] },
  { key: "evidenceCount", label: "Evidence count", width: 10, aliases: [] },
  { key: "lastComment", label: "Last comment", width: 50, aliases: [] },
] as const;

export type ColumnKey = (typeof COLUMNS)[number]["key"];
export const DATE_COLUMNS: readonly ColumnKey[] = ["periodStart", "periodEnd", "dueDate"];
export const COLUMN_LABELS = Object.fromEntries(COLUMNS.map((c) => [c.key, c.label])) as Record<
  ColumnKey,
  string
>;
export const EXPORT_HEADER: readonly string[] = COLUMNS.map((c) => c.label);

/** One request as a line of the list. */
export interface RequestListEntry {
  readonly ref: string;
  readonly control: string | null;
  readonly what: string;
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
  readonly dueDate: string | null;
  readonly assignee: string | null;
  readonly status: RequestStatus;
  readonly evidenceCount: number;
  readonly lastComment: string | null;
}

export const quoted = (s: string): string => `'${s.length > 60 ? `${s.slice(0, 57)}...` : s}'`;

// ----- writing -----

/**
 * A text cell starting with = + - @ would run as a formula when the CSV is opened in a spreadsheet
 * (CSV injection). Such cells get a leading apostrophe, which the importer takes off again; the rule
 * also escapes existing leading apostrophes, so the round trip is exact.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const escapeCsv = (s: string): string => (FORMULA_START.test(s) ? `'${s}` : s);
export const unescapeCsv = (s: string): string =>
  s.startsWith("'") && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s;

const entryCells = (e: RequestListEntry) => [
  e.ref,
  e.control,
  e.what,
  e.periodStart,
  e.periodEnd,
  e.dueDate,
  e.assignee,
  REQUEST_STATUS_LABELS[e.status],
  e.evidenceCount,
  e.lastComment,
];

/** UTF-8 with a byte-order mark (so Excel reads it as UTF-8), CRLF line ends (RFC 4180). */
export const writeRequestListCsv = (entries: readonly RequestListEntry[]): Buffer => {
  const records = [
    [...EXPORT_HEADER],
    ...entries.map((e) =>
      entryCells(e).map((v) => (v === null ? "" : typeof v === "number" ? String(v) : escapeCsv(v))),
    ),
  ];
  // Quote every cell holding a line break: readers split records on a lone \n as well.
  const csv = stringify(records, { record_delimiter: "\r\n", quoted_match: /[\r\n]/ });
  return Buffer.from(`\uFEFF${csv}`, "utf8");
};

const excelDate = (iso: string | null): Date | null => (iso ? new Date(`${iso}T00:00:00.000Z`) : null);

/** An xlsx workbook: real dates, frozen header row, sized columns and an autofilter. */
export const writeRequestListXlsx = async (
  entries: readonly RequestListEntry[],
  meta: { readonly title: string; readonly now: Date },
): Promise<Buffer> => {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Fieldwork";
  wb.title = meta.title;
  wb.created = meta.now;
  wb.modified = meta.now;
  const ws = wb.addWorksheet("Requests", { views: [{ state: "frozen", ySplit: 1, topLeftCell: "A2" }] });
  ws.columns = COLUMNS.map((c) => ({
    header: c.label,
    key: c.key,
    width: c.width,
    ...(DATE_COLUMNS.includes(c.key) ? { style: { numFmt: "yyyy-mm-dd" } } : {}),
    ...(c.key === "what" || c.key === "lastComment" ? { style: { alignment: { wrapText: true } } } : {}),
  }));
  for (const e of entries) {
    ws.addRow({
      ref: e.ref,
      control: e.control,
      what: e.what,
      periodStart: excelDate(e.periodStart),
      periodEnd: excelDate(e.periodEnd),
      dueDate: excelDate(e.dueDate),
      assignee: e.assignee,
      status: REQUEST_STATUS_LABELS[e.status],
      evidenceCount: e.evidenceCount,
      lastComment: e.lastComment,
    });
  }
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE9ECEF" } };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: entries.length + 1, column: COLUMNS.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
};
