/**
 * Scoping advice for a new engagement: which TSC categories to include, Type 1 or Type 2, and
 * whether a proposed as-of date or period is acceptable. Everything here is advice shown to the
 * organization and its auditor; nothing is forced except the rules every SOC 2 report must meet
 * (Security is always in scope; a Type 2 period runs 3–12 months, DESIGN.md §2 stage 1).
 * Pure: dates arrive as "YYYY-MM-DD" strings and are never compared with the clock.
 */
import { CATEGORY_CODES, CATEGORY_NAMES, type CategoryCode } from "./criteria.js";
import { invalid } from "./errors.js";

// ---------------------------------------------------------------------------------------------
// Sectors and category recommendations

export const SECTORS = [
  { id: "it_saas", label: "IT / SaaS" },
  { id: "managed_services_cloud", label: "Managed services and cloud" },
  { id: "fintech_bfsi", label: "Fintech and BFSI" },
  { id: "healthtech", label: "Healthtech" },
  { id: "bpo_kpo_lpo", label: "BPO / KPO / LPO" },
  { id: "other", label: "Other" },
] as const;

export type Sector = (typeof SECTORS)[number]["id"];

export const SECTOR_IDS: readonly Sector[] = SECTORS.map((s) => s.id);

export const isSector = (value: string): value is Sector => (SECTOR_IDS as readonly string[]).includes(value);

/** Strongest first. "required" is reserved for Security, which no engagement can drop. */
export const RECOMMENDATION_LEVELS = ["required", "recommended", "consider", "optional"] as const;
export type RecommendationLevel = (typeof RECOMMENDATION_LEVELS)[number];

export interface ServiceProfile {
  readonly sector: Sector;
  readonly handles: {
    readonly personalData: boolean;
    readonly transactionProcessing: boolean;
    readonly uptimeCommitments: boolean;
    readonly confidentialClientData: boolean;
  };
}

export interface CategoryRecommendation {
  readonly category: CategoryCode;
  readonly level: RecommendationLevel;
  /** Plain sentences for the UI, strongest rule first. Never empty. */
  readonly reasons: readonly string[];
}

interface CategoryRule {
  readonly applies: (profile: ServiceProfile) => boolean;
  readonly category: Exclude<CategoryCode, "CC">;
  readonly level: Exclude<RecommendationLevel, "required" | "optional">;
  readonly reason: string;
}

const inSector =
  (sector: Sector, also: (p: ServiceProfile) => boolean = () => true) =>
  (p: ServiceProfile): boolean =>
    p.sector === sector && also(p);

const SECURITY_REASON = "Security (the common criteria) is part of every SOC 2 report and cannot be removed.";

const RBI_REASON =
  "Indian banks, NBFCs and other RBI-regulated customers must vet their IT vendors under the RBI's 2023 " +
  "Master Direction on outsourcing of IT services, and usually ask for a SOC 2 Type 2 report.";

/**
 * Rules in the order their reasons are shown. A category takes the strongest level any matching
 * rule gives it. Privacy from personal data alone is only "consider": it is the largest optional
 * category and most SaaS services hold some personal data without making privacy commitments that
 * customers expect to see tested.
 */
const CATEGORY_RULES: readonly CategoryRule[] = [
  // What the service handles.
  {
    applies: (p) => p.handles.uptimeCommitments,
    category: "A",
    level: "recommended",
    reason:
      "You commit to uptime (for example in an SLA); Availability tests the controls behind that promise.",
  },
  {
    applies: (p) => p.handles.transactionProcessing,
    category: "PI",
    level: "recommended",
    reason:
      "The service processes transactions for customers; Processing Integrity covers whether processing is " +
      "complete, accurate, timely and authorized.",
  },
  {
    applies: (p) => p.handles.confidentialClientData,
    category: "C",
    level: "recommended",
    reason:
      "You hold confidential client data; Confidentiality covers how it is identified, protected and disposed of.",
  },
  {
    applies: (p) => p.handles.personalData,
    category: "P",
    level: "consider",
    reason:
      "The service handles personal information. Privacy is the largest optional category (18 criteria); " +
      "include it when you make privacy commitments to customers or data subjects, for example under India's DPDP Act.",
  },
  // The sector.
  {
    applies: inSector("it_saas"),
    category: "A",
    level: "consider",
    reason: "SaaS customers commonly ask for Availability when the product supports their daily operations.",
  },
  {
    applies: inSector("it_saas"),
    category: "C",
    level: "consider",
    reason:
      "SaaS customers commonly ask for Confidentiality because they keep their own business data in the product.",
  },
  {
    applies: inSector("managed_services_cloud"),
    category: "A",
    level: "recommended",
    reason:
      "Customers of managed service and cloud providers depend on the service being up; Availability is expected.",
  },
  {
    applies: inSector("managed_services_cloud"),
    category: "C",
    level: "consider",
    reason:
      "Managed service and cloud providers can reach customer data, so customers often ask for Confidentiality.",
  },
  {
    applies: inSector("fintech_bfsi", (p) => p.handles.transactionProcessing),
    category: "PI",
    level: "recommended",
    reason:
      "Banks and other financial customers expect Processing Integrity from vendors that process transactions.",
  },
  {
    applies: inSector("fintech_bfsi"),
    category: "C",
    level: "recommended",
    reason:
      "Financial customers treat account and customer data as confidential and expect vendors to show how it is protected.",
  },
  {
    applies: inSector("fintech_bfsi"),
    category: "A",
    level: "consider",
    reason:
      "Financial customers have continuity obligations of their own and often ask their vendors for Availability.",
  },
  {
    applies: inSector("healthtech"),
    category: "P",
    level: "recommended",
    reason:
      "Healthtech services handle patients' health information, which customers and laws expect to be covered by Privacy.",
  },
  {
    applies: inSector("healthtech"),
    category: "C",
    level: "recommended",
    reason: "Health records and clinical data are confidential; healthcare customers expect Confidentiality.",
  },
  {
    applies: inSector("bpo_kpo_lpo"),
    category: "C",
    level: "recommended",
    reason: "BPO, KPO and LPO agents work directly with client data, so clients expect Confidentiality.",
  },
  {
    applies: inSector("bpo_kpo_lpo"),
    category: "P",
    level: "recommended",
    reason:
      "Agents often handle personal information about the clients' own customers; Privacy shows how it is " +
      "collected, used and disposed of.",
  },
  {
    applies: inSector("bpo_kpo_lpo", (p) => p.handles.transactionProcessing),
    category: "PI",
    level: "recommended",
    reason:
      "Outsourcing providers that process transactions for clients (claims, payments, orders) are often asked for Processing Integrity.",
  },
];

const LEVEL_RANK: Readonly<Record<RecommendationLevel, number>> = {
  optional: 0,
  consider: 1,
  recommended: 2,
  required: 3,
};

/**
 * One recommendation per category, in CATEGORY_CODES order. Every recommendation has at least one
 * reason, so the UI can always say why.
 */
export const recommendCategories = (profile: ServiceProfile): CategoryRecommendation[] => {
  if (!isSector(profile.sector)) {
    throw invalid(`Unknown sector '${String(profile.sector)}'. Use one of ${SECTOR_IDS.join(", ")}.`);
  }
  return CATEGORY_CODES.map((category): CategoryRecommendation => {
    if (category === "CC") {
      const reasons = [SECURITY_REASON];
      if (profile.sector === "fintech_bfsi") reasons.push(RBI_REASON);
      return { category, level: "required", reasons };
    }
    const matching = CATEGORY_RULES.filter((r) => r.category === category && r.applies(profile));
    if (matching.length === 0) {
      const name = CATEGORY_NAMES[category];
      return {
        category,
        level: "optional",
        reasons: [`Nothing in your answers points to ${name}; add it if your customers ask for it.`],
      };
    }
    const level = matching.reduce<RecommendationLevel>(
      (best, r) => (LEVEL_RANK[r.level] > LEVEL_RANK[best] ? r.level : best),
      "optional",
    );
    // Stronger rules first, so the first reason always explains the level shown.
    const ordered = [...matching].sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level]);
    return { category, level, reasons: ordered.map((r) => r.reason) };
  });
};

// ---------------------------------------------------------------------------------------------
// Type 1 or Type 2

export type ReportType = "type1" | "type2";

/** The shortest period most firms accept, the usual minimum after a first report, and the maximum. */
export const MIN_PERIOD_MONTHS = 3;
export const USUAL_MIN_PERIOD_MONTHS = 6;
export const MAX_PERIOD_MONTHS = 12;
/** Rough time after the period ends for testing, review and issuing the report. */
export const REPORTING_LAG_MONTHS = 2;

export interface ReportTypeQuestion {
  readonly customersRequire: "type1" | "type2" | "any" | "unknown";
  /** Months the controls have been operating with evidence kept. */
  readonly controlsOperatingMonths: number;
  readonly firstReport: boolean;
  /** Months until a report must be in customers' hands, if there is a deadline. */
  readonly deadlineMonths?: number;
}

export interface ReportTypeAdvice {
  readonly recommended: ReportType;
  /** Whole months for the Type 2 period; null when Type 1 is recommended. */
  readonly suggestedPeriodMonths: number | null;
  readonly reasons: readonly string[];
}

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? "" : "s"}`;

const checkMonths = (value: number, field: string): void => {
  if (!Number.isFinite(value) || value < 0) {
    throw invalid(`${field} must be a number of months, zero or more; got ${String(value)}.`, { field });
  }
};

/**
 * Type 1 or Type 2, and a period length. Assumes a Type 2 period may start as far back as the
 * controls have been operating (when evidence for those months was kept) and must end about
 * REPORTING_LAG_MONTHS before a deadline so the report can be tested and issued in time.
 */
export const adviseReportType = (q: ReportTypeQuestion): ReportTypeAdvice => {
  checkMonths(q.controlsOperatingMonths, "controlsOperatingMonths");
  if (q.deadlineMonths !== undefined) checkMonths(q.deadlineMonths, "deadlineMonths");
  const operating = Math.floor(q.controlsOperatingMonths);

  if (q.customersRequire === "type1") {
    return {
      recommended: "type1",
      suggestedPeriodMonths: null,
      reasons: [
        "Your customers accept a Type 1 report, which tests design at a single date and can be issued soonest.",
        q.firstReport
          ? "Plan a Type 2 next: most customers expect one within a year of a first Type 1."
          : "A repeat Type 1 is unusual; customers generally expect a Type 2 after the first report.",
      ],
    };
  }

  const reasons: string[] = [
    {
      type2: "Your customers require a Type 2 report, which also tests that controls operated over a period.",
      any: "Your customers accept either type; a Type 2 carries more weight and is what they will ask for next.",
      unknown:
        "You do not yet know what customers require; most customers and their auditors expect a Type 2, so plan for one.",
    }[q.customersRequire],
  ];

  if (q.deadlineMonths === undefined) {
    if (operating < MIN_PERIOD_MONTHS) {
      reasons.push(
        `Your controls have operated for ${plural(operating, "month")}; a Type 2 period needs at least ` +
          `${MIN_PERIOD_MONTHS} months of operation. Get a Type 1 now and start the Type 2 period once every ` +
          "control is running.",
      );
      return { recommended: "type1", suggestedPeriodMonths: null, reasons };
    }
    const months = q.firstReport ? USUAL_MIN_PERIOD_MONTHS : MAX_PERIOD_MONTHS;
    reasons.push(periodReason(q.firstReport, months));
    return { recommended: "type2", suggestedPeriodMonths: months, reasons };
  }

  const deadline = Math.floor(q.deadlineMonths);
  const available = operating + deadline - REPORTING_LAG_MONTHS;
  if (available < MIN_PERIOD_MONTHS) {
    reasons.push(
      `Your deadline is ${plural(deadline, "month")} away. Even counting the ${plural(operating, "month")} ` +
        `your controls have already run, a ${MIN_PERIOD_MONTHS}-month Type 2 period plus about ` +
        `${REPORTING_LAG_MONTHS} months to test and issue the report does not fit.`,
      "Issue a Type 1 now as a bridge, and start the Type 2 period as soon as controls are running.",
    );
    return { recommended: "type1", suggestedPeriodMonths: null, reasons };
  }
  const months = Math.min(q.firstReport ? USUAL_MIN_PERIOD_MONTHS : MAX_PERIOD_MONTHS, available);
  reasons.push(periodReason(q.firstReport, months));
  const forward = Math.max(deadline - REPORTING_LAG_MONTHS, 0);
  if (months > forward) {
    reasons.push(
      `To finish by your deadline the period has to start about ${plural(months - forward, "month")} back, ` +
        "while your controls were already operating; that works only if evidence for those months was kept.",
    );
  } else if (operating < MIN_PERIOD_MONTHS) {
    reasons.push("Start the period once every control is operating; your deadline leaves room for it.");
  }
  reasons.push(
    `End the period at least ${REPORTING_LAG_MONTHS} months before your deadline to leave time to test and issue the report.`,
  );
  return { recommended: "type2", suggestedPeriodMonths: months, reasons };
};

const periodReason = (firstReport: boolean, months: number): string => {
  if (firstReport) {
    return months >= USUAL_MIN_PERIOD_MONTHS
      ? `A first Type 2 period of 3 to 6 months is usual; ${months} months gives customers more assurance.`
      : `A first Type 2 period of 3 to 6 months is usual; ${months} months is acceptable, though many customers ` +
          "expect 6 to 12.";
  }
  return months >= MAX_PERIOD_MONTHS
    ? "Later reports usually cover 12 months and start the day after the previous period ended, leaving no gap."
    : `Later reports usually cover 12 months back to back; ${months} months is shorter than most customers expect.`;
};

// ---------------------------------------------------------------------------------------------
// As-of date and period

export interface CalendarDate {
  readonly year: number;
  readonly month: number; // 1–12
  readonly day: number; // 1–31
}

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** A real calendar date in strict "YYYY-MM-DD" form, or null (2026-02-30 and 2026-1-5 are null). */
export const parseCalendarDate = (text: string): CalendarDate | null => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
};

/** Days since 1970-01-01 in the proleptic Gregorian calendar (no Date, no time zones). */
const dayNumber = ({ year, month, day }: CalendarDate): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
};

/** The same day n months later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
const addMonths = (date: CalendarDate, n: number): CalendarDate => {
  const index = date.year * 12 + (date.month - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
};

export interface PeriodLength {
  readonly wholeMonths: number;
  readonly extraDays: number;
  /** wholeMonths plus extraDays as a fraction of the month that follows them. */
  readonly months: number;
}

/**
 * Length of an inclusive period (end on or after start). A month runs from a start date to the day before the same date
 * in the next month (clamped at month ends), so 2026-01-01..2026-03-31 and 2026-01-15..2026-04-14
 * are exactly 3 months. Days left over count as a fraction of the following month: 2026-01-01..
 * 2026-04-15 is 3 months and 15 days, 3 + 15/30 months. Starting on the 29th–31st follows the
 * clamp: from 2024-02-29, twelve months end on 2025-02-27.
 */
export const periodLength = (start: CalendarDate, end: CalendarDate): PeriodLength => {
  if (dayNumber(end) < dayNumber(start)) throw invalid("A period cannot end before it starts.");
  const endExclusive = dayNumber(end) + 1;
  let whole = (end.year - start.year) * 12 + (end.month - start.month);
  while (whole > 0 && dayNumber(addMonths(start, whole)) > endExclusive) whole -= 1;
  while (dayNumber(addMonths(start, whole + 1)) <= endExclusive) whole += 1;
  const anchor = dayNumber(addMonths(start, whole));
  const extraDays = endExclusive - anchor;
  const monthDays = dayNumber(addMonths(start, whole + 1)) - anchor;
  return { wholeMonths: whole, extraDays, months: whole + extraDays / monthDays };
};

const describeLength = ({ wholeMonths, extraDays }: PeriodLength): string => {
  if (wholeMonths === 0) return plural(extraDays, "day");
  if (extraDays === 0) return plural(wholeMonths, "month");
  return `${plural(wholeMonths, "month")} and ${plural(extraDays, "day")}`;
};

export interface PeriodQuestion {
  readonly type: ReportType;
  readonly asOfDate?: string;
  readonly periodStart?: string;
  readonly periodEnd?: string;
  readonly firstReport: boolean;
}

export type PeriodField = "type" | "asOfDate" | "periodStart" | "periodEnd";

export interface PeriodCheck {
  readonly ok: boolean;
  /** Type 2 length in months (two decimals) whenever both dates are valid; null otherwise. */
  readonly months: number | null;
  readonly errors: readonly { readonly field: PeriodField; readonly message: string }[];
  readonly warnings: readonly string[];
}

const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== "";

/** Checks the time frame of an engagement: an as-of date for Type 1, a 3–12 month period for Type 2. */
export const validateEngagementPeriod = (q: PeriodQuestion): PeriodCheck => {
  const errors: { field: PeriodField; message: string }[] = [];
  const warnings: string[] = [];
  const dateField = (field: Exclude<PeriodField, "type">, label: string): CalendarDate | null => {
    const value = q[field];
    if (!present(value)) {
      errors.push({ field, message: `A ${q.type === "type1" ? "Type 1" : "Type 2"} report needs ${label}.` });
      return null;
    }
    const date = parseCalendarDate(value.trim());
    if (!date) errors.push({ field, message: `'${value}' is not a real date; write it as YYYY-MM-DD.` });
    return date;
  };

  if (q.type === "type1") {
    dateField("asOfDate", "an as-of date");
    if (present(q.periodStart) || present(q.periodEnd)) {
      warnings.push("A Type 1 report is as of a single date; the period dates will be ignored.");
    }
    return { ok: errors.length === 0, months: null, errors, warnings };
  }
  if (q.type !== "type2") {
    errors.push({ field: "type", message: `Unknown report type '${String(q.type)}'. Use type1 or type2.` });
    return { ok: false, months: null, errors, warnings };
  }

  if (present(q.asOfDate)) warnings.push("A Type 2 report covers a period; the as-of date will be ignored.");
  const start = dateField("periodStart", "a period start date");
  const end = dateField("periodEnd", "a period end date");
  if (!start || !end) return { ok: false, months: null, errors, warnings };

  const range = `${q.periodStart?.trim()} to ${q.periodEnd?.trim()}`;
  if (dayNumber(end) <= dayNumber(start)) {
    errors.push({ field: "periodEnd", message: `The period must end after it starts; ${range} does not.` });
    return { ok: false, months: null, errors, warnings };
  }
  const length = periodLength(start, end);
  const months = Math.round(length.months * 100) / 100;
  if (length.months < MIN_PERIOD_MONTHS || length.months > MAX_PERIOD_MONTHS) {
    errors.push({
      field: "periodEnd",
      message:
        `A Type 2 period must be between ${MIN_PERIOD_MONTHS} and ${MAX_PERIOD_MONTHS} months; ` +
        `${range} is ${describeLength(length)}.`,
    });
  } else if (length.months < USUAL_MIN_PERIOD_MONTHS) {
    warnings.push(
      q.firstReport
        ? `${range} is ${describeLength(length)}. That is acceptable for a first report, but many user entities ` +
            "(your customers) expect 6 to 12 months; plan a longer period next time."
        : `${range} is ${describeLength(length)}. Periods under 6 months are less usual after the first report; ` +
            "user entities generally expect 6 to 12 months, back to back with the previous period.",
    );
  }
  return { ok: errors.length === 0, months, errors, warnings };
};
