import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parsePopulationDate, readPopulationFile } from "./population-file.js";

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../test/fixtures/populations/${name}`, import.meta.url));
const PERIOD = { start: "2025-01-01", end: "2025-12-31" };
const sha256 = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("parsePopulationDate", () => {
  it("reads YYYY-MM-DD, ISO timestamps (date as written) and DD/MM/YYYY", () => {
    expect(parsePopulationDate("2025-03-04")).toBe("2025-03-04");
    expect(parsePopulationDate(" 2025-03-04T23:30:00+05:30 ")).toBe("2025-03-04");
    expect(parsePopulationDate("2025-03-04 09:15")).toBe("2025-03-04");
    expect(parsePopulationDate("4/3/2025")).toBe("2025-03-04");
    expect(parsePopulationDate("31/02/2025")).toBeUndefined();
    expect(parsePopulationDate("03-04-2025")).toBeUndefined();
    expect(parsePopulationDate("")).toBeUndefined();
  });
});

describe("readPopulationFile", () => {
  it("streams a CSV, hashes it and reports excluded and unparseable rows", async () => {
    const path = fixture("changes-2025.csv");
    const r = await readPopulationFile(path, {
      dateColumn: "approved_at",
      idColumn: "ticket_id",
      period: PERIOD,
    });
    expect(r.format).toBe("csv");
    expect(r.hash).toBe(sha256(path));
    expect(r.totalRows).toBe(265);
    expect(r.outsidePeriod).toBe(2);
    expect(r.unparseable).toEqual([
      { row: 100, value: "n/a" },
      { row: 150, value: "31/02/2025" },
    ]);
    expect(r.items).toHaveLength(261);
    expect(r.items[0]).toEqual({ row: 1, id: "CHG-0001", date: "2025-01-01" });
  });

  it("reads TSV and JSON lines; the id defaults to the row number", async () => {
    const tsv = await readPopulationFile(fixture("weekly-2025.tsv"), { dateColumn: "when", period: PERIOD });
    expect(tsv.format).toBe("tsv");
    expect(tsv.items).toHaveLength(52);
    expect(tsv.items[1]).toEqual({ row: 2, id: "2", date: "2025-01-10" });
    const jsonl = await readPopulationFile(fixture("monthly-2025.jsonl"), {
      dateColumn: "date",
      idColumn: "id",
      period: PERIOD,
    });
    expect(jsonl.format).toBe("jsonl");
    expect(jsonl.items.map((i) => i.id)).toHaveLength(12);
  });

  it("rejects unknown columns, missing files and malformed CSV", async () => {
    await expect(
      readPopulationFile(fixture("weekly-2025.tsv"), { dateColumn: "date", period: PERIOD }),
    ).rejects.toThrow(/available columns: id, when, note/);
    await expect(
      readPopulationFile(fixture("missing.csv"), { dateColumn: "d", period: PERIOD }),
    ).rejects.toThrow(/not found/);
    await expect(
      readPopulationFile(fixture("malformed.csv"), { dateColumn: "date", period: PERIOD }),
    ).rejects.toThrow(/line 3/);
  });
});
