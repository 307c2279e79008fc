/**
 * A population loaded once (load.ts) and questioned several times: its profile (rows, columns,
 * preview, the date column against the period), a sample drawn exactly as core's selectSample
 * would draw it, and full-population tests (test.ts). Counts are always complete; listed rows are
 * capped and say so through their counts. Nothing is silently dropped:
 * rowCount = inPeriod + excluded + unparseableCount whenever a date column is given.
 */
import { AppError } from "../core/errors.js";
import {
  isIsoDate,
  type Period,
  periodStrata,
  type SelectionFrequency,
  type SelectionMethod,
  type Stratum,
  selectIndexes,
} from "../core/sample-selection.js";
import { type AnalyticsOptions, Engine, sqlString } from "./engine.js";
import { type LoadedTable, loadTable, type PopulationFormat } from "./load.js";

export interface UnparseableValue {
  readonly row: number;
  readonly column: string;
  readonly value: string;
}

export interface PopulationProfile {
  readonly hash: string;
  readonly format: PopulationFormat;
  readonly sizeBytes: number;
  readonly rowCount: number;
  readonly columns: string[];
  /** The first 20 rows, cells in `columns` order. */
  readonly preview: string[][];
  /** With a date column: rows whose date is in the period (all readable dates without a period). */
  readonly inPeriod: number;
  /** Rows whose date is readable but outside the period. */
  readonly excluded: number;
  readonly unparseableCount: number;
  /** The first 1,000 unreadable dates with their rows. */
  readonly unparseable: UnparseableValue[];
}

export interface DateScope {
  readonly dateColumn?: string;
  readonly idColumn?: string;
  readonly period?: Period;
}

export interface SampleOptions {
  readonly dateColumn: string;
  readonly idColumn?: string;
  readonly period: Period;
  readonly frequency: SelectionFrequency;
  readonly size: number;
  readonly method: SelectionMethod;
  readonly seed: string;
}

export interface SampledItem {
  readonly row: number;
  readonly id: string;
  readonly date: string;
  readonly values: Record<string, string>;
}

export interface PopulationSelection {
  readonly populationHash: string;
  readonly seed: string;
  readonly size: number;
  readonly inPeriod: number;
  readonly excluded: number;
  readonly unparseableCount: number;
  readonly unparseable: UnparseableValue[];
  readonly strata: Stratum[];
  readonly items: SampledItem[];
}

export const LISTED_UNPARSEABLE = 1000;

/** Sorted, merged [first, last] spans. */
const mergeSpans = (spans: (readonly [number, number])[]): [number, number][] => {
  const out: [number, number][] = [];
  for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
    const last = out.at(-1);
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
};
const PREVIEW_ROWS = 20;

interface DateHistogram {
  /** Readable dates, ascending, with their row counts and the first and last rowid holding each. */
  readonly dates: { date: string; count: number; first: number; last: number }[];
  readonly unparseableCount: number;
  readonly unparseable: UnparseableValue[];
}

const checkPeriod = (period: Period): void => {
  if (!isIsoDate(period.start) || !isIsoDate(period.end) || period.start > period.end) {
    throw new AppError("VALIDATION", `Invalid period ${period.start}..${period.end}.`);
  }
};

export const requireColumn = (flag: string, column: string, columns: readonly string[]): void => {
  if (!columns.includes(column)) {
    throw new AppError(
      "VALIDATION",
      `${flag} "${column}" is not a column of the population file; available columns: ${columns.join(", ")}.`,
    );
  }
};

/** Values of one table row (SELECT rowid, c0, c1, … order) keyed by header name; NULL reads "". */
export const valuesOf = (table: LoadedTable, row: readonly unknown[], offset = 1): Record<string, string> =>
  Object.fromEntries(
    table.columns.map((name) => [name, String(row[offset + Number(table.columnSql(name).slice(1))] ?? "")]),
  );

export class LoadedPopulation {
  private readonly histograms = new Map<string, Promise<DateHistogram>>();

  constructor(
    readonly engine: Engine,
    readonly table: LoadedTable,
  ) {}

  get hash(): string {
    return this.table.hash;
  }

  get columns(): string[] {
    return this.table.columns;
  }

  /** All raw columns of a table, in load order, for `valuesOf`. */
  rawColumns(table: LoadedTable = this.table): string {
    const width = Math.max(1, ...table.columns.map((c) => Number(table.columnSql(c).slice(1)) + 1));
    return Array.from({ length: width }, (_, i) => `c${i}`).join(", ");
  }

  /** Per-date row counts of a date column, unreadable dates listed (computed once per column). */
  dateHistogram(dateColumn: string): Promise<DateHistogram> {
    requireColumn("--date-column", dateColumn, this.columns);
    let cached = this.histograms.get(dateColumn);
    if (cached === undefined) {
      cached = this.computeHistogram(dateColumn);
      this.histograms.set(dateColumn, cached);
    }
    return cached;
  }

  private async computeHistogram(dateColumn: string): Promise<DateHistogram> {
    const col = this.table.columnSql(dateColumn);
    const rows = await this.engine.run(
      `SELECT d, count(*), min({r: rowid, v: coalesce(${col}, '')}, ${LISTED_UNPARSEABLE}) FILTER (WHERE d IS NULL),
              min(rowid), max(rowid)
       FROM (SELECT rowid, ${col}, fw_date(${col}) AS d FROM ${this.table.table}) GROUP BY d ORDER BY d`,
    );
    const dates: DateHistogram["dates"] = [];
    let unparseableCount = 0;
    let unparseable: UnparseableValue[] = [];
    for (const [d, count, list, first, last] of rows as [
      string | null,
      number,
      { r: number; v: string }[] | null,
      number,
      number,
    ][]) {
      if (d === null) {
        unparseableCount = count;
        unparseable = (list ?? []).map((x) => ({ row: Number(x.r) + 1, column: dateColumn, value: x.v }));
      } else dates.push({ date: d, count, first, last });
    }
    return { dates, unparseableCount, unparseable };
  }

  async profile(scope: DateScope = {}): Promise<PopulationProfile> {
    const t = this.table;
    if (scope.idColumn !== undefined) requireColumn("--id-column", scope.idColumn, t.columns);
    if (scope.period) checkPeriod(scope.period);
    const raw = await this.engine.run(
      `SELECT rowid, ${this.rawColumns()} FROM ${t.table} WHERE rowid < ${PREVIEW_ROWS} ORDER BY rowid`,
    );
    const preview = raw.map((row) => {
      const values = valuesOf(t, row);
      return t.columns.map((c) => values[c] ?? "");
    });
    const base = {
      hash: t.hash,
      format: t.format,
      sizeBytes: t.sizeBytes,
      rowCount: t.rowCount,
      columns: t.columns,
    };
    if (scope.dateColumn === undefined || (t.rowCount === 0 && t.columns.length === 0)) {
      return { ...base, preview, inPeriod: t.rowCount, excluded: 0, unparseableCount: 0, unparseable: [] };
    }
    const h = await this.dateHistogram(scope.dateColumn);
    const period = scope.period;
    const inPeriod = h.dates
      .filter((d) => period === undefined || (d.date >= period.start && d.date <= period.end))
      .reduce((s, d) => s + d.count, 0);
    return {
      ...base,
      preview,
      inPeriod,
      excluded: t.rowCount - inPeriod - h.unparseableCount,
      unparseableCount: h.unparseableCount,
      unparseable: h.unparseable,
    };
  }

  /**
   * The sample core's selectSample would draw from this file: strata counted from the date
   * histogram, indexes chosen by core's selectIndexes, and only the chosen ranks fetched (rank =
   * position by date, then row, within the stratum).
   */
  async select(options: SampleOptions): Promise<PopulationSelection> {
    const t = this.table;
    checkPeriod(options.period);
    if (options.idColumn !== undefined) requireColumn("--id-column", options.idColumn, t.columns);
    const empty = t.rowCount === 0 && t.columns.length === 0;
    const h = empty
      ? { dates: [], unparseableCount: 0, unparseable: [] }
      : await this.dateHistogram(options.dateColumn);
    const { start, end } = options.period;
    const strata = periodStrata(options.period, options.frequency);
    const members = strata.map((s) =>
      h.dates.filter((d) => d.date >= s.start && d.date <= s.end && d.date >= start && d.date <= end),
    );
    const populations = members.map((m) => m.reduce((sum, d) => sum + d.count, 0));
    const inPeriod = populations.reduce((s, n) => s + n, 0);
    const indexes = selectIndexes({
      populations,
      size: options.size,
      method: options.method,
      seed: options.seed,
    });
    // Each chosen index → (date, k-th row of that date in file order).
    const wanted: { date: string; k: number }[] = [];
    members.forEach((dates, i) => {
      let cursor = 0;
      let before = 0;
      for (const x of indexes[i] ?? []) {
        while (cursor < dates.length && before + (dates[cursor]?.count ?? 0) <= x) {
          before += dates[cursor]?.count ?? 0;
          cursor += 1;
        }
        wanted.push({ date: dates[cursor]?.date ?? "", k: x - before });
      }
    });
    const everything = indexes.every((x, i) => x.length === populations[i]);
    const spans = new Map(h.dates.map((d) => [d.date, [d.first, d.last] as const]));
    const items = await this.fetchRanks(options, everything ? "all" : wanted, spans);
    return {
      populationHash: t.hash,
      seed: options.seed,
      size: items.length,
      inPeriod,
      excluded: t.rowCount - inPeriod - h.unparseableCount,
      unparseableCount: h.unparseableCount,
      unparseable: h.unparseable,
      strata: strata.map((s, i) => ({
        ...s,
        population: populations[i] ?? 0,
        selected: indexes[i]?.length ?? 0,
      })),
      items,
    };
  }

  /** The chosen rows with their values; "all" is every row dated in the period. */
  private async fetchRanks(
    options: SampleOptions,
    wanted: { date: string; k: number }[] | "all",
    spans: ReadonlyMap<string, readonly [number, number]>,
  ): Promise<SampledItem[]> {
    if (wanted.length === 0) return [];
    const t = this.table;
    const col = t.columnSql(options.dateColumn);
    // Only the rowid spans holding the chosen dates are read (narrow when the file is in date order).
    const ranges =
      wanted === "all"
        ? []
        : mergeSpans([...new Set(wanted.map((w) => w.date))].map((d) => spans.get(d) ?? [0, -1]));
    const within =
      ranges.length === 0
        ? ""
        : `WHERE ${ranges.map(([a, b]) => `rowid BETWEEN ${a} AND ${b}`).join(" OR ")}`;
    const dated = `dated AS (SELECT rowid AS rid, fw_date(${col}) AS d FROM ${t.table} ${within})`;
    const chosen =
      wanted === "all"
        ? `chosen AS (SELECT rid, d FROM dated
                      WHERE d BETWEEN ${sqlString(options.period.start)} AND ${sqlString(options.period.end)})`
        : `ranked AS (SELECT rid, d, row_number() OVER (PARTITION BY d ORDER BY rid) - 1 AS k FROM dated
                      WHERE d IN (${[...new Set(wanted.map((w) => sqlString(w.date)))].join(", ")})),
           chosen AS (SELECT ranked.rid, ranked.d FROM ranked
                      JOIN (VALUES ${wanted.map((w) => `(${sqlString(w.date)}, ${w.k})`).join(", ")}) AS w(d, k)
                      ON ranked.d = w.d AND ranked.k = w.k)`;
    const rows = await this.engine.run(
      `WITH ${dated}, ${chosen}
       SELECT chosen.rid, chosen.d, ${this.rawColumns()} FROM chosen JOIN ${t.table} AS p ON p.rowid = chosen.rid
       ORDER BY chosen.d, chosen.rid`,
    );
    return rows.map((r) => {
      const row = Number(r[0]) + 1;
      const values = valuesOf(t, r, 2);
      const id = options.idColumn === undefined ? String(row) : (values[options.idColumn] ?? "");
      return { row, id, date: String(r[1]), values };
    });
  }

  /** Loads a second file (to join or reconcile with) into the same engine. */
  attach(path: string, format: PopulationFormat): Promise<LoadedTable> {
    return loadTable(this.engine, path, format, {
      from: 0.8,
      share: 0.05,
      label: "Reading the second population",
    });
  }

  close(): void {
    this.engine.close();
  }
}

/** Opens an analysis engine and loads the file into it. Close the result when done. */
export const openPopulation = async (
  path: string,
  options: { format: PopulationFormat } & AnalyticsOptions,
): Promise<LoadedPopulation> => {
  const engine = await Engine.open(options);
  try {
    engine.progress(0, "Reading the population");
    const table = await loadTable(engine, path, options.format, {
      from: 0,
      share: 0.8,
      label: "Reading the population",
    });
    return new LoadedPopulation(engine, table);
  } catch (error) {
    engine.close();
    throw error;
  }
};
