import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, addMonths, type DueDateInput, defaultDueDate } from "./audit-program-dates.js";

describe("default due dates of generated requests", () => {
  const type2 = (over: Partial<DueDateInput>): DueDateInput => ({
    type: "type2",
    kind: "population",
    today: "2026-03-10",
    periodEnd: "2026-12-31",
    automated: false,
    ...over,
  });

  it("makes a population due 14 days after the period end, or after today once the period has ended", () => {
    expect(defaultDueDate(type2({}))).toBe("2027-01-14");
    expect(defaultDueDate(type2({ today: "2027-01-05" }))).toBe("2027-01-19");
    expect(defaultDueDate(type2({ periodEnd: null }))).toBe("2026-03-24");
  });

  it("makes sampled evidence due 14 days after the population", () => {
    expect(defaultDueDate(type2({ kind: "evidence" }))).toBe("2027-01-28");
  });

  it("asks for an automated control's configuration while the period is open", () => {
    expect(defaultDueDate(type2({ kind: "evidence", automated: true }))).toBe("2026-03-24");
    expect(defaultDueDate(type2({ kind: "evidence", automated: true, today: "2026-12-25" }))).toBe(
      "2026-12-31",
    );
    expect(defaultDueDate(type2({ kind: "evidence", automated: true, today: "2027-02-01" }))).toBe(
      "2027-02-15",
    );
  });

  it("makes Type 1 requests due 14 days after the later of today and the as-of date", () => {
    const type1 = { type: "type1" as const, automated: false, periodEnd: "2026-06-30" };
    expect(defaultDueDate({ ...type1, kind: "design", today: "2026-03-01" })).toBe("2026-07-14");
    expect(defaultDueDate({ ...type1, kind: "evidence", today: "2026-08-01" })).toBe("2026-08-15");
  });

  it("never gives a date in the past (property)", () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays("2024-01-01", n));
    fc.assert(
      fc.property(
        fc.constantFrom("type1", "type2") as fc.Arbitrary<"type1" | "type2">,
        fc.constantFrom("population", "evidence", "design") as fc.Arbitrary<
          "population" | "evidence" | "design"
        >,
        day,
        fc.option(day),
        fc.boolean(),
        (type, kind, today, periodEnd, automated) => {
          expect(defaultDueDate({ type, kind, today, periodEnd, automated }) >= today).toBe(true);
        },
      ),
    );
  });
});

describe("calendar arithmetic", () => {
  it("keeps month ends on month ends and clamps other days", () => {
    expect(addMonths("2027-02-28", 12)).toBe("2028-02-29");
    expect(addMonths("2028-02-29", 12)).toBe("2029-02-28");
    expect(addMonths("2027-02-28", 12, "clamp")).toBe("2028-02-28");
    expect(addMonths("2026-04-30", 3, "clamp")).toBe("2026-07-30");
    expect(addMonths("2026-01-30", 1)).toBe("2026-02-28");
    expect(addMonths("2026-04-30", 1)).toBe("2026-05-31");
    expect(addMonths("2026-11-15", 3)).toBe("2027-02-15");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });
});
