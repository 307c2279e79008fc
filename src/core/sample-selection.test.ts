import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allocate,
  deriveSeed,
  type PopulationItem,
  parsePeriod,
  periodStrata,
  SELECTION_FREQUENCIES,
  SeededRandom,
  selectIndexes,
  selectSample,
} from "./sample-selection.js";

const PERIOD = { start: "2025-01-01", end: "2025-12-31" };

/** 40 items: ten on the 1st–10th of January, April, July and October 2025. */
const GOLDEN_ITEMS: PopulationItem[] = Array.from({ length: 40 }, (_, i) => ({
  row: i + 1,
  id: `T${i + 1}`,
  date: `2025-${String(Math.floor(i / 10) * 3 + 1).padStart(2, "0")}-${String((i % 10) + 1).padStart(2, "0")}`,
}));

const dayOf = (offset: number): string =>
  new Date(Date.UTC(2024, 10, 1) + offset * 86_400_000).toISOString().slice(0, 10);

/** Items dated from Nov 2024 to Feb 2026, so some fall outside PERIOD. */
const itemsArb = fc
  .array(fc.integer({ min: 0, max: 480 }), { maxLength: 300 })
  .map((offsets) => offsets.map((o, i) => ({ row: i + 1, id: `R${i + 1}`, date: dayOf(o) })));

const inputArb = fc.record({
  items: itemsArb,
  size: fc.integer({ min: 0, max: 80 }),
  method: fc.constantFrom("random" as const, "systematic" as const),
  frequency: fc.constantFrom(...SELECTION_FREQUENCIES),
  seed: fc.string({ minLength: 1, maxLength: 20 }),
});

describe("deriveSeed", () => {
  it("is SHA-256 hex of the engagement, control and population hash", () => {
    const seed = deriveSeed("ENG-1", "CC8.1", "ab".repeat(32));
    expect(seed).toBe("5ce2d74836990beae968bc9f5bc1d01780c33126a05fcd4506fe956ac2bf7824");
    expect(deriveSeed("ENG-1", "CC8.2", "ab".repeat(32))).not.toBe(seed);
    // The canonical string is unambiguous: moving a separator changes the seed.
    expect(deriveSeed("a:b", "c", "d")).not.toBe(deriveSeed("a", "b:c", "d"));
  });
});

describe("SeededRandom", () => {
  it("is deterministic and stays in range", () => {
    const a = new SeededRandom("s");
    const b = new SeededRandom("s");
    const xs = Array.from({ length: 100 }, () => a.nextInt(7));
    expect(xs).toEqual(Array.from({ length: 100 }, () => b.nextInt(7)));
    expect(xs.every((x) => x >= 0 && x < 7)).toBe(true);
    expect(new Set(xs).size).toBe(7);
  });
});

describe("parsePeriod and periodStrata", () => {
  it("parses START..END and rejects bad periods", () => {
    expect(parsePeriod("2025-01-01..2025-12-31")).toEqual(PERIOD);
    expect(() => parsePeriod("2025-12-31..2025-01-01")).toThrow(/starts after/);
    expect(() => parsePeriod("2025-02-30..2025-12-31")).toThrow(/START..END/);
    expect(() => parsePeriod("2025-01-01")).toThrow(/START..END/);
  });

  it("uses months for daily, quarters for weekly, halves for monthly, the whole period for annual", () => {
    const p = { start: "2025-04-15", end: "2026-03-10" };
    const months = periodStrata(p, "daily");
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual({ label: "2025-04", start: "2025-04-15", end: "2025-04-30" });
    expect(months.at(-1)).toEqual({ label: "2026-03", start: "2026-03-01", end: "2026-03-10" });
    expect(periodStrata(p, "weekly").map((s) => s.label)).toEqual([
      "2025-Q2",
      "2025-Q3",
      "2025-Q4",
      "2026-Q1",
    ]);
    expect(periodStrata(p, "monthly").map((s) => s.label)).toEqual(["2025-H1", "2025-H2", "2026-H1"]);
    expect(periodStrata(p, "annual")).toEqual([{ label: "period", ...p }]);
  });
});

describe("allocate (largest remainder, at least one per non-empty stratum)", () => {
  it("allocates proportionally", () => {
    expect(allocate([10, 10, 10, 10], 6)).toEqual([2, 2, 1, 1]);
    expect(allocate([100, 1, 0, 1], 4)).toEqual([2, 1, 0, 1]);
    expect(allocate([5, 1], 10)).toEqual([5, 1]);
    expect(allocate([3, 3, 3], 2)).toEqual([1, 1, 0]);
  });
});

describe("selectSample golden", () => {
  const seed = deriveSeed("ENG-1", "CC8.1", "ab".repeat(32));

  it("random: exact rows (a change here means the algorithm changed)", () => {
    const r = selectSample({
      items: GOLDEN_ITEMS,
      period: PERIOD,
      size: 6,
      method: "random",
      frequency: "weekly",
      seed,
    });
    expect(r.items.map((i) => i.row)).toEqual([1, 2, 15, 20, 23, 39]);
    expect(r.strata.map((s) => [s.label, s.population, s.selected])).toEqual([
      ["2025-Q1", 10, 2],
      ["2025-Q2", 10, 2],
      ["2025-Q3", 10, 1],
      ["2025-Q4", 10, 1],
    ]);
  });

  it("systematic: exact rows", () => {
    const r = selectSample({
      items: GOLDEN_ITEMS,
      period: PERIOD,
      size: 6,
      method: "systematic",
      frequency: "weekly",
      seed,
    });
    expect(r.items.map((i) => i.row)).toEqual([1, 6, 13, 18, 30, 34]);
  });

  it("all: every item in the period", () => {
    const r = selectSample({
      items: GOLDEN_ITEMS,
      period: PERIOD,
      size: 1,
      method: "all",
      frequency: "daily",
      seed,
    });
    expect(r.items).toHaveLength(40);
  });
});

describe("selectSample properties", () => {
  it("is deterministic, without duplicates, inside the period, of the requested size", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const a = selectSample({ ...input, period: PERIOD });
        const b = selectSample({ ...input, items: [...input.items].reverse(), period: PERIOD });
        expect(b).toEqual(a);
        const rows = a.items.map((i) => i.row);
        expect(new Set(rows).size).toBe(rows.length);
        expect(a.items.every((i) => i.date >= PERIOD.start && i.date <= PERIOD.end)).toBe(true);
        const inPeriod = input.items.filter((i) => i.date >= PERIOD.start && i.date <= PERIOD.end).length;
        expect(a.items).toHaveLength(Math.min(input.size, inPeriod));
        expect(a.strata.reduce((s, x) => s + x.selected, 0)).toBe(a.items.length);
        expect(a.strata.every((s) => s.selected <= s.population)).toBe(true);
        const sorted = [...a.items].sort((x, y) =>
          x.date < y.date ? -1 : x.date > y.date ? 1 : x.row - y.row,
        );
        expect(a.items).toEqual(sorted);
      }),
    );
  });

  it("represents every non-empty stratum when the size allows", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = selectSample({ ...input, period: PERIOD });
        const nonEmpty = r.strata.filter((s) => s.population > 0);
        fc.pre(input.size >= nonEmpty.length);
        for (const s of nonEmpty) {
          expect(s.selected).toBeGreaterThanOrEqual(1);
          expect(r.items.some((i) => i.date >= s.start && i.date <= s.end)).toBe(true);
        }
      }),
    );
  });

  it("changes the selection when the seed changes (usually)", () => {
    const items = Array.from({ length: 365 }, (_, i) => ({ row: i + 1, id: `D${i}`, date: dayOf(61 + i) }));
    let differing = 0;
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (s1, s2) => {
        fc.pre(s1 !== s2);
        const base = {
          items,
          period: PERIOD,
          size: 25,
          method: "random" as const,
          frequency: "daily" as const,
        };
        const a = selectSample({ ...base, seed: s1 }).items.map((i) => i.row);
        const b = selectSample({ ...base, seed: s2 }).items.map((i) => i.row);
        if (JSON.stringify(a) !== JSON.stringify(b)) differing += 1;
      }),
      { numRuns: 50 },
    );
    expect(differing).toBeGreaterThanOrEqual(49);
  });
});

describe("selectIndexes (the selection from stratum counts alone)", () => {
  it("is selectSample without the items: same strata, same ranks", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = selectSample({ ...input, period: PERIOD });
        const inPeriod = input.items
          .filter((i) => i.date >= PERIOD.start && i.date <= PERIOD.end)
          .sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : x.row - y.row));
        const members = periodStrata(PERIOD, input.frequency).map((s) =>
          inPeriod.filter((i) => i.date >= s.start && i.date <= s.end),
        );
        const indexes = selectIndexes({
          populations: members.map((m) => m.length),
          size: input.size,
          method: input.method,
          seed: input.seed,
        });
        expect(indexes.flatMap((xs, i) => xs.map((x) => members[i]?.[x]?.row))).toEqual(
          r.items.map((i) => i.row),
        );
        for (const xs of indexes) expect(xs).toEqual([...xs].sort((a, b) => a - b));
      }),
    );
  });

  it("draws from strata of millions without materialising them", () => {
    const seed = deriveSeed("ENG-1", "CC8.1", "cd".repeat(32));
    const populations = [2_500_000, 0, 3_100_000, 1];
    const random = selectIndexes({ populations, size: 25, method: "random", seed });
    expect(random.map((xs) => xs.length)).toEqual([11, 0, 13, 1]);
    expect(random.flat().every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    expect(random[0]?.every((x) => x < 2_500_000)).toBe(true);
    expect(new Set(random[2]).size).toBe(13);
    expect(selectIndexes({ populations, size: 25, method: "random", seed })).toEqual(random);
    const systematic = selectIndexes({ populations: [1_000_000], size: 4, method: "systematic", seed });
    const gaps = systematic[0]?.slice(1).map((x, i) => x - (systematic[0]?.[i] ?? 0));
    expect(gaps?.every((g) => g === 250_000 || g === 249_999 || g === 250_001)).toBe(true);
    expect(selectIndexes({ populations: [3, 2], size: 1, method: "all", seed })).toEqual([
      [0, 1, 2],
      [0, 1],
    ]);
    expect(() => selectIndexes({ populations: [1.5], size: 1, method: "random", seed })).toThrow(
      /whole numbers/,
    );
  });
});
