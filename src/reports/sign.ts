/**
 * Signing a rendered report as PAdES baseline (SubFilter ETSI.CAdES.detached): pdf-lib adds the
 * signature field and an empty /Contents placeholder (and, if given, the evidence manifest),
 * @signpdf/signpdf fixes the /ByteRange and fills /Contents with the CMS from sign-cms.ts.
 * Deterministic: the only time is `signingTime`, which goes into /M and the document dates.
 */
import { pdflibAddPlaceholder } from "@signpdf/placeholder-pdf-lib";
import { SignPdf } from "@signpdf/signpdf";
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from "@signpdf/utils";
import { PDFDocument } from "pdf-lib";
import { AppError } from "../core/errors.js";
import type { ReportManifest } from "../core/report-manifest.js";
import {
  assertCertificateValidAt,
  identityFromPem,
  loadSigningIdentity,
  type SigningIdentity,
} from "./certificate.js";
import { embedManifest } from "./manifest.js";
import { buildCadesSignature } from "./sign-cms.js";

export type SignerInput =
  | { readonly p12: Uint8Array; readonly password: string }
  | { readonly keyPem: string; readonly certificatePem: string }
  | { readonly identity: SigningIdentity };

export interface SignOptions {
  readonly reason: string;
  readonly location: string;
  /** The signer's name as shown by PDF readers (the partner). */
  readonly name: string;
  readonly contactInfo?: string;
  readonly signingTime: Date;
  /** Embedded before signing, so the signature covers it. */
  readonly manifest?: ReportManifest;
}

/** Room for the CMS: a 3072-bit signature, a chain of a few certificates and the attributes. */
const SIGNATURE_BYTES = 16_384;

/**
 * pdf-lib writes PDFString text as given, without escaping, one byte per character. Escape the
 * delimiters and write Latin-1 (which PDFDocEncoding shares above 0xA0) as octal escapes; other
 * characters have no single-byte form there and become "?".
 */
export const pdfLiteral = (text: string): string =>
  [...text.normalize("NFC")]
    .map((ch) => {
      const c = ch.codePointAt(0) ?? 0x3f;
      if (ch === "\\" || ch === "(" || ch === ")") return `\\${ch}`;
      if (c >= 0x20 && c < 0x7f) return ch;
      if (c >= 0xa0 && c <= 0xff) return `\\${c.toString(8).padStart(3, "0")}`;
      return "?";
    })
    .join("");

class CadesSigner extends Signer {
  constructor(private readonly identity: SigningIdentity) {
    super();
  }
  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    return buildCadesSignature(pdfBuffer, this.identity);
  }
}

const resolveIdentity = (signer: SignerInput, at: Date): SigningIdentity => {
  if ("identity" in signer) {
    assertCertificateValidAt(signer.identity.certificate, at);
    return signer.identity;
  }
  if ("p12" in signer) return loadSigningIdentity(signer.p12, signer.password, at);
  return identityFromPem(signer.keyPem, signer.certificatePem, at);
};

export const signPdf = async (
  pdf: Uint8Array,
  signer: SignerInput,
  options: SignOptions,
): Promise<Uint8Array> => {
  const at = options.signingTime;
  if (Number.isNaN(at.getTime())) throw new AppError("VALIDATION", "The signing time is not a valid date.");
  for (const [field, value] of [
    ["reason", options.reason],
    ["location", options.location],
    ["name", options.name],
  ] as const) {
    if (value.trim() === "") throw new AppError("VALIDATION", `The signature ${field} must not be empty.`);
  }
  if (Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).includes("/ByteRange")) {
    // Re-saving with pdf-lib rewrites the file and would break the signature already in it.
    throw new AppError(
      "CONFLICT",
      "The document is already signed; sign the freshly rendered report instead.",
    );
  }
  const identity = resolveIdentity(signer, at);
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
  } catch {
    throw new AppError("VALIDATION", "The document to sign is not a readable PDF.");
  }
  if (doc.getPageCount() === 0) throw new AppError("VALIDATION", "The document to sign has no pages.");
  if (options.manifest) await embedManifest(doc, options.manifest, at);
  doc.setModificationDate(at);
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: pdfLiteral(options.reason),
    location: pdfLiteral(options.location),
    name: pdfLiteral(options.name),
    contactInfo: pdfLiteral(options.contactInfo ?? ""),
    signingTime: at,
    signatureLength: SIGNATURE_BYTES,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: "Fieldwork",
  });
  // No object streams: the signature dictionary and field stay plain objects any verifier can find.
  const prepared = await doc.save({ useObjectStreams: false });
  const signed = await new SignPdf().sign(Buffer.from(prepared), new CadesSigner(identity), at);
  return new Uint8Array(signed.buffer, signed.byteOffset, signed.byteLength);
};
