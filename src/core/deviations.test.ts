import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CONCLUSION_SEVERITY,
  type ControlTestInput,
  type Deviation,
  evaluateControlTest,
  exceptionKind,
  suggestExtension,
} from "./deviations.js";
import { isAppError } from "./errors.js";

const period = { start: "2026-01-01", end: "2026-12-31" };

const dev = (itemId: string, overrides: Partial<Deviation> = {}): Deviation => ({
  itemId,
  date: "2026-02-10",
  cause: `cause of ${itemId}`,
  person: null,
  subsystem: null,
  remediatedOn: null,
  ...overrides,
});

const base = (overrides: Partial<ControlTestInput> = {}): ControlTestInput => ({
  itemsTested: 25,
  populationSize: 250,
  deviations: [],
  period,
  ...overrides,
});

const markerIds = (input: ControlTestInput): string[] => evaluateControlTest(input).markers.map((m) => m.id);

const expectInvalid = (input: ControlTestInput): void => {
  try {
    evaluateControlTest(input);
    expect.unreachable("expected a VALIDATION error");
  } catch (error) {
    expect(isAppError(error) && error.code === "VALIDATION").toBe(true);
  }
};

describe("evaluateControlTest: no deviations", () => {
  it("is effective with zero deviations", () => {
    const r = evaluateControlTest(base());
    expect(r.conclusion).toBe("effective");
    expect(r.classification).toBe("none");
    expect(r.markers).toEqual([]);
    expect(r.deviationRate).toBe(0);
    expect(r.extendSample).toBeUndefined();
  });

  it("is not-occurred when the population is zero", () => {
    const r = evaluateControlTest(base({ itemsTested: 0, populationSize: 0 }));
    expect(r.conclusion).toBe("not-occurred");
    expect(r.reasons.join(" ")).toMatch(/empty/);
  });

  it("needs judgement when nothing was tested from a non-empty population", () => {
    expect(evaluateControlTest(base({ itemsTested: 0, populationSize: 5 })).conclusion).toBe(
      "needs-judgement",
    );
    expect(evaluateControlTest(base({ itemsTested: 0, populationSize: null })).conclusion).toBe(
      "needs-judgement",
    );
  });

  it("is effective for a small population with no deviations", () => {
    expect(evaluateControlTest(base({ itemsTested: 4, populationSize: 4 })).conclusion).toBe("effective");
  });
});

describe("evaluateControlTest: isolated deviations", () => {
  it("one deviation with an identified cause in 25 of 250 is effective with exceptions", () => {
    const r = evaluateControlTest(base({ itemsTested: 25, deviations: [dev("a")] }));
    expect(r.conclusion).toBe("effective-with-exceptions");
    expect(r.classification).toBe("isolated");
    expect(r.markers).toEqual([]);
    expect(r.deviationRate).toBeCloseTo(0.04);
  });

  it("exactly 5 % is not above the threshold", () => {
    const r = evaluateControlTest(base({ itemsTested: 20, populationSize: 20, deviations: [dev("a")] }));
    expect(r.deviationRate).toBe(0.05);
    expect(r.markers).toEqual([]);
    expect(r.conclusion).toBe("effective-with-exceptions");
  });

  it("just above 5 % is a systematic marker", () => {
    const r = evaluateControlTest(base({ itemsTested: 19, populationSize: 19, deviations: [dev("a")] }));
    expect(r.markers.map((m) => m.id)).toEqual(["rate-above-threshold"]);
    expect(r.conclusion).toBe("not-effective");
    expect(r.classification).toBe("systematic");
  });

  it("two deviations with different causes, people and subsystems in one half stay isolated", () => {
    const r = evaluateControlTest(
      base({
        itemsTested: 60,
        deviations: [
          dev("a", { person: "ann", subsystem: "hr", date: "2026-01-05" }),
          dev("b", { person: "bob", subsystem: "idp", date: "2026-03-05" }),
        ],
      }),
    );
    expect(r.conclusion).toBe("effective-with-exceptions");
  });

  it("an unidentified cause needs investigation before it can be called isolated", () => {
    const r = evaluateControlTest(base({ deviations: [dev("a", { cause: null })] }));
    expect(r.conclusion).toBe("needs-judgement");
    expect(r.reasons.join(" ")).toMatch(/not been identified/);
    const blank = evaluateControlTest(base({ deviations: [dev("a", { cause: "   " })] }));
    expect(blank.conclusion).toBe("needs-judgement");
  });
});

describe("evaluateControlTest: systematic markers", () => {
  it("recurring cause (ignoring case and spaces)", () => {
    const input = base({
      itemsTested: 60,
      deviations: [dev("a", { cause: "Ticket not approved" }), dev("b", { cause: " ticket NOT approved " })],
    });
    expect(markerIds(input)).toEqual(["recurring-cause"]);
    expect(evaluateControlTest(input).conclusion).toBe("not-effective");
  });

  it("concentration in one person", () => {
    const input = base({
      itemsTested: 60,
      deviations: [dev("a", { person: "ann" }), dev("b", { person: "Ann" })],
    });
    expect(markerIds(input)).toEqual(["concentrated-person"]);
    expect(evaluateControlTest(input).conclusion).toBe("not-effective");
  });

  it("concentration in one subsystem", () => {
    const input = base({
      itemsTested: 60,
      deviations: [dev("a", { subsystem: "billing" }), dev("b", { subsystem: "billing" })],
    });
    expect(markerIds(input)).toEqual(["concentrated-subsystem"]);
    expect(evaluateControlTest(input).conclusion).toBe("not-effective");
  });

  it("persistence across both halves of the period", () => {
    const input = base({
      itemsTested: 60,
      deviations: [dev("a", { date: "2026-01-10" }), dev("b", { date: "2026-11-10" })],
    });
    expect(markerIds(input)).toEqual(["persists-across-period"]);
    expect(evaluateControlTest(input).conclusion).toBe("not-effective");
  });

  it("splits the halves by day count (365-day period: days 0-182 first)", () => {
    // 2026-07-02 is offset 182 (2 × 182 = 364 < 365: first half); 2026-07-03 is offset 183.
    const first = base({
      itemsTested: 60,
      deviations: [dev("a", { date: "2026-01-01" }), dev("b", { date: "2026-07-02" })],
    });
    const second = base({
      itemsTested: 60,
      deviations: [dev("a", { date: "2026-01-01" }), dev("b", { date: "2026-07-03" })],
    });
    expect(markerIds(first)).toEqual([]);
    expect(markerIds(second)).toEqual(["persists-across-period"]);
  });

  it("a design cause is not effective even in a small population", () => {
    const input = base({ itemsTested: 4, populationSize: 4, deviations: [dev("a")], designCause: true });
    const r = evaluateControlTest(input);
    expect(r.markers.map((m) => m.id)).toEqual(["design-cause"]);
    expect(r.conclusion).toBe("not-effective");
  });

  it("reports several markers together", () => {
    const ids = markerIds(
      base({
        itemsTested: 20,
        populationSize: 20,
        designCause: true,
        deviations: [
          dev("a", { cause: "x", person: "p", subsystem: "s", date: "2026-01-02" }),
          dev("b", { cause: "x", person: "p", subsystem: "s", date: "2026-12-02" }),
        ],
      }),
    );
    expect(ids).toEqual([
      "recurring-cause",
      "concentrated-person",
      "concentrated-subsystem",
      "rate-above-threshold",
      "persists-across-period",
      "design-cause",
    ]);
  });
});

describe("evaluateControlTest: small populations", () => {
  it("population 9 with one deviation needs judgement, with the reason", () => {
    const r = evaluateControlTest(base({ itemsTested: 9, populationSize: 9, deviations: [dev("a")] }));
    expect(r.conclusion).toBe("needs-judgement");
    expect(r.markers).toEqual([]);
    expect(r.reasons.join(" ")).toMatch(/under 10.*case by case/);
  });

  it("population 10 with one deviation is judged by the rules (10 % is above 5 %)", () => {
    const r = evaluateControlTest(base({ itemsTested: 10, populationSize: 10, deviations: [dev("a")] }));
    expect(r.markers.map((m) => m.id)).toEqual(["rate-above-threshold"]);
    expect(r.conclusion).toBe("not-effective");
  });

  it("an unknown population uses the items tested", () => {
    expect(
      evaluateControlTest(base({ itemsTested: 9, populationSize: null, deviations: [dev("a")] })).conclusion,
    ).toBe("needs-judgement");
    expect(
      evaluateControlTest(base({ itemsTested: 40, populationSize: null, deviations: [dev("a")] })).conclusion,
    ).toBe("effective-with-exceptions");
  });

  it("a recurring cause in a small population is still reported but left to judgement", () => {
    const r = evaluateControlTest(
      base({
        itemsTested: 4,
        populationSize: 4,
        deviations: [dev("a", { cause: "x" }), dev("b", { cause: "x" })],
      }),
    );
    expect(r.classification).toBe("systematic");
    expect(r.conclusion).toBe("needs-judgement");
  });
});

describe("evaluateControlTest: statistical plans", () => {
  it("within the allowed deviations follows the usual rules", () => {
    const r = evaluateControlTest(base({ itemsTested: 46, allowedDeviations: 1, deviations: [dev("a")] }));
    expect(r.conclusion).toBe("effective-with-exceptions");
    expect(r.extendSample).toBeUndefined();
  });

  it("above the allowed deviations is not effective and suggests extending the sample", () => {
    const r = evaluateControlTest(base({ itemsTested: 29, allowedDeviations: 0, deviations: [dev("a")] }));
    expect(r.conclusion).toBe("not-effective");
    expect(r.extendSample).toEqual({ suggestedAdditional: 29 });
    expect(r.reasons.join(" ")).toMatch(/extends the sample/);
  });

  it("does not suggest an extension when the deviations are systematic", () => {
    const r = evaluateControlTest(
      base({
        itemsTested: 29,
        allowedDeviations: 0,
        deviations: [dev("a", { cause: "x" }), dev("b", { cause: "x" })],
      }),
    );
    expect(r.conclusion).toBe("not-effective");
    expect(r.extendSample).toBeUndefined();
  });

  it("caps the extension by the untested population and omits it when none is left", () => {
    expect(suggestExtension(29, 1, 0, 40)).toBe(11);
    const r = evaluateControlTest(
      base({ itemsTested: 29, populationSize: 29, allowedDeviations: 0, deviations: [dev("a")] }),
    );
    expect(r.conclusion).toBe("not-effective");
    expect(r.extendSample).toBeUndefined();
  });

  it("suggestExtension grows the sample in proportion", () => {
    expect(suggestExtension(46, 2, 1, null)).toBe(23);
    expect(suggestExtension(25, 1, 0, null)).toBe(25);
  });
});

describe("evaluateControlTest: remediation never erases a deviation", () => {
  it("remediated deviations still count, in the rate and the conclusion", () => {
    const deviations = [dev("a", { date: "2026-01-10" }), dev("b", { date: "2026-11-10" })];
    const plain = evaluateControlTest(base({ itemsTested: 60, deviations }));
    const fixed = evaluateControlTest(
      base({ itemsTested: 60, deviations: deviations.map((d) => ({ ...d, remediatedOn: "2026-01-15" })) }),
    );
    expect(fixed.conclusion).toBe(plain.conclusion);
    expect(fixed.deviationRate).toBe(plain.deviationRate);
    expect(fixed.markers).toEqual(plain.markers);
    expect(fixed.reasons.join(" ")).toMatch(/does not erase/);
  });

  it("property: setting remediation dates never changes the conclusion, rate or markers", () => {
    fc.assert(
      fc.property(arbInput(), fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), (input, flags) => {
        const fixed = {
          ...input,
          deviations: input.deviations.map((d, i) => ({
            ...d,
            remediatedOn: flags[i] ? "2026-12-31" : null,
          })),
        };
        const a = evaluateControlTest(input);
        const b = evaluateControlTest(fixed);
        expect(b.conclusion).toBe(a.conclusion);
        expect(b.deviationRate).toBe(a.deviationRate);
        expect(b.markers).toEqual(a.markers);
      }),
    );
  });
});

describe("evaluateControlTest: validation", () => {
  it("rejects inconsistent input", () => {
    expectInvalid(base({ itemsTested: -1 }));
    expectInvalid(base({ itemsTested: 2.5 }));
    expectInvalid(base({ populationSize: 10, itemsTested: 11 }));
    expectInvalid(base({ itemsTested: 1, deviations: [dev("a"), dev("b")] }));
    expectInvalid(base({ deviations: [dev("a"), dev("a")] }));
    expectInvalid(base({ deviations: [dev("a", { date: "2027-01-01" })] }));
    expectInvalid(base({ deviations: [dev("a", { date: "2026-02-30" })] }));
    expectInvalid(base({ deviations: [dev("a", { remediatedOn: "soon" })] }));
    expectInvalid(base({ period: { start: "2026-12-31", end: "2026-01-01" } }));
    expectInvalid(base({ allowedDeviations: -1 }));
  });
});

describe("exceptionKind", () => {
  it("labels exceptions", () => {
    expect(exceptionKind({})).toBe("operating-deviation");
    expect(exceptionKind({ designCause: true })).toBe("design-deficiency");
    expect(exceptionKind({ descriptionMisstatement: true, designCause: true })).toBe(
      "description-misstatement",
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const arbDeviation = (index: number): fc.Arbitrary<Deviation> =>
  fc.record({
    itemId: fc.constant(`item-${index}`),
    date: fc
      .integer({ min: 1, max: 28 })
      .chain((day) =>
        fc
          .integer({ min: 1, max: 12 })
          .map((m) => `2026-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`),
      ),
    cause: fc.option(fc.constantFrom("a", "b", "c", "d", "e", "f"), { nil: null }),
    person: fc.option(fc.constantFrom("p1", "p2", "p3", "p4"), { nil: null }),
    subsystem: fc.option(fc.constantFrom("s1", "s2", "s3"), { nil: null }),
    remediatedOn: fc.constant(null),
  });

function arbInput(): fc.Arbitrary<ControlTestInput> {
  return fc
    .record({
      itemsTested: fc.integer({ min: 1, max: 60 }),
      extraPopulation: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
      count: fc.integer({ min: 0, max: 29 }),
      allowed: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      designCause: fc.boolean(),
    })
    .chain(({ itemsTested, extraPopulation, count, allowed, designCause }) => {
      const n = Math.min(count, itemsTested - 1);
      return fc.tuple(...Array.from({ length: n }, (_, i) => arbDeviation(i))).map(
        (deviations): ControlTestInput => ({
          itemsTested,
          populationSize: extraPopulation === null ? null : itemsTested + extraPopulation,
          deviations,
          period,
          designCause,
          ...(allowed === undefined ? {} : { allowedDeviations: allowed }),
        }),
      );
    });
}

describe("evaluateControlTest: properties", () => {
  it("adding a deviation never improves the conclusion", () => {
    fc.assert(
      fc.property(arbInput(), arbDeviation(999), (input, extra) => {
        const before = evaluateControlTest(input);
        const after = evaluateControlTest({ ...input, deviations: [...input.deviations, extra] });
        expect(CONCLUSION_SEVERITY[after.conclusion]).toBeGreaterThanOrEqual(
          CONCLUSION_SEVERITY[before.conclusion],
        );
      }),
      { numRuns: 500 },
    );
  });

  it("systematic deviations in a meaningful population are never effective", () => {
    fc.assert(
      fc.property(arbInput(), (input) => {
        const r = evaluateControlTest(input);
        const population = input.populationSize ?? input.itemsTested;
        if (r.classification === "systematic" && population >= 10) expect(r.conclusion).toBe("not-effective");
        if (input.deviations.length === 0) expect(r.conclusion).toBe("effective");
        expect(r.deviationRate).toBe(input.deviations.length / input.itemsTested);
        expect(r.reasons.length).toBeGreaterThan(0);
      }),
    );
  });
});
