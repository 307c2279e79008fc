/**
 * The engagement lifecycle of DESIGN.md §2 as a pure state machine. The application layer computes
 * `EngagementFacts` from the database and the injected clock; this module only decides whether a
 * stage change is allowed, which guards fail and who may make it. It never reads the clock.
 */
import { AppError } from "./errors.js";
import type { Role } from "./roles.js";

export const STAGES = [
  "scoping",
  "audit_program",
  "description_review",
  "design_assessment",
  "observation_period",
  "control_testing",
  "exceptions",
  "management_response",
  "draft_review",
  "issuance",
] as const;

export type Stage = (typeof STAGES)[number];
export type EngagementType = "type1" | "type2";

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

export const STAGE_DESCRIPTIONS: Record<Stage, string> = {
  scoping:
    "The organization admin and the engagement manager set the system boundary, services, subservice organizations, categories and the report date or period, and a partner approves the fixed-price quote and accepts the engagement.",
  audit_program:
    "The engagement manager maps each criterion in scope to the organization's controls and writes each control's test procedures, from which the evidence request list is generated.",
  description_review:
    "The organization admin completes the system description against the DC 200 description criteria and the engagement manager reviews it for the scope.",
  design_assessment:
    "The auditors judge whether each control in scope is suitably designed to meet its criteria.",
  observation_period:
    "For a Type 2 engagement, control owners operate the controls and upload evidence dated by when it was effective while the period runs, and the auditors capture configuration state before it closes.",
  control_testing:
    "Staff auditors pull populations, select samples and test each control (operating effectiveness over the period for Type 2, design and implementation as of the date for Type 1), and the engagement manager reviews and signs off each workpaper.",
  exceptions:
    "The auditors record each deviation's nature, count and cause, and the engagement manager evaluates whether it is isolated or systematic.",
  management_response:
    "The organization admin and the control owners answer each exception with management's response.",
  draft_review:
    "The organization reviews the draft report and comments on it, and the engagement team resolves each comment.",
  issuance:
    "The partner forms the opinion, signs and issues the report, after which a SOC 3 report and bridge letters can follow.",
};

const TYPE1_STAGES: readonly Stage[] = STAGES.filter((s) => s !== "observation_period");

/** The stages an engagement of this type passes through, in order; Type 1 has no observation period. */
export const stagesFor = (type: EngagementType): readonly Stage[] =>
  type === "type1" ? TYPE1_STAGES : STAGES;

const stageOffset = (type: EngagementType, stage: Stage, offset: 1 | -1): Stage | null => {
  const stages = stagesFor(type);
  const index = stages.indexOf(stage);
  if (index < 0) return null;
  return stages[index + offset] ?? null;
};

/** The stage after `stage`, or null at the last stage (or for a stage this type does not have). */
export const nextStage = (type: EngagementType, stage: Stage): Stage | null => stageOffset(type, stage, 1);

/** The stage before `stage`, or null at the first stage (or for a stage this type does not have). */
export const previousStage = (type: EngagementType, stage: Stage): Stage | null =>
  stageOffset(type, stage, -1);

export interface EngagementFacts {
  type: EngagementType;
  stage: Stage;
  /** YYYY-MM-DD, from the injected clock. */
  today: string;
  /** The as-of date or the 3–12 month period passes validation. */
  periodValid: boolean;
  /** Type 2 period end, or the Type 1 as-of date (YYYY-MM-DD). */
  periodEnd: string | null;
  categoriesIncludeSecurity: boolean;
  /** System boundary: services in scope. */
  servicesInScope: number;
  /** A partner approved the fixed-price quote. */
  quoteApproved: boolean;
  engagementLetterSigned: boolean;
  auditProgramApproved: boolean;
  systemDescriptionComplete: boolean;
  controlsInScope: number;
  controlsDesignAssessed: number;
  /** Controls with a concluded test. */
  controlsConcluded: number;
  workpapersAwaitingReview: number;
  /** Exceptions not yet evaluated as isolated or systematic. */
  exceptionsOpen: number;
  exceptionsWithoutResponse: number;
  draftCommentsOpen: number;
  draftSharedWithClient: boolean;
  /** The organization's management accepted the written representations (representation letter). */
  representationLetterSigned: boolean;
  reportIssued: boolean;
}

/** Guards that read the engagement's facts; each names what must be true. */
export const FACT_GUARD_IDS = [
  "period-valid",
  "security-included",
  "service-in-scope",
  "quote-approved",
  "engagement-letter-signed",
  "audit-program-approved",
  "system-description-complete",
  "control-in-scope",
  "controls-design-assessed",
  "as-of-date-reached",
  "period-ended",
  "controls-concluded",
  "workpapers-reviewed",
  "exceptions-evaluated",
  "exceptions-answered",
  "draft-shared",
  "draft-comments-resolved",
  "representation-letter-signed",
] as const;
export type FactGuardId = (typeof FACT_GUARD_IDS)[number];

/** Guards about the move itself rather than the engagement's work. */
export type MoveGuardId =
  | "report-not-issued"
  | "stage-in-lifecycle"
  | "adjacent-stage"
  | "reason-given"
  | "role";
export type GuardId = FactGuardId | MoveGuardId;

export interface GuardFailure {
  guard: GuardId;
  message: string;
}

export type TransitionCheck =
  | { allowed: true; from: Stage; to: Stage; direction: "forward" | "backward" }
  | { allowed: false; from: Stage; to: Stage; failures: GuardFailure[] };

const isIsoDate = (value: string): boolean => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** "3 of 10 controls in scope have" */
const ofControls = (missing: number, inScope: number): string =>
  `${missing} of ${count(inScope, "control", "controls")} in scope ${missing === 1 ? "has" : "have"}`;

interface FactGuard {
  holds: (f: EngagementFacts) => boolean;
  message: (f: EngagementFacts) => string;
}

// ISO dates compare correctly as strings, so no Date parsing is needed once the format is checked.
const FACT_GUARDS: Record<FactGuardId, FactGuard> = {
  "period-valid": {
    holds: (f) => f.periodValid,
    message: (f) =>
      f.type === "type1"
        ? "The as-of date is missing or not valid. Set the as-of date on the engagement's Scope tab."
        : "The observation period is missing or not valid; a Type 2 period runs 3 to 12 months. Set the period on the engagement's Scope tab.",
  },
  "security-included": {
    holds: (f) => f.categoriesIncludeSecurity,
    message: () =>
      "The Security category is not in scope, and every SOC 2 examination covers Security. Add Security to the categories on the engagement's Scope tab.",
  },
  "service-in-scope": {
    holds: (f) => f.servicesInScope >= 1,
    message: () =>
      "No service is inside the system boundary. Add at least one service on the engagement's Scope tab.",
  },
  "quote-approved": {
    holds: (f) => f.quoteApproved,
    message: () =>
      "The fixed-price quote has not been approved by a partner. Approve the quote on the engagement's Quote tab.",
  },
  "engagement-letter-signed": {
    holds: (f) => f.engagementLetterSigned,
    message: () =>
      "The engagement letter has not been signed, so the terms of the examination are not agreed in writing. Generate and send it on the engagement's Documents tab for the organization admin to accept, or a partner records a letter signed on paper under Next step.",
  },
  "audit-program-approved": {
    holds: (f) => f.auditProgramApproved,
    message: () =>
      "The audit program has not been approved. Review the controls and test procedures and approve the program on the engagement's Audit program tab.",
  },
  "system-description-complete": {
    holds: (f) => f.systemDescriptionComplete,
    message: () =>
      "The system description is not complete for the scope. Complete every required description section on the engagement's System description tab.",
  },
  "control-in-scope": {
    holds: (f) => f.controlsInScope >= 1,
    message: () =>
      "No control is in scope. Map controls to the criteria in scope on the engagement's Audit program tab.",
  },
  "controls-design-assessed": {
    holds: (f) => f.controlsDesignAssessed >= f.controlsInScope,
    message: (f) =>
      `${ofControls(f.controlsInScope - f.controlsDesignAssessed, f.controlsInScope)} no design assessment. Record whether each is suitably designed on the engagement's Controls tab.`,
  },
  "as-of-date-reached": {
    holds: (f) => f.periodEnd !== null && isIsoDate(f.periodEnd) && f.today >= f.periodEnd,
    message: (f) =>
      f.periodEnd === null || !isIsoDate(f.periodEnd)
        ? "No as-of date is set, so implementation cannot be tested as of a date. Set the as-of date on the engagement's Scope tab."
        : `The as-of date ${f.periodEnd} has not been reached (today is ${f.today}); implementation as of that date can only be tested on or after it. Start control testing on or after ${f.periodEnd}.`,
  },
  "period-ended": {
    holds: (f) => f.periodEnd !== null && isIsoDate(f.periodEnd) && f.today > f.periodEnd,
    message: (f) =>
      f.periodEnd === null || !isIsoDate(f.periodEnd)
        ? "No period end is set, so the observation period cannot close. Set the period on the engagement's Scope tab."
        : `The observation period ends on ${f.periodEnd} (today is ${f.today}), and event populations are pulled only after the period closes. Start control testing on the day after ${f.periodEnd}.`,
  },
  "controls-concluded": {
    holds: (f) => f.controlsConcluded >= f.controlsInScope,
    message: (f) =>
      `${ofControls(f.controlsInScope - f.controlsConcluded, f.controlsInScope)} no concluded test. Conclude each control's test on the engagement's Testing tab.`,
  },
  "workpapers-reviewed": {
    holds: (f) => f.workpapersAwaitingReview === 0,
    message: (f) =>
      `${count(f.workpapersAwaitingReview, "workpaper is", "workpapers are")} awaiting reviewer sign-off. An engagement manager must review and sign off each one on the engagement's Testing tab.`,
  },
  "exceptions-evaluated": {
    holds: (f) => f.exceptionsOpen === 0,
    message: (f) =>
      `${count(f.exceptionsOpen, "exception has", "exceptions have")} not been evaluated as isolated or systematic. Evaluate each one on the engagement's Exceptions tab.`,
  },
  "exceptions-answered": {
    holds: (f) => f.exceptionsWithoutResponse === 0,
    message: (f) =>
      `${count(f.exceptionsWithoutResponse, "exception has", "exceptions have")} no management response. Ask the organization to answer each one on the engagement's Exceptions tab.`,
  },
  "draft-shared": {
    holds: (f) => f.draftSharedWithClient,
    message: () =>
      "The draft report has not been shared with the organization for review. Build the draft on the engagement's Report tab; the organization sees it there.",
  },
  "draft-comments-resolved": {
    holds: (f) => f.draftCommentsOpen === 0,
    message: (f) =>
      `${count(f.draftCommentsOpen, "comment on the draft report is", "comments on the draft report are")} still open. Resolve each one on the engagement's Report tab.`,
  },
  "representation-letter-signed": {
    holds: (f) => f.representationLetterSigned,
    message: () =>
      "Management has not accepted the representation letter, and the report cannot be dated before management's written representations. Generate and send it on the engagement's Documents tab; the organization admin accepts it.",
  },
};

const PARTNER: readonly Role[] = ["partner"];
const MANAGER: readonly Role[] = ["engagement_manager"];
const MANAGER_OR_PARTNER: readonly Role[] = ["engagement_manager", "partner"];

interface ForwardRule {
  guards: readonly FactGuardId[];
  roles: readonly Role[];
  /** Completes "Only <roles> can …" in the role failure message. */
  action?: string;
}

/**
 * Forward rules keyed by the stage being left. Later transitions re-check the earlier work they
 * depend on (controls concluded, workpapers reviewed, exceptions evaluated and answered), because
 * that work can be reopened or added to after its own stage closed, and DESIGN.md §2 forbids
 * issuance while any of it is outstanding.
 */
const FORWARD_RULES: Record<Exclude<Stage, "issuance">, ForwardRule> = {
  scoping: {
    guards: [
      "period-valid",
      "security-included",
      "service-in-scope",
      "quote-approved",
      "engagement-letter-signed",
    ],
    roles: PARTNER,
    action: "accept the engagement and move it to Audit program",
  },
  // The auditor's review of the description begins only once management's description is complete.
  audit_program: {
    guards: ["audit-program-approved", "system-description-complete"],
    roles: MANAGER_OR_PARTNER,
  },
  description_review: { guards: ["system-description-complete"], roles: MANAGER_OR_PARTNER },
  design_assessment: { guards: ["control-in-scope", "controls-design-assessed"], roles: MANAGER_OR_PARTNER },
  observation_period: { guards: ["period-ended"], roles: MANAGER_OR_PARTNER },
  control_testing: {
    guards: ["control-in-scope", "controls-concluded", "workpapers-reviewed"],
    roles: MANAGER,
    action: "confirm that testing is complete and move the engagement to Exceptions",
  },
  exceptions: { guards: ["exceptions-evaluated"], roles: MANAGER },
  management_response: { guards: ["exceptions-evaluated", "exceptions-answered"], roles: MANAGER_OR_PARTNER },
  draft_review: {
    guards: [
      "draft-shared",
      "draft-comments-resolved",
      "representation-letter-signed",
      "control-in-scope",
      "controls-concluded",
      "workpapers-reviewed",
      "exceptions-evaluated",
      "exceptions-answered",
    ],
    roles: PARTNER,
    action: "approve the final draft and move the engagement to Issuance",
  },
};

/** A Type 1 opinion is as of a date: its implementation can be tested only once that date arrives. */
const TYPE1_DESIGN_TO_TESTING: ForwardRule = {
  guards: ["control-in-scope", "controls-design-assessed", "as-of-date-reached"],
  roles: MANAGER_OR_PARTNER,
};

const BACKWARD_ROLES: readonly Role[] = MANAGER_OR_PARTNER;

const forwardRule = (type: EngagementType, from: Stage): ForwardRule | null => {
  if (from === "issuance") return null;
  if (type === "type1" && from === "design_assessment") return TYPE1_DESIGN_TO_TESTING;
  return FORWARD_RULES[from];
};

/** The roles that may move an engagement of `type` from `from` to `to`; empty when that move is never allowed. */
export const transitionRoles = (type: EngagementType, from: Stage, to: Stage): readonly Role[] => {
  if (to === nextStage(type, from)) return forwardRule(type, from)?.roles ?? [];
  if (to === previousStage(type, from)) return BACKWARD_ROLES;
  return [];
};

/** The fact guards checked when moving from `from` to `to`, in the order they are reported. */
export const transitionGuards = (type: EngagementType, from: Stage, to: Stage): readonly FactGuardId[] =>
  to === nextStage(type, from) ? (forwardRule(type, from)?.guards ?? []) : [];

const ROLE_NAMES: Partial<Record<Role, string>> = {
  partner: "a partner",
  engagement_manager: "an engagement manager",
};

const roleList = (roles: readonly Role[]): string =>
  roles.map((r) => ROLE_NAMES[r] ?? r).join(roles.length > 2 ? ", " : " or ");

const roleFailure = (roles: readonly Role[], action: string): GuardFailure => ({
  guard: "role",
  message: `Only ${roleList(roles)} can ${action}.`,
});

const adjacencyFailure = (f: EngagementFacts, to: Stage): GuardFailure => {
  const from = STAGE_LABELS[f.stage];
  if (to === f.stage) return { guard: "adjacent-stage", message: `The engagement is already at ${from}.` };
  const next = nextStage(f.type, f.stage);
  const previous = previousStage(f.type, f.stage);
  const options = [
    next ? `forward to ${STAGE_LABELS[next]}` : null,
    previous ? `back to ${STAGE_LABELS[previous]}` : null,
  ].filter((o): o is string => o !== null);
  const hint = `From ${from} the engagement can move only ${options.join(" or ")}.`;
  if (!stagesFor(f.type).includes(to)) {
    return {
      guard: "adjacent-stage",
      message: `A Type 1 engagement has no ${STAGE_LABELS[to]} stage; it is tested as of a date, not over a period. ${hint}`,
    };
  }
  return {
    guard: "adjacent-stage",
    message: `The engagement cannot jump from ${from} to ${STAGE_LABELS[to]}; stages change one at a time. ${hint}`,
  };
};

const evaluate = (
  facts: EngagementFacts,
  to: Stage,
  actorRoles: readonly Role[],
  reason: string | undefined,
): { failures: GuardFailure[]; direction: "forward" | "backward" | null } => {
  const failures: GuardFailure[] = [];
  if (facts.reportIssued) {
    failures.push({
      guard: "report-not-issued",
      message:
        "The report has been issued, so the engagement is closed and its stage can no longer change. Start a new engagement for a later period, or issue a bridge letter.",
    });
  }
  if (!stagesFor(facts.type).includes(facts.stage)) {
    failures.push({
      guard: "stage-in-lifecycle",
      message: `The engagement is a Type 1 engagement but is recorded at ${STAGE_LABELS[facts.stage]}, a stage Type 1 does not have. Correct the engagement's type or stage before moving it.`,
    });
    return { failures, direction: null };
  }
  const hasRole = (roles: readonly Role[]): boolean => actorRoles.some((r) => roles.includes(r));

  const rule = to === nextStage(facts.type, facts.stage) ? forwardRule(facts.type, facts.stage) : null;
  if (rule) {
    for (const id of rule.guards) {
      const guard = FACT_GUARDS[id];
      if (!guard.holds(facts)) failures.push({ guard: id, message: guard.message(facts) });
    }
    if (!hasRole(rule.roles)) {
      failures.push(roleFailure(rule.roles, rule.action ?? `move the engagement to ${STAGE_LABELS[to]}`));
    }
    return { failures, direction: "forward" };
  }

  if (to === previousStage(facts.type, facts.stage)) {
    if (reason === undefined || reason.trim() === "") {
      failures.push({
        guard: "reason-given",
        message: `Moving the engagement back to ${STAGE_LABELS[to]} needs a reason. Say what work is being reopened and why.`,
      });
    }
    if (!hasRole(BACKWARD_ROLES)) {
      failures.push(roleFailure(BACKWARD_ROLES, `move the engagement back to ${STAGE_LABELS[to]}`));
    }
    return { failures, direction: "backward" };
  }

  failures.push(adjacencyFailure(facts, to));
  return { failures, direction: null };
};

/**
 * Whether `actorRoles` may move the engagement described by `facts` to `to`. A refusal lists every
 * failing guard (the role last), so the API and UI can show the whole to-do list at once.
 */
export const checkTransition = (input: {
  facts: EngagementFacts;
  to: Stage;
  actorRoles: readonly Role[];
  reason?: string;
}): TransitionCheck => {
  const { facts, to } = input;
  const { failures, direction } = evaluate(facts, to, input.actorRoles, input.reason);
  if (failures.length === 0 && direction !== null) return { allowed: true, from: facts.stage, to, direction };
  return { allowed: false, from: facts.stage, to, failures };
};

/**
 * checkTransition that throws: FORBIDDEN when the role is the only failure, GUARD_FAILED (with the
 * first message and every failure in `details.failures`) otherwise.
 */
export const assertTransition = (input: {
  facts: EngagementFacts;
  to: Stage;
  actorRoles: readonly Role[];
  reason?: string;
}): { from: Stage; to: Stage; direction: "forward" | "backward" } => {
  const check = checkTransition(input);
  if (check.allowed) return { from: check.from, to: check.to, direction: check.direction };
  const [first] = check.failures;
  // evaluate() never refuses without at least one failure.
  const message = first?.message ?? "The stage change is not allowed.";
  if (check.failures.every((f) => f.guard === "role")) {
    throw new AppError("FORBIDDEN", message, { failures: check.failures });
  }
  throw new AppError("GUARD_FAILED", message, { failures: check.failures });
};

/**
 * What the engagement needs before it can move forward: the next stage, the fact guards that still
 * fail (roles aside, since they depend on who is looking), and the roles that may make the move.
 */
export const describeNextStep = (
  facts: EngagementFacts,
): { next: Stage | null; blockers: GuardFailure[]; allowedRoles: readonly Role[] } => {
  if (!stagesFor(facts.type).includes(facts.stage)) {
    return { next: null, blockers: evaluate(facts, facts.stage, [], undefined).failures, allowedRoles: [] };
  }
  const next = nextStage(facts.type, facts.stage);
  if (next === null) return { next: null, blockers: [], allowedRoles: [] };
  const { failures } = evaluate(facts, next, [], undefined);
  return {
    next,
    blockers: failures.filter((f) => f.guard !== "role"),
    allowedRoles: transitionRoles(facts.type, facts.stage, next),
  };
};
