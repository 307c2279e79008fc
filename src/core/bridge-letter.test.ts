import { describe, expect, it } from "vitest";
import {
  type BridgeLetterInput,
  buildBridgeLetter,
  type LetterModel,
  oneYearAfter,
} from "./bridge-letter.js";
import { AppError } from "./errors.js";

const input = (over: Partial<BridgeLetterInput> = {}): BridgeLetterInput => ({
  organization: { name: "PayRail Technologies", systemName: "payment aggregation platform" },
  coveredReport: {
    kind: "soc2-type2",
    periodStart: "2025-04-01",
    periodEnd: "2026-03-31",
    auditor: "Mehta Raman & Associates LLP",
    issuedOn: "2026-05-15",
  },
  coversUntil: "2026-06-30",
  letterDate: "2026-07-03",
  changes: ["12 May 2026: the settlement engine moved to a second AWS region."],
  incidents: [],
  noChangesConfirmed: true,
  cuecs: ["Merchants protect their API keys."],
  signer: { name: "Rohan Iyer", title: "Chief Technology Officer" },
  engagementId: "eng-1",
  version: 1,
  ...over,
});

const text = (m: LetterModel): string =>
  [
    m.title,
    ...m.blocks.flatMap((b) => (b.kind === "list" ? b.items : "text" in b ? [b.text] : [])),
    ...m.signature,
    m.footnote,
  ].join("\n");

const validation = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("VALIDATION");
    return (e as AppError).message;
  }
  throw new Error("expected a VALIDATION error");
};

describe("buildBridgeLetter", () => {
  it("names the covered report, the gap period, the changes, the CUECs, and says it does not replace a SOC report", () => {
    const t = text(buildBridgeLetter(input()));
    expect(t).toContain(
      "SOC 2 Type 2 report for the period 1 April 2025 to 31 March 2026, dated 15 May 2026",
    );
    expect(t).toContain("from 1 April 2026 to 30 June 2026");
    expect(t).toContain("Mehta Raman & Associates LLP examined");
    expect(t).toContain("the settlement engine moved to a second AWS region");
    expect(t).toContain("Merchants protect their API keys.");
    expect(t).toContain("does not replace a SOC report");
    expect(t).toContain("gives no opinion");
    expect(t).toContain("Rohan Iyer\nChief Technology Officer\nPayRail Technologies");
  });

  it("states that there were none when the lists are empty and management confirms it", () => {
    const t = text(buildBridgeLetter(input({ changes: [], incidents: [" "], noChangesConfirmed: true })));
    expect(t).toContain(
      "Management is not aware of any significant changes to the system or its controls from 1 April 2026",
    );
    expect(t).toContain("Management is not aware of any incident from 1 April 2026 to 30 June 2026");
  });

  it("needs the confirmation when a list is empty", () => {
    expect(validation(() => buildBridgeLetter(input({ noChangesConfirmed: false })))).toMatch(
      /noChangesConfirmed/,
    );
    expect(() =>
      buildBridgeLetter(
        input({ incidents: ["2 June 2026: a 10-minute API outage."], noChangesConfirmed: false }),
      ),
    ).not.toThrow();
  });

  it("refuses a gap of more than 12 months, a date inside the period, and a future date", () => {
    const late = { coversUntil: "2027-04-01", letterDate: "2027-04-02" };
    expect(validation(() => buildBridgeLetter(input(late)))).toMatch(/more than 12 months/);
    expect(() =>
      buildBridgeLetter(input({ coversUntil: "2027-03-31", letterDate: "2027-04-02" })),
    ).not.toThrow();
    expect(validation(() => buildBridgeLetter(input({ coversUntil: "2026-03-31" })))).toMatch(
      /after the covered/,
    );
    expect(validation(() => buildBridgeLetter(input({ coversUntil: "2026-07-10" })))).toMatch(/passed/);
    validation(() => buildBridgeLetter(input({ coversUntil: "2026-02-30" })));
  });

  it("covers a Type 1 report from its as-of date", () => {
    const t = text(
      buildBridgeLetter(
        input({ coveredReport: { kind: "soc2-type1", periodEnd: "2026-03-31", auditor: "Firm LLP" } }),
      ),
    );
    expect(t).toContain("SOC 2 Type 1 report as of 31 March 2026");
  });

  it("counts 12 months by the calendar", () => {
    expect(oneYearAfter("2026-03-31")).toBe("2027-03-31");
    expect(oneYearAfter("2024-02-29")).toBe("2025-02-28");
  });
});
