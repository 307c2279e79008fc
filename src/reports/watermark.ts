/**
 * Watermarks a (signed) report for one recipient as an incremental update: the original bytes stay
 * untouched and new revisions of the page objects, a watermark content stream and a new document
 * information dictionary are appended with their own cross-reference section (/Prev pointing at the
 * original one). Rewriting the file would break the firm's signature, and re-signing is impossible
 * without the firm's key, so the copy keeps the signed revision intact: pdfsig reports the signature
 * valid for the revision it covers and says the whole document is not signed (the appended watermark).
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from "pdf-lib";
import { AppError } from "../core/errors.js";
import { pdfLiteral } from "./sign.js";

export interface WatermarkInput {
  /** The visible line, e.g. "Provided to Asha Rao <asha@acme.example>, Acme — WM-… — 2026-11-27". */
  readonly text: string;
  /** Stored in the metadata (Keywords and a FieldworkWatermark entry). */
  readonly watermarkId: string;
  readonly recipient: string;
}

const FONT_NAME = "FwWatermark";

/** WinAnsiEncoding bytes above 0x7F that are not Latin-1 (the standard font's encoding). */
const WIN_ANSI_EXTRA: Record<string, number> = {
  "\u2013": 0x96,
  "\u2014": 0x97,
  "\u2018": 0x91,
  "\u2019": 0x92,
  "\u201c": 0x93,
  "\u201d": 0x94,
  "\u2022": 0x95,
  "\u20ac": 0x80,
};

/** A literal string for text shown with the WinAnsi Helvetica; characters it lacks become "?". */
const winAnsiLiteral = (text: string): string =>
  [...text.normalize("NFC")]
    .map((ch) => {
      const extra = WIN_ANSI_EXTRA[ch];
      return extra === undefined ? pdfLiteral(ch) : `\\${extra.toString(8)}`;
    })
    .join("");

const lastStartXref = (bytes: Buffer): number => {
  const tail = bytes.subarray(Math.max(0, bytes.length - 2048)).toString("latin1");
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!m?.[1]) throw new AppError("VALIDATION", "The report PDF has no final cross-reference offset.");
  return Number(m[1]);
};

/** The content drawn after the page's own content: a pale band with the line at the bottom edge. */
const overlay = (text: string, width: number): string => {
  const size = 7;
  return [
    "Q q",
    "1 1 0.85 rg",
    `0 2 ${width.toFixed(2)} 11 re f`,
    "0.55 0.05 0.05 rg",
    "BT",
    `/${FONT_NAME} ${size} Tf`,
    "18 5 Td",
    `(${winAnsiLiteral(text)}) Tj`,
    "ET Q",
  ].join("\n");
};

const streamObject = (num: number, content: string): string =>
  `${num} 0 obj\n<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream\nendobj\n`;

/** The page's resources with our font added (copied inline; the shared original stays as it was). */
const resourcesWithFont = (doc: PDFDocument, page: PDFDict, fontRef: PDFRef): PDFDict => {
  const ctx = doc.context;
  const original = page.lookupMaybe(PDFName.of("Resources"), PDFDict);
  const resources = original ? original.clone(ctx) : ctx.obj({});
  const fonts = resources.lookupMaybe(PDFName.of("Font"), PDFDict);
  const fontDict = fonts ? fonts.clone(ctx) : ctx.obj({});
  fontDict.set(PDFName.of(FONT_NAME), fontRef);
  resources.set(PDFName.of("Font"), fontDict);
  return resources;
};

const contentsOf = (page: PDFDict): PDFRef[] => {
  const raw = page.get(PDFName.of("Contents"));
  if (raw instanceof PDFRef) return [raw];
  if (raw instanceof PDFArray) return raw.asArray().filter((o): o is PDFRef => o instanceof PDFRef);
  return [];
};

const infoEntries = (doc: PDFDocument, input: WatermarkInput): string => {
  const info = doc.context.lookupMaybe(doc.context.trailerInfo.Info, PDFDict);
  const kept: string[] = [];
  for (const [key, value] of info?.entries() ?? []) {
    if (["/Keywords", "/FieldworkWatermark", "/FieldworkRecipient"].includes(key.toString())) continue;
    kept.push(`${key.toString()} ${value.toString()}`);
  }
  const rawKeywords = info?.lookup(PDFName.of("Keywords"));
  const oldKeywords =
    rawKeywords instanceof PDFString || rawKeywords instanceof PDFHexString ? rawKeywords.decodeText() : "";
  const keywords = [oldKeywords, `watermark:${input.watermarkId}`].filter((k) => k !== "").join(" ");
  kept.push(`/Keywords (${pdfLiteral(keywords)})`);
  kept.push(`/FieldworkWatermark (${pdfLiteral(input.watermarkId)})`);
  kept.push(`/FieldworkRecipient (${pdfLiteral(input.recipient)})`);
  // The visible line too, so a verifier can rebuild the copy from the signed revision and compare.
  // (UTF-16 hex: the literal form would turn characters outside Latin-1, like the dash, into "?").
  kept.push(`/FieldworkWatermarkText ${PDFHexString.fromText(input.text).toString()}`);
  return `<<\n${kept.join("\n")}\n>>`;
};

/** The watermarked copy: the original bytes followed by one appended revision. */
export const watermarkPdf = async (pdf: Uint8Array, input: WatermarkInput): Promise<Uint8Array> => {
  const original = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(original, { updateMetadata: false });
  } catch {
    throw new AppError("INTEGRITY", "The stored report is not a readable PDF.");
  }
  const prev = lastStartXref(original);
  if (original.subarray(prev, prev + 4).toString("latin1") !== "xref") {
    // Issued reports are signed with a classic table (sign.ts saves without object streams); an
    // appended table may not chain onto a cross-reference stream.
    throw new AppError(
      "VALIDATION",
      "Only PDFs with a classic cross-reference table (as Fieldwork signs them) can be watermarked.",
    );
  }
  const trailer = doc.context.trailerInfo;
  if (trailer.Encrypt) throw new AppError("VALIDATION", "Encrypted PDFs cannot be watermarked.");
  if (!(trailer.Root instanceof PDFRef)) throw new AppError("VALIDATION", "The report PDF has no catalog.");
  let next = doc.context.largestObjectNumber + 1;
  const fontNum = next++;
  const prefixNum = next++;
  const objects: { num: number; gen: number; body: string }[] = [
    {
      num: fontNum,
      gen: 0,
      body: `${fontNum} 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>\nendobj\n`,
    },
    // Wraps the page's own content in q … Q so its graphics state cannot move our line.
    { num: prefixNum, gen: 0, body: streamObject(prefixNum, "q") },
  ];
  const fontRef = PDFRef.of(fontNum);
  for (const page of doc.getPages()) {
    const node = page.node.clone(doc.context);
    const overlayNum = next++;
    objects.push({
      num: overlayNum,
      gen: 0,
      body: streamObject(overlayNum, overlay(input.text, page.getWidth())),
    });
    node.set(
      PDFName.of("Contents"),
      doc.context.obj([PDFRef.of(prefixNum), ...contentsOf(page.node), PDFRef.of(overlayNum)]),
    );
    node.set(PDFName.of("Resources"), resourcesWithFont(doc, page.node, fontRef));
    // MediaBox may be inherited from the page tree; pin it so the new revision reads the same.
    node.set(PDFName.of("MediaBox"), page.node.MediaBox());
    const ref = page.ref;
    objects.push({
      num: ref.objectNumber,
      gen: ref.generationNumber,
      body: `${ref.objectNumber} ${ref.generationNumber} obj\n${node.toString()}\nendobj\n`,
    });
  }
  const infoNum = next++;
  objects.push({ num: infoNum, gen: 0, body: `${infoNum} 0 obj\n${infoEntries(doc, input)}\nendobj\n` });

  const parts: string[] = [];
  let offset = original.length + 1;
  const entries: { num: number; gen: number; at: number }[] = [];
  for (const o of objects) {
    entries.push({ num: o.num, gen: o.gen, at: offset });
    parts.push(o.body);
    offset += Buffer.byteLength(o.body, "latin1");
  }
  const xrefAt = offset;
  const xref = ["xref", "0 1", "0000000000 65535 f "];
  for (const e of [...entries].sort((a, b) => a.num - b.num)) {
    xref.push(`${e.num} 1`, `${String(e.at).padStart(10, "0")} ${String(e.gen).padStart(5, "0")} n `);
  }
  const id = trailer.ID ? ` /ID ${trailer.ID.toString()}` : "";
  const tail = `${xref.join("\n")}\ntrailer\n<< /Size ${next} /Root ${trailer.Root.toString()} /Info ${infoNum} 0 R /Prev ${prev}${id} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  const appended = Buffer.from(`\n${parts.join("")}${tail}`, "latin1");
  return new Uint8Array(Buffer.concat([original, appended]));
};

/**
 * The signed report inside a watermarked copy: the bytes up to the end of the last signed range,
 * which is where the appended watermark revision begins. Null when the file has no signature. The
 * verifier (or a recipient) can check that part as the firm issued it.
 */
export const signedRevisionOf = (pdf: Uint8Array): Uint8Array | null => {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString("latin1");
  let end: number | null = null;
  for (const m of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const covered = Number(m[3]) + Number(m[4]);
    end = end === null ? covered : Math.max(end, covered);
  }
  return end === null || end > pdf.length ? null : pdf.subarray(0, end);
};
