/**
 * Fixed-price quote for a SOC 2 examination: effort hours per phase from the cost drivers of the
 * scope, priced with a versioned rate card, plus an ordinal cost class.
 *
 * Pure: no clock, no randomness, no I/O. The rate card carries every number; this module only
 * carries the shape of the calculation. Every effort parameter is non-negative and every multiplier
 * is at least 1 with heavier levels never cheaper (the schema checks it), which is what makes the
 * total a monotone function of the scope for every valid rate card, not just the default one.
 */
import { z } from "zod";

export const TSC_CATEGORIES = ["CC", "A", "PI", "C", "P"] as const;
export type TscCategory = (typeof TSC_CATEGORIES)[number];
/** Categories priced on top of Security, which every SOC 2 includes. */
export const ADDITIONAL_CATEGORIES = ["A", "PI", "C", "P"] as const;
export type AdditionalCategory = (typeof ADDITIONAL_CATEGORIES)[number];
export const CATEGORY_NAMES: Record<TscCategory, string> = {
  CC: "Security",
  A: "Availability",
  PI: "Processing Integrity",
  C: "Confidentiality",
  P: "Privacy",
};

export const EXAMINATION_TYPES = ["type1", "type2"] as const;
/** Lightest first: each later model has more infrastructure the auditor tests directly. */
export const HOSTING_MODELS = ["cloud", "hybrid", "on-prem"] as const;
export const LEVELS = ["low", "medium", "high"] as const;
export const CURRENCIES = ["INR", "USD"] as const;
export const PHASES = ["planning", "fieldwork", "reporting"] as const;
/** Ordinal, cheapest first. "variable" means the scope is beyond the standard price list. */
export const COST_CLASSES = ["lower", "moderate", "higher", "variable"] as const;

export type ExaminationType = (typeof EXAMINATION_TYPES)[number];
export type HostingModel = (typeof HOSTING_MODELS)[number];
export type Level = (typeof LEVELS)[number];
export type Currency = (typeof CURRENCIES)[number];
export type Phase = (typeof PHASES)[number];
export type CostClass = (typeof COST_CLASSES)[number];

/** Bounds of the numeric inputs; the caps keep every total a safe integer. */
export const QUOTE_LIMITS = {
  periodMonths: { min: 3, max: 12, default: 12 },
  employees: { min: 1, max: 1_000_000, default: 50 },
  systems: { min: 1, max: 10_000, default: 3 },
  locations: { min: 1, max: 10_000, default: 1 },
  vendors: { min: 0, max: 10_000, default: 5 },
} as const;

const boundedInt = (limits: { min: number; max: number; default: number }) =>
  z.number().int().min(limits.min).max(limits.max).default(limits.default);

/** Security first, then the others in AICPA order, each once. */
export const normalizeCategories = (categories: readonly TscCategory[]): TscCategory[] =>
  TSC_CATEGORIES.filter((c) => c === "CC" || categories.includes(c));

export const QuoteInputSchema = z.strictObject({
  type: z.enum(EXAMINATION_TYPES),
  categories: z.array(z.enum(TSC_CATEGORIES)).max(20).transform(normalizeCategories),
  /** Length of the Type 2 observation period; a Type 1 ignores it. */
  periodMonths: boundedInt(QUOTE_LIMITS.periodMonths),
  employees: boundedInt(QUOTE_LIMITS.employees),
  systems: boundedInt(QUOTE_LIMITS.systems),
  locations: boundedInt(QUOTE_LIMITS.locations),
  /** Vendors and subservice organizations together. */
  vendors: boundedInt(QUOTE_LIMITS.vendors),
  hosting: z.enum(HOSTING_MODELS).default("cloud"),
  maturity: z.enum(LEVELS).default("medium"),
  evidenceReadiness: z.enum(LEVELS).default("medium"),
  currency: z.enum(CURRENCIES).default("INR"),
});
export type QuoteInput = z.output<typeof QuoteInputSchema>;

// ---------------------------------------------------------------------------------------------
// Rate card

const hours = z.number().min(0).max(1_000);
const PhaseHoursSchema = z.strictObject({ planning: hours, fieldwork: hours, reporting: hours });
const factor = z.number().min(1).max(5);
const PhaseFactorsSchema = z.strictObject({ planning: factor, fieldwork: factor, reporting: factor });
const rate = z.number().int().positive().max(50_000);
const PhaseRatesSchema = z.strictObject({ planning: rate, fieldwork: rate, reporting: rate });
export type PhaseHours = z.infer<typeof PhaseHoursSchema>;
export type PhaseFactors = z.infer<typeof PhaseFactorsSchema>;

const EmployeeBandSchema = z.strictObject({
  /** Largest headcount in the band; null for the open-ended last band. */
  upTo: z.number().int().min(1).nullable(),
  hours: PhaseHoursSchema,
});

const notLighter = (lighter: PhaseHours, heavier: PhaseHours): boolean =>
  PHASES.every((p) => heavier[p] >= lighter[p]);

const EffortSchema = z
  .strictObject({
    /** Security-only Type 1: planning, walkthroughs, design assessment and the report. */
    base: PhaseHoursSchema,
    type2: z.strictObject({
      /** Testing of operating effectiveness on top of the Type 1 work. */
      additional: PhaseHoursSchema,
      /** Scope-driven hours (categories, size, vendors) grow by this factor when tested over a period. */
      scopeFactor: PhaseFactorsSchema,
      perPeriodMonth: PhaseHoursSchema,
    }),
    categories: z.strictObject({
      A: PhaseHoursSchema,
      PI: PhaseHoursSchema,
      C: PhaseHoursSchema,
      P: PhaseHoursSchema,
    }),
    employeeBands: z.array(EmployeeBandSchema).min(1).max(50),
    perSystem: PhaseHoursSchema,
    perAdditionalLocation: PhaseHoursSchema,
    perVendor: PhaseHoursSchema,
    hosting: z.strictObject({
      cloud: PhaseFactorsSchema,
      hybrid: PhaseFactorsSchema,
      "on-prem": PhaseFactorsSchema,
    }),
    maturity: z.strictObject({
      high: PhaseFactorsSchema,
      medium: PhaseFactorsSchema,
      low: PhaseFactorsSchema,
    }),
    evidenceReadiness: z.strictObject({
      high: PhaseFactorsSchema,
      medium: PhaseFactorsSchema,
      low: PhaseFactorsSchema,
    }),
  })
  .superRefine((effort, ctx) => {
    const bands = effort.employeeBands;
    bands.forEach((band, i) => {
      const last = i === bands.length - 1;
      if (last !== (band.upTo === null)) {
        ctx.addIssue({
          code: "custom",
          path: ["employeeBands", i, "upTo"],
          message: "only the last employee band is open-ended (upTo: null), and it must be",
        });
      }
      const previous = bands[i - 1];
      if (previous === undefined) return;
      if (band.upTo !== null && previous.upTo !== null && band.upTo <= previous.upTo) {
        ctx.addIssue({
          code: "custom",
          path: ["employeeBands", i, "upTo"],
          message: "employee bands must be in ascending order of upTo",
        });
      }
      if (!notLighter(previous.hours, band.hours)) {
        ctx.addIssue({
          code: "custom",
          path: ["employeeBands", i, "hours"],
          message: "a larger employee band must not carry fewer hours in any phase",
        });
      }
    });
    const ordered = (path: string, levels: readonly PhaseFactors[]) => {
      for (let i = 1; i < levels.length; i++) {
        if (!notLighter(levels[i - 1]!, levels[i]!)) {
          ctx.addIssue({
            code: "custom",
            path: [path],
            message: `${path} multipliers must not fall as work gets heavier`,
          });
        }
      }
    };
    ordered("hosting", [effort.hosting.cloud, effort.hosting.hybrid, effort.hosting["on-prem"]]);
    ordered("maturity", [effort.maturity.high, effort.maturity.medium, effort.maturity.low]);
    ordered("evidenceReadiness", [
      effort.evidenceReadiness.high,
      effort.evidenceReadiness.medium,
      effort.evidenceReadiness.low,
    ]);
  });

export const RateCardSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/, "lower-case letters, digits, dots and hyphens"),
  version: z.string().min(1).max(32),
  /** YYYY-MM-DD, a real calendar date. */
  effectiveFrom: z.iso.date(),
  /** Per hour, in whole currency units. */
  rates: z.strictObject({ INR: PhaseRatesSchema, USD: PhaseRatesSchema }),
  /** The total is rounded up to a multiple of this. */
  roundingUnit: z.strictObject({
    INR: z.number().int().positive().max(1_000_000),
    USD: z.number().int().positive().max(1_000_000),
  }),
  effort: EffortSchema,
});
export type RateCard = z.infer<typeof RateCardSchema>;

// ---------------------------------------------------------------------------------------------
// Result

export interface QuoteDriver {
  readonly id: DriverId;
  readonly label: string;
  readonly value: string;
  /** Whole hours; the drivers' hours add up exactly to hours.total. */
  readonly hours: number;
  /** The driver's hours priced at the phase rates; see computeQuote for how this meets the total. */
  readonly amount: number;
  readonly explanation: string;
}

export interface QuoteResult {
  readonly currency: Currency;
  readonly total: number;
  readonly costClass: CostClass;
  readonly partnerConfirmationRequired: boolean;
  readonly hours: PhaseHours & { readonly total: number };
  readonly fees: PhaseHours;
  readonly drivers: readonly QuoteDriver[];
  readonly rateCard: { readonly id: string; readonly version: string };
}

export const DRIVER_IDS = [
  "base",
  "type",
  "categories",
  "period",
  "employees",
  "systems",
  "locations",
  "vendors",
  "hosting",
  "maturity",
  "evidenceReadiness",
] as const;
export type DriverId = (typeof DRIVER_IDS)[number];

const ZERO: PhaseHours = { planning: 0, fieldwork: 0, reporting: 0 };
const perPhase = (f: (p: Phase) => number): PhaseHours => ({
  planning: f("planning"),
  fieldwork: f("fieldwork"),
  reporting: f("reporting"),
});
const plus = (...hs: PhaseHours[]): PhaseHours => perPhase((p) => hs.reduce((s, h) => s + h[p], 0));
const times = (h: PhaseHours, k: number): PhaseHours => perPhase((p) => h[p] * k);
const timesEach = (h: PhaseHours, f: PhaseFactors): PhaseHours => perPhase((p) => h[p] * f[p]);
const minusOne = (f: PhaseFactors): PhaseFactors => perPhase((p) => f[p] - 1);

/**
 * Rounds effort up to whole hours. The tiny downward nudge absorbs floating-point noise
 * (21.000000000001 is 21 h, not 22); it is increasing in x, so rounding keeps monotonicity.
 */
const ceilHours = (x: number): number => Math.max(0, Math.ceil(x * (1 - 1e-12) - 1e-9));

/** Splits a whole-hour target over fractional shares by largest remainder, so the parts add up. */
const apportion = (shares: readonly number[], target: number): number[] => {
  const result = shares.map((s) => Math.max(0, Math.floor(s)));
  let left = target - result.reduce((a, b) => a + b, 0);
  const byRemainder = shares
    .map((s, i) => ({ i, rem: s - Math.floor(s), s }))
    .sort((a, b) => b.rem - a.rem || b.s - a.s || a.i - b.i);
  for (let k = 0; left > 0 && byRemainder.length > 0; k++, left--) {
    const idx = byRemainder[k % byRemainder.length]!.i;
    result[idx] = (result[idx] ?? 0) + 1;
  }
  // Only float noise can overshoot; take the excess from the largest parts.
  while (left < 0) {
    const idx = result.reduce((best, v, i, arr) => (v > (arr[best] ?? 0) ? i : best), 0);
    result[idx] = (result[idx] ?? 0) - 1;
    left++;
  }
  return result;
};

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

type Bands = RateCard["effort"]["employeeBands"];
const employeeBand = (
  bands: Bands,
  employees: number,
): { from: number; upTo: number | null; hours: PhaseHours } => {
  let from = 1;
  for (const band of bands) {
    if (band.upTo === null || employees <= band.upTo) return { from, upTo: band.upTo, hours: band.hours };
    from = band.upTo + 1;
  }
  // The schema guarantees an open-ended last band; this only guards hand-made cards.
  const last = bands[bands.length - 1];
  return { from, upTo: null, hours: last?.hours ?? ZERO };
};

const HOSTING_TEXT: Record<HostingModel, string> = {
  cloud: "Cloud hosting: physical and environmental controls are inherited from the provider",
  hybrid: "Hybrid hosting adds on-premises infrastructure to test alongside the cloud",
  "on-prem": "On-premises hosting means testing data-centre, network and physical controls directly",
};
const MATURITY_TEXT: Record<Level, string> = {
  high: "Mature controls, little rework expected",
  medium: "Medium control maturity allows for some follow-up of gaps and exceptions",
  low: "Low control maturity means more exceptions to follow up, re-test and write up",
};
const READINESS_TEXT: Record<Level, string> = {
  high: "Evidence is organized and ready before fieldwork",
  medium: "Some evidence will need chasing and clarifying",
  low: "Evidence will need repeated requests and follow-up before it can be tested",
};

interface RawDriver {
  readonly id: DriverId;
  readonly label: string;
  readonly value: string;
  readonly raw: PhaseHours;
  readonly explain: (hours: number) => string;
}

/** The cost drivers of a scope, as fractional hours per phase before rounding. */
const rawDrivers = (input: QuoteInput, card: RateCard): RawDriver[] => {
  const e = card.effort;
  const type2 = input.type === "type2";
  const categories = normalizeCategories(input.categories);
  const extra = ADDITIONAL_CATEGORIES.filter((c) => categories.includes(c));
  const band = employeeBand(e.employeeBands, input.employees);

  const categoriesRaw = plus(ZERO, ...extra.map((c) => e.categories[c]));
  const employeesRaw = band.hours;
  const systemsRaw = times(e.perSystem, input.systems);
  const locationsRaw = times(e.perAdditionalLocation, input.locations - 1);
  const vendorsRaw = times(e.perVendor, input.vendors);
  const scope = plus(categoriesRaw, employeesRaw, systemsRaw, locationsRaw, vendorsRaw);
  // The Type 2 premium: period testing of the baseline, and of the scope-driven work.
  const typeRaw = type2 ? plus(e.type2.additional, timesEach(scope, minusOne(e.type2.scopeFactor))) : ZERO;
  const periodRaw = type2 ? times(e.type2.perPeriodMonth, input.periodMonths) : ZERO;

  // Multipliers apply in turn; each is credited with the hours it adds on top of the ones before.
  const additive = plus(e.base, scope, typeRaw, periodRaw);
  const hostingRaw = timesEach(additive, minusOne(e.hosting[input.hosting]));
  const afterHosting = timesEach(additive, e.hosting[input.hosting]);
  const maturityRaw = timesEach(afterHosting, minusOne(e.maturity[input.maturity]));
  const afterMaturity = timesEach(afterHosting, e.maturity[input.maturity]);
  const readinessRaw = timesEach(afterMaturity, minusOne(e.evidenceReadiness[input.evidenceReadiness]));

  const bandText = band.upTo === null ? `${band.from} or more` : `${band.from}–${band.upTo}`;
  return [
    {
      id: "base",
      label: "Security baseline",
      value: "CC",
      raw: e.base,
      explain: (h) =>
        `Every SOC 2 covers Security (the common criteria): planning, risk assessment, walkthroughs, design assessment and the report: +${h} h`,
    },
    {
      id: "type",
      label: "Examination type",
      value: type2 ? "Type 2" : "Type 1",
      raw: typeRaw,
      explain: (h) =>
        type2
          ? `Type 2 adds testing of operating effectiveness across the period, for the baseline and for the scope below: +${h} h`
          : `Type 1 reports on the design of controls as of one date, with no testing over a period: +${h} h`,
    },
    {
      id: "categories",
      label: "Trust services categories",
      value: categories.join(", "),
      raw: categoriesRaw,
      explain: (h) =>
        extra.length === 0
          ? `Security only; its work is in the baseline: +${h} h`
          : `${extra.map((c) => CATEGORY_NAMES[c]).join(", ")} added to Security, each with its own criteria to map and test: +${h} h`,
    },
    {
      id: "period",
      label: "Observation period",
      value: type2 ? plural(input.periodMonths, "month", "months") : "n/a (Type 1)",
      raw: periodRaw,
      explain: (h) =>
        type2
          ? `A ${input.periodMonths}-month observation period means larger populations and samples to test: +${h} h`
          : `A Type 1 has no observation period: +${h} h`,
    },
    {
      id: "employees",
      label: "Employees",
      value: String(input.employees),
      raw: employeesRaw,
      explain: (h) =>
        `${plural(input.employees, "employee", "employees")}, in the ${bandText} band, size the onboarding, offboarding, training and access-review populations: +${h} h`,
    },
    {
      id: "systems",
      label: "In-scope systems",
      value: String(input.systems),
      raw: systemsRaw,
      explain: (h) =>
        `${plural(input.systems, "in-scope system", "in-scope systems")}, each with access, change and operations controls to walk through and test: +${h} h`,
    },
    {
      id: "locations",
      label: "Locations",
      value: String(input.locations),
      raw: locationsRaw,
      explain: (h) =>
        input.locations === 1
          ? `A single location; nothing added: +${h} h`
          : `${plural(input.locations - 1, "additional location", "additional locations")} to cover for physical and environmental controls: +${h} h`,
    },
    {
      id: "vendors",
      label: "Vendors and subservice organizations",
      value: String(input.vendors),
      raw: vendorsRaw,
      explain: (h) =>
        input.vendors === 0
          ? `No vendors or subservice organizations to assess: +${h} h`
          : `${plural(input.vendors, "vendor or subservice organization", "vendors and subservice organizations")} whose contracts, SOC reports and monitoring are reviewed: +${h} h`,
    },
    {
      id: "hosting",
      label: "Hosting model",
      value: input.hosting,
      raw: hostingRaw,
      explain: (h) => `${HOSTING_TEXT[input.hosting]}: +${h} h`,
    },
    {
      id: "maturity",
      label: "Control maturity",
      value: input.maturity,
      raw: maturityRaw,
      explain: (h) => `${MATURITY_TEXT[input.maturity]}: +${h} h`,
    },
    {
      id: "evidenceReadiness",
      label: "Evidence readiness",
      value: input.evidenceReadiness,
      raw: readinessRaw,
      explain: (h) => `${READINESS_TEXT[input.evidenceReadiness]}: +${h} h`,
    },
  ];
};

/**
 * Prices a scope with a rate card.
 *
 * Rounding, in this order: each phase's effort is rounded up to whole hours; each phase fee is
 * hours × the phase rate; the total is the sum of the phase fees rounded up to the rate card's
 * rounding unit. Each driver's fractional hours are split into whole hours per phase by largest
 * remainder, so the drivers' hours add up to hours.total exactly and their amounts add up to the
 * sum of the phase fees exactly; the total therefore exceeds the sum of driver amounts by the final
 * rounding only: 0 <= total - sum(amounts) < roundingUnit.
 */
export const computeQuote = (input: QuoteInput, rateCard: RateCard): QuoteResult => {
  const drivers = rawDrivers(input, rateCard);
  const rates = rateCard.rates[input.currency];
  const phaseHours = perPhase((p) => ceilHours(drivers.reduce((s, d) => s + d.raw[p], 0)));
  const split = (p: Phase) =>
    apportion(
      drivers.map((d) => d.raw[p]),
      phaseHours[p],
    );
  const shares = {
    planning: split("planning"),
    fieldwork: split("fieldwork"),
    reporting: split("reporting"),
  };
  const priced: QuoteDriver[] = drivers.map((d, i) => {
    const h = perPhase((p) => shares[p][i] ?? 0);
    const total = h.planning + h.fieldwork + h.reporting;
    return {
      id: d.id,
      label: d.label,
      value: d.value,
      hours: total,
      amount: PHASES.reduce((s, p) => s + h[p] * rates[p], 0),
      explanation: d.explain(total),
    };
  });
  const fees = perPhase((p) => phaseHours[p] * rates[p]);
  const unit = rateCard.roundingUnit[input.currency];
  const { costClass } = classifyCost(input);
  return {
    currency: input.currency,
    total: Math.ceil((fees.planning + fees.fieldwork + fees.reporting) / unit) * unit,
    costClass,
    partnerConfirmationRequired: costClass === "variable",
    hours: { ...phaseHours, total: phaseHours.planning + phaseHours.fieldwork + phaseHours.reporting },
    fees,
    drivers: priced,
    rateCard: { id: rateCard.id, version: rateCard.version },
  };
};

// ---------------------------------------------------------------------------------------------
// Cost class

/** Points per step of each input; every table is non-decreasing, so the class is monotone too. */
const SCORE = {
  type2: 3,
  longPeriodFromMonths: 7,
  longPeriod: 1,
  category: { A: 1, PI: 1, C: 1, P: 2 } satisfies Record<AdditionalCategory, number>,
  /** [smallest value, points], ascending. */
  employees: [
    [101, 1],
    [251, 2],
    [501, 3],
  ],
  systems: [
    [4, 1],
    [11, 2],
  ],
  locations: [
    [2, 1],
    [4, 2],
  ],
  vendors: [
    [6, 1],
    [16, 2],
  ],
  hosting: { cloud: 0, hybrid: 1, "on-prem": 2 } satisfies Record<HostingModel, number>,
  weakness: { high: 0, medium: 0, low: 1 } satisfies Record<Level, number>,
  moderateFrom: 2,
  higherFrom: 6,
  variableFrom: 14,
} as const;

/** Beyond any of these the scope is enterprise-sized and a partner prices it. */
export const ENTERPRISE_THRESHOLDS = { employees: 1_000, systems: 25, locations: 10, vendors: 50 } as const;

const stepPoints = (steps: readonly (readonly [number, number])[], value: number): number =>
  steps.reduce((points, [from, p]) => (value >= from ? p : points), 0);

export interface CostClassification {
  readonly costClass: CostClass;
  readonly score: number;
  /** Why the scope is "variable"; empty otherwise. */
  readonly enterpriseReasons: readonly string[];
}

/** A complexity score with thresholds, independent of rates so that it is stable across rate cards. */
export const classifyCost = (input: QuoteInput): CostClassification => {
  const categories = normalizeCategories(input.categories);
  const type2 = input.type === "type2";
  const score =
    (type2 ? SCORE.type2 : 0) +
    (type2 && input.periodMonths >= SCORE.longPeriodFromMonths ? SCORE.longPeriod : 0) +
    ADDITIONAL_CATEGORIES.reduce((s, c) => s + (categories.includes(c) ? SCORE.category[c] : 0), 0) +
    stepPoints(SCORE.employees, input.employees) +
    stepPoints(SCORE.systems, input.systems) +
    stepPoints(SCORE.locations, input.locations) +
    stepPoints(SCORE.vendors, input.vendors) +
    SCORE.hosting[input.hosting] +
    SCORE.weakness[input.maturity] +
    SCORE.weakness[input.evidenceReadiness];
  const t = ENTERPRISE_THRESHOLDS;
  const reasons = [
    input.employees > t.employees ? `more than ${t.employees} employees` : "",
    input.systems > t.systems ? `more than ${t.systems} systems` : "",
    input.locations > t.locations ? `more than ${t.locations} locations` : "",
    input.vendors > t.vendors ? `more than ${t.vendors} vendors and subservice organizations` : "",
    score >= SCORE.variableFrom ? "a complex scope on several drivers at once" : "",
  ].filter((r) => r !== "");
  const costClass: CostClass =
    reasons.length > 0
      ? "variable"
      : score >= SCORE.higherFrom
        ? "higher"
        : score >= SCORE.moderateFrom
          ? "moderate"
          : "lower";
  return { costClass, score, enterpriseReasons: reasons };
};

export const costClassRank = (c: CostClass): number => COST_CLASSES.indexOf(c);
