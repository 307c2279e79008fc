import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  at,
  checkOf,
  fixture,
  fixtureJson,
  fixtureText,
  junk,
  mutatedJson,
  onlyValidation,
  statusesOf,
  truncation,
  validationError,
} from "../../../test/fixtures/importers/support.js";
import { findImporter } from "./index.js";
import { TRIVY_CONTROLS, trivyImporter } from "./trivy.js";
import type { ImportOptions, ImportResult } from "./types.js";

const parse = (
  file: Buffer | string | object,
  options: ImportOptions = at("2024-02-01T00:00:00Z"),
): ImportResult =>
  trivyImporter.parse(
    {
      file: Buffer.isBuffer(file)
        ? file
        : Buffer.from(typeof file === "string" ? file : JSON.stringify(file)),
    },
    options,
  );
const check = checkOf;
const statuses = statusesOf;

describe("trivy: the real fixtures", () => {
  it("sample-1 (older Trivy, no CreatedAt/Status): 1 critical, 1 high, 3 medium; an empty list and a missing one", () => {
    const result = parse(fixture("trivy-json/sample-1.json"), at("2025-01-01T00:00:00Z"));
    expect(result.stats).toEqual({
      targets: 3,
      vulnerabilities: 5,
      open: 5,
      excluded: 0,
      fixAvailable: 5,
      noVendorFix: 0,
      critical: 1,
      high: 1,
      medium: 3,
      low: 0,
      unknown: 0,
      pastSla: 0,
    });
    // No CreatedAt: dated and first seen at `now`, so nothing is past its SLA.
    expect(result.effectiveDate).toBe("2025-01-01");
    expect(statuses(result)).toEqual([
      ["trivy.findings-by-severity", "pass"],
      ["trivy.remediation-sla", "pass"],
      ["trivy.no-vendor-fix", "pass"],
    ]);
    expect(result.title).toBe("Trivy scan: teamdojo:latest (5 open findings)");
    expect(check(result, "trivy.remediation-sla").message).toContain(
      "5 of them carry no detection or scan date",
    );
    expect(check(parse(fixture("trivy-json/sample-3.json")), "trivy.remediation-sla").message).not.toContain(
      "no detection",
    );
  });

  it('sample-2 (Trivy 0.69, CVSS v4): Status "fixed" means a fix exists, so the 3 stay open', () => {
    const result = parse(fixture("trivy-json/sample-2.json"), at("2026-03-01T00:00:00Z"));
    expect(result.effectiveDate).toBe("2026-02-24");
    expect(result.stats).toMatchObject({ open: 3, fixAvailable: 3, medium: 1, low: 2, pastSla: 0 });
    // 91 days after the scan the medium finding is past its 90-day SLA; the lows (180 d) are not.
    const later = parse(fixture("trivy-json/sample-2.json"), at("2026-05-26T00:00:00Z"));
    expect(check(later, "trivy.remediation-sla").findings).toMatchObject([
      {
        vulnerabilityId: "CVE-2025-66614",
        severity: "medium",
        firstSeen: "2026-02-24",
        ageDays: 91,
        daysOverdue: 1,
      },
    ]);
  });

  it("sample-3 (one vulnerability per Status): not_affected left out, 3 without a vendor fix warn", () => {
    const result = parse(fixture("trivy-json/sample-3.json"), at("2024-03-01T00:00:00Z"));
    expect(result.stats).toMatchObject({
      vulnerabilities: 8,
      open: 7,
      excluded: 1,
      low: 7,
      noVendorFix: 3,
      fixAvailable: 1,
    });
    expect(check(result, "trivy.no-vendor-fix").status).toBe("warn");
    expect(check(result, "trivy.no-vendor-fix").findings.map((f) => [f.vulnerabilityId, f.status])).toEqual([
      ["CVE-2018-12698", "will_not_fix"],
      ["CVE-2018-12699", "fix_deferred"],
      ["CVE-2018-12934", "end_of_life"],
    ]);
    expect(result.title).toBe("Trivy scan (7 open findings)"); // ArtifactName is ""
    // CreatedAt 2024-01-15: the 7 lows pass 180 days later, fail 181 days later.
    expect(
      check(parse(fixture("trivy-json/sample-3.json"), at("2024-07-13T00:00:00Z")), "trivy.remediation-sla")
        .status,
    ).toBe("pass");
    const late = parse(fixture("trivy-json/sample-3.json"), at("2024-07-14T00:00:00Z"));
    expect(check(late, "trivy.remediation-sla").status).toBe("fail");
    expect(late.stats.pastSla).toBe(7);
  });

  it("sample-3 with excludeStatuses: also leaving out will_not_fix and end_of_life", () => {
    const result = parse(fixture("trivy-json/sample-3.json"), {
      now: new Date("2024-03-01T00:00:00Z"),
      params: { excludeStatuses: "not_affected, will_not_fix,END_OF_LIFE" },
    });
    expect(result.stats).toMatchObject({ open: 5, excluded: 3, noVendorFix: 1 });
  });

  it("sample-4: a Result without Vulnerabilities is a clean scan", () => {
    const result = parse(fixture("trivy-json/sample-4-no-vulns.json"));
    expect(result.stats).toMatchObject({ targets: 1, vulnerabilities: 0, open: 0 });
    expect(result.checks.every((c) => c.status === "pass")).toBe(true);
    expect(result.controlIds).toEqual(["VUL-01", "VUL-03"]);
  });
});

describe("trivy: the synthetic SLA file", () => {
  it("past SLA: critical and high after 31 days; medium, unknown within; not_affected excluded; null list", () => {
    // CreatedAt 2024-01-01T00:00:00.123456789Z (nanoseconds): 31 calendar days before 2024-02-01.
    const result = parse(fixture("trivy-json/synthetic-sla.json"), at("2024-02-01T00:00:00Z"));
    expect(result.stats).toEqual({
      targets: 2,
      vulnerabilities: 5,
      open: 4,
      excluded: 1,
      fixAvailable: 1,
      noVendorFix: 1,
      critical: 1,
      high: 1,
      medium: 1,
      low: 0,
      unknown: 1,
      pastSla: 2,
    });
    const sla = check(result, "trivy.remediation-sla");
    expect(sla.status).toBe("fail");
    expect(
      sla.findings.map((f) => [f.vulnerabilityId, f.severity, f.firstSeenSource, f.ageDays, f.daysOverdue]),
    ).toEqual([
      ["CVE-2023-1001", "critical", "scan CreatedAt", 31, 16],
      ["CVE-2023-1002", "high", "scan CreatedAt", 31, 1],
    ]);
    // A day earlier the high finding is exactly 30 days old: not past its 30-day SLA.
    expect(parse(fixture("trivy-json/synthetic-sla.json"), at("2024-01-31T23:59:59Z")).stats.pastSla).toBe(1);
    expect(result.effectiveDate).toBe("2024-01-01");
    expect(check(result, "trivy.no-vendor-fix").findings).toMatchObject([
      { vulnerabilityId: "CVE-2023-1003" },
    ]);
  });

  it("UNKNOWN severity follows slaUnknownDays (default: the medium SLA)", () => {
    const strict = parse(fixture("trivy-json/synthetic-sla.json"), {
      now: new Date("2024-02-01T00:00:00Z"),
      params: { slaUnknownDays: 7, slaCriticalDays: 60, slaHighDays: 60 },
    });
    expect(check(strict, "trivy.remediation-sla").findings.map((f) => f.severity)).toEqual(["unknown"]);
  });
});

describe("trivy: malformed input names the JSON path", () => {
  const doc = (vulns: unknown, extra: object = {}) => ({
    SchemaVersion: 2,
    ...extra,
    Results: [{ Target: "t", Vulnerabilities: vulns }],
  });

  it("schema version, severities, missing ids, dates, wrong types", () => {
    expect(validationError(() => parse({ Results: [] })).message).toContain(
      "$.SchemaVersion is missing (expected 2)",
    );
    expect(validationError(() => parse({ SchemaVersion: 1, Results: [] })).message).toContain(
      "SchemaVersion is 1",
    );
    expect(
      validationError(() => parse(doc([{ VulnerabilityID: "CVE-1", Severity: "SEVERE" }]))).message,
    ).toContain(
      '$.Results[0].Vulnerabilities[0].Severity must be one of CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN, found "SEVERE"',
    );
    expect(validationError(() => parse(doc([{ Severity: "LOW" }]))).message).toContain(
      "$.Results[0].Vulnerabilities[0].VulnerabilityID is missing",
    );
    expect(validationError(() => parse(doc([], { CreatedAt: "2024-13-01T00:00:00Z" }))).message).toContain(
      '$.CreatedAt: "2024-13-01T00:00:00Z" is not a date',
    );
    expect(validationError(() => parse(doc({}))).message).toContain(
      "$.Results[0].Vulnerabilities must be an array",
    );
    expect(validationError(() => parse({ SchemaVersion: 2, Results: {} })).message).toContain(
      "$.Results must be an array",
    );
    expect(
      validationError(() => parse(doc([{ VulnerabilityID: "CVE-1", Severity: "LOW", Status: 3 }]))).message,
    ).toContain("$.Results[0].Vulnerabilities[0].Status must be a string");
  });

  it("truncated JSON names the line; other formats, binary, empty are rejected; bad params too", () => {
    const text = fixtureText("trivy-json/sample-3.json");
    expect(validationError(() => parse(text.slice(0, 4000))).message).toMatch(/input ends early at line \d+/);
    expect(
      validationError(() => parse(text.replace('"SchemaVersion": 2,', '"SchemaVersion": 2'))).message,
    ).toMatch(/invalid JSON at line 3, column 5/);
    expect(validationError(() => parse(fixture("sarif/sample-2-devskim.sarif"))).message).toContain(
      "SchemaVersion is missing",
    );
    expect(validationError(() => parse(fixture("github-pulls/sample-1.json"))).message).toContain(
      "$ must be an object",
    );
    expect(validationError(() => parse(Buffer.from("PK\u0003\u0004\u0000\u0000", "latin1"))).message).toMatch(
      /NUL/,
    );
    expect(validationError(() => parse("")).message).toContain("is empty");
    expect(
      validationError(() =>
        parse(fixture("trivy-json/sample-1.json"), { now: new Date(), params: { slaHighDays: "soon" } }),
      ).message,
    ).toContain("slaHighDays");
  });

  it("is registered with its controls", () => {
    expect(findImporter("trivy")).toBe(trivyImporter);
    expect(Object.keys(TRIVY_CONTROLS)).toEqual([
      "trivy.findings-by-severity",
      "trivy.remediation-sla",
      "trivy.no-vendor-fix",
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property-based
// ---------------------------------------------------------------------------------------------

describe("trivy: properties", () => {
  const files = [
    "trivy-json/sample-1.json",
    "trivy-json/sample-2.json",
    "trivy-json/sample-3.json",
    "trivy-json/synthetic-sla.json",
  ];

  it("random bytes and text never throw anything but AppError VALIDATION", () => {
    fc.assert(
      fc.property(junk(), (bytes) => void onlyValidation(() => parse(bytes))),
      { numRuns: 300 },
    );
  });

  it("random truncations of valid files never throw anything but AppError VALIDATION", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...files.map(fixture)).chain(truncation),
        (bytes) => void onlyValidation(() => parse(bytes)),
      ),
      { numRuns: 300 },
    );
  });

  it("random changes anywhere inside valid reports never throw anything but AppError VALIDATION", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...files.map(fixtureJson)).chain(mutatedJson),
        (bytes) => void onlyValidation(() => parse(bytes)),
      ),
      { numRuns: 400 },
    );
  });

  it("random valid vulnerabilities: counts by severity, exclusions and past-SLA counts match a model", () => {
    const vulnArb = fc.record({
      severity: fc.constantFrom("CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN", "critical", "High"),
      status: fc.option(
        fc.constantFrom(
          "affected",
          "fixed",
          "not_affected",
          "will_not_fix",
          "fix_deferred",
          "end_of_life",
          "unknown",
        ),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.array(vulnArb, { maxLength: 10 }), { nil: null }), { maxLength: 5 }),
        fc.integer({ min: 0, max: 400 }),
        (targets, ageDays) => {
          const created = new Date("2024-01-01T00:00:00Z");
          const now = new Date(created.getTime() + ageDays * 86_400_000);
          let n = 0;
          const report = {
            SchemaVersion: 2,
            CreatedAt: created.toISOString(),
            Results: targets.map((vulns, i) => ({
              Target: `t${i}`,
              ...(vulns === null
                ? {}
                : {
                    Vulnerabilities: vulns.map((v) => ({
                      VulnerabilityID: `CVE-2024-${n++}`,
                      PkgName: "p",
                      Severity: v.severity,
                      ...(v.status === undefined ? {} : { Status: v.status }),
                    })),
                  }),
            })),
          };
          const result = parse(report, { now });
          const all = targets.flatMap((t) => t ?? []);
          const open = all.filter((v) => v.status !== "not_affected");
          const count = (s: string) => open.filter((v) => v.severity.toUpperCase() === s).length;
          const sla: Record<string, number> = { CRITICAL: 15, HIGH: 30, MEDIUM: 90, LOW: 180, UNKNOWN: 90 };
          const overdue = open.filter((v) => ageDays > (sla[v.severity.toUpperCase()] ?? 0)).length;
          expect(result.stats).toEqual({
            targets: targets.length,
            vulnerabilities: all.length,
            open: open.length,
            excluded: all.length - open.length,
            fixAvailable: open.filter((v) => v.status === "fixed").length,
            noVendorFix: open.filter((v) =>
              ["will_not_fix", "fix_deferred", "end_of_life"].includes(v.status ?? ""),
            ).length,
            critical: count("CRITICAL"),
            high: count("HIGH"),
            medium: count("MEDIUM"),
            low: count("LOW"),
            unknown: count("UNKNOWN"),
            pastSla: overdue,
          });
          expect(check(result, "trivy.remediation-sla").findings).toHaveLength(overdue);
        },
      ),
      { numRuns: 200 },
    );
  });
});
