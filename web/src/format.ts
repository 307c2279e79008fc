/**
 * Display helpers: dates in the en-IN style ("1 Apr 2026"), money with Indian digit grouping for
 * rupees ("₹8,45,000") and US grouping for dollars ("$18,500"), and the labels of stages, roles,
 * categories and sectors.
 */
import type {
  CategoryCode,
  ClientSummary,
  CostClass,
  Currency,
  EngagementQuote,
  EngagementSummary,
  PersonRef,
  QuoteResult,
  RecommendationLevel,
  Stage,
} from "./types";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-04-01" → "1 Apr 2026". Date-only values are read as calendar dates, never shifted by time zone. */
export const formatDate = (value: string | null | undefined): string => {
  if (value === null || value === undefined || value === "") return "—";
  const match = DATE_ONLY.exec(value);
  if (match) {
    const month = MONTHS[Number(match[2]) - 1];
    return month ? `${Number(match[3])} ${month} ${match[1]}` : value;
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}`;
};

const pad = (n: number): string => String(n).padStart(2, "0");

/** An instant in the viewer's time zone: "1 Apr 2026, 14:05". */
export const formatDateTime = (value: string | null | undefined): string => {
  if (value === null || value === undefined || value === "") return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${formatDate(value)}, ${pad(date.getHours())}:${pad(date.getMinutes())}`;
};

/** "3 minutes ago", "2 days ago"; falls back to the date after a week. */
export const formatRelative = (value: string | null | undefined, now: Date = new Date()): string => {
  if (!value) return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  if (seconds < 60) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} hour${hours === 1 ? "" : "s"} ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return `${days} day${days === 1 ? "" : "s"} ago`;
  return formatDate(value);
};

/** Today as YYYY-MM-DD in the viewer's calendar. */
export const todayIso = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

const inr = new Intl.NumberFormat("en-IN", { style: "currency", currency: "INR", maximumFractionDigits: 0 });
const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
const inrNumber = new Intl.NumberFormat("en-IN", { maximumFractionDigits: 0 });
const usNumber = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** ₹8,45,000 or $18,500. */
export const formatMoney = (
  amount: number | null | undefined,
  currency: Currency | string = "INR",
): string => {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return "—";
  if (currency === "USD") return usd.format(amount);
  if (currency === "INR") return inr.format(amount);
  return `${currency} ${usNumber.format(amount)}`;
};

/** A plain count with the grouping of the currency in use. */
export const formatNumber = (n: number | null | undefined, currency?: Currency): string => {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return currency === "USD" ? usNumber.format(n) : inrNumber.format(n);
};

export const formatHours = (h: number | null | undefined): string =>
  h === null || h === undefined ? "—" : `${inrNumber.format(h)} h`;

// ---------------------------------------------------------------------------------------------
// Labels

export const STAGE_LABELS: Record<Stage, string> = {
  scoping: "Scoping",
  audit_program: "Audit program",
  description_review: "System description review",
  design_assessment: "Design assessment",
  observation_period: "Observation period",
  control_testing: "Control testing",
  exceptions: "Exceptions",
  management_response: "Management response",
  draft_review: "Draft review",
  issuance: "Issuance",
};

/** Short forms for the dense pipeline strip. */
export const STAGE_SHORT_LABELS: Record<Stage, string> = {
  scoping: "Scoping",
  audit_program: "Audit program",
  description_review: "Description",
  design_assessment: "Design",
  observation_period: "Observation",
  control_testing: "Testing",
  exceptions: "Exceptions",
  management_response: "Mgmt response",
  draft_review: "Draft review",
  issuance: "Issuance",
};

export const stageLabel = (stage: string | null | undefined): string =>
  stage ? (STAGE_LABELS[stage as Stage] ?? humanize(stage)) : "—";

export const ROLE_LABELS: Record<string, string> = {
  firm_admin: "Firm admin",
  partner: "Partner",
  engagement_manager: "Engagement manager",
  staff_auditor: "Staff auditor",
  org_admin: "Organization admin",
  control_owner: "Control owner",
  employee: "Employee",
};

export const FIRM_ROLE_OPTIONS = ["partner", "engagement_manager", "staff_auditor", "firm_admin"].map(
  (r) => ({
    value: r,
    label: ROLE_LABELS[r] ?? r,
  }),
);

export const ORG_ROLE_OPTIONS = ["org_admin", "control_owner", "employee"].map((r) => ({
  value: r,
  label: ROLE_LABELS[r] ?? r,
}));

export const roleLabel = (role: string | null | undefined): string =>
  role ? (ROLE_LABELS[role] ?? humanize(role)) : "—";

export const CATEGORY_NAMES: Record<CategoryCode, string> = {
  CC: "Security",
  A: "Availability",
  PI: "Processing Integrity",
  C: "Confidentiality",
  P: "Privacy",
};

export const categoryName = (code: string): string => CATEGORY_NAMES[code as CategoryCode] ?? code;

export const SECTORS = [
  { value: "it_saas", label: "IT / SaaS" },
  { value: "managed_services_cloud", label: "Managed services and cloud" },
  { value: "fintech_bfsi", label: "Fintech and BFSI" },
  { value: "healthtech", label: "Healthtech" },
  { value: "bpo_kpo_lpo", label: "BPO / KPO / LPO" },
  { value: "other", label: "Other" },
];

export const sectorLabel = (sector: string | null | undefined): string =>
  sector ? (SECTORS.find((s) => s.value === sector)?.label ?? humanize(sector)) : "—";

export const typeLabel = (type: string | null | undefined): string =>
  type === "type1" ? "Type 1" : type === "type2" ? "Type 2" : "—";

export const COST_CLASS_LABELS: Record<CostClass, string> = {
  lower: "Lower cost",
  moderate: "Moderate cost",
  higher: "Higher cost",
  variable: "Variable: partner to price",
};

export const RECOMMENDATION_LABELS: Record<RecommendationLevel, string> = {
  required: "Required",
  recommended: "Recommended",
  consider: "Consider",
  optional: "Optional",
};

export const HOSTING_OPTIONS = [
  { value: "cloud", label: "Cloud" },
  { value: "hybrid", label: "Hybrid" },
  { value: "on-prem", label: "On-premises" },
];

export const LEVEL_OPTIONS = [
  { value: "high", label: "High" },
  { value: "medium", label: "Medium" },
  { value: "low", label: "Low" },
];

export const CURRENCY_OPTIONS = [
  { value: "INR", label: "INR (₹)" },
  { value: "USD", label: "USD ($)" },
];

export const PHASE_LABELS = { planning: "Planning", fieldwork: "Fieldwork", reporting: "Reporting" } as const;

/** "audit_program" or "quote.approved" → "Audit program" / "Quote approved". */
export const humanize = (text: string): string => {
  const spaced = text.replace(/[._-]+/g, " ").trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};

// ---------------------------------------------------------------------------------------------
// Periods and summaries

/** "as of 31 Dec 2026" for Type 1, "1 Apr 2026 – 31 Mar 2027" for Type 2. */
export const formatPeriod = (e: {
  type: string;
  asOfDate?: string | null;
  periodStart?: string | null;
  periodEnd?: string | null;
}): string => {
  if (e.type === "type1") return e.asOfDate ? `as of ${formatDate(e.asOfDate)}` : "as-of date not set";
  if (e.periodStart && e.periodEnd) return `${formatDate(e.periodStart)} – ${formatDate(e.periodEnd)}`;
  if (e.periodStart) return `from ${formatDate(e.periodStart)}`;
  return "period not set";
};

/** The client of an engagement summary, whichever way the server spells it. */
export const summaryClient = (e: EngagementSummary): { id: string | null; name: string } => ({
  id: e.organization?.id ?? e.orgId ?? e.organizationId ?? null,
  name: e.organization?.name ?? e.orgName ?? e.organizationName ?? e.clientName ?? "—",
});

export const clientEngagementCount = (c: ClientSummary): number =>
  typeof c.engagements === "number" ? c.engagements : Array.isArray(c.engagements) ? c.engagements.length : 0;

export const personName = (p: PersonRef | undefined): string | null => {
  if (p === null || p === undefined) return null;
  if (typeof p === "string") return p;
  return p.name ?? p.email ?? p.id ?? null;
};

/** The priced figures of a quote saved on an engagement (nested `result` or flattened). */
export const quoteFigures = (q: EngagementQuote | null | undefined): QuoteResult | null => {
  if (!q) return null;
  if (q.result && Array.isArray(q.result.drivers)) return q.result;
  if (Array.isArray(q.drivers) && q.hours && typeof q.total === "number" && q.currency && q.costClass) {
    return {
      currency: q.currency,
      total: q.total,
      costClass: q.costClass,
      partnerConfirmationRequired: q.partnerConfirmationRequired ?? false,
      hours: q.hours,
      drivers: q.drivers,
      ...(q.fees ? { fees: q.fees } : {}),
      ...(q.rateCard ? { rateCard: q.rateCard } : {}),
    };
  }
  return null;
};

export const isQuoteApproved = (q: EngagementQuote | null | undefined): boolean =>
  !!q && (q.status === "approved" || q.frozen === true || !!q.approvedAt);

export const initials = (name: string): string =>
  name
    .split(/\s+/)
    .filter((p) => p !== "")
    .slice(0, 2)
    .map((p) => p.charAt(0).toUpperCase())
    .join("") || "?";

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
