import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { Framework } from "../../core/frameworks.js";
import {
  type ControlMatrixModel,
  controlsByCriterion,
  type MatrixControl,
  mappingRows,
  writeControlMatrixXlsx,
} from "./control-matrix.js";
import { gridRows, type WorkpaperSheet } from "./workpapers-xlsx.js";

const control = (code: string, criteria: string[]): MatrixControl => ({
  code,
  title: `Control ${code}`,
  description: "",
  domain: "identity",
  criteria,
  ownerName: null,
  ownerEmail: null,
  frequency: "quarterly",
  automation: "manual",
  status: "implemented",
  evidenceCount: 0,
  latestEvidenceDate: null,
  inScope: null,
  testMethod: null,
});

const framework: Framework = {
  id: "test-fw",
  name: "Test framework",
  version: "1",
  source: "test",
  jurisdiction: "India",
  requirements: [
    { id: "R1", title: "Access is reviewed", group: "Chapter 1" },
    { id: "R2", title: "Changes are approved", group: "Chapter 1" },
  ],
  mappings: [
    {
      requirementId: "R1",
      criterionId: "CC6.2",
      relationship: "intersects-with",
      rationale: "Both review access.",
    },
    { requirementId: "R2", criterionId: "CC9.9", relationship: "subset-of", rationale: "No control here." },
  ],
};

const model = (over: Partial<ControlMatrixModel> = {}): ControlMatrixModel => ({
  title: "Matrix",
  withEngagement: false,
  withTestMethod: false,
  controls: [control("IAM-01", ["CC6.2", "CC6.3"]), control("IAM-02", ["CC6.2"])],
  criteria: [
    { id: "CC6.2", title: "Access granted" },
    { id: "CC1.1", title: "Integrity" },
  ],
  frameworks: [framework],
  ...over,
});

const load = async (buffer: Buffer) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return wb;
};

describe("control matrix", () => {
  it("reaches controls from a framework requirement through the criteria", () => {
    const by = controlsByCriterion(model().controls);
    expect(by.get("CC6.2")?.map((c) => c.code)).toEqual(["IAM-01", "IAM-02"]);
    const rows = mappingRows([framework], by);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      requirementId: "R1",
      requirementTitle: "Access is reviewed",
      controls: ["IAM-01", "IAM-02"],
    });
    expect(rows[1]?.controls).toEqual([]);
  });

  it("writes the mappings sheet only when a framework has links, and scope columns only with an engagement", async () => {
    const plain = await load(
      await writeControlMatrixXlsx(model({ frameworks: [{ ...framework, mappings: [] }] }), new Date()),
    );
    expect(plain.worksheets.map((w) => w.name)).toEqual(["Controls", "Criteria"]);
    expect(plain.getWorksheet("Controls")?.getRow(1).values).not.toContain("In scope");
    const full = await load(
      await writeControlMatrixXlsx(model({ withEngagement: true, withTestMethod: true }), new Date()),
    );
    expect(full.worksheets.map((w) => w.name)).toEqual(["Controls", "Criteria", "Framework mappings"]);
    const header = full.getWorksheet("Controls")?.getRow(1).values as unknown[];
    expect(header).toContain("In scope");
    expect(header).toContain("Test method");
    const criteria = full.getWorksheet("Criteria");
    expect(criteria?.getCell("C2").value).toBe(2);
    expect(criteria?.getCell("E3").value).toBe("n");
  });
});

describe("workpaper grid", () => {
  it("puts each result under its item and attribute, keeping the items' order", () => {
    const w: WorkpaperSheet = {
      controlCode: "CHG-01",
      controlTitle: "t",
      status: "open",
      conclusion: null,
      basis: "sample",
      exceptionRefs: [],
      itemsTested: 2,
      preparer: null,
      preparedAt: null,
      reviewer: null,
      reviewedAt: null,
      attributes: [{ id: "A1", text: "Approved" }],
      items: [
        { key: "row-2", label: "CHG-2", date: null },
        { key: "row-1", label: "CHG-1", date: null },
      ],
      results: [{ itemKey: "row-1", attributeId: "A1", result: "fail", note: "", evidenceSha256: null }],
    };
    const rows = gridRows(w);
    expect(rows.map((r) => r.item.label)).toEqual(["CHG-2", "CHG-1"]);
    expect(rows[0]?.cells.size).toBe(0);
    expect(rows[1]?.cells.get("A1")?.result).toBe("fail");
  });
});
