/**
 * Trivy JSON report, SchemaVersion 2 (`trivy image|fs|repo --format json`).
 *
 * Read: `Results[].Vulnerabilities[]` (the list may be missing, null or empty), `Severity`
 * (CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN), `Status` and the report's `CreatedAt` (newer Trivy only).
 * Misconfigurations and secrets are not read.
 *
 * Status (https://trivy.dev/latest/docs/configuration/filtering/#by-status):
 * - "fixed" means a fixed version EXISTS upstream, not that the finding is remediated here: the
 *   package is still vulnerable, so the finding is open (and counted as "fix available");
 * - "not_affected" (the vendor says this package is not affected) is left out; the parameter
 *   excludeStatuses (comma-separated, default "not_affected") changes which statuses are left out;
 * - "will_not_fix", "fix_deferred" and "end_of_life" stay open and count against the SLA (there is no
 *   patch to wait for); they are also listed by a "no vendor fix" warning, since they need a risk
 *   acceptance or a compensating control;
 * - "affected", "under_investigation", "unknown" and an absent Status are open.
 *
 * First seen = `CreatedAt` (the scan time) or `now` when absent; Trivy records no earlier detection,
 * so the age is a lower bound. Severity UNKNOWN uses slaUnknownDays (default: the medium SLA).
 */
import { invalid } from "../../core/errors.js";
import {
  cap,
  clip,
  controlsFor,
  decodeText,
  expectObject,
  type Finding,
  guard,
  isoDay,
  listedNote,
  optArray,
  optInteger,
  optString,
  parseDate,
  parseJson,
  plural,
  reqString,
  requireInput,
} from "./shared.js";
import type { ImportCheck, Importer, ImportOptions, ImportResult } from "./types.js";
import {
  countBySeverity,
  type OpenFinding,
  readSla,
  type Severity,
  severityCountCheck,
  slaCheck,
  UNDATED,
} from "./vulnerability-sla.js";

/** Check id → library controls it supports. */
export const TRIVY_CONTROLS = {
  "trivy.findings-by-severity": ["VUL-01"],
  "trivy.remediation-sla": ["VUL-03"],
  "trivy.no-vendor-fix": ["VUL-03"],
} as const satisfies Record<string, readonly string[]>;

const LABEL = "Trivy scan";
const WHAT = "The Trivy JSON";
const SEVERITY: Readonly<Record<string, Severity>> = {
  CRITICAL: "critical",
  HIGH: "high",
  MEDIUM: "medium",
  LOW: "low",
  UNKNOWN: "unknown",
};
const NO_VENDOR_FIX = new Set(["will_not_fix", "fix_deferred", "end_of_life"]);

const excludedStatuses = (options: ImportOptions): ReadonlySet<string> => {
  const raw = options.params?.excludeStatuses;
  if (raw === undefined) return new Set(["not_affected"]);
  return new Set(
    String(raw)
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter((s) => s !== ""),
  );
};

export const parseTrivy = (inputs: Readonly<Record<string, Buffer>>, options: ImportOptions): ImportResult =>
  guard(LABEL, () => {
    const sla = readSla(options, LABEL);
    const exclude = excludedStatuses(options);
    const text = decodeText(requireInput(inputs, "file", LABEL), WHAT);
    const root = expectObject(parseJson(text, WHAT), "$", WHAT);
    const schema = optInteger(root, "SchemaVersion", "$", WHAT);
    if (schema !== 2) {
      throw invalid(
        schema === null
          ? `${WHAT}: $.SchemaVersion is missing (expected 2); is this Trivy's --format json output?`
          : `${WHAT}: $.SchemaVersion is ${schema}; only SchemaVersion 2 is supported.`,
        { path: "$.SchemaVersion" },
      );
    }
    const createdText = optString(root, "CreatedAt", "$", WHAT);
    const created = createdText === null ? null : parseDate(createdText, `${WHAT}: $.CreatedAt`);
    const artifact = optString(root, "ArtifactName", "$", WHAT);
    const firstSeen = created ?? options.now;
    const firstSeenSource = created === null ? UNDATED : "scan CreatedAt";

    const open: OpenFinding[] = [];
    const noFix: Finding[] = [];
    let total = 0;
    let excluded = 0;
    let fixAvailable = 0;
    const results = optArray(root, "Results", "$", WHAT);
    for (const [i, item] of results.entries()) {
      const rp = `$.Results[${i}]`;
      const result = expectObject(item, rp, WHAT);
      const target = optString(result, "Target", rp, WHAT) ?? "";
      for (const [j, v] of optArray(result, "Vulnerabilities", rp, WHAT).entries()) {
        const vp = `${rp}.Vulnerabilities[${j}]`;
        const vuln = expectObject(v, vp, WHAT);
        total++;
        const id = reqString(vuln, "VulnerabilityID", vp, WHAT);
        const severityText = reqString(vuln, "Severity", vp, WHAT);
        const severity = SEVERITY[severityText.toUpperCase()];
        if (severity === undefined) {
          throw invalid(
            `${WHAT}: ${vp}.Severity must be one of ${Object.keys(SEVERITY).join(", ")}, found "${clip(severityText, 30)}".`,
            { path: `${vp}.Severity` },
          );
        }
        const status = optString(vuln, "Status", vp, WHAT)?.toLowerCase() ?? null;
        if (status !== null && exclude.has(status)) {
          excluded++;
          continue;
        }
        const fixedVersion = optString(vuln, "FixedVersion", vp, WHAT);
        if (status === "fixed" || (status === null && fixedVersion !== null && fixedVersion.trim() !== "")) {
          fixAvailable++;
        }
        const details: Finding = {
          target,
          vulnerabilityId: id,
          package: optString(vuln, "PkgName", vp, WHAT),
          installedVersion: optString(vuln, "InstalledVersion", vp, WHAT),
          fixedVersion,
          status,
        };
        open.push({ severity, firstSeen, firstSeenSource, details });
        if (status !== null && NO_VENDOR_FIX.has(status)) noFix.push({ ...details, severity });
      }
    }

    const counts = countBySeverity(open);
    const { check: slaResult, overdue } = slaCheck("trivy.remediation-sla", open, sla, options.now);
    const checks: ImportCheck[] = [
      severityCountCheck("trivy.findings-by-severity", "The scan", open),
      slaResult,
      {
        id: "trivy.no-vendor-fix",
        title: "Open findings without a vendor fix are risk-accepted",
        status: noFix.length > 0 ? "warn" : "pass",
        message:
          noFix.length > 0
            ? `${noFix.length} of ${plural(open.length, "open finding")} will get no vendor fix (will_not_fix, fix_deferred or end_of_life); record a risk acceptance or a compensating control${listedNote(noFix.length)}.`
            : "No open finding is marked will_not_fix, fix_deferred or end_of_life.",
        findings: cap(noFix),
      },
    ];
    return {
      importer: "trivy",
      title: `${LABEL}${artifact === null || artifact === "" ? "" : `: ${artifact}`} (${plural(open.length, "open finding")})`,
      effectiveDate: isoDay(created ?? options.now),
      periodStart: null,
      periodEnd: null,
      checks,
      controlIds: controlsFor(TRIVY_CONTROLS, checks),
      stats: {
        targets: results.length,
        vulnerabilities: total,
        open: open.length,
        excluded,
        fixAvailable,
        noVendorFix: noFix.length,
        critical: counts.critical,
        high: counts.high,
        medium: counts.medium,
        low: counts.low,
        unknown: counts.unknown,
        pastSla: overdue,
      },
    };
  });

export const trivyImporter: Importer = {
  id: "trivy",
  label: LABEL,
  accepts: "Trivy's JSON report (SchemaVersion 2), e.g. `trivy image --format json -o report.json <image>`.",
  inputs: ["file"],
  parse: parseTrivy,
};
