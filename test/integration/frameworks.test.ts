/**
 * Framework mappings through the API: the list and one framework, an organization's coverage of a
 * framework from its controls (covered / partial / not covered, the gaps, the engagement's scope),
 * what else a control satisfies, who may read it, and tenant isolation.
 */
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
import { expectError, type Json } from "../support/http.js";

describeEachDatabase("framework mappings and coverage", (target) => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let admin: Session;
  let employee: Session;
  let partner: Session;
  let outsider: Session;
  let ccEngagement: string;
  let privacyEngagement: string;
  let encryptionControl: string;

  const coverage = async (session: Session, framework: string, engagementId?: string): Promise<Json> => {
    const query = `framework=${framework}${engagementId ? `&engagementId=${engagementId}` : ""}`;
    const res = await session.request(
      "GET",
      `/api/organizations/${tenant.orgId}/framework-coverage?${query}`,
    );
    expect(res.status).toBe(200);
    return res.json();
  };
  const addControl = async (code: string, criteria: string[], status: string): Promise<string> => {
    const res = await admin.request("POST", `/api/organizations/${tenant.orgId}/controls`, {
      code,
      title: `Control ${code}`,
      description: "A control written for the framework coverage test.",
      domain: "encryption",
      criteria,
      frequency: "quarterly",
      automation: "manual",
    });
    expect(res.status).toBe(201);
    const id = res.json().id as string;
    expect((await admin.request("PATCH", `/api/controls/${id}`, { status })).status).toBe(200);
    return id;
  };
  const engagement = async (name: string, categories: string[]): Promise<string> => {
    const manager = await signIn(t.app, tenant.users.engagement_manager);
    const res = await manager.request("POST", `/api/organizations/${tenant.orgId}/engagements`, {
      name,
      type: "type2",
      periodStart: "2026-04-01",
      periodEnd: "2027-03-31",
      categories,
    });
    expect(res.status).toBe(201);
    return res.json().id;
  };

  beforeAll(async () => {
    t = await createTestApp(target);
    tenant = await seedTenant(t);
    other = await seedTenant(t, "other");
    admin = await signIn(t.app, tenant.users.org_admin);
    employee = await signIn(t.app, tenant.users.employee);
    partner = await signIn(t.app, tenant.users.partner);
    outsider = await signIn(t.app, other.users.org_admin);
    privacyEngagement = await engagement("Privacy engagement", ["P"]);
    ccEngagement = await engagement("Security engagement", ["CC"]);
  });
  afterAll(async () => t?.close());

  it("lists the shipped frameworks with counts and serves one with its mappings", async () => {
    const list = (await admin.request("GET", "/api/frameworks")).json().frameworks as Json[];
    expect(list.map((f) => f.id)).toEqual(
      expect.arrayContaining(["gdpr", "hipaa-security", "dpdp-2023", "iso27001-2022"]),
    );
    const gdpr = list.find((f) => f.id === "gdpr");
    expect(gdpr.requirements).toBeGreaterThanOrEqual(40);
    expect(gdpr.mappings).toBeGreaterThan(gdpr.requirements);
    const hipaa = (await admin.request("GET", "/api/frameworks/hipaa-security")).json();
    const ids = hipaa.requirementList.map((r: Json) => r.id);
    expect(ids).toContain("164.308(a)(1)(ii)(A)");
    expect(ids).toContain("164.312(e)(1)");
    const transmission = hipaa.mappingList.filter((m: Json) => m.requirementId === "164.312(e)(1)");
    expect(transmission).toEqual([
      expect.objectContaining({ criterionId: "CC6.7", relationship: "subset-of" }),
    ]);
    expect(hipaa.criteriaTitles["CC6.7"]).toMatch(/transit/i);
    expectError(await admin.request("GET", "/api/frameworks/nist-csf"), 404, "NOT_FOUND");
  });

  it("an organization without controls covers nothing and every mapped requirement is a gap", async () => {
    const r = await coverage(admin, "gdpr", privacyEngagement);
    expect(r.controls).toBe(0);
    expect(r.summary).toMatchObject({ covered: 0, partial: 0, percent: 0 });
    expect(r.summary.notCovered).toBe(r.summary.requirements - r.summary.notMapped);
    expect(r.gaps).toHaveLength(r.summary.notCovered);
  });

  it("coverage follows the controls' criteria and status, and lists what each gap needs", async () => {
    encryptionControl = await addControl("ENC-90", ["CC6.1", "CC6.7"], "implemented");
    await addControl("PRV-90", ["P6.6"], "in_progress");
    await addControl("PRV-91", ["P6.3"], "not_applicable");
    const r = await coverage(admin, "gdpr", privacyEngagement);
    expect(r.controls).toBe(2);
    const row = (id: string) => r.requirements.find((q: Json) => q.requirementId === id);
    expect(row("GDPR-Art32(1)(a)").coverage).toBe("covered");
    expect(row("GDPR-Art32(1)(a)").criteria[0].controls).toEqual(["ENC-90"]);
    // Only an unfinished control serves the breach notice to people.
    expect(row("GDPR-Art34").coverage).toBe("partial");
    expect(row("GDPR-Art16").coverage).toBe("not_covered");
    const breachGap = r.gaps.find((g: Json) => g.requirementId === "GDPR-Art33");
    expect(breachGap.coverage).toBe("partial");
    expect(breachGap.needs).toEqual(
      expect.arrayContaining([
        { criterionId: "P6.6", state: "in_progress" },
        // The not-applicable control serves nothing.
        { criterionId: "P6.3", state: "missing" },
        { criterionId: "CC7.4", state: "missing" },
      ]),
    );
    expect(r.summary.covered).toBeGreaterThanOrEqual(1);
    expect(r.summary.percent).toBeGreaterThan(0);
    const hipaa = await coverage(admin, "hipaa-security", privacyEngagement);
    expect(hipaa.requirements.find((q: Json) => q.requirementId === "164.312(e)(1)").coverage).toBe(
      "covered",
    );
  });

  it("flags mapped criteria outside the engagement's scope", async () => {
    const security = await coverage(admin, "gdpr", ccEngagement);
    expect(security.engagement).toMatchObject({ id: ccEngagement, categories: ["CC"] });
    expect(security.summary.criteriaOutsideScope).toEqual(expect.arrayContaining(["P1.1", "P6.6", "C1.1"]));
    expect(security.summary.criteriaOutsideScope).not.toContain("CC6.1");
    const privacy = await coverage(admin, "gdpr", privacyEngagement);
    expect(privacy.summary.criteriaOutsideScope).not.toContain("P6.6");
    expect(privacy.summary.covered).toBe(security.summary.covered);
  });

  it("shows what else a control satisfies", async () => {
    const res = await admin.request("GET", `/api/controls/${encryptionControl}/frameworks`);
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.code).toBe("ENC-90");
    const gdpr = body.frameworks.find((f: Json) => f.frameworkId === "gdpr");
    const art32 = gdpr.requirements.find((q: Json) => q.requirementId === "GDPR-Art32(1)(a)");
    expect(art32.via.map((v: Json) => v.criterionId).sort()).toEqual(["CC6.1", "CC6.7"]);
    const hipaa = body.frameworks.find((f: Json) => f.frameworkId === "hipaa-security");
    expect(hipaa.requirements.map((q: Json) => q.requirementId)).toContain("164.312(e)(1)");
    expect(body.requirementCount).toBeGreaterThan(gdpr.requirements.length);
  });

  it("the organization's people and its auditing firm read coverage; another tenant gets 404", async () => {
    expect((await coverage(employee, "gdpr")).organization.id).toBe(tenant.orgId);
    expect((await coverage(partner, "hipaa-security")).framework.id).toBe("hipaa-security");
    const base = `/api/organizations/${tenant.orgId}/framework-coverage`;
    expectError(await outsider.request("GET", `${base}?framework=gdpr`), 404, "NOT_FOUND");
    expectError(
      await outsider.request("GET", `/api/controls/${encryptionControl}/frameworks`),
      404,
      "NOT_FOUND",
    );
    // Another organization's engagement is not a scope for this one.
    const foreignManager = await signIn(t.app, other.users.engagement_manager);
    const foreign = (
      await foreignManager.request("POST", `/api/organizations/${other.orgId}/engagements`, {
        name: "Foreign",
        type: "type1",
        periodStart: "2026-04-01",
        periodEnd: "2026-04-01",
        categories: ["CC"],
      })
    ).json().id as string;
    expectError(
      await admin.request("GET", `${base}?framework=gdpr&engagementId=${foreign}`),
      404,
      "NOT_FOUND",
    );
    expectError(await admin.request("GET", `${base}?framework=sox`), 404, "NOT_FOUND");
    expectError(await admin.request("GET", base), 400, "VALIDATION");
    const anonymous = await t.app.inject({ method: "GET", url: `${base}?framework=gdpr` });
    expect(anonymous.statusCode).toBe(401);
  });
});
