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
  truncation,
  validationError,
} from "../../../test/fixtures/importers/support.js";
import { findImporter } from "./index.js";
import { SARIF_CONTROLS, sarifImporter } from "./sarif.js";
import type { ImportOptions, ImportResult } from "./types.js";

const parse = (
  file: Buffer | string | object,
  options: ImportOptions = at("2024-03-01T00:00:00Z"),
): ImportResult =>
  sarifImporter.parse(
    {
      file: Buffer.isBuffer(file)
        ? file
        : Buffer.from(typeof file === "string" ? file : JSON.stringify(file)),
    },
    options,
  );
const check = checkOf;
const severities = (result: ImportResult) => ({
  critical: result.stats.critical,
  high: result.stats.high,
  medium: result.stats.medium,
  low: result.stats.low,
  info: result.stats.info,
});

describe("sarif: the real fixtures", () => {
  it("Grype: no result has a level, severity comes from the rules' security-severity scores", () => {
    const result = parse(fixture("sarif/sample-1-grype.sarif"));
    expect(severities(result)).toEqual({ critical: 1, high: 11, medium: 4, low: 6, info: 0 });
    expect(result.stats).toMatchObject({ runs: 1, results: 22, open: 22, suppressed: 0, pastSla: 0 });
    expect(check(result, "sarif.findings-by-severity").message).toBe(
      "The scan reports 22 open findings: 1 critical, 11 high, 4 medium, 6 low.",
    );
    // No invocation times: first seen = now, so nothing can be past its SLA; the scan is dated today.
    expect(check(result, "sarif.remediation-sla").status).toBe("pass");
    expect(check(result, "sarif.remediation-sla").message).toContain(
      "22 of them carry no detection or scan date, so their age counts from the import (2024-03-01).",
    );
    expect(result.effectiveDate).toBe("2024-03-01");
    expect(result.title).toBe("SARIF: Grype 0.34.7 (22 open findings)");
    expect(result.controlIds).toEqual(["VUL-01", "VUL-03"]);
  });

  it("Grype without the scores falls back to the SARIF default level warning → medium for all 22", () => {
    const doc = fixtureJson("sarif/sample-1-grype.sarif") as {
      runs: { tool: { driver: { rules: object[] } } }[];
    };
    for (const rule of doc.runs[0]?.tool.driver.rules ?? [])
      delete (rule as { properties?: unknown }).properties;
    expect(severities(parse(doc))).toEqual({ critical: 0, high: 0, medium: 22, low: 0, info: 0 });
  });

  it("DevSkim: levels error ×5, warning ×1, note ×1 → high, medium, low", () => {
    const result = parse(fixture("sarif/sample-2-devskim.sarif"));
    expect(severities(result)).toEqual({ critical: 0, high: 5, medium: 1, low: 1, info: 0 });
    expect(result.stats.open).toBe(7);
    expect(result.title).toMatch(/^SARIF: devskim 1\.0\.90/);
  });

  it("Cppcheck with `results: []`: no findings, both checks pass", () => {
    const result = parse(fixture("sarif/sample-3-cppcheck-no-results.sarif"));
    expect(result.checks.map((c) => [c.id, c.status])).toEqual([
      ["sarif.findings-by-severity", "pass"],
      ["sarif.remediation-sla", "pass"],
    ]);
    expect(result.stats).toMatchObject({ runs: 1, results: 0, open: 0 });
  });

  it("the real findings go past their SLA as time passes (first seen = now when unknown → scan start)", () => {
    const doc = fixtureJson("sarif/sample-1-grype.sarif") as { runs: Record<string, unknown>[] };
    const run = doc.runs[0] as Record<string, unknown>;
    run.invocations = [{ executionSuccessful: true, startTimeUtc: "2024-01-01T00:00:00Z" }];
    // 40 days later: the critical (15 d) and the 11 high (30 d) are overdue; medium and low are not.
    const result = parse(doc, at("2024-02-10T00:00:00Z"));
    const sla = check(result, "sarif.remediation-sla");
    expect(sla.status).toBe("fail");
    expect(sla.findings).toHaveLength(12);
    expect(sla.findings[0]).toMatchObject({
      ruleId: "CVE-2019-12419-cxf-xjc-runtime",
      severity: "critical",
      score: 9.8,
      firstSeen: "2024-01-01",
      firstSeenSource: "scan start",
      ageDays: 40,
      slaDays: 15,
      daysOverdue: 25,
    });
    expect(result.effectiveDate).toBe("2024-01-01");
  });
});

describe("sarif: the synthetic SLA file", () => {
  const result = parse(fixture("sarif/synthetic-sla.sarif"));

  it("applies level defaults, scores, suppressions, kinds and baseline state", () => {
    expect(severities(result)).toEqual({ critical: 1, high: 2, medium: 3, low: 1, info: 1 });
    expect(result.stats).toMatchObject({
      runs: 2,
      results: 11,
      open: 8,
      suppressed: 1,
      notFindings: 1,
      absentFromBaseline: 1,
      pastSla: 3,
    });
  });

  it("fails the SLA with first-seen dates from provenance, properties and the scan start", () => {
    const sla = check(result, "sarif.remediation-sla");
    expect(sla.status).toBe("fail");
    expect(
      sla.findings.map((f) => [f.ruleId, f.severity, f.firstSeenSource, f.ageDays, f.daysOverdue]),
    ).toEqual([
      ["R10", "medium", "properties.firstSeen", 152, 62],
      ["R1", "critical", "provenance.firstDetectionTimeUtc", 51, 36],
      ["R2", "high", "scan start", 60, 30],
    ]);
    expect(sla.message).toBe(
      "3 of 7 open findings are past the remediation SLA (critical 15 d, high 30 d, medium 90 d, low 180 d): 1 critical, 1 high, 1 medium.",
    );
    expect(result.effectiveDate).toBe("2024-01-01");
    expect(result.title).toBe("SARIF: SyntheticScanner 1.0.0, OtherTool (8 open findings)");
  });

  it("passes with longer SLAs given as parameters", () => {
    const lenient = parse(fixture("sarif/synthetic-sla.sarif"), {
      now: new Date("2024-03-01T00:00:00Z"),
      params: { slaCriticalDays: 60, slaHighDays: "60", slaMediumDays: 200 },
    });
    expect(check(lenient, "sarif.remediation-sla").status).toBe("pass");
  });

  it("a suppression that is rejected or under review keeps the result open; accepted or status-less hides it", () => {
    const base = { ruleId: "X", level: "error", message: { text: "x" } };
    const doc = (suppressions: object[]) => ({
      version: "2.1.0",
      runs: [{ tool: { driver: { name: "T" } }, results: [{ ...base, suppressions }] }],
    });
    expect(parse(doc([{ kind: "inSource" }])).stats.open).toBe(0);
    expect(parse(doc([{ kind: "external", status: "accepted" }])).stats.open).toBe(0);
    expect(parse(doc([{ kind: "external", status: "rejected" }])).stats.open).toBe(1);
    expect(
      parse(
        doc([
          { kind: "external", status: "accepted" },
          { kind: "external", status: "underReview" },
        ]),
      ).stats.open,
    ).toBe(1);
    expect(parse(doc([])).stats.open).toBe(1);
  });

  it("finds rules by ruleIndex and by rule.toolComponent in extensions (CodeQL layout)", () => {
    const doc = {
      version: "2.1.0",
      runs: [
        {
          tool: {
            driver: { name: "CodeQL", rules: [{ id: "A", properties: { "security-severity": "9.3" } }] },
            extensions: [{ name: "pack", rules: [{ id: "B", defaultConfiguration: { level: "note" } }] }],
          },
          results: [
            { ruleIndex: 0, message: { text: "a" } },
            { rule: { id: "B", index: 0, toolComponent: { index: 0 } }, message: { text: "b" } },
          ],
        },
      ],
    };
    expect(severities(parse(doc))).toEqual({ critical: 1, high: 0, medium: 0, low: 1, info: 0 });
  });
});

describe("sarif: malformed input names the JSON path", () => {
  it("wrong or missing version, runs, tool, level, dates", () => {
    expect(validationError(() => parse({ runs: [] })).message).toContain(
      '$.version is missing (expected "2.1.0")',
    );
    expect(validationError(() => parse({ version: "2.0.0", runs: [] })).message).toContain(
      "only SARIF 2.1.0",
    );
    expect(validationError(() => parse({ version: "2.1.0" })).message).toContain("$.runs is missing");
    expect(validationError(() => parse({ version: "2.1.0", runs: {} })).message).toContain(
      "$.runs must be an array",
    );
    expect(validationError(() => parse({ version: "2.1.0", runs: [{}] })).message).toContain(
      "$.runs[0].tool must be an object",
    );
    const withResult = (result: object, run: object = {}) => ({
      version: "2.1.0",
      runs: [{ tool: { driver: { name: "T" } }, ...run, results: [result] }],
    });
    expect(validationError(() => parse(withResult({ level: "fatal" }))).message).toContain(
      '$.runs[0].results[0].level must be one of none, note, warning, error, found "fatal"',
    );
    expect(validationError(() => parse(withResult({ ruleIndex: "0" }))).message).toContain(
      "$.runs[0].results[0].ruleIndex must be a whole number",
    );
    expect(
      validationError(() => parse(withResult({ provenance: { firstDetectionTimeUtc: "01/02/2024" } })))
        .message,
    ).toContain("$.runs[0].results[0].provenance.firstDetectionTimeUtc");
    expect(
      validationError(() => parse(withResult({}, { invocations: [{ startTimeUtc: "noon" }] }))).message,
    ).toContain('$.runs[0].invocations[0].startTimeUtc: "noon" is not a date');
    expect(
      validationError(() => parse({ version: "2.1.0", runs: [{ tool: { driver: {} }, results: [7] }] }))
        .message,
    ).toContain("$.runs[0].results[0] must be an object, found a number");
  });

  it("truncated JSON names the line; other formats, binary and empty files are rejected", () => {
    const text = fixtureText("sarif/sample-2-devskim.sarif");
    expect(validationError(() => parse(text.slice(0, 1000))).message).toMatch(/input ends early at line \d+/);
    expect(validationError(() => parse(fixture("trivy-json/sample-1.json"))).message).toContain(
      "$.version is missing",
    );
    expect(
      validationError(() => parse(fixture("aws-credential-report/synthetic-mixed.csv"))).message,
    ).toMatch(/invalid JSON at line 1, column 1/);
    expect(validationError(() => parse(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0xa3]))).message).toMatch(
      /NUL|UTF-8/,
    );
    expect(validationError(() => parse(Buffer.alloc(0))).message).toContain("is empty");
  });

  it("is registered with its controls", () => {
    expect(findImporter("sarif")).toBe(sarifImporter);
    expect(SARIF_CONTROLS["sarif.remediation-sla"]).toEqual(["VUL-03"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property-based
// ---------------------------------------------------------------------------------------------

describe("sarif: properties", () => {
  const files = ["sarif/sample-1-grype.sarif", "sarif/sample-2-devskim.sarif", "sarif/synthetic-sla.sarif"];

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

  it("random changes anywhere inside valid logs never throw anything but AppError VALIDATION", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...files.map(fixtureJson)).chain(mutatedJson),
        (bytes) => void onlyValidation(() => parse(bytes)),
      ),
      { numRuns: 400 },
    );
  });

  it("random valid results: counts by severity and past-SLA counts match a model", () => {
    const level = fc.option(fc.constantFrom("none", "note", "warning", "error"), { nil: undefined });
    const resultArb = fc.record({
      level,
      ruleLevel: level,
      score: fc.option(fc.double({ min: 0, max: 10, noNaN: true }), { nil: undefined }),
      suppressed: fc.boolean(),
      ageDays: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
    });
    const NOW = new Date("2024-06-01T00:00:00Z");
    fc.assert(
      fc.property(fc.array(resultArb, { maxLength: 40 }), (model) => {
        const doc = {
          version: "2.1.0",
          runs: [
            {
              tool: {
                driver: {
                  name: "Fuzz",
                  rules: model.map((m, i) => ({
                    id: `R${i}`,
                    ...(m.ruleLevel === undefined ? {} : { defaultConfiguration: { level: m.ruleLevel } }),
                  })),
                },
              },
              results: model.map((m, i) => ({
                ruleId: `R${i}`,
                message: { text: "x" },
                ...(m.level === undefined ? {} : { level: m.level }),
                ...(m.score === undefined ? {} : { properties: { "security-severity": m.score.toFixed(1) } }),
                ...(m.suppressed ? { suppressions: [{ kind: "external", status: "accepted" }] } : {}),
                ...(m.ageDays === undefined
                  ? {}
                  : {
                      provenance: {
                        firstDetectionTimeUtc: new Date(NOW.getTime() - m.ageDays * 86_400_000).toISOString(),
                      },
                    }),
              })),
            },
          ],
        };
        const result = parse(doc, { now: NOW });
        const open = model.filter((m) => !m.suppressed);
        const severityOf = (m: (typeof model)[number]) => {
          if (m.score !== undefined) {
            const s = Number(m.score.toFixed(1));
            return s >= 9 ? "critical" : s >= 7 ? "high" : s >= 4 ? "medium" : "low";
          }
          const l = m.level ?? m.ruleLevel ?? "warning";
          return { error: "high", warning: "medium", note: "low", none: "info" }[l];
        };
        const sla: Record<string, number> = { critical: 15, high: 30, medium: 90, low: 180 };
        const counts = (s: string) => open.filter((m) => severityOf(m) === s).length;
        expect(severities(result)).toEqual({
          critical: counts("critical"),
          high: counts("high"),
          medium: counts("medium"),
          low: counts("low"),
          info: counts("info"),
        });
        expect(result.stats.open).toBe(open.length);
        expect(result.stats.suppressed).toBe(model.length - open.length);
        const overdue = open.filter((m) => {
          const limit = sla[severityOf(m) ?? ""];
          return limit !== undefined && (m.ageDays ?? 0) > limit;
        }).length;
        expect(result.stats.pastSla).toBe(overdue);
        expect(check(result, "sarif.remediation-sla").status).toBe(overdue > 0 ? "fail" : "pass");
      }),
      { numRuns: 200 },
    );
  });
});
