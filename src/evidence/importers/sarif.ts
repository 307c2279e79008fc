/**
 * SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) from any scanner: every run and
 * every result is read.
 *
 * - Results whose `kind` is pass, notApplicable or informational are not findings; nor are results
 *   whose `baselineState` is "absent" (gone since the baseline).
 * - A result is suppressed, and left out, when it has a suppression whose `status` is "accepted" (or
 *   absent, which tools writing in-source suppressions leave out) and none "underReview" or "rejected".
 * - Level: `result.level`, else the rule's `defaultConfiguration.level`, else "warning" (SARIF §3.27.10;
 *   "none" when `kind` is given and is not "fail").
 * - Severity: `properties["security-severity"]` of the result, else of its rule (a CVSS-like score:
 *   ≥ 9 critical, ≥ 7 high, ≥ 4 medium, else low); without a score: error → high, warning → medium,
 *   note → low, none → info (no SLA).
 * - First seen: `result.provenance.firstDetectionTimeUtc`, else `result.properties.firstDetectionTimeUtc`
 *   (or `firstSeen`), else the run's earliest `invocations[].startTimeUtc`, else `now`.
 * - effectiveDate: the latest invocation end (or start) time, else `now`.
 * SLA parameters: slaCriticalDays 15, slaHighDays 30, slaMediumDays 90, slaLowDays 180 (see
 * vulnerability-sla.ts).
 */
import { invalid } from "../../core/errors.js";
import {
  clip,
  controlsFor,
  decodeText,
  expectArray,
  expectObject,
  guard,
  isObject,
  isoDay,
  type JsonObject,
  optArray,
  optInteger,
  optString,
  parseDate,
  parseJson,
  plural,
  requireInput,
} from "./shared.js";
import type { ImportCheck, Importer, ImportOptions, ImportResult } from "./types.js";
import {
  countBySeverity,
  type OpenFinding,
  readSla,
  type Severity,
  severityCountCheck,
  severityFromScore,
  slaCheck,
  UNDATED,
} from "./vulnerability-sla.js";

/** Check id → library controls it supports. */
export const SARIF_CONTROLS = {
  "sarif.findings-by-severity": ["VUL-01"],
  "sarif.remediation-sla": ["VUL-03"],
} as const satisfies Record<string, readonly string[]>;

const LABEL = "SARIF scan results";
const WHAT = "The SARIF file";
const LEVELS = ["none", "note", "warning", "error"] as const;
type Level = (typeof LEVELS)[number];
const NOT_FINDINGS = new Set(["pass", "notApplicable", "informational"]);
const LEVEL_SEVERITY: Readonly<Record<Level, Severity>> = {
  error: "high",
  warning: "medium",
  note: "low",
  none: "info",
};

interface Rule {
  readonly id: string | null;
  readonly level: Level | null;
  readonly score: number | null;
}

const readLevel = (obj: JsonObject, key: string, path: string): Level | null => {
  const value = optString(obj, key, path, WHAT);
  if (value === null) return null;
  const level = LEVELS.find((l) => l === value);
  if (level === undefined) {
    throw invalid(
      `${WHAT}: ${path}.${key} must be one of ${LEVELS.join(", ")}, found "${clip(value, 30)}".`,
      {
        path: `${path}.${key}`,
      },
    );
  }
  return level;
};

/** properties["security-severity"] as a number in 0..10, or null (absent or not a score). */
const readScore = (obj: JsonObject): number | null => {
  const props = obj.properties;
  if (!isObject(props)) return null;
  const raw = props["security-severity"];
  const n =
    typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
  return Number.isFinite(n) && n >= 0 && n <= 10 ? n : null;
};

const readRules = (component: JsonObject, path: string): Rule[] =>
  optArray(component, "rules", path, WHAT).map((item, i) => {
    const p = `${path}.rules[${i}]`;
    const rule = expectObject(item, p, WHAT);
    const config = rule.defaultConfiguration;
    return {
      id: optString(rule, "id", p, WHAT),
      level: isObject(config) ? readLevel(config, "level", `${p}.defaultConfiguration`) : null,
      score: readScore(rule),
    };
  });

const location = (result: JsonObject): string | null => {
  const first = Array.isArray(result.locations) ? result.locations[0] : undefined;
  if (!isObject(first) || !isObject(first.physicalLocation)) return null;
  const physical = first.physicalLocation;
  const artifact = isObject(physical.artifactLocation) ? physical.artifactLocation : null;
  const uri = artifact !== null && typeof artifact.uri === "string" ? artifact.uri : null;
  const line =
    isObject(physical.region) && typeof physical.region.startLine === "number"
      ? physical.region.startLine
      : null;
  if (uri === null) return null;
  return line === null ? uri : `${uri}:${line}`;
};

const isSuppressed = (result: JsonObject, path: string): boolean => {
  const statuses = optArray(result, "suppressions", path, WHAT).map((s, i) => {
    const suppression = expectObject(s, `${path}.suppressions[${i}]`, WHAT);
    return optString(suppression, "status", `${path}.suppressions[${i}]`, WHAT);
  });
  const accepted = statuses.some((s) => s === null || s === "accepted");
  const contested = statuses.some((s) => s === "underReview" || s === "rejected");
  return accepted && !contested;
};

const FIRST_SEEN_KEYS = ["firstDetectionTimeUtc", "firstSeen", "firstSeenUtc", "first-seen"] as const;

const firstSeen = (
  result: JsonObject,
  path: string,
  scanStart: Date | null,
  now: Date,
): { date: Date; source: string } => {
  const provenance = result.provenance;
  if (isObject(provenance)) {
    const text = optString(provenance, "firstDetectionTimeUtc", `${path}.provenance`, WHAT);
    const date = text === null ? null : parseDate(text, `${WHAT}: ${path}.provenance.firstDetectionTimeUtc`);
    if (date !== null) return { date, source: "provenance.firstDetectionTimeUtc" };
  }
  const props = result.properties;
  if (isObject(props)) {
    for (const key of FIRST_SEEN_KEYS) {
      const value = props[key];
      if (typeof value !== "string") continue;
      const date = parseDate(value, `${WHAT}: ${path}.properties.${key}`);
      if (date !== null) return { date, source: `properties.${key}` };
    }
  }
  if (scanStart !== null) return { date: scanStart, source: "scan start" };
  return { date: now, source: UNDATED };
};

interface RunSummary {
  readonly tool: string;
  readonly results: number;
  readonly notFindings: number;
  readonly suppressed: number;
  readonly fixed: number;
  readonly start: Date | null;
  readonly end: Date | null;
}

const readRun = (value: unknown, path: string, now: Date, open: OpenFinding[]): RunSummary => {
  const run = expectObject(value, path, WHAT);
  const tool = expectObject(run.tool, `${path}.tool`, WHAT);
  const driver = expectObject(tool.driver, `${path}.tool.driver`, WHAT);
  const name = optString(driver, "name", `${path}.tool.driver`, WHAT) ?? "unnamed tool";
  const version =
    optString(driver, "version", `${path}.tool.driver`, WHAT) ??
    optString(driver, "semanticVersion", `${path}.tool.driver`, WHAT);
  const toolName = version === null ? name : `${name} ${version}`;
  const driverRules = readRules(driver, `${path}.tool.driver`);
  const extensions = optArray(tool, "extensions", `${path}.tool`, WHAT).map((e, i) =>
    readRules(expectObject(e, `${path}.tool.extensions[${i}]`, WHAT), `${path}.tool.extensions[${i}]`),
  );
  const byId = new Map<string, Rule>();
  for (const rule of [...extensions.flat(), ...driverRules]) if (rule.id !== null) byId.set(rule.id, rule);

  let start: Date | null = null;
  let end: Date | null = null;
  for (const [i, item] of optArray(run, "invocations", path, WHAT).entries()) {
    const p = `${path}.invocations[${i}]`;
    const invocation = expectObject(item, p, WHAT);
    const s = optString(invocation, "startTimeUtc", p, WHAT);
    const e = optString(invocation, "endTimeUtc", p, WHAT);
    const sd = s === null ? null : parseDate(s, `${WHAT}: ${p}.startTimeUtc`);
    const ed = e === null ? null : parseDate(e, `${WHAT}: ${p}.endTimeUtc`);
    if (sd !== null && (start === null || sd < start)) start = sd;
    const last = ed ?? sd;
    if (last !== null && (end === null || last > end)) end = last;
  }

  const ruleFor = (result: JsonObject, p: string): Rule | undefined => {
    const ref = result.rule;
    if (isObject(ref)) {
      const index = optInteger(ref, "index", `${p}.rule`, WHAT);
      const component = isObject(ref.toolComponent)
        ? optInteger(ref.toolComponent, "index", `${p}.rule.toolComponent`, WHAT)
        : null;
      const rules = component === null ? driverRules : extensions[component];
      const found = index === null ? undefined : rules?.[index];
      if (found !== undefined) return found;
      const id = optString(ref, "id", `${p}.rule`, WHAT);
      if (id !== null && byId.has(id)) return byId.get(id);
    }
    const index = optInteger(result, "ruleIndex", p, WHAT);
    if (index !== null && driverRules[index] !== undefined) return driverRules[index];
    const id = optString(result, "ruleId", p, WHAT);
    return id === null ? undefined : byId.get(id);
  };

  const results =
    run.results === undefined || run.results === null
      ? []
      : expectArray(run.results, `${path}.results`, WHAT);
  let notFindings = 0;
  let suppressed = 0;
  let fixed = 0;
  results.forEach((item, j) => {
    const p = `${path}.results[${j}]`;
    const result = expectObject(item, p, WHAT);
    const kind = optString(result, "kind", p, WHAT);
    const level = readLevel(result, "level", p);
    const rule = ruleFor(result, p);
    if (kind !== null && NOT_FINDINGS.has(kind)) {
      notFindings++;
      return;
    }
    if (isSuppressed(result, p)) {
      suppressed++;
      return;
    }
    if (optString(result, "baselineState", p, WHAT) === "absent") {
      fixed++;
      return;
    }
    const effectiveLevel: Level =
      level ?? rule?.level ?? (kind === null || kind === "fail" ? "warning" : "none");
    const score = readScore(result) ?? rule?.score ?? null;
    const severity = score === null ? LEVEL_SEVERITY[effectiveLevel] : severityFromScore(score);
    const seen = firstSeen(result, p, start, now);
    const message =
      isObject(result.message) && typeof result.message.text === "string" ? result.message.text : null;
    open.push({
      severity,
      firstSeen: seen.date,
      firstSeenSource: seen.source,
      details: {
        tool: toolName,
        ruleId: optString(result, "ruleId", p, WHAT) ?? rule?.id ?? null,
        location: location(result),
        level: effectiveLevel,
        score,
        message: message === null ? null : clip(message, 160),
      },
    });
  });
  return { tool: toolName, results: results.length, notFindings, suppressed, fixed, start, end };
};

export const parseSarif = (inputs: Readonly<Record<string, Buffer>>, options: ImportOptions): ImportResult =>
  guard(LABEL, () => {
    const sla = readSla(options, LABEL);
    const text = decodeText(requireInput(inputs, "file", LABEL), WHAT);
    const root = expectObject(parseJson(text, WHAT), "$", WHAT);
    const version = optString(root, "version", "$", WHAT);
    if (version !== "2.1.0") {
      throw invalid(
        version === null
          ? `${WHAT}: $.version is missing (expected "2.1.0"); is this a SARIF file?`
          : `${WHAT}: $.version is "${clip(version, 20)}"; only SARIF 2.1.0 is supported.`,
        { path: "$.version" },
      );
    }
    const runsValue = root.runs;
    if (runsValue === undefined) throw invalid(`${WHAT}: $.runs is missing.`, { path: "$.runs" });
    const open: OpenFinding[] = [];
    const runs = (runsValue === null ? [] : expectArray(runsValue, "$.runs", WHAT)).map((run, i) =>
      readRun(run, `$.runs[${i}]`, options.now, open),
    );
    const counts = countBySeverity(open);
    const countCheck = severityCountCheck("sarif.findings-by-severity", "The scan", open);
    const { check: sla_, overdue } = slaCheck("sarif.remediation-sla", open, sla, options.now);
    const checks: ImportCheck[] = [
      runs.length === 0
        ? { ...countCheck, status: "warn", message: "The SARIF file has no runs (no scan recorded)." }
        : countCheck,
      sla_,
    ];
    const ends = runs.flatMap((r) => (r.end === null ? [] : [r.end.getTime()]));
    const scanned = ends.length === 0 ? null : new Date(ends.reduce((a, b) => Math.max(a, b)));
    const tools = [...new Set(runs.map((r) => r.tool))];
    const sum = (f: (r: RunSummary) => number): number => runs.reduce((n, r) => n + f(r), 0);
    return {
      importer: "sarif",
      title: `SARIF: ${tools.length === 0 ? "no runs" : tools.join(", ")} (${plural(open.length, "open finding")})`,
      effectiveDate: isoDay(scanned ?? options.now),
      periodStart: null,
      periodEnd: null,
      checks,
      controlIds: controlsFor(SARIF_CONTROLS, checks),
      stats: {
        runs: runs.length,
        results: sum((r) => r.results),
        open: open.length,
        suppressed: sum((r) => r.suppressed),
        notFindings: sum((r) => r.notFindings),
        absentFromBaseline: sum((r) => r.fixed),
        critical: counts.critical,
        high: counts.high,
        medium: counts.medium,
        low: counts.low,
        info: counts.info,
        pastSla: overdue,
      },
    };
  });

export const sarifImporter: Importer = {
  id: "sarif",
  label: LABEL,
  accepts: "A SARIF 2.1.0 log (.sarif / .json) from any scanner: CodeQL, Semgrep, Grype, Trivy, DevSkim…",
  inputs: ["file"],
  parse: parseSarif,
};
