/**
 * Dates of the fieldwork plan: calendar arithmetic on YYYY-MM-DD strings (without the clock) and the
 * default due dates of the requests generated from the audit program. Pure.
 */
import type { EngagementKind } from "./audit-program.js";
import type { RequestKind } from "./audit-program-defaults.js";
import { invalid } from "./errors.js";
import { parseCalendarDate } from "./scoping.js";

const MS_PER_DAY = 86_400_000;

const toUtc = (date: string): number => {
  const d = parseCalendarDate(date);
  if (!d) throw invalid(`${date} is not a date in the form YYYY-MM-DD.`);
  return Date.UTC(d.year, d.month - 1, d.day);
};
const fromUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const addDays = (date: string, days: number): string => fromUtc(toUtc(date) + days * MS_PER_DAY);

export const daysBetween = (from: string, to: string): number =>
  Math.round((toUtc(to) - toUtc(from)) / MS_PER_DAY);

const lastDayOf = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * The same day n months later, clamped to the month's end. With "keep" (the default) a date on the
 * last day of its month stays on the last day (2027-02-28 + 12 months = 2028-02-29), so month-end
 * dates stay month-end; with "clamp" it does not (2027-02-28 + 12 months = 2028-02-28).
 */
export const addMonths = (date: string, n: number, monthEnd: "keep" | "clamp" = "keep"): string => {
  const d = parseCalendarDate(date);
  if (!d) throw invalid(`${date} is not a date in the form YYYY-MM-DD.`);
  const index = d.year * 12 + (d.month - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = lastDayOf(year, month);
  const day = monthEnd === "keep" && d.day === lastDayOf(d.year, d.month) ? last : Math.min(d.day, last);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
};

const later = (a: string, b: string): string => (a >= b ? a : b);
const earlier = (a: string, b: string): string => (a <= b ? a : b);

/** Days the client has to answer a request once it can be answered. */
export const DUE_DAYS = 14;

export interface DueDateInput {
  readonly type: EngagementKind;
  readonly kind: RequestKind;
  /** YYYY-MM-DD from the injected clock. */
  readonly today: string;
  /** Type 2 period end, or the Type 1 as-of date; null when not set. */
  readonly periodEnd: string | null;
  /** The line is an automated control tested once (configuration evidence). */
  readonly automated: boolean;
}

/**
 * The default due date of a generated request. No date is ever in the past.
 * - Type 1 (walkthrough and evidence as of the date): 14 days after the later of today and the as-of date.
 * - Type 2 population: 14 days after the later of today and the period end, because an event
 *   population is complete only once the period has closed (SOC2.md §4.4).
 * - Type 2 evidence for sampled items: 14 days after the population is due (the sample is drawn from it).
 * - Type 2 configuration evidence of an automated control: 14 days after today, but while the period
 *   is open no later than its end, because configuration state is captured while the period runs.
 */
export const defaultDueDate = (input: DueDateInput): string => {
  const { today, periodEnd } = input;
  const anchor = periodEnd ? later(today, periodEnd) : today;
  if (input.type === "type1" || input.kind === "design") return addDays(anchor, DUE_DAYS);
  if (input.kind === "population") return addDays(anchor, DUE_DAYS);
  if (input.automated) {
    const due = addDays(today, DUE_DAYS);
    return periodEnd && today <= periodEnd ? earlier(due, periodEnd) : due;
  }
  return addDays(anchor, 2 * DUE_DAYS);
};
