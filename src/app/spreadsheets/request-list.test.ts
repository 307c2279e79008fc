import ExcelJS from "exceljs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../core/errors.js";
import { normaliseText, REQUEST_STATUSES, textProblem } from "../../core/evidence-requests.js";
import {
  EXPORT_HEADER,
  type RequestListEntry,
  writeRequestListCsv,
  writeRequestListXlsx,
} from "./request-list.js";
import { readRequestList } from "./request-list-reader.js";

const NOW = new Date("2026-03-01T10:00:00Z");

const tricky = fc.constantFrom(
  "=",
  "+",
  "-",
  "@",
  "'",
  '"',
  ",",
  ";",
  "\n",
  "\r\n",
  "\t",
  " ",
  "REQ-001",
  "é",
  "日本語",
  "🙂",
  "\u00a0",
  '=HYPERLINK("http://x")',
);
const textArb = (max: number) =>
  fc
    .array(fc.oneof(tricky, fc.string({ maxLength: 8 }), fc.string({ unit: "grapheme", maxLength: 4 })), {
      minLength: 1,
      maxLength: 12,
    })
    .map((parts) => normaliseText(parts.join("")))
    .filter((s) => s.length > 0 && s.length <= max && textProblem(s) === null);

const dateArb = fc
  .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2090-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const entryArb = (i: number): fc.Arbitrary<RequestListEntry> =>
  fc.record({
    ref: fc.constant(`REQ-${String(i + 1).padStart(3, "0")}`),
    control: fc.option(fc.constantFrom("IAM-01", "CHG-02", "=SUM(A1)", "-1"), { nil: null }),
    what: textArb(2000),
    periodStart: fc.option(dateArb, { nil: null }),
    periodEnd: fc.option(dateArb, { nil: null }),
    dueDate: fc.option(dateArb, { nil: null }),
    assignee: fc.option(fc.constantFrom("owner@example.com", "+admin@example.com", "-x@example.com"), {
      nil: null,
    }),
    status: fc.constantFrom(...REQUEST_STATUSES),
    evidenceCount: fc.nat(50),
    lastComment: fc.option(textArb(500), { nil: null }),
  });

const entriesArb = fc
  .integer({ min: 0, max: 8 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => entryArb(i))));

const importedOf = (e: RequestListEntry) => ({
  ref: Number(e.ref.slice(4)),
  control: e.control,
  what: e.what,
  periodStart: e.periodStart,
  periodEnd: e.periodEnd,
  dueDate: e.dueDate,
  assignee: e.assignee,
  status: e.status,
});

const expectValidationOnly = async (bytes: Buffer) => {
  try {
    await readRequestList(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("VALIDATION");
  }
};

describe("request list files", () => {
  it("reads back exactly what it wrote, as CSV and as xlsx", async () => {
    await fc.assert(
      fc.asyncProperty(entriesArb, async (entries) => {
        for (const bytes of [
          writeRequestListCsv(entries),
          await writeRequestListXlsx(entries, { title: "t", now: NOW }),
        ]) {
          const file = await readRequestList(bytes);
          expect(file.errors).toEqual([]);
          expect(file.rows.map(({ row, ...rest }) => rest)).toEqual(entries.map(importedOf));
          expect(file.rows.map((r) => r.row)).toEqual(entries.map((_, i) => i + 2));
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it("escapes cells that a spreadsheet would run as formulas, in CSV only", async () => {
    const entry: RequestListEntry = {
      ref: "REQ-001",
      control: null,
      what: '=HYPERLINK("http://evil")',
      periodStart: null,
      periodEnd: null,
      dueDate: null,
      assignee: null,
      status: "open",
      evidenceCount: 0,
      lastComment: "@SUM(1)",
    };
    const csv = writeRequestListCsv([entry]).toString("utf8");
    expect(csv.startsWith("\uFEFFRef,Control,Request,")).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain("'@SUM(1)");
    const xlsx = new ExcelJS.Workbook();
    await xlsx.xlsx.load(
      (await writeRequestListXlsx([entry], { title: "t", now: NOW })) as unknown as ExcelJS.Buffer,
    );
    expect(xlsx.worksheets[0]?.getCell("C2").value).toBe('=HYPERLINK("http://evil")');
  });

  it("never fails with anything but VALIDATION on random bytes, text or broken zips", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
          fc.string({ unit: "binary", maxLength: 300 }).map((s) => Buffer.from(s, "utf8")),
          fc
            .uint8Array({ maxLength: 300 })
            .map((a) => Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.from(a)])),
        ),
        expectValidationOnly,
      ),
      { numRuns: 300 },
    );
  }, 60_000);

  it("never fails with anything but VALIDATION on random request-list-shaped CSV", async () => {
    const cell = fc.oneof(
      fc.constantFrom(
        "",
        "REQ-001",
        "REQ-x",
        "2026-02-30",
        "2026-01-01",
        "next week",
        "a@b.c",
        "open",
        "Accepted",
      ),
      fc.string({ maxLength: 10 }),
      fc.string({ unit: "binary", maxLength: 10 }),
    );
    const csvArb = fc
      .tuple(
        fc.shuffledSubarray([...EXPORT_HEADER, "Extra", ""], { minLength: 0 }),
        fc.array(fc.array(cell, { maxLength: 12 }), { maxLength: 8 }),
        fc.constantFrom(",", ";", "\t"),
        fc.boolean(),
      )
      .map(([header, rows, sep, quote]) =>
        [header, ...rows]
          .map((r) => r.map((c) => (quote ? `"${c.replaceAll('"', '""')}"` : c)).join(sep))
          .join(quote ? "\r\n" : "\n"),
      );
    await fc.assert(
      fc.asyncProperty(csvArb, (s) => expectValidationOnly(Buffer.from(s, "utf8"))),
      {
        numRuns: 500,
      },
    );
  }, 60_000);

  it("names the row and column of every bad cell", async () => {
    const csv = [
      "Ref,Control,Request,Period start,Period end,Due date,Assignee (email),Status",
      "REQ-001,IAM-01,Access review,2026-01-01,2026-06-30,2026-07-15,a@example.com,Open",
      "REQ-x,,Backups,2026-13-01,,next week,not-an-email,Done",
      ",,,,,,,",
      ",,,,,,,",
      ",,,2026-01-01,,,,",
    ].join("\n");
    const file = await readRequestList(Buffer.from(csv));
    expect(file.errors).toEqual([
      { row: 3, column: "Ref", message: expect.stringContaining("'REQ-x' is not a reference like REQ-001") },
      { row: 3, column: "Period start", message: "'2026-13-01' is not a date (use YYYY-MM-DD)" },
      { row: 3, column: "Due date", message: "'next week' is not a date (use YYYY-MM-DD)" },
      { row: 3, column: "Assignee (email)", message: "'not-an-email' is not an e-mail address" },
      { row: 3, column: "Status", message: expect.stringContaining("'Done' is not a status") },
      { row: 6, column: "Request", message: "is empty; say what is requested" },
    ]);
    expect(file.rows.map((r) => r.row)).toEqual([2, 3, 6]);
  });

  it("refuses a file without a Request column, naming the expected header", async () => {
    await expect(readRequestList(Buffer.from("Name,Due\nx,y\n"))).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("Ref, Control, Request, Period start"),
    });
  });

  it("reads semicolon-separated CSV, Excel's in some locales", async () => {
    const file = await readRequestList(Buffer.from("Ref;Request;Due date\r\n;Access review;2026-07-15\r\n"));
    expect(file.errors).toEqual([]);
    expect(file.rows[0]).toMatchObject({ ref: null, what: "Access review", dueDate: "2026-07-15" });
  });

  it("refuses an xlsx that would unpack to more than 64 MB without unpacking it", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Requests");
    ws.addRow(["Request"]);
    ws.addRow(["x".repeat(1000)]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    // Forge the declared size of the first central directory entry.
    const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const cd = bytes.readUInt32LE(eocd + 16);
    bytes.writeUInt32LE(0xfffffff0, cd + 24);
    await expect(readRequestList(bytes)).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("more than 64 MB"),
    });
  });
});

describe("xlsx edge cases", () => {
  it("reads only the cells that hold something, and refuses dates outside 1900–9999", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sheet1");
    ws.addRow(["Request", "Due date"]);
    ws.addRow(["Far future", new Date(Date.UTC(12000, 0, 1))]);
    ws.getCell("B5").value = new Date(Date.UTC(2026, 0, 31));
    ws.getCell("A5").value = "Sparse row";
    ws.getCell("XFD4").style = { font: { bold: true } };
    const file = await readRequestList(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(file.errors).toEqual([
      { row: 2, column: "Due date", message: expect.stringContaining("outside the years 1900 to 9999") },
    ]);
    expect(file.rows.map((r) => [r.row, r.what, r.dueDate])).toEqual([
      [2, "Far future", undefined],
      [5, "Sparse row", "2026-01-31"],
    ]);
  });
});
