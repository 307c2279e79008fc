import { describe, expect, it } from "vitest";
import { CONTROL_DOMAINS, FREQUENCIES, type LibraryControl } from "../core/controls.js";
import { CATEGORY_CODES, type CategoryCode, CRITERION_IDS, isCriterionId } from "../core/criteria.js";
import {
  CONTROL_ID_PATTERN,
  CONTROL_LIBRARY,
  DOMAIN_PREFIXES,
  findLibraryControl,
  libraryControlsForCategories,
  parseControlLibrary,
} from "./control-library.js";
import { findCriterion } from "./criteria.js";

const sentences = (text: string): string[] => text.split(/[.!?](?:\s+|$)/).filter((s) => s.trim() !== "");

const control = (id: string): LibraryControl => {
  const found = findLibraryControl(id);
  if (!found) throw new Error(`control ${id} is missing from the library`);
  return found;
};

const withCriterion = (criterionId: string): LibraryControl[] =>
  CONTROL_LIBRARY.filter((c) => c.criteria.includes(criterionId));

describe("control library", () => {
  it("addresses every one of the 61 criteria with at least one control", () => {
    const uncovered = CRITERION_IDS.filter((id) => withCriterion(id).length === 0);
    expect(uncovered, `criteria without a control: ${uncovered.join(", ")}`).toEqual([]);
  });

  it("holds between 90 and 120 controls", () => {
    expect(CONTROL_LIBRARY.length).toBeGreaterThanOrEqual(90);
    expect(CONTROL_LIBRARY.length).toBeLessThanOrEqual(120);
  });

  it("has at least two controls in every one of the 18 domains and no other domain", () => {
    const counts = new Map<string, number>();
    for (const c of CONTROL_LIBRARY) counts.set(c.domain, (counts.get(c.domain) ?? 0) + 1);
    const thin = CONTROL_DOMAINS.filter((d) => (counts.get(d.id) ?? 0) < 2).map((d) => d.id);
    expect(thin, `domains with fewer than 2 controls: ${thin.join(", ")}`).toEqual([]);
    expect([...counts.keys()].sort()).toEqual(CONTROL_DOMAINS.map((d) => d.id).sort());
  });

  it("uses unique, well-formed ids whose prefix matches the domain", () => {
    const ids = CONTROL_LIBRARY.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CONTROL_LIBRARY) {
      expect(c.id).toMatch(CONTROL_ID_PATTERN);
      expect(c.id.startsWith(`${DOMAIN_PREFIXES[c.domain]}-`), c.id).toBe(true);
    }
    expect(new Set(Object.values(DOMAIN_PREFIXES)).size).toBe(CONTROL_DOMAINS.length);
  });

  it("numbers each domain's controls 01, 02, … without gaps", () => {
    for (const d of CONTROL_DOMAINS) {
      const numbers = CONTROL_LIBRARY.filter((c) => c.domain === d.id).map((c) => Number(c.id.slice(4)));
      expect(numbers, d.id).toEqual(numbers.map((_, i) => i + 1));
    }
  });

  it("maps only to valid criterion ids, each at most once per control", () => {
    for (const c of CONTROL_LIBRARY) {
      expect(c.criteria.length, c.id).toBeGreaterThan(0);
      expect(
        c.criteria.filter((id) => !isCriterionId(id)),
        c.id,
      ).toEqual([]);
      expect(new Set(c.criteria).size, c.id).toBe(c.criteria.length);
    }
  });

  it("gives every control 2–4 evidence items and 2–4 test attributes", () => {
    for (const c of CONTROL_LIBRARY) {
      expect(c.evidence.length, c.id).toBeGreaterThanOrEqual(2);
      expect(c.evidence.length, c.id).toBeLessThanOrEqual(4);
      expect(c.attributes.length, c.id).toBeGreaterThanOrEqual(2);
      expect(c.attributes.length, c.id).toBeLessThanOrEqual(4);
      for (const item of [...c.evidence, ...c.attributes])
        expect(item.trim().length, c.id).toBeGreaterThan(10);
    }
  });

  it("has no two controls with the same title", () => {
    const titles = CONTROL_LIBRARY.map((c) => c.title.toLowerCase());
    const duplicates = titles.filter((t, i) => titles.indexOf(t) !== i);
    expect(duplicates).toEqual([]);
  });

  it("describes every control in 2–3 sentences", () => {
    for (const c of CONTROL_LIBRARY) {
      const count = sentences(c.description).length;
      expect(count, `${c.id} has ${count} sentences`).toBeGreaterThanOrEqual(2);
      expect(count, `${c.id} has ${count} sentences`).toBeLessThanOrEqual(3);
    }
  });

  it("uses a known frequency, an automation kind and a job title as owner", () => {
    for (const c of CONTROL_LIBRARY) {
      expect(FREQUENCIES).toContain(c.frequency);
      expect(["automated", "manual"]).toContain(c.automation);
      expect(c.ownerRole).toMatch(/^[A-Z]/);
      expect(["org_admin", "control_owner", "employee"]).not.toContain(c.ownerRole);
    }
  });

  it("does not use the TSC's own phrasing for criteria", () => {
    for (const c of CONTROL_LIBRARY) {
      expect(c.description, c.id).not.toMatch(/\bthe entity\b/i);
      expect(c.description, c.id).not.toMatch(/\bCOSO principle\b/i);
    }
  });

  it("is frozen so no caller can change the shared library", () => {
    expect(Object.isFrozen(CONTROL_LIBRARY)).toBe(true);
    expect(Object.isFrozen(control("IAM-02"))).toBe(true);
    expect(Object.isFrozen(control("IAM-02").criteria)).toBe(true);
  });
});

describe("essential mappings", () => {
  it("treats change approval as an event-driven control under CC8.1", () => {
    const change = withCriterion("CC8.1");
    expect(change.some((c) => c.frequency === "event")).toBe(true);
    expect(control("CHG-01").criteria).toContain("CC8.1");
    expect(control("CHG-01").attributes.join(" ")).toMatch(/approved by someone other than the author/);
  });

  it("maps multi-factor authentication to CC6.1 and CC6.6, with one control for privileged access", () => {
    const mfa = CONTROL_LIBRARY.filter((c) => /multi-factor/i.test(`${c.title} ${c.description}`));
    expect(mfa.length).toBeGreaterThan(0);
    for (const c of mfa.filter((k) => k.domain === "identity")) expect(c.criteria).toContain("CC6.1");
    expect(control("IAM-02").criteria).toEqual(expect.arrayContaining(["CC6.1", "CC6.6"]));
    expect(control("IAM-03").title).toMatch(/privileged/i);
    expect(control("IAM-03").criteria).toEqual(expect.arrayContaining(["CC6.1", "CC6.6"]));
  });

  it("maps provisioning, deprovisioning and the quarterly access review to CC6.2 and CC6.3", () => {
    for (const id of ["IAM-04", "IAM-05", "IAM-06"]) {
      expect(control(id).criteria, id).toEqual(expect.arrayContaining(["CC6.2", "CC6.3"]));
    }
    expect(control("IAM-06").frequency).toBe("quarterly");
    expect(control("IAM-04").frequency).toBe("event");
  });

  it("requires TLS 1.2 or higher in transit and AES-256 at rest", () => {
    expect(control("ENC-01").description).toMatch(/TLS 1\.2 or higher/);
    expect(control("ENC-01").criteria).toEqual(expect.arrayContaining(["CC6.1", "CC6.7"]));
    expect(control("ENC-02").description).toMatch(/AES-256/);
    expect(control("ENC-02").criteria).toEqual(expect.arrayContaining(["CC6.1", "C1.1"]));
  });

  it("maps backups to A1.2 and CC9.1, and recovery testing to A1.3", () => {
    expect(control("BCP-02").criteria).toEqual(expect.arrayContaining(["A1.2", "CC9.1"]));
    expect(control("BCP-02").frequency).toBe("daily");
    expect(control("BCP-03").criteria).toContain("A1.3");
    expect(control("BCP-04").criteria).toContain("A1.3");
    expect(control("BCP-04").frequency).toBe("annual");
  });

  it("maps the annual risk assessment to all of CC3.1–CC3.4", () => {
    expect(control("RSK-01").criteria).toEqual(expect.arrayContaining(["CC3.1", "CC3.2", "CC3.3", "CC3.4"]));
    expect(control("RSK-01").frequency).toBe("annual");
  });

  it("maps vulnerability work to CC7.1 and runs the penetration test every year", () => {
    expect(control("VUL-01").criteria).toContain("CC7.1");
    expect(control("VUL-01").automation).toBe("automated");
    expect(control("VUL-02").description).toMatch(/critical within 7 days/);
    expect(control("VUL-03").frequency).toBe("annual");
    expect(control("VUL-03").criteria).toContain("CC7.1");
  });

  it("maps vendor reviews to CC9.2, the privacy notice to P1.1 and logging to CC7.2", () => {
    for (const id of ["VND-01", "VND-02", "VND-03"]) expect(control(id).criteria, id).toContain("CC9.2");
    expect(control("PRV-01").criteria).toEqual(["P1.1"]);
    expect(control("LOG-01").criteria).toContain("CC7.2");
    expect(control("INC-04").criteria).toContain("CC7.5");
    expect(control("PPL-03").criteria).toEqual(expect.arrayContaining(["CC1.4", "CC2.2"]));
    expect(control("GOV-06").title).toMatch(/system description/i);
  });

  it("keeps each privacy control within the privacy series and each processing control within PI1", () => {
    for (const c of CONTROL_LIBRARY.filter((k) => k.domain === "privacy")) {
      expect(
        c.criteria.every((id) => findCriterion(id)?.category === "P"),
        c.id,
      ).toBe(true);
    }
    for (const c of CONTROL_LIBRARY.filter((k) => k.domain === "processing")) {
      expect(
        c.criteria.every((id) => id.startsWith("PI1.")),
        c.id,
      ).toBe(true);
    }
  });

  it("carries the Indian obligations in the relevant controls", () => {
    expect(control("INC-05").description).toMatch(/CERT-In within 6 hours/);
    expect(control("LOG-02").description).toMatch(/180 days/);
    expect(control("LOG-04").description).toMatch(/NIC or NPL/);
    expect(control("PRV-08").description).toMatch(/DPDP Act/);
    expect(control("PRV-08").criteria).toContain("P6.6");
  });
});

describe("libraryControlsForCategories", () => {
  const addresses = (c: LibraryControl, categories: readonly CategoryCode[]) =>
    c.criteria.some((id) => {
      const category = findCriterion(id)?.category;
      return category !== undefined && (category === "CC" || categories.includes(category));
    });

  it("always includes the Security controls, even for an empty list", () => {
    const none = libraryControlsForCategories([]);
    expect(none).toEqual(libraryControlsForCategories(["CC"]));
    expect(none.map((c) => c.id)).toContain("IAM-02");
    expect(none.map((c) => c.id)).not.toContain("PRV-01");
    expect(none.map((c) => c.id)).not.toContain("PIN-02");
  });

  it("adds the privacy, availability and processing controls when those categories are chosen", () => {
    expect(libraryControlsForCategories(["P"]).map((c) => c.id)).toContain("PRV-01");
    expect(libraryControlsForCategories(["A"]).map((c) => c.id)).toContain("AVL-01");
    expect(libraryControlsForCategories(["PI"]).map((c) => c.id)).toContain("PIN-03");
    expect(libraryControlsForCategories(["A"]).map((c) => c.id)).not.toContain("PIN-03");
  });

  it("returns exactly the controls addressing a criterion in scope, in library order", () => {
    const subsets: CategoryCode[][] = [[], ["A"], ["C"], ["PI"], ["P"], ["A", "C"], [...CATEGORY_CODES]];
    for (const categories of subsets) {
      const expected = CONTROL_LIBRARY.filter((c) => addresses(c, categories));
      expect(libraryControlsForCategories(categories), categories.join("+")).toEqual(expected);
    }
    expect(libraryControlsForCategories([...CATEGORY_CODES])).toHaveLength(CONTROL_LIBRARY.length);
  });

  it("covers every criterion of the chosen categories", () => {
    const chosen = libraryControlsForCategories(["C", "PI"]);
    for (const id of CRITERION_IDS) {
      const category = findCriterion(id)?.category;
      if (category === "A" || category === "P") continue;
      expect(
        chosen.some((c) => c.criteria.includes(id)),
        id,
      ).toBe(true);
    }
  });
});

describe("parseControlLibrary", () => {
  const good = (id: string, domain: string, title: string) => ({
    id,
    domain,
    title,
    description:
      "This control exists only for the validation tests and says what it does in enough words. It has a second sentence so the length rule is met.",
    criteria: ["CC6.1"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "CISO",
    evidence: ["First piece of evidence", "Second piece of evidence"],
    attributes: ["First attribute to test", "Second attribute to test"],
  });
  const shipped = (): Record<string, unknown>[] => CONTROL_LIBRARY.map((c) => ({ ...c }));
  const fails = (data: unknown, message: RegExp) => expect(() => parseControlLibrary(data)).toThrow(message);

  it("accepts the shipped data", () => {
    expect(parseControlLibrary(shipped())).toHaveLength(CONTROL_LIBRARY.length);
  });

  it("rejects an unknown criterion such as CC9.9", () => {
    const data = shipped();
    data[0] = { ...data[0], criteria: ["CC9.9"] };
    fails(data, /control library is invalid/);
  });

  it("rejects a duplicated id and a duplicated title", () => {
    const data = shipped();
    data.push({ ...data[0] });
    fails(data, /duplicate control GOV-01/);
    fails([...shipped(), good("GOV-99", "governance", String(data[1]?.title))], /duplicate title/);
  });

  it("rejects an id whose prefix does not match its domain, or that is malformed", () => {
    fails([...shipped(), good("IAM-99", "governance", "A misfiled control")], /whose ids start with GOV-/);
    fails([...shipped(), good("GOV-1", "governance", "A malformed id")], /GOV-01/);
  });

  it("rejects empty evidence, empty attributes, empty criteria and extra fields", () => {
    const base = good("GOV-98", "governance", "A test control");
    fails([...shipped(), { ...base, evidence: [] }], /evidence/);
    fails([...shipped(), { ...base, attributes: [] }], /attributes/);
    fails([...shipped(), { ...base, criteria: [] }], /criteria/);
    fails([...shipped(), { ...base, mapping: "x" }], /control library is invalid/);
    fails([...shipped(), { ...base, domain: "monitoring" }], /domain/);
  });

  it("rejects a library in which a domain has fewer than two controls", () => {
    fails(
      shipped().filter((c) => c.domain !== "availability" || c.id === "AVL-01"),
      /domain availability needs at least 2 controls/,
    );
  });
});
