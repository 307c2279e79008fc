import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdf, pdfsig, signDemoPdf } from "../../test/fixtures/reports-sign/kit.js";
import { verifySignedPdf } from "./verify.js";
import { signedRevisionOf, watermarkPdf } from "./watermark.js";

const run = promisify(execFile);
const INPUT = {
  text: "Provided to Asha Rao <asha@acme.example>, Acme Pvt Ltd — WM-7F3A — 2026-11-27",
  watermarkId: "WM-7F3A",
  recipient: "asha@acme.example",
};

describe("watermarkPdf", () => {
  let dir: string;
  let signed: Uint8Array;
  let copy: Uint8Array;
  const tool = async (cmd: string, bytes: Uint8Array, args: string[] = []) => {
    const file = join(dir, `${cmd}-${Math.random().toString(36).slice(2)}.pdf`);
    await writeFile(file, bytes);
    return (await run(`/usr/bin/${cmd}`, [...args, file, ...(cmd === "pdftotext" ? ["-"] : [])])).stdout;
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fw-wm-"));
    signed = await signDemoPdf();
    copy = await watermarkPdf(signed, INPUT);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("appends a revision and leaves every original byte in place", () => {
    expect(Buffer.from(copy.subarray(0, signed.length)).equals(Buffer.from(signed))).toBe(true);
    expect(copy.length).toBeGreaterThan(signed.length);
  });

  it("prints the recipient line on every page", async () => {
    const text = await tool("pdftotext", copy);
    const lines = text.split("\n").filter((l) => l.includes("Provided to Asha Rao"));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(INPUT.text);
    expect(text).toContain("Independent service auditor's report — page 2 of 2");
  });

  it("records the watermark id and recipient in the metadata", async () => {
    const info = await tool("pdfinfo", copy);
    expect(info).toMatch(/Keywords:.*watermark:WM-7F3A/);
    const custom = await tool("pdfinfo", copy, ["-custom"]);
    expect(custom).toMatch(/FieldworkWatermark:\s*WM-7F3A/);
    expect(custom).toMatch(/FieldworkRecipient:\s*asha@acme.example/);
  });

  it("keeps the firm's signature valid for the revision it signed (not the whole document)", async () => {
    const out = await pdfsig(copy);
    expect(out).toContain("Signature Validation: Signature is Valid.");
    expect(out).toContain("Not total document signed");
    const before = await pdfsig(signed);
    expect(before).toContain("Total document signed");
    expect(before).not.toContain("Not total document signed");
  });

  it("works on an unsigned PDF with a classic table and refuses others clearly", async () => {
    const doc = await PDFDocument.load(await makePdf(1));
    const plain = await watermarkPdf(await doc.save({ useObjectStreams: false }), INPUT);
    expect(await tool("pdftotext", plain)).toContain(INPUT.text);
    await expect(watermarkPdf(await makePdf(1), INPUT)).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(watermarkPdf(new TextEncoder().encode("not a pdf"), INPUT)).rejects.toMatchObject({
      code: "INTEGRITY",
    });
  });

  it("is reported by the strict verifier as an update outside the signature", async () => {
    await expect(verifySignedPdf(copy)).rejects.toMatchObject({
      code: "INTEGRITY",
      message: expect.stringMatching(/appended after the signed revision/),
    });
  });

  it("gives back the signed revision exactly as issued, which verifies", async () => {
    const inner = signedRevisionOf(copy);
    expect(inner && Buffer.from(inner).equals(Buffer.from(signed))).toBe(true);
    await expect(verifySignedPdf(inner ?? new Uint8Array())).resolves.toBeDefined();
    expect(signedRevisionOf(await makePdf(1))).toBeNull();
  });
});
