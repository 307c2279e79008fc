import { describe, expect, it } from "vitest";
import { runFieldwork } from "../support/cli.js";

interface CatalogJsonEntry {
  readonly id: string;
  readonly category: string;
  readonly categoryName: string;
  readonly series: string;
  readonly cosoPrinciple: number | null;
  readonly title: string;
  readonly guidance: string;
}

const catalogJson = async (...args: string[]): Promise<CatalogJsonEntry[]> => {
  const result = await runFieldwork(["catalog", "--json", ...args]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as CatalogJsonEntry[];
};

describe("fieldwork catalog", () => {
  it("--json prints all 61 criteria with their fields", async () => {
    const entries = await catalogJson();
    expect(entries).toHaveLength(61);
    expect(entries[0]).toMatchObject({
      id: "CC1.1",
      category: "CC",
      categoryName: "Security",
      cosoPrinciple: 1,
    });
    expect(entries.at(-1)).toMatchObject({ id: "P8.1", category: "P", series: "P8", cosoPrinciple: null });
    for (const e of entries) {
      expect(e.title.length).toBeGreaterThan(0);
      expect(e.guidance.length).toBeGreaterThan(0);
    }
  });

  it("--category P prints the 18 privacy criteria", async () => {
    const entries = await catalogJson("--category", "P");
    expect(entries).toHaveLength(18);
    expect(entries.every((e) => e.category === "P")).toBe(true);
  });

  it("--category A prints the 3 availability criteria", async () => {
    const entries = await catalogJson("--category", "A");
    expect(entries.map((e) => e.id)).toEqual(["A1.1", "A1.2", "A1.3"]);
  });

  it("prints a table with a count line by default", async () => {
    const result = await runFieldwork(["catalog", "--category", "PI"]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+Category\s+Title$/);
    expect(lines.filter((l) => /^PI1\.\d/.test(l))).toHaveLength(5);
    expect(lines.at(-1)).toBe("5 criteria in Processing Integrity.");
  });

  it("rejects an unknown category with one line on stderr and exit code 2", async () => {
    const result = await runFieldwork(["catalog", "--category", "XX", "--json"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("fieldwork: Unknown category 'XX'. Use one of CC, A, PI, C, P.\n");
  });

  it("--help describes the flags", async () => {
    const result = await runFieldwork(["catalog", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--category <code>/);
    expect(result.stdout).toMatch(/--json/);
  });
});
