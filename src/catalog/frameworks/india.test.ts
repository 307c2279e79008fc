import { describe, expect, it } from "vitest";
import { CRITERION_IDS } from "../../core/criteria.js";
import type { Framework } from "../../core/frameworks.js";
import { findFramework } from "./index.js";

/**
 * Checks specific to the Indian frameworks (DPDP Act, RBI Master Direction, SEBI CSCRF): the
 * sections, paragraphs and standards an Indian auditor would look for are present and linked where
 * expected. The structural checks shared by every framework live in frameworks.test.ts.
 */

const get = (id: string): Framework => {
  const f = findFramework(id);
  if (f === undefined) throw new Error(`framework ${id} is not registered`);
  return f;
};
const DPDP = get("dpdp-2023");
const RBI = get("rbi-itgrca-2023");
const SEBI = get("sebi-cscrf-2024");
const INDIAN = [DPDP, RBI, SEBI];

const links = (f: Framework): Set<string> =>
  new Set(f.mappings.map((m) => `${m.requirementId}|${m.criterionId}`));
const criteriaOf = (f: Framework, requirementId: string): string[] =>
  f.mappings.filter((m) => m.requirementId === requirementId).map((m) => m.criterionId);
const ids = (f: Framework): string[] => f.requirements.map((r) => r.id);

describe.each(INDIAN.map((f) => [f.id, f] as const))("%s: house style", (_, f) => {
  it("has short titles of our own, unique within the framework", () => {
    for (const r of f.requirements) {
      const words = r.title.split(/\s+/).filter((w) => w !== "");
      expect(words.length, r.id).toBeGreaterThanOrEqual(2);
      expect(words.length, r.id).toBeLessThanOrEqual(8);
      expect(r.title.length, r.id).toBeLessThanOrEqual(60);
    }
    const titles = f.requirements.map((r) => r.title.toLowerCase());
    expect(new Set(titles).size).toBe(titles.length);
  });

  it("claims no equivalence and uses subset-of sparingly", () => {
    // No public mapping of these instruments to the criteria exists; ours stays cautious.
    expect(f.mappings.filter((m) => m.relationship === "equivalent-to")).toEqual([]);
    const subsets = f.mappings.filter((m) => m.relationship === "subset-of");
    expect(subsets.length).toBeLessThan(f.mappings.length / 10);
  });

  it("writes each rationale once, as a sentence", () => {
    const rationales = f.mappings.map((m) => m.rationale);
    expect(new Set(rationales).size).toBe(rationales.length);
    for (const r of rationales) expect(r).toMatch(/^[A-Z].*\.$/);
  });
});

describe("DPDP Act 2023", () => {
  it("lists the fiduciary obligations of sections 4 to 10, the rights of 11 to 14, duties, transfers", () => {
    for (const id of [
      "DPDP-s4",
      "DPDP-s5(1)",
      "DPDP-s6(1)",
      "DPDP-s6(4)",
      "DPDP-s6(7)",
      "DPDP-s7",
      "DPDP-s8(2)",
      "DPDP-s8(3)",
      "DPDP-s8(5)",
      "DPDP-s8(6)",
      "DPDP-s8(7)",
      "DPDP-s8(9)",
      "DPDP-s8(10)",
      "DPDP-s9(1)",
      "DPDP-s10(2)(a)",
      "DPDP-s10(2)(b)",
      "DPDP-s10(2)(c)(i)",
      "DPDP-s11(1)(a)",
      "DPDP-s12(1)",
      "DPDP-s12(3)",
      "DPDP-s13",
      "DPDP-s14",
      "DPDP-s15",
      "DPDP-s16",
    ]) {
      expect(ids(DPDP)).toContain(id);
    }
    for (const id of ids(DPDP)) expect(id).toMatch(/^DPDP-(s\d+|R\d+)(\((\d+|[a-z]+)\))*$/);
  });

  it("includes Rule 7 of the DPDP Rules 2025 on breach intimation, tied to incident response", () => {
    expect(criteriaOf(DPDP, "DPDP-R7(1)")).toContain("P6.6");
    expect(criteriaOf(DPDP, "DPDP-R7(2)")).toEqual(expect.arrayContaining(["P6.6", "CC7.4"]));
    expect(criteriaOf(DPDP, "DPDP-s8(6)")).toEqual(expect.arrayContaining(["P6.6", "CC7.4"]));
  });

  it("ties security safeguards (s.8(5)) to the logical access and monitoring criteria", () => {
    expect(criteriaOf(DPDP, "DPDP-s8(5)")).toEqual(expect.arrayContaining(["CC6.1", "CC6.7", "CC7.2"]));
  });

  it("links the rights of data principals to the Privacy criteria on access, correction and complaints", () => {
    const l = links(DPDP);
    for (const link of ["DPDP-s11(1)(a)|P5.1", "DPDP-s12(1)|P5.2", "DPDP-s13|P8.1", "DPDP-s8(10)|P8.1"]) {
      expect(l).toContain(link);
    }
    for (const m of DPDP.mappings.filter((x) => /^DPDP-s1[1-3]\(/.test(x.requirementId))) {
      expect(m.criterionId, m.requirementId).toMatch(/^P\d/);
    }
  });

  it("reaches every one of the 18 Privacy criteria", () => {
    const reached = new Set(DPDP.mappings.map((m) => m.criterionId));
    const privacy = CRITERION_IDS.filter((c) => /^P\d/.test(c));
    expect(privacy).toHaveLength(18);
    for (const c of privacy) expect(reached, c).toContain(c);
  });

  it("leaves out only what no entity control can satisfy, with reasons", () => {
    expect((DPDP.unmapped ?? []).map((u) => u.requirementId).sort()).toEqual([
      "DPDP-s10(1)",
      "DPDP-s14",
      "DPDP-s15",
    ]);
  });
});

describe("RBI Master Direction on IT governance (2023)", () => {
  const paragraph = (id: string): number => Number(/^RBI-ITGRCA-(\d+)/.exec(id)?.[1]);

  it("covers every paragraph of chapters II to VI (4 to 30) under its chapter", () => {
    for (const id of ids(RBI)) expect(id).toMatch(/^RBI-ITGRCA-\d+(\([a-z]\))?$/);
    const paragraphs = new Set(ids(RBI).map(paragraph));
    expect([...paragraphs].sort((a, b) => a - b)).toEqual(Array.from({ length: 27 }, (_, i) => i + 4));
    const chapterOf = (p: number): string =>
      p <= 8 ? "II" : p <= 21 ? "III" : p <= 27 ? "IV" : p <= 29 ? "V" : "VI";
    for (const r of RBI.requirements)
      expect(r.group, r.id).toMatch(new RegExp(`^Chapter ${chapterOf(paragraph(r.id))} `));
  });

  it("maps every listed paragraph", () => {
    expect(RBI.unmapped ?? []).toEqual([]);
  });

  it("links its operational themes to the criteria an auditor expects", () => {
    const l = links(RBI);
    for (const link of [
      "RBI-ITGRCA-6|CC1.2",
      "RBI-ITGRCA-10|CC9.2",
      "RBI-ITGRCA-11|A1.1",
      "RBI-ITGRCA-13|CC8.1",
      "RBI-ITGRCA-15|CC7.2",
      "RBI-ITGRCA-18|CC6.4",
      "RBI-ITGRCA-19|CC6.3",
      "RBI-ITGRCA-26|CC7.1",
      "RBI-ITGRCA-27(a)|CC7.3",
      "RBI-ITGRCA-29(a)|A1.3",
      "RBI-ITGRCA-30(e)|CC4.1",
    ]) {
      expect(l).toContain(link);
    }
  });

  it("reaches the operations, change, continuity and availability criteria", () => {
    const reached = new Set(RBI.mappings.map((m) => m.criterionId));
    for (const c of [
      "CC7.1",
      "CC7.2",
      "CC7.3",
      "CC7.4",
      "CC7.5",
      "CC8.1",
      "CC9.1",
      "CC9.2",
      "A1.1",
      "A1.2",
      "A1.3",
    ]) {
      expect(reached, c).toContain(c);
    }
    // A banking IT direction says nothing on the Privacy category.
    expect([...reached].filter((c) => /^P\d/.test(c))).toEqual([]);
  });
});

describe("SEBI CSCRF (2024)", () => {
  const STANDARDS_PER_OBJECTIVE: Record<string, number> = {
    "GV.OC": 3,
    "GV.OV": 4,
    "GV.PO": 5,
    "GV.RM": 4,
    "GV.RR": 6,
    "GV.SC": 8,
    "ID.AM": 6,
    "ID.RA": 5,
    "PR.AA": 17,
    "PR.AT": 5,
    "PR.DS": 6,
    "PR.IP": 17,
    "PR.MA": 3,
    "DE.CM": 5,
    "DE.DP": 5,
    "RS.AN": 5,
    "RS.CO": 3,
    "RS.IM": 2,
    "RS.MA": 5,
    "RC.CO": 3,
    "RC.IM": 2,
    "RC.RP": 4,
    "EV.ST": 5,
  };

  it("lists every standard of the seven functions, numbered S1.. without gaps, grouped by objective", () => {
    const expected = Object.entries(STANDARDS_PER_OBJECTIVE).flatMap(([objective, n]) =>
      Array.from({ length: n }, (_, i) => `${objective}.S${i + 1}`),
    );
    expect(ids(SEBI)).toEqual(expected);
    expect(new Set(ids(SEBI).map((id) => id.slice(0, 2)))).toEqual(
      new Set(["GV", "ID", "PR", "DE", "RS", "RC", "EV"]),
    );
    for (const r of SEBI.requirements) expect(r.group, r.id).toContain(`(${r.id.slice(0, 5)})`);
  });

  it("maps every standard to at least one criterion", () => {
    expect(SEBI.unmapped ?? []).toEqual([]);
    const mapped = new Set(SEBI.mappings.map((m) => m.requirementId));
    for (const id of ids(SEBI)) expect(mapped, id).toContain(id);
  });

  it("links the standards an auditor expects", () => {
    const l = links(SEBI);
    for (const link of [
      "GV.PO.S1|CC5.3",
      "GV.SC.S4|CC9.2",
      "ID.RA.S2|CC3.2",
      "PR.AA.S3|CC6.3",
      "PR.AA.S7|CC6.6",
      "PR.DS.S1|CC6.7",
      "PR.IP.S3|CC8.1",
      "PR.MA.S3|CC7.1",
      "DE.CM.S1|CC7.2",
      "RS.CO.S2|CC2.3",
      "RS.AN.S4|CC7.5",
      "RC.RP.S3|A1.3",
    ]) {
      expect(l).toContain(link);
    }
  });

  it("sends the Respond and Recover functions to incident, continuity and communication criteria", () => {
    const allowed = /^(CC7\.[1-5]|CC9\.1|CC2\.[23]|A1\.[1-3])$/;
    for (const m of SEBI.mappings.filter((x) => /^(RS|RC)\./.test(x.requirementId))) {
      expect(m.criterionId, m.requirementId).toMatch(allowed);
    }
  });
});
