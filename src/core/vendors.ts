/**
 * Vendor risk rules (issue 7 §2, SOC2.md §2.4, §2.6, §2.7): how often a vendor is reviewed by
 * criticality tier, when its review is due, and what a vendor's assurance report says about our own
 * period — the months of our period it leaves uncovered before and after, whether it is stale,
 * whether the opinion was modified. Pure: "today" is an argument.
 *
 * Months are counted as calendar months from the first uncovered day, a started month counting as a
 * whole one (1 October to 31 March is 6 months; 1 October to 15 March is also 6): a gap is never
 * understated. Overlap is counted the other way, in whole months only, so coverage is never overstated.
 */
import { addDays, addMonths } from "./audit-program-dates.js";
import { invalid } from "./errors.js";
import type { SystemDescription } from "./system-description.js";

export const VENDOR_TIERS = [1, 2, 3] as const;
export type VendorTier = (typeof VENDOR_TIERS)[number];

export const TIER_LABELS: Record<VendorTier, string> = {
  1: "Tier 1 — critical",
  2: "Tier 2 — important",
  3: "Tier 3 — low",
};

/**
 * Months between reviews by tier: critical vendors every year (the cadence of their SOC reports),
 * important ones every two years, low-risk ones every three.
 */
export const REVIEW_INTERVAL_MONTHS: Record<VendorTier, number> = { 1: 12, 2: 24, 3: 36 };

export const VENDOR_STATUSES = ["onboarding", "active", "offboarded"] as const;
export type VendorStatus = (typeof VENDOR_STATUSES)[number];

export const SUBSERVICE_METHODS = ["carve-out", "inclusive"] as const;
export type SubserviceMethod = (typeof SUBSERVICE_METHODS)[number];

export const REPORT_KINDS = ["soc2_type2", "soc2_type1", "soc1_type2", "soc1_type1", "iso27001"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_KIND_LABELS: Record<ReportKind, string> = {
  soc2_type2: "SOC 2 Type 2",
  soc2_type1: "SOC 2 Type 1",
  soc1_type2: "SOC 1 Type 2",
  soc1_type1: "SOC 1 Type 1",
  iso27001: "ISO/IEC 27001 certificate",
};

export const OPINIONS = ["unmodified", "qualified", "adverse", "disclaimer"] as const;
export type Opinion = (typeof OPINIONS)[number];

/** A bridge letter commonly covers up to about three months after a report's period (SOC2.md §2.6). */
export const BRIDGEABLE_MONTHS = 3;
/** A report is current for 12 months after its period ends (SOC2.md §2.7). */
export const CURRENCY_MONTHS = 12;
/** Reviews come due this many days ahead on owners' task lists. */
export const DUE_SOON_DAYS = 30;

/** Type 1 reports and certificates speak for a date or a validity span, not an examined period. */
export const hasPeriod = (kind: ReportKind): boolean => kind === "soc2_type2" || kind === "soc1_type2";

// ---- review due dates ----

/**
 * The next review: the interval of the tier after the last review. A vendor never reviewed is due
 * from the day the relationship began (contract start, else the day it was registered): vendors are
 * assessed before they are relied upon.
 */
export const reviewDueDate = (v: {
  readonly tier: VendorTier;
  readonly lastReviewedOn: string | null;
  readonly contractStart: string | null;
  readonly registeredOn: string;
}): string =>
  v.lastReviewedOn
    ? addMonths(v.lastReviewedOn, REVIEW_INTERVAL_MONTHS[v.tier], "clamp")
    : (v.contractStart ?? v.registeredOn);

export const isReviewOverdue = (due: string, today: string, status: VendorStatus): boolean =>
  status !== "offboarded" && due < today;

// ---- counting months ----

/** Months from `from` to `to` (both inclusive); a started month counts as a whole one. 0 when empty. */
export const monthsSpanned = (from: string, to: string): number => {
  if (to < from) return 0;
  const endExclusive = addDays(to, 1);
  let whole = 0;
  while (addMonths(from, whole + 1, "clamp") <= endExclusive) whole += 1;
  return addMonths(from, whole, "clamp") < endExclusive ? whole + 1 : whole;
};

/** Whole months from `from` to `to` (both inclusive); a started month does not count. */
export const wholeMonths = (from: string, to: string): number => {
  if (to < from) return 0;
  const endExclusive = addDays(to, 1);
  let whole = 0;
  while (addMonths(from, whole + 1, "clamp") <= endExclusive) whole += 1;
  return whole;
};

// ---- assessing a report against our period ----

const later = (a: string, b: string): string => (a >= b ? a : b);
const earlier = (a: string, b: string): string => (a <= b ? a : b);

export interface ReportFacts {
  readonly kind: ReportKind;
  /** Type 2: the examined period; certificate: its validity; Type 1: both null. */
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
  /** Type 1: the date the design speaks for. */
  readonly asOfDate: string | null;
  readonly issueDate: string;
  /** Null for a certificate, which carries no opinion. */
  readonly opinion: Opinion | null;
  readonly exceptionsCount: number;
}

/** Our engagement's time frame: a Type 2 period, or a Type 1 date (start = end). */
export interface OurPeriod {
  readonly start: string;
  readonly end: string;
}

export type WarningCode =
  | "period_gap"
  | "stale"
  | "modified_opinion"
  | "design_only"
  | "exceptions"
  | "no_report";

export interface ReportWarning {
  readonly code: WarningCode;
  /** Warnings need action; notes are for the reviewer's attention. */
  readonly severity: "warning" | "note";
  readonly message: string;
}

export interface ReportAssessment {
  /** The dates the report speaks for. */
  readonly coveredFrom: string;
  readonly coveredTo: string;
  /** Null when there is no engagement period to compare with. */
  readonly period: OurPeriod | null;
  /** Months of our period before the report's coverage starts. */
  readonly gapBeforeMonths: number;
  /** Months of our period after the report's coverage ends. */
  readonly gapAfterMonths: number;
  /** Of those, the months already passed on `today` (the rest is still to come). */
  readonly gapAfterElapsedMonths: number;
  readonly overlapMonths: number;
  readonly covers: boolean;
  /** The last day the report is current (12 months after its coverage ends). */
  readonly currentUntil: string;
  readonly stale: boolean;
  readonly opinionModified: boolean;
  readonly warnings: readonly ReportWarning[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Checks the dates of a report as entered; throws VALIDATION naming the first problem. */
export const checkReportDates = (r: ReportFacts, today: string): void => {
  if (hasPeriod(r.kind) || r.kind === "iso27001") {
    const what = r.kind === "iso27001" ? "validity" : "period";
    if (!r.periodStart || !r.periodEnd) throw invalid(`Give the report's ${what} start and end.`);
    if (r.periodStart > r.periodEnd) throw invalid(`The ${what} start must not be after its end.`);
  } else if (!r.asOfDate) {
    throw invalid("A Type 1 report speaks for one date: give its as-of date.");
  }
  if (r.issueDate > today) throw invalid("The issue date is in the future.");
  const coveredTo = hasPeriod(r.kind) ? r.periodEnd : r.kind === "iso27001" ? r.periodStart : r.asOfDate;
  if (coveredTo && r.issueDate < coveredTo) {
    throw invalid(
      r.kind === "iso27001"
        ? "A certificate is issued on or before the start of its validity."
        : "A report is issued after the end of the period (or the date) it covers.",
    );
  }
  if (r.kind !== "iso27001" && r.opinion === null) throw invalid("Give the auditor's opinion.");
};

/**
 * What a report says about our period on `today`. A gap after the report of up to three months is
 * what a vendor's bridge letter usually covers, so it is a note while no more than three months of
 * it have passed; once more have passed, any gap before the report, a report past its 12 months of
 * currency, and a modified opinion are warnings. Part of our period still to come cannot be covered
 * by any report yet, which is why the elapsed part decides.
 */
export const assessReport = (r: ReportFacts, period: OurPeriod | null, today: string): ReportAssessment => {
  const coveredFrom = hasPeriod(r.kind) || r.kind === "iso27001" ? (r.periodStart ?? "") : (r.asOfDate ?? "");
  const coveredTo = hasPeriod(r.kind) || r.kind === "iso27001" ? (r.periodEnd ?? "") : (r.asOfDate ?? "");
  // A certificate lapses at the end of its validity; a SOC report stays current for 12 months.
  const currentUntil = r.kind === "iso27001" ? coveredTo : addMonths(coveredTo, CURRENCY_MONTHS, "clamp");
  const stale = today > currentUntil;
  const opinionModified = r.opinion !== null && r.opinion !== "unmodified";
  const warnings: ReportWarning[] = [];
  let gapBefore = 0;
  let gapAfter = 0;
  let gapAfterElapsed = 0;
  let overlap = 0;
  if (period) {
    gapBefore =
      coveredFrom > period.start
        ? monthsSpanned(period.start, earlier(addDays(coveredFrom, -1), period.end))
        : 0;
    gapAfter =
      coveredTo < period.end ? monthsSpanned(later(addDays(coveredTo, 1), period.start), period.end) : 0;
    const elapsedEnd = earlier(period.end, today);
    gapAfterElapsed =
      coveredTo < elapsedEnd ? monthsSpanned(later(addDays(coveredTo, 1), period.start), elapsedEnd) : 0;
    overlap = wholeMonths(later(coveredFrom, period.start), earlier(coveredTo, period.end));
    if (gapBefore > 0) {
      warnings.push({
        code: "period_gap",
        severity: "warning",
        message: `Period gap: the report starts ${plural(gapBefore, "month")} after our period begins (${period.start}); obtain the vendor's previous report for those months.`,
      });
    }
    if (gapAfterElapsed > BRIDGEABLE_MONTHS) {
      warnings.push({
        code: "period_gap",
        severity: "warning",
        message: `Period gap: the report ends ${plural(gapAfter, "month")} before our period ends (${period.end}); ${plural(gapAfterElapsed, "month")} of it ${gapAfterElapsed === 1 ? "has" : "have"} already passed, more than a bridge letter covers. Obtain the vendor's next report.`,
      });
    } else if (gapAfter > 0) {
      warnings.push({
        code: "period_gap",
        severity: "note",
        message: `The report ends ${plural(gapAfter, "month")} before our period ends (${period.end}); ask the vendor for a bridge letter and then its next report.`,
      });
    }
  }
  if (stale) {
    warnings.push({
      code: "stale",
      severity: "warning",
      message:
        r.kind === "iso27001"
          ? `The certificate expired on ${coveredTo}; obtain the current one.`
          : `The report is stale: more than 12 months have passed since its period ended (${coveredTo}).`,
    });
  }
  if (opinionModified) {
    warnings.push({
      code: "modified_opinion",
      severity: "warning",
      message: `The auditor's opinion is ${r.opinion}: read the basis for the modification and assess what it means for our controls.`,
    });
  }
  if (r.kind === "soc2_type1" || r.kind === "soc1_type1") {
    warnings.push({
      code: "design_only",
      severity: "note",
      message: "A Type 1 report covers design at one date only, not operating effectiveness over a period.",
    });
  }
  if (r.exceptionsCount > 0) {
    warnings.push({
      code: "exceptions",
      severity: "note",
      message: `The report notes ${plural(r.exceptionsCount, "exception")}; check whether they affect us.`,
    });
  }
  return {
    coveredFrom,
    coveredTo,
    period,
    gapBeforeMonths: gapBefore,
    gapAfterMonths: gapAfter,
    gapAfterElapsedMonths: gapAfterElapsed,
    overlapMonths: overlap,
    covers: period !== null && gapBefore === 0 && gapAfter === 0,
    currentUntil,
    stale,
    opinionModified,
    warnings,
  };
};

/** Warnings of a vendor that show on the list: those of its latest report, or a missing report. */
export const vendorWarnings = (v: {
  readonly tier: VendorTier;
  readonly subservice: boolean;
  readonly latest: ReportAssessment | null;
}): ReportWarning[] => {
  if (v.latest) return v.latest.warnings.filter((w) => w.severity === "warning");
  if (v.subservice || v.tier === 1) {
    return [
      {
        code: "no_report",
        severity: "warning",
        message: v.subservice
          ? "No assurance report on file for this subservice organization."
          : "No assurance report on file for this critical vendor.",
      },
    ];
  }
  return [];
};

// ---- CUECs that become our controls ----

/** A short tag for control codes: initials of a multi-word name (AWS), else the name (OKTA). */
export const vendorTag = (name: string): string => {
  const words = name
    .toUpperCase()
    .replace(/[^A-Z0-9 ]/g, " ")
    .split(/\s+/)
    .filter((w) => w !== "" && !["INC", "LTD", "LLC", "PVT", "THE", "AND", "OF", "CO"].includes(w));
  const tag = words.length >= 2 ? words.map((w) => w[0]).join("") : (words[0] ?? "VENDOR");
  return tag.slice(0, 6) || "VENDOR";
};

/** The next free codes CUEC-<TAG>-01, -02, … for `count` new controls. */
export const nextCuecCodes = (name: string, taken: ReadonlySet<string>, count: number): string[] => {
  const tag = vendorTag(name);
  const out: string[] = [];
  for (let n = 1; out.length < count; n += 1) {
    const code = `CUEC-${tag}-${String(n).padStart(2, "0")}`;
    if (!taken.has(code)) out.push(code);
  }
  return out;
};

// ---- which engagement a vendor's report is read against ----

export interface EngagementDates {
  readonly id: string;
  readonly type: "type1" | "type2";
  readonly stage: string;
  readonly asOfDate: string | null;
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
}

const timeFrame = (e: EngagementDates): OurPeriod | null => {
  if (e.type === "type1") return e.asOfDate ? { start: e.asOfDate, end: e.asOfDate } : null;
  return e.periodStart && e.periodEnd ? { start: e.periodStart, end: e.periodEnd } : null;
};

/**
 * The organization's current engagement: of those with dates, one not yet issued with the latest
 * end (the audit still to be satisfied), else the latest issued one. Null when none has dates.
 */
export const currentEngagement = (
  engagements: readonly EngagementDates[],
): { readonly id: string; readonly period: OurPeriod } | null => {
  const dated = engagements
    .map((e) => ({ e, period: timeFrame(e) }))
    .filter((x): x is { e: EngagementDates; period: OurPeriod } => x.period !== null);
  const open = dated.filter((x) => x.e.stage !== "issuance");
  const pool = open.length > 0 ? open : dated;
  const best = pool.reduce<(typeof pool)[number] | null>(
    (acc, x) => (acc === null || x.period.end > acc.period.end ? x : acc),
    null,
  );
  return best ? { id: best.e.id, period: best.period } : null;
};

// ---- DC7: CSOCs recorded on vendors fill the description's subservice entries ----

/**
 * The description with each subservice organization's CSOCs taken from its vendor when the
 * description lists none for it; CSOCs written into the description itself win.
 */
export const mergeVendorCsocs = (
  description: SystemDescription,
  vendors: readonly {
    subserviceOrgId: string;
    csocs: readonly { text: string; criteria: readonly string[] }[];
  }[],
): SystemDescription => {
  const subservice = [...description.subservice];
  for (const v of vendors) {
    if (v.csocs.length === 0) continue;
    const csocs = v.csocs.map((c) => ({ text: c.text, criteria: [...c.criteria] }));
    const at = subservice.findIndex((s) => s.subserviceId === v.subserviceOrgId);
    const entry = subservice[at];
    if (entry && entry.csocs.length > 0) continue;
    if (entry) subservice[at] = { ...entry, csocs };
    else
      subservice.push({
        subserviceId: v.subserviceOrgId,
        csocs,
        monitoring: "",
        reportType: "soc2-type2",
        reportPeriodStart: "",
        reportPeriodEnd: "",
      });
  }
  return { ...description, subservice };
};
