/**
 * The engagement's exception list as an xlsx: one row per exception with its counts, cause,
 * management's latest response and remediation, and status. The auditors' classification is a
 * column only in the firm's copy (the client's view of an exception never shows it).
 */
import { addTableSheet, newWorkbook, type SheetColumn, workbookBuffer } from "./xlsx-style.js";

export interface ExceptionSheetRow {
  readonly ref: string;
  readonly controlCode: string;
  readonly controlTitle: string;
  readonly kind: string;
  readonly attributeId: string | null;
  readonly description: string;
  readonly deviations: number;
  readonly tested: number;
  readonly classification: string | null;
  readonly cause: string;
  readonly response: string | null;
  readonly remediation: string | null;
  readonly remediationDate: string | null;
  readonly status: string;
  readonly raisedAt: string;
}

export const EXCEPTIONS_SHEET = "Exceptions";

const columns = (withClassification: boolean): SheetColumn<ExceptionSheetRow>[] => [
  { header: "Ref", kind: "text", value: (x) => x.ref },
  { header: "Control", kind: "text", value: (x) => x.controlCode },
  { header: "Control title", kind: "text", value: (x) => x.controlTitle },
  { header: "Kind", kind: "text", value: (x) => x.kind },
  { header: "Attribute", kind: "text", value: (x) => x.attributeId },
  { header: "Description", kind: "long", value: (x) => x.description },
  { header: "Deviations", kind: "integer", value: (x) => x.deviations },
  { header: "Tested", kind: "integer", value: (x) => x.tested },
  { header: "Deviations of tested", kind: "text", value: (x) => `${x.deviations} of ${x.tested}` },
  ...(withClassification
    ? [
        {
          header: "Classification",
          kind: "text",
          value: (x) => x.classification,
        } satisfies SheetColumn<ExceptionSheetRow>,
      ]
    : []),
  { header: "Cause", kind: "long", value: (x) => x.cause },
  { header: "Management response", kind: "long", value: (x) => x.response },
  { header: "Remediation", kind: "long", value: (x) => x.remediation },
  { header: "Remediation date", kind: "date", value: (x) => x.remediationDate },
  { header: "Status", kind: "text", value: (x) => x.status },
  { header: "Raised", kind: "date", value: (x) => x.raisedAt },
];

export const writeExceptionsXlsx = async (
  rows: readonly ExceptionSheetRow[],
  meta: { readonly title: string; readonly now: Date; readonly withClassification: boolean },
): Promise<Buffer> => {
  const wb = newWorkbook(meta);
  addTableSheet(wb, EXCEPTIONS_SHEET, columns(meta.withClassification), rows);
  return workbookBuffer(wb);
};
