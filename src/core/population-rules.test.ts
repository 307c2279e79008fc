import { describe, expect, it } from "vitest";
import { AppError } from "./errors.js";
import {
  daysFromCivil,
  describeRule,
  evaluateCondition,
  evaluateRow,
  type PopulationCondition,
  parsePopulationFilter,
  parsePopulationInstant,
  parsePopulationRule,
  parsePopulationRuleText,
  resolveColumn,
  ruleColumns,
} from "./population-rules.js";

const CHANGE_RULE = {
  id: "CHG-approved-before-deploy",
  description: "Approved by someone other than the author before deployment",
  where: { column: "environment", op: "eq", value: "production" },
  require: [
    { column: "approved_at", op: "not_empty" },
    { column: "approver", op: "ne_column", other: "author" },
    { column: "approved_at", op: "before_column", other: "deployed_at" },
  ],
};

const row =
  (values: Record<string, string | null>) =>
  (ref: string): string | null =>
    ref in values ? (values[ref] ?? null) : "";

const leaf = (c: Record<string, unknown>) =>
  parsePopulationRule({ require: [c] }).require[0] as PopulationCondition;
const holds = (c: Record<string, unknown>, values: Record<string, string | null>) =>
  evaluateCondition(leaf(c), row(values), false);

describe("parsePopulationInstant", () => {
  it("reads dates as midnight UTC, timestamps with offsets, and refuses impossible times", () => {
    expect(parsePopulationInstant("1970-01-01")).toBe(0);
    expect(parsePopulationInstant("1970-01-02T00:00:00Z")).toBe(86_400_000);
    expect(parsePopulationInstant("2025-03-04T10:00:00+05:30")).toBe(Date.UTC(2025, 2, 4, 4, 30));
    expect(parsePopulationInstant("2025-03-04 10:00")).toBe(Date.UTC(2025, 2, 4, 10));
    expect(parsePopulationInstant("2025-03-04T10:00:00.98765Z")).toBe(Date.UTC(2025, 2, 4, 10, 0, 0, 987));
    expect(parsePopulationInstant("4/3/2025")).toBe(Date.UTC(2025, 2, 4));
    expect(parsePopulationInstant("2025-03-04T24:00:00Z")).toBeUndefined();
    expect(parsePopulationInstant("2025-02-29T10:00:00Z")).toBeUndefined();
    expect(parsePopulationInstant("yesterday")).toBeUndefined();
  });

  it("counts days in the proleptic Gregorian calendar", () => {
    expect(daysFromCivil(2000, 3, 1)).toBe(Date.UTC(2000, 2, 1) / 86_400_000);
    expect(daysFromCivil(1, 1, 1)).toBe(-719_162);
  });
});

describe("parsePopulationRule", () => {
  it("accepts the documented rule and describes it", () => {
    const rule = parsePopulationRule(CHANGE_RULE);
    expect(ruleColumns(rule)).toEqual(["environment", "approved_at", "approver", "author", "deployed_at"]);
    expect(describeRule(rule)).toBe(
      'Approved by someone other than the author before deployment: Rows where environment = "production" must satisfy: approved_at is not empty; approver ≠ author; approved_at is before deployed_at.',
    );
  });

  it("names what is wrong: unknown op, missing field, stray key, bad regex, bad date, empty require", () => {
    const bad = (value: unknown) => {
      try {
        parsePopulationRule(value);
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe("VALIDATION");
        return (error as AppError).message;
      }
      throw new Error("accepted");
    };
    expect(bad({ require: [{ column: "a", op: "approximately" }] })).toMatch(/require\.0/);
    expect(bad({ require: [{ column: "a", op: "eq" }] })).toMatch(/require\.0/);
    expect(bad({ require: [{ column: "a", op: "empty", colour: "red" }] })).toMatch(/require\.0/);
    expect(bad({ require: [{ column: "a", op: "matches", pattern: "([" }] })).toMatch(/require\.0/);
    expect(bad({ require: [{ column: "a", op: "before", value: "soon" }] })).toMatch(/require\.0/);
    expect(bad({ require: [] })).toMatch(/at least one requirement/);
    expect(bad({ require: [{ column: "a", op: "eq", value: "x\u0000" }] })).toMatch(/NUL/);
    expect(() => parsePopulationRuleText("{ not json")).toThrow(/not valid JSON/);
  });

  it("reads filters as one condition or a list", () => {
    expect(parsePopulationFilter({ column: "status", op: "eq", value: "disabled" })).toHaveLength(1);
    expect(
      parsePopulationFilter([{ column: "a", op: "empty" }, { any: [{ column: "b", op: "empty" }] }]),
    ).toHaveLength(2);
    expect(() => parsePopulationFilter({ column: "a" })).toThrow(/filter is not valid/);
  });
});

describe("resolveColumn", () => {
  const space = { left: ["email", "termination_date"], right: ["email", "disabled_at"] };
  it("resolves plain names, side prefixes, and refuses ambiguous or unknown names", () => {
    expect(resolveColumn("a", { left: ["a"] })).toEqual({ side: "left", column: "a" });
    expect(resolveColumn("disabled_at", space)).toEqual({ side: "right", column: "disabled_at" });
    expect(resolveColumn("right.email", space)).toEqual({ side: "right", column: "email" });
    expect(resolveColumn("left.email", space)).toEqual({ side: "left", column: "email" });
    expect(() => resolveColumn("email", space)).toThrow(/in both populations/);
    expect(() => resolveColumn("nope", { left: ["a", "b"] })).toThrow(/"nope" is not a column.*"a", "b"/);
    expect(() => resolveColumn("right.nope", space)).toThrow(/not a column of either/);
  });
});

describe("evaluating one row", () => {
  it("implements each operator", () => {
    expect(holds({ column: "a", op: "empty" }, { a: "  " })).toBe(true);
    expect(holds({ column: "a", op: "not_empty" }, { a: " x " })).toBe(true);
    expect(holds({ column: "a", op: "eq", value: "Prod" }, { a: " Prod " })).toBe(true);
    expect(holds({ column: "a", op: "eq", value: "Prod" }, { a: "prod" })).toBe(false);
    expect(holds({ column: "a", op: "eq", value: "Prod", ignoreCase: true }, { a: "prod" })).toBe(true);
    expect(holds({ column: "a", op: "ne", value: 5 }, { a: "5" })).toBe(false);
    expect(holds({ column: "a", op: "in", values: ["x", "y"] }, { a: "y" })).toBe(true);
    expect(holds({ column: "a", op: "not_in", values: ["x", "y"] }, { a: "y" })).toBe(false);
    expect(holds({ column: "a", op: "eq_column", other: "b" }, { a: "u1", b: "u1" })).toBe(true);
    expect(holds({ column: "a", op: "ne_column", other: "b" }, { a: "u1", b: "u2" })).toBe(true);
    // An empty side never satisfies a column comparison: no approver is not "someone else".
    expect(holds({ column: "a", op: "ne_column", other: "b" }, { a: "", b: "u2" })).toBe(false);
    expect(holds({ column: "a", op: "eq_column", other: "b" }, { a: "", b: "" })).toBe(false);
    expect(
      holds({ column: "a", op: "before_column", other: "b" }, { a: "2025-01-01", b: "2025-01-01T00:00:01Z" }),
    ).toBe(true);
    expect(holds({ column: "a", op: "after_column", other: "b" }, { a: "2025-01-02", b: "31/12/2024" })).toBe(
      true,
    );
    expect(
      holds({ column: "a", op: "on_or_before_column", other: "b" }, { a: "2025-01-01", b: "2025-01-01" }),
    ).toBe(true);
    expect(
      holds({ column: "a", op: "on_or_after_column", other: "b" }, { a: "2024-12-31", b: "2025-01-01" }),
    ).toBe(false);
    expect(holds({ column: "a", op: "before", value: "2025-06-01" }, { a: "2025-05-31T23:59:59Z" })).toBe(
      true,
    );
    expect(holds({ column: "a", op: "on_or_after", value: "2025-06-01" }, { a: "2025-06-01" })).toBe(true);
    const within = { column: "b", op: "within_hours_after", other: "a", hours: 24 };
    expect(holds(within, { a: "2025-03-01", b: "2025-03-01T23:00:00Z" })).toBe(true);
    expect(holds(within, { a: "2025-03-01", b: "2025-03-02T00:00:01Z" })).toBe(false);
    expect(holds(within, { a: "2025-03-01", b: "2025-02-28T23:00:00Z" })).toBe(false);
    const atMost = { column: "b", op: "at_most_hours_after", other: "a", hours: 24 };
    expect(holds(atMost, { a: "2025-03-01", b: "2025-02-28T23:00:00Z" })).toBe(true);
    expect(holds({ column: "a", op: "matches", pattern: "^CHG-\\d+$" }, { a: "CHG-12" })).toBe(true);
    expect(holds({ column: "a", op: "matches", pattern: "^chg", ignoreCase: true }, { a: "CHG-12" })).toBe(
      true,
    );
  });

  it("fails a requirement whose date cannot be read, but keeps such a row in scope", () => {
    const rule = parsePopulationRule(CHANGE_RULE);
    const base = { environment: "production", approver: "lead", author: "dev", deployed_at: "2025-01-02" };
    expect(evaluateRow(rule, row({ ...base, approved_at: "2025-01-01" }))).toEqual({
      tested: true,
      failed: [],
    });
    expect(evaluateRow(rule, row({ ...base, approved_at: "pending" }))).toEqual({
      tested: true,
      failed: [2],
    });
    expect(evaluateRow(rule, row({ ...base, approved_at: "", approver: "dev" }))).toEqual({
      tested: true,
      failed: [0, 1, 2],
    });
    expect(evaluateRow(rule, row({ ...base, environment: "staging", approved_at: "" }))).toEqual({
      tested: false,
      failed: [],
    });
    const dated = parsePopulationRule({
      where: { column: "created_at", op: "after", value: "2025-01-01" },
      require: [{ column: "a", op: "not_empty" }],
    });
    expect(evaluateRow(dated, row({ created_at: "not a date", a: "" })).tested).toBe(true);
  });

  it("fails every requirement of a left row without a joined row, keeping it in scope", () => {
    const rule = parsePopulationRule({
      where: { column: "right.status", op: "eq", value: "disabled" },
      require: [{ column: "left.email", op: "not_empty" }],
    });
    const missing = (ref: string) => (ref.startsWith("right.") ? null : "x@example.com");
    expect(evaluateRow(rule, missing, false)).toEqual({ tested: true, failed: [0] });
  });
});
