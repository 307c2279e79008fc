import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ControlConclusion } from "./deviations.js";
import { isAppError } from "./errors.js";
import {
  adviseCriterion,
  adviseOpinion,
  OPINION_SEVERITY,
  type OpinionAdvice,
  type OpinionCriterion,
  type OpinionInput,
  type ScopeLimitation,
} from "./opinion.js";

const ok = (code: string) => ({ code, conclusion: "effective" as const, deviationCount: 0 });
const failing = (code: string) => ({ code, conclusion: "not-effective" as const, deviationCount: 3 });

const met = (id: string): OpinionCriterion => ({ id, controls: [ok(`${id}-a`)] });
const notMet = (id: string): OpinionCriterion => ({ id, controls: [failing(`${id}-a`)] });

/** Eight criteria across CC1..CC8, all met. */
const METS = ["CC1.1", "CC2.1", "CC3.1", "CC4.1", "CC5.1", "CC6.1", "CC7.1", "CC8.1"].map(met);

const input = (overrides: Partial<OpinionInput> = {}): OpinionInput => ({
  criteria: METS,
  scopeLimitation: "none",
  descriptionMisstatements: [],
  ...overrides,
});

const replace = (criteria: readonly OpinionCriterion[], ...swaps: OpinionCriterion[]): OpinionCriterion[] =>
  criteria.map((c) => swaps.find((s) => s.id === c.id) ?? c);

describe("adviseCriterion", () => {
  it("is met when every control is effective", () => {
    expect(adviseCriterion(met("CC6.1")).advice).toBe("met");
  });

  it("is not met when every control is not effective", () => {
    const r = adviseCriterion({ id: "CC6.1", controls: [failing("A"), failing("B")] });
    expect(r.advice).toBe("not-met");
    expect(r.reasons[0]).toMatch(/every control addressing it \(A, B\)/);
  });

  it("is met with exceptions when another control still covers it", () => {
    const r = adviseCriterion({ id: "CC6.1", controls: [failing("A"), ok("B")] });
    expect(r.advice).toBe("met-with-exceptions");
    expect(r.reasons.join(" ")).toMatch(/A is not effective/);
  });

  it("is not met for a design deficiency or when no control addresses it", () => {
    expect(adviseCriterion({ id: "CC6.1", controls: [ok("A")], designDeficiency: true }).advice).toBe(
      "not-met",
    );
    expect(adviseCriterion({ id: "CC6.1", controls: [] }).advice).toBe("not-met");
  });

  it("lists exceptions: deviations, open judgement, description misstatement", () => {
    const cases: OpinionCriterion[] = [
      { id: "X.1", controls: [{ code: "A", conclusion: "effective-with-exceptions", deviationCount: 1 }] },
      { id: "X.1", controls: [{ code: "A", conclusion: "needs-judgement", deviationCount: 1 }] },
      { id: "X.1", controls: [ok("A")], descriptionMisstatement: true },
    ];
    for (const c of cases) expect(adviseCriterion(c).advice).toBe("met-with-exceptions");
  });

  it("treats not-occurred as met, with a note", () => {
    const r = adviseCriterion({
      id: "X.1",
      controls: [{ code: "A", conclusion: "not-occurred", deviationCount: 0 }],
    });
    expect(r.advice).toBe("met");
    expect(r.reasons.join(" ")).toMatch(/not occurred/);
  });
});

describe("adviseOpinion", () => {
  it("is unmodified when everything is met", () => {
    const r = adviseOpinion(input());
    expect(r.overall).toBe("unmodified");
    expect(r.basisRequired).toBe(false);
    expect(r.perCriterion.every((c) => c.advice === "met")).toBe(true);
  });

  it("is still unmodified with exceptions, which are listed", () => {
    const withDeviation: OpinionCriterion = {
      id: "CC6.1",
      controls: [{ code: "A", conclusion: "effective-with-exceptions", deviationCount: 1 }],
    };
    const r = adviseOpinion(input({ criteria: replace(METS, withDeviation) }));
    expect(r.overall).toBe("unmodified");
    expect(r.reasons.join(" ")).toMatch(/Section IV for CC6.1/);
  });

  it("is unmodified with an immaterial description misstatement, which is mentioned", () => {
    const r = adviseOpinion(input({ descriptionMisstatements: [{ material: false, pervasive: false }] }));
    expect(r.overall).toBe("unmodified");
    expect(r.reasons.join(" ")).toMatch(/not material/);
  });

  it("is qualified when one criterion is not met", () => {
    const r = adviseOpinion(input({ criteria: replace(METS, notMet("CC6.1")) }));
    expect(r.overall).toBe("qualified");
    expect(r.basisRequired).toBe(true);
    expect(r.reasons.join(" ")).toMatch(/1 criterion of 8 in scope is not met \(CC6.1\)/);
  });

  it("is qualified for a design deficiency in one criterion", () => {
    const r = adviseOpinion(input({ criteria: replace(METS, { ...met("CC8.1"), designDeficiency: true }) }));
    expect(r.overall).toBe("qualified");
  });

  it("is qualified for a material, non-pervasive description misstatement", () => {
    expect(
      adviseOpinion(input({ descriptionMisstatements: [{ material: true, pervasive: false }] })).overall,
    ).toBe("qualified");
  });

  it("is qualified for a limited scope limitation", () => {
    expect(adviseOpinion(input({ scopeLimitation: "limited" })).overall).toBe("qualified");
  });

  it("is adverse for a pervasive material description misstatement (pervasive implies material)", () => {
    expect(
      adviseOpinion(input({ descriptionMisstatements: [{ material: true, pervasive: true }] })).overall,
    ).toBe("adverse");
    expect(
      adviseOpinion(input({ descriptionMisstatements: [{ material: false, pervasive: true }] })).overall,
    ).toBe("adverse");
  });

  it("is a disclaimer when the scope limitation is pervasive, whatever else is found", () => {
    expect(adviseOpinion(input({ scopeLimitation: "pervasive" })).overall).toBe("disclaimer");
    const all = METS.map((c) => notMet(c.id));
    const r = adviseOpinion(input({ criteria: all, scopeLimitation: "pervasive" }));
    expect(r.overall).toBe("disclaimer");
    expect(r.basisRequired).toBe(true);
  });

  describe("pervasiveness threshold", () => {
    it("two series not met (2 of 8 = 25 %) is qualified; exactly a quarter is not pervasive", () => {
      const r = adviseOpinion(input({ criteria: replace(METS, notMet("CC6.1"), notMet("CC7.1")) }));
      expect(r.overall).toBe("qualified");
    });

    it("three series not met is adverse", () => {
      const many = [...METS, ...["CC6.2", "CC6.3", "CC6.4", "CC6.5", "CC6.6", "CC6.7", "CC6.8"].map(met)];
      const r = adviseOpinion(
        input({ criteria: replace(many, notMet("CC6.1"), notMet("CC7.1"), notMet("CC8.1")) }),
      );
      expect(r.perCriterion.filter((c) => c.advice === "not-met")).toHaveLength(3);
      expect(3 / many.length).toBeLessThan(0.25);
      expect(r.overall).toBe("adverse");
      expect(r.reasons.join(" ")).toMatch(/pervasive/);
    });

    it("more than a quarter of criteria not met, within one or two series, is adverse", () => {
      const criteria = [
        notMet("CC6.1"),
        notMet("CC6.2"),
        notMet("CC6.3"),
        met("CC7.1"),
        met("CC7.2"),
        met("CC8.1"),
      ];
      expect(adviseOpinion(input({ criteria })).overall).toBe("adverse");
    });

    it("a single criterion in scope that is not met is adverse (100 %)", () => {
      expect(adviseOpinion(input({ criteria: [notMet("CC6.1")] })).overall).toBe("adverse");
    });

    it("many failures in one series below a quarter stay qualified", () => {
      const criteria = [
        notMet("CC6.1"),
        notMet("CC6.2"),
        ...Array.from({ length: 10 }, (_, i) => met(`CC7.${i + 1}`)),
      ];
      expect(adviseOpinion(input({ criteria })).overall).toBe("qualified");
    });
  });

  it("rejects no criteria, repeated ids and bad counts", () => {
    const bad: OpinionInput[] = [
      input({ criteria: [] }),
      input({ criteria: [met("CC1.1"), met("CC1.1")] }),
      input({
        criteria: [{ id: "CC1.1", controls: [{ code: "A", conclusion: "effective", deviationCount: -1 }] }],
      }),
    ];
    for (const b of bad) {
      try {
        adviseOpinion(b);
        expect.unreachable("expected a VALIDATION error");
      } catch (error) {
        expect(isAppError(error) && error.code === "VALIDATION").toBe(true);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const CONCLUSIONS: ControlConclusion[] = [
  "effective",
  "effective-with-exceptions",
  "not-effective",
  "not-occurred",
  "needs-judgement",
];
const SERIES = ["CC1", "CC2", "CC3", "CC4", "CC5", "CC6", "CC7", "CC8", "CC9", "A1", "C1"];

const arbCriterion = (id: string): fc.Arbitrary<OpinionCriterion> =>
  fc.record({
    id: fc.constant(id),
    controls: fc.array(
      fc.record({
        code: fc.constantFrom("A", "B", "C"),
        conclusion: fc.constantFrom(...CONCLUSIONS),
        deviationCount: fc.integer({ min: 0, max: 4 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    descriptionMisstatement: fc.boolean(),
    designDeficiency: fc.boolean(),
  });

const arbIds = fc.uniqueArray(
  fc.tuple(fc.constantFrom(...SERIES), fc.integer({ min: 1, max: 9 })).map(([s, n]) => `${s}.${n}`),
  { minLength: 1, maxLength: 15 },
);

const arbOpinionInput: fc.Arbitrary<OpinionInput> = arbIds.chain((ids) =>
  fc.record({
    criteria: fc.tuple(...ids.map(arbCriterion)),
    scopeLimitation: fc.constantFrom<ScopeLimitation>("none", "limited"),
    descriptionMisstatements: fc.array(fc.record({ material: fc.boolean(), pervasive: fc.boolean() }), {
      maxLength: 2,
    }),
  }),
);

const severity = (o: OpinionAdvice): number => {
  if (o === "disclaimer") throw new Error("no disclaimer expected without a pervasive scope limitation");
  return OPINION_SEVERITY[o];
};

describe("adviseOpinion: properties", () => {
  it("adding a failing criterion never improves the opinion", () => {
    fc.assert(
      fc.property(arbOpinionInput, fc.constantFrom(...SERIES), (base, series) => {
        const id = `${series}.99`;
        const before = adviseOpinion(base);
        const after = adviseOpinion({ ...base, criteria: [...base.criteria, notMet(id)] });
        expect(severity(after.overall)).toBeGreaterThanOrEqual(severity(before.overall));
        expect(after.overall).not.toBe("unmodified");
      }),
      { numRuns: 300 },
    );
  });

  it("turning a criterion's controls into failures never improves the opinion", () => {
    fc.assert(
      fc.property(arbOpinionInput, fc.nat(), (base, pick) => {
        const index = pick % base.criteria.length;
        const criteria = base.criteria.map((c, i) =>
          i === index
            ? { ...c, controls: c.controls.map((k) => ({ ...k, conclusion: "not-effective" as const })) }
            : c,
        );
        expect(severity(adviseOpinion({ ...base, criteria }).overall)).toBeGreaterThanOrEqual(
          severity(adviseOpinion(base).overall),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("widening the scope limitation or adding a material misstatement never improves the opinion", () => {
    fc.assert(
      fc.property(arbOpinionInput, fc.boolean(), (base, pervasive) => {
        const b = severity(adviseOpinion(base).overall);
        expect(
          severity(adviseOpinion({ ...base, scopeLimitation: "limited" }).overall),
        ).toBeGreaterThanOrEqual(b);
        const more = [...base.descriptionMisstatements, { material: true, pervasive }];
        expect(
          severity(adviseOpinion({ ...base, descriptionMisstatements: more }).overall),
        ).toBeGreaterThanOrEqual(b);
        expect(adviseOpinion({ ...base, scopeLimitation: "pervasive" }).overall).toBe("disclaimer");
      }),
      { numRuns: 300 },
    );
  });

  it("unmodified exactly when nothing is not met, material or limiting; basis for every modified opinion", () => {
    fc.assert(
      fc.property(arbOpinionInput, (base) => {
        const r = adviseOpinion(base);
        const clean =
          r.perCriterion.every((c) => c.advice !== "not-met") &&
          base.descriptionMisstatements.every((m) => !m.material && !m.pervasive) &&
          base.scopeLimitation === "none";
        expect(r.overall === "unmodified").toBe(clean);
        expect(r.basisRequired).toBe(r.overall !== "unmodified");
        expect(r.perCriterion.map((c) => c.id)).toEqual(base.criteria.map((c) => c.id));
      }),
      { numRuns: 300 },
    );
  });
});

describe("controls not concluded yet", () => {
  it("says the advice is provisional instead of asking for judgement on deviations", () => {
    const result = adviseCriterion({
      id: "CC8.1",
      controls: [{ code: "CHG-01", conclusion: "needs-judgement", deviationCount: 0, concluded: false }],
    });
    expect(result.advice).toBe("met-with-exceptions");
    expect(result.reasons).toEqual(["CHG-01 is not concluded yet, so this advice is provisional."]);
  });
});
