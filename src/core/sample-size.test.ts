import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "./errors.js";
import {
  CONTROL_FREQUENCIES,
  type ConfidenceLevel,
  type FrequencySampleInput,
  frequencySampleSize,
  logBinomialCdf,
  statisticalSampleSize,
} from "./sample-size.js";

// AICPA Audit Sampling Guide (2017) Appendix A, as reproduced in SOC2.md §4.2.
const TDR = [3, 4, 5, 6, 7, 8, 9, 10, 15, 20] as const;
const EPDR = [0, 0.5, 1, 2] as const;
const TABLES: Record<ConfidenceLevel, readonly (readonly number[])[]> = {
  // Table A-1: 5 % risk of overreliance.
  95: [
    [99, 74, 59, 49, 42, 36, 32, 29, 19, 14],
    [157, 117, 93, 78, 66, 58, 51, 46, 30, 22],
    [257, 156, 93, 78, 66, 58, 51, 46, 30, 22],
    [846, 294, 181, 127, 88, 77, 68, 46, 30, 22],
  ],
  // Table A-2: 10 % risk of overreliance.
  90: [
    [76, 57, 45, 38, 32, 28, 25, 22, 15, 11],
    [129, 96, 77, 64, 55, 48, 42, 38, 25, 18],
    [176, 96, 77, 64, 55, 48, 42, 38, 25, 18],
    [590, 198, 132, 88, 75, 48, 42, 38, 25, 18],
  ],
};

const cells = ([95, 90] as const).flatMap((confidence) =>
  EPDR.flatMap((expectedRate, row) =>
    TDR.map((tolerableRate, col) => ({
      confidence,
      expectedRate,
      tolerableRate,
      size: TABLES[confidence][row]?.[col] ?? Number.NaN,
    })),
  ),
);

const validationError = (f: () => unknown): AppError => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("VALIDATION");
    return error as AppError;
  }
  throw new Error("expected a VALIDATION error");
};

describe("statisticalSampleSize reproduces AICPA Tables A-1 and A-2", () => {
  it("covers all 80 cells", () => {
    expect(cells).toHaveLength(80);
    expect(cells.every((c) => Number.isInteger(c.size))).toBe(true);
  });

  it.each(cells)("$confidence % confidence, TDR $tolerableRate %, EPDR $expectedRate % → $size", (cell) => {
    const result = statisticalSampleSize(cell);
    expect(result.size).toBe(cell.size);
    expect(result.allowedDeviations).toBe(
      Math.max(0, Math.ceil((cell.size * cell.expectedRate) / 100 - 1e-9)),
    );
  });

  it("matches the worked examples: 29 items with 0 deviations, 46 items allowing 1", () => {
    expect(statisticalSampleSize({ confidence: 95, tolerableRate: 10, expectedRate: 0 })).toMatchObject({
      size: 29,
      allowedDeviations: 0,
    });
    const r = statisticalSampleSize({ confidence: 95, tolerableRate: 10, expectedRate: 1 });
    expect(r).toMatchObject({ size: 46, allowedDeviations: 1 });
    expect(r.rule).toContain("95 % confidence");
    expect(r.rule).toContain("Table A-1");
  });

  it("with no expected deviations, agrees with the closed form (1 − TDR)^n ≤ risk", () => {
    for (const confidence of [90, 95] as const) {
      for (let t = 1; t <= 30; t++) {
        const p = t / 100;
        const risk = (100 - confidence) / 100;
        const closed = Math.ceil(Math.log(risk) / Math.log(1 - p) - 1e-9);
        expect(statisticalSampleSize({ confidence, tolerableRate: t, expectedRate: 0 }).size).toBe(closed);
      }
    }
  });
});

describe("logBinomialCdf", () => {
  it("agrees with a direct sum for small n", () => {
    const choose = (n: number, k: number): number => {
      let c = 1;
      for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
      return c;
    };
    for (const [n, k, p] of [
      [10, 2, 0.1],
      [46, 1, 0.1],
      [93, 3, 0.05],
      [20, 19, 0.5],
    ] as const) {
      let direct = 0;
      for (let i = 0; i <= k; i++) direct += choose(n, i) * p ** i * (1 - p) ** (n - i);
      expect(Math.exp(logBinomialCdf(k, n, p))).toBeCloseTo(direct, 12);
    }
  });

  it("stays finite and accurate where plain powers underflow", () => {
    const log = logBinomialCdf(0, 20_000, 0.2);
    expect(log).toBeCloseTo(20_000 * Math.log(0.8), 6);
    expect(logBinomialCdf(5, 5, 0.3)).toBe(0);
    expect(logBinomialCdf(-1, 5, 0.3)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe("statisticalSampleSize properties", () => {
  const rate = (min: number, max: number) => fc.integer({ min: min * 10, max: max * 10 }).map((x) => x / 10);
  const confidence = fc.constantFrom<ConfidenceLevel>(90, 95);

  it("grows as the tolerable rate falls", () => {
    fc.assert(
      fc.property(confidence, rate(0, 2), rate(4, 20), rate(4, 20), (c, e, t1, t2) => {
        const [low, high] = t1 <= t2 ? [t1, t2] : [t2, t1];
        const nLow = statisticalSampleSize({ confidence: c, tolerableRate: low, expectedRate: e }).size;
        const nHigh = statisticalSampleSize({ confidence: c, tolerableRate: high, expectedRate: e }).size;
        expect(nLow).toBeGreaterThanOrEqual(nHigh);
      }),
      { numRuns: 150 },
    );
  });

  it("grows as the expected rate rises", () => {
    fc.assert(
      fc.property(confidence, rate(5, 25), rate(0, 2.5), rate(0, 2.5), (c, t, e1, e2) => {
        const [low, high] = e1 <= e2 ? [e1, e2] : [e2, e1];
        const nLow = statisticalSampleSize({ confidence: c, tolerableRate: t, expectedRate: low }).size;
        const nHigh = statisticalSampleSize({ confidence: c, tolerableRate: t, expectedRate: high }).size;
        expect(nHigh).toBeGreaterThanOrEqual(nLow);
      }),
      { numRuns: 150 },
    );
  });

  it("grows as confidence rises", () => {
    fc.assert(
      fc.property(rate(3, 30), rate(0, 2.5), (t, e) => {
        const n90 = statisticalSampleSize({ confidence: 90, tolerableRate: t, expectedRate: e }).size;
        const n95 = statisticalSampleSize({ confidence: 95, tolerableRate: t, expectedRate: e }).size;
        expect(n95).toBeGreaterThanOrEqual(n90);
      }),
      { numRuns: 150 },
    );
  });

  it("returns a sample that meets the risk, and no smaller one does", () => {
    fc.assert(
      fc.property(confidence, rate(3, 20), rate(0, 1.5), (c, t, e) => {
        const { size, allowedDeviations } = statisticalSampleSize({
          confidence: c,
          tolerableRate: t,
          expectedRate: e,
        });
        const risk = (100 - c) / 100;
        expect(Math.exp(logBinomialCdf(allowedDeviations, size, t / 100))).toBeLessThanOrEqual(risk + 1e-12);
      }),
      { numRuns: 100 },
    );
  });
});

describe("statisticalSampleSize validation", () => {
  it.each([
    ["confidence 99", { confidence: 99, tolerableRate: 5, expectedRate: 0 }, /confidence must be 90 or 95/],
    ["tolerable 0", { confidence: 95, tolerableRate: 0, expectedRate: 0 }, /tolerableRate must be/],
    ["tolerable above 50", { confidence: 95, tolerableRate: 60, expectedRate: 0 }, /tolerableRate must be/],
    ["negative expected", { confidence: 95, tolerableRate: 5, expectedRate: -1 }, /expectedRate must be/],
    [
      "NaN tolerable",
      { confidence: 95, tolerableRate: Number.NaN, expectedRate: 0 },
      /tolerableRate must be/,
    ],
    [
      "expected equal to tolerable",
      { confidence: 90, tolerableRate: 5, expectedRate: 5 },
      /must be greater than/,
    ],
    [
      "expected above tolerable",
      { confidence: 90, tolerableRate: 3, expectedRate: 4 },
      /must be greater than/,
    ],
    ["expected too close", { confidence: 95, tolerableRate: 3, expectedRate: 2.9 }, /too close/],
  ])("rejects %s", (_, input, message) => {
    const error = validationError(() => statisticalSampleSize(input as never));
    expect(error.message).toMatch(message);
  });
});

describe("frequencySampleSize: the frequency table", () => {
  it.each([
    ["annual", 1],
    ["quarterly", 2],
    ["monthly", 2],
    ["weekly", 5],
    ["daily", 25],
    ["multiple-daily", 40],
  ] as const)("%s → %i", (frequency, size) => {
    const r = frequencySampleSize({ frequency });
    expect(r).toMatchObject({ size, population: null, testAll: false });
    expect(r.rule).toMatch(/^[A-Z].*\.$/);
  });

  it.each([
    ["annual", 1],
    ["quarterly", 3],
    ["monthly", 5],
    ["weekly", 15],
    ["daily", 40],
    ["multiple-daily", 60],
  ] as const)("%s at high risk or after a prior deviation → %i", (frequency, size) => {
    expect(frequencySampleSize({ frequency, risk: "high" }).size).toBe(size);
    expect(frequencySampleSize({ frequency, priorDeviation: true }).size).toBe(size);
    // Both reasons together still move one step.
    expect(frequencySampleSize({ frequency, risk: "high", priorDeviation: true }).size).toBe(size);
    expect(frequencySampleSize({ frequency, risk: "high" }).rule).toMatch(/higher risk/);
  });

  it("low risk is the default", () => {
    expect(frequencySampleSize({ frequency: "daily", risk: "low" })).toEqual(
      frequencySampleSize({ frequency: "daily" }),
    );
  });
});

describe("frequencySampleSize: event-driven bands", () => {
  it.each([
    [1, 1, true],
    [10, 10, true],
    [11, 8, false],
    [50, 8, false],
    [51, 15, false],
    [250, 15, false],
    [251, 25, false],
    [100_000, 25, false],
  ] as const)("population %i → %i (test all: %s)", (populationSize, size, testAll) => {
    expect(frequencySampleSize({ frequency: "event", populationSize })).toEqual(
      expect.objectContaining({ size, testAll, population: populationSize }),
    );
  });

  it.each([
    [10, 10],
    [11, 11],
    [15, 15],
    [16, 15],
    [50, 15],
    [51, 25],
    [250, 25],
    [251, 40],
    [10_000, 40],
  ] as const)(
    "population %i steps up to %i at high risk or after a prior deviation",
    (populationSize, size) => {
      expect(frequencySampleSize({ frequency: "event", populationSize, risk: "high" }).size).toBe(size);
      expect(frequencySampleSize({ frequency: "event", populationSize, priorDeviation: true }).size).toBe(
        size,
      );
    },
  );

  it("requires a population for an event-driven control", () => {
    expect(validationError(() => frequencySampleSize({ frequency: "event" })).message).toMatch(
      /populationSize is required/,
    );
  });
});

describe("frequencySampleSize: small populations, zero populations and automated controls", () => {
  it("tests the whole population when it is no larger than the sample", () => {
    expect(frequencySampleSize({ frequency: "daily", populationSize: 25 })).toMatchObject({
      size: 25,
      testAll: true,
      population: 25,
    });
    expect(frequencySampleSize({ frequency: "daily", populationSize: 26 })).toMatchObject({
      size: 25,
      testAll: false,
    });
    expect(frequencySampleSize({ frequency: "multiple-daily", populationSize: 30 })).toMatchObject({
      size: 30,
      testAll: true,
    });
    expect(frequencySampleSize({ frequency: "weekly", populationSize: 12, risk: "high" })).toMatchObject({
      size: 12,
      testAll: true,
    });
    expect(frequencySampleSize({ frequency: "daily", populationSize: 20 }).rule).toMatch(
      /every item is tested/,
    );
  });

  it("never samples more than the population, for any input", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CONTROL_FREQUENCIES),
        fc.integer({ min: 0, max: 1_000 }),
        fc.constantFrom("low", "high") as fc.Arbitrary<"low" | "high">,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (frequency, populationSize, risk, priorDeviation, automated, itgcEffective) => {
          const input: FrequencySampleInput = {
            frequency,
            populationSize,
            risk,
            priorDeviation,
            automated,
            itgcEffective,
          };
          const r = frequencySampleSize(input);
          expect(r.size).toBeLessThanOrEqual(populationSize);
          expect(r.size).toBeGreaterThanOrEqual(Math.min(1, populationSize));
          expect(r.testAll).toBe(r.size === populationSize);
          // Raising the risk never lowers the sample.
          expect(frequencySampleSize({ ...input, risk: "high" }).size).toBeGreaterThanOrEqual(r.size);
        },
      ),
    );
  });

  it("a population of zero needs no sample", () => {
    expect(frequencySampleSize({ frequency: "event", populationSize: 0 })).toMatchObject({
      size: 0,
      testAll: true,
    });
  });

  it("an automated control with effective ITGCs is a test of one", () => {
    for (const frequency of CONTROL_FREQUENCIES) {
      const r = frequencySampleSize({
        frequency,
        populationSize: 5_000,
        automated: true,
        itgcEffective: true,
        risk: "high",
      });
      expect(r.size).toBe(1);
      expect(r.rule).toMatch(/test of one/);
    }
    expect(frequencySampleSize({ frequency: "daily", automated: true, itgcEffective: true }).size).toBe(1);
  });

  it("an automated control without effective ITGCs is sampled like a manual one", () => {
    const r = frequencySampleSize({ frequency: "daily", automated: true });
    expect(r.size).toBe(25);
    expect(r.rule).toMatch(/sampled like a manual control/);
    expect(frequencySampleSize({ frequency: "daily", automated: true, itgcEffective: false }).size).toBe(25);
  });
});

describe("frequencySampleSize validation", () => {
  it.each([
    ["an unknown frequency", { frequency: "hourly" }, /frequency must be one of/],
    ["a negative population", { frequency: "daily", populationSize: -1 }, /populationSize must be/],
    ["a fractional population", { frequency: "event", populationSize: 2.5 }, /populationSize must be/],
    ["an unknown risk", { frequency: "daily", risk: "medium" }, /risk must be low or high/],
    ["a non-boolean flag", { frequency: "daily", automated: "yes" }, /automated must be true or false/],
  ])("rejects %s", (_, input, message) => {
    expect(validationError(() => frequencySampleSize(input as never)).message).toMatch(message);
  });
});
