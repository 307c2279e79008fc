import { describe, expect, it } from "vitest";
import { checkCompleteness, emptySystemDescription, type SystemDescription } from "./system-description.js";

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");

const complete = (): SystemDescription => ({
  ...emptySystemDescription(),
  services: words(20),
  commitments: words(20),
  requirements: words(20),
  components: {
    infrastructure: words(20),
    software: words(20),
    people: words(20),
    procedures: words(20),
    data: words(20),
  },
  boundaries: words(20),
  noIncidents: true,
  noCuecs: true,
  noChanges: true,
  subservice: [
    {
      subserviceId: "aws",
      csocs: [{ text: "Physical access to data centres is restricted", criteria: ["CC6.4"] }],
      monitoring: "Annual review of the AWS SOC 2 Type 2 report and its bridge letter",
      reportType: "soc2-type2",
      reportPeriodStart: "2025-10-01",
      reportPeriodEnd: "2026-09-30",
    },
  ],
});

const base = {
  type: "type2" as const,
  criteria: [
    { id: "CC6.1", covered: true },
    { id: "A1.2", covered: true },
  ],
  subserviceOrgs: [{ id: "aws", name: "Amazon Web Services", method: "carve-out" }],
};

describe("system description completeness (DC 200)", () => {
  it("is complete when every section is filled or explicitly confirmed empty", () => {
    expect(checkCompleteness({ ...base, description: complete() })).toEqual([]);
  });

  it("lists each missing section of an empty description", () => {
    const missing = checkCompleteness({ ...base, description: emptySystemDescription() });
    const sections = new Set(missing.map((m) => m.section));
    for (const s of ["DC1", "DC2", "DC3", "DC4", "DC6", "DC7", "DC9"])
      expect(sections.has(s as never)).toBe(true);
    expect(missing.filter((m) => m.section === "DC3")).toHaveLength(6);
  });

  it("needs DC9 only for Type 2", () => {
    const d = { ...complete(), noChanges: false };
    expect(checkCompleteness({ ...base, description: d }).map((m) => m.section)).toEqual(["DC9"]);
    expect(checkCompleteness({ ...base, type: "type1", description: d })).toEqual([]);
  });

  it("names criteria without controls unless marked not relevant with a reason (DC5, DC8)", () => {
    const criteria = [...base.criteria, { id: "P3.1", covered: false }];
    const missing = checkCompleteness({ ...base, criteria, description: complete() });
    expect(missing).toEqual([{ section: "DC5", message: expect.stringContaining("P3.1") }]);
    const withReason = {
      ...complete(),
      notRelevant: [{ criterionId: "P3.1", reason: "We never collect personal information directly." }],
    };
    expect(checkCompleteness({ ...base, criteria, description: withReason })).toEqual([]);
    const noReason = { ...complete(), notRelevant: [{ criterionId: "P3.1", reason: " " }] };
    const sections = checkCompleteness({ ...base, criteria, description: noReason }).map((m) => m.section);
    expect(sections).toEqual(["DC5", "DC8"]);
  });

  it("needs complementary controls, monitoring and the report period of each carved-out subservice organization", () => {
    const d = { ...complete(), subservice: [] };
    const missing = checkCompleteness({ ...base, description: d });
    expect(missing.map((m) => m.message)).toEqual([
      "List the complementary controls expected of Amazon Web Services.",
      "Describe how Amazon Web Services is monitored.",
    ]);
    const noPeriod = { ...complete(), subservice: [{ ...complete().subservice[0]!, reportPeriodEnd: "" }] };
    expect(checkCompleteness({ ...base, description: noPeriod })[0]?.message).toMatch(/period covered/);
  });

  it("refuses an incident without its nature, extent and resolution (DC4)", () => {
    const d = {
      ...complete(),
      noIncidents: false,
      incidents: [
        {
          date: "2026-05-02",
          nature: "Credential stuffing against the merchant portal",
          extent: "",
          resolution: "",
        },
      ],
    };
    expect(checkCompleteness({ ...base, description: d })).toEqual([
      { section: "DC4", message: "Incident 1 needs its date, nature, extent and resolution." },
    ]);
  });

  it("treats a one-line section as missing", () => {
    const d = { ...complete(), services: "Payments." };
    expect(checkCompleteness({ ...base, description: d })[0]?.section).toBe("DC1");
  });
});
