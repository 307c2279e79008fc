import { describe, expect, it } from "vitest";
import { runFieldwork } from "../support/cli.js";

interface JsonQuote {
  total: number;
  currency: string;
  costClass: string;
  partnerConfirmationRequired: boolean;
  hours: { planning: number; fieldwork: number; reporting: number; total: number };
  fees: { planning: number; fieldwork: number; reporting: number };
  drivers: { id: string; label: string; value: string; hours: number; amount: number; explanation: string }[];
  rateCard: { id: string; version: string };
}

const quoteJson = async (args: readonly string[]): Promise<JsonQuote> => {
  const result = await runFieldwork(["quote", ...args, "--json"]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as JsonQuote;
};

describe("fieldwork quote --json", () => {
  it("prints one JSON object with the total, class, hours and drivers", async () => {
    const q = await quoteJson(["--type", "1", "--tsc", "CC"]);
    expect(q).toMatchObject({
      total: 730_000,
      currency: "INR",
      costClass: "lower",
      partnerConfirmationRequired: false,
      hours: { planning: 22, fieldwork: 82, reporting: 18, total: 122 },
      rateCard: { version: "2026.1" },
    });
    expect(q.drivers.map((d) => d.id)).toEqual([
      "base",
      "type",
      "categories",
      "period",
      "employees",
      "systems",
      "locations",
      "vendors",
      "hosting",
      "maturity",
      "evidenceReadiness",
    ]);
    expect(q.drivers.reduce((s, d) => s + d.hours, 0)).toBe(q.hours.total);
  });

  it("prices Type 2 above Type 1 for the same scope", async () => {
    const scope = ["--tsc", "cc,a,c", "--employees", "120", "--systems", "5", "--currency", "USD"];
    const [t1, t2] = await Promise.all([
      quoteJson(["--type", "1", ...scope]),
      quoteJson(["--type", "2", ...scope]),
    ]);
    expect(t1.currency).toBe("USD");
    expect(t2.total).toBeGreaterThan(t1.total);
    expect(t2.hours.total).toBeGreaterThan(t1.hours.total);
    expect(t1.drivers.find((d) => d.id === "categories")?.value).toBe("CC, A, C");
  });

  it("adds Security when --tsc leaves it out, and flags an enterprise scope for a partner", async () => {
    const q = await quoteJson([
      "--type",
      "2",
      "--tsc",
      "A",
      "--employees",
      "2000",
      "--systems",
      "40",
      "--locations",
      "12",
    ]);
    expect(q.drivers.find((d) => d.id === "categories")?.value).toBe("CC, A");
    expect(q.costClass).toBe("variable");
    expect(q.partnerConfirmationRequired).toBe(true);
  });
});

describe("fieldwork quote (plain output)", () => {
  it("prints a readable summary with Indian digit grouping and a driver table", async () => {
    const result = await runFieldwork(["quote", "--type", "2", "--tsc", "CC,A,C"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const out = result.stdout;
    expect(out).toContain("SOC 2 Type 2 quote: Security, Availability, Confidentiality");
    expect(out).toMatch(/Total: +INR 20,10,000 \(fixed fee\)/);
    expect(out).toMatch(/Cost class: +higher/);
    expect(out).toMatch(/Hours: +planning \d+, fieldwork \d+, reporting \d+; total \d+/);
    expect(out).toMatch(/^Driver +Value +Hours +Amount$/m);
    expect(out).toMatch(/^Observation period +12 months +\d+ +INR [\d,]+$/m);
    expect(out).toContain("Type 2 adds testing of operating effectiveness across the period");
  });

  it("formats USD with US grouping", async () => {
    const result = await runFieldwork(["quote", "--type", "1", "--tsc", "CC", "--currency", "usd"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Total: +USD 14,200 \(fixed fee\)/);
  });
});

describe("fieldwork quote: usage errors", () => {
  it.each([
    ["an unknown --type", ["--type", "3", "--tsc", "CC"], /--type must be 1 or 2/],
    [
      "a non-numeric count",
      ["--type", "1", "--tsc", "CC", "--employees", "lots"],
      /--employees must be a whole number/,
    ],
    [
      "an out-of-range period",
      ["--type", "2", "--tsc", "CC", "--period-months", "13"],
      /--period-months .* 3 to 12/,
    ],
    [
      "a fractional count",
      ["--type", "1", "--tsc", "CC", "--vendors", "2.5"],
      /--vendors must be a whole number/,
    ],
    ["an unknown category code", ["--type", "1", "--tsc", "CC,XY"], /--tsc .*"XY"/],
    [
      "an unknown hosting model",
      ["--type", "1", "--tsc", "CC", "--hosting", "mainframe"],
      /--hosting must be/,
    ],
    [
      "an unknown currency",
      ["--type", "1", "--tsc", "CC", "--currency", "EUR"],
      /--currency must be "INR" or "USD"/,
    ],
    ["an unknown option", ["--type", "1", "--tsc", "CC", "--jsn"], /unknown option '--jsn'/],
    ["a missing --type", ["--tsc", "CC"], /required option '--type/],
    ["a missing --tsc", ["--type", "1"], /required option '--tsc/],
    [
      "a missing option value",
      ["--type", "1", "--tsc", "CC", "--systems"],
      /'--systems <N>' argument missing/,
    ],
  ])("rejects %s with exit code 2 and one line on stderr", async (_, args, message) => {
    const result = await runFieldwork(["quote", ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^fieldwork: /);
    expect(lines[0]).toMatch(message);
  });
});

describe("fieldwork quote --help", () => {
  it("lists every flag with its allowed values", async () => {
    const result = await runFieldwork(["quote", "--help"]);
    expect(result.code).toBe(0);
    const help = result.stdout;
    expect(help).toContain(
      "Usage: fieldwork quote --type 1|2 --tsc CC,A,C [--period-months N] [--employees N] [--systems N] " +
        "[--locations N] [--vendors N] [--hosting cloud|hybrid|on-prem] [--maturity low|medium|high] " +
        "[--evidence-readiness low|medium|high] [--currency INR|USD] [--json]",
    );
    for (const flag of [
      /--type <1\|2>/,
      /--tsc <codes> .*CC, A, PI, C, P/,
      /--period-months <N> .*3 to 12/,
      /--employees <N> .*1 to 1,000,000/,
      /--systems <N> .*1 to 10,000/,
      /--locations <N> .*1 to 10,000/,
      /--vendors <N> .*0 to 10,000/,
      /--hosting <cloud\|hybrid\|on-prem>/,
      /--maturity <low\|medium\|high>/,
      /--evidence-readiness <low\|medium\|high>/,
      /--currency <INR\|USD>/,
      /--json/,
    ]) {
      expect(help).toMatch(flag);
    }
  });
});
