/**
 * Readiness rules: when a control's next evidence is due, and how ready an organization is for its
 * SOC 2 examination. Pure: no I/O, no clock (today is an argument), no randomness.
 *
 * Evidence freshness (nextEvidenceDue)
 * - A control that runs on a schedule needs new evidence one interval after its last evidence's
 *   effective date: annual +12 months, quarterly +3 months, monthly +1 month (month arithmetic clamps
 *   to the month's last day, so 2026-01-31 + 1 month = 2026-02-28), weekly +7 days, daily and
 *   multiple-daily +1 day.
 * - Event-driven and continuous controls have no natural interval. Their evidence is a sample of
 *   recent events or a configuration snapshot, and it stays fresh for a window of
 *   FRESHNESS_WINDOW_DAYS (90) days, after which the owner refreshes it.
 * - Evidence is overdue only when today is strictly after the due date; on the due date it is due
 *   but not yet late. daysOverdue counts the days after the due date (0 when not overdue).
 * - A control with no evidence yet is due today and is not overdue: there is no date to measure
 *   lateness from. It is nevertheless not fresh; readinessScore treats "no evidence" as not ready
 *   through the hasEvidence flag, so the missing evidence still blocks readiness.
 * - A last-evidence date after today (evidence dated ahead) simply moves the due date later.
 *
 * Readiness score (readinessScore)
 * - Scope: the categories chosen plus Security ("CC"), which is always in scope. Criteria listed as
 *   not applicable (DC 200 requires the reason to be disclosed) drop out of every count.
 * - A control is ready when its status is "implemented", it has evidence and that evidence is not
 *   overdue. Controls marked "not_applicable" are ignored entirely.
 * - A criterion is covered when at least one ready control maps to it.
 * - A requirement (the 12 practical requirements) is relevant to a category when at least one of its
 *   criteria belongs to that category.
 * - Per category: score = floor(100 × (0.7 × covered ÷ applicable criteria + 0.3 × met ÷ relevant
 *   requirements)). When no requirement is relevant to the category the criteria share carries the
 *   whole weight; when no criterion is applicable its share counts as complete.
 * - Overall: the same formula over the union of all criteria in scope and every requirement
 *   relevant to any category in scope.
 * - floor() rather than round() means 100 is shown only when nothing is missing.
 * - Blockers: every unmet relevant requirement (linked to the requirement, or to "policies" or
 *   "system-description" for requirements judged on those), every control that is not ready and
 *   maps to an uncovered criterion in scope (linked to its code), and every uncovered criterion that
 *   no applicable control addresses at all (linked to the criterion id). A control that is not ready
 *   but whose criteria are all covered by other ready controls does not block readiness.
 */
import type { ControlStatus, Frequency } from "./controls.js";
import {
  CATEGORY_CODES,
  type CategoryCode,
  CRITERION_IDS,
  findSeries,
  seriesOfCriterionId,
} from "./criteria.js";
import { invalid } from "./errors.js";

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic on "YYYY-MM-DD" strings, without Date or time zones.

interface Ymd {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

const parseYmd = (text: string, label: string): Ymd => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  if (!match || year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw invalid(`${label} must be a real date in the form YYYY-MM-DD; got "${text}".`);
  }
  return { year, month, day };
};

/** Days since 1970-01-01 in the proleptic Gregorian calendar. */
const toDayNumber = ({ year, month, day }: Ymd): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
};

const fromDayNumber = (n: number): Ymd => {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
};

const addMonths = (date: Ymd, n: number): Ymd => {
  const index = date.year * 12 + (date.month - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
};

const pad = (n: number, width: number): string => String(n).padStart(width, "0");
const formatYmd = ({ year, month, day }: Ymd): string => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;

// ---------------------------------------------------------------------------------------------
// Evidence freshness

/** How long a sample or configuration snapshot of an event-driven or continuous control stays fresh. */
export const FRESHNESS_WINDOW_DAYS = 90;

/** The interval after which each frequency needs new evidence. */
export const EVIDENCE_INTERVALS: Readonly<
  Record<Frequency, { readonly months: number; readonly days: number }>
> = {
  annual: { months: 12, days: 0 },
  quarterly: { months: 3, days: 0 },
  monthly: { months: 1, days: 0 },
  weekly: { months: 0, days: 7 },
  daily: { months: 0, days: 1 },
  "multiple-daily": { months: 0, days: 1 },
  event: { months: 0, days: FRESHNESS_WINDOW_DAYS },
  continuous: { months: 0, days: FRESHNESS_WINDOW_DAYS },
};

export interface EvidenceDue {
  /** When new evidence is due; today when there is no evidence yet. Always a date for valid input. */
  readonly dueDate: string | null;
  readonly overdue: boolean;
  /** Days after the due date; 0 when not overdue. */
  readonly daysOverdue: number;
}

/**
 * When a control's next evidence is due, given the effective date of its latest evidence (null when
 * there is none) and today's date. Both dates are "YYYY-MM-DD"; anything else is a VALIDATION error.
 * The rules are in the module comment.
 */
export const nextEvidenceDue = (
  frequency: Frequency,
  lastEffectiveDate: string | null,
  today: string,
): EvidenceDue => {
  const todayDay = toDayNumber(parseYmd(today, "Today"));
  if (lastEffectiveDate === null) return { dueDate: today, overdue: false, daysOverdue: 0 };
  const interval = EVIDENCE_INTERVALS[frequency];
  if (interval === undefined) throw invalid(`Unknown control frequency "${String(frequency)}".`);
  const last = parseYmd(lastEffectiveDate, "The evidence date");
  const dueDay = toDayNumber(addMonths(last, interval.months)) + interval.days;
  const daysOverdue = Math.max(0, todayDay - dueDay);
  return { dueDate: formatYmd(fromDayNumber(dueDay)), overdue: daysOverdue > 0, daysOverdue };
};

// ---------------------------------------------------------------------------------------------
// Readiness requirements

/**
 * How a practical requirement's readiness is judged: "evidence" — its linked controls are
 * implemented and have fresh evidence; "policy" — the policy set is approved and published;
 * "description" — the system description is complete.
 */
export const REQUIREMENT_BASES = ["evidence", "policy", "description"] as const;
export type RequirementBasis = (typeof REQUIREMENT_BASES)[number];

/** What requirement evaluation needs to know about one of the organization's controls. */
export interface ControlReadinessFacts {
  /** Library control id the control was adopted from, or null for the organization's own control. */
  readonly libraryId: string | null;
  readonly code: string;
  readonly status: ControlStatus;
  readonly hasEvidence: boolean;
  readonly evidenceOverdue: boolean;
  /** Display name of the control's owner, or null when nobody is assigned. */
  readonly owner: string | null;
}

export interface RequirementFacts {
  readonly controls: readonly ControlReadinessFacts[];
  /** Titles of policies in the set that are not yet approved and published. */
  readonly policiesNotReady: readonly string[];
  readonly policyCount: number;
  readonly policyOwner: string | null;
  /** Sections of the system description that are still missing or incomplete. */
  readonly descriptionGaps: readonly string[];
  readonly descriptionExists: boolean;
  readonly descriptionOwner: string | null;
}

export interface RequirementDefinition {
  readonly id: string;
  readonly title: string;
  readonly criteria: readonly string[];
  readonly controlIds: readonly string[];
  readonly basis: RequirementBasis;
}

export interface RequirementResult {
  readonly id: string;
  readonly title: string;
  readonly basis: RequirementBasis;
  readonly criteria: readonly string[];
  readonly met: boolean;
  /** Why it is met or what is missing, in one sentence. */
  readonly reason: string;
  /** Who should act, or null when nobody is assigned. */
  readonly owner: string | null;
}

const isReady = (c: { status: ControlStatus; hasEvidence: boolean; evidenceOverdue: boolean }): boolean =>
  c.status === "implemented" && c.hasEvidence && !c.evidenceOverdue;

const listed = (items: readonly string[]): string =>
  items.length <= 3 ? items.join(", ") : `${items.slice(0, 3).join(", ")} and ${items.length - 3} more`;

/**
 * Judges one requirement from the organization's facts.
 * - evidence: every linked library control must be adopted, and each adopted one that is applicable
 *   must be implemented with fresh evidence; at least one must be applicable. Adopted controls are
 *   matched by library id. The owner named is the owner of the first control that falls short.
 * - policy: at least one policy exists and every policy is approved and published.
 * - description: a system description exists and has no open gaps.
 */
export const evaluateRequirement = (
  req: RequirementDefinition,
  facts: RequirementFacts,
): RequirementResult => {
  const result = (met: boolean, reason: string, owner: string | null): RequirementResult => ({
    id: req.id,
    title: req.title,
    basis: req.basis,
    criteria: req.criteria,
    met,
    reason,
    owner,
  });
  if (req.basis === "policy") {
    if (facts.policyCount === 0)
      return result(false, "No policies have been written yet.", facts.policyOwner);
    if (facts.policiesNotReady.length > 0) {
      return result(
        false,
        `Policies not yet approved and published: ${listed(facts.policiesNotReady)}.`,
        facts.policyOwner,
      );
    }
    return result(true, "Every policy is approved and published.", facts.policyOwner);
  }
  if (req.basis === "description") {
    if (!facts.descriptionExists) {
      return result(false, "The system description has not been started.", facts.descriptionOwner);
    }
    if (facts.descriptionGaps.length > 0) {
      return result(
        false,
        `The system description is incomplete: ${listed(facts.descriptionGaps)}.`,
        facts.descriptionOwner,
      );
    }
    return result(true, "The system description is complete.", facts.descriptionOwner);
  }
  const missing: string[] = [];
  const notReady: ControlReadinessFacts[] = [];
  let applicable = 0;
  for (const libraryId of req.controlIds) {
    const adopted = facts.controls.filter((c) => c.libraryId === libraryId);
    if (adopted.length === 0) {
      missing.push(libraryId);
      continue;
    }
    for (const c of adopted) {
      if (c.status === "not_applicable") continue;
      applicable += 1;
      if (!isReady(c)) notReady.push(c);
    }
  }
  if (missing.length > 0) return result(false, `Controls not adopted: ${listed(missing)}.`, null);
  if (applicable === 0) return result(false, "Every linked control is marked not applicable.", null);
  const [first] = notReady;
  if (first !== undefined) {
    const why = (c: ControlReadinessFacts) =>
      c.status !== "implemented"
        ? `${c.code} is not implemented`
        : !c.hasEvidence
          ? `${c.code} has no evidence`
          : `${c.code} has overdue evidence`;
    return result(false, `${listed(notReady.map(why))}.`, first.owner);
  }
  return result(true, "Every linked control is implemented with fresh evidence.", null);
};

// ---------------------------------------------------------------------------------------------
// Readiness score

export const CRITERIA_WEIGHT = 0.7;
export const REQUIREMENT_WEIGHT = 0.3;

export interface ReadinessControl {
  readonly code: string;
  readonly title: string;
  readonly criteria: readonly string[];
  readonly status: ControlStatus;
  readonly hasEvidence: boolean;
  readonly evidenceOverdue: boolean;
  readonly owner: string | null;
}

export interface ReadinessInput {
  /** Categories chosen for the engagement; Security ("CC") is added when absent. */
  readonly categories: readonly CategoryCode[];
  readonly controls: readonly ReadinessControl[];
  readonly requirements: readonly RequirementResult[];
  /** Criteria the organization has declared not applicable (with a reason kept elsewhere). */
  readonly criteriaNotApplicable?: readonly string[];
}

export interface CategoryScore {
  readonly category: CategoryCode;
  readonly score: number;
  readonly criteriaApplicable: number;
  readonly criteriaCovered: number;
  readonly requirementsRelevant: number;
  readonly requirementsMet: number;
}

export type BlockerKind = "requirement" | "policies" | "system-description" | "control" | "criterion";

export interface Blocker {
  readonly kind: BlockerKind;
  /** Where the UI links to: a requirement id, "policies", "system-description", a control code or a criterion id. */
  readonly target: string;
  readonly message: string;
  readonly owner: string | null;
}

export interface ReadinessResult {
  readonly overall: number;
  readonly categories: readonly CategoryScore[];
  readonly blockers: readonly Blocker[];
}

const categoryOf = (criterionId: string): CategoryCode | undefined => {
  if (!(CRITERION_IDS as readonly string[]).includes(criterionId)) return undefined;
  return findSeries(seriesOfCriterionId(criterionId as (typeof CRITERION_IDS)[number]))?.category;
};

const score = (covered: number, applicable: number, met: number, relevant: number): number => {
  const criteriaShare = applicable === 0 ? 1 : covered / applicable;
  const value =
    relevant === 0 ? criteriaShare : CRITERIA_WEIGHT * criteriaShare + REQUIREMENT_WEIGHT * (met / relevant);
  // The epsilon keeps floating-point noise (0.7 + 0.3 = 0.9999…) from costing a point.
  return Math.min(100, Math.max(0, Math.floor(value * 100 + 1e-9)));
};

/** Scores readiness per category in scope and overall, and lists what blocks it (module comment). */
export const readinessScore = (input: ReadinessInput): ReadinessResult => {
  const inScope = CATEGORY_CODES.filter((c) => c === "CC" || input.categories.includes(c));
  const notApplicable = new Set(input.criteriaNotApplicable ?? []);
  const scopeCriteria = CRITERION_IDS.filter((id) => {
    const category = categoryOf(id);
    return category !== undefined && inScope.includes(category) && !notApplicable.has(id);
  });
  const applicableControls = input.controls.filter((c) => c.status !== "not_applicable");
  const covered = new Set<string>();
  for (const c of applicableControls) if (isReady(c)) for (const id of c.criteria) covered.add(id);

  const relevantTo = (req: RequirementResult, categories: readonly CategoryCode[]): boolean =>
    req.criteria.some((id) => {
      const category = categoryOf(id);
      return category !== undefined && categories.includes(category);
    });

  const categories = inScope.map((category): CategoryScore => {
    const criteria = scopeCriteria.filter((id) => categoryOf(id) === category);
    const coveredCount = criteria.filter((id) => covered.has(id)).length;
    const relevant = input.requirements.filter((r) => relevantTo(r, [category]));
    const met = relevant.filter((r) => r.met).length;
    return {
      category,
      score: score(coveredCount, criteria.length, met, relevant.length),
      criteriaApplicable: criteria.length,
      criteriaCovered: coveredCount,
      requirementsRelevant: relevant.length,
      requirementsMet: met,
    };
  });
  const relevantAll = input.requirements.filter((r) => relevantTo(r, inScope));
  const overall = score(
    scopeCriteria.filter((id) => covered.has(id)).length,
    scopeCriteria.length,
    relevantAll.filter((r) => r.met).length,
    relevantAll.length,
  );

  const blockers: Blocker[] = [];
  for (const r of relevantAll) {
    if (r.met) continue;
    const kind: BlockerKind =
      r.basis === "policy" ? "policies" : r.basis === "description" ? "system-description" : "requirement";
    const target = kind === "requirement" ? r.id : kind;
    blockers.push({ kind, target, message: `${r.title}: ${r.reason}`, owner: r.owner });
  }
  const uncovered = scopeCriteria.filter((id) => !covered.has(id));
  const uncoveredSet: ReadonlySet<string> = new Set(uncovered);
  const controlBlockers = applicableControls
    .filter((c) => !isReady(c) && c.criteria.some((id) => uncoveredSet.has(id)))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const c of controlBlockers) {
    const gaps = [...new Set(c.criteria.filter((id) => uncoveredSet.has(id)))];
    const why =
      c.status !== "implemented"
        ? "is not implemented"
        : !c.hasEvidence
          ? "has no evidence yet"
          : "has overdue evidence";
    blockers.push({
      kind: "control",
      target: c.code,
      message: `${c.code} ${c.title} ${why}; it is needed for ${gaps.join(", ")}.`,
      owner: c.owner,
    });
  }
  for (const id of uncovered) {
    if (applicableControls.some((c) => c.criteria.includes(id))) continue;
    blockers.push({
      kind: "criterion",
      target: id,
      message: `No control addresses ${id}; adopt one from the library or mark the criterion not applicable.`,
      owner: null,
    });
  }
  return { overall, categories, blockers };
};
