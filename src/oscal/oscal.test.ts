import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildAssessmentPlan, buildAssessmentResults } from "./assessment.js";
import { buildCatalog, buildProfile } from "./catalog.js";
import { uuidV5 } from "./common.js";
import { buildMappingCollection } from "./mapping.js";
import { buildPoam } from "./poam.js";
import { buildSsp } from "./ssp.js";
import { createOscalValidator } from "./validate.js";

const schema = JSON.parse(
  readFileSync(
    new URL("../../test/fixtures/oscal/oscal_complete_schema-1.2.2.json", import.meta.url),
    "utf8",
  ),
) as object;
const validator = createOscalValidator(schema);
const document = { title: "Paysetu SOC 2", lastModified: "2026-11-27T04:30:00.000Z", version: "1" };
const criteria = [
  {
    id: "CC6.1",
    category: "CC",
    series: "CC6",
    title: "Logical access  security",
    guidance: "  Access is limited.  ",
  },
  {
    id: "CC8.1",
    category: "CC",
    series: "CC8",
    title: "Change management",
    guidance: "Changes are approved.",
  },
  {
    id: "A1.2",
    category: "A",
    series: "A1",
    title: "Recovery infrastructure",
    guidance: "Backups are tested.",
  },
];
const line = {
  controlId: "ctl-1",
  code: "AC-01",
  title: "Quarterly access review",
  criteria: ["CC6.1"],
  frequency: "quarterly",
  automation: "manual",
  procedures: [
    { method: "inquiry", description: "Ask the CISO how reviews run." },
    { method: "inspection", description: "Inspect the signed review." },
  ],
  attributes: [{ id: "a1", text: "Review signed within 10 days of quarter end" }],
  populationSource: "Jira export of review tickets",
  sampleRule: "2 of 4 quarters",
};
const exception = {
  exceptionId: "x-1",
  ref: "EXC-001",
  workpaperId: "wp-1",
  controlCode: "AC-01",
  criteria: ["CC6.1"],
  kind: "operating-deviation",
  description: "Q3 review signed 24 days late.",
  deviations: 1,
  tested: 2,
  classification: "isolated",
  status: "accepted",
};

const expectValid = (doc: unknown) => {
  const result = validator.validate(doc);
  expect(result.ok ? [] : result.problems).toEqual([]);
  return result;
};

const models = () => ({
  catalog: buildCatalog({
    document,
    series: [
      { id: "CC6", name: "Logical and Physical Access Controls", category: "CC" },
      { id: "CC8", name: "Change Management", category: "CC" },
      { id: "A1", name: "Availability", category: "A" },
      { id: "P1", name: "Notice", category: "P" },
    ],
    criteria,
    categoryNames: { CC: "Security", A: "Availability" },
  }),
  profile: buildProfile({
    document,
    catalogHref: "catalog.json",
    scopeKey: "e-1",
    criterionIds: ["CC6.1", "A1.2"],
    notRelevant: [{ criterionId: "A1.2", reason: "No recovery site." }],
  }),
  ssp: buildSsp({
    document,
    profileHref: "profile.json",
    systemKey: "e-1",
    systemName: "Paysetu UPI switch",
    organizationName: "Paysetu",
    description: {
      services: "UPI payments for merchants.",
      commitments: "99.9% uptime",
      requirements: "",
      components: {
        infrastructure: "AWS Mumbai",
        software: "",
        people: "40 engineers",
        procedures: "",
        data: "Payment data",
      },
      boundaries: "",
      controlsNarrative: "",
      notRelevant: [],
      cuecs: [{ text: "Merchants protect API keys.", criteria: ["CC6.1"] }],
    },
    subserviceOrgs: [{ id: "s-1", name: "AWS", services: "Hosting", method: "carve-out" }],
    criterionIds: ["CC6.1", "CC8.1"],
    controls: [{ code: "AC-01", title: "Access review", description: "Quarterly.", criteria: ["CC6.1"] }],
  }),
  plan: buildAssessmentPlan({
    document,
    sspHref: "ssp.json",
    engagementKey: "e-1",
    periodStart: "2026-04-01",
    periodEnd: "2027-03-31",
    programVersion: 2,
    programStatus: "approved",
    criterionIds: ["CC6.1"],
    lines: [line],
  }),
  results: buildAssessmentResults({
    document,
    planHref: "plan.json",
    engagementKey: "e-1",
    title: "Type 2 testing",
    periodStart: "2026-04-01",
    periodEnd: "2027-03-31",
    criterionIds: ["CC6.1"],
    workpapers: [
      {
        workpaperId: "wp-1",
        controlId: "ctl-1",
        code: "AC-01",
        title: "Quarterly access review",
        criteria: ["CC6.1"],
        methods: ["inquiry", "inspection"],
        status: "reviewed",
        conclusion: "effective-with-exceptions",
        conclusionNote: "",
        items: 2,
        pass: 1,
        fail: 1,
        na: 0,
        collected: "2026-11-01T10:00:00.000Z",
      },
    ],
    deviations: [exception],
  }),
  poam: buildPoam({
    document,
    sspHref: "ssp.json",
    systemKey: "e-1",
    asOf: "2026-11-27",
    exceptions: [
      {
        ...exception,
        controlTitle: "Quarterly access review",
        cause: "Reviewer on leave",
        response: {
          response: "Agreed.",
          remediation: "Backup reviewer named.",
          remediationDate: "2026-12-15",
          decision: "accepted",
          respondedAt: "2026-11-10T09:00:00.000Z",
        },
      },
      { ...exception, exceptionId: "x-2", ref: "EXC-002", controlTitle: "Review", cause: "", response: null },
    ],
  }),
  mapping: buildMappingCollection({
    document,
    catalogHref: "catalog.json",
    frameworks: [
      {
        id: "dpdp-2023",
        name: "DPDP Act",
        version: "2023",
        source: "Act 22 of 2023",
        mappings: [
          {
            requirementId: "s8(5)",
            criterionId: "CC6.1",
            relationship: "intersects-with",
            rationale: "Both ask for safeguards.",
          },
        ],
      },
      { id: "empty", name: "Empty", version: "1", source: "none", mappings: [] },
    ],
  }),
});

describe("OSCAL builders", () => {
  it("build documents that validate against NIST's OSCAL 1.2.2 schema, each as its own model", () => {
    const m = models();
    expect(expectValid(m.catalog)).toEqual({ ok: true, model: "catalog" });
    expect(expectValid(m.profile)).toEqual({ ok: true, model: "profile" });
    expect(expectValid(m.ssp)).toEqual({ ok: true, model: "system-security-plan" });
    expect(expectValid(m.plan)).toEqual({ ok: true, model: "assessment-plan" });
    expect(expectValid(m.results)).toEqual({ ok: true, model: "assessment-results" });
    expect(expectValid(m.poam)).toEqual({ ok: true, model: "plan-of-action-and-milestones" });
    expect(expectValid(m.mapping)).toEqual({ ok: true, model: "mapping-collection" });
  });

  it("carry the content: criteria as controls in series groups, scope as selected ids, deviations as findings", () => {
    const m = models();
    const groups = m.catalog.catalog.groups ?? [];
    expect(groups.map((g) => g.id)).toEqual(["cc6", "cc8", "a1"]);
    expect(groups[0]?.controls[0]).toMatchObject({ id: "cc6.1", title: "Logical access security" });
    expect(m.profile.profile.imports[0]).toEqual({
      href: "catalog.json",
      "include-controls": [{ "with-ids": ["cc6.1", "a1.2"] }],
    });
    const result = m.results["assessment-results"].results[0];
    expect(result?.findings?.[0]?.target.status).toEqual({ state: "not-satisfied", reason: "fail" });
    expect(result?.findings?.[0]?.["related-observations"]).toEqual([
      { "observation-uuid": result?.observations?.[0]?.uuid },
    ]);
    const poam = m.poam["plan-of-action-and-milestones"];
    expect(poam.risks?.map((r) => r.status)).toEqual(["remediating", "open"]);
    expect(poam.risks?.[0]?.deadline).toBe("2026-12-15T00:00:00Z");
    const collection = m.mapping["mapping-collection"];
    expect(collection.mappings.map((x) => x.maps.length)).toEqual([1]);
    expect(collection.mappings[0]?.maps[0]).toMatchObject({
      relationship: "intersects-with",
      sources: [{ type: "control", "id-ref": "s8(5)" }],
      targets: [{ type: "control", "id-ref": "cc6.1" }],
      remarks: "Both ask for safeguards.",
    });
    expect(collection.mappings[0]?.["source-resource"].href).toBe(
      `#${collection["back-matter"].resources[0]?.uuid}`,
    );
  });

  it("still validate for an engagement with nothing yet: no scope, description, program, tests or exceptions", () => {
    const empty = { infrastructure: "", software: "", people: "", procedures: "", data: "" };
    const period = { periodStart: "2026-09-30", periodEnd: "2026-09-30" };
    const docs = [
      buildProfile({ document, catalogHref: "catalog.json", scopeKey: "e-2", criterionIds: [] }),
      buildSsp({
        document,
        profileHref: "profile.json",
        systemKey: "e-2",
        systemName: " ",
        organizationName: "Paysetu",
        description: {
          services: "",
          commitments: "",
          requirements: "",
          components: empty,
          boundaries: "",
          controlsNarrative: "",
          notRelevant: [],
          cuecs: [],
        },
        subserviceOrgs: [],
        criterionIds: ["CC1.1"],
        controls: [],
      }),
      buildAssessmentPlan({
        document,
        sspHref: "ssp.json",
        engagementKey: "e-2",
        ...period,
        programVersion: null,
        programStatus: null,
        criterionIds: [],
        lines: [],
      }),
      buildAssessmentResults({
        document,
        planHref: "plan.json",
        engagementKey: "e-2",
        title: "",
        ...period,
        criterionIds: ["CC1.1"],
        workpapers: [],
        deviations: [],
      }),
      buildPoam({ document, sspHref: "ssp.json", systemKey: "e-2", asOf: "2026-11-27", exceptions: [] }),
    ];
    for (const doc of docs) expectValid(doc);
    const poam = docs[4] as ReturnType<typeof buildPoam>;
    expect(poam["plan-of-action-and-milestones"]["poam-items"]).toEqual([
      expect.objectContaining({ title: "No exceptions to remediate" }),
    ]);
    expect((docs[0] as ReturnType<typeof buildProfile>).profile.imports[0]).toEqual({
      href: "catalog.json",
      "include-all": {},
    });
  });

  it("names objects with deterministic version 5 UUIDs", () => {
    expect(JSON.stringify(models())).toBe(JSON.stringify(models()));
    expect(uuidV5("a")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidV5("a")).not.toBe(uuidV5("b"));
  });

  it("rejects a broken document with the path of the first problem", () => {
    const broken = structuredClone(models().catalog) as {
      catalog: { groups: { controls: { id: string }[] }[] };
    };
    const control = broken.catalog.groups[0]?.controls[0];
    if (control) control.id = "6 bad id";
    const result = validator.validate(broken);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.path).toBe("/catalog/groups/0/controls/0/id");

    const noTitle = structuredClone(models().poam) as {
      "plan-of-action-and-milestones": { metadata: { title?: string } };
    };
    delete noTitle["plan-of-action-and-milestones"].metadata.title;
    const second = validator.validate(noTitle);
    expect(second).toMatchObject({
      ok: false,
      problems: [{ path: "/plan-of-action-and-milestones/metadata" }],
    });

    expect(validator.validate({ hello: 1 })).toMatchObject({
      ok: false,
      model: null,
      problems: [{ path: "" }],
    });
  });

  it("refuses a mapping collection without any mapping", () => {
    expect(() => buildMappingCollection({ document, catalogHref: "c.json", frameworks: [] })).toThrow(
      /No framework/,
    );
  });
});
