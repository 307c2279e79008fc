/**
 * The engagement's workpapers as an xlsx: a summary sheet (one row per workpaper with its
 * conclusion, exceptions and sign-offs) and one sheet per workpaper holding the items × attributes
 * grid as P (pass), F (fail) or N (not applicable), with the notes and the hashes of the evidence
 * relied on. A pure function of the model the use-case loads.
 */
import { addTableSheet, newWorkbook, type SheetColumn, workbookBuffer } from "./xlsx-style.js";

export interface WorkpaperSheetItem {
  readonly key: string;
  readonly label: string;
  readonly date: string | null;
}

export interface WorkpaperSheetResult {
  readonly itemKey: string;
  readonly attributeId: string;
  readonly result: string;
  readonly note: string;
  readonly evidenceSha256: string | null;
}

export interface WorkpaperSheet {
  readonly controlCode: string;
  readonly controlTitle: string;
  readonly status: string;
  readonly conclusion: string | null;
  readonly basis: string;
  readonly exceptionRefs: readonly string[];
  readonly itemsTested: number;
  readonly preparer: string | null;
  readonly preparedAt: string | null;
  readonly reviewer: string | null;
  readonly reviewedAt: string | null;
  readonly attributes: readonly { readonly id: string; readonly text: string }[];
  readonly items: readonly WorkpaperSheetItem[];
  readonly results: readonly WorkpaperSheetResult[];
}

export const RESULT_LETTERS: Readonly<Record<string, string>> = { pass: "P", fail: "F", na: "N" };
export const SUMMARY_SHEET = "Summary";

const summaryColumns: SheetColumn<WorkpaperSheet>[] = [
  { header: "Control", kind: "text", value: (w) => w.controlCode },
  { header: "Title", kind: "text", value: (w) => w.controlTitle },
  { header: "Status", kind: "text", value: (w) => w.status },
  { header: "Conclusion", kind: "text", value: (w) => w.conclusion },
  { header: "Basis", kind: "text", value: (w) => w.basis },
  { header: "Items tested", kind: "integer", value: (w) => w.itemsTested },
  { header: "Exceptions", kind: "integer", value: (w) => w.exceptionRefs.length },
  { header: "Exception refs", kind: "text", value: (w) => w.exceptionRefs.join(", ") },
  { header: "Preparer", kind: "text", value: (w) => w.preparer },
  { header: "Prepared", kind: "datetime", value: (w) => w.preparedAt },
  { header: "Reviewer", kind: "text", value: (w) => w.reviewer },
  { header: "Reviewed", kind: "datetime", value: (w) => w.reviewedAt },
];

interface GridRow {
  readonly item: WorkpaperSheetItem;
  readonly cells: ReadonlyMap<string, WorkpaperSheetResult>;
}

const gridColumns = (w: WorkpaperSheet): SheetColumn<GridRow>[] => [
  { header: "Item", kind: "text", value: (r) => r.item.label },
  { header: "Date", kind: "date", value: (r) => r.item.date },
  ...w.attributes.map(
    (a): SheetColumn<GridRow> => ({
      header: `${a.id} ${a.text}`,
      kind: "text",
      value: (r) => {
        const cell = r.cells.get(a.id);
        return cell ? (RESULT_LETTERS[cell.result] ?? cell.result) : null;
      },
    }),
  ),
  {
    header: "Notes",
    kind: "long",
    value: (r) =>
      w.attributes
        .map((a) => r.cells.get(a.id))
        .filter((c): c is WorkpaperSheetResult => c !== undefined && c.note.trim() !== "")
        .map((c) => `${c.attributeId}: ${c.note}`)
        .join("\n"),
  },
  {
    header: "Evidence SHA-256",
    kind: "long",
    value: (r) =>
      [
        ...new Set([...r.cells.values()].map((c) => c.evidenceSha256).filter((h): h is string => h !== null)),
      ].join("\n"),
  },
];

/** The grid rows of a workpaper: its items in order, each with its results by attribute. */
export const gridRows = (w: WorkpaperSheet): GridRow[] => {
  const byItem = new Map<string, Map<string, WorkpaperSheetResult>>();
  for (const r of w.results) {
    const cells = byItem.get(r.itemKey) ?? new Map<string, WorkpaperSheetResult>();
    cells.set(r.attributeId, r);
    byItem.set(r.itemKey, cells);
  }
  return w.items.map((item) => ({ item, cells: byItem.get(item.key) ?? new Map() }));
};

export const writeWorkpapersXlsx = async (
  workpapers: readonly WorkpaperSheet[],
  meta: { readonly title: string; readonly now: Date },
): Promise<Buffer> => {
  const wb = newWorkbook(meta);
  addTableSheet(wb, SUMMARY_SHEET, summaryColumns, workpapers);
  for (const w of workpapers) addTableSheet(wb, w.controlCode, gridColumns(w), gridRows(w));
  return workbookBuffer(wb);
};
