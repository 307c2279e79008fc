import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../core/errors.js";
import {
  detectPopulationFormat,
  openPopulation,
  profilePopulation,
  runPopulationTest,
  testPopulation,
} from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "fw-load-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** ~75 MB, more than DuckDB's 32 MB CSV buffer, so the read is split between threads. */
const BIG_ROWS = 750_000;
const big = join(dir, "big.csv");
beforeAll(() => {
  const fd = openSync(big, "w");
  let chunk = "id,date,filler\n";
  const filler = "x".repeat(70);
  for (let i = 1; i <= BIG_ROWS; i++) {
    chunk += `R${i},2025-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")},${filler}\n`;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = "";
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
});

const freshDir = () => mkdtempSync(join(dir, "temp-"));

describe("loading keeps file order", () => {
  it("numbers rows in file order on a file read by several threads", async () => {
    const p = await openPopulation(big, { format: "csv", threads: 4 });
    try {
      expect(p.table.rowCount).toBe(BIG_ROWS);
      const [[outOfOrder]] = (await p.engine.run(
        `SELECT count(*) FROM ${p.table.table} WHERE c0 <> 'R' || (rowid + 1)`,
      )) as [[number]];
      expect(outOfOrder).toBe(0);
    } finally {
      p.close();
    }
  }, 60_000);
});

describe("cancellation", () => {
  const cancelledError = { code: "CANCELLED" };

  it("refuses to start when already aborted, leaving nothing", async () => {
    const temp = freshDir();
    await expect(
      profilePopulation(big, { format: "csv", signal: AbortSignal.abort(), tempDirectory: temp }),
    ).rejects.toMatchObject(cancelledError);
    expect(readdirSync(temp)).toEqual([]);
  });

  it("interrupts DuckDB mid-load and removes its temp directory", async () => {
    const temp = freshDir();
    const controller = new AbortController();
    const started = Date.now();
    const run = profilePopulation(big, {
      format: "csv",
      signal: controller.signal,
      tempDirectory: temp,
      onProgress: (f) => {
        if (f > 0) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(AppError);
    await expect(run).rejects.toMatchObject(cancelledError);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(readdirSync(temp)).toEqual([]);
  }, 30_000);

  it("interrupts a running query", async () => {
    const temp = freshDir();
    const controller = new AbortController();
    const p = await openPopulation(big, { format: "csv", signal: controller.signal, tempDirectory: temp });
    try {
      const heavy = Array.from({ length: 20 }, (_, i) => ({
        column: "filler",
        op: "matches",
        pattern: `x{${i + 1}}y?$`,
      }));
      const run = runPopulationTest(p, { rule: { require: [{ any: heavy }] } });
      setTimeout(() => controller.abort(), 30);
      await expect(run).rejects.toMatchObject(cancelledError);
    } finally {
      p.close();
    }
    expect(readdirSync(temp)).toEqual([]);
  }, 30_000);

  it("stops a JSON-lines conversion and removes the half-written CSV", async () => {
    const path = join(dir, "big.jsonl");
    writeFileSync(
      path,
      Array.from({ length: 200_000 }, (_, i) => JSON.stringify({ id: i, date: "2025-01-01", n: i * 2 })).join(
        "\n",
      ),
    );
    const temp = freshDir();
    const controller = new AbortController();
    const run = testPopulation(path, {
      format: "jsonl",
      rule: { require: [{ column: "id", op: "not_empty" }] },
      signal: controller.signal,
      tempDirectory: temp,
      onProgress: (f) => {
        if (f > 0) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject(cancelledError);
    expect(readdirSync(temp)).toEqual([]);
  }, 30_000);

  it("stops an xlsx conversion the same way", async () => {
    const path = join(dir, "big.xlsx");
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
    const sheet = writer.addWorksheet("data");
    sheet.addRow(["id", "date"]).commit();
    for (let i = 1; i <= 20_000; i++)
      sheet.addRow([`R${i}`, new Date(Date.UTC(2025, 0, 1 + (i % 300)))]).commit();
    await writer.commit();
    const temp = freshDir();
    const controller = new AbortController();
    const run = profilePopulation(path, {
      format: "xlsx",
      signal: controller.signal,
      tempDirectory: temp,
      onProgress: (f) => {
        if (f > 0) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject(cancelledError);
    expect(readdirSync(temp)).toEqual([]);
    const whole = await profilePopulation(path, { format: "xlsx", dateColumn: "date", tempDirectory: temp });
    expect([whole.rowCount, whole.unparseableCount]).toEqual([20_000, 0]);
    expect(readdirSync(temp)).toEqual([]);
  }, 60_000);
});

describe("progress and formats", () => {
  it("reports progress from 0 to 1", async () => {
    const seen: number[] = [];
    await profilePopulation(big, { format: "csv", onProgress: (f) => seen.push(f) });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f) => f >= 0 && f <= 1)).toBe(true);
  }, 60_000);

  it("detects the format by extension, then by content", async () => {
    const file = (name: string, body: string | Buffer) => {
      const path = join(dir, name);
      writeFileSync(path, body);
      return path;
    };
    expect(await detectPopulationFormat("x.TSV")).toBe("tsv");
    expect(await detectPopulationFormat("x.xlsx")).toBe("xlsx");
    expect(await detectPopulationFormat(file("a.export", '\uFEFF{"a":1}\n'))).toBe("jsonl");
    expect(await detectPopulationFormat(file("b.export", "a\tb\n1\t2\n"))).toBe("tsv");
    expect(await detectPopulationFormat(file("c.export", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0])))).toBe(
      "xlsx",
    );
    expect(await detectPopulationFormat(file("d.export", "a,b\n"))).toBe("csv");
  });

  it("handles blank lines, BOMs, empty files and bad JSON lines as the JS reader does", async () => {
    const file = (name: string, body: string) => {
      const path = join(dir, name);
      writeFileSync(path, body);
      return path;
    };
    const csv = await profilePopulation(file("blank.csv", "\uFEFF\n\n a , b \n1,x\n\n2,y\n"), {
      format: "csv",
    });
    expect([csv.columns, csv.rowCount, csv.preview]).toEqual([
      ["a", "b"],
      2,
      [
        ["1", "x"],
        ["2", "y"],
      ],
    ]);
    const dup = await profilePopulation(file("dup.csv", "a,b,a\n1,2,3\n"), { format: "csv" });
    expect([dup.columns, dup.preview]).toEqual([["a", "b"], [["3", "2"]]]);
    const empty = await profilePopulation(file("empty.jsonl", "\n\n"), { format: "jsonl" });
    expect([empty.rowCount, empty.columns]).toEqual([0, []]);
    await expect(
      profilePopulation(file("bad.jsonl", '{"a":1}\n\n[1,2]\n'), { format: "jsonl" }),
    ).rejects.toThrow(/line 3 is not a JSON object/);
    await expect(profilePopulation(file("bad.xlsx", "not a zip"), { format: "xlsx" })).rejects.toThrow(
      /not a readable xlsx workbook/,
    );
  });
});
