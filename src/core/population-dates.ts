/**
 * The date rules of populations, shared by sampling (the date column) and full-population rules
 * (date and time comparisons). src/analytics implements the same rules as DuckDB macros and tests
 * that both agree. Pure.
 */
import { isIsoDate } from "./sample-selection.js";

const TIMESTAMP_RE = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;
const DMY_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * Parses one date cell to YYYY-MM-DD, or undefined: YYYY-MM-DD; an ISO timestamp (its calendar
 * date as written, no time-zone conversion); DD/MM/YYYY (day first, D and M may be one digit).
 */
export const parsePopulationDate = (raw: string): string | undefined => {
  const text = raw.trim();
  if (isIsoDate(text)) return text;
  const ts = TIMESTAMP_RE.exec(text);
  if (ts) return ts[1] !== undefined && isIsoDate(ts[1]) ? ts[1] : undefined;
  const dmy = DMY_RE.exec(text);
  if (dmy) {
    const iso = `${dmy[3]}-${(dmy[2] ?? "").padStart(2, "0")}-${(dmy[1] ?? "").padStart(2, "0")}`;
    return isIsoDate(iso) ? iso : undefined;
  }
  return undefined;
};

const INSTANT_RE =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|([+-])(\d{2}):?(\d{2}))?)?$/i;

/** Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
export const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
};

export const HOUR_MS = 3_600_000;

/**
 * Parses a date or timestamp cell to milliseconds since 1970-01-01T00:00Z, or undefined.
 * Accepted: everything parsePopulationDate accepts, read as midnight UTC when there is no time;
 * a time must be a real one (hours ≤ 23, minutes and seconds ≤ 59); fractions of a second are cut
 * to milliseconds; an offset (Z, ±hh:mm, ±hhmm) converts to UTC, no offset means UTC.
 */
export const parsePopulationInstant = (raw: string): number | undefined => {
  const text = raw.trim();
  const m = INSTANT_RE.exec(text);
  const date = m ? m[1] : parsePopulationDate(text);
  if (date === undefined || !isIsoDate(date)) return undefined;
  const days = daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
  if (!m || m[2] === undefined) return days * 24 * HOUR_MS;
  const [h, min, s] = [Number(m[2]), Number(m[3]), Number(m[4] ?? "0")];
  if (h > 23 || min > 59 || s > 59) return undefined;
  const ms = Number((m[5] ?? "").slice(0, 3).padEnd(3, "0"));
  let offset = 0;
  if (m[7] !== undefined) {
    const [oh, om] = [Number(m[8]), Number(m[9])];
    if (oh > 23 || om > 59) return undefined;
    offset = (m[7] === "-" ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  return days * 24 * HOUR_MS + h * HOUR_MS + min * 60_000 + s * 1000 + ms - offset;
};
