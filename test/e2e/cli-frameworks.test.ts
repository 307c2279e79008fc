import { describe, expect, it } from "vitest";
import { runFieldwork } from "../support/cli.js";

interface SummaryJson {
  readonly id: string;
  readonly name: string;
  readonly requirements: number;
  readonly links: number;
  readonly criteria: number;
}

interface DetailJson extends SummaryJson {
  readonly requirementList: readonly {
    readonly id: string;
    readonly title: string;
    readonly group: string;
    readonly links: readonly { criterionId: string; relationship: string; rationale: string }[];
    readonly unmappedReason: string | null;
  }[];
}

const json = async <T>(args: string[]): Promise<T> => {
  const result = await runFieldwork(args);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
};

describe("fieldwork frameworks", () => {
  it("list --json names the six shipped frameworks with their counts", async () => {
    const entries = await json<SummaryJson[]>(["frameworks", "list", "--json"]);
    expect(entries.map((e) => e.id)).toEqual([
      "iso27001-2022",
      "dpdp-2023",
      "rbi-itgrca-2023",
      "sebi-cscrf-2024",
      "gdpr",
      "hipaa-security",
    ]);
    const iso = entries[0]!;
    expect(iso.name).toBe("ISO/IEC 27001:2022");
    expect(iso.requirements).toBeGreaterThanOrEqual(93 + 25);
    expect(iso.links).toBeGreaterThan(iso.requirements);
    expect(iso.criteria).toBeGreaterThan(33);
    expect(iso.criteria).toBeLessThanOrEqual(61);
  });

  it("list prints a table with one row per framework and a count line", async () => {
    const result = await runFieldwork(["frameworks", "list"]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+Name\s+Jurisdiction\s+Requirements\s+Links\s+Criteria$/);
    expect(lines.find((l) => l.startsWith("iso27001-2022"))).toMatch(
      /ISO\/IEC 27001:2022\s+International\s+\d+\s+\d+\s+\d+\/61$/,
    );
    expect(lines.at(-1)).toBe("6 frameworks.");
  });

  it("show --json gives every ISO requirement with its links and rationales", async () => {
    const detail = await json<DetailJson>(["frameworks", "show", "iso27001-2022", "--json"]);
    expect(detail.requirementList).toHaveLength(detail.requirements);
    const annexA = detail.requirementList.filter((r) => r.id.startsWith("A."));
    expect(annexA).toHaveLength(93);
    const disposal = detail.requirementList.find((r) => r.id === "A.7.14")!;
    expect(disposal.group).toBe("Annex A.7 — Physical controls");
    expect(disposal.links.map((l) => l.criterionId)).toEqual(["CC6.5", "C1.2", "P4.3"]);
    expect(disposal.links[0]!.relationship).toBe("equivalent-to");
    expect(detail.requirementList.every((r) => r.links.every((l) => l.rationale.length > 0))).toBe(true);
    const linkCount = detail.requirementList.reduce((n, r) => n + r.links.length, 0);
    expect(linkCount).toBe(detail.links);
  });

  it("show --criterion lists only the requirements linked to that criterion, in any letter case", async () => {
    const detail = await json<DetailJson>([
      "frameworks",
      "show",
      "ISO27001-2022",
      "--criterion",
      "cc6.4",
      "--json",
    ]);
    const ids = detail.requirementList.map((r) => r.id);
    expect(ids).toContain("A.7.1");
    expect(ids).toContain("A.7.2");
    expect(ids).not.toContain("A.8.24");
    expect(detail.requirementList.every((r) => r.links.some((l) => l.criterionId === "CC6.4"))).toBe(true);
  });

  it("show prints a table with relationship marks and a summary line", async () => {
    const result = await runFieldwork(["frameworks", "show", "iso27001-2022", "--criterion", "A1.1"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ISO\/IEC 27001:2022 \(iso27001-2022\), International\n/);
    expect(result.stdout).toMatch(/A\.8\.6\s+Capacity monitoring and planning\s+A1\.1=\n/);
    expect(result.stdout).toMatch(
      /\n1 requirement linked to A1\.1; \d+ links in all, reaching \d+ of the 61 criteria\.\n$/,
    );
  });

  it("rejects an unknown framework or criterion with one line on stderr and exit code 2", async () => {
    const unknown = await runFieldwork(["frameworks", "show", "pci-dss", "--json"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toBe(
      "fieldwork: Unknown framework 'pci-dss'. Use one of iso27001-2022, dpdp-2023, rbi-itgrca-2023, sebi-cscrf-2024, gdpr, hipaa-security.\n",
    );
    const criterion = await runFieldwork(["frameworks", "show", "gdpr", "--criterion", "CC6.9"]);
    expect(criterion.code).toBe(2);
    expect(criterion.stderr).toMatch(/^fieldwork: Unknown criterion 'CC6\.9'/);
  });

  it("--help describes the subcommands and flags", async () => {
    const help = await runFieldwork(["frameworks", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/list/);
    expect(help.stdout).toMatch(/show/);
    const show = await runFieldwork(["frameworks", "show", "--help"]);
    expect(show.stdout).toMatch(/--criterion <id>/);
    expect(show.stdout).toMatch(/--json/);
  });
});
