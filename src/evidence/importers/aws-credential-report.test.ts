import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  at,
  checkOf,
  fixture,
  fixtureText,
  junk,
  mutatedJson,
  onlyValidation,
  truncation,
  validationError,
} from "../../../test/fixtures/importers/support.js";
import {
  AWS_CREDENTIAL_REPORT_COLUMNS,
  AWS_CREDENTIAL_REPORT_CONTROLS,
  awsCredentialReportImporter,
} from "./aws-credential-report.js";
import { findImporter } from "./index.js";
import type { ImportOptions, ImportResult } from "./types.js";

const parse = (file: Buffer | string, options: ImportOptions = at("2024-06-01T00:00:00Z")): ImportResult =>
  awsCredentialReportImporter.parse({ file: Buffer.isBuffer(file) ? file : Buffer.from(file) }, options);

const check = checkOf;
const statuses = (result: ImportResult) => Object.fromEntries(result.checks.map((c) => [c.id, c.status]));

const HEADER = AWS_CREDENTIAL_REPORT_COLUMNS.join(",");
const NA_KEY = ["false", "N/A", "N/A", "N/A", "N/A"];
const row = (cells: readonly string[]): string => cells.join(",");
const ROOT_OK = row([
  "<root_account>",
  "arn:aws:iam::123456789012:root",
  "2020-01-01T00:00:00+00:00",
  "not_supported",
  "2024-05-20T10:00:00+00:00",
  "not_supported",
  "not_supported",
  "true",
  ...NA_KEY,
  ...NA_KEY,
  "false",
  "N/A",
  "false",
  "N/A",
]);

describe("aws-credential-report: the real fixture (cloudmapper demo, decoded JSON wrapper)", () => {
  const result = parse(fixture("aws-credential-report/sample-3-cli-json.json"), at("2030-01-01T00:00:00Z"));

  it("fails on the root account's active access key, passes root MFA, dates from GeneratedTime", () => {
    expect(statuses(result)).toEqual({
      "aws.console-users-without-mfa": "pass",
      "aws.root-mfa": "pass",
      "aws.root-access-keys": "fail",
      "aws.unused-access-keys": "fail",
      "aws.access-key-rotation": "fail",
    });
    expect(result.effectiveDate).toBe("2019-05-02");
    expect(result.title).toBe("AWS IAM credential report, account 653711331788 (1 user)");
    expect(check(result, "aws.root-access-keys").findings).toEqual([
      { user: "<root_account>", key: "access_key_1", lastRotated: "2018-11-23", lastUsed: "2018-11-27" },
    ]);
  });

  it("measures key ages at GeneratedTime (2019-05-02), not at `now`", () => {
    // Rotated 2018-11-23T16:01:14, last used 2018-11-27T00:02:00, report generated 2019-05-02T21:49:50.
    expect(check(result, "aws.access-key-rotation").findings).toEqual([
      { user: "<root_account>", key: "access_key_1", lastRotated: "2018-11-23", ageDays: 160 },
    ]);
    expect(check(result, "aws.unused-access-keys").findings).toEqual([
      {
        user: "<root_account>",
        key: "access_key_1",
        lastUsed: "2018-11-27",
        neverUsed: false,
        daysUnused: 156,
      },
    ]);
    const lenient = parse(fixture("aws-credential-report/sample-3-cli-json.json"), {
      now: new Date("2030-01-01T00:00:00Z"),
      params: { keyMaxAgeDays: 160, unusedKeyDays: "156" },
    });
    expect(check(lenient, "aws.access-key-rotation").status).toBe("pass");
    expect(check(lenient, "aws.unused-access-keys").status).toBe("pass");
    expect(check(lenient, "aws.root-access-keys").status).toBe("fail");
  });

  it("links the checks to IAM-02 and IAM-08 and reports stats", () => {
    expect(result.controlIds).toEqual(["IAM-02", "IAM-08"]);
    expect(Object.values(AWS_CREDENTIAL_REPORT_CONTROLS).flat()).toEqual(
      expect.arrayContaining(["IAM-02", "IAM-08"]),
    );
    expect(result.stats).toEqual({
      users: 1,
      consoleUsers: 0,
      consoleUsersWithoutMfa: 0,
      activeAccessKeys: 1,
      rootActiveAccessKeys: 1,
      unusedAccessKeys: 1,
      accessKeysNotRotated: 1,
    });
    expect(findImporter("aws-credential-report")).toBe(awsCredentialReportImporter);
  });
});

describe("aws-credential-report: synthetic reports", () => {
  it("finds the console user without MFA, unused and unrotated keys (CSV with +00:00 and Z, N/A, no_information)", () => {
    const result = parse(fixture("aws-credential-report/synthetic-mixed.csv"));
    expect(statuses(result)).toEqual({
      "aws.console-users-without-mfa": "fail",
      "aws.root-mfa": "pass",
      "aws.root-access-keys": "pass",
      "aws.unused-access-keys": "fail",
      "aws.access-key-rotation": "fail",
    });
    expect(check(result, "aws.console-users-without-mfa").findings).toEqual([
      { user: "bob", arn: "arn:aws:iam::123456789012:user/bob", line: 4, passwordLastUsed: null },
    ]);
    expect(check(result, "aws.console-users-without-mfa").message).toBe(
      "1 of 3 console users (password enabled) has no MFA device.",
    );
    expect(check(result, "aws.unused-access-keys").findings).toEqual([
      {
        user: "old-integration",
        key: "access_key_1",
        lastUsed: "2023-07-01",
        neverUsed: false,
        daysUnused: 336,
      },
      { user: "dave", key: "access_key_1", lastUsed: null, neverUsed: true, daysUnused: 92 },
    ]);
    expect(check(result, "aws.access-key-rotation").findings).toEqual([
      { user: "ci-deployer", key: "access_key_1", lastRotated: "2023-01-10", ageDays: 508 },
      { user: "old-integration", key: "access_key_1", lastRotated: "2023-06-01", ageDays: 366 },
      { user: "dave", key: "access_key_1", lastRotated: "2024-03-01", ageDays: 92 },
    ]);
    expect(result.stats).toEqual({
      users: 6,
      consoleUsers: 3,
      consoleUsersWithoutMfa: 1,
      activeAccessKeys: 4,
      rootActiveAccessKeys: 0,
      unusedAccessKeys: 2,
      accessKeysNotRotated: 3,
    });
    expect(result.effectiveDate).toBe("2024-06-01");
  });

  it("passes every check on a clean report", () => {
    const result = parse(fixture("aws-credential-report/synthetic-clean.csv"));
    expect(result.checks.map((c) => c.status)).toEqual(["pass", "pass", "pass", "pass", "pass"]);
    expect(result.stats.activeAccessKeys).toBe(1);
  });

  it("reads the base64 `aws iam get-credential-report` JSON the same as the CSV, dated by GeneratedTime", () => {
    const fromJson = parse(
      fixture("aws-credential-report/synthetic-cli-base64.json"),
      at("2031-01-01T00:00:00Z"),
    );
    const fromCsv = parse(fixture("aws-credential-report/synthetic-mixed.csv"));
    expect(fromJson.checks).toEqual(fromCsv.checks);
    expect(fromJson.stats).toEqual(fromCsv.stats);
    expect(fromJson.effectiveDate).toBe("2024-06-01");
  });

  it("reads bare base64 (--query Content --output text) and a CSV with a BOM and CRLF line ends", () => {
    const csv = fixtureText("aws-credential-report/synthetic-mixed.csv");
    const base = parse(csv);
    expect(parse(Buffer.from(csv).toString("base64")).stats).toEqual(base.stats);
    expect(parse(`\uFEFF${csv.replace(/\n/g, "\r\n")}`).stats).toEqual(base.stats);
  });

  it("fails the root checks on a root without MFA and with two keys; warns when the root row is missing", () => {
    const root = ROOT_OK.split(",");
    root[7] = "false";
    root[8] = "true";
    root[9] = "2024-05-01T00:00:00Z";
    root[13] = "true";
    root[14] = "2024-05-02T00:00:00Z";
    const result = parse(`${HEADER}\n${row(root)}\n`);
    expect(check(result, "aws.root-mfa").status).toBe("fail");
    expect(check(result, "aws.root-access-keys").status).toBe("fail");
    expect(check(result, "aws.root-access-keys").findings).toHaveLength(2);
    expect(check(result, "aws.console-users-without-mfa").status).toBe("pass"); // root is not a "console user"

    const noRoot = parse(
      fixtureText("aws-credential-report/synthetic-clean.csv").replace(/^<root_account>.*\n/m, ""),
    );
    expect(check(noRoot, "aws.root-mfa").status).toBe("warn");
    expect(check(noRoot, "aws.root-access-keys").status).toBe("warn");
  });

  it("warns (not passes) when an active key has no dates at all", () => {
    const user = ROOT_OK.split(",");
    user[0] = "ghost-key";
    user[1] = "arn:aws:iam::123456789012:user/ghost-key";
    user[8] = "true";
    const result = parse(`${HEADER}\n${ROOT_OK}\n${row(user)}\n`);
    expect(check(result, "aws.unused-access-keys").status).toBe("warn");
    expect(check(result, "aws.access-key-rotation").status).toBe("warn");
  });

  it("uses `now` when there is no GeneratedTime, and honours the thresholds exactly (> N days fails)", () => {
    const user = ROOT_OK.split(",");
    user[0] = "svc";
    user[1] = "arn:aws:iam::123456789012:user/svc";
    user[8] = "true";
    user[9] = "2024-03-03T00:00:00Z"; // 90 days before 2024-06-01
    user[10] = "2024-03-03T00:00:00Z";
    const csv = `${HEADER}\n${ROOT_OK}\n${row(user)}\n`;
    expect(check(parse(csv), "aws.access-key-rotation").status).toBe("pass");
    expect(check(parse(csv), "aws.unused-access-keys").status).toBe("pass");
    expect(check(parse(csv, at("2024-06-02T00:00:00Z")), "aws.access-key-rotation").status).toBe("fail");
    expect(check(parse(csv, at("2024-06-02T00:00:00Z")), "aws.unused-access-keys").status).toBe("fail");
  });
});

describe("aws-credential-report: malformed input is a VALIDATION error naming the line or field", () => {
  it("a CSV cut mid-line", () => {
    const error = validationError(() => parse(fixture("aws-credential-report/synthetic-truncated.csv")));
    expect(error.message).toContain("line 3: expected 22 columns, found 7");
  });

  it("a row with the wrong number of columns", () => {
    const error = validationError(() => parse(`${HEADER}\n${ROOT_OK}\nalice,arn,x\n`));
    expect(error.message).toContain("line 3: expected 22 columns, found 3");
  });

  it("missing columns are named", () => {
    const error = validationError(() => parse("user,arn,mfa_active\nbob,arn:aws:iam::1:user/bob,true\n"));
    expect(error.message).toMatch(
      /line 1: missing columns password_enabled, password_last_used, access_key_1_active/,
    );
  });

  it("a bad boolean or date names the line and column", () => {
    const bad = ROOT_OK.replace(",true,false,", ",yes,false,");
    expect(validationError(() => parse(`${HEADER}\n${bad}\n`)).message).toContain(
      'line 2, column mfa_active: expected true or false, found "yes"',
    );
    const badDate = ROOT_OK.replace("2024-05-20T10:00:00+00:00", "last tuesday");
    expect(validationError(() => parse(`${HEADER}\n${badDate}\n`)).message).toContain(
      'line 2, column password_last_used: "last tuesday" is not a date',
    );
  });

  it("an unclosed quote", () => {
    expect(validationError(() => parse(`${HEADER}\n"<root_account>,arn`)).message).toMatch(
      /line 2: a quoted value is never closed/,
    );
  });

  it("truncated JSON, JSON without Content, a wrong ReportFormat or GeneratedTime, undecodable Content", () => {
    const json = fixtureText("aws-credential-report/sample-3-cli-json.json");
    expect(validationError(() => parse(json.slice(0, 200))).message).toMatch(/invalid JSON.*line 2/);
    expect(validationError(() => parse('{"GeneratedTime":"2019-05-02T21:49:50+00:00"}')).message).toContain(
      "$.Content is missing",
    );
    expect(validationError(() => parse('{"Content":"x","ReportFormat":"text/html"}')).message).toContain(
      "$.ReportFormat",
    );
    expect(
      validationError(() => parse('{"Content":"dXNlcg==","GeneratedTime":"yesterday"}')).message,
    ).toContain("$.GeneratedTime");
    expect(validationError(() => parse('{"Content":"%%%"}')).message).toContain("$.Content: neither");
    expect(validationError(() => parse('{"Content":42}')).message).toContain("$.Content must be a string");
    const inner = validationError(() => parse(JSON.stringify({ Content: `${HEADER}\nroot,arn,x\n` })));
    expect(inner.message).toContain("$.Content, line 2: expected 22 columns, found 3");
  });

  it("binary garbage, an empty file, another format entirely", () => {
    expect(
      validationError(() => parse(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0xff])))
        .message,
    ).toMatch(/not UTF-8|NUL/);
    expect(validationError(() => parse(Buffer.alloc(0))).message).toContain("is empty");
    expect(validationError(() => parse("\n\n  \n")).message).toContain("is empty");
    expect(
      validationError(() => parse(fixture("sarif/sample-3-cppcheck-no-results.sarif"))).message,
    ).toContain("$.Content is missing");
    expect(validationError(() => parse(fixture("github-pulls/sample-2.json"))).message).toContain(
      "JSON array",
    );
    expect(validationError(() => parse("Employee ID,Name\n1,Ann\n")).message).toBe(
      'The AWS credential report, line 1: this is not an IAM credential report; expected the header "user,arn,user_creation_time,password_enabled,…", found "Employee ID,Name".',
    );
  });

  it("bad parameters and a missing input", () => {
    expect(
      validationError(() =>
        parse(fixture("aws-credential-report/synthetic-clean.csv"), {
          now: new Date(),
          params: { keyMaxAgeDays: -1 },
        }),
      ).message,
    ).toContain("keyMaxAgeDays");
    expect(
      validationError(() => awsCredentialReportImporter.parse({}, at("2024-01-01T00:00:00Z"))).message,
    ).toContain('input "file" is missing');
  });
});

// ---------------------------------------------------------------------------------------------
// Property-based
// ---------------------------------------------------------------------------------------------

const NOW = new Date("2024-06-01T00:00:00Z");
const DAY = 86_400_000;
const ago = (days: number, zulu: boolean): string => {
  const iso = new Date(NOW.getTime() - days * DAY).toISOString().replace(/\.\d{3}Z$/, "");
  return zulu ? `${iso}Z` : `${iso}+00:00`;
};

const keyArb = fc.record({
  active: fc.boolean(),
  rotatedDaysAgo: fc.integer({ min: 0, max: 400 }),
  usedDaysAgo: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
  zulu: fc.boolean(),
});
const userArb = fc.record({
  console: fc.boolean(),
  mfa: fc.boolean(),
  key1: keyArb,
  key2: keyArb,
});
type KeyModel = typeof keyArb extends fc.Arbitrary<infer T> ? T : never;

const keyCells = (k: KeyModel): string[] => [
  k.active ? "true" : "false",
  ago(k.rotatedDaysAgo, k.zulu),
  k.usedDaysAgo === null ? "N/A" : ago(k.usedDaysAgo, k.zulu),
  k.usedDaysAgo === null ? "N/A" : "us-east-1",
  k.usedDaysAgo === null ? "N/A" : "s3",
];

describe("aws-credential-report: properties", () => {
  it("random bytes and text never throw anything but AppError VALIDATION", () => {
    fc.assert(
      fc.property(junk(), (bytes) => void onlyValidation(() => parse(bytes))),
      { numRuns: 300 },
    );
  });

  it("random truncations of valid files never throw anything but AppError VALIDATION", () => {
    const files = [
      fixture("aws-credential-report/sample-3-cli-json.json"),
      fixture("aws-credential-report/synthetic-mixed.csv"),
      fixture("aws-credential-report/synthetic-cli-base64.json"),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...files).chain(truncation),
        (bytes) => void onlyValidation(() => parse(bytes)),
      ),
      { numRuns: 300 },
    );
  });

  it("random changes inside the JSON wrapper never throw anything but AppError VALIDATION", () => {
    const doc = JSON.parse(fixtureText("aws-credential-report/sample-3-cli-json.json"));
    fc.assert(
      fc.property(mutatedJson(doc), (bytes) => void onlyValidation(() => parse(bytes))),
      { numRuns: 200 },
    );
  });

  it("random valid reports give counts that match a model of the rules", () => {
    fc.assert(
      fc.property(
        fc.array(userArb, { maxLength: 30 }),
        fc.integer({ min: 0, max: 365 }),
        fc.integer({ min: 0, max: 365 }),
        (users, unusedKeyDays, keyMaxAgeDays) => {
          const lines = users.map((u, i) =>
            row([
              `user-${i}`,
              `arn:aws:iam::123456789012:user/user-${i}`,
              ago(500, true),
              u.console ? "true" : "false",
              u.console ? ago(1, false) : "N/A",
              u.console ? ago(30, true) : "N/A",
              "N/A",
              u.mfa ? "true" : "false",
              ...keyCells(u.key1),
              ...keyCells(u.key2),
              "false",
              "N/A",
              "false",
              "N/A",
            ]),
          );
          const result = parse(`${HEADER}\n${ROOT_OK}\n${lines.join("\n")}\n`, {
            now: NOW,
            params: { unusedKeyDays, keyMaxAgeDays },
          });
          const keys = users.flatMap((u) => [u.key1, u.key2]).filter((k) => k.active);
          const withoutMfa = users.filter((u) => u.console && !u.mfa).length;
          const unused = keys.filter((k) => (k.usedDaysAgo ?? k.rotatedDaysAgo) > unusedKeyDays).length;
          const stale = keys.filter((k) => k.rotatedDaysAgo > keyMaxAgeDays).length;
          expect(result.stats).toEqual({
            users: users.length + 1,
            consoleUsers: users.filter((u) => u.console).length,
            consoleUsersWithoutMfa: withoutMfa,
            activeAccessKeys: keys.length,
            rootActiveAccessKeys: 0,
            unusedAccessKeys: unused,
            accessKeysNotRotated: stale,
          });
          expect(check(result, "aws.console-users-without-mfa").findings).toHaveLength(withoutMfa);
          expect(check(result, "aws.console-users-without-mfa").status).toBe(
            withoutMfa > 0 ? "fail" : "pass",
          );
          expect(check(result, "aws.unused-access-keys").status).toBe(unused > 0 ? "fail" : "pass");
          expect(check(result, "aws.access-key-rotation").status).toBe(stale > 0 ? "fail" : "pass");
        },
      ),
      { numRuns: 150 },
    );
  });
});
