/**
 * The annual risk assessment on both databases: start once per year, fraud (CC3.3) and significant
 * changes (CC3.4) required before approval, approval by an organization admin only, the snapshot
 * frozen (hash, exact bytes, generated evidence linked to the CC3 controls), no change afterwards,
 * and the trend between two approved assessments.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { findUserByEmail } from "../../src/db/repositories/users.js";
import {
  createTestApp,
  type Session,
  seedTenant,
  signIn,
  type TestApp,
  type TestTenant,
} from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";
import { expectError, type Json } from "../support/http.js";
import { riskBody } from "./risks-support.js";

describeEachDatabase("risk assessments", (target) => {
  let t: TestApp;
  let tenant: TestTenant;
  let admin: Session;
  let owner: Session;
  let employee: Session;
  let manager: Session;
  let outsider: Session;
  let ownerId: string;
  const list = () => `/api/organizations/${tenant.orgId}/risk-assessments`;

  beforeAll(async () => {
    t = await createTestApp(target);
    tenant = await seedTenant(t, "rska");
    const other = await seedTenant(t, "rskb");
    admin = await signIn(t.app, tenant.users.org_admin);
    owner = await signIn(t.app, tenant.users.control_owner);
    employee = await signIn(t.app, tenant.users.employee);
    manager = await signIn(t.app, tenant.users.engagement_manager);
    outsider = await signIn(t.app, other.users.org_admin);
    ownerId = (await findUserByEmail(t.context.deps.db, tenant.users.control_owner.email))!.id;
    const adopt = await admin.request("POST", `/api/organizations/${tenant.orgId}/controls/adopt`, {
      libraryIds: ["RSK-01", "RSK-02", "RSK-03", "RSK-05"],
    });
    expect(adopt.status).toBe(200);
  });
  afterAll(async () => t?.close());

  const addRisk = async (extra: Record<string, unknown>) => {
    const res = await owner.request(
      "POST",
      `/api/organizations/${tenant.orgId}/risks`,
      riskBody(ownerId, extra),
    );
    expect(res.status).toBe(201);
    return res.json().risk.id as string;
  };

  it("approves an assessment into an immutable, hashed snapshot stored as evidence for CC3", async () => {
    const outage = await addRisk({ title: "AWS Mumbai region failure", category: "technology" });
    const fraud = await addRisk({
      title: "Merchant KYC fraud",
      category: "fraud",
      likelihood: 5,
      impact: 5,
      residualLikelihood: 3,
      residualImpact: 4,
    });
    const started = await owner.request("POST", list(), {
      year: 2025,
      scopeNote: "Payment gateway and UPI switch",
    });
    expect(started.status).toBe(201);
    const a = started.json().assessment;
    expect(a).toMatchObject({ year: 2025, status: "draft", fraudConsideration: null });
    expect(started.json().approvalProblems.map((p: Json) => p.field)).toEqual([
      "fraudConsideration",
      "significantChanges",
    ]);
    expectError(await owner.request("POST", list(), { year: 2025 }), 409, "CONFLICT");
    expectError(await admin.request("POST", `/api/risk-assessments/${a.id}/approve`), 400, "VALIDATION");
    const recorded = await owner.request("PATCH", `/api/risk-assessments/${a.id}`, {
      fraudConsideration:
        "Merchant onboarding fraud, refund abuse and insider misuse of settlement files were assessed.",
      significantChanges: ["Launched UPI AutoPay mandates", "Moved card vault to ap-south-2"],
    });
    expect(recorded.status).toBe(200);
    expect(recorded.json().approvalProblems).toEqual([]);
    expectError(await owner.request("POST", `/api/risk-assessments/${a.id}/approve`), 403, "FORBIDDEN");
    expectError(await manager.request("POST", `/api/risk-assessments/${a.id}/approve`), 403, "FORBIDDEN");
    expectError(await employee.request("GET", `/api/risk-assessments/${a.id}`), 403, "FORBIDDEN");
    expectError(await outsider.request("GET", `/api/risk-assessments/${a.id}`), 404, "NOT_FOUND");
    expectError(await outsider.request("POST", `/api/risk-assessments/${a.id}/approve`), 404, "NOT_FOUND");

    const approved = await admin.request("POST", `/api/risk-assessments/${a.id}/approve`);
    expect(approved.status).toBe(200);
    const body = approved.json();
    expect(body.assessment).toMatchObject({ status: "approved", approvedBy: { name: expect.any(String) } });
    expect(body.snapshot.risks.map((r: Json) => r.id).sort()).toEqual([outage, fraud].sort());
    expect(body.snapshot.assessment.significantChanges).toHaveLength(2);
    expect(body.snapshot.summary).toMatchObject({ openRisks: 2, fraudRisks: 1 });

    // The stored bytes hash to the recorded SHA-256, and the evidence item holds the same file.
    const bytes = await t.app.inject({
      method: "GET",
      url: `/api/risk-assessments/${a.id}/snapshot`,
      headers: { cookie: manager.cookie },
    });
    expect(bytes.statusCode).toBe(200);
    const sha = createHash("sha256").update(bytes.body).digest("hex");
    expect(sha).toBe(body.assessment.snapshotSha256);
    const evidence = await manager.request("GET", `/api/evidence/${body.assessment.evidenceId}`);
    expect(evidence.status).toBe(200);
    const item = evidence.json().item ?? evidence.json();
    expect(item).toMatchObject({ source: "generated", sha256: sha, mediaType: "application/json" });
    const codes = item.controls.map((c: Json) => c.code);
    expect(codes).toEqual(expect.arrayContaining(["RSK-01", "RSK-03"]));
    // A mitigated technology risk makes it evidence for CC9.1 as well (RSK-05 serves CC9.1).
    expect(codes).toContain("RSK-05");

    // Approved means frozen.
    const edit = await owner.request("PATCH", `/api/risk-assessments/${a.id}`, { scopeNote: "changed" });
    expect(expectError(edit, 409, "CONFLICT").message).toMatch(/was approved on .* cannot change/);
    expectError(await admin.request("POST", `/api/risk-assessments/${a.id}/approve`), 409, "CONFLICT");
    await owner.request("PATCH", `/api/risks/${fraud}`, { title: "Merchant KYC and mule-account fraud" });
    const again = (await manager.request("GET", `/api/risk-assessments/${a.id}`)).json();
    expect(again.snapshot.risks.find((r: Json) => r.id === fraud).title).toBe("Merchant KYC fraud");
    expect(again.permissions).toEqual({ canEdit: false, canApprove: false });
  });

  it("shows the trend and movements between approved assessments", async () => {
    const before = (await owner.request("GET", list())).json();
    expect(before.trend).toHaveLength(1);
    const [first] = (await owner.request("GET", `/api/organizations/${tenant.orgId}/risks`)).json()
      .risks as Json[];
    const second = (await owner.request("GET", `/api/organizations/${tenant.orgId}/risks`)).json().risks[1];
    await owner.request("PATCH", `/api/risks/${first.id}`, { residualLikelihood: 1, residualImpact: 1 });
    await owner.request("PATCH", `/api/risks/${second.id}`, { status: "closed" });
    const added = await addRisk({ title: "DPDP consent records incomplete", category: "privacy" });
    const drift = (await owner.request("GET", list())).json().sinceLastApproved;
    expect(drift).toMatchObject({ year: 2025, counts: { new: 1, closed: 1, down: 1, up: 0 } });

    const next = (await owner.request("POST", list(), { year: 2026 })).json().assessment;
    await owner.request("PATCH", `/api/risk-assessments/${next.id}`, {
      fraudConsideration: "Reviewed fraud scenarios again after the mule-account typology alert from NPCI.",
      noSignificantChanges: true,
    });
    expect((await admin.request("POST", `/api/risk-assessments/${next.id}/approve`)).status).toBe(200);
    const after = (await manager.request("GET", list())).json();
    expect(after.assessments.map((x: Json) => [x.year, x.status])).toEqual([
      [2026, "approved"],
      [2025, "approved"],
    ]);
    expect(after.trend.map((p: Json) => p.label)).toEqual(["2025", "2026"]);
    const step = after.trend[1].step;
    expect(step.counts).toEqual({ new: 1, closed: 1, up: 0, down: 1 });
    expect(step.movements.find((m: Json) => m.kind === "new").id).toBe(added);
    expect(after.permissions).toEqual({ canStart: false, canApprove: false });
    expectError(await manager.request("POST", list(), { year: 2027 }), 403, "FORBIDDEN");
    expectError(await outsider.request("GET", list()), 404, "NOT_FOUND");
  });

  it("refuses to approve without an explicit statement on significant changes", async () => {
    const draft = (await owner.request("POST", list(), { year: 2024 })).json().assessment;
    const both = await owner.request("PATCH", `/api/risk-assessments/${draft.id}`, {
      fraudConsideration: "Fraud scenarios for merchant onboarding were considered in full.",
      significantChanges: ["New acquiring bank"],
      noSignificantChanges: true,
    });
    expect(both.json().approvalProblems.map((p: Json) => p.field)).toEqual(["significantChanges"]);
    const refused = await admin.request("POST", `/api/risk-assessments/${draft.id}/approve`);
    expect(expectError(refused, 400, "VALIDATION").message).toMatch(/not both/);
  });
});
