import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { paymentsType2 } from "../../test/fixtures/reports/payments-type2.js";
import { demoCertificate, PASSWORD, pdfsig } from "../../test/fixtures/reports-sign/kit.js";
import { buildBridgeLetter } from "../core/bridge-letter.js";
import { buildSoc3Model } from "../core/soc3-model.js";
import { renderLetterPdf } from "./render-letter.js";
import { renderSoc3Pdf } from "./render-soc3.js";
import { signPdf } from "./sign.js";

// Real PDFs read back with poppler (pdftotext, pdfinfo, pdfsig), as a reader would.
const dir = mkdtempSync(join(tmpdir(), "fw-soc3-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const write = (pdf: Uint8Array): string => {
  const file = join(dir, `d${n++}.pdf`);
  writeFileSync(file, pdf);
  return file;
};
const text = (file: string): string =>
  execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
const pages = (file: string): number =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))?.[1]);

describe("SOC 3 and bridge letter PDFs", { timeout: 60_000 }, () => {
  it("renders the SOC 3 with the opinion, the assertion and the boundaries, and no control codes", async () => {
    const input = paymentsType2();
    const file = write(await renderSoc3Pdf(buildSoc3Model(input)));
    const t = text(file);
    expect(pages(file)).toBeLessThanOrEqual(8);
    expect(t).toContain("SOC 3 report");
    expect(t).toContain("is fairly stated, in all material respects");
    expect(t).toContain("Assertion of PayRail Technologies Private Limited management");
    expect(t).toContain("Card network and bank systems");
    expect(t).toContain("General use");
    expect(t).toMatch(/Page 2 of \d/);
    for (const c of input.controls) expect(t).not.toContain(c.code);
    expect(t).not.toContain("No exceptions noted");
  });

  it("signs the SOC 3 with the firm's certificate so that pdfsig reports it valid", async () => {
    const cert = demoCertificate();
    const pdf = await renderSoc3Pdf(buildSoc3Model(paymentsType2()));
    const signed = await signPdf(
      pdf,
      { p12: cert.p12, password: PASSWORD },
      {
        reason: "SOC 3 report issued",
        location: "New York",
        name: "Anjali Mehta, CPA",
        signingTime: new Date("2026-11-20T15:30:00Z"),
      },
    );
    const out = await pdfsig(signed);
    expect(out).toContain("Signature is Valid.");
    expect(out).toContain("Total document signed");
  });

  it("renders the bridge letter as a short letter that says it does not replace a SOC report", async () => {
    const model = buildBridgeLetter({
      organization: { name: "PayRail Technologies", systemName: "payment aggregation platform" },
      coveredReport: {
        kind: "soc2-type2",
        periodStart: "2025-04-01",
        periodEnd: "2026-03-31",
        auditor: "Mehta Raman & Associates LLP",
      },
      coversUntil: "2026-06-30",
      letterDate: "2026-07-01",
      changes: [],
      incidents: [],
      noChangesConfirmed: true,
      cuecs: ["Merchants protect their API keys."],
      signer: { name: "Rohan Iyer", title: "Chief Technology Officer" },
      engagementId: "eng-1",
      version: 1,
    });
    const file = write(await renderLetterPdf(model));
    const t = text(file);
    expect(pages(file)).toBeLessThanOrEqual(2);
    expect(t).toContain("Bridge letter for the period from 1 April 2026 to 30 June 2026");
    expect(t).toContain("does not replace a SOC report");
    expect(t).toContain("Management is not aware of any significant changes");
    expect(t).toContain("Merchants protect their API keys.");
    expect(t).toContain("Rohan Iyer Chief Technology Officer");
    expect(t).toContain("Page 1 of");
    expect(Buffer.from(await renderLetterPdf(model)).equals(Buffer.from(await renderLetterPdf(model)))).toBe(
      true,
    );
  });
});
