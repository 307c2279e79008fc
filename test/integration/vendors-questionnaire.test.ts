/**
 * The vendor questionnaire by link: the organization creates a link (the token shown once, stored
 * hashed), the vendor opens and submits it without an account (once; incomplete answers refused;
 * oversized bodies refused), unknown, revoked and expired links answer 404 alike, the owner sees a
 * scoring task, and scoring stores the answers with both scores as generated evidence.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { QUESTIONS } from "../../src/core/vendor-questionnaire.js";
import { signIn } from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";
import { expectError, type Json } from "../support/http.js";
import { type VendorWorld, vendorWorld } from "./vendors-support.js";

describeEachDatabase("vendor questionnaires", (target) => {
  let w: VendorWorld;
  let vendorId: string;

  beforeAll(async () => {
    w = await vendorWorld(target);
    const res = await w.s.admin.request("POST", `/api/organizations/${w.tenant.orgId}/vendors`, {
      name: "Karza KYC",
      service: "Video KYC and PAN verification",
      tier: 2,
      personalData: true,
      ownerUserId: w.ids.owner,
    });
    expect(res.status).toBe(201);
    vendorId = res.json().vendor.id;
  });
  afterAll(async () => {
    await w?.t.close();
  });

  /** An anonymous call, as the vendor's browser makes it. */
  const anon = async (method: "GET" | "POST", token: string, body?: unknown, ip = "203.0.113.9") => {
    const res = await w.t.app.inject({
      method,
      url: `/api/public/vendor-questionnaires/${encodeURIComponent(token)}`,
      remoteAddress: ip,
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });
    return { status: res.statusCode, json: () => res.json() as Json };
  };

  const answers = (over: Record<string, string> = {}) =>
    QUESTIONS.map((q) => ({
      questionId: q.id,
      answer: over[q.id] ?? "yes",
      comment: over[q.id] && over[q.id] !== "yes" ? "Planned for Q1 2027." : "",
    }));

  const newLink = async (body: Record<string, unknown> = {}) => {
    const res = await w.s.owner.request("POST", `/api/vendors/${vendorId}/questionnaires`, body);
    expect(res.status, JSON.stringify(res.json())).toBe(201);
    return res.json() as { token: string; path: string; questionnaire: Json };
  };

  it("creates a link whose token is stored only as a hash", async () => {
    const link = await newLink({ recipientEmail: "security@karza.example" });
    expect(link.path).toBe(`/q/${link.token}`);
    expect(link.token.length).toBeGreaterThanOrEqual(40);
    expect(link.questionnaire).toMatchObject({ status: "sent", expiresAt: "2026-12-11T10:30:00.000Z" });
    const stored = await w.t.context.deps.db
      .selectFrom("vendor_questionnaires")
      .select("token_hash")
      .where("id", "=", link.questionnaire.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(link.token);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expectError(
      await w.s.staff.request("POST", `/api/vendors/${vendorId}/questionnaires`, {}),
      403,
      "FORBIDDEN",
    );
    expectError(
      await w.s.otherAdmin.request("POST", `/api/vendors/${vendorId}/questionnaires`, {}),
      404,
      "NOT_FOUND",
    );
  });

  it("lets the vendor answer once without an account, and the owner score it into evidence", async () => {
    const link = await newLink();
    const opened = await anon("GET", link.token);
    expect(opened.status).toBe(200);
    expect(opened.json()).toMatchObject({ vendor: "Karza KYC", status: "open" });
    expect(opened.json().organization).toMatch(/^Client /);
    expect(opened.json().questions).toHaveLength(15);

    const incomplete = await anon("POST", link.token, {
      respondentName: "Farah Khan",
      respondentEmail: "farah@karza.example",
      answers: answers().slice(2),
    });
    expect(expectError(incomplete, 400, "VALIDATION").message).toMatch(/gov-1: not answered/);
    const unexplained = await anon("POST", link.token, {
      respondentName: "Farah Khan",
      respondentEmail: "farah@karza.example",
      answers: answers({ "acc-1": "no" }).map((a) => ({ ...a, comment: "" })),
    });
    expect(expectError(unexplained, 400, "VALIDATION").message).toMatch(/acc-1: explain/);
    const huge = await anon("POST", link.token, {
      respondentName: "Farah Khan",
      respondentEmail: "farah@karza.example",
      answers: answers().map((a) => ({ ...a, comment: "x".repeat(5000) })),
    });
    expect(huge.status).toBe(413);

    const body = {
      respondentName: "Farah Khan",
      respondentEmail: "Farah@Karza.example",
      answers: answers({ "ops-1": "partial", "sub-1": "na" }),
    };
    const submitted = await anon("POST", link.token, body);
    expect(submitted.status, JSON.stringify(submitted.json())).toBe(201);
    expectError(await anon("POST", link.token, body), 409, "CONFLICT");
    expect((await anon("GET", link.token)).json()).toMatchObject({ status: "submitted", questions: [] });

    const tasks = (
      await w.s.owner.request("GET", `/api/organizations/${w.tenant.orgId}/vendors/my-tasks`)
    ).json().tasks;
    expect(tasks.map((x: Json) => x.kind)).toContain("score_questionnaire");

    const id = link.questionnaire.id;
    const shown = (await w.s.staff.request("GET", `/api/vendor-questionnaires/${id}`)).json();
    // 31 applicable weight; ops-1 (2) partial loses 1 → 30/31 = 96.8 %.
    expect(shown.questionnaire).toMatchObject({
      status: "submitted",
      computedScore: 97,
      respondent: { name: "Farah Khan", email: "farah@karza.example" },
    });
    expect(shown.questionnaire.answers[0]).toMatchObject({ questionId: "gov-1", answer: "yes", weight: 3 });

    const score = { reviewerScore: 90, rating: "low", note: "Vulnerability SLA gap accepted until Q1 2027." };
    expectError(
      await w.s.staff.request("POST", `/api/vendor-questionnaires/${id}/score`, score),
      403,
      "FORBIDDEN",
    );
    expectError(
      await w.s.otherAdmin.request("POST", `/api/vendor-questionnaires/${id}/score`, score),
      404,
      "NOT_FOUND",
    );
    const scored = await w.s.owner.request("POST", `/api/vendor-questionnaires/${id}/score`, score);
    expect(scored.status, JSON.stringify(scored.json())).toBe(200);
    expect(scored.json().questionnaire).toMatchObject({
      status: "scored",
      reviewerScore: 90,
      reviewerRating: "low",
    });
    expectError(
      await w.s.owner.request("POST", `/api/vendor-questionnaires/${id}/score`, score),
      409,
      "CONFLICT",
    );

    const evidenceId = scored.json().questionnaire.evidenceId;
    const file = await w.t.app.inject({
      method: "GET",
      url: `/api/evidence/${evidenceId}/download`,
      headers: { cookie: w.s.staff.cookie },
    });
    expect(file.statusCode).toBe(200);
    const doc = JSON.parse(file.body);
    expect(doc).toMatchObject({
      kind: "vendor-questionnaire",
      vendor: { name: "Karza KYC" },
      computed: { score: 97, rating: "low" },
      reviewer: { score: 90, rating: "low" },
    });
    expect(doc.answers).toHaveLength(15);
    const history = (await w.s.admin.request("GET", `/api/vendors/${vendorId}`)).json().history;
    expect(history.map((h: Json) => h.action).slice(0, 3)).toEqual([
      "vendor.questionnaire_scored",
      "vendor.questionnaire_submitted",
      "vendor.questionnaire_sent",
    ]);
    expect(history[1].actor).toMatch(/^public/);
  });

  it("answers unknown, revoked and expired links with 404", async () => {
    expectError(await anon("GET", "not-a-token"), 404, "NOT_FOUND");
    expectError(
      await anon("POST", "not-a-token", {
        respondentName: "a",
        respondentEmail: "a@b.example",
        answers: answers(),
      }),
      404,
      "NOT_FOUND",
    );

    const revoked = await newLink();
    const r = await w.s.admin.request(
      "POST",
      `/api/vendor-questionnaires/${revoked.questionnaire.id}/revoke`,
    );
    expect(r.status).toBe(200);
    expectError(await anon("GET", revoked.token), 404, "NOT_FOUND");

    const expiring = await newLink({ expiresInDays: 1 });
    expect((await anon("GET", expiring.token)).status).toBe(200);
    w.clock.now += 25 * 3_600_000;
    try {
      expectError(await anon("GET", expiring.token), 404, "NOT_FOUND");
      expectError(
        await anon("POST", expiring.token, {
          respondentName: "Late",
          respondentEmail: "late@karza.example",
          answers: answers(),
        }),
        404,
        "NOT_FOUND",
      );
      // Sessions idle out over a day; sign in again on the later clock.
      const owner = await signIn(w.t.app, w.tenant.users.control_owner);
      const view = (
        await owner.request("GET", `/api/vendor-questionnaires/${expiring.questionnaire.id}`)
      ).json();
      expect(view.questionnaire.status).toBe("expired");
    } finally {
      w.clock.now -= 25 * 3_600_000;
    }
  });

  it("rate-limits an address that keeps trying links", async () => {
    let last = 0;
    for (let i = 0; i < 125; i += 1)
      last = (await anon("GET", `guess-${i}`, undefined, "198.51.100.7")).status;
    expect(last).toBe(429);
    expect((await anon("GET", "guess-x", undefined, "198.51.100.8")).status).toBe(404);
  });
});
