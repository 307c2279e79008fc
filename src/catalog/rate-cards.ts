/**
 * The standard rate cards: hourly rates per engagement phase and the effort model behind a
 * fixed-price SOC 2 quote. Cards are versioned and never edited once in use, so an old quote can be
 * reproduced from its rate-card id; a change of price is a new card. Every card is validated with
 * RateCardSchema when this module loads, so a bad edit fails at start, not in a client's quote.
 *
 * Calibration of the current card (defaults: 50 employees, 3 systems, one location, 5 vendors,
 * cloud, medium maturity and readiness): a Security-only Type 1 is about 120 hours, INR 7.3 lakh or
 * USD 14,200; a 12-month Type 2 with all five categories is about 440 hours, INR 24.5 lakh.
 * INR rates are blended for an Indian mid-size firm (partner and manager time weigh on planning
 * and reporting, staff on fieldwork); USD rates for a small US firm.
 */
import { z } from "zod";
import { AppError } from "../core/errors.js";
import { type RateCard, RateCardSchema } from "../core/quote.js";

const same = (planning: number, fieldwork: number, reporting: number) => ({ planning, fieldwork, reporting });

/** The effort model of both cards: only the rates changed in 2026.1. */
const STANDARD_EFFORT: RateCard["effort"] = {
  base: same(14, 40, 14),
  type2: {
    additional: same(6, 60, 10),
    scopeFactor: same(1, 1.6, 1.2),
    perPeriodMonth: same(0, 5, 0.5),
  },
  categories: {
    A: same(2, 10, 2),
    PI: same(3, 14, 3),
    C: same(2, 10, 2),
    P: same(4, 20, 4),
  },
  employeeBands: [
    { upTo: 25, hours: same(0, 2, 0) },
    { upTo: 100, hours: same(1, 6, 0) },
    { upTo: 250, hours: same(2, 12, 1) },
    { upTo: 500, hours: same(3, 20, 1) },
    { upTo: 1_000, hours: same(4, 30, 2) },
    { upTo: 2_500, hours: same(6, 45, 3) },
    { upTo: 10_000, hours: same(8, 65, 4) },
    { upTo: null, hours: same(12, 90, 6) },
  ],
  perSystem: same(1, 5, 0.5),
  perAdditionalLocation: same(1, 6, 0.5),
  perVendor: same(0.25, 1.5, 0.25),
  hosting: {
    cloud: same(1, 1, 1),
    hybrid: same(1.05, 1.12, 1.02),
    "on-prem": same(1.1, 1.25, 1.05),
  },
  maturity: {
    high: same(1, 1, 1),
    medium: same(1.05, 1.1, 1.05),
    low: same(1.15, 1.3, 1.15),
  },
  evidenceReadiness: {
    high: same(1, 1, 1),
    medium: same(1.05, 1.08, 1),
    low: same(1.15, 1.25, 1.05),
  },
};

const CARDS: readonly unknown[] = [
  {
    id: "standard-2025.2",
    version: "2025.2",
    effectiveFrom: "2025-10-01",
    rates: { INR: same(7_500, 4_500, 7_500), USD: same(140, 95, 140) },
    roundingUnit: { INR: 5_000, USD: 100 },
    effort: STANDARD_EFFORT,
  },
  {
    id: "standard-2026.1",
    version: "2026.1",
    effectiveFrom: "2026-04-01",
    rates: { INR: same(8_000, 5_000, 8_000), USD: same(150, 100, 150) },
    roundingUnit: { INR: 5_000, USD: 100 },
    effort: STANDARD_EFFORT,
  },
];

/** Oldest first. */
export const RATE_CARDS: readonly RateCard[] = CARDS.map((card, i) => {
  const parsed = RateCardSchema.safeParse(card);
  if (!parsed.success) {
    throw new AppError(
      "INTERNAL",
      `Rate card #${i + 1} in the catalog is invalid: ${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
});

export const findRateCard = (id: string): RateCard | undefined => RATE_CARDS.find((c) => c.id === id);

/** The card new quotes use. */
export const DEFAULT_RATE_CARD: RateCard = findRateCard("standard-2026.1")!;
