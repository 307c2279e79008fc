import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Attribute,
  approvalProblems,
  assertLineValid,
  INQUIRY_ALONE_MESSAGE,
  lineEtag,
  lineProblems,
  numberAttributes,
  PROCEDURE_METHODS,
  type ProgramLine,
  programCoverage,
  programEtag,
  SampleRuleSchema,
  sampleSizeFor,
} from "./audit-program.js";
import {
  generateProgramLines,
  type ProgramScope,
  requestsForLine,
  type ScopeControl,
} from "./audit-program-defaults.js";
import { FREQUENCIES } from "./controls.js";
import { AppError } from "./errors.js";

const control = (over: Partial<ScopeControl> & Pick<ScopeControl, "id" | "code">): ScopeControl => ({
  title: `Control ${over.code}`,
  criteria: ["CC6.1"],
  frequency: "quarterly",
  automation: "manual",
  evidence: ["Signed access review for each quarter"],
  attributes: ["The review covered every production system", "Removals were made within 5 days"],
  status: "implemented",
  ...over,
});

const CONTROLS: ScopeControl[] = [
  control({ id: "c-review", code: "IAM-07", criteria: ["CC6.2", "CC6.3", "A1.2"] }),
  control({
    id: "c-mfa",
    code: "IAM-02",
    criteria: ["CC6.1", "CC6.6"],
    frequency: "continuous",
    automation: "automated",
    evidence: ["Identity provider MFA policy export", "Report of users and their enrolled factors"],
  }),
  control({
    id: "c-access",
    code: "IAM-04",
    criteria: ["CC6.2"],
    frequency: "event",
    evidence: ["Access request tickets with requester, role, approvals and grant date"],
  }),
  control({ id: "c-na", code: "IAM-09", criteria: ["CC6.1"], status: "not_applicable" }),
  control({ id: "c-avail", code: "AVL-01", criteria: ["A1.2"] }),
];

const TYPE2: ProgramScope = { type: "type2", criteria: ["CC6.1", "CC6.2", "CC6.3", "CC6.6"] };
const TYPE1: ProgramScope = { ...TYPE2, type: "type1" };

const lineOf = (lines: ProgramLine[], code: string): ProgramLine => {
  const line = lines.find((l) => l.code === code);
  if (!line) throw new Error(`no line ${code}`);
  return line;
};

describe("generating the program from the scope", () => {
  const lines = generateProgramLines(TYPE2, CONTROLS);

  it("has one line per applicable control addressing a criterion in scope, ordered by criterion", () => {
    expect(lines.map((l) => l.code)).toEqual(["IAM-02", "IAM-04", "IAM-07"]);
    expect(lineOf(lines, "IAM-07").criteria).toEqual(["CC6.2", "CC6.3"]);
    expect(lines.some((l) => l.code === "IAM-09" || l.code === "AVL-01")).toBe(false);
  });

  it("covers every criterion addressed by a control, and names the rest as gaps", () => {
    const cov = programCoverage(TYPE2.criteria, lines);
    expect(cov.gaps).toEqual([]);
    const wider = programCoverage([...TYPE2.criteria, "CC7.1"], lines);
    expect(wider.gaps).toEqual(["CC7.1"]);
    expect(wider.criteria.find((c) => c.criterionId === "CC6.2")?.lines).toEqual(["IAM-04", "IAM-07"]);
  });

  it("tests a manual recurring control by inquiry and inspection of each sampled occurrence", () => {
    const line = lineOf(lines, "IAM-07");
    expect(line.procedures.map((p) => p.method)).toEqual(["inquiry", "inspection"]);
    expect(line.procedures[1]?.description).toMatch(/each occurrence selected/);
    expect(line.sampleRule).toEqual({ kind: "frequency", frequency: "quarterly", risk: "low" });
    expect(sampleSizeFor(line.sampleRule).size).toBe(2);
    expect(line.attributes).toEqual([
      { id: "A1", text: "The review covered every production system" },
      { id: "A2", text: "Removals were made within 5 days" },
    ]);
  });

  it("tests an automated control once: inquiry, configuration inspection and re-performance", () => {
    const line = lineOf(lines, "IAM-02");
    expect(line.procedures.map((p) => p.method)).toEqual(["inquiry", "inspection", "reperformance"]);
    expect(line.sampleRule).toEqual({ kind: "test-of-one" });
    const size = sampleSizeFor(line.sampleRule);
    expect(size.size).toBe(1);
    expect(size.text).toMatch(/IT general controls/);
  });

  it("offers re-performance over the population when the evidence is a population, and suggests it as the source", () => {
    const line = lineOf(lines, "IAM-04");
    expect(line.procedures.map((p) => p.method)).toEqual(["inquiry", "inspection", "reperformance"]);
    expect(line.populationSource).toMatch(/^Access request tickets/);
    expect(line.sampleRule).toMatchObject({ kind: "frequency", frequency: "event" });
    expect(sampleSizeFor(line.sampleRule).size).toBeNull();
    expect(sampleSizeFor(line.sampleRule, 300).size).toBe(25);
    expect(sampleSizeFor(line.sampleRule, 7)).toMatchObject({ size: 7, testAll: true });
  });

  it("for Type 1 tests design only: one walkthrough, no operating sample", () => {
    const type1 = generateProgramLines(TYPE1, CONTROLS);
    for (const line of type1) {
      expect(line.sampleRule).toEqual({ kind: "design" });
      expect(line.procedures.at(-1)?.description).toMatch(/Type 1: design and implementation only/);
      expect(lineProblems(line, "type1")).toEqual([]);
    }
    const size = sampleSizeFor({ kind: "design" });
    expect(size.size).toBe(1);
    expect(size.text).toMatch(/no operating-effectiveness sample/);
    expect(lineOf(type1, "IAM-02").procedures.map((p) => p.method)).toContain("observation");
  });

  it("gives a control without attributes one default attribute", () => {
    const [line] = generateProgramLines(TYPE2, [control({ id: "x", code: "ORG-01", attributes: [] })]);
    expect(line?.attributes).toEqual([
      { id: "A1", text: "The control operated as described: Control ORG-01" },
    ]);
  });

  it("never proposes inquiry alone, whatever the control (property)", () => {
    const arbitraryControl = fc.record({
      id: fc.uuid(),
      code: fc.stringMatching(/^[A-Z]{3}-\d{2}$/),
      title: fc.string({ minLength: 1, maxLength: 40 }),
      criteria: fc.subarray(["CC6.1", "CC6.2", "CC6.3", "CC6.6", "CC7.1"], { minLength: 1 }),
      frequency: fc.constantFrom(...FREQUENCIES, "fortnightly"),
      automation: fc.constantFrom("manual", "automated", "hybrid"),
      evidence: fc.array(fc.string({ minLength: 1, maxLength: 60 }), { maxLength: 3 }),
      attributes: fc.array(
        fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim() !== ""),
        {
          maxLength: 4,
        },
      ),
      status: fc.constantFrom("implemented", "in_progress", "not_started"),
    });
    fc.assert(
      fc.property(
        fc.constantFrom("type1", "type2") as fc.Arbitrary<"type1" | "type2">,
        arbitraryControl,
        (type, c) => {
          const [line] = generateProgramLines({ ...TYPE2, type }, [c]);
          if (!line) return c.criteria.every((id) => !TYPE2.criteria.includes(id));
          expect(line.procedures[0]?.method).toBe("inquiry");
          expect(line.procedures.some((p) => p.method !== "inquiry")).toBe(true);
          expect(lineProblems(line, type)).toEqual([]);
          return true;
        },
      ),
    );
  });
});

describe("validating a line", () => {
  const [base] = generateProgramLines(TYPE2, CONTROLS);
  if (!base) throw new Error("no line");
  const errorOf = (fn: () => void): AppError => {
    try {
      fn();
    } catch (e) {
      if (e instanceof AppError) return e;
      throw e;
    }
    throw new Error("expected an AppError");
  };

  it("refuses inquiry alone, explaining AT-C 205", () => {
    const line = { ...base, procedures: [{ method: "inquiry" as const, description: "Ask the owner." }] };
    const error = errorOf(() => assertLineValid(line, "type2"));
    expect(error.code).toBe("VALIDATION");
    expect(error.message).toContain(INQUIRY_ALONE_MESSAGE);
    expect(error.message).toMatch(/AT-C 205/);
    const two = {
      ...line,
      procedures: [...line.procedures, { method: "inquiry" as const, description: "Again." }],
    };
    expect(lineProblems(two, "type2").join(" ")).toMatch(/inquiry alone/i);
    const fixed = {
      ...line,
      procedures: [...line.procedures, { method: "observation" as const, description: "Watch it." }],
    };
    expect(lineProblems(fixed, "type2")).toEqual([]);
  });

  it("refuses no procedures, an unknown method and an empty description", () => {
    expect(lineProblems({ ...base, procedures: [] }, "type2")[0]).toMatch(/at least one procedure/);
    const bad = [
      { method: "inspection" as const, description: "  " },
      { method: "guessing" as unknown as "inquiry", description: "x" },
    ];
    const problems = lineProblems({ ...base, procedures: bad }, "type2");
    expect(problems).toEqual([
      "procedures.0.description: describe the procedure.",
      `procedures.1.method: use one of ${PROCEDURE_METHODS.join(", ")}.`,
    ]);
  });

  it("refuses no attributes, duplicate or malformed ids and empty texts", () => {
    expect(lineProblems({ ...base, attributes: [] }, "type2")).toEqual([
      "attributes: list at least one attribute to test on each item.",
    ]);
    const attributes: Attribute[] = [
      { id: "A1", text: "one" },
      { id: "A1", text: "two" },
      { id: "bad id!", text: "" },
    ];
    expect(lineProblems({ ...base, attributes }, "type2")).toEqual([
      "attributes.1.id: A1 is used twice; each attribute needs its own id.",
      "attributes.2.id: use a short id such as A1 (letters, digits, . _ -).",
      "attributes.2.text: say what is checked.",
    ]);
  });

  it("numbers new attributes after the ids already used", () => {
    expect(numberAttributes([{ id: "A2", text: "x" }, { text: "y" }, { text: "z" }])).toEqual([
      { id: "A2", text: "x" },
      { id: "A1", text: "y" },
      { id: "A3", text: "z" },
    ]);
  });

  it("keeps the rule to the engagement type and the statistical inputs sound", () => {
    expect(lineProblems({ ...base, sampleRule: { kind: "design" } }, "type2")[0]).toMatch(
      /operating effectiveness/,
    );
    expect(lineProblems(base, "type1")[0]).toMatch(/Type 1 examination tests design/);
    const stat = SampleRuleSchema.parse({ kind: "statistical", confidence: 95, tolerable: 5, expected: 5 });
    expect(lineProblems({ ...base, sampleRule: stat }, "type2")[0]).toMatch(
      /must be greater than the expected/,
    );
    expect(
      lineProblems({ ...base, sampleRule: { kind: "census" }, populationSource: " " }, "type2")[0],
    ).toMatch(/populationSource/);
    expect(
      lineProblems({ ...base, sampleRule: { kind: "test-of-one" }, populationSource: "" }, "type2"),
    ).toEqual([]);
  });

  it("computes the size of every rule kind", () => {
    expect(sampleSizeFor({ kind: "frequency", frequency: "monthly", risk: "high" }).size).toBe(5);
    expect(
      sampleSizeFor({ kind: "frequency", frequency: "daily", risk: "low", priorDeviation: true }).size,
    ).toBe(40);
    expect(sampleSizeFor({ kind: "statistical", confidence: 95, tolerable: 10, expected: 0 }).size).toBe(29);
    expect(
      sampleSizeFor({ kind: "statistical", confidence: 90, tolerable: 10, expected: 0 }, 12),
    ).toMatchObject({
      size: 12,
      testAll: true,
    });
    expect(sampleSizeFor({ kind: "census" }, 120)).toMatchObject({ size: 120, testAll: true });
    expect(sampleSizeFor({ kind: "census" }).size).toBeNull();
    expect(SampleRuleSchema.parse({ kind: "frequency", frequency: "weekly" })).toEqual({
      kind: "frequency",
      frequency: "weekly",
      risk: "low",
    });
    expect(SampleRuleSchema.safeParse({ kind: "frequency", frequency: "continuous" }).success).toBe(false);
  });
});

describe("coverage, approval and fingerprints", () => {
  const lines = generateProgramLines(TYPE2, CONTROLS);

  it("does not count a criterion management declared not relevant as a gap", () => {
    const cov = programCoverage([...TYPE2.criteria, "CC7.1", "CC9.2"], lines, ["CC9.2"]);
    expect(cov.gaps).toEqual(["CC7.1"]);
    expect(cov.notRelevant).toEqual(["CC9.2"]);
  });

  it("refuses approval while a criterion has no line, or with no lines at all", () => {
    const cov = programCoverage([...TYPE2.criteria, "CC7.1"], lines);
    expect(approvalProblems(lines, cov, "type2")).toEqual([
      expect.stringMatching(/^Criterion CC7.1 in scope has no control in the program/),
    ]);
    expect(approvalProblems(lines, programCoverage(TYPE2.criteria, lines), "type2")).toEqual([]);
    expect(approvalProblems([], programCoverage([], []), "type2")[0]).toMatch(/no lines/);
  });

  it("changes a line's and the program's fingerprint on every edit", () => {
    const [line] = lines;
    if (!line) throw new Error("no line");
    const edited = { ...line, populationSource: "Another report" };
    expect(lineEtag(edited)).not.toBe(lineEtag(line));
    expect(lineEtag({ ...line })).toBe(lineEtag(line));
    const program = { version: 1, status: "draft" };
    expect(programEtag(program, lines)).toBe(programEtag(program, [...lines]));
    expect(programEtag(program, lines)).not.toBe(programEtag(program, lines.slice(1)));
    expect(programEtag(program, lines)).not.toBe(programEtag({ version: 1, status: "approved" }, lines));
  });
});

describe("requests for a line", () => {
  const lines = generateProgramLines(TYPE2, CONTROLS);
  const period = {
    type: "type2" as const,
    periodStart: "2026-01-01",
    periodEnd: "2026-12-31",
    asOfDate: null,
  };

  it("asks for the population with its query, then the evidence of each selected item", () => {
    const line = lineOf(lines, "IAM-04");
    const requests = requestsForLine(line, ["Access request tickets", "System audit log of grants"], period);
    expect(requests).toEqual([
      {
        kind: "population",
        what: "Complete list of access request tickets with requester, role, approvals and grant date for the period 2026-01-01 to 2026-12-31, with the query or report that produced it (IAM-04).",
      },
      {
        kind: "evidence",
        what: "Access request tickets, for each item the auditor selects from the population (IAM-04).",
      },
      {
        kind: "evidence",
        what: "System audit log of grants, for each item the auditor selects from the population (IAM-04).",
      },
    ]);
  });

  it("asks an automated control for configuration evidence only, and Type 1 for a walkthrough", () => {
    const mfa = lineOf(lines, "IAM-02");
    expect(requestsForLine(mfa, ["MFA policy export"], period).map((r) => r.kind)).toEqual(["evidence"]);
    const [design] = generateProgramLines(TYPE1, [CONTROLS[0] as ScopeControl]);
    if (!design) throw new Error("no line");
    const requests = requestsForLine(design, ["Signed review"], {
      type: "type1",
      periodStart: null,
      periodEnd: null,
      asOfDate: "2026-06-30",
    });
    expect(requests.map((r) => r.kind)).toEqual(["design", "evidence"]);
    expect(requests[0]?.what).toMatch(/^Walkthrough of IAM-07 .* as of 2026-06-30/);
    expect(requests[1]?.what).toBe("Signed review (as of 2026-06-30).");
  });
});
