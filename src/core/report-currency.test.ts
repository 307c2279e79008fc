import { describe, expect, it } from "vitest";
import {
  bridgeLetterWindow,
  type CurrencyFacts,
  currencyLevel,
  currentUntil,
  daysBetween,
  reportCurrency,
} from "./report-currency.js";

const facts = (over: Partial<CurrencyFacts> = {}): CurrencyFacts => ({
  report: { kind: "soc2-type2", coversUntil: "2025-12-31" },
  today: "2026-11-27",
  nextPeriodExists: false,
  bridgeCoversUntil: null,
  ...over,
});

describe("currentUntil", () => {
  it("is the same calendar day twelve months after the period end", () => {
    expect(currentUntil("2025-12-31")).toBe("2026-12-31");
    expect(currentUntil("2026-03-31")).toBe("2027-03-31");
  });

  it("moves 29 February to 28 February of the next year", () => {
    expect(currentUntil("2024-02-29")).toBe("2025-02-28");
  });

  it("crosses a leap day without losing it", () => {
    expect(currentUntil("2023-03-01")).toBe("2024-03-01");
    expect(daysBetween("2023-03-01", "2024-03-01")).toBe(366);
  });
});

describe("daysBetween", () => {
  it("counts calendar days, negative when the second date is earlier", () => {
    expect(daysBetween("2026-11-27", "2026-12-31")).toBe(34);
    expect(daysBetween("2026-12-31", "2026-11-27")).toBe(-34);
    expect(daysBetween("2026-12-31", "2026-12-31")).toBe(0);
  });

  it("counts 29 February in a leap year", () => {
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2);
    expect(daysBetween("2027-02-28", "2027-03-01")).toBe(1);
  });
});

describe("currencyLevel", () => {
  it("warns from exactly 90, 60 and 30 days before the end", () => {
    expect(currencyLevel(91)).toBe("ok");
    expect(currencyLevel(90)).toBe("90");
    expect(currencyLevel(61)).toBe("90");
    expect(currencyLevel(60)).toBe("60");
    expect(currencyLevel(31)).toBe("60");
    expect(currencyLevel(30)).toBe("30");
  });

  it("keeps the report current on its last day and expires it the day after", () => {
    expect(currencyLevel(0)).toBe("30");
    expect(currencyLevel(-1)).toBe("expired");
  });
});

describe("reportCurrency", () => {
  it("gives the demo report (period ended 31 Dec 2025) a 60-day warning on 27 Nov 2026", () => {
    const c = reportCurrency(facts());
    expect(c).toMatchObject({ currentUntil: "2026-12-31", daysLeft: 34, level: "60", warn: true });
  });

  it("reports the exact boundary days of each level", () => {
    const on = (today: string) => reportCurrency(facts({ today }));
    expect(on("2026-10-01")).toMatchObject({ daysLeft: 91, level: "ok", warn: false });
    expect(on("2026-10-02")).toMatchObject({ daysLeft: 90, level: "90", warn: true });
    expect(on("2026-11-01")).toMatchObject({ daysLeft: 60, level: "60" });
    expect(on("2026-12-01")).toMatchObject({ daysLeft: 30, level: "30" });
    expect(on("2026-12-31")).toMatchObject({ daysLeft: 0, level: "30" });
    expect(on("2027-01-01")).toMatchObject({ daysLeft: -1, level: "expired" });
  });

  it("treats a Type 1 report's as-of date like a period end", () => {
    const c = reportCurrency(
      facts({ report: { kind: "soc2-type1", coversUntil: "2026-03-31" }, today: "2027-01-01" }),
    );
    expect(c).toMatchObject({ currentUntil: "2027-03-31", daysLeft: 89, level: "90" });
  });

  it("counts across a leap day: a report ending 1 March 2023 is current until 1 March 2024", () => {
    const c = reportCurrency(
      facts({ report: { kind: "soc2-type2", coversUntil: "2023-03-01" }, today: "2024-01-31" }),
    );
    expect(c).toMatchObject({ currentUntil: "2024-03-01", daysLeft: 30, level: "30" });
  });

  it("offers the roll-forward only while no next-period engagement exists", () => {
    expect(reportCurrency(facts()).offers.rollForward).toBe(true);
    expect(reportCurrency(facts({ nextPeriodExists: true })).offers.rollForward).toBe(false);
  });

  it("offers a bridge letter up to today unless one already covers today", () => {
    expect(reportCurrency(facts()).offers).toMatchObject({
      bridgeLetter: true,
      bridgeWindow: { from: "2026-01-01", to: "2026-11-27" },
    });
    const partial = reportCurrency(facts({ bridgeCoversUntil: "2026-09-30" }));
    expect(partial).toMatchObject({ bridgeCoversToday: false, offers: { bridgeLetter: true } });
    const full = reportCurrency(facts({ bridgeCoversUntil: "2026-11-27" }));
    expect(full).toMatchObject({ bridgeCoversToday: true, offers: { bridgeLetter: false } });
  });

  it("offers no bridge letter once the report has expired: a new examination is needed", () => {
    const c = reportCurrency(facts({ today: "2027-01-02" }));
    expect(c.level).toBe("expired");
    expect(c.offers.bridgeLetter).toBe(false);
    expect(c.offers.rollForward).toBe(true);
  });

  it("offers no bridge letter on the period's last day: there is no gap yet", () => {
    const c = reportCurrency(facts({ today: "2025-12-31" }));
    expect(c.offers.bridgeLetter).toBe(false);
    expect(c.offers.bridgeWindow).toBeNull();
  });
});

describe("bridgeLetterWindow", () => {
  it("runs from the day after the period end to today, capped at twelve months", () => {
    expect(bridgeLetterWindow("2025-12-31", "2026-03-15")).toEqual({ from: "2026-01-01", to: "2026-03-15" });
    expect(bridgeLetterWindow("2025-12-31", "2027-06-01")).toEqual({ from: "2026-01-01", to: "2026-12-31" });
    expect(bridgeLetterWindow("2024-02-29", "2025-06-01")).toEqual({ from: "2024-03-01", to: "2025-02-28" });
  });

  it("is empty until the day after the period end", () => {
    expect(bridgeLetterWindow("2025-12-31", "2025-12-31")).toBeNull();
    expect(bridgeLetterWindow("2025-12-31", "2025-06-30")).toBeNull();
  });
});
