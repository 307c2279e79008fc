import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONTROL_STATUSES, type ControlStatus, FREQUENCIES, type Frequency } from "./controls.js";
import { CATEGORY_CODES, type CategoryCode, CRITERION_IDS } from "./criteria.js";
import { isAppError } from "./errors.js";
import {
  EVIDENCE_INTERVALS,
  evaluateRequirement,
  FRESHNESS_WINDOW_DAYS,
  nextEvidenceDue,
  type ReadinessControl,
  type ReadinessInput,
  type RequirementDefinition,
  type RequirementFacts,
  type RequirementResult,
  readinessScore,
} from "./readiness.js";

// ---------------------------------------------------------------------------------------------
// An independent oracle for dates, built on Date.UTC (fine in a test; the module must not use it).

const DAY_MS = 86_400_000;
const toUtc = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const fromUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const addDays = (date: string, n: number): string => fromUtc(toUtc(date) + n * DAY_MS);
const diffDays = (a: string, b: string): number => Math.round((toUtc(a) - toUtc(b)) / DAY_MS);
const addMonthsOracle = (date: string, n: number): string => {
  const d = new Date(toUtc(date));
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + n;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay)));
};
const expectedDue = (frequency: Frequency, last: string): string => {
  const { months, days } = EVIDENCE_INTERVALS[frequency];
  return addDays(addMonthsOracle(last, months), days);
};

const dateArb = fc
  .integer({ min: toUtc("1999-01-01") / DAY_MS, max: toUtc("2101-12-31") / DAY_MS })
  .map((d) => fromUtc(d * DAY_MS));
const frequencyArb = fc.constantFrom(...FREQUENCIES);

describe("nextEvidenceDue", () => {
  it("adds a year, a quarter or a month to the last evidence date", () => {
    expect(nextEvidenceDue("annual", "2025-03-15", "2025-06-01")).toEqual({
      dueDate: "2026-03-15",
      overdue: false,
      daysOverdue: 0,
    });
    expect(nextEvidenceDue("quarterly", "2025-11-30", "2026-01-10").dueDate).toBe("2026-02-28");
    expect(nextEvidenceDue("monthly", "2024-01-31", "2024-02-01").dueDate).toBe("2024-02-29");
    expect(nextEvidenceDue("annual", "2024-02-29", "2024-03-01").dueDate).toBe("2025-02-28");
  });

  it("adds seven days for weekly and one day for daily and multiple-daily controls", () => {
    expect(nextEvidenceDue("weekly", "2025-12-29", "2025-12-30").dueDate).toBe("2026-01-05");
    expect(nextEvidenceDue("daily", "2025-12-31", "2025-12-31").dueDate).toBe("2026-01-01");
    expect(nextEvidenceDue("multiple-daily", "2025-02-28", "2025-02-28").dueDate).toBe("2025-03-01");
  });

  it("keeps event-driven and continuous evidence fresh for a 90-day window", () => {
    expect(FRESHNESS_WINDOW_DAYS).toBe(90);
    expect(nextEvidenceDue("event", "2025-01-01", "2025-03-01").dueDate).toBe("2025-04-01");
    expect(nextEvidenceDue("continuous", "2025-01-01", "2025-04-02")).toEqual({
      dueDate: "2025-04-01",
      overdue: true,
      daysOverdue: 1,
    });
  });

  it("is due but not overdue on the due date, and overdue from the next day", () => {
    expect(nextEvidenceDue("quarterly", "2025-01-15", "2025-04-15")).toEqual({
      dueDate: "2025-04-15",
      overdue: false,
      daysOverdue: 0,
    });
    expect(nextEvidenceDue("quarterly", "2025-01-15", "2025-04-16")).toEqual({
      dueDate: "2025-04-15",
      overdue: true,
      daysOverdue: 1,
    });
    expect(nextEvidenceDue("annual", "2024-01-01", "2025-03-01").daysOverdue).toBe(59);
  });

  it("makes a control without evidence due today, not overdue", () => {
    for (const f of FREQUENCIES) {
      expect(nextEvidenceDue(f, null, "2025-07-01")).toEqual({
        dueDate: "2025-07-01",
        overdue: false,
        daysOverdue: 0,
      });
    }
  });

  it("rejects dates that are not real YYYY-MM-DD dates as a validation error", () => {
    for (const bad of ["2025-02-30", "2025-13-01", "1/7/2025", "", "2025-7-01"]) {
      let thrown: unknown;
      try {
        nextEvidenceDue("annual", bad, "2025-07-01");
      } catch (e) {
        thrown = e;
      }
      expect(isAppError(thrown) && thrown.code === "VALIDATION", bad).toBe(true);
      expect(() => nextEvidenceDue("annual", null, bad)).toThrow(/YYYY-MM-DD/);
    }
    expect(() => nextEvidenceDue("fortnightly" as Frequency, "2025-01-01", "2025-07-01")).toThrow(
      /frequency/,
    );
  });

  it("property: matches a calendar oracle and reports lateness exactly", () => {
    fc.assert(
      fc.property(frequencyArb, dateArb, dateArb, (frequency, last, today) => {
        const due = nextEvidenceDue(frequency, last, today);
        const want = expectedDue(frequency, last);
        expect(due.dueDate).toBe(want);
        expect(due.dueDate! > last).toBe(true);
        expect(due.overdue).toBe(today > want);
        expect(due.daysOverdue).toBe(Math.max(0, diffDays(today, want)));
      }),
      { numRuns: 2000 },
    );
  });

  it("property: a later today is never less overdue, and newer evidence is never due earlier", () => {
    fc.assert(
      fc.property(frequencyArb, dateArb, dateArb, fc.nat({ max: 800 }), (frequency, last, today, shift) => {
        const now = nextEvidenceDue(frequency, last, today);
        const later = nextEvidenceDue(frequency, last, addDays(today, shift));
        expect(later.daysOverdue).toBeGreaterThanOrEqual(now.daysOverdue);
        const newer = nextEvidenceDue(frequency, addDays(last, shift), today);
        expect(newer.dueDate! >= now.dueDate!).toBe(true);
        expect(newer.daysOverdue).toBeLessThanOrEqual(now.daysOverdue);
      }),
      { numRuns: 1000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Readiness score

const CC = CRITERION_IDS.filter((id) => id.startsWith("CC"));
const A = CRITERION_IDS.filter((id) => id.startsWith("A1"));
const P = CRITERION_IDS.filter((id) => /^P\d/.test(id));

const ready = (
  code: string,
  criteria: readonly string[],
  extra: Partial<ReadinessControl> = {},
): ReadinessControl => ({
  code,
  title: `Control ${code}`,
  criteria,
  status: "implemented",
  hasEvidence: true,
  evidenceOverdue: false,
  owner: "Asha",
  ...extra,
});

const req = (id: string, criteria: readonly string[], met: boolean, extra: Partial<RequirementResult> = {}) =>
  ({
    id,
    title: `Requirement ${id}`,
    basis: "evidence",
    criteria,
    met,
    reason: met ? "Done." : "Not done.",
    owner: "Ravi",
    ...extra,
  }) satisfies RequirementResult;

const scoreOf = (input: ReadinessInput, category: CategoryCode): number | undefined =>
  readinessScore(input).categories.find((c) => c.category === category)?.score;

describe("readinessScore", () => {
  it("scores only the categories in scope, always including Security", () => {
    expect(
      readinessScore({ categories: [], controls: [], requirements: [] }).categories.map((c) => c.category),
    ).toEqual(["CC"]);
    expect(
      readinessScore({ categories: ["P", "A"], controls: [], requirements: [] }).categories.map(
        (c) => c.category,
      ),
    ).toEqual(["CC", "A", "P"]);
  });

  it("weights criteria coverage 70% and requirements 30%, rounding down", () => {
    const third = CC.slice(0, 11);
    const input: ReadinessInput = {
      categories: ["CC"],
      controls: [ready("K-1", third)],
      requirements: [req("r1", ["CC6.1"], true), req("r2", ["CC7.1"], false)],
    };
    // 0.7 × 11/33 + 0.3 × 1/2 = 0.3833… → 38
    expect(scoreOf(input, "CC")).toBe(38);
    expect(readinessScore(input).overall).toBe(38);
  });

  it("uses coverage alone for a category no requirement touches, and the union for the overall score", () => {
    const input: ReadinessInput = {
      categories: ["A"],
      controls: [ready("K-1", CC), ready("K-2", ["A1.1"])],
      requirements: [req("r1", ["CC6.1"], false)],
    };
    const result = readinessScore(input);
    expect(scoreOf(input, "CC")).toBe(70);
    expect(scoreOf(input, "A")).toBe(33);
    // 0.7 × 34/36 + 0.3 × 0 = 0.6611… → 66
    expect(result.overall).toBe(66);
  });

  it("counts only implemented controls with evidence that is not overdue", () => {
    const base = { categories: [] as CategoryCode[], requirements: [] };
    const one = (extra: Partial<ReadinessControl>) =>
      scoreOf({ ...base, controls: [ready("K", CC, extra)] }, "CC");
    expect(one({})).toBe(100);
    // 32 of 33 criteria and no requirement: 96.97 rounds down to 96, never up to 97.
    expect(scoreOf({ ...base, controls: [ready("K", CC.slice(1))] }, "CC")).toBe(96);
    expect(one({ evidenceOverdue: true })).toBe(0);
    expect(one({ hasEvidence: false })).toBe(0);
    for (const status of ["not_started", "in_progress", "not_applicable"] as ControlStatus[]) {
      expect(one({ status }), status).toBe(0);
    }
  });

  it("drops criteria declared not applicable from every count", () => {
    const input: ReadinessInput = {
      categories: ["P"],
      controls: [
        ready("K-1", CC),
        ready(
          "K-2",
          P.filter((id) => id !== "P3.1"),
        ),
      ],
      requirements: [],
      criteriaNotApplicable: ["P3.1"],
    };
    const result = readinessScore(input);
    expect(result.categories.find((c) => c.category === "P")).toMatchObject({
      score: 100,
      criteriaApplicable: 17,
      criteriaCovered: 17,
    });
    expect(result.blockers).toEqual([]);
    expect(readinessScore({ ...input, criteriaNotApplicable: [] }).blockers.map((b) => b.target)).toEqual([
      "P3.1",
    ]);
  });

  it("links each unmet requirement to the requirement, the policies or the system description", () => {
    const result = readinessScore({
      categories: [],
      controls: [ready("K-1", CC)],
      requirements: [
        req("mfa-privileged", ["CC6.1"], false, { reason: "IAM-03 is not implemented.", owner: "Asha" }),
        req("policy-set", ["CC5.3"], false, { basis: "policy", title: "Policy set" }),
        req("system-description", ["CC2.2"], false, { basis: "description", owner: null }),
        req("access-reviews", ["CC6.2"], true),
      ],
    });
    expect(result.blockers.map((b) => [b.kind, b.target, b.owner])).toEqual([
      ["requirement", "mfa-privileged", "Asha"],
      ["policies", "policies", "Ravi"],
      ["system-description", "system-description", null],
    ]);
    expect(result.blockers[0]?.message).toBe("Requirement mfa-privileged: IAM-03 is not implemented.");
  });

  it("ignores requirements that touch no category in scope", () => {
    const input: ReadinessInput = {
      categories: [],
      controls: [ready("K-1", CC)],
      requirements: [req("privacy-only", ["P1.1"], false)],
    };
    expect(readinessScore(input)).toMatchObject({ overall: 100, blockers: [] });
  });

  it("blocks on controls that leave a criterion uncovered, and on criteria no control addresses", () => {
    const input: ReadinessInput = {
      categories: [],
      controls: [
        ready(
          "K-1",
          CC.filter((id) => !["CC6.1", "CC8.1", "CC9.2"].includes(id)),
        ),
        ready("IAM-02", ["CC6.1", "CC6.6"], { status: "in_progress", owner: "Asha" }),
        ready("CHG-01", ["CC8.1"], { evidenceOverdue: true, owner: "Dev" }),
        ready("VND-01", ["CC9.2"], { status: "not_applicable" }),
        ready("END-03", ["CC6.8"], { status: "not_started" }),
      ],
      requirements: [],
    };
    const result = readinessScore(input);
    expect(result.blockers.map((b) => [b.kind, b.target, b.owner])).toEqual([
      ["control", "CHG-01", "Dev"],
      ["control", "IAM-02", "Asha"],
      ["criterion", "CC9.2", null],
    ]);
    expect(result.blockers[0]?.message).toBe(
      "CHG-01 Control CHG-01 has overdue evidence; it is needed for CC8.1.",
    );
    expect(result.blockers[1]?.message).toMatch(/is not implemented; it is needed for CC6\.1\.$/);
    // END-03 is not ready, but CC6.8 is covered by K-1, so it does not block.
    expect(result.blockers.some((b) => b.target === "END-03")).toBe(false);
  });

  it("ignores criterion ids that are not criteria", () => {
    const input: ReadinessInput = {
      categories: [],
      controls: [ready("K-1", [...CC, "CC9.9", "PP1.1"])],
      requirements: [req("odd", ["CC9.9"], false)],
    };
    expect(readinessScore(input)).toMatchObject({ overall: 100, blockers: [] });
  });
});

describe("readinessScore properties", () => {
  const criterionArb = fc.oneof(
    { arbitrary: fc.constantFrom(...CRITERION_IDS), weight: 20 },
    { arbitrary: fc.constantFrom("CC9.9", "PP1.1", "P1.0"), weight: 1 },
  );
  const controlArb: fc.Arbitrary<ReadinessControl> = fc.record({
    code: fc.constantFrom("IAM-01", "IAM-02", "CHG-01", "LOG-01", "PRV-01", "ORG-01"),
    title: fc.constant("A control"),
    criteria: fc.uniqueArray(criterionArb, { maxLength: 8 }),
    status: fc.constantFrom(...CONTROL_STATUSES),
    hasEvidence: fc.boolean(),
    evidenceOverdue: fc.boolean(),
    owner: fc.option(fc.constantFrom("Asha", "Ravi"), { nil: null }),
  });
  const requirementArb: fc.Arbitrary<RequirementResult> = fc.record({
    id: fc.constantFrom("mfa-privileged", "encryption", "policy-set", "system-description"),
    title: fc.constant("A requirement"),
    basis: fc.constantFrom("evidence", "policy", "description"),
    criteria: fc.uniqueArray(criterionArb, { minLength: 1, maxLength: 4 }),
    met: fc.boolean(),
    reason: fc.constant("Because."),
    owner: fc.option(fc.constant("Meera"), { nil: null }),
  });
  const inputArb: fc.Arbitrary<ReadinessInput> = fc.record({
    categories: fc.subarray([...CATEGORY_CODES]),
    controls: fc.array(controlArb, { maxLength: 40 }),
    requirements: fc.array(requirementArb, { maxLength: 12 }),
    criteriaNotApplicable: fc.uniqueArray(fc.constantFrom(...CRITERION_IDS), { maxLength: 4 }),
  });
  const withIndex = inputArb.chain((input) =>
    fc.record({ input: fc.constant(input), index: fc.nat({ max: Math.max(0, input.controls.length - 1) }) }),
  );

  const scores = (input: ReadinessInput): number[] => {
    const r = readinessScore(input);
    return [r.overall, ...r.categories.map((c) => c.score)];
  };
  const replaceControl = (input: ReadinessInput, index: number, change: Partial<ReadinessControl>) => ({
    ...input,
    controls: input.controls.map((c, i) => (i === index ? { ...c, ...change } : c)),
  });
  const neverLower = (before: number[], after: number[]) => {
    expect(after).toHaveLength(before.length);
    after.forEach((s, i) => {
      expect(s).toBeGreaterThanOrEqual(before[i] ?? 0);
    });
  };

  it("keeps every score an integer in [0, 100]", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const s of scores(input)) {
          expect(Number.isInteger(s)).toBe(true);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(100);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("never lowers a score when a control is implemented", () => {
    fc.assert(
      fc.property(withIndex, ({ input, index }) => {
        if (input.controls.length === 0) return;
        neverLower(scores(input), scores(replaceControl(input, index, { status: "implemented" })));
      }),
      { numRuns: 500 },
    );
  });

  it("never lowers a score when evidence is added or freshened", () => {
    fc.assert(
      fc.property(withIndex, ({ input, index }) => {
        if (input.controls.length === 0) return;
        neverLower(scores(input), scores(replaceControl(input, index, { evidenceOverdue: false })));
        neverLower(
          scores(input),
          scores(replaceControl(input, index, { hasEvidence: true, evidenceOverdue: false })),
        );
      }),
      { numRuns: 500 },
    );
  });

  it("never lowers a score when a requirement becomes met, or when a control is added", () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), controlArb, (input, pick, extra) => {
        if (input.requirements.length > 0) {
          const index = pick % input.requirements.length;
          const met = {
            ...input,
            requirements: input.requirements.map((r, i) => (i === index ? { ...r, met: true } : r)),
          };
          neverLower(scores(input), scores(met));
        }
        neverLower(scores(input), scores({ ...input, controls: [...input.controls, extra] }));
      }),
      { numRuns: 500 },
    );
  });

  it("scores 100 with no blockers when every criterion is covered and every requirement met", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const complete: ReadinessInput = {
          ...input,
          controls: [...input.controls, ready("ALL", CRITERION_IDS)],
          requirements: input.requirements.map((r) => ({ ...r, met: true })),
        };
        const result = readinessScore(complete);
        expect(result.overall).toBe(100);
        for (const c of result.categories) expect(c.score).toBe(100);
        expect(result.blockers).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("shows 100 overall exactly when nothing blocks readiness", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = readinessScore(input);
        expect(result.overall === 100).toBe(result.blockers.length === 0);
      }),
      { numRuns: 1000 },
    );
  });

  it("scores a category below 100 whenever one of its applicable criteria is uncovered", () => {
    fc.assert(
      fc.property(fc.constantFrom(...CC, ...A), (missing) => {
        const input: ReadinessInput = {
          categories: ["A"],
          controls: [
            ready(
              "K",
              [...CC, ...A].filter((id) => id !== missing),
            ),
          ],
          requirements: [],
        };
        const category = missing.startsWith("CC") ? "CC" : "A";
        expect(scoreOf(input, category)).toBeLessThan(100);
        expect(readinessScore(input).overall).toBeLessThan(100);
      }),
    );
  });
});

describe("evaluateRequirement", () => {
  const mfa: RequirementDefinition = {
    id: "mfa-privileged",
    title: "MFA for privileged access",
    criteria: ["CC6.1"],
    controlIds: ["IAM-03", "IAM-02"],
    basis: "evidence",
  };
  const facts = (extra: Partial<RequirementFacts> = {}): RequirementFacts => ({
    controls: [
      {
        libraryId: "IAM-03",
        code: "IAM-03",
        status: "implemented",
        hasEvidence: true,
        evidenceOverdue: false,
        owner: "Asha",
      },
      {
        libraryId: "IAM-02",
        code: "IAM-02",
        status: "implemented",
        hasEvidence: true,
        evidenceOverdue: false,
        owner: "Ravi",
      },
    ],
    policiesNotReady: [],
    policyCount: 12,
    policyOwner: "Meera",
    descriptionGaps: [],
    descriptionExists: true,
    descriptionOwner: "Dev",
    ...extra,
  });

  it("meets an evidence requirement when every linked control is implemented with fresh evidence", () => {
    expect(evaluateRequirement(mfa, facts())).toMatchObject({
      id: "mfa-privileged",
      met: true,
      basis: "evidence",
    });
  });

  it("names the controls that fall short and the owner of the first", () => {
    const base = facts();
    const [first, second] = base.controls;
    const result = evaluateRequirement(mfa, {
      ...base,
      controls: [
        { ...first!, evidenceOverdue: true },
        { ...second!, status: "in_progress" },
      ],
    });
    expect(result).toMatchObject({
      met: false,
      reason: "IAM-03 has overdue evidence, IAM-02 is not implemented.",
      owner: "Asha",
    });
    const noEvidence = evaluateRequirement(mfa, {
      ...base,
      controls: [{ ...first!, hasEvidence: false }, second!],
    });
    expect(noEvidence.reason).toBe("IAM-03 has no evidence.");
  });

  it("is unmet when a linked control is not adopted or every one is not applicable", () => {
    const base = facts();
    const [first, second] = base.controls;
    expect(evaluateRequirement(mfa, { ...base, controls: [first!] })).toMatchObject({
      met: false,
      reason: "Controls not adopted: IAM-02.",
    });
    const na = [first!, second!].map((c) => ({ ...c, status: "not_applicable" as const }));
    expect(evaluateRequirement(mfa, { ...base, controls: na }).met).toBe(false);
    const oneNa = [{ ...first!, status: "not_applicable" as const }, second!];
    expect(evaluateRequirement(mfa, { ...base, controls: oneNa }).met).toBe(true);
  });

  it("judges the policy set on approval and publication", () => {
    const policy: RequirementDefinition = { ...mfa, id: "policy-set", basis: "policy" };
    expect(evaluateRequirement(policy, facts({ controls: [] })).met).toBe(true);
    expect(evaluateRequirement(policy, facts({ policyCount: 0 }))).toMatchObject({
      met: false,
      owner: "Meera",
    });
    expect(
      evaluateRequirement(
        policy,
        facts({ policiesNotReady: ["Access", "Change", "Backup", "Vendor", "Privacy"] }),
      ).reason,
    ).toBe("Policies not yet approved and published: Access, Change, Backup and 2 more.");
  });

  it("judges the system description on completeness", () => {
    const description: RequirementDefinition = { ...mfa, id: "system-description", basis: "description" };
    expect(evaluateRequirement(description, facts({ controls: [] })).met).toBe(true);
    expect(evaluateRequirement(description, facts({ descriptionExists: false })).met).toBe(false);
    expect(
      evaluateRequirement(description, facts({ descriptionGaps: ["Subservice organizations"] })),
    ).toMatchObject({
      met: false,
      reason: "The system description is incomplete: Subservice organizations.",
      owner: "Dev",
    });
  });
});
