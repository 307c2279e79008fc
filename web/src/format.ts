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

// ---------------------------------------------------------------------------------------------
// Readiness workspace labels

export const CONTROL_STATUS_LABELS: Record<string, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  implemented: "Implemented",
  not_applicable: "Not applicable",
};

export const controlStatusLabel = (s: string): string => CONTROL_STATUS_LABELS[s] ?? humanize(s);

export const CONTROL_STATUS_OPTIONS = ["not_started", "in_progress", "implemented", "not_applicable"].map(
  (value) => ({ value, label: CONTROL_STATUS_LABELS[value] ?? value }),
);

export const CONTROL_DOMAINS: { value: string; label: string }[] = [
  { value: "governance", label: "Governance" },
  { value: "people", label: "People" },
  { value: "policy", label: "Policy" },
  { value: "assets", label: "Assets and data" },
  { value: "risk", label: "Risk" },
  { value: "identity", label: "Identity and access" },
  { value: "network", label: "Network and infrastructure" },
  { value: "encryption", label: "Encryption" },
  { value: "endpoints", label: "Endpoints" },
  { value: "vulnerability", label: "Vulnerability management" },
  { value: "logging", label: "Logging and monitoring" },
  { value: "incident", label: "Incident response" },
  { value: "change", label: "Change management" },
  { value: "continuity", label: "Continuity and backup" },
  { value: "vendors", label: "Vendors" },
  { value: "availability", label: "Availability" },
  { value: "processing", label: "Processing integrity" },
  { value: "privacy", label: "Privacy" },
];

export const domainLabel = (d: string): string =>
  CONTROL_DOMAINS.find((x) => x.value === d)?.label ?? humanize(d);

export const FREQUENCY_LABELS: Record<string, string> = {
  annual: "Annual",
  quarterly: "Quarterly",
  monthly: "Monthly",
  weekly: "Weekly",
  daily: "Daily",
  "multiple-daily": "Multiple times a day",
  event: "Event-driven",
  continuous: "Continuous",
};

export const frequencyLabel = (f: string): string => FREQUENCY_LABELS[f] ?? humanize(f);

export const FRESHNESS_LABELS: Record<string, string> = {
  current: "Current",
  due_soon: "Due soon",
  overdue: "Overdue",
  missing: "No evidence",
  unscheduled: "Event-driven",
};

export const EVIDENCE_SOURCE_LABELS: Record<string, string> = {
  upload: "Upload",
  importer: "Importer",
  pipeline: "Pipeline",
  generated: "Generated by Fieldwork",
};

export const REQUEST_STATUS_LABELS: Record<string, string> = {
  open: "Open",
  submitted: "Submitted",
  accepted: "Accepted",
  returned: "Returned",
};

export const POLICY_STATUS_LABELS: Record<string, string> = {
  draft: "Draft",
  approved: "Approved",
  published: "Published",
  superseded: "Superseded",
};

export const DESCRIPTION_SECTIONS: { id: string; title: string; hint: string }[] = [
  { id: "DC1", title: "Services provided", hint: "The types of services the system provides." },
  {
    id: "DC2",
    title: "Commitments and system requirements",
    hint: "Principal service commitments made to customers, and the system requirements that meet them.",
  },
  {
    id: "DC3",
    title: "Components and boundaries",
    hint: "Infrastructure, software, people, procedures and data, and where the system ends.",
  },
  {
    id: "DC4",
    title: "Incidents",
    hint: "System incidents that caused a failure to meet commitments, or confirm there were none.",
  },
  {
    id: "DC5",
    title: "Criteria and controls",
    hint: "The applicable trust services criteria and the controls designed to meet them.",
  },
  {
    id: "DC6",
    title: "Complementary user entity controls",
    hint: "Controls the design assumes your customers operate (CUECs).",
  },
  {
    id: "DC7",
    title: "Subservice organizations",
    hint: "For each subservice organization: the controls expected of it (CSOCs) and how you monitor it.",
  },
  {
    id: "DC8",
    title: "Criteria not relevant",
    hint: "Any trust services criterion that does not apply to the system, with the reason.",
  },
  {
    id: "DC9",
    title: "Significant changes",
    hint: "Significant changes to the system during the period (Type 2).",
  },
];

/** A file size in B, KB, MB or GB. */
export const formatBytes = (n: number | null | undefined): string => {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
};

/** "1 Apr 2026 – 30 Jun 2026", "from 1 Apr 2026" or "—". */
export const formatRange = (start: string | null | undefined, end: string | null | undefined): string => {
  if (start && end) return `${formatDate(start)} – ${formatDate(end)}`;
  if (start) return `from ${formatDate(start)}`;
  if (end) return `until ${formatDate(end)}`;
  return "—";
};

/** Whole days from today to a YYYY-MM-DD date (negative when past). */
export const daysFromToday = (date: string | null | undefined): number | null => {
  if (!date) return null;
  const match = DATE_ONLY.exec(date);
  if (!match) return null;
  const target = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const now = new Date();
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((target - today) / 86_400_000);
};

/** The number of words in a text. */
export const wordCount = (text: string): number => text.trim().split(/\s+/).filter(Boolean).length;
