/**
 * "DuckDB alone" for bench/population.ts: the same three questions about the change population
 * (profile against the period, the approval rule, a daily sample of 25) written as plain SQL on
 * @duckdb/node-api, without hashing the file, without our loader or our result handling. It uses
 * the same date macros (sql-dates.ts) so the answers are the same computation.
 *   scans:  every question straight over read_csv, row numbers from row_number() OVER ();
 *   loaded: the file loaded once into a table, row numbers from rowid (what ours does);
 *   replay: the exact statements ours ran (recorded through onQuery), on a bare connection.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { DATE_MACROS } from "../src/analytics/sql-dates.js";
import { deriveSeed, periodStrata, selectIndexes } from "../src/core/sample-selection.js";

const COLUMNS = [
  "id",
  "author",
  "approver",
  "created_at",
  "approved_at",
  "deployed_at",
  "environment",
  "service",
];

export const duckdbAlone = async (
  file: string,
  loaded: boolean,
  period: { start: string; end: string },
  lap: (phase: string) => void,
  threads?: number,
): Promise<Record<string, unknown>> => {
  const db = await DuckDBInstance.create(":memory:", {
    autoinstall_known_extensions: "false",
    ...(threads ? { threads: String(threads) } : {}),
  });
  const c = await db.connect();
  for (const macro of DATE_MACROS) await c.run(macro);
  const rows = async (sql: string) => (await c.runAndReadAll(sql)).getRowsJS();
  const csv = `read_csv('${file}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
    columns = {${COLUMNS.map((n) => `'${n}': 'VARCHAR'`).join(", ")}})`;
  let source: string;
  if (loaded) {
    await c.run(`CREATE TABLE p AS SELECT * FROM ${csv}`);
    source = "(SELECT rowid + 1 AS r, * FROM p)";
    lap("load");
  } else {
    source = `(SELECT row_number() OVER () AS r, * FROM ${csv})`;
  }
  const [profile] = await rows(
    `SELECT count(*), count_if(d BETWEEN '${period.start}' AND '${period.end}'), count_if(d IS NULL),
            min({r: r, v: created_at}, 1000) FILTER (WHERE d IS NULL)
     FROM (SELECT r, created_at, fw_date(created_at) AS d FROM ${source})`,
  );
  lap("profile");
  const [rule] = await rows(
    `SELECT count(*) FILTER (WHERE NOT ok), min(r, 1000) FILTER (WHERE NOT ok)
     FROM (SELECT r, fw_text(approved_at) <> ''
                    AND fw_text(approver) <> '' AND fw_text(author) <> '' AND fw_text(approver) <> fw_text(author)
                    AND coalesce(fw_instant(approved_at) < fw_instant(deployed_at), false) AS ok
           FROM ${source})`,
  );
  lap("rule");
  const histogram = (await rows(
    `SELECT d, count(*) FROM (SELECT fw_date(created_at) AS d FROM ${source})
     WHERE d BETWEEN '${period.start}' AND '${period.end}' GROUP BY d ORDER BY d`,
  )) as [string, bigint][];
  const strata = periodStrata(period, "daily").map((s) =>
    histogram.filter(([d]) => d >= s.start && d <= s.end),
  );
  const indexes = selectIndexes({
    populations: strata.map((m) => m.reduce((sum, [, n]) => sum + Number(n), 0)),
    size: 25,
    method: "random",
    seed: deriveSeed("bench", "CHG", "duckdb-alone"),
  });
  const picks: [string, number][] = [];
  strata.forEach((dates, i) => {
    for (const x of indexes[i] ?? []) {
      let before = 0;
      for (const [d, n] of dates) {
        if (x < before + Number(n)) {
          picks.push([d, x - before]);
          break;
        }
        before += Number(n);
      }
    }
  });
  const sample = await rows(
    `SELECT s.* FROM (SELECT *, fw_date(created_at) AS d FROM ${source}) AS s
     WHERE d IN (${[...new Set(picks.map(([d]) => `'${d}'`))].join(", ")})
     QUALIFY (d, row_number() OVER (PARTITION BY d ORDER BY r) - 1) IN (${picks.map(([d, k]) => `('${d}', ${k})`).join(", ")})`,
  );
  lap("sample");
  c.closeSync();
  db.closeSync();
  return {
    rows: Number(profile?.[0]),
    inPeriod: Number(profile?.[1]),
    failing: Number(rule?.[0]),
    sampled: sample.length,
  };
};

/** Runs the recorded statements in order; phases split where ours split them. */
export const replay = async (
  statements: readonly string[],
  lap: (phase: string) => void,
  threads?: number,
): Promise<Record<string, unknown>> => {
  const db = await DuckDBInstance.create(":memory:", {
    autoinstall_known_extensions: "false",
    ...(threads ? { threads: String(threads) } : {}),
  });
  const c = await db.connect();
  let rows = 0;
  for (const sql of statements) {
    const result = await c.runAndReadAll(sql);
    if (/^CREATE TABLE population_/.test(sql)) lap("load");
    else if (/^SELECT count\(\*\) FROM population_/.test(sql)) rows = Number(result.getRowsJS()[0]?.[0]);
  }
  lap("profile + rule + sample");
  c.closeSync();
  db.closeSync();
  return { statements: statements.length, rows };
};
