import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  addTableSheet,
  columnWidth,
  excelDay,
  excelTimestamp,
  newWorkbook,
  sheetName,
  workbookBuffer,
} from "./xlsx-style.js";

describe("xlsx house style", () => {
  it("turns a day or a timestamp into the Excel date of that day", () => {
    expect(excelDay("2026-04-01")?.toISOString()).toBe("2026-04-01T00:00:00.000Z");
    expect(excelDay("2026-04-01T18:30:00.000Z")?.toISOString()).toBe("2026-04-01T00:00:00.000Z");
    expect(excelDay("")).toBeNull();
    expect(excelDay("not a date")).toBeNull();
    expect(excelTimestamp("2026-04-01T18:30:00.000Z")?.toISOString()).toBe("2026-04-01T18:30:00.000Z");
    expect(excelTimestamp("garbage")).toBeNull();
  });

  it("sizes columns to the longest line, within the bounds of the kind", () => {
    expect(columnWidth("Code", "text", ["IAM-01", "CHG-10"])).toBe(8);
    expect(columnWidth("Title", "text", ["x".repeat(25)])).toBe(27);
    expect(columnWidth("Title", "text", ["x".repeat(500)])).toBe(40);
    expect(columnWidth("Notes", "long", ["short", `${"y".repeat(30)}\n${"z".repeat(50)}`])).toBe(52);
    expect(columnWidth("Notes", "long", ["tiny"])).toBe(40);
    expect(columnWidth("Due", "date", [null])).toBe(12);
  });

  it("names sheets as Excel allows: 31 characters, no reserved characters, unique ignoring case", () => {
    expect(sheetName("CC6.1/CC6.2: access [review]", new Set())).toBe("CC6.1-CC6.2- access -review-");
    expect(sheetName("x".repeat(40), new Set())).toHaveLength(31);
    expect(sheetName("Summary", new Set(["summary"]))).toBe("Summary (2)");
    expect(sheetName("Summary", new Set(["Summary", "Summary (2)"]))).toBe("Summary (3)");
    expect(sheetName("", new Set())).toBe("Sheet");
  });

  it("writes typed cells under a bold, frozen header with an autofilter", async () => {
    const wb = newWorkbook({ title: "Test", now: new Date("2026-05-01T00:00:00Z") });
    addTableSheet(
      wb,
      "Rows",
      [
        { header: "Name", kind: "text", value: (r: { n: string; d: string | null; c: number }) => r.n },
        { header: "Due", kind: "date", value: (r) => r.d },
        { header: "Count", kind: "integer", value: (r) => r.c },
      ],
      [
        { n: "=SUM(A1)", d: "2026-06-30", c: 3 },
        { n: "b", d: null, c: 0 },
      ],
    );
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await workbookBuffer(wb)) as unknown as ExcelJS.Buffer);
    const ws = back.getWorksheet("Rows");
    expect(ws?.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws?.autoFilter).toBeTruthy();
    expect(ws?.getRow(1).font?.bold).toBe(true);
    expect(ws?.getCell("A2").value).toBe("=SUM(A1)");
    expect(ws?.getCell("B2").value).toBeInstanceOf(Date);
    expect(ws?.getCell("B2").numFmt).toBe("yyyy-mm-dd");
    expect(ws?.getCell("B3").value).toBeNull();
    expect(ws?.getCell("C2").value).toBe(3);
    expect(ws?.getCell("C3").value).toBe(0);
    expect(ws?.rowCount).toBe(3);
  });
});
