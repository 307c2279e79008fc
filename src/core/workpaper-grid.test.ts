import { describe, expect, it } from "vitest";
import {
  conclusionProblems,
  controlConclusionOf,
  type ExceptionFacts,
  type GridCell,
  type GridItem,
  type SuggestionInput,
  suggestConclusion,
  tallyGrid,
} from "./workpaper-grid.js";

const period = { start: "2026-01-01", end: "2026-12-31" };

const items = (n: number, date = (i: number) => `2026-${String((i % 12) + 1).padStart(2, "0")}-15`) =>
  Array.from({ length: n }, (_, i): GridItem => ({ key: `row-${i + 1}`, date: date(i) }));

const allPass = (list: readonly GridItem[], attrs: readonly string[]): GridCell[] =>
  list.flatMap((i) => attrs.map((a) => ({ itemKey: i.key, attributeId: a, result: "pass" as const })));

const withFails = (cells: GridCell[], fails: readonly [string, string][]): GridCell[] =>
  cells.map((c) =>
    fails.some(([item, attr]) => c.itemKey === item && c.attributeId === attr) ? { ...c, result: "fail" } : c,
  );

const exc = (overrides: Partial<ExceptionFacts> = {}): ExceptionFacts => ({
  ref: "EXC-001",
  attributeId: "A1",
  kind: "operating-deviation",
  classification: "pending",
  cause: "",
  deviations: 1,
  ...overrides,
});

const suggestion = (overrides: Partial<SuggestionInput> = {}) => {
  const list = items(25);
  return suggestConclusion({
    items: list,
    attributeIds: ["A1", "A2"],
    cells: allPass(list, ["A1", "A2"]),
    populationSize: 300,
    period,
    exceptions: [],
    ...overrides,
  });
};

describe("tallyGrid", () => {
  it("counts tested items, deviations per attribute and missing cells; n/a is not tested", () => {
    const list = items(3);
    const cells: GridCell[] = [
      { itemKey: "row-1", attributeId: "A1", result: "pass" },
      { itemKey: "row-1", attributeId: "A2", result: "fail" },
      { itemKey: "row-2", attributeId: "A1", result: "fail" },
      { itemKey: "row-2", attributeId: "A2", result: "fail" },
      { itemKey: "row-3", attributeId: "A1", result: "na" },
      { itemKey: "ghost", attributeId: "A1", result: "fail" },
    ];
    const t = tallyGrid(list, ["A1", "A2"], cells);
    expect(t.missingCells).toBe(1);
    expect(t.itemsTested).toBe(2);
    expect(t.failingItems).toEqual(["row-1", "row-2"]);
    expect(t.perAttribute).toEqual([
      { attributeId: "A1", tested: 2, deviations: 1, failingItems: ["row-2"] },
      { attributeId: "A2", tested: 2, deviations: 2, failingItems: ["row-1", "row-2"] },
    ]);
  });
});

describe("suggestConclusion", () => {
  it("suggests effective when every item passes", () => {
    const s = suggestion();
    expect(s.conclusion).toBe("effective");
    expect(s.reasons.join(" ")).toMatch(/No deviations were found in 25 items/);
  });

  it("suggests effective with exceptions for one isolated deviation with a known cause", () => {
    const list = items(25);
    const s = suggestion({
      cells: withFails(allPass(list, ["A1", "A2"]), [["row-3", "A1"]]),
      exceptions: [exc({ cause: "Reviewer on leave" })],
      populationSize: 1000,
      items: list,
    });
    expect(s.evaluation).toBe("effective-with-exceptions");
    expect(s.conclusion).toBe("effective-with-exceptions");
  });

  it("leaves the conclusion to the auditor while the cause is unknown", () => {
    const list = items(25);
    const s = suggestion({ items: list, cells: withFails(allPass(list, ["A1", "A2"]), [["row-3", "A1"]]) });
    expect(s.conclusion).toBeNull();
    expect(s.evaluation).toBe("needs-judgement");
  });

  it("suggests ineffective when deviations exceed 5 % of a meaningful population", () => {
    const list = items(25);
    const s = suggestion({
      items: list,
      cells: withFails(allPass(list, ["A1", "A2"]), [
        ["row-2", "A1"],
        ["row-3", "A2"],
      ]),
      exceptions: [exc({ cause: "one" }), exc({ ref: "EXC-002", attributeId: "A2", cause: "two" })],
    });
    expect(s.conclusion).toBe("ineffective");
    expect(s.markers.map((m) => m.id)).toContain("rate-above-threshold");
  });

  it("a systematic classification by the auditor makes the control ineffective", () => {
    const list = items(25);
    const cells = withFails(allPass(list, ["A1", "A2"]), [["row-3", "A1"]]);
    const s = suggestion({
      items: list,
      cells,
      populationSize: 1000,
      exceptions: [exc({ cause: "x", classification: "systematic" })],
    });
    expect(s.conclusion).toBe("ineffective");
    expect(s.reasons.join(" ")).toMatch(/EXC-001 as systematic/);
  });

  it("a design-deficiency exception is a design cause", () => {
    const list = items(25);
    const s = suggestion({
      items: list,
      cells: withFails(allPass(list, ["A1", "A2"]), [["row-3", "A1"]]),
      exceptions: [exc({ cause: "x", kind: "design-deficiency" })],
    });
    expect(s.conclusion).toBe("ineffective");
    expect(s.markers.map((m) => m.id)).toContain("design-cause");
  });

  it("does not invent persistence when a failing item has no date", () => {
    const list: GridItem[] = [...items(24), { key: "design", date: null }];
    // row-12 is dated in December; placing the undated item at its own guess would split the halves.
    const cells = withFails(allPass(list, ["A1"]), [
      ["row-12", "A1"],
      ["design", "A1"],
    ]);
    const s = suggestion({ items: list, attributeIds: ["A1"], cells, populationSize: 25, exceptions: [] });
    expect(s.markers.map((m) => m.id)).not.toContain("persists-across-period");
    expect(s.reasons.join(" ")).toMatch(/1 failing item has no date/);
  });

  it("flags persistence when dated deviations fall in both halves of the period", () => {
    const list = items(25);
    const cells = withFails(allPass(list, ["A1"]), [
      ["row-1", "A1"],
      ["row-12", "A1"],
    ]);
    const s = suggestion({ items: list, attributeIds: ["A1"], cells, populationSize: 10_000 });
    expect(s.markers.map((m) => m.id)).toContain("persists-across-period");
  });

  it("suggests not occurred for an empty population and needs judgement with nothing tested", () => {
    expect(suggestion({ items: [], cells: [], populationSize: 0 }).conclusion).toBe("not-occurred");
    const s = suggestion({ cells: [] });
    expect(s.conclusion).toBeNull();
    expect(s.reasons.join(" ")).toMatch(/No items were tested/);
  });

  it("uses the full-population test's counts for the population item", () => {
    const list: GridItem[] = [{ key: "population", date: null }];
    const clean = suggestion({
      items: list,
      attributeIds: ["A1"],
      cells: [{ itemKey: "population", attributeId: "A1", result: "pass" }],
      populationTest: { rowsTested: 5000, rowsFailing: 0 },
    });
    expect(clean.conclusion).toBe("effective");
    expect(clean.reasons.join(" ")).toMatch(/5000 items/);
    const failed = suggestion({
      items: list,
      attributeIds: ["A1"],
      cells: [{ itemKey: "population", attributeId: "A1", result: "fail" }],
      populationTest: { rowsTested: 5000, rowsFailing: 400 },
      exceptions: [exc({ deviations: 400 })],
    });
    expect(failed.conclusion).toBe("ineffective");
    expect(failed.deviationRate).toBeCloseTo(0.08);
  });

  it("suggests an extension when a statistical plan's allowance is exceeded", () => {
    const list = items(29);
    const s = suggestion({
      items: list,
      attributeIds: ["A1"],
      cells: withFails(allPass(list, ["A1"]), [["row-5", "A1"]]),
      populationSize: 100_000,
      allowedDeviations: 0,
      exceptions: [exc({ cause: "x" })],
    });
    expect(s.conclusion).toBe("ineffective");
    expect(s.extendSample).toEqual({ suggestedAdditional: 29 });
  });

  it("gives no suggestion without a period, and turns invalid input into a reason", () => {
    expect(suggestion({ period: null }).conclusion).toBeNull();
    const s = suggestion({ period: { start: "2026-12-31", end: "2026-01-01" } });
    expect(s.conclusion).toBeNull();
    expect(s.reasons.join(" ")).toMatch(/end on or after/);
  });
});

describe("conclusionProblems", () => {
  const facts = { itemsTested: 25, populationSize: 300, exceptions: [] as ExceptionFacts[] };

  it("refuses not-occurred when items were tested or the population is not empty", () => {
    expect(conclusionProblems("not-occurred", facts)).toHaveLength(2);
    expect(conclusionProblems("not-occurred", { itemsTested: 0, populationSize: 0, exceptions: [] })).toEqual(
      [],
    );
  });

  it("refuses effective with an exception or with nothing tested", () => {
    expect(conclusionProblems("effective", facts)).toEqual([]);
    expect(
      conclusionProblems("effective", { ...facts, exceptions: [exc({ classification: "isolated" })] })[0],
    ).toMatch(/EXC-001 recorded/);
    expect(conclusionProblems("effective", { ...facts, itemsTested: 0 })[0]).toMatch(/at least one item/);
  });

  it("refuses effective with exceptions when there is none, one is systematic or a design deficiency", () => {
    expect(conclusionProblems("effective-with-exceptions", facts)[0]).toMatch(/no exception/);
    expect(
      conclusionProblems("effective-with-exceptions", {
        ...facts,
        exceptions: [exc({ classification: "isolated" })],
      }),
    ).toEqual([]);
    expect(
      conclusionProblems("effective-with-exceptions", {
        ...facts,
        exceptions: [exc({ classification: "systematic" })],
      })[0],
    ).toMatch(/systematic/);
    expect(
      conclusionProblems("effective-with-exceptions", {
        ...facts,
        exceptions: [exc({ classification: "isolated", kind: "design-deficiency" })],
      })[0],
    ).toMatch(/design deficiency/);
  });

  it("never refuses ineffective", () => {
    expect(conclusionProblems("ineffective", facts)).toEqual([]);
    expect(
      conclusionProblems("ineffective", { itemsTested: 0, populationSize: null, exceptions: [] }),
    ).toEqual([]);
  });
});

describe("controlConclusionOf", () => {
  it("maps workpaper conclusions to the opinion's control conclusions", () => {
    expect(controlConclusionOf("ineffective")).toBe("not-effective");
    expect(controlConclusionOf(null)).toBe("needs-judgement");
    expect(controlConclusionOf("effective-with-exceptions")).toBe("effective-with-exceptions");
  });
});
