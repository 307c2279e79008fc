/**
 * Carrying the evidence manifest inside the report PDF: an embedded file named
 * "fieldwork-manifest.json" (so any PDF reader's attachments pane shows it) and the root hash as a
 * keyword "fieldwork-manifest-root:<hex>" in the document information (so `pdfinfo` shows it).
 * Both are written before signing, so the signature covers them.
 */
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  type PDFDocument,
  PDFDocument as PDFDocumentClass,
  PDFHexString,
  PDFName,
  type PDFObject,
  PDFRawStream,
  PDFString,
} from "pdf-lib";
import { AppError } from "../core/errors.js";
import { parseReportManifest, type ReportManifest } from "../core/report-manifest.js";

export const MANIFEST_FILE_NAME = "fieldwork-manifest.json";
export const MANIFEST_ROOT_KEYWORD = "fieldwork-manifest-root:";

/** The manifest as stored: stable key order and two-space indentation, so it is readable when opened. */
export const serializeManifest = (manifest: ReportManifest): string =>
  `${JSON.stringify(
    {
      format: manifest.format,
      engagementId: manifest.engagementId,
      reportVersion: manifest.reportVersion,
      root: manifest.root,
      items: manifest.items.map((i) => ({ kind: i.kind, id: i.id, sha256: i.sha256 })),
    },
    null,
    2,
  )}\n`;

/** Adds the manifest to a loaded document; `at` dates the attachment (no clock is read). */
export const embedManifest = async (doc: PDFDocument, manifest: ReportManifest, at: Date): Promise<void> => {
  if (findManifestStream(doc)) {
    throw new AppError("CONFLICT", "This PDF already carries a Fieldwork manifest; render the report again.");
  }
  await doc.attach(new TextEncoder().encode(serializeManifest(manifest)), MANIFEST_FILE_NAME, {
    mimeType: "application/json",
    description: "Fieldwork evidence manifest: the items this report relies on and their root hash",
    creationDate: at,
    modificationDate: at,
  });
  // Keep the renderer's keywords as written and add the root in the separator they use.
  const kept = (doc.getKeywords() ?? "").trim();
  const separator = kept.includes(";") ? "; " : " ";
  doc.setKeywords([
    [kept, `${MANIFEST_ROOT_KEYWORD}${manifest.root}`].filter((k) => k !== "").join(separator),
  ]);
};

const textOf = (o: PDFObject | undefined): string | null =>
  o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : null;

/** Walks the EmbeddedFiles name tree (flat /Names or nested /Kids) for our file's stream. */
const findManifestStream = (doc: PDFDocument): PDFRawStream | null => {
  const names = doc.catalog.lookupMaybe(PDFName.of("Names"), PDFDict);
  const root = names?.lookupMaybe(PDFName.of("EmbeddedFiles"), PDFDict);
  const visit = (node: PDFDict | undefined, depth: number): PDFRawStream | null => {
    if (!node || depth > 16) return null;
    const pairs = node.lookupMaybe(PDFName.of("Names"), PDFArray);
    if (pairs) {
      for (let i = 0; i + 1 < pairs.size(); i += 2) {
        if (textOf(pairs.lookup(i)) !== MANIFEST_FILE_NAME) continue;
        const spec = pairs.lookup(i + 1);
        const ef = spec instanceof PDFDict ? spec.lookupMaybe(PDFName.of("EF"), PDFDict) : undefined;
        const stream = ef?.lookup(PDFName.of("F"));
        if (stream instanceof PDFRawStream) return stream;
      }
    }
    const kids = node.lookupMaybe(PDFName.of("Kids"), PDFArray);
    for (let i = 0; kids && i < kids.size(); i++) {
      const found = visit(kids.lookupMaybe(i, PDFDict), depth + 1);
      if (found) return found;
    }
    return null;
  };
  return visit(root, 0);
};

const rootKeyword = (doc: PDFDocument): string | null => {
  const m = new RegExp(`${MANIFEST_ROOT_KEYWORD}([0-9a-f]*)`).exec(doc.getKeywords() ?? "");
  return m ? (m[1] ?? "") : null;
};

/**
 * Reads the manifest back. Null when the PDF carries none; INTEGRITY when it carries one that is
 * malformed, whose root does not match its items, or whose root differs from the keyword.
 */
export const extractManifest = async (pdf: Uint8Array): Promise<ReportManifest | null> => {
  let doc: PDFDocument;
  try {
    doc = await PDFDocumentClass.load(pdf, { updateMetadata: false, ignoreEncryption: true });
  } catch {
    throw new AppError("INTEGRITY", "The file could not be read as a PDF.");
  }
  const stream = findManifestStream(doc);
  const keyword = rootKeyword(doc);
  if (!stream) {
    if (keyword) {
      throw new AppError(
        "INTEGRITY",
        "The PDF names a manifest root but the manifest attachment is missing.",
      );
    }
    return null;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(decodePDFRawStream(stream).decode());
  } catch {
    throw new AppError("INTEGRITY", "The embedded manifest could not be decoded.");
  }
  const manifest = parseReportManifest(text);
  if (keyword !== manifest.root) {
    throw new AppError(
      "INTEGRITY",
      `The manifest root in the document keywords (${keyword ?? "none"}) differs from the embedded manifest's root ${manifest.root}.`,
    );
  }
  return manifest;
};
