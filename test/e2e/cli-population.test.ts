import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { selectFromPopulation } from "../../src/analytics/index.js";
import { runFieldwork } from "../support/cli.js";

const FIXTURES = "test/fixtures/populations";
const CHANGES = `${FIXTURES}/change-tickets-2025.csv`;
const CHANGE_RULE = `${FIXTURES}/rules/change-approved-before-deploy.json`;
const work = mkdtempSync(join(tmpdir(), "fw-cli-population-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface TestJson {
  populationHash: string;
  joinedHash?: string;
  rowsTested: number;
  rowsFailing: number;
  rowsNotApplicable: number;
  rowsUnmatched?: number;
  excluded: number;
  unparseableCount: number;
  failing: {
    row: number;
    joinedRow?: number | null;
    failed: string[];
    values: Record<string, string | null>;
  }[];
  rule: { id?: string };
  description: string;
}

const json = async <T>(args: readonly string[]): Promise<T> => {
  const r = await runFieldwork([...args, "--json"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
};

describe("fieldwork population test", () => {
  it("prints rows tested, rows failing and the failing rows, and exits 0", async () => {
    const r = await runFieldwork([
      "population",
      "test",
      "--population",
      CHANGES,
      "--rule",
      CHANGE_RULE,
      "--period",
      "2025-01-01..2025-12-31",
      "--date-column",
      "created_at",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Rows tested:\s+258\n/);
    expect(r.stdout).toMatch(/Rows failing:\s+5\n/);
    expect(r.stdout).toMatch(/Unreadable dates in rows: 303 \("unknown"\)/);
    for (const id of ["CHG-0043", "CHG-0078", "CHG-0099", "CHG-0141", "CHG-0211"])
      expect(r.stdout).toContain(id);
    expect(r.stdout).not.toContain("CHG-0063");
  });

  it("--json carries the hash, counts, every failing row with its values, and the rule", async () => {
    const out = await json<TestJson>(["population", "test", "--population", CHANGES, "--rule", CHANGE_RULE]);
    expect(out.populationHash).toMatch(/^[0-9a-f]{64}$/);
    expect(out.rowsFailing).toBe(5);
    expect(out.rowsTested + out.rowsNotApplicable).toBe(303);
    expect(out.failing.map((f) => f.row)).toEqual([43, 78, 99, 141, 211]);
    expect(out.failing[0]?.values).toMatchObject({
      change_id: "CHG-0043",
      author: "eli.cohen",
      approver: "eli.cohen",
    });
    expect(out.rule.id).toBe("CHG-approved-before-deploy");
    const limited = await json<TestJson>([
      "population",
      "test",
      "--population",
      CHANGES,
      "--rule",
      CHANGE_RULE,
      "--limit",
      "2",
    ]);
    expect([limited.rowsFailing, limited.failing.length]).toEqual([5, 2]);
  });

  it("joins a second population with --join and --on", async () => {
    const out = await json<TestJson>([
      "population",
      "test",
      "--population",
      `${FIXTURES}/terminations-2025.jsonl`,
      "--join",
      `${FIXTURES}/idp-accounts-2025.csv`,
      "--on",
      "email=email",
      "--rule",
      `${FIXTURES}/rules/leaver-disabled-within-24h.json`,
    ]);
    expect(out.failing.map((f) => [f.row, f.joinedRow])).toEqual([
      [7, 7],
      [12, null],
      [20, 19],
      [29, null],
      [31, 29],
    ]);
    expect(out.rowsUnmatched).toBe(2);
    expect(out.joinedHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reads xlsx populations", async () => {
    const out = await json<TestJson>([
      "population",
      "test",
      "--population",
      `${FIXTURES}/new-hires-2025.xlsx`,
      "--rule",
      `${FIXTURES}/rules/new-hire-access-approved.json`,
    ]);
    expect(out.failing.map((f) => f.values.employee_id)).toEqual(["E0117", "E0133"]);
  });

  it("fails with one line and a non-zero exit on bad input", async () => {
    const badRule = join(work, "bad-rule.json");
    writeFileSync(badRule, JSON.stringify({ require: [{ column: "approvr", op: "not_empty" }] }));
    const cases: [string[], RegExp][] = [
      [["--rule", badRule], /"approvr" is not a column of the population; available columns: .*"approver"/],
      [["--rule", `${FIXTURES}/missing.json`], /rule file not found/],
      [
        ["--rule", CHANGE_RULE, "--period", "2025-01-01..2025-12-31"],
        /--period and --date-column go together/,
      ],
      [["--rule", CHANGE_RULE, "--join", CHANGES], /--join and --on go together/],
      [["--rule", CHANGE_RULE, "--format", "parquet"], /--format must be one of csv, tsv, jsonl, xlsx/],
      [["--rule", CHANGE_RULE, "--limit", "-1"], /--limit must be a whole number/],
    ];
    for (const [extra, message] of cases) {
      const r = await runFieldwork(["population", "test", "--population", CHANGES, ...extra]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    const malformed = await runFieldwork([
      "population",
      "test",
      "--population",
      `${FIXTURES}/malformed.csv`,
      "--rule",
      badRule,
    ]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/^fieldwork: (population file .* not well-formed CSV|Rule column)/);
  });
});

describe("fieldwork population profile", () => {
  it("profiles a file, with the period split and unreadable dates listed", async () => {
    const out = await json<{
      rowCount: number;
      inPeriod: number;
      excluded: number;
      unparseable: unknown[];
      hash: string;
    }>([
      "population",
      "profile",
      CHANGES,
      "--date-column",
      "created_at",
      "--period",
      "2025-01-01..2025-12-31",
    ]);
    expect([out.rowCount, out.inPeriod, out.excluded]).toEqual([303, 300, 2]);
    expect(out.unparseable).toEqual([{ row: 303, column: "created_at", value: "unknown" }]);
    const text = await runFieldwork(["population", "profile", `${FIXTURES}/new-hires-2025.tsv`]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Rows:\s+60\n/);
    expect(text.stdout).toContain("employee_id");
  });
});

describe("DuckDB selection agrees with `fieldwork sample`", () => {
  it.each([
    ["changes-2025.csv", "approved_at", "ticket_id", "daily", "random"],
    ["changes-2025.csv", "approved_at", "ticket_id", "weekly", "systematic"],
    ["changes-2025.csv", "approved_at", "ticket_id", "event", "random"],
    ["monthly-2025.jsonl", "date", "id", "monthly", "random"],
    ["terminations-2025.jsonl", "termination_date", "employee_id", "event", "systematic"],
  ])("%s: %s / %s / %s / %s", async (file, dateColumn, idColumn, frequency, method) => {
    const args = [
      "sample",
      "--population",
      `${FIXTURES}/${file}`,
      "--date-column",
      dateColumn,
      "--id-column",
      idColumn,
      "--period",
      "2025-01-01..2025-12-31",
      "--frequency",
      frequency,
      "--method",
      method,
      "--seed",
      `seed-${frequency}`,
    ] as const;
    const js = await json<{
      size: number;
      items: { row: number; id: string; date: string }[];
      populationHash: string;
    }>(args);
    const duck = await selectFromPopulation(`${FIXTURES}/${file}`, {
      format: file.endsWith(".csv") ? "csv" : "jsonl",
      dateColumn,
      idColumn,
      period: { start: "2025-01-01", end: "2025-12-31" },
      frequency: frequency as "daily",
      method: method as "random",
      size: js.size,
      seed: `seed-${frequency}`,
    });
    expect(duck.populationHash).toBe(js.populationHash);
    expect(duck.items.map(({ row, id, date }) => ({ row, id, date }))).toEqual(js.items);
  });
});
