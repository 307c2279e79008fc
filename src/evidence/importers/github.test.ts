import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  at,
  fixture,
  fixtureJson,
  fixtureText,
  junk,
  mutatedJson,
  onlyValidation,
  truncation,
  validationError,
} from "../../../test/fixtures/importers/support.js";
import {
  GITHUB_BRANCH_PROTECTION_CONTROLS,
  GITHUB_PULL_REQUESTS_CONTROLS,
  githubBranchProtectionImporter,
  githubPullRequestsImporter,
} from "./github.js";
import { findImporter } from "./index.js";
import type { ImportResult } from "./types.js";

const NOW = at("2024-06-01T00:00:00Z");
const asBuffer = (file: Buffer | string | object): Buffer =>
  Buffer.isBuffer(file) ? file : Buffer.from(typeof file === "string" ? file : JSON.stringify(file));
const protection = (file: Buffer | string | object): ImportResult =>
  githubBranchProtectionImporter.parse({ file: asBuffer(file) }, NOW);
const pulls = (file: Buffer | string | object): ImportResult =>
  githubPullRequestsImporter.parse({ file: asBuffer(file) }, NOW);
const statuses = (result: ImportResult) =>
  Object.fromEntries(result.checks.map((c) => [c.id.split(".")[2], c.status]));
const only = (result: ImportResult) => {
  const [check] = result.checks;
  if (check === undefined || result.checks.length !== 1) throw new Error("expected one check");
  return check;
};

describe("github-branch-protection: the real fixtures", () => {
  it("sample-1: everything enforced except force pushes (fail) and deletions (warn)", () => {
    const result = protection(fixture("github-branch-protection/sample-1.json"));
    expect(statuses(result)).toEqual({
      "reviews-required": "pass",
      "stale-reviews-dismissed": "pass",
      "admins-enforced": "pass",
      "force-pushes-blocked": "fail",
      "deletions-blocked": "warn",
      "status-checks-required": "pass",
    });
    expect(result.title).toBe(
      "GitHub branch protection: hub4j-test-org/temp-testEnableBranchProtections, branch main",
    );
    expect(result.stats).toEqual({
      requiredApprovals: 2,
      requiredStatusChecks: 1,
      passed: 4,
      warned: 1,
      failed: 1,
    });
    expect(result.checks.find((c) => c.id.endsWith("status-checks-required"))?.findings).toEqual([
      { check: "test-status-check", strict: true },
    ]);
    expect(result.controlIds).toEqual(["CHG-01", "CHG-05"]);
    expect(result.effectiveDate).toBe("2024-06-01");
  });

  it("sample-2: one approval required; stale reviews and admins only warn; no status checks fails", () => {
    expect(statuses(protection(fixture("github-branch-protection/sample-2.json")))).toEqual({
      "reviews-required": "pass",
      "stale-reviews-dismissed": "warn",
      "admins-enforced": "warn",
      "force-pushes-blocked": "pass",
      "deletions-blocked": "pass",
      "status-checks-required": "fail",
    });
  });

  it("sample-3: protection without review or status-check requirements fails both", () => {
    expect(statuses(protection(fixture("github-branch-protection/sample-3.json")))).toEqual({
      "reviews-required": "fail",
      "stale-reviews-dismissed": "warn",
      "admins-enforced": "warn",
      "force-pushes-blocked": "pass",
      "deletions-blocked": "pass",
      "status-checks-required": "fail",
    });
  });
});

describe("github-branch-protection: synthetic variants", () => {
  const full = fixtureJson("github-branch-protection/sample-1.json") as Record<string, unknown>;

  it("all pass once force pushes and deletions are blocked; `checks` count like `contexts`", () => {
    const result = protection({
      ...full,
      allow_force_pushes: { enabled: false },
      allow_deletions: { enabled: false },
      required_status_checks: {
        strict: false,
        contexts: [],
        checks: [{ context: "ci/build", app_id: 15368 }],
      },
    });
    expect(result.checks.map((c) => c.status)).toEqual(["pass", "pass", "pass", "pass", "pass", "pass"]);
    expect(result.stats.requiredStatusChecks).toBe(1);
  });

  it("zero required approvals fails; an empty list of status checks fails; absent force-push setting warns", () => {
    const result = protection({
      url: full.url,
      required_pull_request_reviews: { dismiss_stale_reviews: true, required_approving_review_count: 0 },
      required_status_checks: { strict: true, contexts: [], checks: [] },
      enforce_admins: { enabled: true },
    });
    expect(statuses(result)).toMatchObject({
      "reviews-required": "fail",
      "status-checks-required": "fail",
      "force-pushes-blocked": "warn",
      "deletions-blocked": "warn",
    });
  });

  it('GitHub\'s 404 body "Branch not protected" reads as nothing enforced', () => {
    const result = protection({
      message: "Branch not protected",
      documentation_url: "https://docs.github.com/rest/branches/branch-protection#get-branch-protection",
    });
    expect(statuses(result)).toEqual({
      "reviews-required": "fail",
      "stale-reviews-dismissed": "warn",
      "admins-enforced": "warn",
      "force-pushes-blocked": "fail",
      "deletions-blocked": "warn",
      "status-checks-required": "fail",
    });
  });
});

describe("github-branch-protection: malformed input", () => {
  it("names the JSON path of a wrongly typed field", () => {
    expect(validationError(() => protection({ enforce_admins: { enabled: "yes" } })).message).toContain(
      "$.enforce_admins.enabled must be true or false",
    );
    expect(validationError(() => protection({ enforce_admins: {} })).message).toContain(
      "$.enforce_admins.enabled is missing",
    );
    expect(
      validationError(() =>
        protection({ required_pull_request_reviews: { required_approving_review_count: "2" } }),
      ).message,
    ).toContain("$.required_pull_request_reviews.required_approving_review_count must be a whole number");
    expect(
      validationError(() => protection({ required_status_checks: { contexts: [1] } })).message,
    ).toContain("$.required_status_checks.contexts[0] must be a string");
  });

  it("truncated JSON, other JSON, a GitHub error, binary, empty", () => {
    const text = fixtureText("github-branch-protection/sample-2.json");
    expect(validationError(() => protection(text.slice(0, text.length - 3))).message).toMatch(
      /invalid JSON.*line \d+/,
    );
    expect(validationError(() => protection(fixture("github-pulls/sample-1.json"))).message).toContain(
      "$ must be an object, found an array",
    );
    expect(validationError(() => protection(fixture("trivy-json/sample-4-no-vulns.json"))).message).toContain(
      "not a branch protection response",
    );
    expect(validationError(() => protection({ message: "Bad credentials" })).message).toContain(
      '"Bad credentials"',
    );
    expect(validationError(() => protection(Buffer.from([0x00, 0x01, 0xff, 0x41]))).message).toMatch(
      /NUL|UTF-8/,
    );
    expect(validationError(() => protection("")).message).toContain("is empty");
  });
});

// ---------------------------------------------------------------------------------------------
// Merged pull requests
// ---------------------------------------------------------------------------------------------

describe("github-pull-requests: the real fixtures", () => {
  it("lists of open pull requests (sample-1, sample-2 draft) have nothing merged: warn", () => {
    for (const name of ["sample-1", "sample-2"]) {
      const result = pulls(fixture(`github-pulls/${name}.json`));
      expect(only(result).status).toBe("warn");
      expect(result.stats.merged).toBe(0);
      expect(result.periodStart).toBeNull();
    }
    expect(pulls(fixture("github-pulls/sample-1.json")).stats).toMatchObject({ pulls: 2, open: 2 });
  });

  it("the real reviews: an APPROVED review counts; a null user's approval and a PENDING review do not", () => {
    // The pull request lists hold only open PRs (see the fixtures README), so the test marks them merged.
    const [pr260, pr259] = fixtureJson("github-pulls/sample-1.json") as Record<string, unknown>[];
    const [pr321] = fixtureJson("github-pulls/sample-2.json") as Record<string, unknown>[];
    const merged = (pr: Record<string, unknown> | undefined, at: string) => ({
      ...pr,
      state: "closed",
      merged_at: at,
    });
    const result = pulls({
      pulls: [
        merged(pr260, "2021-11-24T00:00:00Z"),
        merged(pr259, "2021-11-25T00:00:00Z"),
        merged(pr321, "2024-06-20T00:00:00Z"),
      ],
      reviews: {
        "260": fixtureJson("github-pr-reviews/sample-1.json"),
        "259": fixtureJson("github-pr-reviews/sample-2.json"),
        "321": fixtureJson("github-pr-reviews/sample-3.json"),
      },
    });
    const check = only(result);
    expect(check.status).toBe("fail");
    expect(check.findings.map((f) => [f.number, f.reason])).toEqual([
      [259, "approved only by a deleted account (user is null)"],
      [321, "no approving review"],
    ]);
    expect(result.stats).toMatchObject({ merged: 3, mergedWithApproval: 1, mergedWithoutApproval: 2 });
    expect(result.periodStart).toBe("2021-11-24");
    expect(result.periodEnd).toBe("2024-06-20");
  });

  it("an approval submitted after the merge does not count (real review, merged before it)", () => {
    const [pr260] = fixtureJson("github-pulls/sample-1.json") as Record<string, unknown>[];
    const result = pulls([
      {
        ...pr260,
        merged_at: "2021-11-23T10:00:00Z",
        reviews: fixtureJson("github-pr-reviews/sample-1.json"),
      },
    ]);
    expect(only(result).findings).toMatchObject([{ number: 260, reason: "approved only after merge" }]);
  });
});

describe("github-pull-requests: synthetic exports", () => {
  it("embedded reviews: self-approval, deleted reviewer, approval withdrawn, late approval and no data fail", () => {
    const result = pulls(fixture("github-pulls/synthetic-merged-embedded.json"));
    const check = only(result);
    expect(check.status).toBe("fail");
    expect(check.findings.map((f) => [f.number, f.reason])).toEqual([
      [102, "approved only by its author"],
      [103, "approved only by a deleted account (user is null)"],
      [104, "reviews did not end in an approval"],
      [105, "approved only after merge"],
      [109, "no review data in the export"],
    ]);
    expect(check.message).toBe(
      "5 of 7 merged pull requests have no approval by someone other than the author before merge.",
    );
    expect(result.stats).toEqual({
      pulls: 9,
      open: 1,
      closedWithoutMerge: 1,
      merged: 7,
      mergedWithApproval: 2,
      mergedWithoutApproval: 5,
      mergedWithoutReviewData: 1,
    });
    expect(result).toMatchObject({
      title: "GitHub merged pull requests, acme/payments (7 merged of 9 pull requests)",
      effectiveDate: "2024-03-12",
      periodStart: "2024-03-05",
      periodEnd: "2024-03-12",
      controlIds: ["CHG-01"],
    });
  });

  it("reviews keyed by number: every merged pull request approved passes", () => {
    const result = pulls(fixture("github-pulls/synthetic-merged-keyed.json"));
    expect(only(result).status).toBe("pass");
    expect(result.stats).toMatchObject({ pulls: 3, merged: 2, mergedWithApproval: 2, closedWithoutMerge: 1 });
    expect(result.periodEnd).toBe("2024-04-15");
  });

  it("counts a pull request listed twice (overlapping pages) once", () => {
    const list = fixtureJson("github-pulls/synthetic-merged-embedded.json") as unknown[];
    expect(pulls([...list, list[0]]).stats.pulls).toBe(9);
  });
});

describe("github-pull-requests: malformed input names the JSON path", () => {
  it("wrong types and missing fields", () => {
    expect(validationError(() => pulls([{ number: "1" }])).message).toContain(
      "$[0].number must be a whole number",
    );
    expect(validationError(() => pulls([{ number: 1, merged_at: "soon" }])).message).toContain(
      '$[0].merged_at: "soon" is not a date',
    );
    expect(validationError(() => pulls([{ number: 1, reviews: [{ user: null }] }])).message).toContain(
      "$[0].reviews[0].state is missing",
    );
    expect(validationError(() => pulls({ pulls: [], reviews: { six: [] } })).message).toContain(
      '$.reviews["six"]',
    );
    expect(validationError(() => pulls({ pulls: [{ number: 1 }], reviews: { "1": {} } })).message).toContain(
      '$.reviews["1"] must be an array',
    );
    expect(validationError(() => pulls({ pulls: {} })).message).toContain("$.pulls must be an array");
  });

  it("a list of reviews instead of pull requests says so", () => {
    expect(validationError(() => pulls(fixture("github-pr-reviews/sample-1.json"))).message).toMatch(
      /\$\[0\]\.number is missing \(this looks like a review/,
    );
  });

  it("truncated JSON, the wrong format, binary, empty", () => {
    const text = fixtureText("github-pulls/synthetic-merged-keyed.json");
    expect(validationError(() => pulls(text.slice(0, 500))).message).toMatch(/invalid JSON.*line \d+/);
    expect(
      validationError(() => pulls(fixture("sarif/sample-3-cppcheck-no-results.sarif"))).message,
    ).toContain("$ must be an array of pull requests");
    expect(validationError(() => pulls({ message: "Not Found" })).message).toContain('"Not Found"');
    expect(validationError(() => pulls(Buffer.from([0xc3, 0x28, 0xa0, 0xa1]))).message).toContain(
      "not UTF-8",
    );
    expect(validationError(() => pulls(" \n")).message).toContain("is empty");
  });

  it("both importers are registered", () => {
    expect(findImporter("github-pull-requests")).toBe(githubPullRequestsImporter);
    expect(findImporter("github-branch-protection")).toBe(githubBranchProtectionImporter);
    expect(Object.keys(GITHUB_PULL_REQUESTS_CONTROLS)).toEqual([
      "github.pull-requests.approved-before-merge",
    ]);
    expect(Object.keys(GITHUB_BRANCH_PROTECTION_CONTROLS)).toHaveLength(6);
  });
});

// ---------------------------------------------------------------------------------------------
// Property-based
// ---------------------------------------------------------------------------------------------

describe("github: properties", () => {
  const jsonFiles = [
    "github-branch-protection/sample-1.json",
    "github-branch-protection/sample-2.json",
    "github-pulls/sample-1.json",
    "github-pulls/synthetic-merged-embedded.json",
    "github-pulls/synthetic-merged-keyed.json",
  ].map(fixture);

  it("random bytes and text never throw anything but AppError VALIDATION", () => {
    fc.assert(
      fc.property(junk(), (bytes) => {
        onlyValidation(() => protection(bytes));
        onlyValidation(() => pulls(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it("random truncations of valid files never throw anything but AppError VALIDATION", () => {
    fc.assert(
      fc.property(fc.constantFrom(...jsonFiles).chain(truncation), (bytes) => {
        onlyValidation(() => protection(bytes));
        onlyValidation(() => pulls(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it("random changes anywhere inside valid documents never throw anything but AppError VALIDATION", () => {
    const docs = [
      fixtureJson("github-branch-protection/sample-1.json"),
      fixtureJson("github-pulls/synthetic-merged-embedded.json"),
      fixtureJson("github-pulls/synthetic-merged-keyed.json"),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...docs).chain(mutatedJson), (bytes) => {
        onlyValidation(() => protection(bytes));
        onlyValidation(() => pulls(bytes));
      }),
      { numRuns: 400 },
    );
  });

  it("random protection settings give the documented statuses", () => {
    const flag = fc.option(fc.boolean(), { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({
          reviews: fc.option(fc.record({ count: fc.integer({ min: 0, max: 6 }), stale: fc.boolean() }), {
            nil: undefined,
          }),
          checks: fc.option(fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 3 }), {
            nil: undefined,
          }),
          admins: flag,
          force: flag,
          deletions: flag,
        }),
        (m) => {
          const body: Record<string, unknown> = {
            url: "https://api.github.com/repos/o/r/branches/main/protection",
          };
          if (m.reviews !== undefined) {
            body.required_pull_request_reviews = {
              required_approving_review_count: m.reviews.count,
              dismiss_stale_reviews: m.reviews.stale,
            };
          }
          if (m.checks !== undefined) body.required_status_checks = { strict: true, contexts: m.checks };
          if (m.admins !== undefined) body.enforce_admins = { enabled: m.admins };
          if (m.force !== undefined) body.allow_force_pushes = { enabled: m.force };
          if (m.deletions !== undefined) body.allow_deletions = { enabled: m.deletions };
          const result = protection(body);
          expect(statuses(result)).toEqual({
            "reviews-required": m.reviews !== undefined && m.reviews.count >= 1 ? "pass" : "fail",
            "stale-reviews-dismissed": m.reviews?.stale === true ? "pass" : "warn",
            "admins-enforced": m.admins === true ? "pass" : "warn",
            "force-pushes-blocked": m.force === false ? "pass" : m.force === true ? "fail" : "warn",
            "deletions-blocked": m.deletions === false ? "pass" : "warn",
            "status-checks-required": new Set(m.checks ?? []).size > 0 ? "pass" : "fail",
          });
          const passed = result.checks.filter((c) => c.status === "pass").length;
          expect((result.stats.passed ?? 0) + (result.stats.warned ?? 0) + (result.stats.failed ?? 0)).toBe(
            6,
          );
          expect(result.stats.passed).toBe(passed);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("random merged pull requests: the count of unapproved ones matches a model", () => {
    const logins = ["alice", "bob", "carol", null] as const;
    const reviewArb = fc.record({
      login: fc.constantFrom(...logins),
      state: fc.constantFrom("APPROVED", "COMMENTED", "PENDING"),
    });
    const prArb = fc.record({
      author: fc.constantFrom("alice", "bob", "carol"),
      merged: fc.boolean(),
      reviews: fc.option(fc.array(reviewArb, { maxLength: 4 }), { nil: null }),
      keyed: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(prArb, { maxLength: 25 }), (model) => {
        const reviewsFor = (m: (typeof model)[number]) =>
          (m.reviews ?? []).map((r) => ({
            user: r.login === null ? null : { login: r.login },
            state: r.state,
            ...(r.state === "PENDING" ? {} : { submitted_at: "2024-01-01T00:00:00Z" }),
          }));
        const keyed: Record<string, unknown> = {};
        const list = model.map((m, i) => {
          const pr: Record<string, unknown> = {
            number: i + 1,
            state: "closed",
            user: { login: m.author },
            merged_at: m.merged ? `2024-01-${String((i % 28) + 2).padStart(2, "0")}T00:00:00Z` : null,
          };
          if (m.reviews !== null && m.keyed) keyed[String(i + 1)] = reviewsFor(m);
          else if (m.reviews !== null) pr.reviews = reviewsFor(m);
          return pr;
        });
        const result = pulls({ pulls: list, reviews: keyed });
        const merged = model.filter((m) => m.merged);
        const approved = merged.filter((m) =>
          (m.reviews ?? []).some((r) => r.state === "APPROVED" && r.login !== null && r.login !== m.author),
        );
        expect(result.stats.merged).toBe(merged.length);
        expect(result.stats.mergedWithApproval).toBe(approved.length);
        expect(result.stats.mergedWithoutApproval).toBe(merged.length - approved.length);
        expect(result.stats.mergedWithoutReviewData).toBe(merged.filter((m) => m.reviews === null).length);
        expect(only(result).findings).toHaveLength(merged.length - approved.length);
        expect(only(result).status).toBe(
          merged.length === 0 ? "warn" : approved.length < merged.length ? "fail" : "pass",
        );
      }),
      { numRuns: 200 },
    );
  });
});
