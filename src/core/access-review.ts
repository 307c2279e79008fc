/**
 * Access review campaigns (issue 7 §3), the pure rules: the schedule (next campaign due date), who
 * reviews an account, what a decision needs, progress and completion, when a campaign is overdue,
 * what blocks sign-off, and the canonical hashed result that becomes evidence for CC6.2 and CC6.3.
 */
import { createHash } from "node:crypto";

export const CAMPAIGN_STATUSES = ["draft", "open", "completed", "signed_off"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const SCHEDULES = ["quarterly", "semiannual", "annual", "none"] as const;
export type Schedule = (typeof SCHEDULES)[number];
export const DEFAULT_SCHEDULE: Schedule = "quarterly";

export const DECISIONS = ["keep", "change", "revoke"] as const;
export type Decision = (typeof DECISIONS)[number];

/** The criteria a signed-off campaign is evidence for. */
export const ACCESS_REVIEW_CRITERIA = ["CC6.2", "CC6.3"] as const;

const MONTHS: Record<Schedule, number | null> = { quarterly: 3, semiannual: 6, annual: 12, none: null };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** YYYY-MM-DD plus whole months; a day past the end of the target month becomes its last day. */
export const addMonths = (date: string, months: number): string => {
  const m = DATE.exec(date);
  if (!m) throw new Error(`Not a date: ${date}`);
  const total = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(Number(m[3]), lastDay))}`;
};

/** When the next campaign of this schedule falls due, counted from this campaign's due date. */
export const nextCampaignDue = (dueDate: string, schedule: Schedule): string | null => {
  const months = MONTHS[schedule];
  return months === null ? null : addMonths(dueDate, months);
};

// ---- routing ----

export interface RoutingInput {
  /** The account's own e-mail, when the export has one. */
  readonly accountEmail: string | null;
  /** The account's manager's e-mail, when the export has one. */
  readonly managerEmail: string | null;
  /** The system owner (an organization user id). */
  readonly ownerUserId: string;
  readonly ownerEmail: string;
  /** Organization users who may review (admins and control owners), by lower-case e-mail. */
  readonly reviewersByEmail: ReadonlyMap<string, string>;
  /** Who reviews when the owner would review their own account: an organization admin. */
  readonly fallbackUserId: string;
}

export type RoutedTo = "manager" | "owner" | "fallback";

const lower = (s: string | null): string | null => (s === null ? null : s.trim().toLowerCase() || null);

/**
 * The account's manager when the manager is an organization reviewer, else the system owner; nobody
 * reviews their own account, so such an entry goes to the next in line (owner, then an admin).
 */
export const routeEntry = (input: RoutingInput): { reviewerUserId: string; routedTo: RoutedTo } => {
  const account = lower(input.accountEmail);
  const manager = lower(input.managerEmail);
  if (manager !== null && manager !== account) {
    const id = input.reviewersByEmail.get(manager);
    if (id !== undefined) return { reviewerUserId: id, routedTo: "manager" };
  }
  if (account === null || lower(input.ownerEmail) !== account) {
    return { reviewerUserId: input.ownerUserId, routedTo: "owner" };
  }
  return { reviewerUserId: input.fallbackUserId, routedTo: "fallback" };
};

// ---- decisions ----

export interface DecisionInput {
  readonly decision: Decision;
  readonly reason?: string | null | undefined;
  readonly newEntitlements?: readonly string[] | null | undefined;
}

/** What is missing from a decision, or null: change and revoke need a reason, change the new access. */
export const decisionProblem = (d: DecisionInput): string | null => {
  const reason = d.reason?.trim() ?? "";
  if (d.decision !== "keep" && reason.length < 3) {
    return `A ${d.decision} decision needs a reason (at least 3 characters) saying why the access ${d.decision === "revoke" ? "is removed" : "changes"}.`;
  }
  if (d.decision === "change" && (d.newEntitlements ?? []).filter((e) => e.trim() !== "").length === 0) {
    return "A change decision needs the new entitlement(s) the account should keep.";
  }
  if (d.decision !== "change" && (d.newEntitlements ?? []).length > 0) {
    return "New entitlements apply only to a change decision.";
  }
  return null;
};

// ---- progress ----

export interface EntryFacts {
  readonly systemId: string;
  readonly reviewerUserId: string;
  readonly decision: Decision | null;
}

export interface TaskFacts {
  readonly status: "open" | "closed" | "cancelled";
}

export interface Progress {
  readonly total: number;
  readonly decided: number;
  /** Whole percent of entries decided; 100 only when every entry is decided. */
  readonly percent: number;
  readonly kept: number;
  readonly changed: number;
  readonly revoked: number;
}

export const percentOf = (done: number, total: number): number =>
  total === 0 ? 0 : Math.floor((done * 100) / total);

export const progressOf = (entries: readonly EntryFacts[]): Progress => {
  const count = (d: Decision) => entries.filter((e) => e.decision === d).length;
  const decided = entries.filter((e) => e.decision !== null).length;
  return {
    total: entries.length,
    decided,
    percent: percentOf(decided, entries.length),
    kept: count("keep"),
    changed: count("change"),
    revoked: count("revoke"),
  };
};

/** Progress per key (system id or reviewer id), in first-seen order. */
export const progressBy = (
  entries: readonly EntryFacts[],
  key: (e: EntryFacts) => string,
): { key: string; progress: Progress }[] => {
  const groups = new Map<string, EntryFacts[]>();
  for (const e of entries) groups.set(key(e), [...(groups.get(key(e)) ?? []), e]);
  return [...groups.entries()].map(([k, list]) => ({ key: k, progress: progressOf(list) }));
};

/** Every entry decided and every revocation task closed (a campaign with no entries is not complete). */
export const isComplete = (entries: readonly EntryFacts[], tasks: readonly TaskFacts[]): boolean =>
  entries.length > 0 && entries.every((e) => e.decision !== null) && tasks.every((t) => t.status !== "open");

/** What stops the organization admin from signing off, in words; empty when nothing does. */
export const signOffBlockers = (
  status: CampaignStatus,
  entries: readonly EntryFacts[],
  tasks: readonly TaskFacts[],
): string[] => {
  if (status === "signed_off") return ["The campaign is already signed off."];
  if (status === "draft") return ["The campaign has not been launched yet."];
  const blockers: string[] = [];
  if (entries.length === 0) blockers.push("The campaign has no accounts to review.");
  const pending = entries.filter((e) => e.decision === null).length;
  if (pending > 0) blockers.push(`${pending} of ${entries.length} entries still need a decision.`);
  const open = tasks.filter((t) => t.status === "open").length;
  if (open > 0) blockers.push(`${open} revocation task${open === 1 ? " is" : "s are"} still open.`);
  return blockers;
};

// ---- overdue and schedule ----

export interface CampaignDates {
  readonly id: string;
  readonly name: string;
  readonly status: CampaignStatus;
  readonly dueDate: string;
  readonly schedule: Schedule;
}

export const isOverdue = (c: Pick<CampaignDates, "status" | "dueDate">, today: string): boolean =>
  c.status !== "signed_off" && c.dueDate < today;

export interface ScheduleState {
  /** When the next campaign falls due, from the latest campaign; null without one or without a schedule. */
  readonly nextDue: string | null;
  /** The latest campaign is signed off and the next one's due date passed with no newer campaign. */
  readonly missed: boolean;
  readonly basedOn: string | null;
}

export const scheduleState = (campaigns: readonly CampaignDates[], today: string): ScheduleState => {
  const latest = [...campaigns].sort((a, b) =>
    a.dueDate < b.dueDate ? 1 : a.dueDate > b.dueDate ? -1 : 0,
  )[0];
  if (!latest) return { nextDue: null, missed: false, basedOn: null };
  const nextDue = nextCampaignDue(latest.dueDate, latest.schedule);
  return {
    nextDue,
    missed: latest.status === "signed_off" && nextDue !== null && nextDue < today,
    basedOn: latest.id,
  };
};

// ---- the signed-off result ----

/** JSON with object keys sorted, so the same result always hashes the same. */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
};

/** The bytes of a campaign's result and their SHA-256 (hex), as stored in the evidence blob. */
export const hashResult = (result: unknown): { bytes: Buffer; sha256: string } => {
  const bytes = Buffer.from(`${canonicalJson(result)}\n`, "utf8");
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
};
