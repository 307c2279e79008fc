/**
 * Verifying a signed report without trusting anything but the file: find the signature
 * dictionary, check that its /ByteRange covers the whole file except the /Contents hex, recompute
 * the digest, verify the CMS (verify-cms.ts), and read the embedded manifest. Every problem is an
 * AppError INTEGRITY whose message names the reason; a valid file returns what a reader should see.
 * Trust in the certificate (a CA chain) is not judged here: the report names the signer and the
 * certificate's fingerprint, which the firm publishes.
 */
import { createHash } from "node:crypto";
import { AppError } from "../core/errors.js";
import type { ReportManifest } from "../core/report-manifest.js";
import { certificateFingerprint, certificateSubject } from "./certificate.js";
import { extractManifest } from "./manifest.js";
import { verifyCmsSignature } from "./verify-cms.js";

export interface SignedPdfVerification {
  readonly status: "valid";
  readonly signer: {
    readonly name: string | null;
    readonly organization: string | null;
    readonly serial: string;
    /** SHA-256 of the certificate (DER), lowercase hex. */
    readonly fingerprint: string;
    readonly notBefore: string;
    readonly notAfter: string;
  };
  /** The signing time claimed in the signature dictionary (/M), ISO-8601 UTC; null when absent. */
  readonly signingTime: string | null;
  readonly reason: string | null;
  readonly location: string | null;
  readonly subFilter: string | null;
  /** SHA-256 of the whole file, as `sha256sum` prints it. */
  readonly documentSha256: string;
  readonly byteRange: readonly [number, number, number, number];
  readonly byteRangeCoversWholeFile: boolean;
  readonly signatureCount: number;
  readonly manifest: ReportManifest | null;
}

const integrity = (message: string): AppError => new AppError("INTEGRITY", message);

/** Reads a PDF literal string starting at `open` (the "("), honouring escapes and nesting. */
const readLiteral = (text: string, open: number): string => {
  let out = "";
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === "\\") {
      const next = text[i + 1] ?? "";
      const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4));
      if (octal) {
        out += String.fromCharCode(Number.parseInt(octal[0], 8));
        i += octal[0].length;
      } else {
        out += ({ n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" } as Record<string, string>)[next] ?? next;
        i += 1;
      }
    } else if (ch === "(") {
      if (depth++ > 0) out += ch;
    } else if (ch === ")") {
      if (--depth === 0) return out;
      out += ch;
    } else out += ch;
  }
  return out;
};

const dictString = (dict: string, key: string): string | null => {
  const m = new RegExp(`/${key}\\s*\\(`).exec(dict);
  return m ? readLiteral(dict, m.index + m[0].length - 1) : null;
};

/** PDF date "D:YYYYMMDDHHmmSS" with "Z" or "+HH'mm'" to ISO-8601 UTC. */
export const parsePdfDate = (text: string): string | null => {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(text);
  if (!m) return null;
  const [, y, mo = "01", d = "01", h = "00", mi = "00", s = "00", tz = "Z"] = m;
  const offset = tz === "Z" ? "Z" : `${tz.slice(0, 3)}:${tz.replace(/'/g, "").slice(3, 5)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

interface SignatureSite {
  readonly range: [number, number, number, number];
  readonly dict: string;
}

/** Every /ByteRange in the file, in file order, with the text of the dictionary around it. */
const findSignatures = (text: string): SignatureSite[] => {
  const sites: SignatureSite[] = [];
  for (const m of text.matchAll(/\/ByteRange\s*\[([^\]]*)\]/g)) {
    const nums = (m[1] ?? "").trim().split(/\s+/);
    if (nums.length !== 4 || !nums.every((n) => /^\d+$/.test(n))) {
      throw integrity(
        "The signature's /ByteRange is malformed: the signature was never completed or was edited.",
      );
    }
    const start = text.lastIndexOf(" obj", m.index);
    const end = text.indexOf("endobj", m.index);
    sites.push({
      range: nums.map(Number) as [number, number, number, number],
      dict: text.slice(Math.max(start, 0), end < 0 ? text.length : end),
    });
  }
  return sites;
};

const checkSite = (bytes: Buffer, site: SignatureSite, last: boolean): Buffer => {
  const [a, b, c, d] = site.range;
  if (a !== 0 || b <= 0 || c <= b || bytes[b] !== 0x3c || bytes[c - 1] !== 0x3e) {
    throw integrity(
      `The signature's /ByteRange [${site.range.join(" ")}] does not exclude exactly the signature value; the file was edited.`,
    );
  }
  const hex = bytes.subarray(b + 1, c - 1).toString("latin1");
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) {
    throw integrity("The signature value is corrupt: /Contents is not hexadecimal.");
  }
  if (c + d > bytes.length) {
    throw integrity(
      `The file is truncated: the signature covers ${c + d} bytes but the file has ${bytes.length}.`,
    );
  }
  if (last && c + d < bytes.length) {
    throw integrity(
      `${bytes.length - (c + d)} bytes were appended after the signed revision (an incremental update the signature does not cover).`,
    );
  }
  const cms = Buffer.from(hex, "hex");
  if (cms.every((x) => x === 0)) {
    throw integrity("The signature was removed: the signature field holds an empty value.");
  }
  return cms;
};

export const verifySignedPdf = async (pdf: Uint8Array): Promise<SignedPdfVerification> => {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  if (bytes.subarray(0, 1024).indexOf("%PDF-") < 0) throw integrity("The file is not a PDF.");
  const text = bytes.toString("latin1");
  const sites = findSignatures(text);
  const lastSite = sites.at(-1);
  if (!lastSite) {
    if (/\/FT\s*\/Sig\b/.test(text) || /\/Type\s*\/Sig\b/.test(text)) {
      throw integrity("The signature was removed: the PDF has a signature field but no signature in it.");
    }
    throw integrity("The PDF is not signed: it has no digital signature.");
  }
  let signer: ReturnType<typeof verifyCmsSignature> | undefined;
  sites.forEach((site, i) => {
    const last = i === sites.length - 1;
    const cms = checkSite(bytes, site, last);
    const [, b, c, d] = site.range;
    const result = verifyCmsSignature(cms, [bytes.subarray(0, b), bytes.subarray(c, c + d)]);
    if (last) signer = result;
  });
  if (!signer) throw integrity("The PDF is not signed: it has no digital signature.");
  const [, , c, d] = lastSite.range;
  const cert = signer.certificate;
  const subject = certificateSubject(cert);
  const m = dictString(lastSite.dict, "M");
  const subFilter = /\/SubFilter\s*\/([^\s/<>[\]()]+)/.exec(lastSite.dict)?.[1] ?? null;
  return {
    status: "valid",
    signer: {
      name: subject.name,
      organization: subject.organization,
      serial: cert.serialNumber,
      fingerprint: certificateFingerprint(cert),
      notBefore: cert.validity.notBefore.toISOString(),
      notAfter: cert.validity.notAfter.toISOString(),
    },
    signingTime: m ? parsePdfDate(m) : null,
    reason: dictString(lastSite.dict, "Reason"),
    location: dictString(lastSite.dict, "Location"),
    subFilter,
    documentSha256: createHash("sha256").update(bytes).digest("hex"),
    byteRange: lastSite.range,
    byteRangeCoversWholeFile: c + d === bytes.length,
    signatureCount: sites.length,
    manifest: await extractManifest(bytes),
  };
};
