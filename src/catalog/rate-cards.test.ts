import { describe, expect, it } from "vitest";
import {
  computeQuote,
  type QuoteInput,
  QuoteInputSchema,
  RateCardSchema,
  TSC_CATEGORIES,
} from "../core/quote.js";
import { DEFAULT_RATE_CARD, findRateCard, RATE_CARDS } from "./rate-cards.js";

const quote = (raw: Partial<Record<keyof QuoteInput, unknown>>) =>
  computeQuote(QuoteInputSchema.parse({ type: "type1", categories: ["CC"], ...raw }), DEFAULT_RATE_CARD);
const ALL = [...TSC_CATEGORIES];
const lakh = (n: number) => n * 100_000;

describe("rate card catalog", () => {
  it("holds valid cards with unique ids, oldest first", () => {
    expect(RATE_CARDS.length).toBeGreaterThanOrEqual(1);
    for (const card of RATE_CARDS) expect(RateCardSchema.safeParse(card).success).toBe(true);
    expect(new Set(RATE_CARDS.map((c) => c.id)).size).toBe(RATE_CARDS.length);
    const dates = RATE_CARDS.map((c) => c.effectiveFrom);
    expect([...dates].sort()).toEqual(dates);
  });

  it("defaults to version 2026.1, effective 1 April 2026, the newest card", () => {
    expect(DEFAULT_RATE_CARD).toMatchObject({
      id: "standard-2026.1",
      version: "2026.1",
      effectiveFrom: "2026-04-01",
    });
    expect(RATE_CARDS.at(-1)).toBe(DEFAULT_RATE_CARD);
  });

  it("finds a card by id and returns undefined for an unknown one", () => {
    expect(findRateCard("standard-2026.1")).toBe(DEFAULT_RATE_CARD);
    expect(findRateCard("standard-1999.1")).toBeUndefined();
  });

  it("reproduces an old quote from its card", () => {
    const old = findRateCard("standard-2025.2")!;
    const input = QuoteInputSchema.parse({ type: "type1", categories: ["CC"] });
    expect(computeQuote(input, old)).toMatchObject({ total: 670_000, rateCard: { version: "2025.2" } });
  });
});

describe("default rate card: worked figures", () => {
  it("Type 1 Security-only, 50-person SaaS: 122 h, INR 7,30,000 or USD 14,200", () => {
    // Planning (14 + 1 + 3 + 1.25) × 1.05 × 1.05 = 21.2 -> 22 h; fieldwork (40 + 6 + 15 + 7.5) × 1.1
    // × 1.08 = 81.4 -> 82 h; reporting (14 + 1.5 + 1.25) × 1.05 = 17.6 -> 18 h.
    const inr = quote({});
    expect(inr.hours).toEqual({ planning: 22, fieldwork: 82, reporting: 18, total: 122 });
    expect(inr.fees).toEqual({ planning: 176_000, fieldwork: 410_000, reporting: 144_000 });
    expect(inr.total).toBe(730_000);
    expect(inr.total).toBeGreaterThanOrEqual(lakh(6));
    expect(inr.total).toBeLessThanOrEqual(lakh(10));
    const usd = quote({ currency: "USD" });
    expect(usd).toMatchObject({ currency: "USD", total: 14_200, costClass: "lower" });
    expect(usd.total).toBeGreaterThanOrEqual(12_000);
    expect(usd.total).toBeLessThanOrEqual(20_000);
  });

  it("Type 2 Security-only: 308 h, INR 17,30,000", () => {
    const q = quote({ type: "type2" });
    expect(q.hours).toEqual({ planning: 28, fieldwork: 245, reporting: 35, total: 308 });
    expect(q.total).toBe(1_730_000);
    expect(q.drivers.find((d) => d.id === "period")).toMatchObject({ hours: 66, value: "12 months" });
  });

  it("Type 2, all five categories, 200-person fintech: a few times the small Type 1", () => {
    const q = quote({ type: "type2", categories: ALL, employees: 200 });
    expect(q.hours.total).toBe(452);
    expect(q.total).toBe(2_540_000);
    const ratio = q.total / quote({}).total;
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(5);
    expect(quote({ type: "type2", categories: ALL, employees: 200, currency: "USD" }).total).toBe(49_900);
  });

  it("explains each driver in plain words with its hours", () => {
    const q = quote({ type: "type2", categories: ["A"], hosting: "hybrid" });
    const why = Object.fromEntries(q.drivers.map((d) => [d.id, d.explanation]));
    expect(why.type).toMatch(/^Type 2 adds testing of operating effectiveness across the period.*: \+\d+ h$/);
    expect(why.categories).toMatch(/^Availability added to Security.*: \+14 h$/);
    expect(why.hosting).toMatch(/^Hybrid hosting adds on-premises infrastructure.*: \+\d+ h$/);
    expect(q.drivers.find((d) => d.id === "hosting")!.hours).toBeGreaterThan(0);
  });
});

describe("default rate card: cost class anchors", () => {
  it.each([
    ["Type 1 Security-only", {}, "lower"],
    ["Type 1 Security, Availability, Confidentiality", { categories: ["CC", "A", "C"] }, "moderate"],
    ["Type 2 Security-only", { type: "type2" }, "moderate"],
    ["Type 2 all five categories", { type: "type2", categories: ALL }, "higher"],
    ["enterprise scope", { employees: 2_000, systems: 40, locations: 12 }, "variable"],
  ] as const)("%s is %s", (_, raw, costClass) => {
    const q = quote(raw);
    expect(q.costClass).toBe(costClass);
    expect(q.partnerConfirmationRequired).toBe(costClass === "variable");
  });

  it("prices the anchors in the same order as their classes", () => {
    const totals = [
      quote({}),
      quote({ categories: ["CC", "A", "C"] }),
      quote({ type: "type2" }),
      quote({ type: "type2", categories: ALL }),
      quote({ type: "type2", categories: ALL, employees: 2_000, systems: 40, locations: 12 }),
    ].map((q) => q.total);
    expect([...totals].sort((a, b) => a - b)).toEqual(totals);
  });
});
