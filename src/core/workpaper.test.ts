import { describe, expect, it } from "vitest";
import { AppError, isAppError } from "./errors.js";
import {
  assertNoProblems,
  classificationProblems,
  formatExceptionRef,
  type PreparerCheck,
  preparerProblems,
  reopenProblems,
  reviewerProblems,
  seniorRoleOf,
} from "./workpaper.js";

const codeOf = (fn: () => void): string | null => {
  try {
    fn();
    return null;
  } catch (error) {
    return isAppError(error) ? error.code : "not-app-error";
  }
};

describe("seniority", () => {
  it("ranks staff auditor < engagement manager < partner and ignores other roles", () => {
    expect(seniorRoleOf(["staff_auditor"])).toBe("staff_auditor");
    expect(seniorRoleOf(["staff_auditor", "partner", "engagement_manager"])).toBe("partner");
    expect(seniorRoleOf(["firm_admin", "org_admin"])).toBeNull();
  });

  it("formats exception references with three digits", () => {
    expect(formatExceptionRef(1)).toBe("EXC-001");
    expect(formatExceptionRef(42)).toBe("EXC-042");
    expect(formatExceptionRef(1234)).toBe("EXC-1234");
  });
});

describe("preparer sign-off", () => {
  const ready: PreparerCheck = {
    status: "open",
    preparerRoles: ["staff_auditor"],
    attributeCount: 2,
    itemCount: 25,
    missingCells: 0,
    conclusion: "effective",
    conclusionProblems: [],
    unclassifiedExceptions: [],
  };

  it("passes when the grid is complete, concluded and every exception classified", () => {
    expect(preparerProblems(ready)).toEqual([]);
    expect(codeOf(() => assertNoProblems(preparerProblems(ready)))).toBeNull();
  });

  it("lists every missing piece at once", () => {
    const problems = preparerProblems({
      ...ready,
      missingCells: 3,
      conclusion: null,
      unclassifiedExceptions: ["EXC-001", "EXC-004"],
    });
    expect(problems.map((p) => p.check)).toEqual(["results-complete", "conclusion", "exceptions-classified"]);
    expect(problems[0]?.message).toMatch(/3 cells/);
    expect(problems[2]?.message).toMatch(/EXC-001, EXC-004 are not yet classified/);
    expect(codeOf(() => assertNoProblems(problems))).toBe("GUARD_FAILED");
  });

  it("refuses a locked workpaper with CONFLICT and a firm admin with FORBIDDEN", () => {
    expect(codeOf(() => assertNoProblems(preparerProblems({ ...ready, status: "prepared" })))).toBe(
      "CONFLICT",
    );
    expect(
      codeOf(() => assertNoProblems(preparerProblems({ ...ready, preparerRoles: ["firm_admin"] }))),
    ).toBe("FORBIDDEN");
  });

  it("refuses a grid without attributes or items", () => {
    expect(preparerProblems({ ...ready, attributeCount: 0 })[0]?.message).toMatch(/no attributes/);
    expect(preparerProblems({ ...ready, itemCount: 0 })[0]?.message).toMatch(/no items/);
  });

  it("carries the conclusion's contradictions", () => {
    const problems = preparerProblems({ ...ready, conclusionProblems: ["it contradicts"] });
    expect(problems).toEqual([
      { check: "conclusion-consistent", code: "GUARD_FAILED", message: "it contradicts" },
    ]);
  });
});

describe("reviewer sign-off", () => {
  const review = (preparer: string[], reviewer: string[], same = false) =>
    reviewerProblems({
      status: "prepared",
      preparerUserId: "u1",
      preparerRoles: preparer as never,
      reviewerUserId: same ? "u1" : "u2",
      reviewerRoles: reviewer as never,
    }).map((p) => p.check);

  it("needs a different user strictly senior to the preparer", () => {
    expect(review(["staff_auditor"], ["engagement_manager"])).toEqual([]);
    expect(review(["staff_auditor"], ["partner"])).toEqual([]);
    expect(review(["engagement_manager"], ["partner"])).toEqual([]);
    expect(review(["engagement_manager"], ["engagement_manager"])).toEqual(["reviewer-senior"]);
    expect(review(["engagement_manager"], ["staff_auditor"])).toEqual(["reviewer-senior"]);
    expect(review(["partner"], ["partner"])).toEqual(["reviewer-senior"]);
    expect(review(["staff_auditor"], ["firm_admin"])).toEqual(["reviewer-role"]);
  });

  it("refuses the preparer reviewing their own workpaper, even when they are senior", () => {
    expect(review(["staff_auditor", "partner"], ["staff_auditor", "partner"], true)).toContain(
      "different-user",
    );
  });

  it("is FORBIDDEN for the wrong person and CONFLICT for the wrong state", () => {
    const forbidden = reviewerProblems({
      status: "prepared",
      preparerUserId: "u1",
      preparerRoles: ["engagement_manager"],
      reviewerUserId: "u2",
      reviewerRoles: ["staff_auditor"],
    });
    expect(codeOf(() => assertNoProblems(forbidden))).toBe("FORBIDDEN");
    for (const status of ["open", "reviewed"] as const) {
      const state = reviewerProblems({
        status,
        preparerUserId: "u1",
        preparerRoles: ["staff_auditor"],
        reviewerUserId: "u2",
        reviewerRoles: ["partner"],
      });
      expect(codeOf(() => assertNoProblems(state))).toBe("CONFLICT");
    }
  });

  it("a preparer who has lost every firm role can be reviewed by any manager", () => {
    expect(review([], ["engagement_manager"])).toEqual([]);
  });
});

describe("reopening", () => {
  it("needs a manager or partner and a non-empty reason, on a signed-off workpaper", () => {
    expect(
      reopenProblems({ status: "prepared", roles: ["engagement_manager"], reason: "Wrong sample" }),
    ).toEqual([]);
    expect(reopenProblems({ status: "reviewed", roles: ["partner"], reason: "x" })).toEqual([]);
    expect(
      reopenProblems({ status: "reviewed", roles: ["staff_auditor"], reason: "  " }).map((p) => p.check),
    ).toEqual(["reopen-role", "reason"]);
    expect(
      codeOf(() => assertNoProblems(reopenProblems({ status: "open", roles: ["partner"], reason: "x" }))),
    ).toBe("CONFLICT");
  });
});

describe("classificationProblems", () => {
  it("systematic needs a marker, isolated refuses one, unknown markers are named", () => {
    expect(classificationProblems("systematic", ["recurring-cause"])).toEqual([]);
    expect(classificationProblems("isolated", [])).toEqual([]);
    expect(classificationProblems("pending", ["design-cause"])).toEqual([]);
    expect(classificationProblems("systematic", [])[0]).toMatch(/Name the marker/);
    expect(classificationProblems("isolated", ["rate-above-threshold"])[0]).toMatch(/systematic/);
    expect(classificationProblems("pending", ["bogus"])[0]).toMatch(/Unknown markers bogus/);
  });
});

describe("assertNoProblems", () => {
  it("puts every problem in details.failures", () => {
    try {
      assertNoProblems([
        { check: "a", code: "GUARD_FAILED", message: "first" },
        { check: "b", code: "FORBIDDEN", message: "second" },
      ]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      const e = error as AppError;
      expect(e.code).toBe("GUARD_FAILED");
      expect(e.message).toBe("first");
      expect((e.details as { failures: unknown[] }).failures).toHaveLength(2);
    }
  });
});
