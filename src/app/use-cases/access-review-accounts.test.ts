import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../core/errors.js";
import { parseAccounts } from "./access-review-accounts.js";

const fixture = (path: string): Buffer =>
  readFileSync(new URL(`../../../test/fixtures/importers/${path}`, import.meta.url));

/** The shape `GET /orgs/{org}/members` returns (trimmed), with a role added by `?role=admin` runs. */
const GITHUB_MEMBERS = JSON.stringify([
  { login: "octocat", id: 1, type: "User", site_admin: false, role_name: "admin" },
  { login: "rkumar-paysetu", id: 2, type: "User", site_admin: false, email: "Ravi@Paysetu.example" },
]);

describe("access review account lists", () => {
  it("reads every IAM user of the AWS credential report with its credentials as entitlements", () => {
    const accounts = parseAccounts(
      "aws-credential-report",
      fixture("aws-credential-report/synthetic-mixed.csv"),
    );
    expect(accounts.map((a) => a.account)).toEqual([
      "<root_account>",
      "alice",
      "bob",
      "ci-deployer",
      "old-integration",
      "dave",
    ]);
    expect(accounts[0]?.entitlements).toEqual(["Root account"]);
    expect(accounts[1]?.entitlements).toEqual(["Console password (MFA)"]);
    expect(accounts[2]?.entitlements).toEqual(["Console password (no MFA)"]);
    expect(accounts[3]?.entitlements).toEqual(["Access key 1", "Access key 2"]);
    expect(accounts[3]?.name).toBe("arn:aws:iam::123456789012:user/ci/ci-deployer");
  });

  it("reads the same report from the CLI's JSON with base64 content", () => {
    const fromJson = parseAccounts(
      "aws-credential-report",
      fixture("aws-credential-report/synthetic-cli-base64.json"),
    );
    const fromCsv = parseAccounts(
      "aws-credential-report",
      fixture("aws-credential-report/synthetic-mixed.csv"),
    );
    expect(fromJson).toEqual(fromCsv);
  });

  it("reads GitHub organization members with their role, site admin flag and e-mail", () => {
    const accounts = parseAccounts("github-members", Buffer.from(GITHUB_MEMBERS));
    expect(accounts).toEqual([
      {
        account: "octocat",
        name: null,
        email: null,
        entitlements: ["Organization admin"],
        managerEmail: null,
      },
      {
        account: "rkumar-paysetu",
        name: null,
        email: "ravi@paysetu.example",
        entitlements: ["Organization member"],
        managerEmail: null,
      },
    ]);
    const memberships = JSON.stringify({
      members: [{ role: "admin", state: "active", user: { login: "a" } }],
    });
    expect(parseAccounts("github-members", Buffer.from(memberships))[0]?.entitlements).toEqual([
      "Organization admin",
    ]);
  });

  it("reads an Okta user export, naming the status when no groups are exported", () => {
    const accounts = parseAccounts("okta-users", fixture("hr-idp/synthetic-okta-users.csv"));
    expect(accounts[1]).toEqual({
      account: "ben@example.com",
      name: "Ben Baker",
      email: "ben@example.com",
      entitlements: ["Okta user (DEPROVISIONED)"],
      managerEmail: null,
    });
  });

  it("reads the generic CSV with entitlements split on ; or | and the manager's e-mail", () => {
    const csv = [
      "Account,Name,Email,Entitlements,Manager Email",
      "asha,Asha Iyer,asha@paysetu.example,db-read; db-write,compliance@paysetu.example",
      'kiran,Kiran Rao,kiran@paysetu.example,"admin|billing",',
    ].join("\n");
    const accounts = parseAccounts("csv", Buffer.from(csv));
    expect(accounts[0]).toEqual({
      account: "asha",
      name: "Asha Iyer",
      email: "asha@paysetu.example",
      entitlements: ["db-read", "db-write"],
      managerEmail: "compliance@paysetu.example",
    });
    expect(accounts[1]?.entitlements).toEqual(["admin", "billing"]);
    expect(accounts[1]?.managerEmail).toBeNull();
  });

  it("names what is wrong with a bad file", () => {
    const bad = (format: Parameters<typeof parseAccounts>[0], text: string) => () =>
      parseAccounts(format, Buffer.from(text));
    expect(bad("csv", "Account,Name\nasha,Asha\n")).toThrow(/entitlements column is required/);
    expect(bad("csv", "Name,Entitlements\nAsha,x\n")).toThrow(/account column is required/);
    expect(bad("csv", "Account,Entitlements\nasha,x\nASHA,y\n")).toThrow(/appears twice/);
    expect(bad("csv", "Account,Entitlements\n")).toThrow(/no accounts/);
    expect(bad("github-members", "{}")).toThrow(/JSON array of members/);
    expect(bad("github-members", '[{"id":1}]')).toThrow(/\$\[0\]\.login is missing/);
    expect(bad("github-members", "[{")).toThrow(/invalid JSON/);
    expect(bad("aws-credential-report", "hello,world\n1,2\n")).toThrow(/header "user,arn/);
  });

  it("answers any bytes with accounts or a VALIDATION error, never a crash", () => {
    for (const format of ["aws-credential-report", "github-members", "okta-users", "csv"] as const) {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
          try {
            const accounts = parseAccounts(format, Buffer.from(bytes));
            expect(accounts.length).toBeGreaterThan(0);
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
            expect((error as AppError).code).toBe("VALIDATION");
          }
        }),
        { numRuns: 150 },
      );
    }
  });
});
