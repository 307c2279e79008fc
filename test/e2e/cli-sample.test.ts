import { describe, expect, it } from "vitest";
import { runFieldwork } from "../support/cli.js";

const FIXTURES = "test/fixtures/populations";

interface JsonSample {
  populationHash: string;
  seed: string;
  seedSource: string;
  size: number;
  populationSize: number;
  method: string;
  excluded: { count: number; outsidePeriod: number; unparseable: { row: number; value: string }[] };
  strata: { label: string; population: number; selected: number }[];
  items: { row: number; id: string; date: string }[];
}

const DAILY = [
  "sample",
  "--population",
  `${FIXTURES}/changes-2025.csv`,
  "--date-column",
  "approved_at",
  "--id-column",
  "ticket_id",
  "--period",
  "2025-01-01..2025-12-31",
  "--frequency",
  "daily",
];

const sampleJson = async (args: readonly string[]): Promise<{ raw: string; json: JsonSample }> => {
  const result = await runFieldwork([...args, "--json"]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return { raw: result.stdout, json: JSON.parse(result.stdout) as JsonSample };
};

describe("fieldwork sample", () => {
  it("is deterministic: the same command twice prints identical JSON", async () => {
    const [a, b] = await Promise.all([sampleJson(DAILY), sampleJson(DAILY)]);
    expect(a.raw).toBe(b.raw);
    const s = a.json;
    expect(s.populationHash).toMatch(/^[0-9a-f]{64}$/);
    expect(s.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(s.seedSource).toBe("derived");
    expect(s.size).toBe(25);
    expect(s.items).toHaveLength(25);
    expect(s.populationSize).toBe(261);
    expect(s.strata).toHaveLength(12);
    expect(s.strata.every((st) => st.selected >= 1)).toBe(true);
    expect(new Set(s.items.map((i) => i.row)).size).toBe(25);
    expect(s.items[0]?.id).toMatch(/^CHG-\d{4}$/);
  });

  it("reports rows outside the period and unparseable dates with their row numbers", async () => {
    const { json } = await sampleJson(DAILY);
    expect(json.excluded).toEqual({
      count: 4,
      outsidePeriod: 2,
      unparseable: [
        { row: 100, value: "n/a" },
        { row: 150, value: "31/02/2025" },
      ],
    });
    const plain = await runFieldwork(DAILY);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain("Excluded:    4 (2 outside the period, 2 with an unreadable date)");
    expect(plain.stdout).toContain('100 ("n/a")');
    expect(plain.stdout).toMatch(/Row\s+ID\s+Date/);
  });

  it("selects different items with a different seed, engagement or control", async () => {
    const [base, seeded, other] = await Promise.all([
      sampleJson(DAILY),
      sampleJson([...DAILY, "--seed", "another-seed"]),
      sampleJson([...DAILY, "--engagement", "ENG-7", "--control", "CC8.1"]),
    ]);
    expect(seeded.json.seed).toBe("another-seed");
    expect(seeded.json.items).not.toEqual(base.json.items);
    expect(other.json.seed).not.toBe(base.json.seed);
    expect(other.json.items).not.toEqual(base.json.items);
    expect(other.json.populationHash).toBe(base.json.populationHash);
  });

  it("supports systematic and all, and TSV / JSON lines populations", async () => {
    const all = await sampleJson([...DAILY, "--method", "all"]);
    expect(all.json.items).toHaveLength(261);
    const sys = await sampleJson([...DAILY, "--method", "systematic"]);
    expect(sys.json.items).toHaveLength(25);
    const weekly = await sampleJson([
      "sample",
      "--population",
      `${FIXTURES}/weekly-2025.tsv`,
      "--date-column",
      "when",
      "--period",
      "2025-01-01..2025-12-31",
      "--frequency",
      "weekly",
    ]);
    expect(weekly.json.strata.map((s) => s.selected)).toEqual([2, 1, 1, 1]);
    const monthly = await sampleJson([
      "sample",
      "--population",
      `${FIXTURES}/monthly-2025.jsonl`,
      "--date-column",
      "date",
      "--period",
      "2025-01-01..2025-12-31",
      "--frequency",
      "monthly",
    ]);
    expect(monthly.json.strata.map((s) => s.selected)).toEqual([1, 1]);
  });

  const expectOneLineError = async (args: readonly string[], pattern: RegExp): Promise<void> => {
    const result = await runFieldwork(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.startsWith("fieldwork: ")).toBe(true);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(pattern);
  };

  it("rejects bad input with one line on stderr and exit 2", async () => {
    const withFlag = (flag: string, value: string): string[] => {
      const args = [...DAILY];
      args[args.indexOf(flag) + 1] = value;
      return args;
    };
    await Promise.all([
      expectOneLineError(
        withFlag("--date-column", "approved"),
        /--date-column "approved" .*available columns: ticket_id, approved_at, approver/,
      ),
      expectOneLineError(withFlag("--population", `${FIXTURES}/nope.csv`), /not found/),
      expectOneLineError(withFlag("--period", "2025-12-31..2025-01-01"), /--period/),
      expectOneLineError(withFlag("--frequency", "hourly"), /--frequency must be one of/),
      expectOneLineError(
        [
          "sample",
          "--population",
          `${FIXTURES}/malformed.csv`,
          "--date-column",
          "date",
          "--period",
          "2025-01-01..2025-12-31",
          "--frequency",
          "daily",
        ],
        /malformed\.csv is not well-formed CSV at line 3/,
      ),
    ]);
  });
});
