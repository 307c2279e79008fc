/**
 * Sample sizes for tests of controls (SOC2.md §4).
 *
 * Two methods:
 * - frequencySampleSize: the non-statistical frequency table most SOC 2 practices use (§4.1), with
 *   the automated-control "test of one" (§4.3);
 * - statisticalSampleSize: attribute sampling from the binomial distribution, which reproduces the
 *   AICPA Audit Sampling Guide Tables A-1 (95 %) and A-2 (90 %) (§4.2).
 *
 * Pure: no clock, no randomness, no I/O. Invalid input throws AppError VALIDATION.
 */
import { AppError } from "./errors.js";

// ---------------------------------------------------------------------------------------------
// Frequency-based (non-statistical) sample sizes

export const CONTROL_FREQUENCIES = [
  "annual",
  "quarterly",
  "monthly",
  "weekly",
  "daily",
  "multiple-daily",
  "event",
] as const;
export type ControlFrequency = (typeof CONTROL_FREQUENCIES)[number];
export const RISK_LEVELS = ["low", "high"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export interface FrequencySampleInput {
  readonly frequency: ControlFrequency;
  /** Number of occurrences in the period; required for event-driven controls. */
  readonly populationSize?: number;
  readonly risk?: RiskLevel;
  /** The control had a deviation in the prior period. */
  readonly priorDeviation?: boolean;
  readonly automated?: boolean;
  /** Change management and logical access over the control's system were effective. */
  readonly itgcEffective?: boolean;
}

export interface FrequencySampleResult {
  readonly size: number;
  /** One plain sentence (or two) explaining the rule applied. */
  readonly rule: string;
  readonly population: number | null;
  /** True when every item of the population is tested. */
  readonly testAll: boolean;
}

/** Largest population accepted; far above any real control population in one period. */
export const MAX_POPULATION = 100_000_000;

/**
 * Base sizes and the "next larger size" used for a higher-risk control or one that deviated in the
 * prior period (Chiaro's base sizes; the step up follows the high end of the Big-4-derived ranges
 * in SOC2.md §4.1):
 *
 * | frequency      | base | next larger |
 * |----------------|------|-------------|
 * | annual         | 1    | 1 (the only occurrence) |
 * | quarterly      | 2    | 3           |
 * | monthly        | 2    | 5           |
 * | weekly         | 5    | 15          |
 * | daily          | 25   | 40          |
 * | multiple-daily | 40   | 60          |
 *
 * Event-driven controls step to the next population band's size: 8 → 15, 15 → 25, 25 → 40; a
 * population of 10 or fewer is tested in full either way. Higher risk and a prior deviation together
 * still move one step: both are reasons for the same larger size, not two separate increments.
 */
export const FREQUENCY_SIZES: Record<
  Exclude<ControlFrequency, "event">,
  { readonly base: number; readonly raised: number; readonly label: string }
> = {
  annual: { base: 1, raised: 1, label: "an annual control" },
  quarterly: { base: 2, raised: 3, label: "a quarterly control" },
  monthly: { base: 2, raised: 5, label: "a monthly control" },
  weekly: { base: 5, raised: 15, label: "a weekly control" },
  daily: { base: 25, raised: 40, label: "a daily control" },
  "multiple-daily": { base: 40, raised: 60, label: "a control that operates several times a day" },
};

/** Event-driven bands: the largest population in the band, the base size and the next larger size. */
export const EVENT_BANDS = [
  { upTo: 10, base: null, raised: null, text: "10 or fewer" },
  { upTo: 50, base: 8, raised: 15, text: "11 to 50" },
  { upTo: 250, base: 15, raised: 25, text: "51 to 250" },
  { upTo: null, base: 25, raised: 40, text: "more than 250" },
] as const;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

const optionalBoolean = (value: unknown, name: string): boolean => {
  if (value === undefined) return false;
  if (typeof value !== "boolean") {
    throw new AppError("VALIDATION", `${name} must be true or false.`, { field: name, received: value });
  }
  return value;
};

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export const frequencySampleSize = (input: FrequencySampleInput): FrequencySampleResult => {
  const raw: unknown = input;
  if (!isObject(raw)) throw new AppError("VALIDATION", "Sample size input must be an object.");
  const frequency = raw.frequency;
  if (typeof frequency !== "string" || !(CONTROL_FREQUENCIES as readonly string[]).includes(frequency)) {
    throw new AppError(
      "VALIDATION",
      `frequency must be one of ${CONTROL_FREQUENCIES.join(", ")} (got ${JSON.stringify(frequency) ?? "nothing"}).`,
      { field: "frequency", allowed: CONTROL_FREQUENCIES, received: frequency },
    );
  }
  const freq = frequency as ControlFrequency;
  const population = raw.populationSize;
  if (
    population !== undefined &&
    (typeof population !== "number" ||
      !Number.isInteger(population) ||
      population < 0 ||
      population > MAX_POPULATION)
  ) {
    throw new AppError(
      "VALIDATION",
      `populationSize must be a whole number from 0 to ${MAX_POPULATION.toLocaleString("en-US")} (got ${JSON.stringify(population) ?? String(population)}).`,
      { field: "populationSize", received: population },
    );
  }
  const risk = raw.risk ?? "low";
  if (typeof risk !== "string" || !(RISK_LEVELS as readonly string[]).includes(risk)) {
    throw new AppError("VALIDATION", `risk must be low or high (got ${JSON.stringify(risk)}).`, {
      field: "risk",
      allowed: RISK_LEVELS,
      received: risk,
    });
  }
  const priorDeviation = optionalBoolean(raw.priorDeviation, "priorDeviation");
  const automated = optionalBoolean(raw.automated, "automated");
  const itgcEffective = optionalBoolean(raw.itgcEffective, "itgcEffective");
  const pop: number | null = population === undefined ? null : population;

  if (freq === "event" && pop === null) {
    throw new AppError(
      "VALIDATION",
      "populationSize is required for an event-driven control: the sample size depends on how many times it occurred.",
      { field: "populationSize", received: undefined },
    );
  }

  if (pop === 0) {
    return {
      size: 0,
      rule: "The control did not operate in the period (a population of 0), so there is nothing to sample; record the query that returned no items and report the control as not occurred.",
      population: 0,
      testAll: true,
    };
  }

  if (automated && itgcEffective) {
    return {
      size: 1,
      rule: "An automated control whose IT general controls (change management and logical access) were effective over the period is tested once (a test of one), for each relevant configuration or scenario.",
      population: pop,
      testAll: pop === 1,
    };
  }

  const raised = risk === "high" || priorDeviation;
  const reasons = [
    ...(risk === "high" ? ["the control is higher risk"] : []),
    ...(priorDeviation ? ["it had a deviation in the prior period"] : []),
  ];
  const automatedNote = automated
    ? " It is automated but its IT general controls were not shown to be effective, so it is sampled like a manual control."
    : "";

  let size: number;
  let basis: string;
  if (freq === "event") {
    const n = pop as number;
    const band = EVENT_BANDS.find((b) => b.upTo === null || n <= b.upTo) ?? EVENT_BANDS[3];
    if (band.base === null) {
      return {
        size: n,
        rule: `An event-driven control with a population of ${plural(n, "item", "items")} (10 or fewer) is tested in full.${automatedNote}`,
        population: n,
        testAll: true,
      };
    }
    size = raised ? band.raised : band.base;
    basis = `An event-driven control with a population of ${n.toLocaleString("en-US")} (the ${band.text} band) needs ${band.base} items`;
  } else {
    const f = FREQUENCY_SIZES[freq];
    size = raised ? f.raised : f.base;
    basis = `The standard sample for ${f.label} is ${plural(f.base, "item", "items")}`;
  }
  if (raised) {
    basis +=
      freq === "annual"
        ? `; ${reasons.join(" and ")}, but an annual control occurs only once, so the sample stays at 1`
        : `; because ${reasons.join(" and ")}, it moves up to the next larger size, ${size}`;
  }
  if (pop !== null && pop <= size) {
    return {
      size: pop,
      rule: `${basis}. The population of ${plural(pop, "item", "items")} is no larger than that, so every item is tested.${automatedNote}`,
      population: pop,
      testAll: true,
    };
  }
  return {
    size,
    rule: `${basis}. Spread the selection across the whole period.${automatedNote}`,
    population: pop,
    testAll: false,
  };
};

// ---------------------------------------------------------------------------------------------
// Statistical attribute sampling (binomial)

export const CONFIDENCE_LEVELS = [90, 95] as const;
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number];

export interface StatisticalSampleInput {
  readonly confidence: ConfidenceLevel;
  /** Tolerable deviation rate, in percent (e.g. 5 for 5 %). */
  readonly tolerableRate: number;
  /** Expected population deviation rate, in percent. */
  readonly expectedRate: number;
}

export interface StatisticalSampleResult {
  readonly size: number;
  readonly rule: string;
  /** Deviations the sample may contain while still supporting the tolerable rate: ceil(n × EPDR). */
  readonly allowedDeviations: number;
}

/** Bounds of the statistical inputs; the cap on n keeps the search finite and the sample practical. */
export const STATISTICAL_LIMITS = {
  tolerableRate: { min: 0.1, max: 50 },
  expectedRate: { min: 0, max: 49.9 },
  maxSampleSize: 5_000,
} as const;

/** log(exp(a) + exp(b)) without overflow or underflow. */
const logAddExp = (a: number, b: number): number => {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
};

/**
 * log P(X ≤ k) for X ~ Binomial(n, p), 0 < p < 1, summed in log space: log pmf(0) = n·log(1−p) and
 * log pmf(i+1) = log pmf(i) + log((n−i)/(i+1)) + log(p/(1−p)).
 */
export const logBinomialCdf = (k: number, n: number, p: number): number => {
  if (k < 0) return Number.NEGATIVE_INFINITY;
  if (k >= n) return 0;
  const logOdds = Math.log(p) - Math.log1p(-p);
  let logPmf = n * Math.log1p(-p);
  let logCdf = logPmf;
  for (let i = 0; i < k; i++) {
    logPmf += Math.log(n - i) - Math.log(i + 1) + logOdds;
    logCdf = logAddExp(logCdf, logPmf);
  }
  return Math.min(0, logCdf);
};

/**
 * Deviations allowed in a sample of n at the expected rate (percent): ceil(n × EPDR), computed in
 * thousandths of a percent so that, e.g., 200 × 0.5 % is exactly 1 and not 1.0000000001 → 2.
 */
export const allowedDeviationsFor = (n: number, expectedRate: number): number => {
  const milli = Math.round(expectedRate * 1000);
  return Math.ceil((n * milli) / 100_000);
};

const finiteNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

const pct = (x: number): string => `${Number(x.toFixed(3))} %`;

export const statisticalSampleSize = (input: StatisticalSampleInput): StatisticalSampleResult => {
  const raw: unknown = input;
  if (!isObject(raw)) throw new AppError("VALIDATION", "Sample size input must be an object.");
  const { confidence, tolerableRate, expectedRate } = raw;
  if (confidence !== 90 && confidence !== 95) {
    throw new AppError(
      "VALIDATION",
      `confidence must be 90 or 95 (got ${JSON.stringify(confidence) ?? "nothing"}).`,
      {
        field: "confidence",
        allowed: CONFIDENCE_LEVELS,
        received: confidence,
      },
    );
  }
  const tl = STATISTICAL_LIMITS.tolerableRate;
  if (!finiteNumber(tolerableRate) || tolerableRate < tl.min || tolerableRate > tl.max) {
    throw new AppError(
      "VALIDATION",
      `tolerableRate must be a percentage from ${tl.min} to ${tl.max} (got ${JSON.stringify(tolerableRate) ?? "nothing"}).`,
      { field: "tolerableRate", received: tolerableRate },
    );
  }
  const el = STATISTICAL_LIMITS.expectedRate;
  if (!finiteNumber(expectedRate) || expectedRate < el.min || expectedRate > el.max) {
    throw new AppError(
      "VALIDATION",
      `expectedRate must be a percentage from ${el.min} to ${el.max} (got ${JSON.stringify(expectedRate) ?? "nothing"}).`,
      { field: "expectedRate", received: expectedRate },
    );
  }
  if (expectedRate >= tolerableRate) {
    throw new AppError(
      "VALIDATION",
      `The tolerable deviation rate (${pct(tolerableRate)}) must be greater than the expected deviation rate (${pct(expectedRate)}).`,
      { field: "expectedRate", received: expectedRate },
    );
  }
  const risk = (100 - confidence) / 100;
  const logRisk = Math.log(risk);
  const p = tolerableRate / 100;
  // A tiny tolerance so a probability equal to the risk up to rounding counts as "≤ risk".
  const eps = 1e-12;
  for (let n = 1; n <= STATISTICAL_LIMITS.maxSampleSize; n++) {
    const k = allowedDeviationsFor(n, expectedRate);
    if (k >= n) continue;
    if (logBinomialCdf(k, n, p) <= logRisk + eps) {
      const table = confidence === 95 ? "Table A-1" : "Table A-2";
      return {
        size: n,
        allowedDeviations: k,
        rule:
          `At ${confidence} % confidence (a ${100 - confidence} % risk of overreliance), a tolerable deviation rate of ${pct(tolerableRate)} ` +
          `and an expected deviation rate of ${pct(expectedRate)}, test ${plural(n, "item", "items")}: the smallest sample for which ` +
          `finding no more than ${plural(k, "deviation", "deviations")} still supports the tolerable rate under the binomial distribution ` +
          `(AICPA Audit Sampling Guide, ${table}).`,
      };
    }
  }
  throw new AppError(
    "VALIDATION",
    `The expected deviation rate (${pct(expectedRate)}) is too close to the tolerable rate (${pct(tolerableRate)}): the sample would exceed ${STATISTICAL_LIMITS.maxSampleSize.toLocaleString("en-US")} items. Lower the expected rate or raise the tolerable rate.`,
    { field: "expectedRate", received: expectedRate },
  );
};
