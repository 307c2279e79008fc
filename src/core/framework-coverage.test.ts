import { describe, expect, it } from "vitest";
import {
  type CoverageControl,
  controlFrameworks,
  criterionState,
  frameworkCoverage,
  requirementCoverage,
} from "./framework-coverage.js";
import type { Framework } from "./frameworks.js";

const FW: Framework = {
  id: "test-fw",
  name: "Test framework",
  version: "1",
  source: "test",
  jurisdiction: "Nowhere",
  requirements: [
    { id: "R1", title: "Encrypt data", group: "Security" },
    { id: "R2", title: "Tell people of breaches", group: "Breach" },
    { id: "R3", title: "Appoint an officer", group: "Governance" },
    { id: "R4", title: "Unmapped duty", group: "Governance" },
  ],
  mappings: [
    { requirementId: "R1", criterionId: "CC6.1", relationship: "intersects-with", rationale: "a" },
    { requirementId: "R1", criterionId: "CC6.7", relationship: "intersects-with", rationale: "b" },
    { requirementId: "R2", criterionId: "P6.6", relationship: "equivalent-to", rationale: "c" },
    { requirementId: "R2", criterionId: "CC7.4", relationship: "subset-of", rationale: "d" },
    { requirementId: "R3", criterionId: "CC1.3", relationship: "subset-of", rationale: "e" },
  ],
  unmapped: [{ requirementId: "R4", reason: "A duty of the regulator, not of the entity." }],
};

const control = (code: string, criteria: string[], status: CoverageControl["status"]): CoverageControl => ({
  id: `id-${code}`,
  code,
  title: code,
  criteria,
  status,
});

describe("criterionState and requirementCoverage", () => {
  it("a criterion is met only through an implemented control", () => {
    expect(criterionState([])).toBe("missing");
    expect(criterionState([control("A", [], "not_started")])).toBe("in_progress");
    expect(criterionState([control("A", [], "not_started"), control("B", [], "implemented")])).toBe("met");
  });
  it("a requirement is covered when all its criteria are met, not covered when none has a control", () => {
    expect(requirementCoverage([])).toBe("not_mapped");
    expect(requirementCoverage(["met", "met"])).toBe("covered");
    expect(requirementCoverage(["met", "missing"])).toBe("partial");
    expect(requirementCoverage(["in_progress", "missing"])).toBe("partial");
    expect(requirementCoverage(["missing", "missing"])).toBe("not_covered");
  });
});

describe("frameworkCoverage", () => {
  const controls = [
    control("IAM-01", ["CC6.1", "CC6.2"], "implemented"),
    control("ENC-01", ["CC6.7"], "implemented"),
    control("IR-01", ["CC7.4"], "in_progress"),
    control("GOV-01", ["CC1.3"], "not_applicable"),
  ];

  it("classifies each requirement and counts them", () => {
    const result = frameworkCoverage(FW, controls);
    const byId = new Map(result.requirements.map((r) => [r.requirementId, r.coverage]));
    expect(byId.get("R1")).toBe("covered");
    expect(byId.get("R2")).toBe("partial");
    // A not-applicable control serves nothing.
    expect(byId.get("R3")).toBe("not_covered");
    expect(byId.get("R4")).toBe("not_mapped");
    expect(result.requirements.find((r) => r.requirementId === "R4")?.unmappedReason).toMatch(/regulator/);
    expect(result.requirements.find((r) => r.requirementId === "R1")?.unmappedReason).toBeNull();
    expect(result.summary).toMatchObject({
      requirements: 4,
      covered: 1,
      partial: 1,
      notCovered: 1,
      notMapped: 1,
    });
    // (1 + 0.5) / 3 mapped requirements.
    expect(result.summary.percent).toBe(50);
  });

  it("lists the gaps with the criteria still needed and why", () => {
    const result = frameworkCoverage(FW, controls);
    expect(result.gaps).toEqual([
      {
        requirementId: "R2",
        title: "Tell people of breaches",
        coverage: "partial",
        needs: [
          { criterionId: "P6.6", state: "missing" },
          { criterionId: "CC7.4", state: "in_progress" },
        ],
      },
      {
        requirementId: "R3",
        title: "Appoint an officer",
        coverage: "not_covered",
        needs: [{ criterionId: "CC1.3", state: "missing" }],
      },
    ]);
  });

  it("names the serving controls, implemented first, and keeps each link's relationship", () => {
    const result = frameworkCoverage(FW, [
      control("ZZ-09", ["CC6.1"], "implemented"),
      control("AA-01", ["CC6.1"], "not_started"),
      control("BB-02", ["CC6.1"], "implemented"),
    ]);
    const r1 = result.requirements.find((r) => r.requirementId === "R1");
    expect(r1?.criteria[0]).toMatchObject({
      criterionId: "CC6.1",
      relationship: "intersects-with",
      state: "met",
      controls: ["BB-02", "ZZ-09", "AA-01"],
    });
    expect(r1?.coverage).toBe("partial");
  });

  it("flags mapped criteria outside the engagement's scope without changing coverage", () => {
    const scoped = frameworkCoverage(FW, controls, ["CC6.1", "CC6.7", "CC7.4", "CC1.3"]);
    expect(scoped.summary.criteriaOutsideScope).toEqual(["P6.6"]);
    const p66 = scoped.requirements.find((r) => r.requirementId === "R2")?.criteria[0];
    expect(p66).toMatchObject({ criterionId: "P6.6", inScope: false });
    expect(frameworkCoverage(FW, controls).summary.criteriaOutsideScope).toEqual([]);
    expect(scoped.summary.covered).toBe(1);
  });

  it("an organization without controls covers nothing", () => {
    const result = frameworkCoverage(FW, []);
    expect(result.summary).toMatchObject({ covered: 0, partial: 0, notCovered: 3, percent: 0 });
  });
});

describe("controlFrameworks", () => {
  it("lists the requirements a control's criteria reach, with the links used", () => {
    const matches = controlFrameworks([FW], ["CC6.7", "CC7.4", "A1.2"]);
    expect(matches).toEqual([
      {
        frameworkId: "test-fw",
        frameworkName: "Test framework",
        requirements: [
          {
            requirementId: "R1",
            title: "Encrypt data",
            group: "Security",
            via: [{ criterionId: "CC6.7", relationship: "intersects-with" }],
          },
          {
            requirementId: "R2",
            title: "Tell people of breaches",
            group: "Breach",
            via: [{ criterionId: "CC7.4", relationship: "subset-of" }],
          },
        ],
      },
    ]);
  });
  it("omits frameworks the control does not reach", () => {
    expect(controlFrameworks([FW], ["A1.3"])).toEqual([]);
  });
});
