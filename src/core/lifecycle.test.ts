import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "./errors.js";
import {
  assertTransition,
  checkTransition,
  describeNextStep,
  type EngagementFacts,
  nextStage,
  previousStage,
  STAGE_DESCRIPTIONS,
  STAGE_LABELS,
  STAGES,
  type Stage,
  stagesFor,
  transitionGuards,
  transitionRoles,
} from "./lifecycle.js";
import { FIRM_ROLES, ORG_ROLES, ROLES, type Role } from "./roles.js";

type EngagementType = EngagementFacts["type"];
const TYPES: readonly EngagementType[] = ["type1", "type2"];

/** Facts under which every guard of every transition holds. */
const ready = (type: EngagementType, stage: Stage, over: Partial<EngagementFacts> = {}): EngagementFacts => ({
  type,
  stage,
  today: "2026-01-15",
  periodValid: true,
  periodEnd: "2025-12-31",
  categoriesIncludeSecurity: true,
  servicesInScope: 2,
  quoteApproved: true,
  engagementLetterSigned: true,
  auditProgramApproved: true,
  systemDescriptionComplete: true,
  controlsInScope: 10,
  controlsDesignAssessed: 10,
  controlsConcluded: 10,
  workpapersAwaitingReview: 0,
  exceptionsOpen: 0,
  exceptionsWithoutResponse: 0,
  draftCommentsOpen: 0,
  draftSharedWithClient: true,
  representationLetterSigned: true,
  reportIssued: false,
  ...over,
});

/** The specification, written out independently of the implementation's tables. */
const ORDER_TYPE2: readonly Stage[] = [
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
];
const ORDER_TYPE1 = ORDER_TYPE2.filter((s) => s !== "observation_period");
const order = (type: EngagementType): readonly Stage[] => (type === "type1" ? ORDER_TYPE1 : ORDER_TYPE2);

const P: Role[] = ["partner"];
const M: Role[] = ["engagement_manager"];
const MP: Role[] = ["engagement_manager", "partner"];

interface Spec {
  from: Stage;
  to: Stage;
  guards: string[];
  roles: Role[];
}
const FORWARD: Record<EngagementType, Spec[]> = {
  type2: [
    {
      from: "scoping",
      to: "audit_program",
      guards: [
        "period-valid",
        "security-included",
        "service-in-scope",
        "quote-approved",
        "engagement-letter-signed",
      ],
      roles: P,
    },
    {
      from: "audit_program",
      to: "description_review",
      guards: ["audit-program-approved", "system-description-complete"],
      roles: MP,
    },
    {
      from: "description_review",
      to: "design_assessment",
      guards: ["system-description-complete"],
      roles: MP,
    },
    {
      from: "design_assessment",
      to: "observation_period",
      guards: ["control-in-scope", "controls-design-assessed"],
      roles: MP,
    },
    { from: "observation_period", to: "control_testing", guards: ["period-ended"], roles: MP },
    {
      from: "control_testing",
      to: "exceptions",
      guards: ["control-in-scope", "controls-concluded", "workpapers-reviewed"],
      roles: M,
    },
    { from: "exceptions", to: "management_response", guards: ["exceptions-evaluated"], roles: M },
    {
      from: "management_response",
      to: "draft_review",
      guards: ["exceptions-evaluated", "exceptions-answered"],
      roles: MP,
    },
    {
      from: "draft_review",
      to: "issuance",
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
      roles: P,
    },
  ],
  type1: [],
};
FORWARD.type1 = FORWARD.type2
  .filter((s) => s.from !== "observation_period")
  .map((s) =>
    s.from === "design_assessment"
      ? { ...s, to: "control_testing", guards: [...s.guards, "as-of-date-reached"] }
      : { ...s },
  );

/** A change to ready facts that makes exactly this guard fail. */
const BREAK: Record<string, Partial<EngagementFacts>> = {
  "period-valid": { periodValid: false },
  "security-included": { categoriesIncludeSecurity: false },
  "service-in-scope": { servicesInScope: 0 },
  "quote-approved": { quoteApproved: false },
  "engagement-letter-signed": { engagementLetterSigned: false },
  "audit-program-approved": { auditProgramApproved: false },
  "system-description-complete": { systemDescriptionComplete: false },
  "control-in-scope": { controlsInScope: 0, controlsDesignAssessed: 0, controlsConcluded: 0 },
  "controls-design-assessed": { controlsDesignAssessed: 7 },
  "as-of-date-reached": { today: "2025-12-30" },
  "period-ended": { today: "2025-12-31" },
  "controls-concluded": { controlsConcluded: 9 },
  "workpapers-reviewed": { workpapersAwaitingReview: 2 },
  "exceptions-evaluated": { exceptionsOpen: 1 },
  "exceptions-answered": { exceptionsWithoutResponse: 3 },
  "draft-shared": { draftSharedWithClient: false },
  "draft-comments-resolved": { draftCommentsOpen: 4 },
  "representation-letter-signed": { representationLetterSigned: false },
};

/** Independent restatement of each guard, for the property test. */
const HOLDS: Record<string, (f: EngagementFacts) => boolean> = {
  "period-valid": (f) => f.periodValid,
  "security-included": (f) => f.categoriesIncludeSecurity,
  "service-in-scope": (f) => f.servicesInScope > 0,
  "quote-approved": (f) => f.quoteApproved,
  "engagement-letter-signed": (f) => f.engagementLetterSigned,
  "audit-program-approved": (f) => f.auditProgramApproved,
  "system-description-complete": (f) => f.systemDescriptionComplete,
  "control-in-scope": (f) => f.controlsInScope > 0,
  "controls-design-assessed": (f) => f.controlsDesignAssessed >= f.controlsInScope,
  "as-of-date-reached": (f) =>
    f.periodEnd !== null && /^\d{4}-\d\d-\d\d$/.test(f.periodEnd) && f.today >= f.periodEnd,
  "period-ended": (f) =>
    f.periodEnd !== null && /^\d{4}-\d\d-\d\d$/.test(f.periodEnd) && f.today > f.periodEnd,
  "controls-concluded": (f) => f.controlsConcluded >= f.controlsInScope,
  "workpapers-reviewed": (f) => f.workpapersAwaitingReview === 0,
  "exceptions-evaluated": (f) => f.exceptionsOpen === 0,
  "exceptions-answered": (f) => f.exceptionsWithoutResponse === 0,
  "draft-shared": (f) => f.draftSharedWithClient,
  "draft-comments-resolved": (f) => f.draftCommentsOpen === 0,
  "representation-letter-signed": (f) => f.representationLetterSigned,
};

const failureIds = (check: ReturnType<typeof checkTransition>): string[] =>
  check.allowed ? [] : check.failures.map((f) => f.guard);

const catchError = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
};

describe("stages", () => {
  it("lists the ten stages in order, each with a label and a description", () => {
    expect(STAGES).toEqual(ORDER_TYPE2);
    expect(STAGES.map((s) => STAGE_LABELS[s])).toEqual([
      "Scoping",
      "Audit program",
      "System description review",
      "Design assessment",
      "Observation period",
      "Control testing",
      "Exceptions",
      "Management response",
      "Draft review",
      "Issuance",
    ]);
    for (const stage of STAGES) {
      const text = STAGE_DESCRIPTIONS[stage];
      expect(text.length).toBeGreaterThan(40);
      expect(text.endsWith(".")).toBe(true);
    }
  });

  it("skips the observation period for Type 1 only", () => {
    expect(stagesFor("type2")).toEqual(ORDER_TYPE2);
    expect(stagesFor("type1")).toEqual(ORDER_TYPE1);
    expect(stagesFor("type1")).toHaveLength(9);
    expect(nextStage("type1", "design_assessment")).toBe("control_testing");
    expect(previousStage("type1", "control_testing")).toBe("design_assessment");
    expect(nextStage("type2", "design_assessment")).toBe("observation_period");
    expect(previousStage("type2", "control_testing")).toBe("observation_period");
  });

  it("has no stage before scoping or after issuance", () => {
    for (const type of TYPES) {
      expect(previousStage(type, "scoping")).toBeNull();
      expect(nextStage(type, "issuance")).toBeNull();
      expect(nextStage(type, "scoping")).toBe("audit_program");
      expect(previousStage(type, "issuance")).toBe("draft_review");
    }
    expect(nextStage("type1", "observation_period")).toBeNull();
  });
});

describe("forward transitions", () => {
  for (const type of TYPES) {
    for (const spec of FORWARD[type]) {
      describe(`${type}: ${spec.from} → ${spec.to}`, () => {
        it("is allowed when every guard holds, for each allowed role", () => {
          for (const role of spec.roles) {
            const check = checkTransition({ facts: ready(type, spec.from), to: spec.to, actorRoles: [role] });
            expect(check).toEqual({ allowed: true, from: spec.from, to: spec.to, direction: "forward" });
          }
          expect(transitionRoles(type, spec.from, spec.to)).toEqual(spec.roles);
          expect(transitionGuards(type, spec.from, spec.to)).toEqual(spec.guards);
        });

        it("is refused to every other role, with a role failure naming who may do it", () => {
          for (const role of ROLES.filter((r) => !spec.roles.includes(r))) {
            const check = checkTransition({ facts: ready(type, spec.from), to: spec.to, actorRoles: [role] });
            expect(failureIds(check)).toEqual(["role"]);
            const message = check.allowed ? "" : (check.failures[0]?.message ?? "");
            expect(message).toMatch(/^Only /);
            expect(message).toContain(spec.roles.includes("partner") ? "a partner" : "an engagement manager");
            if (!spec.roles.includes("partner")) expect(message).not.toContain("partner");
          }
          expect(
            failureIds(checkTransition({ facts: ready(type, spec.from), to: spec.to, actorRoles: [] })),
          ).toEqual(["role"]);
        });

        for (const guard of spec.guards) {
          it(`is refused when ${guard} fails, naming only that guard`, () => {
            const facts = ready(type, spec.from, BREAK[guard]);
            const check = checkTransition({ facts, to: spec.to, actorRoles: spec.roles });
            expect(failureIds(check)).toEqual([guard]);
            const message = check.allowed ? "" : (check.failures[0]?.message ?? "");
            // Says what is missing and what to do: two sentences at least.
            expect(message.split(". ").length).toBeGreaterThanOrEqual(2);
          });
        }

        it("ignores facts that belong to other transitions", () => {
          for (const [guard, change] of Object.entries(BREAK)) {
            if (spec.guards.includes(guard)) continue;
            // Breaking an unrelated guard can still touch a shared field (e.g. control counts).
            const facts = ready(type, spec.from, change);
            const related = spec.guards.filter((g) => !HOLDS[g]?.(facts));
            const check = checkTransition({ facts, to: spec.to, actorRoles: spec.roles });
            expect(failureIds(check)).toEqual(related);
          }
        });
      });
    }
  }

  it("lists every failing guard at once, role last", () => {
    const facts = ready("type2", "scoping", {
      periodValid: false,
      categoriesIncludeSecurity: false,
      servicesInScope: 0,
      quoteApproved: false,
      engagementLetterSigned: false,
    });
    const check = checkTransition({ facts, to: "audit_program", actorRoles: ["engagement_manager"] });
    expect(failureIds(check)).toEqual([
      "period-valid",
      "security-included",
      "service-in-scope",
      "quote-approved",
      "engagement-letter-signed",
      "role",
    ]);
  });

  it("says exactly what is missing and what to do", () => {
    const scoping = checkTransition({
      facts: ready("type2", "scoping", { quoteApproved: false }),
      to: "audit_program",
      actorRoles: ["staff_auditor"],
    });
    expect(scoping.allowed ? [] : scoping.failures).toEqual([
      {
        guard: "quote-approved",
        message:
          "The fixed-price quote has not been approved by a partner. Approve the quote on the engagement's Quote tab.",
      },
      { guard: "role", message: "Only a partner can accept the engagement and move it to Audit program." },
    ]);

    const testing = checkTransition({
      facts: ready("type2", "control_testing", { controlsConcluded: 7, workpapersAwaitingReview: 1 }),
      to: "exceptions",
      actorRoles: ["partner"],
    });
    const messages = testing.allowed ? [] : testing.failures.map((f) => f.message);
    expect(messages[0]).toMatch(/^3 of 10 controls in scope have no concluded test\./);
    expect(messages[1]).toMatch(/^1 workpaper is awaiting reviewer sign-off\./);
    expect(messages[2]).toBe(
      "Only an engagement manager can confirm that testing is complete and move the engagement to Exceptions.",
    );

    const design = checkTransition({
      facts: ready("type2", "design_assessment", { controlsDesignAssessed: 9 }),
      to: "observation_period",
      actorRoles: ["partner"],
    });
    expect(design.allowed ? "" : design.failures[0]?.message).toMatch(
      /^1 of 10 controls in scope has no design/,
    );
  });

  it("Type 2: control testing starts only after the period end", () => {
    const at = (today: string, periodEnd: string | null = "2025-12-31") =>
      checkTransition({
        facts: ready("type2", "observation_period", { today, periodEnd }),
        to: "control_testing",
        actorRoles: ["engagement_manager"],
      });
    expect(at("2025-12-30").allowed).toBe(false);
    expect(at("2025-12-31").allowed).toBe(false);
    expect(at("2026-01-01").allowed).toBe(true);
    const missing = at("2026-01-01", null);
    expect(failureIds(missing)).toEqual(["period-ended"]);
    expect(missing.allowed ? "" : missing.failures[0]?.message).toMatch(/^No period end is set/);
    // A non-ISO date must not pass by string comparison ("2026-…" > "1/…").
    expect(failureIds(at("2026-01-01", "1/12/2025"))).toEqual(["period-ended"]);
    const early = at("2025-12-31");
    expect(early.allowed ? "" : early.failures[0]?.message).toContain(
      "ends on 2025-12-31 (today is 2025-12-31)",
    );
  });

  it("Type 1: design assessment moves straight to control testing, on or after the as-of date", () => {
    const facts = (today: string, periodEnd: string | null = "2025-12-31") =>
      ready("type1", "design_assessment", { today, periodEnd });
    const to = (stage: Stage, today = "2026-01-15") =>
      checkTransition({ facts: facts(today), to: stage, actorRoles: ["partner"] });

    expect(to("control_testing").allowed).toBe(true);
    expect(to("control_testing", "2025-12-31").allowed).toBe(true);
    expect(failureIds(to("control_testing", "2025-12-30"))).toEqual(["as-of-date-reached"]);
    expect(
      failureIds(
        checkTransition({ facts: facts("2026-01-15", null), to: "control_testing", actorRoles: ["partner"] }),
      ),
    ).toEqual(["as-of-date-reached"]);
    expect(
      failureIds(
        checkTransition({
          facts: facts("2026-01-15", "1/12/2025"),
          to: "control_testing",
          actorRoles: ["partner"],
        }),
      ),
    ).toEqual(["as-of-date-reached"]);

    const observation = to("observation_period");
    expect(failureIds(observation)).toEqual(["adjacent-stage"]);
    expect(observation.allowed ? "" : observation.failures[0]?.message).toMatch(
      /^A Type 1 engagement has no Observation period stage/,
    );
    expect(transitionRoles("type1", "design_assessment", "observation_period")).toEqual([]);
  });

  it("Type 2 cannot skip the observation period", () => {
    const check = checkTransition({
      facts: ready("type2", "design_assessment"),
      to: "control_testing",
      actorRoles: ["partner", "engagement_manager"],
    });
    expect(failureIds(check)).toEqual(["adjacent-stage"]);
  });

  it("refuses a stage the engagement type does not have", () => {
    const check = checkTransition({
      facts: ready("type1", "observation_period"),
      to: "control_testing",
      actorRoles: ["partner"],
    });
    expect(failureIds(check)).toEqual(["stage-in-lifecycle"]);
    expect(describeNextStep(ready("type1", "observation_period")).blockers.map((b) => b.guard)).toEqual([
      "stage-in-lifecycle",
    ]);
  });
});

describe("roles", () => {
  it("never lets an organization role, a firm admin or a staff auditor move the stage", () => {
    const outsiders: Role[] = [...ORG_ROLES, "firm_admin", "staff_auditor"];
    for (const type of TYPES) {
      for (const from of stagesFor(type)) {
        for (const to of STAGES) {
          const roles = transitionRoles(type, from, to);
          for (const role of outsiders) expect(roles).not.toContain(role);
          const check = checkTransition({
            facts: ready(type, from),
            to,
            actorRoles: outsiders,
            reason: "rework",
          });
          expect(check.allowed).toBe(false);
        }
      }
    }
  });

  it("allows the move when any one of the actor's roles is allowed", () => {
    const check = checkTransition({
      facts: ready("type2", "scoping"),
      to: "audit_program",
      actorRoles: ["staff_auditor", "org_admin", "partner"],
    });
    expect(check.allowed).toBe(true);
  });

  it("gives no roles for a move that is not adjacent", () => {
    expect(transitionRoles("type2", "scoping", "design_assessment")).toEqual([]);
    expect(transitionRoles("type2", "scoping", "scoping")).toEqual([]);
    expect(transitionRoles("type2", "issuance", "audit_program")).toEqual([]);
    expect(transitionGuards("type2", "audit_program", "scoping")).toEqual([]);
  });
});

describe("backward moves", () => {
  for (const type of TYPES) {
    it(`${type}: any stage can go one stage back with a reason, by a manager or partner`, () => {
      const stages = stagesFor(type);
      for (const [i, from] of stages.entries()) {
        const to = stages[i - 1];
        if (to === undefined) continue;
        expect(transitionRoles(type, from, to)).toEqual(MP);
        for (const role of MP) {
          const check = checkTransition({
            facts: ready(type, from),
            to,
            actorRoles: [role],
            reason: "Sample for CC6.1 must be reselected.",
          });
          expect(check).toEqual({ allowed: true, from, to, direction: "backward" });
        }
      }
    });
  }

  it("needs a non-empty reason", () => {
    const back = (reason?: string) =>
      checkTransition({
        facts: ready("type2", "control_testing"),
        to: "observation_period",
        actorRoles: ["engagement_manager"],
        ...(reason === undefined ? {} : { reason }),
      });
    expect(failureIds(back())).toEqual(["reason-given"]);
    expect(failureIds(back(""))).toEqual(["reason-given"]);
    expect(failureIds(back("  \n\t"))).toEqual(["reason-given"]);
    expect(back("Population for CC7.2 was incomplete.").allowed).toBe(true);
    const check = back();
    expect(check.allowed ? "" : check.failures[0]?.message).toMatch(
      /^Moving the engagement back to Observation period/,
    );
  });

  it("does not depend on the forward guards", () => {
    const facts = ready("type2", "audit_program", { quoteApproved: false, periodValid: false });
    const check = checkTransition({ facts, to: "scoping", actorRoles: ["partner"], reason: "Scope change" });
    expect(check.allowed).toBe(true);
  });

  it("is refused to other roles, listing the reason too when missing", () => {
    const check = checkTransition({
      facts: ready("type2", "exceptions"),
      to: "control_testing",
      actorRoles: ["org_admin"],
    });
    expect(failureIds(check)).toEqual(["reason-given", "role"]);
    expect(check.allowed ? "" : check.failures[1]?.message).toBe(
      "Only an engagement manager or a partner can move the engagement back to Control testing.",
    );
  });

  it("Type 1 control testing goes back to design assessment, not to an observation period", () => {
    const base = { facts: ready("type1", "control_testing"), actorRoles: MP, reason: "Design re-check" };
    expect(checkTransition({ ...base, to: "design_assessment" }).allowed).toBe(true);
    expect(failureIds(checkTransition({ ...base, to: "observation_period" }))).toEqual(["adjacent-stage"]);
  });

  it("can reopen the draft from issuance until the report is issued", () => {
    const base = { to: "draft_review" as const, actorRoles: P, reason: "Opinion paragraph needs a fix" };
    expect(checkTransition({ ...base, facts: ready("type2", "issuance") }).allowed).toBe(true);
    const after = checkTransition({ ...base, facts: ready("type2", "issuance", { reportIssued: true }) });
    expect(failureIds(after)).toEqual(["report-not-issued"]);
  });
});

describe("non-adjacent and closed engagements", () => {
  it("refuses a move to a non-adjacent stage even when everything else holds", () => {
    for (const type of TYPES) {
      const stages = stagesFor(type);
      for (const [i, from] of stages.entries()) {
        for (const [j, to] of stages.entries()) {
          if (Math.abs(i - j) === 1) continue;
          const check = checkTransition({ facts: ready(type, from), to, actorRoles: MP, reason: "jump" });
          expect(failureIds(check)).toEqual(["adjacent-stage"]);
        }
      }
    }
    const jump = checkTransition({
      facts: ready("type2", "scoping"),
      to: "design_assessment",
      actorRoles: P,
    });
    expect(jump.allowed ? "" : jump.failures[0]?.message).toBe(
      "The engagement cannot jump from Scoping to Design assessment; stages change one at a time. From Scoping the engagement can move only forward to Audit program.",
    );
    const same = checkTransition({ facts: ready("type2", "exceptions"), to: "exceptions", actorRoles: P });
    expect(same.allowed ? "" : same.failures[0]?.message).toBe("The engagement is already at Exceptions.");
  });

  it("refuses every move once the report is issued", () => {
    for (const type of TYPES) {
      for (const from of stagesFor(type)) {
        for (const to of STAGES) {
          const check = checkTransition({
            facts: ready(type, from, { reportIssued: true }),
            to,
            actorRoles: [...FIRM_ROLES],
            reason: "reopen",
          });
          expect(check.allowed).toBe(false);
          expect(failureIds(check)[0]).toBe("report-not-issued");
        }
      }
    }
  });
});

describe("assertTransition", () => {
  it("returns the move when allowed", () => {
    expect(
      assertTransition({ facts: ready("type2", "exceptions"), to: "management_response", actorRoles: M }),
    ).toEqual({ from: "exceptions", to: "management_response", direction: "forward" });
  });

  it("throws FORBIDDEN when the role is the only failure", () => {
    const error = catchError(() =>
      assertTransition({ facts: ready("type2", "draft_review"), to: "issuance", actorRoles: M }),
    );
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toBe(
      "Only a partner can approve the final draft and move the engagement to Issuance.",
    );
    expect(error.details).toEqual({
      failures: [{ guard: "role", message: error.message }],
    });
  });

  it("throws GUARD_FAILED with the first message and every failure when a guard fails", () => {
    const error = catchError(() =>
      assertTransition({
        facts: ready("type2", "draft_review", { draftCommentsOpen: 2, exceptionsWithoutResponse: 1 }),
        to: "issuance",
        actorRoles: M,
      }),
    );
    expect(error.code).toBe("GUARD_FAILED");
    expect(error.message).toBe(
      "2 comments on the draft report are still open. Resolve each one on the engagement's Report tab.",
    );
    const details = error.details as { failures: Array<{ guard: string }> };
    expect(details.failures.map((f) => f.guard)).toEqual([
      "draft-comments-resolved",
      "exceptions-answered",
      "role",
    ]);
  });

  it("refuses the move into Issuance until management accepted the representation letter", () => {
    const check = checkTransition({
      facts: ready("type2", "draft_review", { representationLetterSigned: false }),
      to: "issuance",
      actorRoles: P,
    });
    expect(failureIds(check)).toEqual(["representation-letter-signed"]);
    expect(check.allowed ? "" : check.failures[0]?.message).toMatch(/representation letter/);
  });

  it("throws GUARD_FAILED for a non-adjacent move", () => {
    const error = catchError(() =>
      assertTransition({ facts: ready("type2", "scoping"), to: "issuance", actorRoles: P }),
    );
    expect(error.code).toBe("GUARD_FAILED");
  });
});

describe("describeNextStep", () => {
  it("names the next stage, what blocks it and who may make the move", () => {
    const step = describeNextStep(
      ready("type2", "scoping", { quoteApproved: false, engagementLetterSigned: false }),
    );
    expect(step.next).toBe("audit_program");
    expect(step.blockers.map((b) => b.guard)).toEqual(["quote-approved", "engagement-letter-signed"]);
    expect(step.allowedRoles).toEqual(P);
  });

  it("has no blockers when the engagement is ready, and never lists the role", () => {
    expect(describeNextStep(ready("type2", "control_testing"))).toEqual({
      next: "exceptions",
      blockers: [],
      allowedRoles: M,
    });
  });

  it("follows the Type 1 path", () => {
    const step = describeNextStep(ready("type1", "design_assessment", { today: "2025-06-01" }));
    expect(step.next).toBe("control_testing");
    expect(step.blockers.map((b) => b.guard)).toEqual(["as-of-date-reached"]);
  });

  it("has no next step at issuance", () => {
    expect(describeNextStep(ready("type2", "issuance"))).toEqual({
      next: null,
      blockers: [],
      allowedRoles: [],
    });
    expect(describeNextStep(ready("type1", "issuance", { reportIssued: true })).next).toBeNull();
  });
});

describe("property: a move is allowed exactly when every guard holds and the role is allowed", () => {
  const likely = <T>(good: T, arb: fc.Arbitrary<T>) =>
    fc.oneof({ arbitrary: fc.constant(good), weight: 4 }, { arbitrary: arb, weight: 1 });
  const date = fc.constantFrom("2025-06-29", "2025-06-30", "2025-07-01");
  const factsArb: fc.Arbitrary<EngagementFacts> = fc.record({
    type: fc.constantFrom<EngagementType>("type1", "type2"),
    stage: fc.constantFrom(...STAGES),
    today: date,
    periodValid: likely(true, fc.boolean()),
    periodEnd: fc.oneof(date, fc.constant(null), fc.constantFrom("garbage", "1/7/2025")),
    categoriesIncludeSecurity: likely(true, fc.boolean()),
    servicesInScope: likely(1, fc.nat({ max: 3 })),
    quoteApproved: likely(true, fc.boolean()),
    engagementLetterSigned: likely(true, fc.boolean()),
    auditProgramApproved: likely(true, fc.boolean()),
    systemDescriptionComplete: likely(true, fc.boolean()),
    controlsInScope: fc.nat({ max: 3 }),
    controlsDesignAssessed: fc.nat({ max: 3 }),
    controlsConcluded: fc.nat({ max: 3 }),
    workpapersAwaitingReview: likely(0, fc.nat({ max: 2 })),
    exceptionsOpen: likely(0, fc.nat({ max: 2 })),
    exceptionsWithoutResponse: likely(0, fc.nat({ max: 2 })),
    draftCommentsOpen: likely(0, fc.nat({ max: 2 })),
    draftSharedWithClient: likely(true, fc.boolean()),
    representationLetterSigned: likely(true, fc.boolean()),
    reportIssued: likely(false, fc.boolean()),
  });
  const input = fc.record({
    facts: factsArb,
    to: fc.constantFrom(...STAGES),
    actorRoles: fc.subarray([...ROLES]),
    reason: fc.option(fc.constantFrom("", " ", "Reopen testing"), { nil: undefined }),
  });

  /** The expected failing guard ids, computed from the specification tables above. */
  const expectedFailures = (i: {
    facts: EngagementFacts;
    to: Stage;
    actorRoles: Role[];
    reason: string | undefined;
  }): string[] => {
    const { facts: f, to } = i;
    const out: string[] = f.reportIssued ? ["report-not-issued"] : [];
    const stages = order(f.type);
    const at = stages.indexOf(f.stage);
    if (at < 0) return [...out, "stage-in-lifecycle"];
    const can = (roles: Role[]) => i.actorRoles.some((r) => roles.includes(r));
    if (stages[at + 1] === to) {
      const spec = FORWARD[f.type].find((s) => s.from === f.stage && s.to === to);
      if (!spec) throw new Error("spec missing");
      out.push(...spec.guards.filter((g) => !HOLDS[g]?.(f)));
      if (!can(spec.roles)) out.push("role");
    } else if (stages[at - 1] === to) {
      if (!i.reason?.trim()) out.push("reason-given");
      if (!can(MP)) out.push("role");
    } else {
      out.push("adjacent-stage");
    }
    return out;
  };

  it("matches the specification for random facts, roles, targets and reasons", () => {
    let allowedForward = 0;
    let allowedBackward = 0;
    fc.assert(
      fc.property(input, (i) => {
        const check = checkTransition(i);
        const expected = expectedFailures(i);
        expect(failureIds(check)).toEqual(expected);
        expect(check.allowed).toBe(expected.length === 0);
        if (check.allowed) {
          expect(
            i.actorRoles.some((r) => transitionRoles(i.facts.type, i.facts.stage, i.to).includes(r)),
          ).toBe(true);
          if (check.direction === "forward") allowedForward++;
          else allowedBackward++;
        } else {
          expect(check.failures.length).toBeGreaterThan(0);
          for (const f of check.failures) expect(f.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 3000 },
    );
    // Guard against a generator that never reaches the allowed branch.
    expect(allowedForward).toBeGreaterThan(20);
    expect(allowedBackward).toBeGreaterThan(20);
  });

  it("describeNextStep's blockers are the non-role failures of the forward move", () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const step = describeNextStep(facts);
        if (step.next === null) return;
        const check = checkTransition({ facts, to: step.next, actorRoles: step.allowedRoles });
        expect(failureIds(check)).toEqual(step.blockers.map((b) => b.guard));
      }),
      { numRuns: 1000 },
    );
  });
});
