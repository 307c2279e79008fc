// Tests of the report model's draft states (src/core/report-model.ts): a Type 2 draft dated while
// the period still runs, and controls whose testing is not completed at the draft's date. Here
// beside the renderer's tests for the shared fixture (src/core may not import test fixtures).
import { describe, expect, it } from "vitest";
import { paymentsType2 } from "../../test/fixtures/reports/payments-type2.js";
import { AppError } from "../core/errors.js";
import { buildReportModel, type ReportInput, TESTING_NOT_COMPLETED } from "../core/report-model.js";

const refusal = (input: ReportInput): AppError => {
  try {
    buildReportModel(input);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("VALIDATION");
    return e as AppError;
  }
  throw new Error("expected a VALIDATION error");
};

/** The fixture as a draft dated mid-period, with GOV-02 and RSK-01 not yet tested. */
const midPeriodDraft = (draft = true): ReportInput => {
  const base = paymentsType2();
  return {
    ...base,
    controls: base.controls.map((c) =>
      c.code === "GOV-02" || c.code === "RSK-01"
        ? {
            code: c.code,
            title: c.title,
            description: c.description,
            criteria: c.criteria,
            testingNotCompleted: true,
          }
        : c,
    ),
    report: { version: 1, date: "2026-01-15", draft },
  };
};

describe("report model drafts", () => {
  it("dates a draft while the period still runs, but never a final report", () => {
    const base = paymentsType2();
    const early = { ...base, report: { ...base.report, date: "2026-01-15" } };
    expect(refusal(early).message).toMatch(/cannot be dated before its period ends/);
    const model = buildReportModel({ ...early, report: { ...early.report, draft: true } });
    expect(model.meta.draft).toBe(true);
  });

  it("says testing is not completed for untested controls and counts them on the cover", () => {
    const model = buildReportModel(midPeriodDraft());
    const controls = model.sections.flatMap((s) => s.blocks).filter((b) => b.kind === "control");
    const gov = controls.find((b) => b.code === "GOV-02");
    expect(gov?.tests).toEqual([{ method: "", procedure: "", tested: "", result: TESTING_NOT_COMPLETED }]);
    expect(gov?.deviations).toEqual([]);
    expect(controls.find((b) => b.code === "IAM-02")?.tests?.length).toBe(3);
    expect(model.cover.lines).toContain(
      "Testing of 2 of 25 controls is not completed at the date of this draft.",
    );
    expect(buildReportModel(paymentsType2()).cover.lines.join(" ")).not.toMatch(/not completed/);
  });

  it("refuses untested controls in a final report, and tests on a control marked untested", () => {
    const final = { ...midPeriodDraft(false), report: { version: 1, date: "2026-05-15", draft: false } };
    expect(refusal(final).message).toMatch(/GOV-02: testing is not completed; only a draft/);
    const base = paymentsType2();
    const both = {
      ...base,
      report: { ...base.report, draft: true },
      controls: base.controls.map((c) => (c.code === "GOV-01" ? { ...c, testingNotCompleted: true } : c)),
    };
    expect(refusal(both).message).toMatch(/GOV-01 has tests/);
  });
});
