/**
 * Independence (DESIGN.md §1): a firm's people never hold a role inside a client the firm audits,
 * and a client's people never join the auditing firm; one person may still belong to unrelated
 * tenants. Partners must have a CPA licence number on record.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  PASSWORD,
  type Session,
  seedTenant,
  signIn,
  type TestApp,
  type TestTenant,
} from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";
import { expectError, type Json } from "../support/http.js";

describeEachDatabase("independence", (target) => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let aFirmAdmin: Session;
  let aManager: Session;
  let aOrgAdmin: Session;
  let bOrgAdmin: Session;
  let bFirmAdmin: Session;

  beforeAll(async () => {
    t = await createTestApp(target);
    a = await seedTenant(t, "a");
    b = await seedTenant(t, "b");
    aFirmAdmin = await signIn(t.app, a.users.firm_admin);
    aManager = await signIn(t.app, a.users.engagement_manager);
    aOrgAdmin = await signIn(t.app, a.users.org_admin);
    bOrgAdmin = await signIn(t.app, b.users.org_admin);
    bFirmAdmin = await signIn(t.app, b.users.firm_admin);
  });
  afterAll(async () => t?.close());

  const memberEmails = async (session: Session, url: string): Promise<string[]> => {
    const res = await session.request("GET", url);
    expect(res.status).toBe(200);
    const body = res.json();
    const members = (body.members ?? []) as Json[];
    return members.map((m) => m.email as string);
  };

  describe("a firm user cannot join a client the firm audits", () => {
    it("when the client's org admin adds them", async () => {
      const res = await aOrgAdmin.request("POST", `/api/organizations/${a.orgId}/members`, {
        email: a.users.partner.email,
        name: "Partner",
        role: "control_owner",
      });
      const error = expectError(res, 409, "INDEPENDENCE");
      expect(error.message).toMatch(/^Independence: /);
      expect(error.message).toMatch(/works for the CPA firm that audits this organization/);
      expect(error.details).toEqual({ firmId: a.firmId });
      expect(await memberEmails(aOrgAdmin, `/api/organizations/${a.orgId}`)).not.toContain(
        a.users.partner.email,
      );
    });

    it("whatever the case of the e-mail address", async () => {
      const res = await aOrgAdmin.request("POST", `/api/organizations/${a.orgId}/members`, {
        email: a.users.staff_auditor.email.toUpperCase(),
        name: "Staff",
        role: "employee",
      });
      expectError(res, 409, "INDEPENDENCE");
    });

    it("when the firm invites one of its own people as the client's admin", async () => {
      const other = await aManager.request("POST", `/api/organizations/${a.orgId}/members`, {
        email: a.users.staff_auditor.email,
        name: "Staff",
        role: "org_admin",
      });
      expect(expectError(other, 409, "INDEPENDENCE").message).toMatch(/audits this organization/);
      const self = await aManager.request("POST", `/api/organizations/${a.orgId}/members`, {
        email: a.users.engagement_manager.email,
        name: "Me",
        role: "org_admin",
      });
      expect(expectError(self, 409, "INDEPENDENCE").message).toMatch(/auditing firm/);
      const emails = await memberEmails(aOrgAdmin, `/api/organizations/${a.orgId}`);
      expect(emails).not.toContain(a.users.staff_auditor.email);
      expect(emails).not.toContain(a.users.engagement_manager.email);
    });

    it("while the firm can still invite an outside person as the client's admin", async () => {
      const email = `new.org.admin.${Date.now()}@example.com`;
      const res = await aManager.request("POST", `/api/organizations/${a.orgId}/members`, {
        email,
        name: "New Org Admin",
        role: "org_admin",
      });
      expect(res.status).toBe(201);
      expect(res.json()).toMatchObject({ email, role: "org_admin" });
      expect(await memberEmails(aOrgAdmin, `/api/organizations/${a.orgId}`)).toContain(email);
    });
  });

  it("only the client's org admin adds client people; other client members get 403, not 404", async () => {
    for (const role of ["control_owner", "employee"] as const) {
      const session = await signIn(t.app, a.users[role]);
      expect((await session.request("GET", `/api/organizations/${a.orgId}`)).status).toBe(200);
      const res = await session.request("POST", `/api/organizations/${a.orgId}/members`, {
        email: `added.by.${role}.${Date.now()}@example.com`,
        name: "Someone",
        role: "employee",
      });
      expect(expectError(res, 403, "FORBIDDEN").message).toMatch(/Only an organization admin/);
    }
    const firm = await aManager.request("POST", `/api/organizations/${a.orgId}/members`, {
      email: `firm.invites.employee.${Date.now()}@example.com`,
      name: "Someone",
      role: "employee",
    });
    expect(expectError(firm, 403, "FORBIDDEN").message).toMatch(
      /only invite the client's organization admin/,
    );
    const staff = await signIn(t.app, a.users.staff_auditor);
    const byStaff = await staff.request("POST", `/api/organizations/${a.orgId}/members`, {
      email: `staff.invites.${Date.now()}@example.com`,
      name: "Someone",
      role: "org_admin",
    });
    expectError(byStaff, 403, "FORBIDDEN");
  });

  it("a client user cannot be added to the auditing firm", async () => {
    const res = await aFirmAdmin.request("POST", `/api/firms/${a.firmId}/members`, {
      email: a.users.control_owner.email,
      name: "Control Owner",
      role: "staff_auditor",
    });
    const error = expectError(res, 409, "INDEPENDENCE");
    expect(error.message).toMatch(/holds a role inside a client this firm audits/);
    expect(error.details).toEqual({ organizationId: a.orgId });
    expect(await memberEmails(aFirmAdmin, `/api/firms/${a.firmId}/members`)).not.toContain(
      a.users.control_owner.email,
    );
  });

  it("the same person can belong to two unrelated tenants", async () => {
    // A's control owner becomes an employee at B's client, which firm A does not audit.
    const person = a.users.control_owner;
    const added = await bOrgAdmin.request("POST", `/api/organizations/${b.orgId}/members`, {
      email: person.email,
      name: "Shared Person",
      role: "employee",
    });
    expect(added.status).toBe(201);
    expect(added.json()).toMatchObject({ email: person.email, role: "employee", temporaryPassword: null });
    const session = await signIn(t.app, person);
    const profile = (await session.request("GET", "/api/auth/session")).json();
    const memberships = (profile.memberships as Json[]).map((m) => [m.tenantKind, m.tenantId, m.role]);
    expect(memberships).toHaveLength(2);
    expect(memberships).toEqual(
      expect.arrayContaining([
        ["org", a.orgId, "control_owner"],
        ["org", b.orgId, "employee"],
      ]),
    );
    // Both clients are visible to them, each through its own membership.
    expect((await session.request("GET", `/api/organizations/${a.orgId}`)).status).toBe(200);
    expect((await session.request("GET", `/api/organizations/${b.orgId}`)).status).toBe(200);
    // ...but now, being inside B's client, they cannot join the firm that audits it.
    const refused = await bFirmAdmin.request("POST", `/api/firms/${b.firmId}/members`, {
      email: person.email,
      name: "Shared Person",
      role: "staff_auditor",
    });
    expectError(refused, 409, "INDEPENDENCE");
  });

  it("a firm user may join a client of another firm", async () => {
    const res = await bOrgAdmin.request("POST", `/api/organizations/${b.orgId}/members`, {
      email: a.users.staff_auditor.email,
      name: "Staff elsewhere",
      role: "employee",
    });
    expect(res.status).toBe(201);
    const session = await signIn(t.app, a.users.staff_auditor);
    const profile = (await session.request("GET", "/api/auth/session")).json();
    expect((profile.memberships as Json[]).map((m) => [m.tenantId, m.role])).toEqual(
      expect.arrayContaining([
        [a.firmId, "staff_auditor"],
        [b.orgId, "employee"],
      ]),
    );
  });

  describe("a partner needs a CPA licence number", () => {
    it("is refused for a new person without one", async () => {
      const email = `unlicensed.${Date.now()}@example.com`;
      const res = await aFirmAdmin.request("POST", `/api/firms/${a.firmId}/members`, {
        email,
        name: "Unlicensed",
        role: "partner",
        password: PASSWORD,
      });
      const error = expectError(res, 400, "VALIDATION");
      expect(error.message).toMatch(/partner needs a recorded CPA licence number/);
      expect(error.details).toEqual({ field: "cpaLicenceNumber" });
      expect(await memberEmails(aFirmAdmin, `/api/firms/${a.firmId}/members`)).not.toContain(email);
      const users = await t.context.deps.db
        .selectFrom("users")
        .select("id")
        .where("email", "=", email)
        .execute();
      expect(users).toEqual([]);
    });

    it("is refused for an existing member without one, and accepted with one", async () => {
      const refused = await aFirmAdmin.request("POST", `/api/firms/${a.firmId}/members`, {
        email: a.users.engagement_manager.email,
        name: "Manager",
        role: "partner",
      });
      expectError(refused, 400, "VALIDATION");
      const accepted = await aFirmAdmin.request("POST", `/api/firms/${a.firmId}/members`, {
        email: a.users.engagement_manager.email,
        name: "Manager",
        role: "partner",
        cpaLicenceNumber: "CPA-778899",
      });
      expect(accepted.status).toBe(201);
      const members = (await aFirmAdmin.request("GET", `/api/firms/${a.firmId}/members`)).json()
        .members as Json[];
      expect(members.filter((m) => m.email === a.users.engagement_manager.email).map((m) => m.role)).toEqual(
        expect.arrayContaining(["engagement_manager", "partner"]),
      );
      expect(
        members.find((m) => m.email === a.users.engagement_manager.email && m.role === "partner")
          ?.cpaLicenceNumber,
      ).toBe("CPA-778899");
    });
  });
});
