import { describe, expect, it } from "vitest";
import { isCriterionId } from "../core/criteria.js";
import { evaluateRequirement, type RequirementFacts } from "../core/readiness.js";
import { findLibraryControl } from "./control-library.js";
import {
  findReadinessRequirement,
  parseReadinessRequirements,
  READINESS_REQUIREMENTS,
  type ReadinessRequirement,
} from "./readiness-requirements.js";

const requirement = (id: string): ReadinessRequirement => {
  const found = findReadinessRequirement(id);
  if (!found) throw new Error(`requirement ${id} is missing`);
  return found;
};

const sentences = (text: string): string[] => text.split(/[.!?](?:\s+|$)/).filter((s) => s.trim() !== "");

describe("readiness requirements", () => {
  it("lists the twelve practical requirements, each once", () => {
    expect(READINESS_REQUIREMENTS.map((r) => r.id)).toEqual([
      "mfa-privileged",
      "access-reviews",
      "encryption",
      "central-logging",
      "vulnerability-management",
      "bcp-dr-tested",
      "vendor-risk",
      "security-training",
      "incident-response",
      "annual-pentest",
      "policy-set",
      "system-description",
    ]);
  });

  it("links only controls that exist in the library and only valid criteria", () => {
    for (const r of READINESS_REQUIREMENTS) {
      expect(r.controlIds.length, r.id).toBeGreaterThan(0);
      expect(
        r.controlIds.filter((id) => !findLibraryControl(id)),
        r.id,
      ).toEqual([]);
      expect(
        r.criteria.filter((id) => !isCriterionId(id)),
        r.id,
      ).toEqual([]);
    }
  });

  it("names only criteria that its linked controls actually address", () => {
    for (const r of READINESS_REQUIREMENTS) {
      const addressed = new Set(r.controlIds.flatMap((id) => findLibraryControl(id)?.criteria ?? []));
      expect(
        r.criteria.filter((id) => !addressed.has(id)),
        r.id,
      ).toEqual([]);
    }
  });

  it("judges the policy set on policies, the description on the description, the rest on evidence", () => {
    expect(requirement("policy-set").basis).toBe("policy");
    expect(requirement("system-description").basis).toBe("description");
    const others = READINESS_REQUIREMENTS.filter((r) => !["policy-set", "system-description"].includes(r.id));
    expect(others).toHaveLength(10);
    for (const r of others) expect(r.basis, r.id).toBe("evidence");
  });

  it("explains why each requirement matters in one or two sentences", () => {
    for (const r of READINESS_REQUIREMENTS) {
      const count = sentences(r.why).length;
      expect(count, r.id).toBeGreaterThanOrEqual(1);
      expect(count, r.id).toBeLessThanOrEqual(2);
    }
  });

  it("links the controls an auditor would expect for the key requirements", () => {
    expect(requirement("mfa-privileged").controlIds).toContain("IAM-03");
    expect(requirement("mfa-privileged").criteria).toContain("CC6.1");
    expect(requirement("access-reviews").controlIds).toContain("IAM-06");
    expect(requirement("encryption").controlIds).toEqual(expect.arrayContaining(["ENC-01", "ENC-02"]));
    expect(requirement("central-logging").controlIds).toContain("LOG-01");
    expect(requirement("vulnerability-management").controlIds).toContain("VUL-02");
    expect(requirement("bcp-dr-tested").controlIds).toEqual(expect.arrayContaining(["BCP-03", "BCP-04"]));
    expect(requirement("bcp-dr-tested").criteria).toContain("A1.3");
    expect(requirement("vendor-risk").criteria).toEqual(["CC9.2"]);
    expect(requirement("incident-response").controlIds).toContain("INC-04");
    expect(requirement("annual-pentest").controlIds).toEqual(["VUL-03"]);
    expect(requirement("system-description").controlIds).toEqual(["GOV-06"]);
  });

  it("is frozen", () => {
    expect(Object.isFrozen(READINESS_REQUIREMENTS)).toBe(true);
    expect(Object.isFrozen(requirement("encryption").controlIds)).toBe(true);
  });

  it("evaluates as met when every linked control is implemented with fresh evidence", () => {
    const ids = [...new Set(READINESS_REQUIREMENTS.flatMap((r) => r.controlIds))];
    const facts: RequirementFacts = {
      controls: ids.map((id) => ({
        libraryId: id,
        code: id,
        status: "implemented",
        hasEvidence: true,
        evidenceOverdue: false,
        owner: "Asha",
      })),
      policiesNotReady: [],
      policyCount: 14,
      policyOwner: "Ravi",
      descriptionGaps: [],
      descriptionExists: true,
      descriptionOwner: "Meera",
    };
    for (const r of READINESS_REQUIREMENTS) expect(evaluateRequirement(r, facts).met, r.id).toBe(true);
    const stale = { ...facts, controls: facts.controls.map((c) => ({ ...c, evidenceOverdue: true })) };
    const unmet = READINESS_REQUIREMENTS.filter((r) => !evaluateRequirement(r, stale).met).map((r) => r.id);
    expect(unmet).toHaveLength(10);
    expect(unmet).not.toContain("policy-set");
  });
});

describe("parseReadinessRequirements", () => {
  const shipped = (): Record<string, unknown>[] => READINESS_REQUIREMENTS.map((r) => ({ ...r }));
  const fails = (data: unknown, message: RegExp) =>
    expect(() => parseReadinessRequirements(data)).toThrow(message);

  it("accepts the shipped data", () => {
    expect(parseReadinessRequirements(shipped())).toHaveLength(12);
  });

  it("rejects a control that is not in the library", () => {
    const data = shipped();
    data[0] = { ...data[0], controlIds: ["IAM-99"] };
    fails(data, /links IAM-99, which is not in the control library/);
  });

  it("rejects an unknown criterion, an unknown basis, a duplicate id and a badly formed id", () => {
    const data = shipped();
    fails([{ ...data[0], criteria: ["CC9.9"] }], /readiness requirements are invalid/);
    fails([{ ...data[0], basis: "vibes" }], /basis/);
    fails([data[0], data[0]], /duplicate requirement mfa-privileged/);
    fails([{ ...data[0], id: "MFA Privileged" }], /lower-case/);
  });
});
