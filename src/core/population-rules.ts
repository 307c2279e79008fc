/**
 * Full-population rules (issue 4 §5): a declarative JSON rule evaluated over every row of a
 * population, optionally joined to a second population. This module owns the rule format (a zod
 * schema), its validation against a file's columns, its wording, and a reference evaluator for one
 * row (date operands read by population-dates.ts, the rules sampling uses). src/analytics compiles the same
 * rule to SQL for DuckDB; tests check both agree. Pure: no I/O, no clock.
 *
 * Semantics (docs/population-rules.md):
 * - values are compared as text with surrounding whitespace ignored; `ignoreCase` lower-cases both;
 * - `eq_column` / `ne_column` need both values non-empty (an empty approver is never "someone else");
 * - date and time comparisons read each side with parsePopulationInstant; a value that does not
 *   parse makes a requirement FAIL (and, in `where`, keeps the row in the test) — never a pass.
 */
import { z } from "zod";
import { AppError } from "./errors.js";
import { HOUR_MS, parsePopulationInstant } from "./population-dates.js";

export { daysFromCivil, parsePopulationDate, parsePopulationInstant } from "./population-dates.js";

// ---------------------------------------------------------------------------------------------
// The rule format

const ColumnRef = z.string().min(1, "a column name must not be empty").max(300);
const Text = z
  .union([z.string(), z.number(), z.boolean()])
  .transform((v) => String(v))
  .refine((v) => !v.includes("\u0000"), "values must not contain NUL characters");
const Flag = z.boolean().optional();

const leafSchemas = [
  z.strictObject({ column: ColumnRef, op: z.enum(["empty", "not_empty"]) }),
  z.strictObject({ column: ColumnRef, op: z.enum(["eq", "ne"]), value: Text, ignoreCase: Flag }),
  z.strictObject({
    column: ColumnRef,
    op: z.enum(["in", "not_in"]),
    values: z.array(Text).min(1, "list at least one value"),
    ignoreCase: Flag,
  }),
  z.strictObject({
    column: ColumnRef,
    op: z.enum(["eq_column", "ne_column"]),
    other: ColumnRef,
    ignoreCase: Flag,
  }),
  z.strictObject({
    column: ColumnRef,
    op: z.enum(["before_column", "after_column", "on_or_before_column", "on_or_after_column"]),
    other: ColumnRef,
  }),
  z.strictObject({
    column: ColumnRef,
    op: z.enum(["before", "after", "on_or_before", "on_or_after"]),
    value: Text.refine((v) => parsePopulationInstant(v) !== undefined, "value must be a date or timestamp"),
  }),
  z.strictObject({
    column: ColumnRef,
    op: z.enum(["within_hours_after", "at_most_hours_after"]),
    other: ColumnRef,
    hours: z.number().positive().max(1_000_000),
  }),
  z.strictObject({
    column: ColumnRef,
    op: z.literal("matches"),
    pattern: z
      .string()
      .min(1)
      .max(1000)
      .refine((p) => {
        try {
          new RegExp(p);
          return !p.includes("\u0000");
        } catch {
          return false;
        }
      }, "pattern must be a valid regular expression"),
    ignoreCase: Flag,
  }),
] as const;

export const LeafConditionSchema = z.discriminatedUnion("op", leafSchemas);
export type LeafCondition = z.infer<typeof LeafConditionSchema>;
export type LeafOp = LeafCondition["op"];

export type PopulationCondition =
  | LeafCondition
  | { readonly all: readonly PopulationCondition[] }
  | { readonly any: readonly PopulationCondition[] };

export const PopulationConditionSchema: z.ZodType<PopulationCondition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(PopulationConditionSchema).min(1) }),
    z.strictObject({ any: z.array(PopulationConditionSchema).min(1) }),
    LeafConditionSchema,
  ]),
);

/** Failing requirements travel as a bit mask of a 32-bit integer. */
export const MAX_REQUIREMENTS = 30;

export const PopulationRuleSchema = z.strictObject({
  id: z.string().min(1).max(200).optional(),
  description: z.string().min(1).max(2000).optional(),
  /** Rows that do not match are not tested (counted as not applicable). */
  where: z.union([PopulationConditionSchema, z.array(PopulationConditionSchema).min(1)]).optional(),
  /** Every requirement must hold for a tested row to pass. */
  require: z
    .array(PopulationConditionSchema)
    .min(1, "a rule needs at least one requirement")
    .max(MAX_REQUIREMENTS, `a rule may have at most ${MAX_REQUIREMENTS} requirements`),
});
export type PopulationRule = z.infer<typeof PopulationRuleSchema>;

const issueText = (issue: z.core.$ZodIssue): string =>
  `${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`;

/** Validates a rule (already JSON-parsed); AppError VALIDATION naming the first problems. */
export const parsePopulationRule = (value: unknown): PopulationRule => {
  const parsed = PopulationRuleSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map(issueText);
    throw new AppError("VALIDATION", `The rule is not valid: ${issues.join("; ")}.`, {
      issues: parsed.error.issues.map(issueText),
    });
  }
  return parsed.data;
};

/** Validates a row filter: one condition or a list of conditions that must all hold. */
export const parsePopulationFilter = (value: unknown, label = "filter"): PopulationCondition[] => {
  const parsed = z
    .union([PopulationConditionSchema, z.array(PopulationConditionSchema).min(1)])
    .safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map(issueText);
    throw new AppError("VALIDATION", `The ${label} is not valid: ${issues.join("; ")}.`);
  }
  return Array.isArray(parsed.data) ? parsed.data : [parsed.data as PopulationCondition];
};

/** Parses a rule file's text (JSON). */
export const parsePopulationRuleText = (text: string): PopulationRule => {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new AppError("VALIDATION", `The rule file is not valid JSON: ${(error as Error).message}.`);
  }
  return parsePopulationRule(value);
};

export const whereConditions = (rule: PopulationRule): readonly PopulationCondition[] =>
  rule.where === undefined
    ? []
    : Array.isArray(rule.where)
      ? rule.where
      : [rule.where as PopulationCondition];

export const isLeaf = (c: PopulationCondition): c is LeafCondition => "op" in c;

/** Every column reference in a condition, in order of appearance. */
export const conditionColumns = (c: PopulationCondition): string[] => {
  if ("all" in c) return c.all.flatMap(conditionColumns);
  if ("any" in c) return c.any.flatMap(conditionColumns);
  return "other" in c ? [c.column, c.other] : [c.column];
};

export const ruleColumns = (rule: PopulationRule): string[] => [
  ...new Set([...whereConditions(rule), ...rule.require].flatMap(conditionColumns)),
];

// ---------------------------------------------------------------------------------------------
// Column references (plain, or "left." / "right." when a second population is joined)

export type Side = "left" | "right";
export interface ResolvedColumn {
  readonly side: Side;
  readonly column: string;
}
export interface ColumnSpace {
  readonly left: readonly string[];
  readonly right?: readonly string[];
}

const listColumns = (columns: readonly string[]): string =>
  columns.length === 0 ? "(none)" : columns.map((c) => `"${c}"`).join(", ");

/**
 * Resolves a rule's column reference against the file's columns. With a join, "left.x" and
 * "right.x" name a side; a plain name must exist on exactly one side.
 */
export const resolveColumn = (ref: string, space: ColumnSpace): ResolvedColumn => {
  const right = space.right;
  if (right !== undefined) {
    for (const side of ["left", "right"] as const) {
      const rest = ref.startsWith(`${side}.`) ? ref.slice(side.length + 1) : undefined;
      const columns = side === "left" ? space.left : right;
      if (rest !== undefined && columns.includes(rest)) return { side, column: rest };
    }
    const inLeft = space.left.includes(ref);
    const inRight = right.includes(ref);
    if (inLeft && inRight) {
      throw new AppError(
        "VALIDATION",
        `Rule column "${ref}" is in both populations; write "left.${ref}" or "right.${ref}".`,
      );
    }
    if (inLeft || inRight) return { side: inLeft ? "left" : "right", column: ref };
    throw new AppError(
      "VALIDATION",
      `Rule column "${ref}" is not a column of either population; left columns: ${listColumns(space.left)}; right columns: ${listColumns(right)}.`,
    );
  }
  if (space.left.includes(ref)) return { side: "left", column: ref };
  throw new AppError(
    "VALIDATION",
    `Rule column "${ref}" is not a column of the population; available columns: ${listColumns(space.left)}.`,
  );
};

// ---------------------------------------------------------------------------------------------
// Wording

const OP_WORDS: Record<LeafOp, string> = {
  empty: "is empty",
  not_empty: "is not empty",
  eq: "=",
  ne: "≠",
  in: "is one of",
  not_in: "is none of",
  eq_column: "=",
  ne_column: "≠",
  before_column: "is before",
  after_column: "is after",
  on_or_before_column: "is on or before",
  on_or_after_column: "is on or after",
  before: "is before",
  after: "is after",
  on_or_before: "is on or before",
  on_or_after: "is on or after",
  within_hours_after: "is within",
  at_most_hours_after: "is at most",
  matches: "matches",
};

export const describeCondition = (c: PopulationCondition): string => {
  if ("all" in c) return `(${c.all.map(describeCondition).join(" and ")})`;
  if ("any" in c) return `(${c.any.map(describeCondition).join(" or ")})`;
  const head = `${c.column} ${OP_WORDS[c.op]}`;
  const nocase = "ignoreCase" in c && c.ignoreCase ? " (ignoring case)" : "";
  switch (c.op) {
    case "empty":
    case "not_empty":
      return head;
    case "eq":
    case "ne":
    case "before":
    case "after":
    case "on_or_before":
    case "on_or_after":
      return `${head} "${c.value}"${nocase}`;
    case "in":
    case "not_in":
      return `${head} ${c.values.map((v) => `"${v}"`).join(", ")}${nocase}`;
    case "within_hours_after":
      return `${head} ${c.hours} hours after ${c.other}`;
    case "at_most_hours_after":
      return `${head} ${c.hours} hours after ${c.other} (or before it)`;
    case "matches":
      return `${head} /${c.pattern}/${nocase}`;
    default:
      return `${head} ${c.other}${nocase}`;
  }
};

export const describeRule = (rule: PopulationRule): string => {
  const where = whereConditions(rule);
  const requirements = rule.require.map(describeCondition).join("; ");
  const scope = where.length === 0 ? "Every row" : `Rows where ${where.map(describeCondition).join(" and ")}`;
  return `${rule.description ?? rule.id ?? "Rule"}: ${scope} must satisfy: ${requirements}.`;
};

// ---------------------------------------------------------------------------------------------
// Reference evaluation of one row (the SQL compiled by src/analytics must agree with it)

/** A row's value for a column reference; null when the reference's side has no row (join). */
export type RowLookup = (ref: string) => string | null;

const fold = (text: string, ignoreCase: boolean | undefined): string =>
  ignoreCase ? text.toLowerCase() : text;

const compareInstants = (a: number | undefined, b: number | undefined, op: LeafOp, hours = 0): boolean => {
  if (a === undefined || b === undefined) return false;
  switch (op) {
    case "before":
    case "before_column":
      return a < b;
    case "after":
    case "after_column":
      return a > b;
    case "on_or_before":
    case "on_or_before_column":
      return a <= b;
    case "on_or_after":
    case "on_or_after_column":
      return a >= b;
    case "within_hours_after":
      return a >= b && a - b <= hours * HOUR_MS;
    default:
      return a - b <= hours * HOUR_MS;
  }
};

/**
 * True when the leaf cannot be decided (the "unknown" outcome): a referenced side has no row
 * (join without a match), or a date or time operand cannot be read.
 */
const leafUnknown = (c: LeafCondition, get: RowLookup): boolean => {
  if (conditionColumns(c).some((ref) => get(ref) === null)) return true;
  const instant = (ref: string) => parsePopulationInstant(get(ref) ?? "");
  switch (c.op) {
    case "before":
    case "after":
    case "on_or_before":
    case "on_or_after":
      return instant(c.column) === undefined;
    case "before_column":
    case "after_column":
    case "on_or_before_column":
    case "on_or_after_column":
    case "within_hours_after":
    case "at_most_hours_after":
      return instant(c.column) === undefined || instant(c.other) === undefined;
    default:
      return false;
  }
};

const evaluateLeaf = (c: LeafCondition, get: RowLookup): boolean => {
  const text = (ref: string) => (get(ref) ?? "").trim();
  const v = text(c.column);
  switch (c.op) {
    case "empty":
      return v === "";
    case "not_empty":
      return v !== "";
    case "eq":
    case "ne":
      return (fold(v, c.ignoreCase) === fold(c.value.trim(), c.ignoreCase)) === (c.op === "eq");
    case "in":
    case "not_in":
      return c.values.some((x) => fold(x.trim(), c.ignoreCase) === fold(v, c.ignoreCase)) === (c.op === "in");
    case "eq_column":
    case "ne_column": {
      const w = text(c.other);
      if (v === "" || w === "") return false;
      return (fold(v, c.ignoreCase) === fold(w, c.ignoreCase)) === (c.op === "eq_column");
    }
    case "matches":
      return new RegExp(c.pattern, c.ignoreCase ? "i" : "").test(v);
    case "before":
    case "after":
    case "on_or_before":
    case "on_or_after":
      return compareInstants(parsePopulationInstant(v), parsePopulationInstant(c.value), c.op);
    case "within_hours_after":
    case "at_most_hours_after":
      return compareInstants(parsePopulationInstant(v), parsePopulationInstant(text(c.other)), c.op, c.hours);
    default:
      return compareInstants(parsePopulationInstant(v), parsePopulationInstant(text(c.other)), c.op);
  }
};

/** Evaluates a condition; a date operand that cannot be read yields `unknownAs`. */
export const evaluateCondition = (c: PopulationCondition, get: RowLookup, unknownAs: boolean): boolean => {
  if ("all" in c) return c.all.every((x) => evaluateCondition(x, get, unknownAs));
  if ("any" in c) return c.any.some((x) => evaluateCondition(x, get, unknownAs));
  return leafUnknown(c, get) ? unknownAs : evaluateLeaf(c, get);
};

export interface RowOutcome {
  /** False when `where` excludes the row (not applicable). */
  readonly tested: boolean;
  /** 0-based indexes of the requirements the row fails. */
  readonly failed: number[];
}

/** The outcome of a rule for one row; `matched` is false for a left row without a joined row. */
export const evaluateRow = (rule: PopulationRule, get: RowLookup, matched = true): RowOutcome => {
  const tested = whereConditions(rule).every((c) => evaluateCondition(c, get, true));
  if (!tested) return { tested, failed: [] };
  const failed = rule.require.flatMap((c, i) => (matched && evaluateCondition(c, get, false) ? [] : [i]));
  return { tested, failed };
};
