/**
 * Compiles a population rule (src/core/population-rules.ts) to DuckDB SQL with the semantics of
 * the core's reference evaluator. Column references are resolved against the files' headers and
 * become generated column names (never text from the rule); values become escaped literals or
 * numbers computed here.
 */
import { AppError } from "../core/errors.js";
import {
  type LeafCondition,
  MAX_REQUIREMENTS,
  type PopulationCondition,
  type PopulationRule,
  parsePopulationInstant,
  whereConditions,
} from "../core/population-rules.js";
import { type Engine, sqlString } from "./engine.js";

/** Where a resolved column lives in the row being tested. */
export interface ColumnBinding {
  /** SQL of the raw value, e.g. l.c3. */
  readonly sql: string;
  /** SQL that is true when the value's row exists (always true for the tested population). */
  readonly present: string | null;
}

export interface CompiledRule {
  /** Per-row values the conditions use, [alias, expression], to compute in a projection below them. */
  readonly projections: [string, string][];
  /** Boolean SQL: the row is in scope (true when the rule has no `where`). */
  readonly applicable: string;
  /** Boolean SQL per requirement: it holds. */
  readonly requirements: string[];
}

class Compiler {
  constructor(private readonly bind: (ref: string) => ColumnBinding) {}

  /** Each column's trimmed text and parsed instant is computed once per row, in a projection. */
  readonly projections: [string, string][] = [];
  private readonly aliases = new Map<string, string>();

  private project(prefix: string, expression: string): string {
    let alias = this.aliases.get(expression);
    if (alias === undefined) {
      alias = `${prefix}${this.aliases.size}`;
      this.aliases.set(expression, alias);
      this.projections.push([alias, expression]);
    }
    return alias;
  }

  private instant(ref: string): string {
    return this.project("i", `fw_instant(${this.bind(ref).sql})`);
  }

  private text(ref: string, ignoreCase?: boolean): string {
    const t = this.project("t", `fw_text(${this.bind(ref).sql})`);
    return ignoreCase ? `lower(${t})` : t;
  }

  private literal(value: string, ignoreCase?: boolean): string {
    const l = sqlString(value.trim());
    return ignoreCase ? `lower(${l})` : l;
  }

  private predicate(c: LeafCondition): { sql: string; instants: string[] } {
    const none: string[] = [];
    switch (c.op) {
      case "empty":
        return { sql: `${this.text(c.column)} = ''`, instants: none };
      case "not_empty":
        return { sql: `${this.text(c.column)} <> ''`, instants: none };
      case "eq":
      case "ne":
        return {
          sql: `${this.text(c.column, c.ignoreCase)} ${c.op === "eq" ? "=" : "<>"} ${this.literal(c.value, c.ignoreCase)}`,
          instants: none,
        };
      case "in":
      case "not_in":
        return {
          sql: `${this.text(c.column, c.ignoreCase)} ${c.op === "in" ? "IN" : "NOT IN"} (${c.values.map((v) => this.literal(v, c.ignoreCase)).join(", ")})`,
          instants: none,
        };
      case "eq_column":
      case "ne_column": {
        const [a, b] = [this.text(c.column, c.ignoreCase), this.text(c.other, c.ignoreCase)];
        return {
          sql: `(${this.text(c.column)} <> '' AND ${this.text(c.other)} <> '' AND ${a} ${c.op === "eq_column" ? "=" : "<>"} ${b})`,
          instants: none,
        };
      }
      case "matches":
        return {
          sql: `regexp_matches(${this.text(c.column)}, ${sqlString(c.pattern)}${c.ignoreCase ? ", 'i'" : ""})`,
          instants: none,
        };
      case "before":
      case "after":
      case "on_or_before":
      case "on_or_after": {
        const a = this.instant(c.column);
        const ms = parsePopulationInstant(c.value);
        if (ms === undefined) throw new AppError("VALIDATION", `"${c.value}" is not a date or timestamp.`);
        return { sql: `${a} ${COMPARE[c.op]} ${ms}`, instants: [a] };
      }
      case "within_hours_after":
      case "at_most_hours_after": {
        const [a, b] = [this.instant(c.column), this.instant(c.other)];
        const limit = `${a} - ${b} <= ${c.hours} * 3600000`;
        return {
          sql: c.op === "within_hours_after" ? `(${a} >= ${b} AND ${limit})` : `(${limit})`,
          instants: [a, b],
        };
      }
      default: {
        const [a, b] = [this.instant(c.column), this.instant(c.other)];
        return { sql: `${a} ${COMPARE[c.op]} ${b}`, instants: [a, b] };
      }
    }
  }

  /** Boolean SQL that is never NULL; an undecidable leaf yields `unknownAs`. */
  condition(c: PopulationCondition, unknownAs: boolean): string {
    if ("all" in c) return `(${c.all.map((x) => this.condition(x, unknownAs)).join(" AND ")})`;
    if ("any" in c) return `(${c.any.map((x) => this.condition(x, unknownAs)).join(" OR ")})`;
    const { sql, instants } = this.predicate(c);
    const refs = "other" in c ? [c.column, c.other] : [c.column];
    const presence = [
      ...new Set(refs.map((r) => this.bind(r).present).filter((p): p is string => p !== null)),
    ];
    // An unreadable date makes the comparison NULL, hence false: the requirement fails.
    const decided = `coalesce(${sql}, false)`;
    if (!unknownAs && presence.length === 0) return decided;
    const known = [...presence, ...(unknownAs ? [...new Set(instants)].map((i) => `${i} IS NOT NULL`) : [])];
    return known.length === 0
      ? decided
      : `(CASE WHEN ${known.join(" AND ")} THEN ${decided} ELSE ${unknownAs} END)`;
  }
}

const COMPARE: Record<string, string> = {
  before: "<",
  before_column: "<",
  after: ">",
  after_column: ">",
  on_or_before: "<=",
  on_or_before_column: "<=",
  on_or_after: ">=",
  on_or_after_column: ">=",
};

/** Compiles a rule; `bind` resolves a column reference (throwing VALIDATION if unknown). */
export const compileRule = (rule: PopulationRule, bind: (ref: string) => ColumnBinding): CompiledRule => {
  if (rule.require.length > MAX_REQUIREMENTS) {
    throw new AppError("VALIDATION", `A rule may have at most ${MAX_REQUIREMENTS} requirements.`);
  }
  const compiler = new Compiler(bind);
  const where = whereConditions(rule).map((c) => compiler.condition(c, true));
  const requirements = rule.require.map((c) => compiler.condition(c, false));
  return {
    projections: compiler.projections,
    applicable: where.length === 0 ? "true" : where.join(" AND "),
    requirements,
  };
};

/** Compiles filter conditions (all must hold; undecidable counts as holding, like `where`). */
export const compileFilter = (
  conditions: readonly PopulationCondition[],
  bind: (ref: string) => ColumnBinding,
): { projections: [string, string][]; sql: string } => {
  const compiler = new Compiler(bind);
  const sql = conditions.map((c) => compiler.condition(c, true));
  return { projections: compiler.projections, sql: sql.length === 0 ? "true" : sql.join(" AND ") };
};

/** Every `matches` pattern in the conditions. */
const patterns = (c: PopulationCondition): string[] =>
  "all" in c
    ? c.all.flatMap(patterns)
    : "any" in c
      ? c.any.flatMap(patterns)
      : c.op === "matches"
        ? [c.pattern]
        : [];

/**
 * DuckDB runs patterns with RE2 (no look-around, no back-references), which is stricter than the
 * JS check of the schema: try each pattern once so a bad one is a VALIDATION error naming it.
 */
export const checkPatterns = async (
  engine: Engine,
  conditions: readonly PopulationCondition[],
): Promise<void> => {
  for (const pattern of new Set(conditions.flatMap(patterns))) {
    try {
      await engine.run(`SELECT regexp_matches('', ${sqlString(pattern)})`);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError(
        "VALIDATION",
        `The pattern /${pattern}/ cannot be used (patterns use RE2 syntax: no look-around or back-references): ${(error as Error).message.split("\n")[0]}`,
      );
    }
  }
};
