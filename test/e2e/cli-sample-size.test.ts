import { describe, expect, it } from "vitest";
import { runFieldwork } from "../support/cli.js";

interface JsonPlan {
  method: string;
  size: number;
  rule: string;
  population?: number | null;
  testAll?: boolean;
  allowedDeviations?: number;
}

const planJson = async (args: readonly string[]): Promise<JsonPlan> => {
  const result = await runFieldwork(["sample-size", ...args, "--json"]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as JsonPlan;
};

describe("fieldwork sample-size --frequency", () => {
  it("prints the frequency size and rule as JSON", async () => {
    const plan = await planJson(["--frequency", "daily"]);
    expect(plan).toMatchObject({ method: "frequency", size: 25, population: null, testAll: false });
    expect(plan.rule).toMatch(/daily control is 25 items/);
  });

  it("sizes event-driven controls by population band, and steps up for higher risk", async () => {
    const [band, high, all] = await Promise.all([
      planJson(["--frequency", "event", "--population", "251"]),
      planJson(["--frequency", "event", "--population", "251", "--risk", "high"]),
      planJson(["--frequency", "event", "--population", "10"]),
    ]);
    expect(band).toMatchObject({ size: 25, population: 251, testAll: false });
    expect(high.size).toBe(40);
    expect(high.rule).toMatch(/next larger size/);
    expect(all).toMatchObject({ size: 10, testAll: true });
  });

  it("accepts --prior-deviation and --automated --itgc-effective", async () => {
    const [prior, automated] = await Promise.all([
      planJson(["--frequency", "quarterly", "--prior-deviation"]),
      planJson(["--frequency", "daily", "--automated", "--itgc-effective"]),
    ]);
    expect(prior.size).toBe(3);
    expect(automated.size).toBe(1);
    expect(automated.rule).toMatch(/test of one/);
  });

  it("prints one readable paragraph without --json", async () => {
    const result = await runFieldwork(["sample-size", "--frequency", "Weekly", "--population", "4"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const lines = result.stdout.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Sample size: 4 items \(the whole population\)\. .*every item is tested\.$/);
  });
});

describe("fieldwork sample-size --confidence", () => {
  it("prints the AICPA table size and allowed deviations as JSON", async () => {
    const [a1, a2] = await Promise.all([
      planJson(["--confidence", "95", "--tolerable", "10", "--expected", "1"]),
      planJson(["--confidence", "90", "--tolerable", "5%", "--expected", "2"]),
    ]);
    expect(a1).toMatchObject({ method: "statistical", size: 46, allowedDeviations: 1 });
    expect(a1.rule).toMatch(/Table A-1/);
    expect(a2).toMatchObject({ size: 132, allowedDeviations: 3 });
    expect(a2.rule).toMatch(/Table A-2/);
  });

  it("prints one readable paragraph without --json", async () => {
    const result = await runFieldwork([
      "sample-size",
      "--confidence",
      "95",
      "--tolerable",
      "10",
      "--expected",
      "0",
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^Sample size: 29 items, allowing 0 deviations\. At 95 % confidence.*\n$/);
    expect(result.stdout.trimEnd().split("\n")).toHaveLength(1);
  });
});

describe("fieldwork sample-size: usage errors", () => {
  it.each([
    ["no method at all", [], /--frequency .* or --confidence/],
    ["an unknown frequency", ["--frequency", "hourly"], /--frequency must be one of/],
    ["an event without a population", ["--frequency", "event"], /--population is required/],
    [
      "a non-numeric population",
      ["--frequency", "event", "--population", "lots"],
      /--population must be a whole number/,
    ],
    ["a negative population", ["--frequency", "daily", "--population", "-3"], /--population/],
    ["an unknown risk", ["--frequency", "daily", "--risk", "medium"], /--risk must be low or high/],
    ["--itgc-effective without --automated", ["--frequency", "daily", "--itgc-effective"], /add --automated/],
    ["mixed methods", ["--frequency", "daily", "--tolerable", "5"], /use either --frequency/],
    [
      "a frequency flag with statistical sampling",
      ["--confidence", "95", "--tolerable", "5", "--expected", "0", "--population", "9"],
      /--population applies only with --frequency/,
    ],
    [
      "an unsupported confidence",
      ["--confidence", "99", "--tolerable", "5", "--expected", "0"],
      /--confidence must be 90 or 95/,
    ],
    ["a missing --tolerable", ["--confidence", "95", "--expected", "0"], /--tolerable PCT is required/],
    ["a missing --expected", ["--confidence", "95", "--tolerable", "5"], /--expected PCT is required/],
    [
      "a non-numeric rate",
      ["--confidence", "95", "--tolerable", "five", "--expected", "0"],
      /--tolerable must be a percentage/,
    ],
    [
      "expected not below tolerable",
      ["--confidence", "95", "--tolerable", "5", "--expected", "5"],
      /must be greater than --expected/,
    ],
    [
      "expected too close to tolerable",
      ["--confidence", "95", "--tolerable", "3", "--expected", "2.9"],
      /too close/,
    ],
    ["an unknown option", ["--frequency", "daily", "--jsn"], /unknown option '--jsn'/],
    ["a missing option value", ["--frequency"], /'--frequency <frequency>' argument missing/],
  ])("rejects %s with exit code 2 and one line on stderr", async (_, args, message) => {
    const result = await runFieldwork(["sample-size", ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^fieldwork: /);
    expect(lines[0]).toMatch(message);
  });
});

describe("fieldwork sample-size --help", () => {
  it("shows both forms of the command", async () => {
    const result = await runFieldwork(["sample-size", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "Usage: fieldwork sample-size --frequency annual|quarterly|monthly|weekly|daily|multiple-daily|event [--population N] [--risk low|high]",
    );
    expect(result.stdout).toContain(
      "fieldwork sample-size --confidence 90|95 --tolerable PCT --expected PCT [--json]",
    );
  });
});
