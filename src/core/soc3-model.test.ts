import { describe, expect, it } from "vitest";
import { AppError } from "./errors.js";
import type { ReportBlock, ReportInput, ReportModel } from "./report-types.js";
import { buildSoc3Model, type Soc3Input } from "./soc3-model.js";
import { emptySystemDescription } from "./system-description.js";

// A small Type 2 input with controls, tests and a deviation, so the SOC 3 can be shown to leave them out.
const paymentsType2 = (): ReportInput => ({
  firm: {
    name: "Mehta Raman & Associates LLP",
    city: "New York, New York",
    licence: "CPA firm licence 0123456",
    partner: { name: "Anjali Mehta, CPA", licenceNumber: "NY-098765" },
  },
  organization: {
    name: "PayRail Technologies Private Limited",
    systemName: "payment aggregation platform",
    services: "Payment aggregation for online merchants",
    assertionSigner: { name: "Rohan Iyer", title: "Chief Technology Officer" },
  },
  engagement: {
    id: "eng-1",
    type: "type2",
    periodStart: "2025-04-01",
    periodEnd: "2026-03-31",
    categories: ["CC", "A"],
  },
  description: {
    ...emptySystemDescription(),
    services: "Payment aggregation for online merchants in India.",
    commitments: "PayRail commits to merchants that the payment APIs are available 99.95 % of each month.",
    requirements: "Production access needs a second approver.",
    boundaries: "The production environment; card networks and banks are outside the boundary.",
    cuecs: [{ text: "Merchants protect their API keys.", criteria: ["CC6.1"] }],
  },
  subserviceOrgs: [{ id: "aws", name: "Amazon Web Services", services: "hosting", method: "carve-out" }],
  criteria: [
    { id: "CC6.1", title: "Logical access" },
    { id: "CC8.1", title: "Change management" },
  ],
  controls: [
    {
      code: "IAM-07",
      title: "Quarterly access review",
      description: "Owners review production access every quarter.",
      criteria: ["CC6.1"],
      tests: [
        {
          method: "inspection",
          procedure: "Inspected the four quarterly reviews for sign-off.",
          populationSize: 4,
          sampleSize: 4,
          deviationRefs: ["EX-01"],
        },
      ],
      deviations: [
        {
          ref: "EX-01",
          description: "One review was signed late.",
          deviations: 1,
          tested: 4,
          classification: "isolated",
        },
      ],
    },
    {
      code: "CHG-02",
      title: "Change approval",
      description: "Every change is approved by a second engineer.",
      criteria: ["CC8.1"],
      tests: [
        {
          method: "reperformance",
          procedure: "Reperformed approvals for 25 merged changes.",
          populationSize: 900,
          sampleSize: 25,
        },
      ],
      deviations: [],
    },
  ],
  managementResponses: [{ deviationRef: "EX-01", response: "Reviews now have a calendar reminder." }],
  opinion: { kind: "unmodified" },
  report: { version: 1, date: "2026-05-15", draft: false },
});

const paymentsType2Qualified = (): ReportInput => ({
  ...paymentsType2(),
  opinion: {
    kind: "qualified",
    basis: "Access was removed late for 2 of the 25 leavers we tested (criterion CC6.2).",
  },
});

const paymentsType1 = (): ReportInput => {
  const base = paymentsType2();
  return {
    ...base,
    engagement: {
      ...base.engagement,
      type: "type1",
      asOfDate: "2025-03-31",
      periodStart: undefined,
      periodEnd: undefined,
    },
  };
};

const blockText = (b: ReportBlock): string[] => {
  switch (b.kind) {
    case "heading":
    case "paragraph":
      return [b.text];
    case "list":
      return [...b.items];
    case "table":
      return [...b.columns.map((c) => c.header), ...b.rows.flat()];
    case "control":
      return [b.code, b.title, b.description];
    case "signature":
      return [...b.lines];
  }
};

const allText = (m: ReportModel): string =>
  [
    ...Object.values(m.cover).flat(),
    ...m.sections.flatMap((s) => [s.title, ...s.blocks.flatMap(blockText)]),
  ].join("\n");

const codeOf = (e: unknown): string | undefined => (e instanceof AppError ? e.code : undefined);
const failure = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (e) {
    expect(codeOf(e)).toBe("VALIDATION");
    return e as AppError;
  }
  throw new Error("expected a VALIDATION error");
};

describe("buildSoc3Model", () => {
  it("has the opinion on the assertion, the assertion and the boundaries, and no controls or tests", () => {
    const input = paymentsType2();
    const model = buildSoc3Model(input);
    expect(model.sections.map((s) => s.id)).toEqual(["I", "II", "III"]);
    const text = allText(model);
    expect(text).toContain("management's assertion that the controls within PayRail");
    expect(text).toContain("is fairly stated, in all material respects");
    expect(text).toContain("throughout the period 1 April 2025 to 31 March 2026");
    expect(text).toContain(input.description.boundaries);
    expect(text).toContain(input.description.commitments);
    expect(text).toContain("AT-C section 205");
    for (const c of input.controls) {
      expect(text).not.toContain(c.code);
      expect(text).not.toContain(c.description);
      for (const t of c.tests ?? []) expect(text).not.toContain(t.procedure);
    }
    expect(text).not.toMatch(/No exceptions noted|deviat|Section IV|Restricted use/i);
    expect(
      model.sections.flatMap((s) => s.blocks).some((b) => b.kind === "control" || b.kind === "table"),
    ).toBe(false);
  });

  it("refuses a Type 1 engagement", () => {
    const e = failure(() => buildSoc3Model(paymentsType1()));
    expect(e.message).toMatch(/only for a Type 2/);
  });

  it("carries a qualified opinion with its basis, in the opinion and the assertion", () => {
    const input: Soc3Input = {
      ...paymentsType2Qualified(),
      report: { version: 2, date: "2026-05-15", draft: false },
    };
    const text = allText(buildSoc3Model(input));
    expect(text).toContain("Basis for qualified opinion");
    expect(text).toContain("except for the effects of the matter");
    expect(text).toContain("Except for the matter described in the preceding paragraph, we assert");
    expect(text).toContain(input.opinion.basis ?? "?");
  });

  it("refuses an adverse opinion, a draft, a date before the period ends and missing boundaries", () => {
    const base = paymentsType2();
    failure(() => buildSoc3Model({ ...base, opinion: { kind: "adverse", basis: "Pervasive failures." } }));
    failure(() => buildSoc3Model({ ...base, report: { ...base.report, draft: true } }));
    failure(() => buildSoc3Model({ ...base, report: { ...base.report, date: "2026-03-30" } }));
    const e = failure(() =>
      buildSoc3Model({ ...base, description: { ...base.description, boundaries: " " } }),
    );
    expect(e.message).toMatch(/boundaries/);
  });

  it("is general use: the cover says so", () => {
    const model = buildSoc3Model(paymentsType2());
    expect(model.cover.lines.join(" ")).toContain("General use");
    expect(model.header.reportKind).toBe("SOC 3");
  });
});
