/**
 * Controls: the library's shape and the organization's adopted controls. Pure types and rules; the
 * library itself is data in src/catalog/control-library.ts.
 */
import type { CategoryCode } from "./criteria.js";
import type { Role } from "./roles.js";

export const CONTROL_DOMAINS = [
  { id: "governance", label: "Governance" },
  { id: "people", label: "People" },
  { id: "policy", label: "Policy" },
  { id: "assets", label: "Assets and data" },
  { id: "risk", label: "Risk" },
  { id: "identity", label: "Identity and access" },
  { id: "network", label: "Network and infrastructure" },
  { id: "encryption", label: "Encryption" },
  { id: "endpoints", label: "Endpoints" },
  { id: "vulnerability", label: "Vulnerability management" },
  { id: "logging", label: "Logging and monitoring" },
  { id: "incident", label: "Incident response" },
  { id: "change", label: "Change management" },
  { id: "continuity", label: "Continuity and backup" },
  { id: "vendors", label: "Vendors" },
  { id: "availability", label: "Availability" },
  { id: "processing", label: "Processing integrity" },
  { id: "privacy", label: "Privacy" },
] as const;
export type ControlDomain = (typeof CONTROL_DOMAINS)[number]["id"];

export const FREQUENCIES = [
  "annual",
  "quarterly",
  "monthly",
  "weekly",
  "daily",
  "multiple-daily",
  "event",
  "continuous",
] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const FREQUENCY_LABELS: Record<Frequency, string> = {
  annual: "Annual",
  quarterly: "Quarterly",
  monthly: "Monthly",
  weekly: "Weekly",
  daily: "Daily",
  "multiple-daily": "Multiple times a day",
  event: "Event-driven",
  continuous: "Continuous",
};

export type Automation = "automated" | "manual";

export interface LibraryControl {
  /** Stable id such as "IAM-03". */
  readonly id: string;
  readonly domain: ControlDomain;
  readonly title: string;
  /** What the control does, in our own words. */
  readonly description: string;
  /** Criterion ids it addresses (from the 61). */
  readonly criteria: readonly string[];
  readonly frequency: Frequency;
  readonly automation: Automation;
  readonly ownerRole: string;
  /** The evidence that proves it operated. */
  readonly evidence: readonly string[];
  /** What an auditor tests on each sample item. */
  readonly attributes: readonly string[];
}

export const CONTROL_STATUSES = ["not_started", "in_progress", "implemented", "not_applicable"] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

export interface CoverageRow {
  readonly criterionId: string;
  readonly category: CategoryCode;
  readonly controls: readonly { id: string; code: string; title: string; status: ControlStatus }[];
  readonly covered: boolean;
}

/**
 * Each criterion in scope with the organization's controls that address it; a criterion is covered
 * when at least one applicable control maps to it.
 */
export const coverage = (
  criteria: readonly { id: string; category: CategoryCode }[],
  controls: readonly {
    id: string;
    code: string;
    title: string;
    status: ControlStatus;
    criteria: readonly string[];
  }[],
): CoverageRow[] =>
  criteria.map((c) => {
    const mapped = controls
      .filter((k) => k.status !== "not_applicable" && k.criteria.includes(c.id))
      .map((k) => ({ id: k.id, code: k.code, title: k.title, status: k.status }));
    return { criterionId: c.id, category: c.category, controls: mapped, covered: mapped.length > 0 };
  });

export type { Role };
