// Tests of the pure report model in src/core/report-model.ts. They live here because they share the
// realistic fixture in test/fixtures/reports with the renderer's tests, and src/core may import nothing
// outside src/core (dependency-cruiser's core-is-pure rule), not even from a test.
import { describe, expect, it } from "vitest";
import {
  paymentsType1,
  paymentsType2,
  paymentsType2Qualified,
} from "../../test/fixtures/reports/payments-type2.js";
import { AppError } from "../core/errors.js";
import {
  buildReportModel,
  formatReportDate,
  type ReportInput,
  type ReportModel,
} from "../core/report-model.js";

const text = (model: ReportModel, id?: string): string =>
  model.sections
    .filter((s) => !id || s.id === id)
    .flatMap((s) => s.blocks)
    .map((b) => {
      switch (b.kind) {
        case "heading":
        case "paragraph":
          return b.text;
        case "list":
          return b.items.join("\n");
        case "signature":
          return b.lines.join("\n");
        case "table":
          return b.rows.map((r) => r.join(" | ")).join("\n");
        default:
          return [
            b.code,
            b.title,
            b.description,
            ...(b.tests ?? []).map((t) => `${t.procedure} ${t.tested} ${t.result}`),
            ...(b.deviations ?? []),
          ].join("\n");
      }
    })
    .join("\n");

const listText = (model: ReportModel, id: string): string =>
  (model.sections.find((s) => s.id === id)?.blocks ?? [])
    .flatMap((b) => (b.kind === "list" ? b.items : []))
    .join("\n");

const expectValidation = (input: ReportInput, message: RegExp) => {
  let caught: unknown;
  try {
    buildReportModel(input);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect((caught as AppError).code).toBe("VALIDATION");
  expect((caught as AppError).message).toMatch(message);
};

describe("buildReportModel", () => {
  it("orders the sections I to V with the headings SOC2.md §2.2 requires", () => {
    const model = buildReportModel(paymentsType2());
    expect(model.sections.map((s) => s.id)).toEqual(["I", "II", "III", "IV", "V"]);
    const headings = model.sections[0]?.blocks
      .filter((b) => b.kind === "heading")
      .map((b) => (b.kind === "heading" ? b.text : ""));
    expect(headings).toEqual([
      "Scope",
      "Service organization's responsibilities",
      "Service auditor's responsibilities",
      "Inherent limitations",
      "Description of tests of controls",
      "Opinion",
      "Restricted use",
    ]);
    expect(text(model, "I")).toContain("AT-C section 105 and AT-C section 205");
    expect(text(model, "I")).not.toMatch(/AT-C (section )?320/);
  });

  it("words a Type 2 as throughout the period with operating effectiveness", () => {
    const model = buildReportModel(paymentsType2());
    const all = `${text(model)}\n${listText(model, "I")}`;
    expect(all).toContain("throughout the period 1 April 2025 to 31 March 2026");
    expect(listText(model, "I")).toMatch(
      /\(c\) the controls stated in the description operated effectively throughout the period/,
    );
    expect(listText(model, "II")).toMatch(/\(c\) the controls .* operated effectively/);
    expect(all).not.toMatch(/\bas of \d/);
    expect(model.header).toEqual({
      organization: "PayRail Technologies Private Limited",
      reportKind: "SOC 2 Type 2",
      period: "1 April 2025 to 31 March 2026",
    });
    expect(text(model, "III")).toContain("DC9 Significant changes during the period");
  });

  it("words a Type 1 as of the date, design only, with no tests and no DC9", () => {
    const model = buildReportModel(paymentsType1());
    const all = `${text(model)}\n${listText(model, "I")}`;
    expect(all).toContain("as of 31 March 2025");
    expect(all).not.toContain("throughout the period");
    expect(all).not.toMatch(/description operated effectively|and the operating effectiveness/);
    expect(all).toContain("suitably designed as of 31 March 2025");
    expect(listText(model, "I")).not.toContain("(c)");
    expect(
      model.sections[0]?.blocks.some(
        (b) => b.kind === "heading" && b.text === "Description of tests of controls",
      ),
    ).toBe(false);
    expect(
      model.sections[3]?.blocks
        .filter((b) => b.kind === "control")
        .every((b) => b.kind === "control" && !b.tests),
    ).toBe(true);
    expect(text(model, "III")).not.toContain("DC9");
    expect(model.header.period).toBe("As of 31 March 2025");
  });

  it("adds the basis paragraph before a qualified opinion", () => {
    const model = buildReportModel(paymentsType2Qualified());
    const blocks = model.sections[0]?.blocks ?? [];
    const basis = blocks.findIndex((b) => b.kind === "heading" && b.text === "Basis for qualified opinion");
    const opinion = blocks.findIndex((b) => b.kind === "heading" && b.text === "Qualified opinion");
    expect(basis).toBeGreaterThan(0);
    expect(opinion).toBeGreaterThan(basis);
    expect(blocks[basis + 1]).toMatchObject({
      kind: "paragraph",
      text: expect.stringContaining("criterion CC6.2"),
    });
    expect(text(model, "I")).toContain("except for the effects of the matter");
    expect(text(buildReportModel(paymentsType2()), "I")).not.toContain("Basis for");
  });

  it("words adverse and disclaimer opinions differently", () => {
    const base = paymentsType2();
    const adverse = buildReportModel({
      ...base,
      opinion: { kind: "adverse", basis: "Access controls failed across the period." },
    });
    expect(text(adverse, "I")).toContain("Basis for adverse opinion");
    expect(listText(adverse, "I")).toContain("did not operate effectively");
    const disclaimer = buildReportModel({
      ...base,
      opinion: { kind: "disclaimer", basis: "Records were not made available." },
    });
    expect(text(disclaimer, "I")).toContain("we do not express an opinion");
    expect(listText(disclaimer, "I")).toBe("");
  });

  it("puts every deviation, with n of m, in Section IV and links it from its test", () => {
    const model = buildReportModel(paymentsType2());
    const four = text(model, "IV");
    for (const ref of ["EX-01", "EX-02", "EX-03"]) expect(four).toContain(ref);
    expect(four).toContain("EX-01 (isolated; 2 of 25 items)");
    expect(four).toContain("Exception EX-02: 1 of 40 items deviated.");
    expect(four).toContain("No exceptions noted.");
    expect(four).toContain("Entire population (365)");
    expect(four).toContain("25 of 148");
  });

  it("keeps management's responses in Section V, outside the opinion", () => {
    const model = buildReportModel(paymentsType2());
    const five = text(model, "V");
    expect(five).toContain("the opinion in Section I does not cover it");
    expect(five).toContain("Branch protection now applies to administrators");
    for (const id of ["I", "II", "III", "IV"])
      expect(text(model, id)).not.toContain("Branch protection now applies to administrators");
  });

  it("maps every criterion in scope to its controls", () => {
    const model = buildReportModel(paymentsType2());
    const table = model.sections[3]?.blocks.find((b) => b.kind === "table");
    expect(table?.kind === "table" && table.rows.find((r) => r[0] === "CC6.2")?.[2]).toBe("IAM-02, IAM-03");
  });

  it("takes its metadata from the input: engagement id, firm, report date", () => {
    const model = buildReportModel(paymentsType2());
    expect(model.meta.author).toBe("Mehta Raman & Associates LLP");
    expect(model.meta.creationDate).toBe("2026-05-15T00:00:00.000Z");
    expect(model.meta.keywords.join(" ")).toContain("eng-3f6c2a9e-payrail");
  });

  it("formats dates without the machine's locale", () => {
    expect(formatReportDate("2025-04-01")).toBe("1 April 2025");
    expect(formatReportDate("2026-12-31")).toBe("31 December 2026");
  });
});

describe("buildReportModel validation", () => {
  const base = paymentsType2();
  it("refuses a modified opinion without its basis", () => {
    expectValidation({ ...base, opinion: { kind: "qualified" } }, /basis/);
    expectValidation({ ...base, opinion: { kind: "adverse", basis: "  " } }, /basis/);
  });
  it("refuses a basis paragraph on an unmodified opinion", () => {
    expectValidation({ ...base, opinion: { kind: "unmodified", basis: "x" } }, /unmodified/);
  });
  it("refuses a Type 2 without a period, and a Type 1 without its date", () => {
    expectValidation({ ...base, engagement: { ...base.engagement, periodEnd: undefined } }, /period end/);
    expectValidation(
      { ...base, engagement: { ...base.engagement, periodEnd: "2025-03-01" } },
      /end after it starts/,
    );
    const t1 = paymentsType1();
    expectValidation({ ...t1, engagement: { ...t1.engagement, asOfDate: "31/03/2025" } }, /as-of date/);
  });
  it("refuses tests in a Type 1 report and a Type 2 control without tests", () => {
    const t1 = paymentsType1();
    expectValidation({ ...t1, controls: paymentsType2().controls }, /Type 1 report covers design only/);
    expectValidation(
      { ...base, controls: base.controls.map((c, i) => (i === 0 ? { ...c, tests: [] } : c)) },
      /has no tests/,
    );
  });
  it("refuses deviations that are unlinked, duplicated, impossible or answered but unknown", () => {
    const unlinked = base.controls.map((c) =>
      c.code === "CHG-01" ? { ...c, tests: (c.tests ?? []).map((t) => ({ ...t, deviationRefs: [] })) } : c,
    );
    expectValidation({ ...base, controls: unlinked }, /EX-02 of CHG-01 is not linked/);
    const impossible = base.controls.map((c) =>
      c.code === "CHG-01"
        ? { ...c, deviations: (c.deviations ?? []).map((d) => ({ ...d, deviations: 41 })) }
        : c,
    );
    expectValidation({ ...base, controls: impossible }, /n of m/);
    const duplicate = base.controls.map((c) =>
      c.code === "CHG-01"
        ? {
            ...c,
            deviations: (c.deviations ?? []).map((d) => ({ ...d, ref: "EX-01" })),
            tests: (c.tests ?? []).map((t) => (t.deviationRefs ? { ...t, deviationRefs: ["EX-01"] } : t)),
          }
        : c,
    );
    expectValidation({ ...base, controls: duplicate }, /EX-01 is used twice/);
    expectValidation({ ...base, managementResponses: [{ deviationRef: "EX-99", response: "x" }] }, /EX-99/);
  });
  it("refuses a control mapped to a criterion out of scope", () => {
    expectValidation(
      { ...base, controls: base.controls.map((c, i) => (i === 0 ? { ...c, criteria: ["PI1.1"] } : c)) },
      /PI1.1, which is not in scope/,
    );
  });
});
