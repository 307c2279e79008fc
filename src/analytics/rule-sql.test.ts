import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateRow, parsePopulationRule } from "../core/population-rules.js";
import { type LoadedPopulation, openPopulation } from "./population.js";
import { runPopulationTest } from "./population-test.js";

const dir = mkdtempSync(join(tmpdir(), "fw-rule-sql-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const writeCsv = (name: string, header: string[], rows: string[][]): string => {
  const path = join(dir, name);
  writeFileSync(path, `${[header, ...rows].map((r) => r.map(field).join(",")).join("\n")}\n`);
  return path;
};

/** Values that exercise every rule: dates in all accepted shapes, unreadable ones, blanks, names. */
const POOL = [
  "",
  "  ",
  "2025-01-01",
  "2025-01-01T10:00:00Z",
  "2025-01-01 23:30",
  "2025-01-02T01:00:00+05:30",
  "1/1/2025",
  "02/01/2025",
  "2025-02-30",
  "pending",
  "alice",
  " alice ",
  "Alice",
  "bob",
  "production",
  "PRODUCTION",
  "CHG-12",
  "it's",
];
const COLUMNS = ["a", "b", "c", "d"];

const rows = fc.sample(fc.array(fc.constantFrom(...POOL), { minLength: 4, maxLength: 4 }), {
  numRuns: 400,
  seed: 7,
});
let population: LoadedPopulation;
beforeAll(async () => {
  population = await openPopulation(writeCsv("pool.csv", COLUMNS, rows), { format: "csv", threads: 2 });
});
afterAll(() => population?.close());

const column = fc.constantFrom(...COLUMNS);
const value = fc.constantFrom(...POOL.filter((v) => v.trim() !== ""), "x'); DROP TABLE population_1; --");
const leafArb = fc.oneof(
  fc.record({ column, op: fc.constantFrom("empty", "not_empty") }),
  fc.record({ column, op: fc.constantFrom("eq", "ne"), value, ignoreCase: fc.boolean() }),
  fc.record({
    column,
    op: fc.constantFrom("in", "not_in"),
    values: fc.array(value, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    column,
    op: fc.constantFrom("eq_column", "ne_column"),
    other: column,
    ignoreCase: fc.boolean(),
  }),
  fc.record({
    column,
    op: fc.constantFrom("before_column", "after_column", "on_or_before_column", "on_or_after_column"),
    other: column,
  }),
  fc.record({
    column,
    op: fc.constantFrom("before", "after", "on_or_before", "on_or_after"),
    value: fc.constantFrom("2025-01-01", "2025-01-01T12:00:00Z", "1/1/2025"),
  }),
  fc.record({
    column,
    op: fc.constantFrom("within_hours_after", "at_most_hours_after"),
    other: column,
    hours: fc.constantFrom(1, 12.5, 24, 48),
  }),
  fc.record({
    column,
    op: fc.constant("matches"),
    pattern: fc.constantFrom("^a", "\\d+$", "it's"),
    ignoreCase: fc.boolean(),
  }),
);
const conditionArb = fc.oneof(
  { weight: 4, arbitrary: leafArb },
  { weight: 1, arbitrary: fc.record({ any: fc.array(leafArb, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ all: fc.array(leafArb, { minLength: 1, maxLength: 3 }) }) },
);
const ruleArb = fc.record(
  { where: conditionArb, require: fc.array(conditionArb, { minLength: 1, maxLength: 4 }) },
  { requiredKeys: ["require"] },
);

describe("compiled rules agree with the core's reference evaluator", () => {
  it("on random rules over tricky values", async () => {
    await fc.assert(
      fc.asyncProperty(ruleArb, async (raw) => {
        const rule = parsePopulationRule(raw);
        const result = await runPopulationTest(population, { rule: raw, limit: 1000 });
        const expected = rows.map((r, i) => ({
          row: i + 1,
          outcome: evaluateRow(rule, (ref) => r[COLUMNS.indexOf(ref)] ?? ""),
        }));
        const failing = expected.filter((e) => e.outcome.tested && e.outcome.failed.length > 0);
        expect(result.rowsTested).toBe(expected.filter((e) => e.outcome.tested).length);
        expect(result.rowsNotApplicable).toBe(expected.filter((e) => !e.outcome.tested).length);
        expect(result.failing.map((f) => f.row)).toEqual(failing.map((e) => e.row));
        expect(result.failing.map((f) => f.failed.length)).toEqual(
          failing.map((e) => e.outcome.failed.length),
        );
      }),
      { numRuns: 120, seed: 11 },
    );
    const [[count]] = (await population.engine.run(`SELECT count(*) FROM ${population.table.table}`)) as [
      [number],
    ];
    expect(count).toBe(rows.length);
  }, 120_000);

  it("on joins: pairs tested, a missing right row fails", async () => {
    const left = writeCsv(
      "left.csv",
      ["k", "t"],
      [
        ["1", "2025-01-01"],
        ["2", "2025-01-01"],
        ["", "x"],
        ["3", "2025-01-05"],
      ],
    );
    const right = writeCsv(
      "right.csv",
      ["k", "u"],
      [
        [" 1 ", "2025-01-01T20:00:00Z"],
        ["1", "2025-01-03"],
        ["3", "pending"],
      ],
    );
    const p = await openPopulation(left, { format: "csv" });
    try {
      const table = await p.attach(right, "csv");
      const r = await runPopulationTest(p, {
        rule: { require: [{ column: "u", op: "within_hours_after", other: "t", hours: 24 }] },
        join: { table, leftKey: "k", rightKey: "k" },
      });
      expect(r.rowsTested).toBe(5);
      expect(r.rowsUnmatched).toBe(2);
      expect(r.failing.map((f) => [f.row, f.joinedRow])).toEqual([
        [1, 2],
        [2, null],
        [3, null],
        [4, 3],
      ]);
      expect(r.failing[1]?.failed).toEqual(["no matching row in the joined population"]);
      expect(r.failing[0]?.values).toEqual({
        "left.k": "1",
        "left.t": "2025-01-01",
        "right.k": "1",
        "right.u": "2025-01-03",
      });
      expect(r.failing[1]?.values["right.u"]).toBeNull();
    } finally {
      p.close();
    }
  });
});

describe("no SQL injection from a rule or a header", () => {
  it("treats hostile values as text and hostile header names as names", async () => {
    const hostile = `x"); DROP TABLE population_1; --`;
    const path = writeCsv(
      "hostile.csv",
      [hostile, "it's", "plain"],
      [
        ["a'b", "1", "--"],
        ["x", "2", "'; SELECT 1; --"],
      ],
    );
    const p = await openPopulation(path, { format: "csv" });
    try {
      const r = await runPopulationTest(p, {
        rule: {
          require: [
            { column: hostile, op: "ne", value: "a'b" },
            { column: "plain", op: "not_in", values: ["'; SELECT 1; --"] },
            { column: "it's", op: "matches", pattern: "^[12]$' OR '1'='1" },
          ],
        },
      });
      expect(r.rowsTested).toBe(2);
      expect(r.failing.map((f) => [f.row, f.failed.length])).toEqual([
        [1, 2],
        [2, 2],
      ]);
      expect(r.failing[0]?.values).toEqual({ [hostile]: "a'b", "it's": "1", plain: "--" });
      await expect(
        runPopulationTest(p, { rule: { require: [{ column: `plain" OR 1=1 --`, op: "empty" }] } }),
      ).rejects.toThrow(/"plain" OR 1=1 --" is not a column of the population; available columns: .*"plain"/);
      const [[count]] = (await p.engine.run(`SELECT count(*) FROM ${p.table.table}`)) as [[number]];
      expect(count).toBe(2);
    } finally {
      p.close();
    }
  });

  it("reports an unknown column, and a pattern DuckDB cannot run, as VALIDATION", async () => {
    await expect(
      runPopulationTest(population, { rule: { require: [{ column: "approver", op: "not_empty" }] } }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringMatching(/"approver".*"a", "b", "c", "d"/),
    });
    await expect(
      runPopulationTest(population, {
        rule: { require: [{ column: "a", op: "matches", pattern: "(?=x)" }] },
      }),
    ).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringMatching(/pattern/) });
  });
});
