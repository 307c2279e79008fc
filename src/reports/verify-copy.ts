/**
 * Verification of a recipient's copy from the trust portal. A copy is the signed report followed by
 * one appended revision that draws the recipient's watermark (src/reports/watermark.ts). Appended
 * bytes are normally a failure (they could change what a page shows), so a copy is accepted only
 * when rebuilding the watermark from its own recorded parameters over the signed revision gives the
 * very same bytes: then the appended revision is exactly our watermark and nothing else.
 */
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from "pdf-lib";
import { AppError, isAppError } from "../core/errors.js";
import { type SignedPdfVerification, verifySignedPdf } from "./verify.js";
import { signedRevisionOf, watermarkPdf } from "./watermark.js";

export interface ReportCopyVerification extends SignedPdfVerification {
  /** Present when the file is a watermarked copy of the signed report. */
  readonly watermark: { readonly id: string; readonly recipient: string; readonly text: string } | null;
}

const infoText = (doc: PDFDocument, key: string): string | null => {
  const info = doc.context.lookup(doc.context.trailerInfo.Info);
  const value = info instanceof PDFDict ? info.get(PDFName.of(key)) : undefined;
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : null;
};

const notOurWatermark = (reason: string): AppError =>
  new AppError(
    "INTEGRITY",
    `${reason} The bytes after the signed revision are not a Fieldwork recipient watermark, so the file is not the report as issued.`,
  );

export const verifyReportCopy = async (bytes: Uint8Array): Promise<ReportCopyVerification> => {
  try {
    return { ...(await verifySignedPdf(bytes)), watermark: null };
  } catch (error) {
    if (!isAppError(error) || error.code !== "INTEGRITY" || !/bytes were appended/.test(error.message))
      throw error;
    const signed = signedRevisionOf(bytes);
    if (!signed) throw error;
    const verified = await verifySignedPdf(signed);
    let doc: PDFDocument;
    try {
      doc = await PDFDocument.load(bytes, { updateMetadata: false });
    } catch {
      throw notOurWatermark(error.message);
    }
    const id = infoText(doc, "FieldworkWatermark");
    const recipient = infoText(doc, "FieldworkRecipient");
    const text = infoText(doc, "FieldworkWatermarkText");
    if (id === null || recipient === null || text === null) throw notOurWatermark(error.message);
    const rebuilt = await watermarkPdf(signed, { text, watermarkId: id, recipient });
    if (Buffer.compare(Buffer.from(rebuilt), Buffer.from(bytes)) !== 0) throw notOurWatermark(error.message);
    return { ...verified, watermark: { id, recipient, text } };
  }
};
