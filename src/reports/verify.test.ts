import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  demoCertificate,
  demoManifest,
  makePdf,
  pdfsig,
  signDemoPdf,
} from "../../test/fixtures/reports-sign/kit.js";
import { AppError } from "../core/errors.js";
import { parsePdfDate, verifySignedPdf } from "./verify.js";

let signed: Buffer;
beforeAll(async () => {
  signed = Buffer.from(await signDemoPdf());
});

const integrityReason = async (bytes: Uint8Array): Promise<string> => {
  const error = await verifySignedPdf(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("INTEGRITY");
  return (error as AppError).message;
};

const contentsSpan = (b: Buffer): { start: number; end: number } => {
  const m = /\/ByteRange \[0 (\d+) (\d+) \d+\]/.exec(b.toString("latin1"));
  if (!m) throw new Error("no byte range");
  return { start: Number(m[1]) + 1, end: Number(m[2]) - 1 };
};

/** A copy with `bytes` written over position `at`. */
const patch = (b: Buffer, at: number, bytes: string): Buffer => {
  const copy = Buffer.from(b);
  copy.write(bytes, at, "latin1");
  return copy;
};

describe("verifySignedPdf on an intact report", () => {
  it("returns the signer, signing time, document hash and manifest, as pdfsig agrees", async () => {
    const result = await verifySignedPdf(signed);
    expect(result.status).toBe("valid");
    expect(result.signer).toMatchObject({
      name: "Dana Whitfield, CPA",
      organization: "Whitfield & Rowe LLP",
      serial: demoCertificate().serial,
      fingerprint: demoCertificate().fingerprint,
    });
    expect(result.signingTime).toBe("2026-11-20T15:30:00.000Z");
    expect(result.reason).toBe("SOC 2 Type 2 report issued");
    expect(result.location).toBe("Boston, MA");
    expect(result.subFilter).toBe("ETSI.CAdES.detached");
    expect(result.documentSha256).toBe(createHash("sha256").update(signed).digest("hex"));
    expect(result.byteRangeCoversWholeFile).toBe(true);
    expect(result.signatureCount).toBe(1);
    expect(result.manifest).toEqual(demoManifest());
    expect(await pdfsig(signed)).toContain("Signature is Valid.");
  });

  it("reports no manifest for a report signed without one", async () => {
    const result = await verifySignedPdf(await signDemoPdf(null));
    expect(result.manifest).toBeNull();
  });
});

describe("verifySignedPdf finds each kind of tampering, with its own reason", () => {
  it("an altered byte anywhere in the signed content: digest mismatch", async () => {
    const b = signed;
    const { start, end } = contentsSpan(b);
    // The header, a page's media box, the middle of the first range and the end of the file.
    const positions = [5, b.indexOf("/MediaBox") + 12, Math.floor(start / 2), b.length - 3];
    for (const at of positions) {
      expect(at > 0 && (at < start || at > end)).toBe(true);
      const copy = Buffer.from(b);
      copy[at] = (copy[at] ?? 0) ^ 0x01;
      expect(await integrityReason(copy)).toMatch(/^Digest mismatch/);
    }
    const copy = Buffer.from(b);
    copy[5] = 0x32; // "%PDF-2.7"
    expect(await pdfsig(copy)).toContain("Digest Mismatch");
  });

  it("bytes appended after the signature (an incremental update it does not cover)", async () => {
    const update = Buffer.from("\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n", "latin1");
    const appended = Buffer.concat([signed, update]);
    expect(await integrityReason(appended)).toMatch(new RegExp(`^${update.length} bytes were appended`));
    // pdfsig still calls the signature valid but says it does not cover the whole document.
    expect(await pdfsig(appended)).toContain("Not total document signed");
  });

  it("a truncated file", async () => {
    expect(await integrityReason(signed.subarray(0, signed.length - 10))).toMatch(/truncated/);
  });

  it("an unsigned PDF: not signed", async () => {
    const unsigned = await makePdf();
    expect(await integrityReason(unsigned)).toBe("The PDF is not signed: it has no digital signature.");
    expect(await pdfsig(unsigned)).toContain("does not contain any signatures");
  });

  it("a removed signature value (emptied /Contents)", async () => {
    const { start, end } = contentsSpan(signed);
    const emptied = patch(signed, start, "0".repeat(end - start));
    expect(await integrityReason(emptied)).toMatch(
      /signature was removed: the signature field holds an empty value/,
    );
    expect(await pdfsig(emptied)).not.toContain("Signature is Valid.");
  });

  it("a removed signature dictionary (the field stays)", async () => {
    const at = signed.indexOf("/ByteRange");
    const stripped = patch(signed, at, "/ByteRangX");
    expect(await integrityReason(stripped)).toMatch(/signature was removed: the PDF has a signature field/);
  });

  it("a corrupt CMS", async () => {
    const { start } = contentsSpan(signed);
    const broken = patch(signed, start, "0000");
    expect(await integrityReason(broken)).toMatch(/signature value is corrupt/);
    expect(await pdfsig(broken)).not.toContain("Signature is Valid.");
    const notHex = patch(signed, start + 10, "zz");
    expect(await integrityReason(notHex)).toMatch(/not hexadecimal/);
  });

  it("an altered signature value: the signature is invalid", async () => {
    const { start, end } = contentsSpan(signed);
    const hex = signed
      .subarray(start, end)
      .toString("latin1")
      .replace(/(00)+$/, "");
    const at = start + hex.length - 6;
    const flipped = patch(signed, at, signed[at] === 0x61 ? "b" : "a");
    expect(await integrityReason(flipped)).toMatch(/^The signature is invalid/);
    expect(await pdfsig(flipped)).toContain("Signature is Invalid");
  });

  it("a swapped certificate: stricter than pdfsig, which checks only the signature", async () => {
    const { start } = contentsSpan(signed);
    // Hex offset 200 lies inside the embedded certificate, outside its public key.
    const at = start + 200;
    const swapped = patch(signed, at, signed[at] === 0x30 ? "1" : "0");
    expect(await integrityReason(swapped)).toMatch(/signing-certificate attribute does not name/);
  });

  it("an edited /ByteRange", async () => {
    const m = /\/ByteRange \[0 (\d+)/.exec(signed.toString("latin1"));
    const at = (m?.index ?? 0) + "/ByteRange [0 ".length;
    const edited = patch(signed, at, String(Number(m?.[1]) - 1).padStart(m?.[1]?.length ?? 0, "0"));
    expect(await integrityReason(edited)).toMatch(/does not exclude exactly the signature value/);
  });

  it("a file that is not a PDF", async () => {
    expect(await integrityReason(Buffer.from("just text"))).toBe("The file is not a PDF.");
  });
});

describe("parsePdfDate", () => {
  it("reads UTC and offset dates", () => {
    expect(parsePdfDate("D:20261120153000Z")).toBe("2026-11-20T15:30:00.000Z");
    expect(parsePdfDate("D:20261120153000+02'00'")).toBe("2026-11-20T13:30:00.000Z");
    expect(parsePdfDate("D:2026")).toBe("2026-01-01T00:00:00.000Z");
    expect(parsePdfDate("yesterday")).toBeNull();
  });
});
