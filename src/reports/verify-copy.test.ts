import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { isAppError } from "../core/errors.js";
import { generateSigningCertificate } from "./certificate.js";
import { signPdf } from "./sign.js";
import { verifyReportCopy } from "./verify-copy.js";
import { watermarkPdf } from "./watermark.js";

const signedReport = async (): Promise<Uint8Array> => {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= 2; i++)
    doc.addPage([595, 842]).drawText(`Report page ${i}`, { x: 72, y: 760, font, size: 12 });
  const pdf = await doc.save({ useObjectStreams: false });
  const cert = generateSigningCertificate({
    commonName: "Test Partner",
    organization: "Test Firm LLP",
    notBefore: new Date("2026-01-01T00:00:00Z"),
    password: "test-password",
    keyBits: 2048,
  });
  return signPdf(
    pdf,
    { p12: cert.p12, password: "test-password" },
    {
      reason: "Test",
      location: "Mumbai",
      name: "Test Partner",
      signingTime: new Date("2026-06-01T10:00:00Z"),
    },
  );
};

const reasonOf = async (bytes: Uint8Array): Promise<string> => {
  try {
    await verifyReportCopy(bytes);
  } catch (error) {
    if (isAppError(error) && error.code === "INTEGRITY") return error.message;
    throw error;
  }
  return "valid";
};

describe("verifyReportCopy", () => {
  it("accepts the signed report and a recipient's watermarked copy, naming the watermark", async () => {
    const signed = await signedReport();
    expect((await verifyReportCopy(signed)).watermark).toBeNull();
    const copy = await watermarkPdf(signed, {
      text: "Provided to Asha Rao <asha@acme.example>, Acme — WM-TEST01 — 2026-11-27",
      watermarkId: "WM-TEST01",
      recipient: "asha@acme.example",
    });
    const result = await verifyReportCopy(copy);
    expect(result.watermark).toMatchObject({ id: "WM-TEST01", recipient: "asha@acme.example" });
    expect(result.signer.name).toBe("Test Partner");
  }, 30_000);

  it("refuses a copy whose appended revision is more than the watermark, or whose signed part was altered", async () => {
    const signed = await signedReport();
    const copy = await watermarkPdf(signed, {
      text: "Provided to X — WM-2 — 2026-11-27",
      watermarkId: "WM-2",
      recipient: "x@y.example",
    });
    // One more byte in the appended revision (e.g. someone edits the watermark text).
    const edited = Buffer.from(copy);
    const at = edited.lastIndexOf(Buffer.from("WM-2"));
    edited[at + 3] = "3".charCodeAt(0);
    expect(await reasonOf(edited)).toMatch(/not a Fieldwork recipient watermark/);
    // A byte changed inside the signed revision (in the binary comment after the header).
    const tampered = Buffer.from(copy);
    tampered[11] = (tampered[11] ?? 0) ^ 0x01;
    expect(await reasonOf(tampered)).toMatch(/digest|signature/i);
  }, 30_000);
});
