import { describe, expect, it } from "vitest";
import { AppError } from "./errors.js";
import { emptySystemDescription } from "./system-description.js";
import {
  assessReport,
  checkReportDates,
  currentEngagement,
  isReviewOverdue,
  mergeVendorCsocs,
  monthsSpanned,
  nextCuecCodes,
  type ReportFacts,
  reviewDueDate,
  vendorTag,
  vendorWarnings,
  wholeMonths,
} from "./vendors.js";

const OUR = { start: "2026-04-01", end: "2027-03-31" };

const soc2 = (over: Partial<ReportFacts> = {}): ReportFacts => ({
  kind: "soc2_type2",
  periodStart: "2025-10-01",
  periodEnd: "2026-09-30",
  asOfDate: null,
  issueDate: "2026-11-10",
  opinion: "unmodified",
  exceptionsCount: 0,
  ...over,
});

const codes = (a: { warnings: readonly { code: string; severity: string }[] }) =>
  a.warnings.map((w) => `${w.severity}:${w.code}`);

describe("review due dates by tier", () => {
  it("adds 12, 24 or 36 months to the last review", () => {
    const base = { lastReviewedOn: "2026-01-31", contractStart: null, registeredOn: "2025-01-01" };
    expect(reviewDueDate({ ...base, tier: 1 })).toBe("2027-01-31");
    expect(reviewDueDate({ ...base, tier: 2 })).toBe("2028-01-31");
    expect(reviewDueDate({ ...base, tier: 3 })).toBe("2029-01-31");
  });
  it("is due from the start of the relationship when never reviewed", () => {
    expect(
      reviewDueDate({
        tier: 2,
        lastReviewedOn: null,
        contractStart: "2025-06-01",
        registeredOn: "2026-01-01",
      }),
    ).toBe("2025-06-01");
    expect(
      reviewDueDate({ tier: 2, lastReviewedOn: null, contractStart: null, registeredOn: "2026-01-01" }),
    ).toBe("2026-01-01");
  });
  it("is overdue the day after it is due, never for an offboarded vendor", () => {
    expect(isReviewOverdue("2026-05-01", "2026-05-01", "active")).toBe(false);
    expect(isReviewOverdue("2026-05-01", "2026-05-02", "active")).toBe(true);
    expect(isReviewOverdue("2026-05-01", "2026-05-02", "offboarded")).toBe(false);
  });
});

describe("counting months", () => {
  it("counts whole calendar months and rounds a started month up", () => {
    expect(monthsSpanned("2026-10-01", "2027-03-31")).toBe(6);
    expect(monthsSpanned("2026-10-01", "2027-03-15")).toBe(6);
    expect(monthsSpanned("2026-10-01", "2026-10-01")).toBe(1);
    expect(monthsSpanned("2026-04-01", "2027-03-31")).toBe(12);
    expect(monthsSpanned("2027-01-31", "2027-02-27")).toBe(1);
    expect(monthsSpanned("2027-03-01", "2027-02-28")).toBe(0);
  });
  it("counts overlap in whole months only", () => {
    expect(wholeMonths("2026-04-01", "2026-09-30")).toBe(6);
    expect(wholeMonths("2026-04-01", "2026-09-29")).toBe(5);
    expect(wholeMonths("2026-04-02", "2026-04-01")).toBe(0);
  });
});

describe("assessing a vendor's report against our period", () => {
  it("measures the gap after the report and warns once more than three months of it have passed", () => {
    const r = soc2({ periodStart: "2025-07-01", periodEnd: "2026-06-30", issueDate: "2026-08-14" });
    const a = assessReport(r, OUR, "2026-11-27");
    expect(a).toMatchObject({
      gapBeforeMonths: 0,
      gapAfterMonths: 9,
      gapAfterElapsedMonths: 5,
      overlapMonths: 3,
      covers: false,
      stale: false,
      opinionModified: false,
    });
    expect(codes(a)).toEqual(["warning:period_gap"]);
    expect(a.warnings[0]?.message).toMatch(/9 months before our period ends \(2027-03-31\); 5 months/);
  });
  it("treats a gap a bridge letter can still cover as a note", () => {
    const a = assessReport(soc2(), OUR, "2026-11-27");
    expect(a).toMatchObject({ gapAfterMonths: 6, gapAfterElapsedMonths: 2, overlapMonths: 6 });
    expect(codes(a)).toEqual(["note:period_gap"]);
    // After our period has ended all six months have passed.
    expect(codes(assessReport(soc2(), OUR, "2027-04-15"))).toEqual(["warning:period_gap"]);
  });
  it("warns of a gap before the report starts", () => {
    const a = assessReport(
      soc2({ periodStart: "2026-06-15", periodEnd: "2026-09-30", issueDate: "2026-10-20" }),
      OUR,
      "2026-10-21",
    );
    expect(a.gapBeforeMonths).toBe(3);
    expect(a.warnings[0]).toMatchObject({ code: "period_gap", severity: "warning" });
    expect(a.warnings[0]?.message).toMatch(/starts 3 months after our period begins/);
  });
  it("says a report that spans our whole period covers it", () => {
    const a = assessReport(
      soc2({ periodStart: "2026-01-01", periodEnd: "2027-03-31", issueDate: "2027-05-01" }),
      OUR,
      "2027-05-02",
    );
    expect(a).toMatchObject({ covers: true, gapBeforeMonths: 0, gapAfterMonths: 0, overlapMonths: 12 });
    expect(a.warnings).toEqual([]);
  });
  it("is stale more than 12 months after the period end", () => {
    expect(assessReport(soc2(), null, "2027-09-30").stale).toBe(false);
    const a = assessReport(soc2(), null, "2027-10-01");
    expect(a).toMatchObject({ stale: true, currentUntil: "2027-09-30", period: null });
    expect(codes(a)).toEqual(["warning:stale"]);
  });
  it("flags a modified opinion and notes exceptions", () => {
    for (const opinion of ["qualified", "adverse", "disclaimer"] as const) {
      expect(assessReport(soc2({ opinion }), null, "2026-11-27").opinionModified).toBe(true);
    }
    const a = assessReport(soc2({ opinion: "qualified", exceptionsCount: 2 }), null, "2026-11-27");
    expect(codes(a)).toEqual(["warning:modified_opinion", "note:exceptions"]);
  });
  it("reads a Type 1 report at its date and a certificate by its validity", () => {
    const t1 = assessReport(
      soc2({ kind: "soc2_type1", periodStart: null, periodEnd: null, asOfDate: "2026-06-30" }),
      OUR,
      "2026-08-01",
    );
    expect(t1).toMatchObject({ coveredFrom: "2026-06-30", gapBeforeMonths: 3, gapAfterMonths: 9 });
    expect(codes(t1)).toContain("note:design_only");
    const iso = assessReport(
      {
        ...soc2({ kind: "iso27001", opinion: null }),
        periodStart: "2024-05-01",
        periodEnd: "2027-04-30",
        issueDate: "2024-05-01",
      },
      OUR,
      "2027-05-01",
    );
    expect(iso).toMatchObject({
      covers: true,
      stale: true,
      opinionModified: false,
      currentUntil: "2027-04-30",
    });
  });
});

describe("report dates as entered", () => {
  const fails = (r: ReportFacts, today = "2026-11-27") => {
    try {
      checkReportDates(r, today);
      return null;
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      return (e as AppError).message;
    }
  };
  it("accepts a consistent report", () => {
    expect(fails(soc2())).toBeNull();
  });
  it("names what is wrong", () => {
    expect(fails(soc2({ periodEnd: null }))).toMatch(/period start and end/);
    expect(fails(soc2({ periodStart: "2026-10-01" }))).toMatch(/start must not be after/);
    expect(fails(soc2({ issueDate: "2026-12-01" }))).toMatch(/future/);
    expect(fails(soc2({ issueDate: "2026-09-01" }))).toMatch(/issued after the end/);
    expect(fails(soc2({ opinion: null }))).toMatch(/opinion/);
    expect(fails(soc2({ kind: "soc2_type1", periodStart: null, periodEnd: null }))).toMatch(/as-of date/);
  });
});

describe("vendor warnings and CUEC codes", () => {
  it("warns when a critical vendor or subservice organization has no report", () => {
    expect(vendorWarnings({ tier: 1, subservice: false, latest: null })[0]?.code).toBe("no_report");
    expect(vendorWarnings({ tier: 3, subservice: true, latest: null })[0]?.message).toMatch(/subservice/);
    expect(vendorWarnings({ tier: 2, subservice: false, latest: null })).toEqual([]);
    const latest = assessReport(soc2(), OUR, "2026-11-27");
    expect(vendorWarnings({ tier: 1, subservice: true, latest })).toEqual([]);
  });
  it("derives short tags and the next free codes", () => {
    expect(vendorTag("Amazon Web Services")).toBe("AWS");
    expect(vendorTag("Okta, Inc.")).toBe("OKTA");
    expect(vendorTag("Razorpay Software Pvt Ltd")).toBe("RS");
    expect(vendorTag("!!!")).toBe("VENDOR");
    expect(nextCuecCodes("Amazon Web Services", new Set(["CUEC-AWS-01", "CUEC-AWS-03"]), 3)).toEqual([
      "CUEC-AWS-02",
      "CUEC-AWS-04",
      "CUEC-AWS-05",
    ]);
  });
});

describe("the engagement a report is read against", () => {
  const e = (id: string, stage: string, start: string | null, end: string | null) => ({
    id,
    type: "type2" as const,
    stage,
    asOfDate: null,
    periodStart: start,
    periodEnd: end,
  });
  it("prefers the open engagement with the latest end, then the latest issued one", () => {
    const list = [
      e("old", "issuance", "2025-04-01", "2026-03-31"),
      e("now", "control_testing", "2026-04-01", "2027-03-31"),
      e("undated", "scoping", null, null),
    ];
    expect(currentEngagement(list)).toEqual({
      id: "now",
      period: { start: "2026-04-01", end: "2027-03-31" },
    });
    expect(currentEngagement([list[0]!, list[2]!])?.id).toBe("old");
    expect(currentEngagement([list[2]!])).toBeNull();
    expect(
      currentEngagement([{ ...e("t1", "scoping", null, null), type: "type1", asOfDate: "2026-09-30" }])
        ?.period,
    ).toEqual({ start: "2026-09-30", end: "2026-09-30" });
  });
});

describe("CSOCs of vendors in DC7", () => {
  it("fills a subservice organization's CSOCs from its vendor unless the description lists its own", () => {
    const base = emptySystemDescription();
    const own = { text: "Written in the description", criteria: ["CC6.4"] };
    const description = {
      ...base,
      subservice: [
        {
          subserviceId: "okta",
          csocs: [own],
          monitoring: "Annual review",
          reportType: "soc2-type2" as const,
          reportPeriodStart: "",
          reportPeriodEnd: "",
        },
        {
          subserviceId: "aws",
          csocs: [],
          monitoring: "SOC report read yearly",
          reportType: "soc2-type2" as const,
          reportPeriodStart: "",
          reportPeriodEnd: "",
        },
      ],
    };
    const vendorCsoc = { text: "Physical access restricted", criteria: ["CC6.4"] };
    const merged = mergeVendorCsocs(description, [
      { subserviceOrgId: "okta", csocs: [vendorCsoc] },
      { subserviceOrgId: "aws", csocs: [vendorCsoc] },
      { subserviceOrgId: "new", csocs: [vendorCsoc] },
      { subserviceOrgId: "none", csocs: [] },
    ]);
    expect(merged.subservice.map((s) => [s.subserviceId, s.csocs[0]?.text, s.monitoring])).toEqual([
      ["okta", "Written in the description", "Annual review"],
      ["aws", "Physical access restricted", "SOC report read yearly"],
      ["new", "Physical access restricted", ""],
    ]);
    expect(description.subservice[1]?.csocs).toEqual([]);
  });
});
