/**
 * Workpaper rules: statuses and conclusions, the exception classification rules, and who may sign
 * off, review and reopen. The grid, the suggested conclusion and contradictions are in
 * workpaper-grid.ts. Pure: no I/O, no clock, no randomness.
 *
 * Sign-off (issue 4 §6):
 * - the preparer is a staff auditor, engagement manager or partner of the engagement's firm; every
 *   cell of the grid has a result, a conclusion is recorded and does not contradict the results, and
 *   every exception of the workpaper is classified isolated or systematic;
 * - the reviewer is a different user, strictly senior to the preparer on the ladder
 *   staff auditor < engagement manager < partner (a partner's workpaper cannot be reviewed: nobody is
 *   senior to a partner, so partners leave preparation to their team);
 * - an engagement manager or partner may reopen a signed-off workpaper with a reason; the sign-offs
 *   are cleared and the history is kept.
 */
import { MARKER_IDS, type MarkerId } from "./deviations.js";
import { AppError, type ErrorCode } from "./errors.js";
import type { Role } from "./roles.js";

export const WORKPAPER_CONCLUSIONS = [
  "effective",
  "effective-with-exceptions",
  "ineffective",
  "not-occurred",
] as const;
export type WorkpaperConclusion = (typeof WORKPAPER_CONCLUSIONS)[number];

export const WORKPAPER_STATUSES = ["open", "prepared", "reviewed"] as const;
export type WorkpaperStatus = (typeof WORKPAPER_STATUSES)[number];

export const RESULT_VALUES = ["pass", "fail", "na"] as const;
export type ResultValue = (typeof RESULT_VALUES)[number];

export const CLASSIFICATIONS = ["pending", "isolated", "systematic"] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** The firm roles that test controls, in order of seniority. */
export const SIGN_OFF_ROLES = ["staff_auditor", "engagement_manager", "partner"] as const;
export type SignOffRole = (typeof SIGN_OFF_ROLES)[number];
export const SENIORITY: Readonly<Record<SignOffRole, number>> = {
  staff_auditor: 1,
  engagement_manager: 2,
  partner: 3,
};
export const REOPEN_ROLES: readonly Role[] = ["engagement_manager", "partner"];

const SENIORITY_LABEL: Readonly<Record<SignOffRole, string>> = {
  staff_auditor: "a staff auditor",
  engagement_manager: "an engagement manager",
  partner: "a partner",
};

/** The most senior sign-off role among `roles`, or null when none is held. */
export const seniorRoleOf = (roles: readonly Role[]): SignOffRole | null => {
  let best: SignOffRole | null = null;
  for (const r of roles) {
    if ((SIGN_OFF_ROLES as readonly string[]).includes(r)) {
      const role = r as SignOffRole;
      if (best === null || SENIORITY[role] > SENIORITY[best]) best = role;
    }
  }
  return best;
};

export const formatExceptionRef = (seq: number): string => `EXC-${String(seq).padStart(3, "0")}`;

// ----- sign-off checks -----

export interface SignOffProblem {
  readonly check: string;
  /** FORBIDDEN: who may act; CONFLICT: the workpaper's state; GUARD_FAILED: work still missing. */
  readonly code: Extract<ErrorCode, "FORBIDDEN" | "CONFLICT" | "GUARD_FAILED">;
  readonly message: string;
}

/**
 * Throws when there is a problem: CONFLICT if the state is wrong, FORBIDDEN if only the actor is
 * wrong, GUARD_FAILED otherwise; details.failures lists every problem so the UI shows the whole list.
 */
export const assertNoProblems = (problems: readonly SignOffProblem[]): void => {
  const [first] = problems;
  if (!first) return;
  const state = problems.find((p) => p.code === "CONFLICT");
  const code: ErrorCode = state
    ? "CONFLICT"
    : problems.every((p) => p.code === "FORBIDDEN")
      ? "FORBIDDEN"
      : "GUARD_FAILED";
  const lead = state ?? problems.find((p) => p.code === code) ?? first;
  throw new AppError(code, lead.message, { failures: problems });
};

export interface PreparerCheck {
  readonly status: WorkpaperStatus;
  readonly preparerRoles: readonly Role[];
  readonly attributeCount: number;
  readonly itemCount: number;
  readonly missingCells: number;
  readonly conclusion: WorkpaperConclusion | null;
  readonly conclusionProblems: readonly string[];
  /** References of this workpaper's exceptions still classified "pending". */
  readonly unclassifiedExceptions: readonly string[];
}

export const preparerProblems = (c: PreparerCheck): SignOffProblem[] => {
  const problems: SignOffProblem[] = [];
  if (c.status !== "open") {
    problems.push({
      check: "open",
      code: "CONFLICT",
      message: `The workpaper is already ${c.status} and locked; an engagement manager or partner must reopen it first.`,
    });
  }
  if (seniorRoleOf(c.preparerRoles) === null) {
    problems.push({
      check: "preparer-role",
      code: "FORBIDDEN",
      message:
        "Only a staff auditor, engagement manager or partner of the engagement can prepare a workpaper.",
    });
  }
  if (c.attributeCount === 0 || c.itemCount === 0) {
    problems.push({
      check: "grid",
      code: "GUARD_FAILED",
      message:
        c.attributeCount === 0
          ? "The program line has no attributes to test; add the attributes in the audit program first."
          : "The workpaper has no items to test; link a sample or a full-population test.",
    });
  } else if (c.missingCells > 0) {
    problems.push({
      check: "results-complete",
      code: "GUARD_FAILED",
      message: `${c.missingCells} ${c.missingCells === 1 ? "cell of the grid has" : "cells of the grid have"} no result; record pass, fail or n/a for every item and attribute.`,
    });
  }
  if (c.conclusion === null) {
    problems.push({
      check: "conclusion",
      code: "GUARD_FAILED",
      message: "No conclusion is recorded; record the conclusion and its note before signing off.",
    });
  } else {
    for (const message of c.conclusionProblems) {
      problems.push({ check: "conclusion-consistent", code: "GUARD_FAILED", message });
    }
  }
  if (c.unclassifiedExceptions.length > 0) {
    problems.push({
      check: "exceptions-classified",
      code: "GUARD_FAILED",
      message: `${c.unclassifiedExceptions.join(", ")} ${c.unclassifiedExceptions.length === 1 ? "is" : "are"} not yet classified isolated or systematic.`,
    });
  }
  return problems;
};

export interface ReviewerCheck {
  readonly status: WorkpaperStatus;
  readonly preparerUserId: string | null;
  /** The preparer's roles in the engagement's firm. */
  readonly preparerRoles: readonly Role[];
  readonly reviewerUserId: string;
  readonly reviewerRoles: readonly Role[];
}

export const reviewerProblems = (c: ReviewerCheck): SignOffProblem[] => {
  if (c.status !== "prepared") {
    return [
      {
        check: "prepared",
        code: "CONFLICT",
        message:
          c.status === "open"
            ? "The workpaper has not been prepared yet; the preparer signs off first."
            : "The workpaper is already reviewed.",
      },
    ];
  }
  const problems: SignOffProblem[] = [];
  const reviewer = seniorRoleOf(c.reviewerRoles);
  const preparer = seniorRoleOf(c.preparerRoles);
  if (c.preparerUserId === c.reviewerUserId) {
    problems.push({
      check: "different-user",
      code: "FORBIDDEN",
      message: "You prepared this workpaper; a different, more senior auditor must review it.",
    });
  }
  if (reviewer === null) {
    problems.push({
      check: "reviewer-role",
      code: "FORBIDDEN",
      message: "Only an engagement manager or partner of the engagement can review a workpaper.",
    });
  } else if (preparer !== null && SENIORITY[reviewer] <= SENIORITY[preparer]) {
    problems.push({
      check: "reviewer-senior",
      code: "FORBIDDEN",
      message:
        preparer === "partner"
          ? "A partner prepared this workpaper and nobody is senior to a partner; reopen it and have a staff auditor or engagement manager prepare it."
          : `The reviewer must be senior to the preparer, who is ${SENIORITY_LABEL[preparer]}; ${SENIORITY_LABEL[reviewer]} cannot review it.`,
    });
  }
  return problems;
};

export const reopenProblems = (c: {
  readonly status: WorkpaperStatus;
  readonly roles: readonly Role[];
  readonly reason: string;
}): SignOffProblem[] => {
  const problems: SignOffProblem[] = [];
  if (c.status === "open") {
    problems.push({ check: "signed-off", code: "CONFLICT", message: "The workpaper is already open." });
  }
  if (!c.roles.some((r) => REOPEN_ROLES.includes(r))) {
    problems.push({
      check: "reopen-role",
      code: "FORBIDDEN",
      message: "Only an engagement manager or partner can reopen a signed-off workpaper.",
    });
  }
  if (c.reason.trim() === "") {
    problems.push({
      check: "reason",
      code: "GUARD_FAILED",
      message: "Say why the workpaper is reopened; the reason is kept with its history.",
    });
  }
  return problems;
};

// ----- classification -----

export const isMarkerId = (id: string): id is MarkerId => (MARKER_IDS as readonly string[]).includes(id);

/** Systematic needs a marker that says why; isolated cannot carry one (SOC2.md §4.5: any marker is systematic). */
export const classificationProblems = (
  classification: Classification,
  markers: readonly string[],
): string[] => {
  const problems: string[] = [];
  const unknown = markers.filter((m) => !isMarkerId(m));
  if (unknown.length > 0) {
    problems.push(`Unknown markers ${unknown.join(", ")}; use ${MARKER_IDS.join(", ")}.`);
  }
  if (classification === "isolated" && markers.length > 0) {
    problems.push(
      `Any systematic marker makes the deviations systematic; remove ${markers.join(", ")} or classify them systematic.`,
    );
  }
  if (classification === "systematic" && markers.length === 0) {
    problems.push(`Name the marker that makes the deviations systematic (${MARKER_IDS.join(", ")}).`);
  }
  return problems;
};
