/**
 * AWS IAM credential report (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html).
 *
 * Accepted inputs (one file, "file"):
 * - the CSV itself, in the 22-column layout AWS documents (user, arn, user_creation_time,
 *   password_enabled, …, mfa_active, access_key_1_active, …, cert_2_last_rotated); extra columns are
 *   ignored, the columns the checks need must be present;
 * - the JSON printed by `aws iam get-credential-report`: `{ "Content": "<base64 of the CSV>",
 *   "ReportFormat": "text/csv", "GeneratedTime": "…" }`;
 * - the same JSON with `Content` already decoded (as boto3-based collectors store it);
 * - the bare base64 text (`--query Content --output text`).
 *
 * Values: "true"/"false"; "N/A", "no_information" and "not_supported" mean "no value" (the root
 * account's password_enabled is always "not_supported"); timestamps are ISO 8601 with "+00:00" or "Z".
 *
 * Ages (unused and unrotated keys) are calendar days (UTC) up to the report's GeneratedTime when it is known, else at
 * `now`; effectiveDate is the GeneratedTime date, else `now`'s.
 */
import { invalid } from "../../core/errors.js";
import {
  type CsvRow,
  calendarDaysBetween,
  cap,
  clip,
  controlsFor,
  decodeText,
  expectObject,
  type Finding,
  guard,
  intParam,
  isoDay,
  listedNote,
  optString,
  parseCsv,
  parseDate,
  parseJson,
  plural,
  requireInput,
} from "./shared.js";
import type { ImportCheck, Importer, ImportOptions, ImportResult } from "./types.js";

/** Check id → library controls it supports. */
export const AWS_CREDENTIAL_REPORT_CONTROLS = {
  "aws.console-users-without-mfa": ["IAM-02"],
  "aws.root-mfa": ["IAM-02"],
  "aws.root-access-keys": ["IAM-08"],
  "aws.unused-access-keys": ["IAM-08"],
  "aws.access-key-rotation": ["IAM-08"],
} as const satisfies Record<string, readonly string[]>;

export const AWS_CREDENTIAL_REPORT_DEFAULTS = { unusedKeyDays: 90, keyMaxAgeDays: 90 } as const;

/** The layout AWS documents, in order. */
export const AWS_CREDENTIAL_REPORT_COLUMNS = [
  "user",
  "arn",
  "user_creation_time",
  "password_enabled",
  "password_last_used",
  "password_last_changed",
  "password_next_rotation",
  "mfa_active",
  "access_key_1_active",
  "access_key_1_last_rotated",
  "access_key_1_last_used_date",
  "access_key_1_last_used_region",
  "access_key_1_last_used_service",
  "access_key_2_active",
  "access_key_2_last_rotated",
  "access_key_2_last_used_date",
  "access_key_2_last_used_region",
  "access_key_2_last_used_service",
  "cert_1_active",
  "cert_1_last_rotated",
  "cert_2_active",
  "cert_2_last_rotated",
] as const;

const REQUIRED = [
  "user",
  "arn",
  "password_enabled",
  "password_last_used",
  "mfa_active",
  "access_key_1_active",
  "access_key_1_last_rotated",
  "access_key_1_last_used_date",
  "access_key_2_active",
  "access_key_2_last_rotated",
  "access_key_2_last_used_date",
] as const;
type Column = (typeof REQUIRED)[number];

const LABEL = "AWS IAM credential report";
const WHAT = "The AWS credential report";
const ROOT = "<root_account>";

interface Source {
  readonly csv: string;
  /** Prefix for CSV errors, e.g. "The AWS credential report, $.Content". */
  readonly where: string;
  readonly generated: Date | null;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const looksLikeCsv = (text: string): boolean => /^\s*"?user"?\s*,/i.test(text);

/** The CSV inside base64 text, or null when the text is not base64 of a credential report. */
const fromBase64 = (text: string): string | null => {
  const compact = text.replace(/\s+/g, "");
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) return null;
  const bytes = Buffer.from(compact, "base64");
  if (bytes.includes(0)) return null;
  let decoded: string;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  return looksLikeCsv(decoded) ? decoded : null;
};

const readSource = (text: string): Source => {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    const root = expectObject(parseJson(text, WHAT), "$", WHAT);
    const format = optString(root, "ReportFormat", "$", WHAT);
    if (format !== null && format !== "text/csv") {
      throw invalid(`${WHAT}: $.ReportFormat must be "text/csv", found "${format}".`, {
        path: "$.ReportFormat",
      });
    }
    const generatedText = optString(root, "GeneratedTime", "$", WHAT);
    const generated = generatedText === null ? null : parseDate(generatedText, `${WHAT}: $.GeneratedTime`);
    const content = optString(root, "Content", "$", WHAT);
    if (content === null) {
      throw invalid(
        `${WHAT}: $.Content is missing; expected the JSON printed by "aws iam get-credential-report" ({ Content, GeneratedTime, ReportFormat }).`,
        { path: "$.Content" },
      );
    }
    const where = `${WHAT}, $.Content`;
    if (looksLikeCsv(content)) return { csv: content, where, generated };
    const decoded = fromBase64(content);
    if (decoded === null) {
      throw invalid(`${where}: neither the credential report CSV (header "user,arn,…") nor base64 of it.`, {
        path: "$.Content",
      });
    }
    return { csv: decoded, where, generated };
  }
  if (trimmed.startsWith("[")) {
    throw invalid(
      `${WHAT}: found a JSON array; expected the CSV or the JSON object of "aws iam get-credential-report".`,
      {
        path: "$",
      },
    );
  }
  if (!looksLikeCsv(text)) {
    const decoded = fromBase64(text);
    if (decoded !== null) return { csv: decoded, where: WHAT, generated: null };
  }
  return { csv: text, where: WHAT, generated: null };
};

const NO_VALUE = new Set(["false", "not_supported", "n/a", "no_information", ""]);

interface Reader {
  text(row: CsvRow, column: Column): string;
  flag(row: CsvRow, column: Column): boolean;
  date(row: CsvRow, column: Column): Date | null;
}

const reader = (header: readonly string[], where: string): Reader => {
  const lower = header.map((h) => h.trim().toLowerCase());
  const index = new Map<Column, number>();
  const missing: string[] = [];
  for (const column of REQUIRED) {
    const i = lower.indexOf(column);
    if (i < 0) missing.push(column);
    else index.set(column, i);
  }
  if (missing.length === REQUIRED.length) {
    throw invalid(
      `${where}, line 1: this is not an IAM credential report; expected the header "${AWS_CREDENTIAL_REPORT_COLUMNS.slice(0, 4).join(",")},…", found "${clip(header.join(","), 80)}".`,
      { line: 1, missing },
    );
  }
  if (missing.length > 0) {
    throw invalid(
      `${where}, line 1: missing column${missing.length === 1 ? "" : "s"} ${missing.join(", ")} (expected the ${AWS_CREDENTIAL_REPORT_COLUMNS.length} columns AWS documents: ${AWS_CREDENTIAL_REPORT_COLUMNS.join(",")}).`,
      { line: 1, missing },
    );
  }
  const text = (row: CsvRow, column: Column): string => (row.values[index.get(column) ?? -1] ?? "").trim();
  return {
    text,
    flag(row, column) {
      const value = text(row, column).toLowerCase();
      if (value === "true") return true;
      if (NO_VALUE.has(value)) return false;
      throw invalid(
        `${where}, line ${row.line}, column ${column}: expected true or false, found "${text(row, column).slice(0, 40)}".`,
        { line: row.line, column },
      );
    },
    date(row, column) {
      return parseDate(text(row, column), `${where}, line ${row.line}, column ${column}`);
    },
  };
};

interface KeyFacts {
  readonly user: string;
  readonly key: string;
  readonly lastRotated: Date | null;
  readonly lastUsed: Date | null;
}

const status = (failures: number, unknowns: number): ImportCheck["status"] =>
  failures > 0 ? "fail" : unknowns > 0 ? "warn" : "pass";

const day = (date: Date | null): string | null => (date === null ? null : isoDay(date));

export const parseAwsCredentialReport = (
  inputs: Readonly<Record<string, Buffer>>,
  options: ImportOptions,
): ImportResult =>
  guard(LABEL, () => {
    const unusedKeyDays = intParam(
      options,
      "unusedKeyDays",
      AWS_CREDENTIAL_REPORT_DEFAULTS.unusedKeyDays,
      LABEL,
    );
    const keyMaxAgeDays = intParam(
      options,
      "keyMaxAgeDays",
      AWS_CREDENTIAL_REPORT_DEFAULTS.keyMaxAgeDays,
      LABEL,
    );
    const source = readSource(decodeText(requireInput(inputs, "file", LABEL), WHAT));
    const table = parseCsv(source.csv, source.where);
    const read = reader(table.header, source.where);
    const asOf = source.generated ?? options.now;

    const withoutMfa: Finding[] = [];
    const keys: KeyFacts[] = [];
    let consoleUsers = 0;
    let root: { row: CsvRow; mfa: boolean; keys: KeyFacts[] } | null = null;
    let account: string | null = null;

    for (const row of table.rows) {
      const user = read.text(row, "user");
      if (user === "") {
        throw invalid(`${source.where}, line ${row.line}, column user: empty.`, {
          line: row.line,
          column: "user",
        });
      }
      const arn = read.text(row, "arn");
      account ??= /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(arn)?.[1] ?? null;
      const passwordEnabled = read.flag(row, "password_enabled");
      const passwordLastUsed = read.date(row, "password_last_used");
      const mfa = read.flag(row, "mfa_active");
      const rowKeys: KeyFacts[] = [];
      for (const n of [1, 2] as const) {
        const active = read.flag(row, `access_key_${n}_active`);
        const lastRotated = read.date(row, `access_key_${n}_last_rotated`);
        const lastUsed = read.date(row, `access_key_${n}_last_used_date`);
        if (active) rowKeys.push({ user, key: `access_key_${n}`, lastRotated, lastUsed });
      }
      keys.push(...rowKeys);
      const isRoot = user === ROOT || arn.endsWith(":root");
      if (isRoot) {
        root ??= { row, mfa, keys: rowKeys };
        continue;
      }
      if (passwordEnabled) {
        consoleUsers++;
        if (!mfa) withoutMfa.push({ user, arn, line: row.line, passwordLastUsed: day(passwordLastUsed) });
      }
    }

    const checks: ImportCheck[] = [];
    checks.push({
      id: "aws.console-users-without-mfa",
      title: "Console users have MFA",
      status: withoutMfa.length > 0 ? "fail" : "pass",
      message:
        withoutMfa.length > 0
          ? `${withoutMfa.length} of ${consoleUsers} console users (password enabled) ${withoutMfa.length === 1 ? "has" : "have"} no MFA device${listedNote(withoutMfa.length)}.`
          : consoleUsers === 0
            ? "No IAM user has a console password."
            : `All ${plural(consoleUsers, "console user")} have MFA.`,
      findings: cap(withoutMfa),
    });

    const noRoot = `The report has no ${ROOT} row (AWS always includes it; was the report filtered?).`;
    checks.push(
      root === null
        ? { id: "aws.root-mfa", title: "Root account has MFA", status: "warn", message: noRoot, findings: [] }
        : {
            id: "aws.root-mfa",
            title: "Root account has MFA",
            status: root.mfa ? "pass" : "fail",
            message: root.mfa ? "The root account has MFA." : "The root account has no MFA device.",
            findings: root.mfa ? [] : [{ user: ROOT, line: root.row.line }],
          },
    );
    checks.push(
      root === null
        ? {
            id: "aws.root-access-keys",
            title: "Root account has no access keys",
            status: "warn",
            message: noRoot,
            findings: [],
          }
        : {
            id: "aws.root-access-keys",
            title: "Root account has no access keys",
            status: root.keys.length > 0 ? "fail" : "pass",
            message:
              root.keys.length > 0
                ? `The root account has ${plural(root.keys.length, "active access key")}; delete root keys and use IAM roles.`
                : "The root account has no active access key.",
            findings: root.keys.map((k) => ({
              user: k.user,
              key: k.key,
              lastRotated: day(k.lastRotated),
              lastUsed: day(k.lastUsed),
            })),
          },
    );

    const unused: (Finding & { daysUnused: number })[] = [];
    const unusedUnknown: Finding[] = [];
    const stale: (Finding & { ageDays: number })[] = [];
    const staleUnknown: Finding[] = [];
    for (const k of keys) {
      const since = k.lastUsed ?? k.lastRotated;
      if (since === null)
        unusedUnknown.push({ user: k.user, key: k.key, reason: "no last-used or rotation date" });
      else {
        const daysUnused = calendarDaysBetween(since, asOf);
        if (daysUnused > unusedKeyDays) {
          unused.push({
            user: k.user,
            key: k.key,
            lastUsed: day(k.lastUsed),
            neverUsed: k.lastUsed === null,
            daysUnused,
          });
        }
      }
      if (k.lastRotated === null) staleUnknown.push({ user: k.user, key: k.key, reason: "no rotation date" });
      else {
        const ageDays = calendarDaysBetween(k.lastRotated, asOf);
        if (ageDays > keyMaxAgeDays) {
          stale.push({ user: k.user, key: k.key, lastRotated: isoDay(k.lastRotated), ageDays });
        }
      }
    }
    unused.sort((a, b) => b.daysUnused - a.daysUnused);
    stale.sort((a, b) => b.ageDays - a.ageDays);
    const allKeys =
      keys.length === 1 ? "The active access key was" : `All ${keys.length} active access keys were`;
    checks.push({
      id: "aws.unused-access-keys",
      title: `Active access keys are used (within ${unusedKeyDays} days)`,
      status: status(unused.length, unusedUnknown.length),
      message:
        unused.length > 0
          ? `${unused.length} of ${keys.length} active access keys ${unused.length === 1 ? "has" : "have"} not been used for more than ${unusedKeyDays} days${listedNote(unused.length)}.`
          : unusedUnknown.length > 0
            ? `${unusedUnknown.length} of ${keys.length} active access keys ${unusedUnknown.length === 1 ? "has" : "have"} no last-used or rotation date to judge.`
            : keys.length === 0
              ? "No active access keys."
              : `${allKeys} used within ${unusedKeyDays} days.`,
      findings: cap([...unused, ...unusedUnknown]),
    });
    checks.push({
      id: "aws.access-key-rotation",
      title: `Access keys are rotated (within ${keyMaxAgeDays} days)`,
      status: status(stale.length, staleUnknown.length),
      message:
        stale.length > 0
          ? `${stale.length} of ${keys.length} active access keys ${stale.length === 1 ? "has" : "have"} not been rotated for more than ${keyMaxAgeDays} days${listedNote(stale.length)}.`
          : staleUnknown.length > 0
            ? `${staleUnknown.length} of ${keys.length} active access keys ${staleUnknown.length === 1 ? "has" : "have"} no rotation date to judge.`
            : keys.length === 0
              ? "No active access keys."
              : `${allKeys} rotated within ${keyMaxAgeDays} days.`,
      findings: cap([...stale, ...staleUnknown]),
    });

    const users = table.rows.length;
    return {
      importer: "aws-credential-report",
      title: `${LABEL}${account === null ? "" : `, account ${account}`} (${plural(users, "user")})`,
      effectiveDate: isoDay(asOf),
      periodStart: null,
      periodEnd: null,
      checks,
      controlIds: controlsFor(AWS_CREDENTIAL_REPORT_CONTROLS, checks),
      stats: {
        users,
        consoleUsers,
        consoleUsersWithoutMfa: withoutMfa.length,
        activeAccessKeys: keys.length,
        rootActiveAccessKeys: root?.keys.length ?? 0,
        unusedAccessKeys: unused.length,
        accessKeysNotRotated: stale.length,
      },
    };
  });

export const awsCredentialReportImporter: Importer = {
  id: "aws-credential-report",
  label: LABEL,
  accepts:
    "The IAM credential report: the CSV, the JSON of `aws iam get-credential-report` (base64 Content), or that JSON with Content decoded.",
  inputs: ["file"],
  parse: parseAwsCredentialReport,
};
