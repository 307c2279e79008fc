import { describe, expect, it } from "vitest";
import { formatDocPath, parseEngagementDoc } from "./engagement-yaml.js";

const minimal = {
  version: "fieldwork/v1",
  engagement: {
    name: "Paysetu SOC 2",
    type: "type2",
    periodStart: "2026-04-01",
    periodEnd: "2027-03-31",
    categories: ["CC", "C"],
  },
  controls: [
    {
      code: "IAM-01",
      domain: "identity",
      title: "MFA",
      description: "MFA for all.",
      criteria: ["CC6.1"],
      frequency: "continuous",
      automation: "automated",
    },
    {
      code: "ORG-01",
      domain: "governance",
      title: "Board",
      description: "Board oversight.",
      criteria: ["CC1.2"],
      frequency: "quarterly",
      automation: "manual",
      owner: "not-an-email",
    },
  ],
};

describe("engagement document (fieldwork/v1)", () => {
  it("fills defaults for a hand-written minimal file", () => {
    const r = parseEngagementDoc(minimal);
    expect(r.ok).toBe(false);
    const fixed = parseEngagementDoc({ ...minimal, controls: [minimal.controls[0]] });
    if (!fixed.ok) throw new Error(JSON.stringify(fixed.problems));
    expect(fixed.doc.controls[0]).toMatchObject({
      owner: null,
      status: "not_started",
      libraryId: null,
      evidence: [],
    });
    expect(fixed.doc.engagement.boundary.handles.personalData).toBe(false);
    expect(fixed.doc.policies).toEqual([]);
    expect(fixed.doc.systemDescription).toBeNull();
  });

  it("names the path of each problem", () => {
    const r = parseEngagementDoc(minimal);
    if (r.ok) throw new Error("expected problems");
    expect(r.problems[0]?.path).toBe("controls[1].owner");
    const bad = parseEngagementDoc({
      ...minimal,
      version: "v2",
      colour: "red",
      controls: [{ ...minimal.controls[0], criteria: ["CC9.9"] }],
    });
    if (bad.ok) throw new Error("expected problems");
    expect(bad.problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(["version", "controls[0].criteria[0]", "(document)"]),
    );
  });

  it("refuses duplicate control codes and description entries for unknown subservice organizations", () => {
    const r = parseEngagementDoc({
      ...minimal,
      controls: [minimal.controls[0], minimal.controls[0]],
      systemDescription: { subservice: [{ subservice: "AWS" }] },
    });
    if (r.ok) throw new Error("expected problems");
    expect(r.problems.map((p) => p.path)).toEqual([
      "controls[1].code",
      "systemDescription.subservice[0].subservice",
    ]);
  });

  it("orders controls, policies and subservice organizations canonically", () => {
    const r = parseEngagementDoc({
      ...minimal,
      engagement: {
        ...minimal.engagement,
        categories: ["C", "CC"],
        subserviceOrganizations: [
          { name: "Razorpay", service: "Payments", method: "carve-out" },
          { name: "AWS", service: "Hosting", method: "carve-out" },
        ],
      },
      controls: [{ ...minimal.controls[0], code: "ZZZ-01" }, minimal.controls[0]],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.doc.controls.map((c) => c.code)).toEqual(["IAM-01", "ZZZ-01"]);
    expect(r.doc.engagement.subserviceOrganizations.map((s) => s.name)).toEqual(["AWS", "Razorpay"]);
    expect(r.doc.engagement.categories).toEqual(["CC", "C"]);
    const f = parseEngagementDoc({
      ...minimal,
      controls: [
        {
          ...minimal.controls[0],
          frameworks: { "iso27001-2022": ["A.8.24", "A.5.12", "A.5.9"], dpdp: ["DPDP-s8(5)"] },
        },
      ],
    });
    if (!f.ok) throw new Error(JSON.stringify(f.problems));
    expect(f.doc.controls[0]?.frameworks).toEqual({
      dpdp: ["DPDP-s8(5)"],
      "iso27001-2022": ["A.5.9", "A.5.12", "A.8.24"],
    });
    expect(Object.keys(f.doc.controls[0]?.frameworks ?? {})).toEqual(["dpdp", "iso27001-2022"]);
  });

  it("formats paths like a person writes them", () => {
    expect(formatDocPath(["controls", 3, "owner"])).toBe("controls[3].owner");
    expect(formatDocPath(["engagement", "boundary", "services", 0])).toBe("engagement.boundary.services[0]");
  });
});
