import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildEngagementLetter, type LetterScope, plannedTimeline } from "../core/engagement-letters.js";
import {
  buildAcceptanceRecord,
  buildRepresentationLetter,
} from "../core/engagement-letters-representation.js";
import { appendAcceptanceRecord, renderEngagementDocumentPdf } from "./render-engagement-letters.js";

// Real PDFs read back with poppler, as a reader would.
const dir = mkdtempSync(join(tmpdir(), "fw-letters-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const write = (pdf: Uint8Array): string => {
  const file = join(dir, `l${n++}.pdf`);
  writeFileSync(file, pdf);
  return file;
};
const text = (file: string): string =>
  execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
const pages = (file: string): number =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))?.[1]);

const scope: LetterScope = {
  id: "eng-7",
  name: "Paysetu SOC 2 Type 2 FY 2026-27",
  type: "type2",
  asOfDate: null,
  periodStart: "2026-04-01",
  periodEnd: "2027-03-31",
  categories: ["CC", "A"],
  services: ["UPI payment gateway"],
  subserviceOrgs: [{ name: "Amazon Web Services", method: "carve-out" }],
};

const letter = () =>
  buildEngagementLetter({
    firm: {
      name: "Mehta Raman & Co.",
      registrationNumber: "FRN-104552W",
      city: "Mumbai",
      country: "IN",
      partner: "Priya Raghavan",
    },
    organization: { name: "Paysetu Technologies", city: "Mumbai", country: "IN" },
    engagement: scope,
    fee: {
      currency: "INR",
      total: 1240000,
      phases: { planning: 240000, fieldwork: 700000, reporting: 300000 },
    },
    timeline: plannedTimeline(scope),
    letterDate: "2026-03-10",
    version: 2,
  });

describe("engagement document PDFs", { timeout: 60_000 }, () => {
  it("renders the engagement letter with its parties, scope, fee, timeline and page numbers", async () => {
    const pdf = await renderEngagementDocumentPdf(letter());
    const file = write(pdf);
    const t = text(file);
    expect(t).toContain("Mehta Raman & Co.");
    expect(t).toContain("FRN-104552W");
    expect(t).toContain("SOC 2 Type 2 report throughout the period 1 April 2026 to 31 March 2027");
    expect(t).toContain("INR 12,40,000");
    expect(t).toContain("Planned start of fieldwork: 1 April 2027");
    expect(t).toContain("Independence");
    expect(t).toContain("engagement letter v2");
    expect(t).toMatch(/Page 1 of \d/);
    expect(pages(file)).toBeGreaterThanOrEqual(2);
    // The same model gives the same bytes.
    expect(Buffer.from(await renderEngagementDocumentPdf(letter())).equals(Buffer.from(pdf))).toBe(true);
  });

  it("renders the representation letter with the exceptions by number", async () => {
    const t = text(
      write(
        await renderEngagementDocumentPdf(
          buildRepresentationLetter({
            firm: { name: "Mehta Raman & Co." },
            organization: { name: "Paysetu Technologies" },
            engagement: scope,
            letterDate: "2027-05-20",
            exceptions: [
              { ref: "EXC-004", control: "CHG-01", summary: "Emergency change without approval." },
            ],
            incidents: [],
            cuecCount: 2,
            version: 1,
          }),
        ),
      ),
    );
    expect(t).toContain("Management representation letter");
    expect(t).toContain("EXC-004 (CHG-01)");
    expect(t).toContain("To Mehta Raman & Co.:");
  });

  it("appends the acceptance record as a last page naming the letter's SHA-256", async () => {
    const pdf = await renderEngagementDocumentPdf(letter());
    const before = pages(write(pdf));
    const accepted = await appendAcceptanceRecord(
      pdf,
      buildAcceptanceRecord({
        kind: "engagement-letter",
        letterhead: "Mehta Raman & Co.",
        documentTitle: "Engagement letter",
        version: 2,
        documentSha256: "b".repeat(64),
        organization: "Paysetu Technologies",
        acceptedBy: { name: "Kavya Nair", title: "Head of Compliance", userId: "u-9", email: "k@p.example" },
        ip: "203.0.113.7",
        userAgent: "Mozilla/5.0 (X11; Linux x86_64)",
        acceptedAt: "2026-03-12T09:30:00.000Z",
        confirmation: "signed-in session",
      }),
    );
    const file = write(accepted);
    expect(pages(file)).toBe(before + 1);
    const t = text(file);
    expect(t).toContain("Electronic acceptance record");
    expect(t).toContain("b".repeat(64));
    expect(t).toContain("Kavya Nair, Head of Compliance");
    expect(t).toContain("203.0.113.7");
    expect(t).toContain("INR 12,40,000");
  });
});
