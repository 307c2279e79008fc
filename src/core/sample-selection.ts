/**
 * Deterministic, stratified sample selection (SOC2.md §4.1): the selection is spread across the
 * whole period and seeded by SHA-256 of the engagement ID, the control and the population hash, so
 * the same population gives the same sample on any machine. Pure: no clock, no Math.random, no
 * locale; the only "randomness" is SHA-256 in counter mode over the seed.
 *
 * Strata are calendar units clipped to the period:
 * - daily, multiple-daily, event: every calendar MONTH of the period;
 * - weekly, monthly: every calendar QUARTER (weekly) / HALF-year (monthly);
 * - quarterly: every calendar HALF-year; annual: the whole period.
 * The sample size is allocated across non-empty strata in proportion to their populations with
 * at least one item per non-empty stratum, by the largest-remainder method (exact integer
 * arithmetic; ties go to the earlier stratum). If the size is smaller than the number of non-empty
 * strata the minimum of one cannot hold and the largest strata win (largest remainder, no minimum).
 */
import { createHash } from "node:crypto";
import { AppError } from "./errors.js";

export const SELECTION_METHODS = ["random", "systematic", "all"] as const;
export type SelectionMethod = (typeof SELECTION_METHODS)[number];

export const SELECTION_FREQUENCIES = [
  "annual",
  "quarterly",
  "monthly",
  "weekly",
  "daily",
  "multiple-daily",
  "event",
] as const;
export type SelectionFrequency = (typeof SELECTION_FREQUENCIES)[number];

export interface PopulationItem {
  /** 1-based data row number in the population file. */
  readonly row: number;
  readonly id: string;
  /** YYYY-MM-DD */
  readonly date: string;
}

export interface Period {
  readonly start: string;
  readonly end: string;
}

export interface Stratum {
  readonly label: string;
  readonly start: string;
  readonly end: string;
  readonly population: number;
  readonly selected: number;
}

export interface SelectionInput {
  readonly items: readonly PopulationItem[];
  readonly period: Period;
  readonly size: number;
  readonly method: SelectionMethod;
  readonly frequency: SelectionFrequency;
  readonly seed: string;
}

export interface SelectionResult {
  readonly items: PopulationItem[];
  readonly strata: Stratum[];
}

/** Version tag of the seed's canonical string; change it only with the algorithm. */
const SEED_PREFIX = "fieldwork-sample-seed:v1";

/** SHA-256 hex of a canonical, unambiguous string (JSON array) of the three inputs. */
export const deriveSeed = (engagementId: string, controlId: string, populationHash: string): string =>
  createHash("sha256")
    .update(JSON.stringify([SEED_PREFIX, engagementId, controlId, populationHash.toLowerCase()]), "utf8")
    .digest("hex");

/** A deterministic generator: SHA-256(seed ":" counter) blocks read as big-endian uint32 words. */
export class SeededRandom {
  private counter = 0;
  private block: Buffer = Buffer.alloc(0);
  private offset = 0;

  constructor(private readonly seed: string) {}

  nextUint32(): number {
    if (this.offset + 4 > this.block.length) {
      this.block = createHash("sha256").update(`${this.seed}:${this.counter}`, "utf8").digest();
      this.counter += 1;
      this.offset = 0;
    }
    const value = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /** Uniform integer in [0, n) by rejection sampling (no modulo bias). */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new RangeError(`nextInt: bad bound ${n}`);
    const limit = Math.floor(2 ** 32 / n) * n;
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export const isIsoDate = (text: string): boolean => {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
};

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

/** Parses "START..END" (both YYYY-MM-DD, inclusive, START ≤ END). */
export const parsePeriod = (text: string): Period => {
  const parts = text.trim().split("..");
  const [start, end] = parts.map((p) => p.trim());
  if (
    parts.length !== 2 ||
    start === undefined ||
    end === undefined ||
    !isIsoDate(start) ||
    !isIsoDate(end)
  ) {
    throw new AppError("VALIDATION", `--period must be START..END with dates as YYYY-MM-DD (got "${text}").`);
  }
  if (start > end) throw new AppError("VALIDATION", `--period starts after it ends (got "${text}").`);
  return { start, end };
};

type Unit = "month" | "quarter" | "half" | "whole";

export const STRATUM_UNIT: Record<SelectionFrequency, Unit> = {
  "multiple-daily": "month",
  daily: "month",
  event: "month",
  weekly: "quarter",
  monthly: "half",
  quarterly: "half",
  annual: "whole",
};

/** The calendar strata of the period for a frequency, each clipped to the period. */
export const periodStrata = (
  period: Period,
  frequency: SelectionFrequency,
): { label: string; start: string; end: string }[] => {
  const unit = STRATUM_UNIT[frequency];
  if (unit === "whole") return [{ label: "period", start: period.start, end: period.end }];
  const months = unit === "month" ? 1 : unit === "quarter" ? 3 : 6;
  let year = Number(period.start.slice(0, 4));
  // First month of the calendar unit that contains the period start.
  let month = Math.floor((Number(period.start.slice(5, 7)) - 1) / months) * months + 1;
  const out: { label: string; start: string; end: string }[] = [];
  for (;;) {
    const unitStart = `${year}-${pad(month)}-01`;
    if (unitStart > period.end) break;
    const lastMonth = month + months - 1;
    const unitEnd = `${year}-${pad(lastMonth)}-${pad(daysInMonth(year, lastMonth))}`;
    const label =
      unit === "month"
        ? `${year}-${pad(month)}`
        : unit === "quarter"
          ? `${year}-Q${(month - 1) / 3 + 1}`
          : `${year}-H${(month - 1) / 6 + 1}`;
    out.push({
      label,
      start: unitStart < period.start ? period.start : unitStart,
      end: unitEnd > period.end ? period.end : unitEnd,
    });
    month += months;
    if (month > 12) {
      month -= 12;
      year += 1;
    }
  }
  return out;
};

/**
 * Largest-remainder allocation of `size` over populations, at least one per non-empty stratum
 * when size allows, never more than a stratum holds. Exact: compares size·Nᵢ − aᵢ·N as integers.
 */
export const allocate = (populations: readonly number[], size: number): number[] => {
  const total = populations.reduce((s, n) => s + n, 0);
  const n = Math.min(size, total);
  if (n <= 0) return populations.map(() => 0);
  const nonEmpty = populations.filter((p) => p > 0).length;
  const min = n >= nonEmpty ? 1 : 0;
  const alloc = populations.map((p) =>
    p === 0 ? 0 : Math.min(p, Math.max(min, Math.floor((n * p) / total))),
  );
  const remainder = (i: number): number => n * (populations[i] ?? 0) - (alloc[i] ?? 0) * total;
  let sum = alloc.reduce((s, a) => s + a, 0);
  while (sum < n) {
    let best = -1;
    for (let i = 0; i < populations.length; i++) {
      if ((alloc[i] ?? 0) >= (populations[i] ?? 0)) continue;
      if (best < 0 || remainder(i) > remainder(best)) best = i;
    }
    alloc[best] = (alloc[best] ?? 0) + 1;
    sum += 1;
  }
  while (sum > n) {
    let worst = -1;
    for (let i = populations.length - 1; i >= 0; i--) {
      if ((alloc[i] ?? 0) <= min) continue;
      if (worst < 0 || remainder(i) < remainder(worst)) worst = i;
    }
    alloc[worst] = (alloc[worst] ?? 0) - 1;
    sum -= 1;
  }
  return alloc;
};

const byDateRow = (a: PopulationItem, b: PopulationItem): number =>
  a.date < b.date ? -1 : a.date > b.date ? 1 : a.row - b.row;

/**
 * Partial Fisher–Yates over the virtual array [0, m): only the swapped slots are stored, so a
 * stratum of millions costs O(k). Consumes the generator exactly as a shuffle of a real array would.
 */
const pickRandomIndexes = (m: number, k: number, rng: SeededRandom): number[] => {
  const swapped = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < k; i++) {
    const j = i + rng.nextInt(m - i);
    const picked = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    out.push(picked);
  }
  return out;
};

/** Interval m/k with a seeded random start s/k, s ∈ [0, m): indexes ⌊(s + j·m)/k⌋. */
const pickSystematicIndexes = (m: number, k: number, rng: SeededRandom): number[] => {
  if (k === 0) return [];
  const s = rng.nextInt(m);
  const out: number[] = [];
  for (let j = 0; j < k; j++) out.push(Math.floor((s + j * m) / k));
  return out;
};

export interface IndexSelectionInput {
  /** Items per stratum, strata in period order; each stratum is sorted by (date, row). */
  readonly populations: readonly number[];
  /** Requested size, capped at the total population; ignored for "all". */
  readonly size: number;
  readonly method: SelectionMethod;
  readonly seed: string;
}

/**
 * The selection computed from stratum counts alone: for each stratum, the ascending 0-based
 * indexes of the selected items within it (sorted by date, then row). This is what lets a caller
 * sample a population of millions without holding it: count per stratum, ask for indexes, fetch
 * those ranks. selectSample is this function applied to items in memory.
 */
export const selectIndexes = (input: IndexSelectionInput): number[][] => {
  const { populations, method } = input;
  if (!Number.isInteger(input.size) || input.size < 0) {
    throw new AppError("VALIDATION", `Sample size must be a whole number ≥ 0 (got ${input.size}).`);
  }
  if (populations.some((p) => !Number.isInteger(p) || p < 0)) {
    throw new AppError("VALIDATION", "Stratum populations must be whole numbers ≥ 0.");
  }
  const total = populations.reduce((s, n) => s + n, 0);
  const size = method === "all" ? total : Math.min(input.size, total);
  const alloc = allocate(populations, size);
  const rng = new SeededRandom(input.seed);
  return populations.map((m, i) => {
    const k = alloc[i] ?? 0;
    if (k >= m) return Array.from({ length: m }, (_, x) => x);
    const picked = method === "systematic" ? pickSystematicIndexes(m, k, rng) : pickRandomIndexes(m, k, rng);
    return picked.sort((a, b) => a - b);
  });
};

/** Selects the sample; items outside the period are ignored (the caller reports them). */
export const selectSample = (input: SelectionInput): SelectionResult => {
  const { period, method, frequency, seed } = input;
  if (!isIsoDate(period.start) || !isIsoDate(period.end) || period.start > period.end) {
    throw new AppError("VALIDATION", `Invalid period ${period.start}..${period.end}.`);
  }
  if (!Number.isInteger(input.size) || input.size < 0) {
    throw new AppError("VALIDATION", `Sample size must be a whole number ≥ 0 (got ${input.size}).`);
  }
  const inPeriod = input.items.filter((i) => i.date >= period.start && i.date <= period.end).sort(byDateRow);
  const strata = periodStrata(period, frequency);
  const members = strata.map((s) => inPeriod.filter((i) => i.date >= s.start && i.date <= s.end));
  const indexes = selectIndexes({
    populations: members.map((m) => m.length),
    size: input.size,
    method,
    seed,
  });
  return {
    // Strata are disjoint date ranges in order, so concatenating ascending indexes keeps (date, row) order.
    items: members.flatMap((m, i) => (indexes[i] ?? []).map((x) => m[x] as PopulationItem)),
    strata: strata.map((s, i) => ({
      ...s,
      population: members[i]?.length ?? 0,
      selected: indexes[i]?.length ?? 0,
    })),
  };
};
