import { describe, expect, it } from "vitest";
import { dc4Opening, disclosureWindow, mergeDc4Entries, registerDc4Entries } from "./incident-disclosure.js";

const FY = { start: "2026-04-01", end: "2027-03-31" };
const inc = (awareAt: string, disclose = true, nature = `Incident of ${awareAt}`) => ({
  awareAt,
  disclose,
  nature,
  extent: "Some merchants",
  resolution: "Fixed",
});

describe("DC4 feed from the incident register", () => {
  it("takes flagged incidents whose awareness falls in the period, by date, bounds inclusive", () => {
    const entries = registerDc4Entries(
      [
        inc("2026-09-10T05:00:00Z"),
        inc("2026-04-01T00:00:00Z"),
        inc("2027-03-31T23:59:00Z"),
        inc("2026-03-31T23:59:00Z"),
        inc("2027-04-01T00:00:00Z"),
        inc("2026-06-01T00:00:00Z", false),
      ],
      FY,
    );
    expect(entries.map((e) => e.date)).toEqual(["2026-04-01", "2026-09-10", "2027-03-31"]);
  });

  it("does not repeat an incident written into the description by hand", () => {
    const manual = [
      { date: "2026-09-10", nature: "incident of 2026-09-10t05:00:00z", extent: "", resolution: "" },
    ];
    const merged = mergeDc4Entries(
      manual,
      registerDc4Entries([inc("2026-09-10T05:00:00Z"), inc("2026-05-01T00:00:00Z")], FY),
    );
    expect(merged.map((e) => e.date)).toEqual(["2026-05-01", "2026-09-10"]);
    expect(merged[1]?.extent).toBe("");
  });

  it("uses the period for Type 2 and the twelve months to the as-of date for Type 1", () => {
    expect(disclosureWindow({ type: "type2", periodStart: "2026-04-01", periodEnd: "2027-03-31" })).toEqual(
      FY,
    );
    expect(disclosureWindow({ type: "type1", asOfDate: "2026-06-30" })).toEqual({
      start: "2025-07-01",
      end: "2026-06-30",
    });
    expect(disclosureWindow({ type: "type2" })).toBeNull();
  });
});

describe("DC4 wording", () => {
  const tf = "throughout the period 1 April 2026 to 31 March 2027";
  it("says explicitly that there was nothing to disclose", () => {
    expect(dc4Opening(0, tf)).toEqual({
      text: "There were no system incidents to disclose throughout the period 1 April 2026 to 31 March 2027.",
      table: false,
    });
  });

  it("introduces one incident, or several with their count, before the table", () => {
    expect(dc4Opening(1, tf)).toMatchObject({
      table: true,
      text: expect.stringMatching(/^Management discloses the following system incident throughout/),
    });
    expect(dc4Opening(3, tf).text).toMatch(/the following 3 system incidents/);
  });
});
