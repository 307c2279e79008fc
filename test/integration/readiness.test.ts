import { afterAll, beforeAll, expect, it } from "vitest";
import {
  createTestApp,
  type Session,
  seedTenant,
  signIn,
  type TestApp,
  type TestTenant,
} from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";

interface Readiness {
  overall: number;
  byCategory: { category: string; score: number }[];
  requirements: { id: string; met: boolean; reason: string }[];
  blockers: { kind: string; target: string; message: string }[];
  controls: { total: number; implemented: number; withEvidence: number };
  trend: { day: string; overall: number }[];
}

describeEachDatabase("readiness", (target) => {
  let t: TestApp;
  let tenant: TestTenant;
  let admin: Session;
  let engagementId: string;
  const readiness = async (): Promise<Readiness> => {
    const res = await admin.request(
      "GET",
      `/api/organizations/${tenant.orgId}/readiness?engagementId=${engagementId}`,
    );
    expect(res.status).toBe(200);
    return res.json();
  };
  beforeAll(async () => {
    t = await createTestApp(target);
    tenant = await seedTenant(t);
    admin = await signIn(t.app, tenant.users.org_admin);
    const manager = await signIn(t.app, tenant.users.engagement_manager);
    engagementId = (
      await manager.request("POST", `/api/organizations/${tenant.orgId}/engagements`, {
        name: "Readiness engagement",
        type: "type2",
        periodStart: "2026-01-01",
        periodEnd: "2026-12-31",
        categories: ["CC"],
      })
    ).json().id;
  });
  afterAll(async () => t?.close());

  it("starts at zero with every requirement unmet and blockers listed", async () => {
    const r = await readiness();
    expect(r.overall).toBe(0);
    expect(r.byCategory.map((c) => c.category)).toEqual(["CC"]);
    expect(r.requirements).toHaveLength(12);
    expect(r.requirements.every((q) => !q.met)).toBe(true);
    expect(r.blockers.length).toBeGreaterThan(0);
    expect(r.trend.at(-1)?.overall).toBe(0);
  });

  it("rises as controls are implemented and evidenced, and records one trend point per day", async () => {
    await admin.request("POST", `/api/organizations/${tenant.orgId}/controls/adopt`, { engagementId });
    const controls = (await admin.request("GET", `/api/organizations/${tenant.orgId}/controls`)).json()
      .controls as {
      id: string;
      code: string;
    }[];
    const before = await readiness();
    // Implement every control but give evidence to none: still not ready, because nothing proves them.
    for (const c of controls)
      await admin.request("PATCH", `/api/controls/${c.id}`, { status: "implemented" });
    const implemented = await readiness();
    expect(implemented.controls.implemented).toBe(controls.length);
    expect(implemented.overall).toBe(before.overall);
    // Evidence for the MFA controls meets the MFA requirement.
    const mfa = controls.filter((c) => c.code === "IAM-02" || c.code === "IAM-03");
    expect(mfa).toHaveLength(2);
    const upload = await t.app.inject({
      method: "POST",
      url: `/api/organizations/${tenant.orgId}/evidence?title=${encodeURIComponent("Okta MFA policy export")}&effectiveDate=${new Date().toISOString().slice(0, 10)}&controlIds=${mfa.map((c) => c.id).join(",")}&filename=okta-mfa.json`,
      headers: {
        cookie: admin.cookie,
        "x-csrf-token": admin.csrf,
        "content-type": "application/octet-stream",
      },
      payload: Buffer.from(JSON.stringify({ policy: "MFA required for all users", enforced: true })),
    });
    expect(upload.statusCode).toBe(201);
    const after = await readiness();
    expect(after.overall).toBeGreaterThan(implemented.overall);
    expect(after.requirements.find((q) => q.id === "mfa-privileged")?.met).toBe(true);
    expect(after.controls.withEvidence).toBe(2);
    expect(after.trend.filter((p) => p.day === after.trend.at(-1)?.day)).toHaveLength(1);
  });

  it("is visible to the auditing firm but not to another tenant", async () => {
    const manager = await signIn(t.app, tenant.users.engagement_manager);
    expect((await manager.request("GET", `/api/organizations/${tenant.orgId}/readiness`)).status).toBe(200);
    const other = await seedTenant(t, "other");
    const outsider = await signIn(t.app, other.users.org_admin);
    expect((await outsider.request("GET", `/api/organizations/${tenant.orgId}/readiness`)).status).toBe(404);
  });
});
