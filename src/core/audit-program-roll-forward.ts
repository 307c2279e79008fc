/**
 * Rolling an engagement forward to the next year (issue 4 §9): the next period, the shift that moves
 * this engagement's dates (requests' periods and due dates) onto it, the next name, and the system
 * description carried over without what belongs to the old period. Pure.
 */

import type { EngagementKind } from "./audit-program.js";
import { addDays, addMonths, daysBetween } from "./audit-program-dates.js";
import { invalid } from "./errors.js";
import { parseCalendarDate, periodLength } from "./scoping.js";
import type { SystemDescription } from "./system-description.js";

export interface EngagementDates {
  readonly type: EngagementKind;
  readonly asOfDate: string | null;
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
}

export interface RolledDates extends EngagementDates {
  /** Moves a date of this engagement (a request's period or due date) to the matching date of the next. */
  readonly shift: (date: string) => string;
}

/**
 * The next engagement's dates. Type 2: the period starts the day after this one ended and has the
 * same length as scoping.ts measures it (2026-01-01..2026-12-31 → 2027-01-01..2027-12-31; three
 * months and ten days stay three months and ten days). Type 1: the as-of date one year later.
 */
export const rollForwardDates = (e: EngagementDates): RolledDates => {
  if (e.type === "type1") {
    if (!e.asOfDate) throw invalid("Set the as-of date before rolling the engagement forward.");
    const shift = (d: string) => addMonths(d, 12);
    return { type: "type1", asOfDate: shift(e.asOfDate), periodStart: null, periodEnd: null, shift };
  }
  const start = e.periodStart ? parseCalendarDate(e.periodStart) : null;
  const end = e.periodEnd ? parseCalendarDate(e.periodEnd) : null;
  if (!start || !end || !e.periodStart || !e.periodEnd || e.periodEnd < e.periodStart) {
    throw invalid("Set a valid period before rolling the engagement forward.");
  }
  const length = periodLength(start, end);
  const nextStart = addDays(e.periodEnd, 1);
  if (length.extraDays === 0) {
    const months = length.wholeMonths;
    const periodEnd = addDays(addMonths(nextStart, months, "clamp"), -1);
    // The end as scoping.ts measures months (the day before the same date, clamped), so the new
    // period is exactly as many whole months; dates inside it move by months, keeping month ends.
    return {
      type: "type2",
      asOfDate: null,
      periodStart: nextStart,
      periodEnd,
      shift: bounded(e.periodStart, e.periodEnd, nextStart, periodEnd, (d) => addMonths(d, months)),
    };
  }
  // Whole months plus some days: the same whole months and days, capped at one more whole month so
  // a short month cannot stretch the period past it (or past twelve months).
  const periodEnd = earlier(
    addDays(addMonths(nextStart, length.wholeMonths, "clamp"), length.extraDays - 1),
    addDays(addMonths(nextStart, length.wholeMonths + 1, "clamp"), -1),
  );
  const days = daysBetween(e.periodStart, nextStart);
  return {
    type: "type2",
    asOfDate: null,
    periodStart: nextStart,
    periodEnd,
    shift: bounded(e.periodStart, e.periodEnd, nextStart, periodEnd, (d) => addDays(d, days)),
  };
};

/** A date shift that maps the old period's first and last day exactly onto the new period's. */
const bounded =
  (oldStart: string, oldEnd: string, newStart: string, newEnd: string, move: (d: string) => string) =>
  (d: string): string =>
    d === oldStart ? newStart : d === oldEnd ? newEnd : move(d);

const earlier = (a: string, b: string): string => (a <= b ? a : b);

/**
 * The next engagement's name: the year of this one's end replaced by the next one's ("Acme SOC 2
 * 2026" → "Acme SOC 2 2027"), or the new period appended when the name carries no such year.
 */
export const rollForwardName = (
  name: string,
  from: EngagementDates,
  to: EngagementDates,
  max = 200,
): string => {
  const oldEnd = from.type === "type1" ? from.asOfDate : from.periodEnd;
  const newEnd = to.type === "type1" ? to.asOfDate : to.periodEnd;
  const oldYear = oldEnd?.slice(0, 4);
  const newYear = newEnd?.slice(0, 4);
  const at =
    oldYear && newYear && oldYear !== newYear
      ? ([...name.matchAll(new RegExp(`\\b${oldYear}\\b`, "g"))].at(-1)?.index ?? -1)
      : -1;
  let next: string;
  if (at >= 0 && oldYear && newYear) {
    next = `${name.slice(0, at)}${newYear}${name.slice(at + oldYear.length)}`;
  } else {
    const label = to.type === "type1" ? `as of ${to.asOfDate}` : `${to.periodStart} to ${to.periodEnd}`;
    next = `${name} (${label})`;
  }
  return next.length > max ? next.slice(0, max) : next;
};

/**
 * Next year's system description starts from this year's: the system, commitments, CUECs and CSOCs
 * usually carry over, but incidents (DC4), significant changes (DC9) and the subservice
 * organizations' report periods belong to the old period and are cleared for management to answer
 * again. Subservice entries follow their organizations to the new ids; entries whose organization
 * was not carried over are dropped.
 */
export const rollForwardDescription = (
  d: SystemDescription,
  subserviceIds: ReadonlyMap<string, string>,
): SystemDescription => ({
  ...d,
  incidents: [],
  noIncidents: false,
  changes: [],
  noChanges: false,
  subservice: d.subservice.flatMap((s) => {
    const id = subserviceIds.get(s.subserviceId);
    return id ? [{ ...s, subserviceId: id, reportPeriodStart: "", reportPeriodEnd: "" }] : [];
  }),
});
