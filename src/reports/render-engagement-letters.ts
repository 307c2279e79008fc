/**
 * Engagement letters and representation letters as PDFs, through the shared letter layout
 * (render-letter.ts) and pdfmake printer. An accepted letter is the letter's pages followed by the
 * acceptance record's page, in one file; the letter's own bytes stay stored beside it, and the record
 * names their SHA-256. Pure in effect: the same models give the same bytes.
 */
import { PDFDocument } from "pdf-lib";
import type { LetterModel } from "../core/bridge-letter.js";
import { renderLetterPdf } from "./render-letter.js";

/** The letter as generated and presented for acceptance. */
export const renderEngagementDocumentPdf = (model: LetterModel): Promise<Uint8Array> =>
  renderLetterPdf(model);

/** The accepted copy: the presented letter's pages, then the rendered acceptance record. */
export const appendAcceptanceRecord = async (
  letterPdf: Uint8Array,
  record: LetterModel,
): Promise<Uint8Array> => {
  const recordPdf = await renderLetterPdf(record);
  const [letter, page] = await Promise.all([
    PDFDocument.load(letterPdf, { updateMetadata: false }),
    PDFDocument.load(recordPdf, { updateMetadata: false }),
  ]);
  const copied = await letter.copyPages(page, page.getPageIndices());
  for (const p of copied) letter.addPage(p);
  letter.setSubject(`${letter.getSubject() ?? ""} (accepted; acceptance record appended)`.trim());
  letter.setModificationDate(new Date(record.meta.creationDate));
  return letter.save({ useObjectStreams: false });
};
