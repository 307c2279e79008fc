import { describe, expect, it } from "vitest";
import { CRITERION_IDS } from "../../core/criteria.js";
import { type Framework, RELATIONSHIPS } from "../../core/frameworks.js";
import { findCriterion } from "../criteria.js";
import { FRAMEWORKS, findFramework } from "./index.js";

/**
 * The shared validation of every framework in FRAMEWORKS (issue 6 §1): a typo in a requirement id,
 * a criterion that is not one of the 61, a missing rationale or a requirement silently left out
 * fails here, whichever framework file it is in.
 */

const normalise = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/** Every problem of one framework, as readable lines (empty when the framework is sound). */
const frameworkProblems = (framework: Framework): string[] => {
  const problems: string[] = [];
  const requirementIds = new Set<string>();
  for (const r of framework.requirements) {
    if (requirementIds.has(r.id)) problems.push(`duplicate requirement id ${r.id}`);
    requirementIds.add(r.id);
    if (r.id.trim() === "" || r.id !== r.id.trim())
      problems.push(`requirement id '${r.id}' is blank or padded`);
    if (r.title.trim() === "") problems.push(`${r.id}: empty title`);
    if (r.title.length > 100) problems.push(`${r.id}: title longer than 100 characters`);
    if (r.group.trim() === "") problems.push(`${r.id}: empty group`);
  }
  const titleOf = new Map(framework.requirements.map((r) => [r.id, r.title]));
  const pairs = new Set<string>();
  const mapped = new Set<string>();
  for (const m of framework.mappings) {
    const where = `${m.requirementId} → ${m.criterionId}`;
    if (!requirementIds.has(m.requirementId)) problems.push(`${where}: requirement not in the framework`);
    const criterion = findCriterion(m.criterionId);
    if (criterion === undefined) problems.push(`${where}: not one of the 61 criteria`);
    if (!(RELATIONSHIPS as readonly string[]).includes(m.relationship)) {
      problems.push(`${where}: unknown relationship '${m.relationship}'`);
    }
    const rationale = m.rationale.trim();
    if (rationale === "") problems.push(`${where}: empty rationale`);
    if (m.rationale.length > 200) problems.push(`${where}: rationale longer than 200 characters`);
    const copies = [titleOf.get(m.requirementId), criterion?.title].filter((t) => t !== undefined);
    if (copies.some((t) => normalise(t) === normalise(rationale))) {
      problems.push(`${where}: rationale only repeats a title`);
    }
    const pair = `${m.requirementId}|${m.criterionId}`;
    if (pairs.has(pair)) problems.push(`${where}: duplicate link`);
    pairs.add(pair);
    mapped.add(m.requirementId);
  }
  const unmapped = new Set<string>();
  for (const u of framework.unmapped ?? []) {
    if (!requirementIds.has(u.requirementId))
      problems.push(`unmapped ${u.requirementId}: not in the framework`);
    if (mapped.has(u.requirementId)) problems.push(`unmapped ${u.requirementId}: it has mappings too`);
    if (unmapped.has(u.requirementId)) problems.push(`unmapped ${u.requirementId}: listed twice`);
    if (u.reason.trim() === "") problems.push(`unmapped ${u.requirementId}: empty reason`);
    unmapped.add(u.requirementId);
  }
  for (const id of requirementIds) {
    if (!mapped.has(id) && !unmapped.has(id))
      problems.push(`${id}: no mapping and no reason for leaving it out`);
  }
  return problems;
};

describe("every framework in the registry", () => {
  it("has a unique, URL-safe id and its descriptive fields", () => {
    const ids = FRAMEWORKS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of FRAMEWORKS) {
      expect(f.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(f.name.trim()).not.toBe("");
      expect(f.version.trim()).not.toBe("");
      expect(f.source.trim()).not.toBe("");
      expect(f.jurisdiction.trim()).not.toBe("");
      expect(f.requirements.length, f.id).toBeGreaterThan(0);
      expect(f.mappings.length, f.id).toBeGreaterThan(0);
      expect(findFramework(f.id)).toBe(f);
    }
    expect(findFramework("no-such-framework")).toBeUndefined();
  });

  it.each(FRAMEWORKS.map((f) => [f.id, f] as const))("%s: requirements and mappings are sound", (_, f) => {
    expect(frameworkProblems(f)).toEqual([]);
  });
});

describe("the validation itself", () => {
  const sound: Framework = {
    id: "sample",
    name: "Sample",
    version: "1",
    source: "test",
    jurisdiction: "Nowhere",
    requirements: [
      { id: "R1", title: "Access reviews", group: "G" },
      { id: "R2", title: "Board charter", group: "G" },
    ],
    mappings: [
      {
        requirementId: "R1",
        criterionId: "CC6.2",
        relationship: "intersects-with",
        rationale: "Both expect periodic removal of access nobody needs any more.",
      },
    ],
    unmapped: [{ requirementId: "R2", reason: "Corporate law, outside the criteria." }],
  };
  const withMapping = (patch: Partial<Framework["mappings"][number]>): Framework => ({
    ...sound,
    mappings: [{ ...sound.mappings[0]!, ...patch }],
  });

  it("accepts a sound framework", () => {
    expect(frameworkProblems(sound)).toEqual([]);
  });

  it("catches each kind of defect", () => {
    expect(frameworkProblems(withMapping({ criterionId: "CC6.9" }))).toEqual([
      "R1 → CC6.9: not one of the 61 criteria",
    ]);
    expect(frameworkProblems(withMapping({ requirementId: "R9" }))).toContain(
      "R9 → CC6.2: requirement not in the framework",
    );
    expect(frameworkProblems(withMapping({ rationale: " " }))).toEqual(["R1 → CC6.2: empty rationale"]);
    expect(frameworkProblems(withMapping({ rationale: "access reviews." }))).toEqual([
      "R1 → CC6.2: rationale only repeats a title",
    ]);
    expect(frameworkProblems(withMapping({ rationale: "x".repeat(201) }))).toEqual([
      "R1 → CC6.2: rationale longer than 200 characters",
    ]);
    expect(frameworkProblems(withMapping({ relationship: "near" as never }))).toEqual([
      "R1 → CC6.2: unknown relationship 'near'",
    ]);
    expect(frameworkProblems({ ...sound, mappings: [sound.mappings[0]!, sound.mappings[0]!] })).toEqual([
      "R1 → CC6.2: duplicate link",
    ]);
    expect(frameworkProblems({ ...sound, unmapped: [] })).toEqual([
      "R2: no mapping and no reason for leaving it out",
    ]);
    expect(
      frameworkProblems({ ...sound, unmapped: [{ requirementId: "R1", reason: "x" }, ...sound.unmapped!] }),
    ).toEqual(["unmapped R1: it has mappings too"]);
    expect(
      frameworkProblems({ ...sound, requirements: [...sound.requirements, sound.requirements[0]!] }),
    ).toEqual(["duplicate requirement id R1"]);
  });
});

describe("ISO/IEC 27001:2022", () => {
  const iso = findFramework("iso27001-2022")!;
  const annexA = iso.requirements.filter((r) => r.id.startsWith("A."));
  const clauses = iso.requirements.filter((r) => !r.id.startsWith("A."));

  it("lists all 93 Annex A controls: 37 organizational, 8 people, 14 physical, 34 technological", () => {
    const expected = [
      ...Array.from({ length: 37 }, (_, i) => `A.5.${i + 1}`),
      ...Array.from({ length: 8 }, (_, i) => `A.6.${i + 1}`),
      ...Array.from({ length: 14 }, (_, i) => `A.7.${i + 1}`),
      ...Array.from({ length: 34 }, (_, i) => `A.8.${i + 1}`),
    ];
    expect(annexA.map((r) => r.id)).toEqual(expected);
    expect(new Set(annexA.map((r) => r.group)).size).toBe(4);
  });

  it("lists the management-system clauses 4 to 10 that state requirements", () => {
    const ids = clauses.map((r) => r.id);
    for (const id of [
      "4.1",
      "4.4",
      "5.2",
      "6.1.2",
      "6.1.3",
      "6.3",
      "7.5.3",
      "8.3",
      "9.2.2",
      "9.3.3",
      "10.2",
    ]) {
      expect(ids).toContain(id);
    }
    expect(ids.every((id) => /^(4|5|6|7|8|9|10)(\.\d+)+$/.test(id))).toBe(true);
  });

  it("gives every requirement a short title of 2 to 6 words of our own", () => {
    for (const r of iso.requirements) {
      const words = r.title.split(/\s+/).filter((w) => w !== "");
      expect(words.length, `${r.id} "${r.title}"`).toBeGreaterThanOrEqual(2);
      expect(words.length, `${r.id} "${r.title}"`).toBeLessThanOrEqual(6);
    }
    const titles = iso.requirements.map((r) => r.title.toLowerCase());
    expect(new Set(titles).size).toBe(titles.length);
  });

  it("maps every requirement, uses equivalence sparingly and reaches most of the criteria", () => {
    expect(iso.unmapped ?? []).toEqual([]);
    const equivalent = iso.mappings.filter((m) => m.relationship === "equivalent-to");
    expect(equivalent.length).toBeLessThan(iso.mappings.length / 10);
    const reached = new Set(iso.mappings.map((m) => m.criterionId));
    // Every Security (CC) criterion has an ISO counterpart; so do availability and confidentiality.
    for (const id of CRITERION_IDS.filter((c) => /^(CC|A1|C1)/.test(c))) expect(reached, id).toContain(id);
  });

  it("links the controls an auditor expects", () => {
    const links = new Set(iso.mappings.map((m) => `${m.requirementId}|${m.criterionId}`));
    for (const link of [
      "A.5.15|CC6.1",
      "A.5.18|CC6.2",
      "A.5.18|CC6.3",
      "A.7.2|CC6.4",
      "A.7.14|CC6.5",
      "A.8.7|CC6.8",
      "A.8.8|CC7.1",
      "A.8.16|CC7.2",
      "A.5.25|CC7.3",
      "A.5.26|CC7.4",
      "A.8.32|CC8.1",
      "A.5.19|CC9.2",
      "A.8.13|A1.2",
      "A.8.13|A1.3",
      "A.5.30|A1.3",
      "A.8.24|CC6.7",
      "6.1.2|CC3.2",
      "9.2.2|CC4.1",
      "9.3.1|CC1.2",
    ]) {
      expect(links, link).toContain(link);
    }
  });
});
