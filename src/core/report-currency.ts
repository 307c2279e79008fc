/**
 * Report currency (issue 5 §6, SOC2.md §2.7): a SOC 2 report is treated as current for twelve months
 * after the end of its period (Type 2) or its as-of date (Type 1). The dashboards warn 90, 60 and 30
 * days before that end, then show the report as expired. What to offer follows from the facts: the
 * roll-forward while no next-period engagement exists, and a bridge letter while the gap up to today
 * is not yet covered by one and the report is still current. Pure: today is an argument.
 */
import { oneYearAfter } from "./bridge-letter.js";

export type CurrencyLevel = "ok" | "90" | "60" | "30" | "expired";

/** The warning thresholds, in days before the end of currency, largest first. */
export const WARNING_DAYS = [90, 60, 30] as const;

export interface CurrencyFacts {
  readonly report: {
    readonly kind: "soc2-type1" | "soc2-type2";
    /** Type 2: the period end; Type 1: the as-of date (YYYY-MM-DD). */
    readonly coversUntil: string;
  };
  /** YYYY-MM-DD */
  readonly today: string;
  /** An engagement for a later period already exists for the organization. */
  readonly nextPeriodExists: boolean;
  /** The last day the newest bridge letter after this report speaks for, if there is one. */
  readonly bridgeCoversUntil: string | null;
}

export interface BridgeWindow {
  /** The first day of the gap: the day after the period end. */
  readonly from: string;
  /** The latest day a letter may cover now: today, at most twelve months after the period end. */
  readonly to: string;
}

export interface ReportCurrency {
  readonly currentUntil: string;
  /** Days from today to the last day of currency; 0 on that day, negative once expired. */
  readonly daysLeft: number;
  readonly level: CurrencyLevel;
  /** The level is a warning or expired (the dashboards list it). */
  readonly warn: boolean;
  /** A bridge letter already speaks for every day up to today (or up to the end of currency). */
  readonly bridgeCoversToday: boolean;
  readonly offers: {
    readonly rollForward: boolean;
    readonly bridgeLetter: boolean;
    readonly bridgeWindow: BridgeWindow | null;
  };
}

const toUtc = (iso: string): number => {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
};

const addDays = (iso: string, days: number): string =>
  new Date(toUtc(iso) + days * 86_400_000).toISOString().slice(0, 10);

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((toUtc(to) - toUtc(from)) / 86_400_000);

/** The last day the report counts as current: the same calendar day a year after it ends. */
export const currentUntil = (coversUntil: string): string => oneYearAfter(coversUntil);

export const currencyLevel = (daysLeft: number): CurrencyLevel => {
  if (daysLeft < 0) return "expired";
  if (daysLeft <= 30) return "30";
  if (daysLeft <= 60) return "60";
  if (daysLeft <= 90) return "90";
  return "ok";
};

/**
 * The days a bridge letter written today may cover (src/core/bridge-letter.ts decides the same
 * limits): from the day after the period end up to today, never beyond twelve months after the end.
 * Null while the period has not ended yet.
 */
export const bridgeLetterWindow = (coversUntil: string, today: string): BridgeWindow | null => {
  const from = addDays(coversUntil, 1);
  const limit = currentUntil(coversUntil);
  const to = today < limit ? today : limit;
  return to >= from ? { from, to } : null;
};

export const reportCurrency = (facts: CurrencyFacts): ReportCurrency => {
  const until = currentUntil(facts.report.coversUntil);
  const daysLeft = daysBetween(facts.today, until);
  const level = currencyLevel(daysLeft);
  const window = bridgeLetterWindow(facts.report.coversUntil, facts.today);
  const bridged = facts.bridgeCoversUntil;
  const bridgeCoversToday = window !== null && bridged !== null && bridged >= window.to;
  return {
    currentUntil: until,
    daysLeft,
    level,
    warn: level !== "ok",
    bridgeCoversToday,
    offers: {
      rollForward: !facts.nextPeriodExists,
      bridgeLetter: level !== "expired" && window !== null && !bridgeCoversToday,
      bridgeWindow: level !== "expired" ? window : null,
    },
  };
};
