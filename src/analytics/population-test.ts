/**
 * Full-population tests (issue 4 §5): a rule evaluated by DuckDB over every row of a loaded
 * population, optionally left-joined to a second one. Every failing row is counted; the first
 * `limit` are listed in row order with their values and the requirements they fail.
 *
 * With a join, each (left row, matching right row) pair is tested; a left row without a match is
 * tested once and fails ("no matching row"). Keys match ignoring surrounding spaces and case; an
 * empty key matches nothing. With a period, only rows whose date is in it are tested; the others
 * are counted as excluded or unparseable (listed), never silently dropped.
 */
import { AppError } from "../core/errors.js";
import {
  type ColumnSpace,
  describeCondition,
  describeRule,
  type PopulationRule,
  parsePopulationRule,
  resolveColumn,
  whereConditions,
} from "../core/population-rules.js";
import type { Period } from "../core/sample-selection.js";
import { sqlString } from "./engine.js";
import type { LoadedTable } from "./load.js";
import { type LoadedPopulation, requireColumn, type UnparseableValue, valuesOf } from "./population.js";
import { type ColumnBinding, checkPatterns, compileRule } from "./rule-sql.js";

export interface JoinedTable {
  readonly table: LoadedTable;
  readonly leftKey: string;
  readonly rightKey: string;
}

export interface PopulationTestOptions {
  /** A rule object; validated here with the core's schema. */
  readonly rule: unknown;
  readonly join?: JoinedTable;
  readonly period?: Period;
  readonly dateColumn?: string;
  /** How many failing rows to list (default 1,000); counts are always complete. */
  readonly limit?: number;
}

export interface FailingRow {
  /** 1-based data row in the (left) population file. */
  readonly row: number;
  /** With a join: the matching row of the joined file, null when there is none. */
  readonly joinedRow?: number | null;
  /** The requirements the row fails, in words. */
  readonly failed: string[];
  /** Every column's value; with a join, "left.<col>" and "right.<col>" (null: no joined row). */
  readonly values: Record<string, string | null>;
}

export interface PopulationTestResult {
  readonly populationHash: string;
  readonly joinedHash?: string;
  readonly rowsTested: number;
  readonly rowsFailing: number;
  /** Rows the rule's `where` leaves out. */
  readonly rowsNotApplicable: number;
  /** With a join: left rows without any matching right row (each counted in rowsFailing). */
  readonly rowsUnmatched?: number;
  readonly excluded: number;
  readonly unparseableCount: number;
  readonly unparseable: UnparseableValue[];
  readonly failing: FailingRow[];
  readonly rule: PopulationRule;
  readonly description: string;
}

export const DEFAULT_LIMIT = 1000;
const NO_MATCH = "no matching row in the joined population";

const keySql = (column: string) => `lower(fw_text(${column}))`;

export const runPopulationTest = async (
  population: LoadedPopulation,
  options: PopulationTestOptions,
): Promise<PopulationTestResult> => {
  const rule = parsePopulationRule(options.rule);
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 0)
    throw new AppError("VALIDATION", `--limit must be a whole number ≥ 0.`);
  const left = population.table;
  const join = options.join;
  const space: ColumnSpace = join
    ? { left: left.columns, right: join.table.columns }
    : { left: left.columns };
  if (join) {
    requireColumn("--on (left)", join.leftKey, left.columns);
    requireColumn("--on (right)", join.rightKey, join.table.columns);
  }
  const used = new Map<string, string>();
  const bind = (ref: string): ColumnBinding => {
    const r = resolveColumn(ref, space);
    const table = r.side === "left" ? left : (join as JoinedTable).table;
    const raw = table.columnSql(r.column);
    const alias = `${r.side === "left" ? "l" : "r"}_${raw}`;
    used.set(alias, `${r.side === "left" ? "l" : "r"}.${raw}`);
    return { sql: alias, present: r.side === "right" ? "__r IS NOT NULL" : null };
  };
  const compiled = compileRule(rule, bind);
  await checkPatterns(population.engine, [...whereConditions(rule), ...rule.require]);

  let scope = "";
  let excluded = 0;
  let unparseableCount = 0;
  let unparseable: UnparseableValue[] = [];
  if (options.period !== undefined) {
    if (options.dateColumn === undefined) throw new AppError("VALIDATION", "A period needs a date column.");
    const profile = await population.profile({ dateColumn: options.dateColumn, period: options.period });
    ({ excluded, unparseableCount, unparseable } = profile);
    scope = `WHERE fw_date(${left.columnSql(options.dateColumn)}) BETWEEN ${sqlString(options.period.start)} AND ${sqlString(options.period.end)}`;
  }

  const columns = [...used].map(([alias, sql]) => `, ${sql} AS ${alias}`).join("");
  /** The rows under test: every row in scope, or only the given rows (to explain their failures). */
  const base = (rows?: readonly number[]) => {
    const source = rows
      ? `(SELECT p.rowid AS rid, p.* FROM ${left.table} AS p JOIN (SELECT unnest([${rows.join(", ")}]) AS id) AS ids
           ON p.rowid = ids.id) AS l`
      : `(SELECT rowid AS rid, * FROM ${left.table} ${scope}) AS l`;
    const from = join
      ? `${source} LEFT JOIN ${join.table.table} AS r
           ON ${keySql(`l.${left.columnSql(join.leftKey)}`)} = ${keySql(`r.${join.table.columnSql(join.rightKey)}`)}
          AND fw_text(l.${left.columnSql(join.leftKey)}) <> ''`
      : source;
    return `base AS (SELECT l.rid AS __l, ${join ? "r.rowid" : "NULL::BIGINT"} AS __r${columns} FROM ${from})`;
  };
  const parsed = `parsed AS (SELECT *${compiled.projections.map(([alias, sql]) => `, ${sql} AS ${alias}`).join("")} FROM base)`;
  // One pass with the requirements as one lazy AND chain (as plain SQL would be written); which
  // requirements each listed row fails is worked out afterwards, for those rows only.
  const ok = [...(join ? ["__r IS NOT NULL"] : []), ...compiled.requirements].join(" AND ");
  const [[tested, failing, notApplicable, listed, unmatched]] = (await population.engine.run(
    `WITH ${base()}, ${parsed}, evald AS (SELECT __l, __r, ${compiled.applicable} AS __a, ${ok} AS __ok FROM parsed)
     SELECT count(*) FILTER (WHERE __a), count(*) FILTER (WHERE __a AND NOT __ok), count(*) FILTER (WHERE NOT __a),
            ${limit > 0 ? `min({l: __l, r: __r}, ${limit}) FILTER (WHERE __a AND NOT __ok)` : "NULL"},
            count(*) FILTER (WHERE __a AND __r IS NULL)
     FROM evald`,
    { onPercent: (p) => population.engine.progress(0.85 + 0.1 * (p / 100), "Testing every row") },
  )) as [[number, number, number, { l: number; r: number | null }[] | null, number]];

  const pairs = listed ?? [];
  const outcomes = new Map<string, boolean[]>();
  if (pairs.length > 0) {
    const rows = await population.engine.run(
      `WITH ${base([...new Set(pairs.map((p) => p.l))])}, ${parsed}
       SELECT __l, __r${compiled.requirements.map((q) => `, ${q}`).join("")} FROM parsed`,
    );
    for (const [l, r, ...holds] of rows) outcomes.set(`${l}:${r}`, holds as boolean[]);
  }
  const failedOf = (p: { l: number; r: number | null }): string[] => {
    const holds = outcomes.get(`${p.l}:${p.r}`) ?? [];
    return rule.require.flatMap((c, i) => (holds[i] ? [] : [describeCondition(c)]));
  };
  const picks = pairs.map((p) => ({ l: Number(p.l), r: p.r === null ? null : Number(p.r) }));
  const fetch = async (table: LoadedTable, ids: number[]) => {
    const map = new Map<number, Record<string, string>>();
    if (ids.length === 0) return map;
    const rows = await population.engine.run(
      `SELECT p.rowid, ${population.rawColumns(table)} FROM ${table.table} AS p
       JOIN (SELECT unnest([${[...new Set(ids)].join(", ")}]) AS id) AS ids ON p.rowid = ids.id`,
    );
    for (const row of rows) map.set(Number(row[0]), valuesOf(table, row));
    return map;
  };
  const leftValues = await fetch(
    left,
    picks.map((p) => p.l),
  );
  const rightValues = join
    ? await fetch(
        join.table,
        picks.flatMap((p) => (p.r === null ? [] : [p.r])),
      )
    : undefined;
  const failingRows: FailingRow[] = picks.map((p) => {
    const l = leftValues.get(p.l) ?? {};
    if (!join) {
      return { row: p.l + 1, failed: failedOf(p), values: l };
    }
    const r = p.r === null ? undefined : rightValues?.get(p.r);
    const values: Record<string, string | null> = {};
    for (const c of left.columns) values[`left.${c}`] = l[c] ?? "";
    for (const c of join.table.columns) values[`right.${c}`] = r === undefined ? null : (r[c] ?? "");
    const failed = p.r === null ? [NO_MATCH] : failedOf(p);
    return { row: p.l + 1, joinedRow: p.r === null ? null : p.r + 1, failed, values };
  });
  return {
    populationHash: left.hash,
    ...(join ? { joinedHash: join.table.hash, rowsUnmatched: unmatched } : {}),
    rowsTested: tested,
    rowsFailing: failing,
    rowsNotApplicable: notApplicable,
    excluded,
    unparseableCount,
    unparseable,
    failing: failingRows,
    rule,
    description: describeRule(rule),
  };
};

/** "left=right" or "col" (the same name on both sides), or a [left, right] pair. */
export const parseJoinOn = (
  on: string | readonly [string, string],
): { leftKey: string; rightKey: string } => {
  if (typeof on !== "string") return { leftKey: on[0], rightKey: on[1] };
  const eq = on.indexOf("=");
  const [leftKey, rightKey] =
    eq < 0 ? [on.trim(), on.trim()] : [on.slice(0, eq).trim(), on.slice(eq + 1).trim()];
  if (leftKey === "" || rightKey === "") {
    throw new AppError("VALIDATION", `--on must be COLUMN or LEFT_COLUMN=RIGHT_COLUMN (got "${on}").`);
  }
  return { leftKey, rightKey };
};
