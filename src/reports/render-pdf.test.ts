import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { largeType2 } from "../../test/fixtures/reports/large-type2.js";
import {
  paymentsType1,
  paymentsType2,
  paymentsType2Qualified,
} from "../../test/fixtures/reports/payments-type2.js";
import { buildReportModel, type ReportInput } from "../core/report-model.js";
import { renderReportPdf } from "./render-pdf.js";

// Real PDFs checked with poppler's own tools (pdfinfo, pdftotext), as a reader of the report would.
const dir = mkdtempSync(join(tmpdir(), "fw-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
const write = (pdf: Uint8Array): string => {
  const file = join(dir, `r${counter++}.pdf`);
  writeFileSync(file, pdf);
  return file;
};
const info = (file: string): Record<string, string> =>
  Object.fromEntries(
    execFileSync("pdfinfo", [file], { encoding: "utf8" })
      .split("\n")
      .filter((l) => l.includes(":"))
      .map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()]),
  );
const pageText = (file: string, page?: number): string =>
  execFileSync(
    "pdftotext",
    [...(page ? ["-f", String(page), "-l", String(page)] : []), "-layout", file, "-"],
    {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
/** Per page, how many pixels are tinted red (the watermark's colour), from pdftoppm's raw PPM output. */
const redPixelsPerPage = (file: string): number[] => {
  const prefix = join(dir, `px${counter++}`);
  execFileSync("pdftoppm", ["-r", "20", file, prefix]);
  const pages = Number(info(file).Pages);
  return Array.from({ length: pages }, (_, i) => {
    const name = `${prefix}-${String(i + 1).padStart(String(pages).length, "0")}.ppm`;
    const ppm = readFileSync(name);
    // P6 header: magic, width, height, maxval, each followed by whitespace.
    let offset = 0;
    for (let fields = 0; fields < 4; offset++)
      if (/\s/.test(String.fromCharCode(ppm[offset] ?? 32))) fields++;
    let red = 0;
    for (let p = offset; p + 2 < ppm.length; p += 3) {
      const [r, g, b] = [ppm[p] ?? 0, ppm[p + 1] ?? 0, ppm[p + 2] ?? 0];
      if (r - g > 8 && r - b > 8) red++;
    }
    return red;
  });
};
const render = async (input: ReportInput, watermark?: string) =>
  write(await renderReportPdf(buildReportModel(input), watermark ? { watermark } : {}));

describe("renderReportPdf", { timeout: 60_000 }, () => {
  it("renders a Type 2 that parses, with metadata, running header and Page x of y", async () => {
    const file = await render(paymentsType2());
    const meta = info(file); // execFileSync throws when pdfinfo exits non-zero
    const pages = Number(meta.Pages);
    expect(pages).toBeGreaterThan(10);
    expect(meta.Title).toBe("SOC 2 Type 2 report: PayRail Technologies Private Limited");
    expect(meta.Author).toBe("Mehta Raman & Associates LLP");
    expect(meta.Subject).toContain("throughout the period 1 April 2025 to 31 March 2026");
    expect(meta.Keywords).toContain("eng-3f6c2a9e-payrail-fy26");
    expect(meta.CreationDate).toMatch(/May 15 00:00:00 2026/);
    expect(pageText(file, 1)).toContain(`Page 1 of ${pages}`);
    const third = pageText(file, 3);
    expect(third).toContain(`Page 3 of ${pages}`);
    expect(third).toMatch(
      /PayRail Technologies Private Limited\s+SOC 2 Type 2 \| 1 April 2025 to 31 March 2026/,
    );
    const all = pageText(file);
    expect(all).toContain("throughout the period 1 April 2025 to 31 March 2026");
    expect(all).toContain("operated effectively");
    for (const section of ["Section I", "Section II", "Section III", "Section IV", "Section V"])
      expect(all).toContain(section);
    for (const ref of ["EX-01", "EX-02", "EX-03"]) expect(all.split(ref).length).toBeGreaterThan(3);
    expect(all).not.toContain("DRAFT");
  });

  it("lists the sections on the contents page with their page numbers", async () => {
    const file = await render(paymentsType2());
    const contents = pageText(file, 2);
    const match = contents.match(/Section IV .*?(\d+)\s*$/m);
    expect(match).not.toBeNull();
    expect(pageText(file, Number(match?.[1]))).toMatch(/Section IV\s+Trust services criteria/);
  });

  it("words a Type 1 as of its date and shows no tests", async () => {
    const file = await render(paymentsType1());
    const all = pageText(file);
    expect(all).toContain("as of 31 March 2025");
    expect(all).not.toContain("throughout the period");
    expect(all).not.toContain("Test of the control (auditor)");
    expect(info(file).Title).toBe("SOC 2 Type 1 report: PayRail Technologies Private Limited");
  });

  it("draws the watermark on every page and records a recipient watermark in the metadata", async () => {
    // Rotated text does not extract reliably, so look at the pages as images: every page of the
    // watermarked copy carries far more red than the same page without the watermark.
    const file = await render(paymentsType2Qualified(), "DRAFT");
    const plain = await render(paymentsType2Qualified());
    const marked = redPixelsPerPage(file);
    const clean = redPixelsPerPage(plain);
    expect(marked.length).toBe(clean.length);
    for (const [i, red] of marked.entries())
      expect(red, `page ${i + 1}`).toBeGreaterThan((clean[i] ?? 0) + 500);
    expect(pageText(file).replace(/\s+/g, "")).toMatch(/D.*R.*A.*F.*T/);
    expect(pageText(file)).toContain("Basis for qualified opinion");
    const copy = await render(paymentsType2(), "Copy for Priya Shah, Acme Retail");
    expect(info(copy).Keywords).toContain("watermark: Copy for Priya Shah, Acme Retail");
    expect(redPixelsPerPage(copy).every((red) => red > 500)).toBe(true);
  });

  it("gives the same bytes for the same input, and different bytes for another watermark", async () => {
    const model = buildReportModel(paymentsType2());
    const a = await renderReportPdf(model);
    const b = await renderReportPdf(model);
    const c = await renderReportPdf(model, { watermark: "DRAFT" });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });

  it("repeats a control's heading and column headers on every page it spans", async () => {
    const file = await render(largeType2(2, 240));
    const pages = Number(info(file).Pages);
    let continued = 0;
    for (let p = 1; p <= pages; p++) {
      const text = pageText(file, p);
      if (!/Inspected evidence for attribute/.test(text)) continue;
      expect(text).toContain("Test of the control (auditor)");
      expect(text).toMatch(/CTL-00[12]\s+Control [12] of the benchmark set/);
      continued++;
    }
    expect(continued).toBeGreaterThan(3);
  });

  it("wraps long words inside the page instead of running off it", async () => {
    const base = paymentsType2();
    const long = `ref-${"x".repeat(300)}`;
    const input: ReportInput = {
      ...base,
      controls: base.controls.map((c, i) =>
        i === 0 ? { ...c, description: `See ${long} for details.` } : c,
      ),
    };
    const file = await render(input);
    const bbox = execFileSync("pdftotext", ["-bbox", file, "-"], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    const xMax = [...bbox.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(xMax.length).toBeGreaterThan(1000);
    expect(Math.max(...xMax)).toBeLessThanOrEqual(595.28 - 50);
    expect(pageText(file).replace(/\s+/g, "")).toContain(long);
  });
});
