import { afterAll, beforeAll, expect, it } from "vitest";
import { CONTROL_LIBRARY } from "../../src/catalog/control-library.js";
import {
  createTestApp,
  type Session,
  seedTenant,
  signIn,
  type TestApp,
  type TestTenant,
} from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";

describeEachDatabase("the organization's controls and the system description", (target) => {
  let t: TestApp;
  let tenant: TestTenant;
  let admin: Session;
  let manager: Session;
  let engagementId: string;
  beforeAll(async () => {
    t = await createTestApp(target);
    tenant = await seedTenant(t);
    admin = await signIn(t.app, tenant.users.org_admin);
    manager = await signIn(t.app, tenant.users.engagement_manager);
    const created = await manager.request("POST", `/api/organizations/${tenant.orgId}/engagements`, {
      name: "Controls engagement",
      type: "type2",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
      categories: ["CC", "A"],
    });
    engagementId = created.json().id;
  });
  afterAll(async () => t?.close());

  it("lists the library and filters it by category", async () => {
    const all = await admin.request("GET", "/api/control-library");
    expect(all.json().controls).toHaveLength(CONTROL_LIBRARY.length);
    const a = await admin.request("GET", "/api/control-library?category=A");
    const ids = (a.json().controls as { criteria: string[] }[]).flatMap((c) => c.criteria);
    expect(ids.some((id) => id.startsWith("A1."))).toBe(true);
    expect((await admin.request("GET", "/api/control-library?category=ZZ")).status).toBe(400);
  });

  it("shows every criterion in scope as uncovered before any control is adopted", async () => {
    const res = await manager.request(
      "GET",
      `/api/organizations/${tenant.orgId}/coverage?engagementId=${engagementId}`,
    );
    expect(res.status).toBe(200);
    expect(res.json().categories).toEqual(["CC", "A"]);
    expect(res.json().uncovered).toHaveLength(36);
  });

  it("lets only the organization's admin adopt controls; adopting for the scope covers every criterion", async () => {
    const refused = await manager.request("POST", `/api/organizations/${tenant.orgId}/controls/adopt`, {
      engagementId,
    });
    expect(refused.status).toBe(403);
    expect(refused.json().error.message).toMatch(/Management owns its controls/);
    const adopted = await admin.request("POST", `/api/organizations/${tenant.orgId}/controls/adopt`, {
      engagementId,
    });
    expect(adopted.status).toBe(200);
    expect(adopted.json().adopted).toBeGreaterThan(40);
    const again = await admin.request("POST", `/api/organizations/${tenant.orgId}/controls/adopt`, {
      engagementId,
    });
    expect(again.json()).toMatchObject({ adopted: 0 });
    const coverage = await admin.request(
      "GET",
      `/api/organizations/${tenant.orgId}/coverage?engagementId=${engagementId}`,
    );
    expect(coverage.json().uncovered).toEqual([]);
  });

  it("adds the organization's own control with a generated code and validates criteria and owner", async () => {
    const bad = await admin.request("POST", `/api/organizations/${tenant.orgId}/controls`, {
      title: "x",
      description: "y",
      domain: "identity",
      criteria: ["CC9.9"],
      frequency: "monthly",
      automation: "manual",
    });
    expect(bad.status).toBe(400);
    const created = await admin.request("POST", `/api/organizations/${tenant.orgId}/controls`, {
      title: "Payment switch key ceremony",
      description:
        "Keys for the UPI switch are generated in a witnessed ceremony and split between two custodians.",
      domain: "encryption",
      criteria: ["CC6.1", "CC6.7"],
      frequency: "annual",
      automation: "manual",
      evidence: ["Signed ceremony minutes"],
    });
    expect(created.status).toBe(201);
    expect(created.json().code).toBe("ORG-01");
    const session = await admin.request("GET", "/api/auth/session");
    const outsider = await admin.request("PATCH", `/api/controls/${created.json().id}`, {
      ownerUserId: "not-a-member",
    });
    expect(outsider.status).toBe(400);
    const owner = await admin.request("GET", `/api/organizations/${tenant.orgId}`);
    const controlOwner = (owner.json().members as { userId: string; role: string }[]).find(
      (m) => m.role === "control_owner",
    )!;
    const assigned = await admin.request("PATCH", `/api/controls/${created.json().id}`, {
      ownerUserId: controlOwner.userId,
    });
    expect(assigned.json().ownerName).toContain("control_owner");
    expect(session.status).toBe(200);
  });

  it("lets a control's owner update only its status, and the firm read but not change", async () => {
    const list = await admin.request("GET", `/api/organizations/${tenant.orgId}/controls`);
    const own = (list.json().controls as { id: string; code: string }[]).find((c) => c.code === "ORG-01")!;
    const owner = await signIn(t.app, tenant.users.control_owner);
    expect((await owner.request("PATCH", `/api/controls/${own.id}`, { status: "implemented" })).status).toBe(
      200,
    );
    expect((await owner.request("PATCH", `/api/controls/${own.id}`, { title: "Renamed" })).status).toBe(403);
    expect((await manager.request("GET", `/api/controls/${own.id}`)).json().status).toBe("implemented");
    const firmEdit = await manager.request("PATCH", `/api/controls/${own.id}`, { status: "not_started" });
    expect(firmEdit.status).toBe(403);
    const events = await admin.request(
      "GET",
      `/api/organizations/${tenant.orgId}/audit-events?action=control.`,
    );
    expect((events.json().events as { action: string }[]).map((e) => e.action)).toContain("control.updated");
  });

  it("edits the system description with a completeness check and refuses stale saves", async () => {
    const first = await manager.request("GET", `/api/engagements/${engagementId}/system-description`);
    expect(first.status).toBe(200);
    expect(first.json().completeness.complete).toBe(false);
    expect(first.json().canEdit).toBe(false);
    const sections = new Set(
      (first.json().completeness.missing as { section: string }[]).map((m) => m.section),
    );
    expect([...sections]).toEqual(expect.arrayContaining(["DC1", "DC2", "DC3", "DC4", "DC6", "DC9"]));
    const text = (what: string) => `${what} `.repeat(20).trim();
    const byFirm = await manager.request("PUT", `/api/engagements/${engagementId}/system-description`, {
      revision: 0,
      content: { services: text("payments") },
    });
    expect(byFirm.status).toBe(403);
    const saved = await admin.request("PUT", `/api/engagements/${engagementId}/system-description`, {
      revision: 0,
      content: {
        services: text("payments"),
        commitments: text("uptime"),
        requirements: text("controls"),
        components: {
          infrastructure: text("aws"),
          software: text("services"),
          people: text("teams"),
          procedures: text("runbooks"),
          data: text("records"),
        },
        boundaries: text("boundary"),
        noIncidents: true,
        noCuecs: true,
        noChanges: true,
      },
    });
    expect(saved.status).toBe(200);
    expect(saved.json().revision).toBe(1);
    expect(saved.json().completeness).toEqual({ complete: true, missing: [] });
    const stale = await admin.request("PUT", `/api/engagements/${engagementId}/system-description`, {
      revision: 0,
      content: { services: text("other") },
    });
    expect(stale.status).toBe(409);
    const engagement = await manager.request("GET", `/api/engagements/${engagementId}`);
    expect(engagement.status).toBe(200);
  });

  it("hides another tenant's controls and description", async () => {
    const other = await seedTenant(t, "other");
    const outsider = await signIn(t.app, other.users.org_admin);
    const list = await admin.request("GET", `/api/organizations/${tenant.orgId}/controls`);
    const id = (list.json().controls as { id: string }[])[0]!.id;
    expect((await outsider.request("GET", `/api/controls/${id}`)).status).toBe(404);
    expect((await outsider.request("GET", `/api/organizations/${tenant.orgId}/controls`)).status).toBe(404);
    expect(
      (await outsider.request("GET", `/api/engagements/${engagementId}/system-description`)).status,
    ).toBe(404);
  });
});
