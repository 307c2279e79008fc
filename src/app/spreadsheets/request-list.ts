import { stringify } from "csv-stringify/sync";
import { REQUEST_STATUS_LABELS, type RequestStatus } from "../../core/evidence-requests.js";
import {
  addTableSheet,
  type CellValue,
  type ColumnKind,
  newWorkbook,
  type SheetColumn,
  workbookBuffer,
  XLSX_CONTENT_TYPE,
} from "./xlsx-style.js";

export const CSV_MEDIA_TYPE = "text/csv";
export const XLSX_MEDIA_TYPE = XLSX_CONTENT_TYPE;

/** Data rows a file may hold, and the size an xlsx may unpack to (a zip bomb is refused unread). */
export const MAX_ROWS = 5000;
export const MAX_XLSX_UNPACKED_BYTES = 64 * 1024 * 1024;
export const MAX_REQUEST_CHARS = 2000;

export const COLUMNS = [
  { key: "ref", label: "Ref", aliases: ["reference"] },
  { key: "control", label: "Control", aliases: [] },
  { key: "what", label: "Request", aliases: ["what"] },
  { key: "periodStart", label: "Period start", aliases: [] },
  { key: "periodEnd", label: "Period end", aliases: [] },
  { key: "dueDate", label: "Due date", aliases: ["due"] },
  { key: "assignee", label: "Assignee (email)", aliases: ["assignee", "assignee email"] },
  { key: "status", label: "Status", aliases: [] },
  { key: "evidenceCount", label: "Evidence count", aliases: [] },
  { key: "lastComment", label: "Last comment", aliases: [] },
] as const;

export type ColumnKey = (typeof COLUMNS)[number]["key"];
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

const XLSX_KINDS: Record<ColumnKey, ColumnKind> = {
  ref: "text",
  control: "text",
  what: "long",
  periodStart: "date",
  periodEnd: "date",
  dueDate: "date",
  assignee: "text",
  status: "text",
  evidenceCount: "integer",
  lastComment: "long",
};

const xlsxValue = (e: RequestListEntry, key: ColumnKey): CellValue =>
  key === "status" ? REQUEST_STATUS_LABELS[e.status] : e[key];

/** An xlsx workbook in the house style (xlsx-style.ts): real dates, frozen header, sized columns, autofilter. */
export const writeRequestListXlsx = async (
  entries: readonly RequestListEntry[],
  meta: { readonly title: string; readonly now: Date },
): Promise<Buffer> => {
  const wb = newWorkbook(meta);
  addTableSheet(
    wb,
    "Requests",
    COLUMNS.map(
      (c): SheetColumn<RequestListEntry> => ({
        header: c.label,
        kind: XLSX_KINDS[c.key],
        value: (e) => xlsxValue(e, c.key),
      }),
    ),
    entries,
  );
  return workbookBuffer(wb);
};
