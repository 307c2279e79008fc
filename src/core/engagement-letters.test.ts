import { describe, expect, it } from "vitest";
import type { LetterModel } from "./bridge-letter.js";
import {
  buildEngagementLetter,
  type EngagementLetterInput,
  formatFee,
  type LetterScope,
  plannedTimeline,
} from "./engagement-letters.js";
import { buildAcceptanceRecord, buildRepresentationLetter } from "./engagement-letters-representation.js";
import { AppError } from "./errors.js";

const type2: LetterScope = {
  id: "eng-1",
  name: "Paysetu SOC 2 Type 2 FY 2026-27",
  type: "type2",
  asOfDate: null,
  periodStart: "2026-04-01",
  periodEnd: "2027-03-31",
  categories: ["CC", "A", "C"],
  services: ["UPI payment gateway", "Merchant dashboard"],
  subserviceOrgs: [
    { name: "Amazon Web Services", method: "carve-out" },
    { name: "Okta", method: "inclusive" },
  ],
};
const type1: LetterScope = {
  ...type2,
  type: "type1",
  asOfDate: "2026-03-31",
  periodStart: null,
  periodEnd: null,
  categories: ["CC"],
};

const letterInput = (over: Partial<EngagementLetterInput> = {}): EngagementLetterInput => ({
  firm: {
    name: "Mehta Raman & Co.",
    registrationNumber: "FRN-104552W",
    city: "Mumbai",
    country: "IN",
    partner: "Priya Raghavan",
  },
  organization: { name: "Paysetu Technologies", city: "Mumbai", country: "IN" },
  engagement: type2,
  fee: {
    currency: "INR",
    total: 1240000,
    phases: { planning: 240000, fieldwork: 700000, reporting: 300000 },
  },
  timeline: plannedTimeline(type2),
  letterDate: "2026-03-10",
  version: 1,
  ...over,
});

/** Everything a reader sees, as one string. */
const text = (m: LetterModel): string =>
  [
    m.title,
    m.date,
    ...m.blocks.map((b) =>
      b.kind === "list" ? b.items.join(" | ") : b.kind === "paragraph" || b.kind === "heading" ? b.text : "",
    ),
    ...m.signature,
    m.footnote,
  ].join("\n");

const validation = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError && e.code === "VALIDATION") return e.message;
    throw e;
  }
  throw new Error("expected a VALIDATION error");
};

describe("engagement letter", () => {
  it("states a Type 2 examination throughout the period, with operating effectiveness", () => {
    const m = buildEngagementLetter(letterInput());
    const t = text(m);
    expect(t).toContain("SOC 2 Type 2 report throughout the period 1 April 2026 to 31 March 2027");
    expect(t).toContain("suitably designed and operated effectively");
    expect(t).toContain("AT-C 105 and AT-C 205");
    expect(t).toContain("Security, Availability and Confidentiality");
    expect(t).toContain("UPI payment gateway and Merchant dashboard");
    expect(t).toContain("Amazon Web Services are presented using the carve-out method");
    expect(t).toContain("Okta are presented using the inclusive method");
    expect(t).toContain("registration FRN-104552W");
    expect(m.signature).toEqual(["Priya Raghavan", "Engagement partner", "Mumbai, IN"]);
    expect(t).not.toContain("AT-C 320");
  });

  it("states a Type 1 examination as of a date, about design only", () => {
    const t = text(
      buildEngagementLetter(letterInput({ engagement: type1, timeline: plannedTimeline(type1) })),
    );
    expect(t).toContain("SOC 2 Type 1 report as of 31 March 2026");
    expect(t).toContain("were suitably designed as of 31 March 2026");
    expect(t).not.toContain("operated effectively");
    expect(t).toContain("As-of date of the examination: 31 March 2026.");
  });

  it("quotes the fixed fee with Indian grouping and bills by phase unless terms are given", () => {
    const t = text(buildEngagementLetter(letterInput()));
    expect(t).toContain("fixed at INR 12,40,000");
    expect(t).toContain("INR 2,40,000 for planning");
    expect(t).toContain("INR 7,00,000 for fieldwork");
    const custom = text(buildEngagementLetter(letterInput({ paymentTerms: "100% in advance." })));
    expect(custom).toContain("Payment terms: 100% in advance.");
    expect(custom).not.toContain("three instalments");
    expect(
      validation(() => buildEngagementLetter(letterInput({ fee: { ...letterInput().fee, total: 0 } }))),
    ).toMatch(/fee/);
  });

  it("names the planned timeline, the independence statement and how to accept", () => {
    const t = text(buildEngagementLetter(letterInput()));
    expect(t).toContain("Planned start of fieldwork: 1 April 2027.");
    expect(t).toContain("Planned report date: 30 May 2027");
    expect(t).toContain("are independent of Paysetu Technologies");
    expect(t).toContain("SHA-256 of this document");
    expect(t).toContain("is not to be used by anyone else");
  });

  it("refuses a scope without Security or without a service", () => {
    expect(
      validation(() => buildEngagementLetter(letterInput({ engagement: { ...type2, categories: ["A"] } }))),
    ).toMatch(/Security/);
    expect(
      validation(() => buildEngagementLetter(letterInput({ engagement: { ...type2, services: [] } }))),
    ).toMatch(/service/);
  });
});

describe("planned timeline", () => {
  it("starts Type 2 fieldwork the day after the period and Type 1 on the as-of date", () => {
    expect(plannedTimeline(type2)).toEqual({ fieldworkStart: "2027-04-01", reportBy: "2027-05-30" });
    expect(plannedTimeline(type1)).toEqual({ fieldworkStart: "2026-03-31", reportBy: "2026-05-30" });
  });

  it("keeps chosen dates but refuses Type 2 fieldwork inside the period or a report before fieldwork", () => {
    expect(plannedTimeline(type2, { fieldworkStart: "2027-04-15", reportBy: "2027-06-30" })).toEqual({
      fieldworkStart: "2027-04-15",
      reportBy: "2027-06-30",
    });
    expect(validation(() => plannedTimeline(type2, { fieldworkStart: "2027-03-31" }))).toMatch(
      /after the period/,
    );
    expect(
      validation(() => plannedTimeline(type2, { reportBy: "2027-04-10", fieldworkStart: "2027-04-20" })),
    ).toMatch(/cannot precede/);
    expect(validation(() => plannedTimeline({ ...type2, periodEnd: null }))).toMatch(/period end/);
  });
});

describe("formatFee", () => {
  it("groups rupees in lakhs and crores and other currencies in thousands", () => {
    expect(formatFee("INR", 12345678)).toBe("INR 1,23,45,678");
    expect(formatFee("INR", 950)).toBe("INR 950");
    expect(formatFee("USD", 1234567)).toBe("USD 1,234,567");
  });
});

describe("representation letter", () => {
  const rep = (over: Partial<Parameters<typeof buildRepresentationLetter>[0]> = {}) =>
    buildRepresentationLetter({
      firm: { name: "Mehta Raman & Co." },
      organization: { name: "Paysetu Technologies" },
      engagement: type2,
      letterDate: "2027-05-20",
      exceptions: [
        {
          ref: "EXC-001",
          control: "CHG-01",
          summary: "Two production changes merged without a second approver.",
        },
        { ref: "EXC-002", control: "ACC-03", summary: "One leaver's VPN access removed 9 days late." },
      ],
      incidents: [
        { date: "2026-09-14", nature: "UPI callback outage of 47 minutes after a certificate expired." },
      ],
      cuecCount: 3,
      version: 1,
      ...over,
    });

  it("lists the exceptions by number and the disclosed incidents, addressed to the firm", () => {
    const m = rep();
    const t = text(m);
    expect(t).toContain("To Mehta Raman & Co.:");
    expect(t).toContain("EXC-001 (CHG-01): Two production changes merged without a second approver.");
    expect(t).toContain("EXC-002 (ACC-03)");
    expect(t).toContain("The following 2 exceptions were identified");
    expect(t).toContain("14 September 2026: UPI callback outage");
    expect(t).toContain("(3 listed)");
    expect(t).toContain("Amazon Web Services (carve-out) and Okta (inclusive)");
    expect(t).toContain("after 31 March 2027 up to the date of this letter");
    expect(m.letterhead).toBe("Paysetu Technologies");
    expect(m.date).toBe("20 May 2027");
  });

  it("says so when there are no exceptions, incidents or user entity controls", () => {
    const t = text(rep({ exceptions: [], incidents: [], cuecCount: 0 }));
    expect(t).toContain("No exceptions were identified");
    expect(t).toContain("We are aware of no system incident");
    expect(t).toContain("assumes no complementary user entity controls");
  });

  it("speaks of design as of the date for Type 1, and operation over the period for Type 2", () => {
    expect(text(rep({ engagement: type1, letterDate: "2026-04-20" }))).toContain(
      "controls that were suitably designed as of 31 March 2026",
    );
    expect(text(rep())).toContain("suitably designed and operated effectively throughout the period");
  });

  it("speaks of subsequent events after the period only when dated after it, and needs real dates", () => {
    expect(text(rep({ letterDate: "2027-03-30" }))).not.toContain("after 31 March 2027");
    expect(validation(() => rep({ letterDate: "2027-02-30" }))).toMatch(/not a real date/);
  });
});

describe("acceptance record", () => {
  it("records who accepted which bytes, when and from where", () => {
    const sha = "a".repeat(64);
    const t = text(
      buildAcceptanceRecord({
        kind: "engagement-letter",
        letterhead: "Mehta Raman & Co.",
        documentTitle: "Engagement letter",
        version: 2,
        documentSha256: sha,
        organization: "Paysetu Technologies",
        acceptedBy: { name: "Kavya Nair", title: "Head of Compliance", userId: "u-1", email: "k@p.example" },
        ip: "10.1.2.3",
        userAgent: "Mozilla/5.0",
        acceptedAt: "2026-03-12T09:30:00.000Z",
        confirmation: "session",
      }),
    );
    expect(t).toContain(`SHA-256 of the document as presented: ${sha}`);
    expect(t).toContain("Kavya Nair, Head of Compliance <k@p.example>");
    expect(t).toContain("Network address: 10.1.2.3");
    expect(t).toContain("Time (UTC): 2026-03-12T09:30:00.000Z");
    expect(t).toContain("version 2");
  });
});
