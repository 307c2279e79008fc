import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, addMonths } from "./audit-program-dates.js";
import { rollForwardDates, rollForwardDescription, rollForwardName } from "./audit-program-roll-forward.js";
import { validateEngagementPeriod } from "./scoping.js";
import { SystemDescriptionSchema } from "./system-description.js";

describe("rolling an engagement forward", () => {
  it("starts a calendar-year Type 2 period the day after and keeps twelve months", () => {
    const next = rollForwardDates({
      type: "type2",
      asOfDate: null,
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
    });
    expect(next).toMatchObject({ periodStart: "2027-01-01", periodEnd: "2027-12-31", asOfDate: null });
    expect(next.shift("2026-12-31")).toBe("2027-12-31");
    expect(next.shift("2027-01-14")).toBe("2028-01-14");
  });

  it("keeps whole months whole when the old period ended on a month end", () => {
    // 2026-01-30..2026-04-29 is three months; three months from 2026-04-30 end on 2026-07-29.
    const next = rollForwardDates({
      type: "type2",
      asOfDate: null,
      periodStart: "2026-01-30",
      periodEnd: "2026-04-29",
    });
    expect(next).toMatchObject({ periodStart: "2026-04-30", periodEnd: "2026-07-29" });
  });

  it("keeps a six-month period across a leap day, and other lengths by their months and days", () => {
    const six = rollForwardDates({
      type: "type2",
      asOfDate: null,
      periodStart: "2027-09-01",
      periodEnd: "2028-02-29",
    });
    expect(six).toMatchObject({ periodStart: "2028-03-01", periodEnd: "2028-08-31" });
    const odd = rollForwardDates({
      type: "type2",
      asOfDate: null,
      periodStart: "2026-01-10",
      periodEnd: "2026-05-20",
    });
    // Four months and eleven days, again.
    expect(odd).toMatchObject({ periodStart: "2026-05-21", periodEnd: "2026-10-01" });
    expect(odd.shift("2026-05-20")).toBe("2026-10-01");
    expect(odd.shift("2026-01-10")).toBe("2026-05-21");
  });

  it("keeps whole months exactly, and any valid period valid (property)", () => {
    const day = fc.integer({ min: 0, max: 2000 }).map((n) => addDays("2024-01-01", n));
    fc.assert(
      fc.property(day, fc.integer({ min: 85, max: 370 }), fc.boolean(), (start, days, whole) => {
        const months = Math.max(3, Math.min(12, Math.round(days / 30.4)));
        const end = whole ? addDays(addMonths(start, months, "clamp"), -1) : addDays(start, days);
        const before = validateEngagementPeriod({
          type: "type2",
          periodStart: start,
          periodEnd: end,
          firstReport: false,
        });
        fc.pre(before.ok);
        const next = rollForwardDates({ type: "type2", asOfDate: null, periodStart: start, periodEnd: end });
        expect(next.periodStart).toBe(addDays(end, 1));
        const after = validateEngagementPeriod({
          type: "type2",
          periodStart: next.periodStart ?? "",
          periodEnd: next.periodEnd ?? "",
          firstReport: false,
        });
        expect(after.ok).toBe(true);
        if (whole) expect(after.months).toBe(before.months);
        else expect(Math.abs((after.months ?? 0) - (before.months ?? 0))).toBeLessThanOrEqual(0.15);
        // Dates inside the period move with it: its first and last day land on the new ones.
        expect(next.shift(start)).toBe(next.periodStart);
        expect(next.shift(end)).toBe(next.periodEnd);
      }),
      { numRuns: 500 },
    );
  });

  it("moves a Type 1 as-of date one year on, and refuses an engagement without dates", () => {
    expect(
      rollForwardDates({ type: "type1", asOfDate: "2026-06-30", periodStart: null, periodEnd: null }),
    ).toMatchObject({
      asOfDate: "2027-06-30",
    });
    expect(() =>
      rollForwardDates({ type: "type1", asOfDate: null, periodStart: null, periodEnd: null }),
    ).toThrow(/as-of date/);
    expect(() =>
      rollForwardDates({ type: "type2", asOfDate: null, periodStart: "2026-01-01", periodEnd: null }),
    ).toThrow(/valid period/);
  });

  it("names the next engagement after its year, or after its period", () => {
    const from = {
      type: "type2" as const,
      asOfDate: null,
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
    };
    const to = rollForwardDates(from);
    expect(rollForwardName("Acme SOC 2 Type 2 2026", from, to)).toBe("Acme SOC 2 Type 2 2027");
    expect(rollForwardName("FY2026 audit 2026 (Acme)", from, to)).toBe("FY2026 audit 2027 (Acme)");
    expect(rollForwardName("Acme SOC 2", from, to)).toBe("Acme SOC 2 (2027-01-01 to 2027-12-31)");
    const half = {
      type: "type2" as const,
      asOfDate: null,
      periodStart: "2026-01-01",
      periodEnd: "2026-06-30",
    };
    expect(rollForwardName("Acme 2026", half, rollForwardDates(half))).toBe(
      "Acme 2026 (2026-07-01 to 2026-12-31)",
    );
  });
});

describe("carrying the system description forward", () => {
  it("keeps the system and clears what belongs to the old period", () => {
    const before = SystemDescriptionSchema.parse({
      services: "Payments API for merchants",
      incidents: [{ date: "2026-05-01", nature: "Outage", extent: "2 h", resolution: "Fixed" }],
      noChanges: true,
      cuecs: [{ text: "Customers review their users", criteria: ["CC6.2"] }],
      subservice: [
        { subserviceId: "old-aws", csocs: [{ text: "Physical security" }], reportPeriodEnd: "2026-09-30" },
        { subserviceId: "gone", monitoring: "Annual review" },
      ],
    });
    const after = rollForwardDescription(before, new Map([["old-aws", "new-aws"]]));
    expect(after.services).toBe("Payments API for merchants");
    expect(after.cuecs).toEqual(before.cuecs);
    expect(after).toMatchObject({ incidents: [], noIncidents: false, changes: [], noChanges: false });
    expect(after.subservice).toEqual([
      {
        subserviceId: "new-aws",
        csocs: [{ text: "Physical security", criteria: [] }],
        monitoring: "",
        reportType: "soc2-type2",
        reportPeriodStart: "",
        reportPeriodEnd: "",
      },
    ]);
  });
});
