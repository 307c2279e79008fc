/**
 * Reconciliation of two populations (completeness support, SOC2.md §4.4): rows of each side are
 * matched on one key column each (ignoring surrounding spaces and case; an empty key matches
 * nothing), after optional row filters. Every unmatched row on either side is counted and the
 * first `limit` (default 10,000) are listed in row order with their values.
 */
import { AppError } from "../core/errors.js";
import { type PopulationCondition, parsePopulationFilter, resolveColumn } from "../core/population-rules.js";
import type { Engine } from "./engine.js";
import type { LoadedTable } from "./load.js";
import { type LoadedPopulation, requireColumn, valuesOf } from "./population.js";
import { checkPatterns, compileFilter } from "./rule-sql.js";

export interface ReconcileSide {
  readonly key: string;
  /** A condition or list of conditions (the rule language's); rows not matching are left out. */
  readonly filter?: unknown;
}

export interface UnmatchedRow {
  readonly row: number;
  readonly values: Record<string, string>;
}

export interface Reconciliation {
  readonly leftHash: string;
  readonly rightHash: string;
  /** Rows of each side after its filter. */
  readonly leftRows: number;
  readonly rightRows: number;
  /** Left rows with at least one matching right row. */
  readonly matched: number;
  readonly unmatchedLeftCount: number;
  readonly unmatchedRightCount: number;
  readonly unmatchedLeft: UnmatchedRow[];
  readonly unmatchedRight: UnmatchedRow[];
}

export const DEFAULT_RECONCILE_LIMIT = 10_000;

/** A temp table of (rid, k) for the side's filtered rows; returns its name. */
const keyed = async (
  engine: Engine,
  table: LoadedTable,
  side: ReconcileSide,
  name: string,
): Promise<string> => {
  requireColumn("key", side.key, table.columns);
  const conditions: PopulationCondition[] =
    side.filter === undefined || side.filter === null ? [] : parsePopulationFilter(side.filter);
  await checkPatterns(engine, conditions);
  const filter = compileFilter(conditions, (ref) => {
    const r = resolveColumn(ref, { left: table.columns });
    return { sql: table.columnSql(r.column), present: null };
  });
  const key = table.columnSql(side.key);
  const projections = filter.projections.map(([alias, sql]) => `, ${sql} AS ${alias}`).join("");
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE ${name} AS
       SELECT rid, nullif(lower(fw_text(${key})), '') AS k
       FROM (SELECT rowid AS rid, *${projections} FROM ${table.table}) WHERE ${filter.sql}`,
  );
  return name;
};

export const runReconciliation = async (
  left: LoadedPopulation,
  right: LoadedTable,
  sides: { left: ReconcileSide; right: ReconcileSide },
  limit = DEFAULT_RECONCILE_LIMIT,
): Promise<Reconciliation> => {
  if (!Number.isInteger(limit) || limit < 0)
    throw new AppError("VALIDATION", "limit must be a whole number ≥ 0.");
  const engine = left.engine;
  const l = await keyed(engine, left.table, sides.left, "reconcile_left");
  const r = await keyed(engine, right, sides.right, "reconcile_right");
  const [[leftRows, rightRows, matched]] = (await engine.run(
    `SELECT (SELECT count(*) FROM ${l}), (SELECT count(*) FROM ${r}),
            (SELECT count(*) FROM ${l} WHERE k IS NOT NULL AND k IN (SELECT k FROM ${r} WHERE k IS NOT NULL))`,
  )) as [[number, number, number]];
  const unmatched = async (mine: string, other: string, table: LoadedTable) => {
    const where = `k IS NULL OR k NOT IN (SELECT k FROM ${other} WHERE k IS NOT NULL)`;
    const [[count]] = (await engine.run(`SELECT count(*) FROM ${mine} WHERE ${where}`)) as [[number]];
    const rows =
      limit === 0
        ? []
        : await engine.run(
            `SELECT p.rowid, ${left.rawColumns(table)} FROM ${table.table} AS p
             JOIN (SELECT rid FROM ${mine} WHERE ${where} ORDER BY rid LIMIT ${limit}) AS u ON p.rowid = u.rid
             ORDER BY p.rowid`,
          );
    return { count, rows: rows.map((row) => ({ row: Number(row[0]) + 1, values: valuesOf(table, row) })) };
  };
  const unmatchedLeft = await unmatched(l, r, left.table);
  const unmatchedRight = await unmatched(r, l, right);
  return {
    leftHash: left.table.hash,
    rightHash: right.hash,
    leftRows,
    rightRows,
    matched,
    unmatchedLeftCount: unmatchedLeft.count,
    unmatchedRightCount: unmatchedRight.count,
    unmatchedLeft: unmatchedLeft.rows,
    unmatchedRight: unmatchedRight.rows,
  };
};
