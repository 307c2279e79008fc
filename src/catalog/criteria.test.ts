import { describe, expect, it } from "vitest";
import {
  CATEGORY_CODES,
  type CategoryCode,
  CRITERION_IDS,
  criteriaForCategories,
  isCriterionId,
  SERIES,
} from "../core/criteria.js";
import { CRITERIA, findCriterion, parseCriteriaCatalog } from "./criteria.js";

const countBy = (key: (c: (typeof CRITERIA)[number]) => string): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const c of CRITERIA) counts[key(c)] = (counts[key(c)] ?? 0) + 1;
  return counts;
};

const sentences = (text: string): string[] => text.split(/[.!?](?:\s+|$)/).filter((s) => s.trim() !== "");

describe("criteria catalog", () => {
  it("holds exactly the 61 criteria, in TSC order", () => {
    expect(CRITERIA).toHaveLength(61);
    expect(CRITERIA.map((c) => c.id)).toEqual([...CRITERION_IDS]);
    expect(new Set(CRITERIA.map((c) => c.id)).size).toBe(61);
  });

  it("splits 33/3/5/2/18 across the categories", () => {
    expect(countBy((c) => c.category)).toEqual({ CC: 33, A: 3, PI: 5, C: 2, P: 18 });
  });

  it("has the right number of criteria in each series", () => {
    expect(countBy((c) => c.series)).toEqual({
      CC1: 5,
      CC2: 3,
      CC3: 4,
      CC4: 2,
      CC5: 3,
      CC6: 8,
      CC7: 5,
      CC8: 1,
      CC9: 2,
      A1: 3,
      PI1: 5,
      C1: 2,
      P1: 1,
      P2: 1,
      P3: 2,
      P4: 3,
      P5: 2,
      P6: 7,
      P7: 1,
      P8: 1,
    });
  });

  it("keeps every criterion's series and category consistent with its ID", () => {
    for (const c of CRITERIA) {
      expect(c.id.startsWith(`${c.series}.`)).toBe(true);
      expect(SERIES.find((s) => s.id === c.series)?.category).toBe(c.category);
    }
  });

  it("maps CC1–CC5 to the 17 COSO principles and nothing else", () => {
    expect(findCriterion("CC1.1")?.cosoPrinciple).toBe(1);
    expect(findCriterion("CC1.5")?.cosoPrinciple).toBe(5);
    expect(findCriterion("CC2.1")?.cosoPrinciple).toBe(13);
    expect(findCriterion("CC2.3")?.cosoPrinciple).toBe(15);
    expect(findCriterion("CC3.1")?.cosoPrinciple).toBe(6);
    expect(findCriterion("CC3.3")?.cosoPrinciple).toBe(8);
    expect(findCriterion("CC3.4")?.cosoPrinciple).toBe(9);
    expect(findCriterion("CC4.1")?.cosoPrinciple).toBe(16);
    expect(findCriterion("CC4.2")?.cosoPrinciple).toBe(17);
    expect(findCriterion("CC5.1")?.cosoPrinciple).toBe(10);
    expect(findCriterion("CC5.3")?.cosoPrinciple).toBe(12);
    const principles = CRITERIA.flatMap((c) => (c.cosoPrinciple === null ? [] : [c.cosoPrinciple]));
    expect([...principles].sort((a, b) => a - b)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    for (const c of CRITERIA) {
      const cosoSeries = ["CC1", "CC2", "CC3", "CC4", "CC5"].includes(c.series);
      expect(c.cosoPrinciple === null).toBe(!cosoSeries);
    }
  });

  it("contains none of the IDs that circulate in broken public data", () => {
    for (const bogus of ["CC9.9", "PP1.1", "C6.5", "P1.0", "P8.0", "CC10.1", "A1.4", "CC6.9", "PI1.6"]) {
      expect(isCriterionId(bogus)).toBe(false);
      expect(findCriterion(bogus)).toBeUndefined();
    }
  });

  it("has unique, non-empty titles of a sensible length", () => {
    const titles = CRITERIA.map((c) => c.title.trim());
    for (const t of titles) {
      expect(t.length).toBeGreaterThanOrEqual(5);
      expect(t.length).toBeLessThanOrEqual(60);
    }
    expect(new Set(titles.map((t) => t.toLowerCase())).size).toBe(61);
  });

  it("gives 2–4 sentences of guidance for every criterion", () => {
    for (const c of CRITERIA) {
      const count = sentences(c.guidance).length;
      expect(count, `${c.id} has ${count} sentences`).toBeGreaterThanOrEqual(2);
      expect(count, `${c.id} has ${count} sentences`).toBeLessThanOrEqual(4);
      expect(c.guidance.length).toBeGreaterThanOrEqual(120);
      expect(c.guidance.length).toBeLessThanOrEqual(600);
      expect(c.guidance).not.toMatch(/\s{2,}/);
    }
  });

  it("does not carry the wording the TSC uses for its criteria", () => {
    // The TSC phrase every criterion begins with; our guidance is written from the auditor's side.
    for (const c of CRITERIA) {
      expect(c.guidance).not.toMatch(/^The entity /);
      expect(c.title).not.toMatch(/^The entity /);
      expect(c.guidance).not.toMatch(/points? of focus/i);
    }
  });

  it("is frozen so no caller can change the shared catalog", () => {
    expect(Object.isFrozen(CRITERIA)).toBe(true);
    expect(Object.isFrozen(CRITERIA[0])).toBe(true);
  });

  it("always includes the common criteria when filtering by category", () => {
    const only = (cats: CategoryCode[]) => criteriaForCategories(CRITERIA, cats);
    expect(only([])).toHaveLength(33);
    expect(only(["CC"])).toHaveLength(33);
    expect(only(["A"])).toHaveLength(36);
    expect(only(["A", "C"])).toHaveLength(38);
    expect(only([...CATEGORY_CODES])).toHaveLength(61);
  });
});

describe("parseCriteriaCatalog", () => {
  const valid = (): Record<string, unknown>[] => CRITERIA.map((c) => ({ ...c }));
  const withChange = (index: number, change: Record<string, unknown>) => {
    const data = valid();
    data[index] = { ...data[index], ...change };
    return data;
  };

  it("accepts the shipped data", () => {
    expect(parseCriteriaCatalog(valid())).toHaveLength(61);
  });

  it("rejects a missing criterion", () => {
    expect(() => parseCriteriaCatalog(valid().slice(1))).toThrow(/exactly 61/);
  });

  it("rejects an unknown ID such as CC9.9", () => {
    expect(() => parseCriteriaCatalog(withChange(32, { id: "CC9.9" }))).toThrow(/invalid/);
  });

  it("rejects criteria out of order", () => {
    const data = valid();
    const [first, second] = [data[0], data[1]];
    data[0] = second ?? {};
    data[1] = first ?? {};
    expect(() => parseCriteriaCatalog(data)).toThrow(/out of order/);
  });

  it("rejects a duplicated criterion", () => {
    const data = valid();
    data[1] = { ...data[0] };
    expect(() => parseCriteriaCatalog(data)).toThrow(/duplicate criterion CC1.1/);
  });

  it("rejects a series or category that does not match the ID", () => {
    expect(() => parseCriteriaCatalog(withChange(17, { series: "CC7" }))).toThrow(/series CC6/);
    expect(() => parseCriteriaCatalog(withChange(33, { category: "C" }))).toThrow(/category A/);
  });

  it("rejects a COSO principle outside CC1–CC5, or a missing one inside", () => {
    expect(() => parseCriteriaCatalog(withChange(17, { cosoPrinciple: 12 }))).toThrow(/not a COSO-aligned/);
    expect(() => parseCriteriaCatalog(withChange(0, { cosoPrinciple: null }))).toThrow(/needs its COSO/);
    expect(() => parseCriteriaCatalog(withChange(0, { cosoPrinciple: 2 }))).toThrow(/mapped twice/);
  });

  it("rejects empty titles, duplicate titles and extra fields", () => {
    expect(() => parseCriteriaCatalog(withChange(5, { title: " " }))).toThrow(/invalid/);
    expect(() => parseCriteriaCatalog(withChange(5, { title: CRITERIA[4]?.title }))).toThrow(
      /duplicate title/,
    );
    expect(() => parseCriteriaCatalog(withChange(5, { text: "AICPA wording" }))).toThrow(/invalid/);
  });
});
