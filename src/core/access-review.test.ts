import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addMonths,
  canonicalJson,
  decisionProblem,
  type EntryFacts,
  hashResult,
  isComplete,
  isOverdue,
  nextCampaignDue,
  progressBy,
  progressOf,
  routeEntry,
  scheduleState,
  signOffBlockers,
} from "./access-review.js";

describe("schedule", () => {
  it("adds months and clamps to the end of a shorter month", () => {
    expect(addMonths("2026-06-30", 3)).toBe("2026-09-30");
    expect(addMonths("2026-11-30", 3)).toBe("2027-02-28");
    expect(addMonths("2027-11-30", 3)).toBe("2028-02-29");
    expect(addMonths("2026-12-31", 12)).toBe("2027-12-31");
    expect(addMonths("2026-01-15", -1)).toBe("2025-12-15");
  });

  it("computes the next due date per schedule, none for an unscheduled campaign", () => {
    expect(nextCampaignDue("2026-06-30", "quarterly")).toBe("2026-09-30");
    expect(nextCampaignDue("2026-06-30", "semiannual")).toBe("2026-12-30");
    expect(nextCampaignDue("2026-06-30", "annual")).toBe("2027-06-30");
    expect(nextCampaignDue("2026-06-30", "none")).toBeNull();
  });

  it("always moves forward by at most the months' length", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01"), max: new Date("2090-12-31"), noInvalidDate: true }),
        fc.integer({ min: 1, max: 24 }),
        (d, n) => {
          const from = d.toISOString().slice(0, 10);
          const to = addMonths(from, n);
          expect(to > from).toBe(true);
          const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
          expect(days).toBeLessThanOrEqual(n * 31);
          expect(days).toBeGreaterThanOrEqual(n * 28 - 3);
        },
      ),
    );
  });

  it("flags an open campaign past its due date and a missed quarterly campaign", () => {
    expect(isOverdue({ status: "open", dueDate: "2026-06-30" }, "2026-07-01")).toBe(true);
    expect(isOverdue({ status: "open", dueDate: "2026-06-30" }, "2026-06-30")).toBe(false);
    expect(isOverdue({ status: "signed_off", dueDate: "2026-06-30" }, "2026-12-01")).toBe(false);
    const q2 = {
      id: "q2",
      name: "Q2",
      status: "signed_off" as const,
      dueDate: "2026-06-30",
      schedule: "quarterly" as const,
    };
    expect(scheduleState([q2], "2026-09-30")).toEqual({
      nextDue: "2026-09-30",
      missed: false,
      basedOn: "q2",
    });
    expect(scheduleState([q2], "2026-10-01").missed).toBe(true);
    const q3 = { ...q2, id: "q3", status: "open" as const, dueDate: "2026-09-30" };
    expect(scheduleState([q2, q3], "2026-10-05")).toEqual({
      nextDue: "2026-12-30",
      missed: false,
      basedOn: "q3",
    });
    expect(scheduleState([], "2026-10-05")).toEqual({ nextDue: null, missed: false, basedOn: null });
  });
});

describe("routing", () => {
  const reviewers = new Map([
    ["devops@paysetu.example", "u-devops"],
    ["compliance@paysetu.example", "u-admin"],
  ]);
  const base = {
    ownerUserId: "u-devops",
    ownerEmail: "devops@paysetu.example",
    reviewersByEmail: reviewers,
    fallbackUserId: "u-admin",
  };

  it("routes to the manager when the manager is an organization reviewer", () => {
    expect(
      routeEntry({ ...base, accountEmail: "a@paysetu.example", managerEmail: "Compliance@Paysetu.example " }),
    ).toEqual({ reviewerUserId: "u-admin", routedTo: "manager" });
  });

  it("routes to the system owner when the manager is unknown or absent", () => {
    expect(routeEntry({ ...base, accountEmail: "a@x", managerEmail: "someone@else" })).toEqual({
      reviewerUserId: "u-devops",
      routedTo: "owner",
    });
    expect(routeEntry({ ...base, accountEmail: null, managerEmail: null }).routedTo).toBe("owner");
  });

  it("never routes an account to its own holder", () => {
    expect(
      routeEntry({ ...base, accountEmail: "devops@paysetu.example", managerEmail: "devops@paysetu.example" }),
    ).toEqual({ reviewerUserId: "u-admin", routedTo: "fallback" });
    expect(
      routeEntry({
        ...base,
        accountEmail: "compliance@paysetu.example",
        managerEmail: "compliance@paysetu.example",
      }),
    ).toEqual({ reviewerUserId: "u-devops", routedTo: "owner" });
  });
});

describe("decisions", () => {
  it("needs a reason for change and revoke, and new access for change", () => {
    expect(decisionProblem({ decision: "keep" })).toBeNull();
    expect(decisionProblem({ decision: "revoke" })).toMatch(/needs a reason/);
    expect(decisionProblem({ decision: "revoke", reason: "  " })).toMatch(/needs a reason/);
    expect(decisionProblem({ decision: "revoke", reason: "Left the company" })).toBeNull();
    expect(decisionProblem({ decision: "change", reason: "Moved to support" })).toMatch(/new entitlement/);
    expect(
      decisionProblem({ decision: "change", reason: "Moved", newEntitlements: ["read-only"] }),
    ).toBeNull();
    expect(decisionProblem({ decision: "keep", newEntitlements: ["admin"] })).toMatch(/only to a change/);
  });
});

describe("progress and sign-off", () => {
  const e = (systemId: string, reviewerUserId: string, decision: EntryFacts["decision"]): EntryFacts => ({
    systemId,
    reviewerUserId,
    decision,
  });
  const entries = [
    e("aws", "r1", "keep"),
    e("aws", "r1", null),
    e("gh", "r2", "revoke"),
    e("gh", "r1", "change"),
  ];

  it("counts decided entries per campaign, system and reviewer, rounding down", () => {
    expect(progressOf(entries)).toEqual({
      total: 4,
      decided: 3,
      percent: 75,
      kept: 1,
      changed: 1,
      revoked: 1,
    });
    expect(progressOf([e("a", "r", "keep"), e("a", "r", "keep"), e("a", "r", null)]).percent).toBe(66);
    expect(progressOf([]).percent).toBe(0);
    expect(progressBy(entries, (x) => x.systemId).map((g) => [g.key, g.progress.percent])).toEqual([
      ["aws", 50],
      ["gh", 100],
    ]);
    expect(progressBy(entries, (x) => x.reviewerUserId).map((g) => [g.key, g.progress.decided])).toEqual([
      ["r1", 2],
      ["r2", 1],
    ]);
  });

  it("blocks sign-off until every entry is decided and every revocation task is closed", () => {
    expect(signOffBlockers("open", entries, [{ status: "open" }])).toEqual([
      "1 of 4 entries still need a decision.",
      "1 revocation task is still open.",
    ]);
    const done = entries.map((x) => ({ ...x, decision: x.decision ?? "keep" }));
    expect(signOffBlockers("completed", done, [{ status: "closed" }, { status: "cancelled" }])).toEqual([]);
    expect(isComplete(done, [{ status: "closed" }])).toBe(true);
    expect(isComplete(done, [{ status: "open" }])).toBe(false);
    expect(isComplete([], [])).toBe(false);
    expect(signOffBlockers("draft", done, [])).toEqual(["The campaign has not been launched yet."]);
    expect(signOffBlockers("signed_off", done, [])).toEqual(["The campaign is already signed off."]);
    expect(signOffBlockers("open", [], [])).toEqual(["The campaign has no accounts to review."]);
  });
});

describe("the result document", () => {
  it("hashes the same content the same way whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: "x" }], z: undefined })).toBe(
      '{"a":[{"c":"x","d":null}],"b":1}',
    );
    const one = hashResult({ a: 1, b: "two" });
    const two = hashResult({ b: "two", a: 1 });
    expect(one.sha256).toBe(two.sha256);
    expect(one.sha256).toBe(createHash("sha256").update(one.bytes).digest("hex"));
    expect(hashResult({ a: 2, b: "two" }).sha256).not.toBe(one.sha256);
  });
});
