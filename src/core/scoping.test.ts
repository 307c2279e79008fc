import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATEGORY_CODES, type CategoryCode } from "./criteria.js";
import { AppError } from "./errors.js";
import {
  adviseReportType,
  type CategoryRecommendation,
  parseCalendarDate,
  periodLength,
  type RecommendationLevel,
  type ReportTypeQuestion,
  recommendCategories,
  SECTOR_IDS,
  SECTORS,
  type Sector,
  type ServiceProfile,
  validateEngagementPeriod,
} from "./scoping.js";

const NOTHING = {
  personalData: false,
  transactionProcessing: false,
  uptimeCommitments: false,
  confidentialClientData: false,
};

const recommend = (sector: Sector, handles: Partial<ServiceProfile["handles"]> = {}) => {
  const list = recommendCategories({ sector, handles: { ...NOTHING, ...handles } });
  const byCategory = (code: CategoryCode): CategoryRecommendation => {
    const found = list.find((r) => r.category === code);
    if (!found) throw new Error(`no recommendation for ${code}`);
    return found;
  };
  return { list, get: byCategory, level: (code: CategoryCode) => byCategory(code).level };
};

const levels = (sector: Sector, handles: Partial<ServiceProfile["handles"]> = {}) => {
  const r = recommend(sector, handles);
  return Object.fromEntries(CATEGORY_CODES.map((c) => [c, r.level(c)]));
};

const RANK: Record<RecommendationLevel, number> = { optional: 0, consider: 1, recommended: 2, required: 3 };

const profileArb = fc.record({
  sector: fc.constantFrom(...SECTOR_IDS),
  handles: fc.record({
    personalData: fc.boolean(),
    transactionProcessing: fc.boolean(),
    uptimeCommitments: fc.boolean(),
    confidentialClientData: fc.boolean(),
  }),
});

const expectValidationError = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("VALIDATION");
    return;
  }
  throw new Error("expected a VALIDATION error");
};

describe("SECTORS", () => {
  it("lists the six sectors with their labels", () => {
    expect(SECTORS.map((s) => [s.id, s.label])).toEqual([
      ["it_saas", "IT / SaaS"],
      ["managed_services_cloud", "Managed services and cloud"],
      ["fintech_bfsi", "Fintech and BFSI"],
      ["healthtech", "Healthtech"],
      ["bpo_kpo_lpo", "BPO / KPO / LPO"],
      ["other", "Other"],
    ]);
  });
});

describe("recommendCategories", () => {
  it("always requires Security, explains why, and gives one entry per category in order", () => {
    fc.assert(
      fc.property(profileArb, (profile) => {
        const list = recommendCategories(profile);
        expect(list.map((r) => r.category)).toEqual([...CATEGORY_CODES]);
        expect(list[0]?.level).toBe("required");
        expect(list[0]?.reasons[0]).toMatch(/cannot be removed/);
        for (const r of list) {
          expect(r.reasons.length).toBeGreaterThan(0);
          for (const reason of r.reasons) expect(reason).toMatch(/^[A-Z].*\.$/);
        }
        // Only Security is ever "required": the rest is advice, never forced.
        expect(list.slice(1).every((r) => r.level !== "required")).toBe(true);
      }),
    );
  });

  it("leaves every other category optional when nothing points to it", () => {
    expect(levels("other")).toEqual({
      CC: "required",
      A: "optional",
      PI: "optional",
      C: "optional",
      P: "optional",
    });
    expect(recommend("other").get("A").reasons[0]).toMatch(/Nothing in your answers points to Availability/);
  });

  it("IT / SaaS: Availability and Confidentiality are worth considering", () => {
    expect(levels("it_saas")).toEqual({
      CC: "required",
      A: "consider",
      PI: "optional",
      C: "consider",
      P: "optional",
    });
  });

  it("managed services and cloud: Availability strongly, Confidentiality to consider", () => {
    expect(levels("managed_services_cloud")).toEqual({
      CC: "required",
      A: "recommended",
      PI: "optional",
      C: "consider",
      P: "optional",
    });
  });

  it("fintech and BFSI: Confidentiality, Availability, and Processing Integrity for transactions", () => {
    expect(levels("fintech_bfsi")).toEqual({
      CC: "required",
      A: "consider",
      PI: "optional",
      C: "recommended",
      P: "optional",
    });
    const withTransactions = recommend("fintech_bfsi", { transactionProcessing: true });
    expect(withTransactions.level("PI")).toBe("recommended");
    expect(withTransactions.get("PI").reasons).toHaveLength(2);
    expect(withTransactions.get("PI").reasons.join(" ")).toMatch(/financial customers/i);
  });

  it("fintech and BFSI: tells Indian vendors why RBI-regulated customers ask for Type 2", () => {
    const security = recommend("fintech_bfsi").get("CC");
    expect(security.reasons.join(" ")).toMatch(/RBI/);
    expect(security.reasons.join(" ")).toMatch(/Type 2/);
    expect(recommend("it_saas").get("CC").reasons.join(" ")).not.toMatch(/RBI/);
  });

  it("healthtech: Privacy and Confidentiality", () => {
    expect(levels("healthtech")).toEqual({
      CC: "required",
      A: "optional",
      PI: "optional",
      C: "recommended",
      P: "recommended",
    });
  });

  it("BPO / KPO / LPO: Confidentiality and Privacy, and Processing Integrity where they process transactions", () => {
    expect(levels("bpo_kpo_lpo")).toEqual({
      CC: "required",
      A: "optional",
      PI: "optional",
      C: "recommended",
      P: "recommended",
    });
    expect(recommend("bpo_kpo_lpo", { transactionProcessing: true }).get("PI").reasons.join(" ")).toMatch(
      /Outsourcing providers/,
    );
  });

  it("follows what the service handles, whatever the sector", () => {
    expect(recommend("other", { personalData: true }).level("P")).toBe("consider");
    expect(recommend("other", { transactionProcessing: true }).level("PI")).toBe("recommended");
    expect(recommend("other", { uptimeCommitments: true }).level("A")).toBe("recommended");
    expect(recommend("other", { confidentialClientData: true }).level("C")).toBe("recommended");
    expect(recommend("other", { uptimeCommitments: true }).get("A").reasons[0]).toMatch(/uptime/);
  });

  it("takes the strongest rule and puts its reason first", () => {
    const r = recommend("it_saas", { uptimeCommitments: true });
    expect(r.level("A")).toBe("recommended");
    expect(r.get("A").reasons).toHaveLength(2);
    expect(r.get("A").reasons[0]).toMatch(/uptime/);
    expect(r.get("A").reasons[1]).toMatch(/SaaS/);
  });

  it("never lowers a category's level when the service handles more", () => {
    fc.assert(
      fc.property(
        profileArb,
        fc.constantFrom(
          "personalData",
          "transactionProcessing",
          "uptimeCommitments",
          "confidentialClientData",
        ),
        (profile, flag) => {
          const before = recommendCategories(profile);
          const after = recommendCategories({ ...profile, handles: { ...profile.handles, [flag]: true } });
          before.forEach((r, i) => {
            expect(RANK[after[i]?.level ?? "optional"]).toBeGreaterThanOrEqual(RANK[r.level]);
          });
        },
      ),
    );
  });

  it("rejects an unknown sector", () => {
    expectValidationError(() => recommendCategories({ sector: "mining" as Sector, handles: NOTHING }));
  });
});

describe("adviseReportType", () => {
  const advise = (q: Partial<ReportTypeQuestion>) =>
    adviseReportType({ customersRequire: "type2", controlsOperatingMonths: 6, firstReport: true, ...q });

  it("customers demanding Type 2 with controls running 3+ months: Type 2 with a 3–6 month first period", () => {
    const a = advise({ controlsOperatingMonths: 3 });
    expect(a.recommended).toBe("type2");
    expect(a.suggestedPeriodMonths).toBe(6);
    expect(a.reasons.join(" ")).toMatch(/3 to 6 months/);
  });

  it("controls too new: Type 1 now and Type 2 next", () => {
    const a = advise({ controlsOperatingMonths: 2 });
    expect(a.recommended).toBe("type1");
    expect(a.suggestedPeriodMonths).toBeNull();
    expect(a.reasons.join(" ")).toMatch(/only|2 months/);
    expect(a.reasons.join(" ")).toMatch(/Type 1 now/);
    expect(advise({ controlsOperatingMonths: 2.9 }).recommended).toBe("type1");
  });

  it("a deadline too short for any period: Type 1 as a bridge", () => {
    const a = advise({ controlsOperatingMonths: 0, deadlineMonths: 4 });
    expect(a.recommended).toBe("type1");
    expect(a.reasons.join(" ")).toMatch(/bridge/);
    expect(advise({ controlsOperatingMonths: 1, deadlineMonths: 3 }).recommended).toBe("type1");
  });

  it("a deadline with just enough room: the shortest acceptable period", () => {
    const a = advise({ controlsOperatingMonths: 0, deadlineMonths: 5 });
    expect(a.recommended).toBe("type2");
    expect(a.suggestedPeriodMonths).toBe(3);
    expect(a.reasons.join(" ")).toMatch(/once every control is operating/);
  });

  it("a near deadline with controls already running: a period that started in the past", () => {
    const a = advise({ controlsOperatingMonths: 8, deadlineMonths: 3 });
    expect(a.recommended).toBe("type2");
    expect(a.suggestedPeriodMonths).toBe(6);
    expect(a.reasons.join(" ")).toMatch(/evidence for those months was kept/);
  });

  it("later reports: 12 months, back to back", () => {
    const a = advise({ firstReport: false, controlsOperatingMonths: 24 });
    expect(a).toMatchObject({ recommended: "type2", suggestedPeriodMonths: 12 });
    expect(a.reasons.join(" ")).toMatch(/no gap/);
    expect(
      advise({ firstReport: false, controlsOperatingMonths: 24, customersRequire: "any" }),
    ).toMatchObject({
      recommended: "type2",
      suggestedPeriodMonths: 12,
    });
  });

  it("customers happy with Type 1 get Type 1, with a nudge towards Type 2", () => {
    const first = advise({ customersRequire: "type1" });
    expect(first).toMatchObject({ recommended: "type1", suggestedPeriodMonths: null });
    expect(first.reasons.join(" ")).toMatch(/Plan a Type 2 next/);
    expect(advise({ customersRequire: "type1", firstReport: false }).reasons.join(" ")).toMatch(/unusual/);
  });

  it("unknown or either: plans for Type 2 when controls allow it", () => {
    expect(advise({ customersRequire: "unknown" }).recommended).toBe("type2");
    expect(advise({ customersRequire: "unknown", controlsOperatingMonths: 1 }).recommended).toBe("type1");
    expect(advise({ customersRequire: "any", controlsOperatingMonths: 4 }).recommended).toBe("type2");
    expect(advise({ customersRequire: "any", controlsOperatingMonths: 0 }).recommended).toBe("type1");
  });

  it("rejects negative or non-numeric months", () => {
    expectValidationError(() => advise({ controlsOperatingMonths: -1 }));
    expectValidationError(() => advise({ controlsOperatingMonths: Number.NaN }));
    expectValidationError(() => advise({ deadlineMonths: Number.POSITIVE_INFINITY }));
  });

  it("always suggests a 3–12 month period for Type 2 and none for Type 1, within the deadline", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ReportTypeQuestion["customersRequire"]>("type1", "type2", "any", "unknown"),
        fc.integer({ min: 0, max: 60 }),
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 36 }), { nil: undefined }),
        (customersRequire, controlsOperatingMonths, firstReport, deadlineMonths) => {
          const a = adviseReportType({
            customersRequire,
            controlsOperatingMonths,
            firstReport,
            deadlineMonths,
          });
          expect(a.reasons.length).toBeGreaterThan(0);
          if (a.recommended === "type1") {
            expect(a.suggestedPeriodMonths).toBeNull();
            return;
          }
          const months = a.suggestedPeriodMonths ?? -1;
          expect(months).toBeGreaterThanOrEqual(3);
          expect(months).toBeLessThanOrEqual(firstReport ? 6 : 12);
          if (deadlineMonths !== undefined) {
            expect(months).toBeLessThanOrEqual(controlsOperatingMonths + deadlineMonths - 2);
          }
        },
      ),
    );
  });
});

describe("parseCalendarDate", () => {
  it("accepts real dates only, in strict YYYY-MM-DD form", () => {
    expect(parseCalendarDate("2024-02-29")).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseCalendarDate("2000-02-29")).not.toBeNull();
    for (const bad of ["2025-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00"]) {
      expect(parseCalendarDate(bad), bad).toBeNull();
    }
    for (const bad of [
      "2026-1-1",
      "2026/01/01",
      "20260101",
      "",
      " 2026-01-01",
      "2026-01-01T00:00",
      "0000-01-01",
    ]) {
      expect(parseCalendarDate(bad), bad).toBeNull();
    }
  });

  it("agrees with the Gregorian calendar for any year-month-day", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, d) => {
          const text = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
          const js = new Date(Date.UTC(y, m - 1, d));
          const real = js.getUTCFullYear() === y && js.getUTCMonth() === m - 1 && js.getUTCDate() === d;
          expect(parseCalendarDate(text) !== null).toBe(real);
        },
      ),
    );
  });
});

describe("validateEngagementPeriod", () => {
  const type2 = (periodStart: string, periodEnd: string, firstReport = true) =>
    validateEngagementPeriod({ type: "type2", periodStart, periodEnd, firstReport });
  const date = (text: string) => {
    const d = parseCalendarDate(text);
    if (!d) throw new Error(`bad test date ${text}`);
    return d;
  };

  describe("Type 1", () => {
    it("needs an as-of date", () => {
      const r = validateEngagementPeriod({ type: "type1", firstReport: true });
      expect(r.ok).toBe(false);
      expect(r.errors).toEqual([{ field: "asOfDate", message: "A Type 1 report needs an as-of date." }]);
    });

    it("accepts a real as-of date and has no length", () => {
      expect(validateEngagementPeriod({ type: "type1", asOfDate: "2026-06-30", firstReport: true })).toEqual({
        ok: true,
        months: null,
        errors: [],
        warnings: [],
      });
    });

    it("rejects an impossible as-of date", () => {
      const r = validateEngagementPeriod({ type: "type1", asOfDate: "2026-02-29", firstReport: true });
      expect(r.ok).toBe(false);
      expect(r.errors[0]?.field).toBe("asOfDate");
      expect(r.errors[0]?.message).toMatch(/'2026-02-29' is not a real date/);
    });

    it("warns that period dates are ignored", () => {
      const r = validateEngagementPeriod({
        type: "type1",
        asOfDate: "2026-06-30",
        periodStart: "2026-01-01",
        firstReport: true,
      });
      expect(r.ok).toBe(true);
      expect(r.warnings[0]).toMatch(/ignored/);
    });
  });

  describe("Type 2", () => {
    it("needs a start and an end", () => {
      const r = validateEngagementPeriod({ type: "type2", firstReport: true });
      expect(r.ok).toBe(false);
      expect(r.errors.map((e) => e.field)).toEqual(["periodStart", "periodEnd"]);
      expect(r.months).toBeNull();
    });

    it("counts whole calendar months exactly", () => {
      expect(type2("2026-01-01", "2026-03-31")).toMatchObject({ ok: true, months: 3 });
      expect(type2("2026-01-01", "2026-06-30")).toMatchObject({ ok: true, months: 6, warnings: [] });
      expect(type2("2026-01-01", "2026-12-31")).toMatchObject({
        ok: true,
        months: 12,
        errors: [],
        warnings: [],
      });
      expect(type2("2026-07-01", "2027-06-30")).toMatchObject({ ok: true, months: 12 });
      expect(type2("2026-01-15", "2026-04-14")).toMatchObject({ ok: true, months: 3 });
      expect(type2("2025-10-16", "2026-04-15")).toMatchObject({ ok: true, months: 6 });
    });

    it("rejects a period under 3 months with a clear message", () => {
      const r = type2("2026-01-01", "2026-02-28");
      expect(r.ok).toBe(false);
      expect(r.months).toBe(2);
      expect(r.errors).toEqual([
        {
          field: "periodEnd",
          message: "A Type 2 period must be between 3 and 12 months; 2026-01-01 to 2026-02-28 is 2 months.",
        },
      ]);
    });

    it("rejects one day short of 3 months and one day over 12", () => {
      const short = type2("2026-01-01", "2026-03-30");
      expect(short.ok).toBe(false);
      expect(short.errors[0]?.message).toMatch(/is 2 months and 30 days\.$/);
      const long = type2("2026-01-01", "2027-01-01");
      expect(long.ok).toBe(false);
      expect(long.errors[0]?.message).toMatch(/is 12 months and 1 day\.$/);
      expect(type2("2026-01-01", "2026-01-20").errors[0]?.message).toMatch(/is 20 days\.$/);
    });

    it("counts leftover days as a fraction of the next month", () => {
      const r = type2("2026-01-01", "2026-04-15");
      expect(r.ok).toBe(true);
      expect(r.months).toBe(3.5); // 15 of April's 30 days
      expect(periodLength(date("2026-01-01"), date("2026-04-15"))).toEqual({
        wholeMonths: 3,
        extraDays: 15,
        months: 3.5,
      });
    });

    it("handles leap years", () => {
      expect(type2("2024-01-01", "2024-03-31").months).toBe(3);
      expect(type2("2023-12-01", "2024-02-29").months).toBe(3);
      expect(type2("2024-03-01", "2025-02-28")).toMatchObject({ ok: true, months: 12 });
      expect(type2("2023-03-01", "2024-02-29")).toMatchObject({ ok: true, months: 12 });
      expect(type2("2024-02-29", "2024-05-28").months).toBe(3);
      expect(type2("2023-12-01", "2024-02-28").ok).toBe(false); // leap day missing: 2 months and 28 days
      expect(type2("2025-01-01", "2025-02-29").errors[0]?.field).toBe("periodEnd");
    });

    it("handles periods that start at a month end (anniversaries clamp to the month's last day)", () => {
      expect(periodLength(date("2026-01-31"), date("2026-04-29"))).toMatchObject({
        wholeMonths: 3,
        extraDays: 0,
      });
      expect(periodLength(date("2026-01-31"), date("2026-04-30"))).toMatchObject({
        wholeMonths: 3,
        extraDays: 1,
      });
      expect(periodLength(date("2026-08-31"), date("2027-02-27"))).toMatchObject({
        wholeMonths: 6,
        extraDays: 0,
      });
      expect(type2("2026-11-30", "2027-02-27")).toMatchObject({ ok: true, months: 3 });
    });

    it("requires the end to come after the start", () => {
      expect(type2("2026-06-30", "2026-06-30").errors[0]).toMatchObject({ field: "periodEnd" });
      const r = type2("2026-06-30", "2026-01-01");
      expect(r.ok).toBe(false);
      expect(r.errors[0]?.message).toMatch(/must end after it starts/);
      expectValidationError(() => periodLength(date("2026-06-30"), date("2026-01-01")));
    });

    it("rejects impossible and badly written dates per field", () => {
      const r = type2("2026-04-31", "2026/12/31");
      expect(r.ok).toBe(false);
      expect(r.errors.map((e) => e.field)).toEqual(["periodStart", "periodEnd"]);
    });

    it("warns about a short first period, and less gently about a short later one", () => {
      const first = type2("2026-01-01", "2026-03-31", true);
      expect(first.ok).toBe(true);
      expect(first.warnings).toHaveLength(1);
      expect(first.warnings[0]).toMatch(/many user entities .*expect 6 to 12 months/);
      const later = type2("2026-01-01", "2026-05-31", false);
      expect(later.ok).toBe(true);
      expect(later.warnings[0]).toMatch(/less usual/);
      expect(type2("2026-01-01", "2026-06-30", false).warnings).toEqual([]);
    });

    it("warns that an as-of date is ignored", () => {
      const r = validateEngagementPeriod({
        type: "type2",
        asOfDate: "2026-06-30",
        periodStart: "2026-01-01",
        periodEnd: "2026-12-31",
        firstReport: false,
      });
      expect(r.ok).toBe(true);
      expect(r.warnings[0]).toMatch(/as-of date will be ignored/);
    });

    const isoDate = fc
      .date({
        min: new Date("1990-01-01T00:00:00Z"),
        max: new Date("2100-12-31T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));

    it("property: any accepted period is between 3 and 12 months", () => {
      fc.assert(
        fc.property(isoDate, fc.integer({ min: 1, max: 500 }), fc.boolean(), (start, days, firstReport) => {
          const endDate = new Date(`${start}T00:00:00Z`);
          endDate.setUTCDate(endDate.getUTCDate() + days);
          const r = type2(start, endDate.toISOString().slice(0, 10), firstReport);
          // Both dates are real and the end is after the start, so only the length can be wrong.
          const months = r.months ?? Number.NaN;
          expect(r.ok).toBe(months >= 3 && months <= 12);
          if (r.ok) expect(r.errors).toEqual([]);
          else expect(r.errors[0]?.message).toMatch(/between 3 and 12 months/);
        }),
      );
    });

    it("property: k whole months from any start day up to the 28th count as exactly k", () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1990, max: 2100 }),
          fc.integer({ min: 1, max: 12 }),
          fc.integer({ min: 1, max: 28 }),
          fc.integer({ min: 1, max: 15 }),
          (y, m, d, k) => {
            const start = new Date(Date.UTC(y, m - 1, d));
            const end = new Date(Date.UTC(y, m - 1 + k, d - 1));
            const r = type2(start.toISOString().slice(0, 10), end.toISOString().slice(0, 10));
            expect(r.months).toBe(k);
            expect(r.ok).toBe(k >= 3 && k <= 12);
          },
        ),
      );
    });

    it("property: a later end never makes the period shorter", () => {
      fc.assert(
        fc.property(isoDate, fc.integer({ min: 0, max: 400 }), (start, days) => {
          const s = date(start);
          const e1 = new Date(`${start}T00:00:00Z`);
          e1.setUTCDate(e1.getUTCDate() + days);
          const e2 = new Date(e1);
          e2.setUTCDate(e2.getUTCDate() + 1);
          const a = periodLength(s, date(e1.toISOString().slice(0, 10)));
          const b = periodLength(s, date(e2.toISOString().slice(0, 10)));
          expect(b.months).toBeGreaterThan(a.months);
          expect(a.extraDays).toBeGreaterThanOrEqual(0);
        }),
      );
    });
  });
});
