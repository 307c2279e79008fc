import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ADDITIONAL_CATEGORIES,
  COST_CLASSES,
  type CostClass,
  CURRENCIES,
  classifyCost,
  computeQuote,
  costClassRank,
  DRIVER_IDS,
  EXAMINATION_TYPES,
  HOSTING_MODELS,
  type Level,
  type PhaseFactors,
  type PhaseHours,
  QUOTE_LIMITS,
  type QuoteInput,
  QuoteInputSchema,
  type RateCard,
  RateCardSchema,
  TSC_CATEGORIES,
} from "./quote.js";

// A rate card with round numbers, so the examples below can be worked out by hand. The real cards
// live in src/catalog (core tests do not import other layers); their figures are tested there.
const ph = (planning: number, fieldwork: number, reporting: number): PhaseHours => ({
  planning,
  fieldwork,
  reporting,
});
const ONE = ph(1, 1, 1);
const FIXTURE: RateCard = RateCardSchema.parse({
  id: "fixture",
  version: "1",
  effectiveFrom: "2026-01-01",
  rates: { INR: ph(2_000, 1_000, 3_000), USD: ph(20, 10, 30) },
  roundingUnit: { INR: 1_000, USD: 100 },
  effort: {
    base: ph(10, 20, 10),
    type2: { additional: ph(0, 30, 0), scopeFactor: ph(1, 2, 1), perPeriodMonth: ph(0, 2, 0) },
    categories: { A: ph(1, 4, 1), PI: ph(1, 4, 1), C: ph(1, 4, 1), P: ph(2, 8, 2) },
    employeeBands: [
      { upTo: 100, hours: ph(0, 0, 0) },
      { upTo: 1_000, hours: ph(1, 5, 0) },
      { upTo: null, hours: ph(2, 10, 1) },
    ],
    perSystem: ph(0, 2, 0),
    perAdditionalLocation: ph(0, 3, 0),
    perVendor: ph(0, 1, 0),
    hosting: { cloud: ONE, hybrid: ph(1, 1.5, 1), "on-prem": ph(1, 2, 1) },
    maturity: { high: ONE, medium: ONE, low: ph(1, 1.5, 1) },
    evidenceReadiness: { high: ONE, medium: ONE, low: ph(1, 1.25, 1) },
  },
});

const input = (over: Partial<QuoteInput> = {}): QuoteInput => ({
  ...QuoteInputSchema.parse({ type: "type1", categories: ["CC"] }),
  ...over,
});
const driver = (q: ReturnType<typeof computeQuote>, id: string) => q.drivers.find((d) => d.id === id)!;

describe("QuoteInputSchema", () => {
  it("fills the documented defaults", () => {
    expect(QuoteInputSchema.parse({ type: "type2", categories: [] })).toEqual({
      type: "type2",
      categories: ["CC"],
      periodMonths: 12,
      employees: 50,
      systems: 3,
      locations: 1,
      vendors: 5,
      hosting: "cloud",
      maturity: "medium",
      evidenceReadiness: "medium",
      currency: "INR",
    });
  });

  it("adds Security when missing, removes duplicates and orders the categories", () => {
    expect(QuoteInputSchema.parse({ type: "type1", categories: ["P", "A", "P", "C"] }).categories).toEqual([
      "CC",
      "A",
      "C",
      "P",
    ]);
  });

  it.each([
    ["an unknown type", { type: "type3" }],
    ["an unknown category", { categories: ["CC", "X"] }],
    ["a period under 3 months", { periodMonths: 2 }],
    ["a period over 12 months", { periodMonths: 13 }],
    ["a fractional employee count", { employees: 1.5 }],
    ["zero employees", { employees: 0 }],
    ["too many systems", { systems: QUOTE_LIMITS.systems.max + 1 }],
    ["zero locations", { locations: 0 }],
    ["negative vendors", { vendors: -1 }],
    ["an unknown hosting model", { hosting: "mainframe" }],
    ["an unknown maturity", { maturity: "none" }],
    ["an unknown currency", { currency: "EUR" }],
    ["an unknown field", { discount: 10 }],
  ])("rejects %s", (_, over) => {
    expect(QuoteInputSchema.safeParse({ type: "type1", categories: ["CC"], ...over }).success).toBe(false);
  });
});

describe("RateCardSchema", () => {
  const withEffort = (patch: (effort: Record<string, unknown>) => void) => {
    const card = structuredClone(FIXTURE) as unknown as { effort: Record<string, unknown> };
    patch(card.effort);
    return RateCardSchema.safeParse(card);
  };

  it("accepts the fixture", () => {
    expect(RateCardSchema.safeParse(FIXTURE).success).toBe(true);
  });

  it("rejects negative effort", () => {
    expect(withEffort((e) => (e.perSystem = ph(0, -1, 0))).success).toBe(false);
  });

  it("rejects a multiplier below 1", () => {
    expect(
      withEffort((e) => (e.type2 = { ...(e.type2 as object), scopeFactor: ph(1, 0.9, 1) })).success,
    ).toBe(false);
  });

  it("rejects a heavier hosting model with a smaller multiplier", () => {
    expect(
      withEffort((e) => (e.hosting = { cloud: ph(1, 1.3, 1), hybrid: ph(1, 1.2, 1), "on-prem": ph(1, 2, 1) }))
        .success,
    ).toBe(false);
  });

  it("rejects lower maturity or readiness being cheaper", () => {
    expect(
      withEffort((e) => (e.maturity = { high: ph(1, 1.2, 1), medium: ONE, low: ph(1, 1.5, 1) })).success,
    ).toBe(false);
    expect(
      withEffort((e) => (e.evidenceReadiness = { high: ONE, medium: ph(1, 1.3, 1), low: ph(1, 1.2, 1) }))
        .success,
    ).toBe(false);
  });

  it("rejects employee bands out of order, shrinking, or without an open-ended last band", () => {
    const band = (upTo: number | null, fieldwork: number) => ({ upTo, hours: ph(0, fieldwork, 0) });
    expect(withEffort((e) => (e.employeeBands = [band(100, 0), band(50, 1), band(null, 2)])).success).toBe(
      false,
    );
    expect(withEffort((e) => (e.employeeBands = [band(100, 5), band(null, 4)])).success).toBe(false);
    expect(withEffort((e) => (e.employeeBands = [band(100, 0), band(200, 1)])).success).toBe(false);
    expect(withEffort((e) => (e.employeeBands = [band(null, 0), band(200, 1)])).success).toBe(false);
  });

  it("rejects a date that is not on the calendar and a fractional rate", () => {
    expect(RateCardSchema.safeParse({ ...FIXTURE, effectiveFrom: "2026-02-30" }).success).toBe(false);
    expect(
      RateCardSchema.safeParse({ ...FIXTURE, rates: { ...FIXTURE.rates, USD: ph(20.5, 10, 30) } }).success,
    ).toBe(false);
  });
});

describe("computeQuote: worked examples on the fixture card", () => {
  it("Type 1 Security-only with default scope", () => {
    // planning 10; fieldwork 20 base + 3 systems × 2 + 5 vendors × 1 = 31; reporting 10.
    // fees 10 × 2,000 + 31 × 1,000 + 10 × 3,000 = 81,000, already a multiple of 1,000.
    const q = computeQuote(input(), FIXTURE);
    expect(q.hours).toEqual({ planning: 10, fieldwork: 31, reporting: 10, total: 51 });
    expect(q.fees).toEqual({ planning: 20_000, fieldwork: 31_000, reporting: 30_000 });
    expect(q.total).toBe(81_000);
    expect(q.currency).toBe("INR");
    expect(q.rateCard).toEqual({ id: "fixture", version: "1" });
    expect(driver(q, "base")).toMatchObject({ hours: 40, amount: 70_000 });
    expect(driver(q, "systems")).toMatchObject({ hours: 6, amount: 6_000, value: "3" });
    expect(driver(q, "vendors")).toMatchObject({ hours: 5, amount: 5_000 });
    expect(driver(q, "type")).toMatchObject({ hours: 0, amount: 0, value: "Type 1" });
    expect(driver(q, "period")).toMatchObject({ hours: 0, value: "n/a (Type 1)" });
  });

  it("Type 2 with Availability over 6 months", () => {
    // scope: A (1, 4, 1) + systems (0, 6, 0) + vendors (0, 5, 0) = (1, 15, 1)
    // type: additional (0, 30, 0) + scope × (factor − 1) = (0, 15, 0) -> 45 h of fieldwork
    // period: 6 × 2 = 12 h; hours (10 + 1, 20 + 15 + 45 + 12, 10 + 1) = (11, 92, 11)
    const q = computeQuote(input({ type: "type2", categories: ["CC", "A"], periodMonths: 6 }), FIXTURE);
    expect(q.hours).toEqual({ planning: 11, fieldwork: 92, reporting: 11, total: 114 });
    expect(q.total).toBe(22_000 + 92_000 + 33_000);
    expect(driver(q, "type")).toMatchObject({ hours: 45, amount: 45_000 });
    expect(driver(q, "type").explanation).toBe(
      "Type 2 adds testing of operating effectiveness across the period, for the baseline and for the scope below: +45 h",
    );
    expect(driver(q, "period")).toMatchObject({ hours: 12, value: "6 months" });
    expect(driver(q, "categories")).toMatchObject({ hours: 6, value: "CC, A" });
  });

  it("multipliers, rounding up to whole hours and to the rounding unit", () => {
    // fieldwork: 20 + 6 + 7 = 33; on-prem × 2 = 66 (+33); low maturity × 1.5 = 99 (+33);
    // low readiness × 1.25 = 123.75 (+24.75), rounded up to 124 h.
    // fees USD 10 × 20 + 124 × 10 + 10 × 30 = 1,740, rounded up to USD 100: 1,800.
    const q = computeQuote(
      input({ vendors: 7, hosting: "on-prem", maturity: "low", evidenceReadiness: "low", currency: "USD" }),
      FIXTURE,
    );
    expect(q.hours).toEqual({ planning: 10, fieldwork: 124, reporting: 10, total: 144 });
    expect(q.total).toBe(1_800);
    expect(driver(q, "hosting")).toMatchObject({ hours: 33, amount: 330 });
    expect(driver(q, "maturity")).toMatchObject({ hours: 33, amount: 330 });
    // The leftover quarter hour goes to the driver it came from.
    expect(driver(q, "evidenceReadiness")).toMatchObject({ hours: 25, amount: 250 });
    expect(q.drivers.reduce((s, d) => s + d.amount, 0)).toBe(1_740);
  });

  it("bills additional locations and the employee band", () => {
    const q = computeQuote(input({ locations: 4, employees: 101 }), FIXTURE);
    expect(driver(q, "locations")).toMatchObject({ hours: 9, value: "4" });
    expect(driver(q, "locations").explanation).toContain("3 additional locations");
    expect(driver(q, "employees")).toMatchObject({ hours: 6 });
    expect(driver(q, "employees").explanation).toContain("101–1000 band");
  });

  it("treats a missing Security category as included", () => {
    const withCc = computeQuote(input({ categories: ["CC", "C"] }), FIXTURE);
    const withoutCc = computeQuote(input({ categories: ["C", "C"] }), FIXTURE);
    expect(withoutCc).toEqual(withCc);
  });
});

describe("cost class anchors", () => {
  const classOf = (over: Partial<QuoteInput>): CostClass => computeQuote(input(over), FIXTURE).costClass;

  it("orders the classes", () => {
    expect(COST_CLASSES).toEqual(["lower", "moderate", "higher", "variable"]);
  });

  it("Type 1 Security-only is lower", () => {
    expect(classOf({})).toBe("lower");
  });

  it("Type 1 Security, Availability and Confidentiality is moderate", () => {
    expect(classOf({ categories: ["CC", "A", "C"] })).toBe("moderate");
  });

  it("Type 2 Security-only is moderate", () => {
    expect(classOf({ type: "type2" })).toBe("moderate");
  });

  it("Type 2 with all five categories is higher", () => {
    expect(classOf({ type: "type2", categories: [...TSC_CATEGORIES] })).toBe("higher");
  });

  it("a large multi-system enterprise scope is variable and needs a partner", () => {
    const q = computeQuote(input({ employees: 2_000, systems: 40, locations: 12 }), FIXTURE);
    expect(q.costClass).toBe("variable");
    expect(q.partnerConfirmationRequired).toBe(true);
    expect(
      classifyCost(input({ employees: 2_000, systems: 40, locations: 12 })).enterpriseReasons,
    ).toHaveLength(3);
  });

  it("does not ask for a partner below the enterprise thresholds", () => {
    expect(computeQuote(input({ type: "type2", categories: [...TSC_CATEGORIES] }), FIXTURE)).toMatchObject({
      partnerConfirmationRequired: false,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over the whole input space and over random valid rate cards.

const hoursArb = fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.double({ min: 0, max: 1_000, noNaN: true }));
const phaseHoursArb = fc.record({ planning: hoursArb, fieldwork: hoursArb, reporting: hoursArb });
const factorArb = fc.oneof(fc.constant(1), fc.double({ min: 1, max: 5, noNaN: true }));
const phaseFactorsArb = fc.record({ planning: factorArb, fieldwork: factorArb, reporting: factorArb });
/** Three levels of multipliers, lightest first, each phase non-decreasing. */
const orderedFactorsArb = fc.tuple(phaseFactorsArb, phaseFactorsArb, phaseFactorsArb).map((levels) => {
  const sorted = (p: keyof PhaseFactors) => levels.map((l) => l[p]).sort((a, b) => a - b);
  const [pl, fw, rp] = [sorted("planning"), sorted("fieldwork"), sorted("reporting")];
  return [0, 1, 2].map((i) => ({ planning: pl[i]!, fieldwork: fw[i]!, reporting: rp[i]! }));
});
const bandsArb = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 7 }),
    fc.array(
      phaseHoursArb.map((h) => ph(h.planning / 8, h.fieldwork / 8, h.reporting / 8)),
      {
        minLength: 8,
        maxLength: 8,
      },
    ),
  )
  .map(([limits, steps]) => {
    const upTos = [...limits.sort((a, b) => a - b), null];
    let acc = ph(0, 0, 0);
    return upTos.map((upTo, i) => {
      const step = steps[i]!;
      acc = ph(acc.planning + step.planning, acc.fieldwork + step.fieldwork, acc.reporting + step.reporting);
      return { upTo, hours: acc };
    });
  });
const rateArb = fc.integer({ min: 1, max: 50_000 });
const ratesArb = fc.record({ planning: rateArb, fieldwork: rateArb, reporting: rateArb });

const rateCardArb: fc.Arbitrary<RateCard> = fc
  .record({
    rates: fc.record({ INR: ratesArb, USD: ratesArb }),
    roundingUnit: fc.record({
      INR: fc.integer({ min: 1, max: 1_000_000 }),
      USD: fc.integer({ min: 1, max: 1_000_000 }),
    }),
    base: phaseHoursArb,
    additional: phaseHoursArb,
    scopeFactor: phaseFactorsArb,
    perPeriodMonth: phaseHoursArb,
    categories: fc.record({ A: phaseHoursArb, PI: phaseHoursArb, C: phaseHoursArb, P: phaseHoursArb }),
    employeeBands: bandsArb,
    perSystem: phaseHoursArb,
    perAdditionalLocation: phaseHoursArb,
    perVendor: phaseHoursArb,
    hosting: orderedFactorsArb,
    maturity: orderedFactorsArb,
    readiness: orderedFactorsArb,
  })
  .map((r) =>
    RateCardSchema.parse({
      id: "random",
      version: "0",
      effectiveFrom: "2026-04-01",
      rates: r.rates,
      roundingUnit: r.roundingUnit,
      effort: {
        base: r.base,
        type2: { additional: r.additional, scopeFactor: r.scopeFactor, perPeriodMonth: r.perPeriodMonth },
        categories: r.categories,
        employeeBands: r.employeeBands,
        perSystem: r.perSystem,
        perAdditionalLocation: r.perAdditionalLocation,
        perVendor: r.perVendor,
        hosting: { cloud: r.hosting[0], hybrid: r.hosting[1], "on-prem": r.hosting[2] },
        maturity: { high: r.maturity[0], medium: r.maturity[1], low: r.maturity[2] },
        evidenceReadiness: { high: r.readiness[0], medium: r.readiness[1], low: r.readiness[2] },
      },
    }),
  );
const cardArb = fc.oneof(fc.constant(FIXTURE), rateCardArb);

/**
 * Mostly small values, where the cost-class thresholds and the employee bands sit, with the whole
 * range still covered; uniform draws would put nearly every scope in the enterprise class.
 */
const SMALL_UP_TO: Record<keyof typeof QUOTE_LIMITS, number> = {
  periodMonths: 12,
  employees: 3_000,
  systems: 40,
  locations: 15,
  vendors: 60,
};
const count = (key: keyof typeof QUOTE_LIMITS) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: QUOTE_LIMITS[key].min, max: SMALL_UP_TO[key] }) },
    { weight: 1, arbitrary: fc.integer(QUOTE_LIMITS[key]) },
  );
const levelArb = fc.constantFrom<Level>("low", "medium", "high");
const inputArb: fc.Arbitrary<QuoteInput> = fc.record({
  type: fc.constantFrom(...EXAMINATION_TYPES),
  categories: fc.subarray([...ADDITIONAL_CATEGORIES]).map((c): QuoteInput["categories"] => ["CC", ...c]),
  periodMonths: count("periodMonths"),
  employees: count("employees"),
  systems: count("systems"),
  locations: count("locations"),
  vendors: count("vendors"),
  hosting: fc.constantFrom(...HOSTING_MODELS),
  maturity: levelArb,
  evidenceReadiness: levelArb,
  currency: fc.constantFrom(...CURRENCIES),
});

/** Lightest first. */
const WEAKNESS: readonly Level[] = ["high", "medium", "low"];

/** The heavier quote costs at least as much, in money, hours and class. */
const notCheaper = (lighter: QuoteInput, heavier: QuoteInput, card: RateCard): boolean => {
  const a = computeQuote(lighter, card);
  const b = computeQuote(heavier, card);
  return (
    b.total >= a.total &&
    b.hours.total >= a.hours.total &&
    costClassRank(b.costClass) >= costClassRank(a.costClass)
  );
};

/** [lighter, heavier] pairs of inputs that differ in one driver. */
const pairs = {
  "Type 2 instead of Type 1": inputArb.map((i) => [
    { ...i, type: "type1" },
    { ...i, type: "type2" },
  ]),
  "an added category": fc
    .tuple(inputArb, fc.constantFrom(...ADDITIONAL_CATEGORIES))
    .map(([i, c]) => [i, { ...i, categories: [...i.categories, c] }]),
  ...Object.fromEntries(
    (
      [
        ["periodMonths", "a longer period"],
        ["employees", "more employees"],
        ["systems", "more systems"],
        ["locations", "more locations"],
        ["vendors", "more vendors"],
      ] as const
    ).map(([key, label]) => [
      label,
      fc.tuple(inputArb, count(key), count(key)).map(([i, x, y]) => [
        { ...i, [key]: Math.min(x, y) },
        { ...i, [key]: Math.max(x, y) },
      ]),
    ]),
  ),
  "a heavier hosting model": fc.tuple(inputArb, fc.nat(2), fc.nat(2)).map(([i, x, y]) => [
    { ...i, hosting: HOSTING_MODELS[Math.min(x, y)]! },
    { ...i, hosting: HOSTING_MODELS[Math.max(x, y)]! },
  ]),
  "lower control maturity": fc.tuple(inputArb, fc.nat(2), fc.nat(2)).map(([i, x, y]) => [
    { ...i, maturity: WEAKNESS[Math.min(x, y)]! },
    { ...i, maturity: WEAKNESS[Math.max(x, y)]! },
  ]),
  "lower evidence readiness": fc.tuple(inputArb, fc.nat(2), fc.nat(2)).map(([i, x, y]) => [
    { ...i, evidenceReadiness: WEAKNESS[Math.min(x, y)]! },
    { ...i, evidenceReadiness: WEAKNESS[Math.max(x, y)]! },
  ]),
} as Record<string, fc.Arbitrary<[QuoteInput, QuoteInput]>>;

/** Two random inputs, folded into one that is at least as heavy as the other in every driver. */
const dominatedPairArb = fc.tuple(inputArb, inputArb).map(([x, y]): [QuoteInput, QuoteInput] => {
  const pick = <T>(order: readonly T[], a: T, b: T, heavy: boolean): T =>
    order.indexOf(a) >= order.indexOf(b) === heavy ? a : b;
  const fold = (heavy: boolean): QuoteInput => {
    const num = heavy ? Math.max : Math.min;
    return {
      type: pick(EXAMINATION_TYPES, x.type, y.type, heavy),
      categories: heavy
        ? [...new Set([...x.categories, ...y.categories])]
        : x.categories.filter((c) => y.categories.includes(c)),
      periodMonths: num(x.periodMonths, y.periodMonths),
      employees: num(x.employees, y.employees),
      systems: num(x.systems, y.systems),
      locations: num(x.locations, y.locations),
      vendors: num(x.vendors, y.vendors),
      hosting: pick(HOSTING_MODELS, x.hosting, y.hosting, heavy),
      maturity: pick(WEAKNESS, x.maturity, y.maturity, heavy),
      evidenceReadiness: pick(WEAKNESS, x.evidenceReadiness, y.evidenceReadiness, heavy),
      currency: x.currency,
    };
  };
  return [fold(false), fold(true)];
});

describe("computeQuote: properties", () => {
  it("every generated rate card passes the schema", () => {
    fc.assert(fc.property(rateCardArb, (card) => RateCardSchema.safeParse(card).success));
  });

  it.each(Object.entries(pairs))("%s never lowers the total, the hours or the cost class", (_, pairArb) => {
    fc.assert(
      fc.property(pairArb, cardArb, ([lighter, heavier], card) => notCheaper(lighter, heavier, card)),
      { numRuns: 300 },
    );
  });

  // The class is cheap to compute, so it gets many more runs; the score is checked too because a
  // wrong step in it only changes the class when it happens to cross a threshold.
  it.each(Object.entries(pairs))("%s never lowers the complexity score or the cost class", (_, pairArb) => {
    fc.assert(
      fc.property(pairArb, ([lighter, heavier]) => {
        const a = classifyCost(lighter);
        const b = classifyCost(heavier);
        return b.score >= a.score && costClassRank(b.costClass) >= costClassRank(a.costClass);
      }),
      { numRuns: 3_000 },
    );
  });

  it("a scope at least as heavy in every driver at once never costs less", () => {
    fc.assert(
      fc.property(dominatedPairArb, cardArb, ([lighter, heavier], card) =>
        notCheaper(lighter, heavier, card),
      ),
      { numRuns: 500 },
    );
  });

  it("a Type 1 ignores the period length", () => {
    fc.assert(
      fc.property(inputArb, count("periodMonths"), cardArb, (i, months, card) => {
        const t1 = { ...i, type: "type1" as const };
        expect(computeQuote({ ...t1, periodMonths: months }, card)).toEqual(computeQuote(t1, card));
      }),
    );
  });

  it("adds up: phases to the hours total, drivers to the phases, fees to the total within one rounding unit", () => {
    fc.assert(
      fc.property(inputArb, cardArb, (i, card) => {
        const q = computeQuote(i, card);
        const rates = card.rates[i.currency];
        const unit = card.roundingUnit[i.currency];
        expect(q.hours.total).toBe(q.hours.planning + q.hours.fieldwork + q.hours.reporting);
        expect(q.fees).toEqual({
          planning: q.hours.planning * rates.planning,
          fieldwork: q.hours.fieldwork * rates.fieldwork,
          reporting: q.hours.reporting * rates.reporting,
        });
        expect(q.drivers.map((d) => d.id)).toEqual([...DRIVER_IDS]);
        for (const d of q.drivers) {
          expect(Number.isInteger(d.hours) && d.hours >= 0).toBe(true);
          expect(d.explanation).toMatch(new RegExp(`\\+${d.hours} h$`));
        }
        expect(q.drivers.reduce((s, d) => s + d.hours, 0)).toBe(q.hours.total);
        const feeSum = q.fees.planning + q.fees.fieldwork + q.fees.reporting;
        // Documented rounding: drivers add up to the phase fees exactly; the total only adds the
        // final rounding up to the rate card's unit.
        expect(q.drivers.reduce((s, d) => s + d.amount, 0)).toBe(feeSum);
        expect(q.total % unit).toBe(0);
        expect(q.total - feeSum).toBeGreaterThanOrEqual(0);
        expect(q.total - feeSum).toBeLessThan(unit);
        expect(Number.isSafeInteger(q.total)).toBe(true);
        expect(q.partnerConfirmationRequired).toBe(q.costClass === "variable");
      }),
      { numRuns: 300 },
    );
  });

  it("stays a safe integer at the largest inputs and the most expensive card", () => {
    const h = ph(1_000, 1_000, 1_000);
    const f = ph(5, 5, 5);
    const card = RateCardSchema.parse({
      ...FIXTURE,
      rates: { INR: ph(50_000, 50_000, 50_000), USD: ph(50_000, 50_000, 50_000) },
      effort: {
        base: h,
        type2: { additional: h, scopeFactor: f, perPeriodMonth: h },
        categories: { A: h, PI: h, C: h, P: h },
        employeeBands: [{ upTo: null, hours: h }],
        perSystem: h,
        perAdditionalLocation: h,
        perVendor: h,
        hosting: { cloud: f, hybrid: f, "on-prem": f },
        maturity: { high: f, medium: f, low: f },
        evidenceReadiness: { high: f, medium: f, low: f },
      },
    });
    const big = input({
      type: "type2",
      categories: [...TSC_CATEGORIES],
      employees: QUOTE_LIMITS.employees.max,
      systems: QUOTE_LIMITS.systems.max,
      locations: QUOTE_LIMITS.locations.max,
      vendors: QUOTE_LIMITS.vendors.max,
      hosting: "on-prem",
      maturity: "low",
      evidenceReadiness: "low",
    });
    const q = computeQuote(big, card);
    expect(Number.isSafeInteger(q.total)).toBe(true);
    expect(q.drivers.reduce((s, d) => s + d.amount, 0)).toBe(
      q.fees.planning + q.fees.fieldwork + q.fees.reporting,
    );
  });

  it("would catch a card that makes heavier hosting cheaper (the schema is what prevents it)", () => {
    const inverted = structuredClone(FIXTURE);
    inverted.effort.hosting = { cloud: ph(1, 2, 1), hybrid: ph(1, 1.5, 1), "on-prem": ONE };
    expect(RateCardSchema.safeParse(inverted).success).toBe(false);
    const result = fc.check(
      fc.property(pairs["a heavier hosting model"]!, ([lighter, heavier]) =>
        notCheaper(lighter, heavier, inverted),
      ),
    );
    expect(result.failed).toBe(true);
  });
});
