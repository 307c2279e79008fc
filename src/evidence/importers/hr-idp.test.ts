import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  at,
  checkOf,
  fixture,
  fixtureText,
  junk,
  onlyValidation,
  truncation,
  validationError,
} from "../../../test/fixtures/importers/support.js";
import { HR_IDP_CONTROLS, hrIdpImporter } from "./hr-idp.js";
import { findImporter } from "./index.js";
import type { ImportOptions, ImportResult } from "./types.js";

const NOW = at("2024-06-30T12:00:00Z");
const buf = (v: Buffer | string): Buffer => (Buffer.isBuffer(v) ? v : Buffer.from(v));
const parse = (hr: Buffer | string, idp: Buffer | string, options: ImportOptions = NOW): ImportResult =>
  hrIdpImporter.parse({ hr: buf(hr), idp: buf(idp) }, options);
const check = checkOf;
const HR_FILE = fixture("hr-idp/synthetic-hr.csv");
const OKTA_FILE = fixture("hr-idp/synthetic-okta-users.csv");

describe("hr-idp: synthetic HR roster against a synthetic Okta export", () => {
  const result = parse(HR_FILE, OKTA_FILE);

  it("fails on the leaver whose Okta account is still ACTIVE", () => {
    const active = check(result, "hr-idp.leavers-with-active-accounts");
    expect(active.status).toBe("fail");
    expect(active.findings).toEqual([
      {
        employeeId: "E003",
        email: "cara@example.com",
        name: "Cara Cole",
        leavingDate: "2024-05-15",
        hrLine: 4,
        accounts: "cara@example.com",
        idpStatus: "ACTIVE",
        daysSinceLeaving: 46,
      },
    ]);
    expect(active.message).toBe("1 of 6 leavers still has an active account in the identity provider.");
  });

  it("fails on the leaver disabled 8 days late (date from Last Updated) and warns of none unknown", () => {
    const late = check(result, "hr-idp.late-deprovisioning");
    expect(late.status).toBe("fail");
    expect(late.findings).toEqual([
      {
        employeeId: "E004",
        email: "dan@example.com",
        name: "Dan Dunn",
        leavingDate: "2024-05-20",
        hrLine: 5,
        accounts: "dan@example.com",
        disabledOn: "2024-05-28",
        disableDateSource: "last-updated",
        daysToDisable: 8,
      },
      {
        employeeId: "E005",
        email: "eve@example.com",
        name: "Eve Evans",
        leavingDate: null,
        hrLine: 6,
        accounts: "eve@example.com",
        reason: "no leaving date in the HR roster",
      },
    ]);
  });

  it("reports the distribution of days to disable and the leaver without any account", () => {
    const dist = check(result, "hr-idp.days-to-disable");
    expect(dist.status).toBe("pass");
    expect(dist.findings).toEqual([
      { bucket: "on or before the leaving day", leavers: 1 },
      { bucket: "1 day", leavers: 1 },
      { bucket: "2-7 days", leavers: 0 },
      { bucket: "8-30 days", leavers: 1 },
      { bucket: "over 30 days", leavers: 0 },
      { bucket: "unknown", leavers: 1 },
    ]);
    expect(dist.message).toMatch(/^Days to disable over 3 leavers: median 1, 90th percentile 8, max 8;/);
    const missing = check(result, "hr-idp.leavers-without-account");
    expect(missing.status).toBe("warn");
    expect(missing.findings).toMatchObject([{ employeeId: "E006", email: "finn@example.com" }]);
  });

  it("counts: future leaver and rehire are not leavers; email matched case-insensitively", () => {
    expect(result.stats).toEqual({
      hrRows: 10,
      leavers: 6,
      futureLeavers: 1,
      rehired: 1,
      idpAccounts: 8,
      idpActiveAccounts: 4,
      leaversWithActiveAccount: 1,
      leaversDisabledOnTime: 2,
      leaversDisabledLate: 1,
      leaversDisableDateUnknown: 1,
      leaversWithoutAccount: 1,
      daysToDisableMedian: 1,
      daysToDisableMax: 8,
    });
    expect(result).toMatchObject({
      effectiveDate: "2024-06-30",
      periodStart: "2024-05-10",
      periodEnd: "2024-06-03",
      controlIds: ["IAM-04"],
    });
  });

  it("maxDisableDays = 10 clears the late check down to the one unknown (warn)", () => {
    const lenient = parse(HR_FILE, OKTA_FILE, { now: NOW.now, params: { maxDisableDays: 10 } });
    expect(check(lenient, "hr-idp.late-deprovisioning").status).toBe("warn");
    const strict = parse(HR_FILE, OKTA_FILE, { now: NOW.now, params: { maxDisableDays: 0 } });
    expect(strict.stats.leaversDisabledLate).toBe(2); // Ivan (1 day) is late too
  });
});

describe("hr-idp: passing and other layouts", () => {
  it("everything passes when every leaver was disabled on time", () => {
    const hr = "email,status,termination date\nann@x.io,active,\nben@x.io,terminated,2024-05-01\n";
    const idp =
      "Username,Status,Last Updated,Deactivated\nann@x.io,Active,2024-06-01,\nben@x.io,Deprovisioned,2024-05-02,2024-05-01\n";
    const result = parse(hr, idp);
    expect(result.checks.map((c) => c.status)).toEqual(["pass", "pass", "pass", "pass"]);
    expect(result.stats.leaversDisabledOnTime).toBe(1);
  });

  it("a generic IdP layout: employee ids, accountEnabled true/false, disabled_at; Google-style bracketed headers", () => {
    const hr = "Employee Number,Name,Leaving Date\n100,Ann,\n200,Ben,2024-05-01\n300,Cid,2024-05-02\n";
    const idp =
      "employeeId,userPrincipalName,accountEnabled,disabled_at\n100,ann@x.io,TRUE,\n200,ben@x.io,false,2024-05-04T09:00:00Z\n300,cid@x.io,true,\n";
    const result = parse(hr, idp);
    expect(result.stats).toMatchObject({ leavers: 2, leaversWithActiveAccount: 1, leaversDisabledLate: 1 });
    const google = parse(
      "Email,Status\nann@x.io,Active\nben@x.io,Terminated\n",
      "Email Address [Required],Status [READ ONLY],Last Sign In [READ ONLY]\nann@x.io,Active,\nben@x.io,Suspended,\n",
    );
    expect(google.stats).toMatchObject({ leavers: 1, leaversDisableDateUnknown: 1 });
  });

  it("slash dates need dateOrder unless unambiguous; month names and Excel dates are read", () => {
    const idp = "login,status,deactivated\nben@x.io,deprovisioned,05/04/2024\n";
    const hr = (date: string) => `email,termination date\nben@x.io,${date}\n`;
    expect(validationError(() => parse(hr("03/04/2024"), idp)).message).toContain(
      'The HR roster, line 2, column "termination date": the date "03/04/2024" is ambiguous',
    );
    const mdy = parse(hr("05/01/2024"), idp, { now: NOW.now, params: { dateOrder: "mdy" } });
    expect(check(mdy, "hr-idp.late-deprovisioning").findings[0]).toMatchObject({
      leavingDate: "2024-05-01",
      daysToDisable: 3,
    });
    const dmy = parse(hr("01/05/2024"), idp, { now: NOW.now, params: { dateOrder: "dmy" } });
    expect(dmy.stats.daysToDisableMax).toBe(-26); // DMY: deactivated 5 April, before leaving on 1 May
    const words = parse(
      hr("1 May 2024"),
      'login,status,deactivated\nben@x.io,deprovisioned,"May 4, 2024 3:15 PM"\n',
    );
    expect(words.stats.daysToDisableMax).toBe(3);
    const excel = parse(hr("01-May-2024"), "login,status,deactivated\nben@x.io,deprovisioned,2024/05/02\n");
    expect(excel.stats.daysToDisableMax).toBe(1);
    const unambiguous = parse(
      hr("13/05/2024"),
      "login,status,deactivated\nben@x.io,deprovisioned,05/14/2024\n",
    );
    expect(unambiguous.stats.daysToDisableMax).toBe(1);
  });

  it("UTF-16 (Excel 'Unicode text') with a BOM and a UTF-8 BOM are read", () => {
    const hr = "email,status\nben@x.io,terminated\n";
    const idp = "username,status\nben@x.io,active\n";
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(hr, "utf16le")]);
    expect(parse(utf16, `\uFEFF${idp}`).stats.leaversWithActiveAccount).toBe(1);
  });
});

describe("hr-idp: malformed input names the file and line", () => {
  const idp = fixtureText("hr-idp/synthetic-okta-users.csv");
  const hr = fixtureText("hr-idp/synthetic-hr.csv");

  it("a CSV cut mid-line and a row with the wrong column count", () => {
    const cut = idp.slice(0, idp.indexOf("DEPROVISIONED,2021-02-01"));
    expect(validationError(() => parse(hr, cut)).message).toBe(
      "The IdP export, line 3: expected 8 columns, found 5 (is the line cut short or a value unquoted?).",
    );
    expect(validationError(() => parse(`${hr}E010,Extra,extra@example.com\n`, idp)).message).toContain(
      "The HR roster, line 12: expected 5 columns, found 3",
    );
    expect(validationError(() => parse(hr, `${idp}"unterminated,ACTIVE\n`)).message).toContain(
      "The IdP export, line 10: a quoted value is never closed",
    );
    // A quote opened on line 3 that swallows the rest of the file is reported where it opens.
    const lines = idp.split("\n");
    lines[2] = lines[2]?.replace("ben@example.com,Ben", '"ben@example.com,Ben') ?? "";
    expect(validationError(() => parse(hr, lines.join("\n"))).message).toContain(
      "The IdP export, line 3: a quoted value is never closed",
    );
  });

  it("missing key or status columns, unknown statuses, bad dates, unmatched keys", () => {
    expect(validationError(() => parse("Name,Status\nAnn,Active\n", idp)).message).toContain(
      "The HR roster, line 1: no employee id or email column (found: Name, Status)",
    );
    expect(validationError(() => parse("Email,Name\na@x.io,Ann\n", idp)).message).toContain(
      "no status or termination/leaving date column",
    );
    expect(
      validationError(() => parse(hr, "Username,Created\nann@example.com,2021-01-01\n")).message,
    ).toContain("The IdP export, line 1: no status or account-enabled column");
    expect(validationError(() => parse(hr, "Username,Status\nann@example.com,Zombie\n")).message).toContain(
      'The IdP export, line 2, column "Status": unknown account status "Zombie"',
    );
    expect(validationError(() => parse(hr, "Username,Status\nann@example.com,\n")).message).toContain(
      'The IdP export, line 2, column "Status": no account status',
    );
    expect(validationError(() => parse(hr.replace("2024-05-15", "2024-15-05"), idp)).message).toContain(
      'The HR roster, line 4, column "Termination Date": "2024-15-05" is not a date',
    );
    expect(
      validationError(() => parse("Employee ID,Status\nE1,Terminated\n", "Username,Status\na@x.io,Active\n"))
        .message,
    ).toContain("cannot match people to accounts");
    expect(validationError(() => parse("Email,Status\n,Active\n", idp)).message).toContain(
      "The HR roster, line 2: no employee id or email",
    );
  });

  it("binary garbage, empty files, a missing input, another format, bad parameters", () => {
    expect(validationError(() => parse(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00]), idp)).message).toMatch(
      /^The HR roster (is not UTF-8|contains a NUL)/,
    );
    expect(validationError(() => parse(hr, "")).message).toBe("The IdP export is empty.");
    expect(validationError(() => hrIdpImporter.parse({ hr: Buffer.from(hr) }, NOW)).message).toContain(
      'input "idp" is missing',
    );
    expect(validationError(() => parse(fixture("trivy-json/sample-4-no-vulns.json"), idp)).message).toMatch(
      /^The HR roster/,
    );
    expect(
      validationError(() => parse(hr, idp, { now: NOW.now, params: { dateOrder: "ymd" } })).message,
    ).toContain("dateOrder must be one of mdy, dmy");
  });

  it("is registered with two inputs", () => {
    expect(findImporter("hr-idp")).toBe(hrIdpImporter);
    expect(hrIdpImporter.inputs).toEqual(["hr", "idp"]);
    expect(Object.values(HR_IDP_CONTROLS).flat()).toEqual(["IAM-04", "IAM-04", "IAM-04", "IAM-04"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property-based
// ---------------------------------------------------------------------------------------------

describe("hr-idp: properties", () => {
  it("random bytes and text in either file never throw anything but AppError VALIDATION", () => {
    fc.assert(
      fc.property(junk(), (bytes) => {
        onlyValidation(() => parse(bytes, OKTA_FILE));
        onlyValidation(() => parse(HR_FILE, bytes));
      }),
      { numRuns: 300 },
    );
  });

  it("random truncations of either file never throw anything but AppError VALIDATION", () => {
    fc.assert(
      fc.property(truncation(HR_FILE), truncation(OKTA_FILE), (hr, idp) => {
        onlyValidation(() => parse(hr, OKTA_FILE));
        onlyValidation(() => parse(HR_FILE, idp));
        onlyValidation(() => parse(hr, idp));
      }),
      { numRuns: 300 },
    );
  });

  it("random cells in valid files never throw anything but AppError VALIDATION", () => {
    const hrLines = fixtureText("hr-idp/synthetic-hr.csv").trimEnd().split("\n");
    const idpLines = fixtureText("hr-idp/synthetic-okta-users.csv").trimEnd().split("\n");
    const mutate = (lines: string[]) =>
      fc
        .tuple(fc.integer({ min: 1, max: lines.length - 1 }), fc.nat(), fc.string({ maxLength: 20 }))
        .map(([li, ci, value]) => {
          const cells = (lines[li] ?? "").split(",");
          cells[ci % cells.length] = `"${value.replace(/"/g, '""')}"`;
          return [...lines.slice(0, li), cells.join(","), ...lines.slice(li + 1)].join("\n");
        });
    fc.assert(
      fc.property(mutate(hrLines), mutate(idpLines), (hr, idp) => {
        onlyValidation(() => parse(hr, idp));
      }),
      { numRuns: 300 },
    );
  });

  it("random people and accounts: the leaver outcomes add up and match a model", () => {
    const personArb = fc.record({
      leaving: fc.option(fc.integer({ min: -60, max: 30 }), { nil: null }), // days relative to NOW; > 0 = future
      terminatedStatus: fc.boolean(),
      account: fc.option(
        fc.record({
          active: fc.boolean(),
          disabledAfter: fc.option(fc.integer({ min: -5, max: 40 }), { nil: null }), // days after leaving
        }),
        { nil: null },
      ),
    });
    const day = (offset: number) =>
      new Date(Date.UTC(2024, 5, 30) + offset * 86_400_000).toISOString().slice(0, 10);
    fc.assert(
      fc.property(
        fc.array(personArb, { maxLength: 30 }),
        fc.integer({ min: 0, max: 10 }),
        (people, maxDisableDays) => {
          const hr = ["Email,Status,Termination Date"];
          const idp = ["Username,Status,Deactivated"];
          people.forEach((p, i) => {
            hr.push(
              `p${i}@x.io,${p.terminatedStatus ? "Terminated" : "Active"},${p.leaving === null ? "" : day(p.leaving)}`,
            );
            if (p.account !== null) {
              const deactivated =
                p.account.active || p.account.disabledAfter === null || p.leaving === null
                  ? ""
                  : day(p.leaving + p.account.disabledAfter);
              idp.push(`P${i}@X.IO,${p.account.active ? "ACTIVE" : "DEPROVISIONED"},${deactivated}`);
            }
          });
          const result = parse(`${hr.join("\n")}\n`, `${idp.join("\n")}\n`, {
            now: new Date("2024-06-30T12:00:00Z"),
            params: { maxDisableDays },
          });
          const leavers = people.filter((p) => (p.leaving === null ? p.terminatedStatus : p.leaving <= 0));
          const none = Number.NaN;
          const s = {
            leavers: none,
            leaversWithActiveAccount: none,
            leaversDisabledOnTime: none,
            leaversDisabledLate: none,
            leaversDisableDateUnknown: none,
            leaversWithoutAccount: none,
            ...result.stats,
          };
          expect(s.leavers).toBe(leavers.length);
          expect(
            s.leaversWithActiveAccount +
              s.leaversDisabledOnTime +
              s.leaversDisabledLate +
              s.leaversDisableDateUnknown +
              s.leaversWithoutAccount,
          ).toBe(leavers.length);
          expect(s.leaversWithoutAccount).toBe(leavers.filter((p) => p.account === null).length);
          expect(s.leaversWithActiveAccount).toBe(leavers.filter((p) => p.account?.active === true).length);
          const timed = leavers.filter(
            (p) => p.account?.active === false && p.leaving !== null && p.account.disabledAfter !== null,
          );
          expect(s.leaversDisabledLate).toBe(
            timed.filter((p) => (p.account?.disabledAfter ?? 0) > maxDisableDays).length,
          );
          expect(s.leaversDisabledOnTime).toBe(
            timed.filter((p) => (p.account?.disabledAfter ?? 0) <= maxDisableDays).length,
          );
          expect(check(result, "hr-idp.leavers-with-active-accounts").findings).toHaveLength(
            s.leaversWithActiveAccount ?? 0,
          );
          const buckets = check(result, "hr-idp.days-to-disable").findings.reduce(
            (n, f) => n + Number(f.leavers),
            0,
          );
          expect(buckets).toBe(timed.length + s.leaversDisableDateUnknown);
        },
      ),
      { numRuns: 200 },
    );
  });
});
