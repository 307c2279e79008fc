import { createHash } from "node:crypto";
import { createReadStream, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse";
import { describe, expect, it } from "vitest";
import { parsePopulationDate, parsePopulationRule } from "../core/population-rules.js";
import {
  deriveSeed,
  type PopulationItem,
  SELECTION_FREQUENCIES,
  type SelectionMethod,
  selectSample,
} from "../core/sample-selection.js";
import { profilePopulation, reconcilePopulations, selectFromPopulation, testPopulation } from "./index.js";

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../test/fixtures/populations/${name}`, import.meta.url));
const rule = (name: string): unknown => JSON.parse(readFileSync(fixture(`rules/${name}`), "utf8"));
const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const YEAR = { start: "2025-01-01", end: "2025-12-31" };

/**
 * The JS path of `fieldwork sample` for a CSV/TSV file: records as csv-parse reads them, dates by
 * the core's rule, then core's selectSample over the in-period items.
 */
const jsItems = async (path: string, delimiter: string, dateColumn: string, idColumn?: string) => {
  const items: PopulationItem[] = [];
  let row = 0;
  const parser = createReadStream(path).pipe(
    parse({ delimiter, bom: true, skip_empty_lines: true, columns: true }),
  );
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    row += 1;
    const date = parsePopulationDate(record[dateColumn] ?? "");
    if (date !== undefined && date >= YEAR.start && date <= YEAR.end) {
      items.push({ row, id: idColumn === undefined ? String(row) : (record[idColumn] ?? ""), date });
    }
  }
  return items;
};

describe("profilePopulation", () => {
  it("profiles a CSV: hash, rows, columns, preview, and every row accounted for", async () => {
    const path = fixture("change-tickets-2025.csv");
    const p = await profilePopulation(path, { format: "csv", dateColumn: "created_at", period: YEAR });
    expect(p.hash).toBe(sha256(path));
    expect(p.sizeBytes).toBe(readFileSync(path).length);
    expect(p.rowCount).toBe(303);
    expect(p.columns).toEqual([
      "change_id",
      "title",
      "author",
      "approver",
      "environment",
      "created_at",
      "approved_at",
      "deployed_at",
    ]);
    expect(p.preview).toHaveLength(20);
    expect(p.preview[4]?.[1]).toBe('Change 5: update "ledger", config');
    expect([p.inPeriod, p.excluded, p.unparseableCount]).toEqual([300, 2, 1]);
    expect(p.unparseable).toEqual([{ row: 303, column: "created_at", value: "unknown" }]);
    expect(p.inPeriod + p.excluded + p.unparseableCount).toBe(p.rowCount);
  });

  it("reads JSON lines like `fieldwork sample` does: JSON text for non-strings, '' for null", async () => {
    const p = await profilePopulation(fixture("terminations-2025.jsonl"), {
      format: "jsonl",
      dateColumn: "termination_date",
      period: YEAR,
    });
    expect(p.rowCount).toBe(40);
    expect(p.columns).toEqual(["employee_id", "email", "name", "termination_date", "rehire"]);
    expect(p.preview[0]).toEqual(["5001", "leaver1@paysetu.example", "Leaver 1", "2025-01-10", "false"]);
    expect(p.preview[8]?.[4]).toBe("");
    expect(p.inPeriod).toBe(40);
  });

  it("reads the xlsx twin of a TSV to the same rows, dates written as ISO", async () => {
    const scope = { dateColumn: "start_date", period: YEAR } as const;
    const tsv = await profilePopulation(fixture("new-hires-2025.tsv"), { format: "tsv", ...scope });
    const xlsx = await profilePopulation(fixture("new-hires-2025.xlsx"), { format: "xlsx", ...scope });
    expect(xlsx.hash).toBe(sha256(fixture("new-hires-2025.xlsx")));
    expect(xlsx.columns).toEqual(tsv.columns);
    expect([xlsx.rowCount, xlsx.inPeriod, xlsx.unparseableCount]).toEqual([60, 60, 0]);
    expect([tsv.rowCount, tsv.inPeriod, tsv.unparseableCount]).toEqual([60, 60, 0]);
    expect(xlsx.preview[0]).toEqual([
      "E0101",
      "Hire 1",
      "hire1@paysetu.example",
      "2025-01-06",
      "AR-2001",
      "2025-01-02T10:00:00",
    ]);
    expect(tsv.preview[2]?.[3]).toBe("17/1/2025");
    expect(xlsx.preview[2]?.[3]).toBe("2025-01-17");
  });

  it("refuses an unknown date column, a missing file and malformed CSV", async () => {
    const path = fixture("change-tickets-2025.csv");
    await expect(profilePopulation(path, { format: "csv", dateColumn: "when" })).rejects.toThrow(
      /--date-column "when" is not a column.*change_id, title/,
    );
    await expect(profilePopulation(fixture("missing.csv"), { format: "csv" })).rejects.toThrow(/not found/);
    await expect(profilePopulation(fixture("malformed.csv"), { format: "csv" })).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringMatching(/not well-formed CSV.*Line: 3/),
    });
  });
});

describe("selectFromPopulation draws what core's selectSample draws from the same file", () => {
  const cases = [
    { file: "change-tickets-2025.csv", delimiter: ",", dateColumn: "created_at", idColumn: "change_id" },
    { file: "changes-2025.csv", delimiter: ",", dateColumn: "approved_at", idColumn: "ticket_id" },
    { file: "new-hires-2025.tsv", delimiter: "\t", dateColumn: "start_date", idColumn: undefined },
  ] as const;
  it.each(cases)(
    "$file",
    async ({ file, delimiter, dateColumn, idColumn }) => {
      const path = fixture(file);
      const items = await jsItems(path, delimiter, dateColumn, idColumn);
      const format = delimiter === "," ? "csv" : "tsv";
      for (const [i, frequency] of SELECTION_FREQUENCIES.entries()) {
        for (const method of ["random", "systematic", "all"] as SelectionMethod[]) {
          const seed = deriveSeed(`ENG-${i}`, method, sha256(path));
          const size = [1, 2, 5, 25, 40, 8, 25][i] ?? 25;
          const expected = selectSample({ items, period: YEAR, size, method, frequency, seed });
          const got = await selectFromPopulation(path, {
            format,
            dateColumn,
            ...(idColumn === undefined ? {} : { idColumn }),
            period: YEAR,
            frequency,
            size,
            method,
            seed,
          });
          expect(got.items.map(({ row, id, date }) => ({ row, id, date }))).toEqual(expected.items);
          expect(got.strata).toEqual(expected.strata);
          expect(got.inPeriod).toBe(items.length);
        }
      }
    },
    60_000,
  );

  it("carries every column's value with each item", async () => {
    const got = await selectFromPopulation(fixture("change-tickets-2025.csv"), {
      format: "csv",
      dateColumn: "created_at",
      idColumn: "change_id",
      period: YEAR,
      frequency: "daily",
      size: 25,
      method: "random",
      seed: "fixed",
    });
    expect(got.items).toHaveLength(25);
    expect(got.excluded).toBe(2);
    expect(got.unparseable).toEqual([{ row: 303, column: "created_at", value: "unknown" }]);
    const first = got.items[0];
    expect(first?.values.change_id).toBe(first?.id);
    expect(Object.keys(first?.values ?? {})).toHaveLength(8);
  });
});

describe("testPopulation and reconcilePopulations on the fixtures", () => {
  it("accepts every JSON example of docs/population-rules.md", () => {
    const doc = readFileSync(new URL("../../docs/population-rules.md", import.meta.url), "utf8");
    const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] ?? ""));
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const example of examples) expect(parsePopulationRule(example).require.length).toBeGreaterThan(0);
  });

  it("finds the planted change-management deviations and only them", async () => {
    const r = await testPopulation(fixture("change-tickets-2025.csv"), {
      format: "csv",
      rule: rule("change-approved-before-deploy.json"),
      period: YEAR,
      dateColumn: "created_at",
    });
    expect(r.failing.map((f) => f.row)).toEqual([43, 78, 99, 141, 211]);
    expect(r.rowsFailing).toBe(5);
    expect(r.rowsTested + r.rowsNotApplicable).toBe(300);
    expect([r.excluded, r.unparseableCount]).toEqual([2, 1]);
    expect(r.failing.find((f) => f.row === 99)?.failed).toEqual(["approved_at is before deployed_at"]);
    expect(r.failing.find((f) => f.row === 99)?.values.approved_at).toBe("pending");
    expect(r.description).toMatch(/^Production changes were approved/);
  });

  it("joins leavers (JSON lines) to IdP accounts (CSV): late, active and missing accounts fail", async () => {
    const r = await testPopulation(fixture("terminations-2025.jsonl"), {
      format: "jsonl",
      rule: rule("leaver-disabled-within-24h.json"),
      join: { path: fixture("idp-accounts-2025.csv"), format: "csv", on: "email" },
    });
    expect(r.failing.map((f) => f.row)).toEqual([7, 12, 20, 29, 31]);
    expect([r.rowsTested, r.rowsFailing, r.rowsUnmatched]).toEqual([40, 5, 2]);
    expect(r.failing[1]?.values["right.status"]).toBeNull();
  });

  it("tests new hires from xlsx with a pattern and a date comparison", async () => {
    const r = await testPopulation(fixture("new-hires-2025.xlsx"), {
      format: "xlsx",
      rule: rule("new-hire-access-approved.json"),
    });
    expect(r.failing.map((f) => f.row)).toEqual([17, 33]);
  });

  it("reconciles leavers with disabled accounts, listing every unmatched row on both sides", async () => {
    const r = await reconcilePopulations(
      { path: fixture("terminations-2025.jsonl"), format: "jsonl", key: "email" },
      {
        path: fixture("idp-accounts-2025.csv"),
        format: "csv",
        key: "email",
        filter: { column: "status", op: "eq", value: "disabled" },
      },
    );
    expect([r.leftRows, r.rightRows, r.matched]).toEqual([40, 38, 37]);
    expect(r.unmatchedLeft.map((u) => u.row)).toEqual([12, 20, 29]);
    expect(r.unmatchedRight).toEqual([
      {
        row: 39,
        values: {
          email: "contractor1@paysetu.example",
          user_id: "u9901",
          status: "disabled",
          disabled_at: "2025-03-03T12:00:00Z",
        },
      },
    ]);
    expect([r.unmatchedLeftCount, r.unmatchedRightCount]).toEqual([3, 1]);
  });
});
