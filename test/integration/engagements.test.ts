/**
 * Engagements through the API: creation and period rules, scope editing and its audit trail,
 * subservice organizations, category advice, quotes (approval freezes them) and the first stage
 * moves with their guards and roles (DESIGN.md §2).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

const QUOTE_DRIVERS = {
  employees: 50,
  systems: 3,
  locations: 1,
  vendors: 2,
  hosting: "cloud",
  maturity: "medium",
  evidenceReadiness: "medium",
  currency: "INR",
};

describeEachDatabase("engagements", (target) => {
  let t: TestApp;
  let tenant: TestTenant;
  let partner: Session;
  let manager: Session;
  let staff: Session;
  let orgAdmin: Session;
  let controlOwner: Session;
  let employee: Session;

  beforeAll(async () => {
    t = await createTestApp(target);
    tenant = await seedTenant(t);
    partner = await signIn(t.app, tenant.users.partner);
    manager = await signIn(t.app, tenant.users.engagement_manager);
    staff = await signIn(t.app, tenant.users.staff_auditor);
    orgAdmin = await signIn(t.app, tenant.users.org_admin);
    controlOwner = await signIn(t.app, tenant.users.control_owner);
    employee = await signIn(t.app, tenant.users.employee);
  });
  afterAll(async () => t?.close());

  const create = (body: Record<string, unknown>) =>
    manager.request("POST", `/api/organizations/${tenant.orgId}/engagements`, body);

  const createOk = async (body: Record<string, unknown>): Promise<string> => {
    const res = await create(body);
    expect(res.status, JSON.stringify(res.json())).toBe(201);
    return res.json().id as string;
  };

  const type2 = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    type: "type2",
    periodStart: "2026-01-01",
    periodEnd: "2026-12-31",
    ...extra,
  });

  const get = async (id: string, session: Session = manager): Promise<Json> => {
    const res = await session.request("GET", `/api/engagements/${id}`);
    expect(res.status).toBe(200);
    return res.json();
  };

  const engagementCount = async () =>
    (await manager.request("GET", "/api/engagements")).json().engagements.length;

  describe("creation and the report period", () => {
    it("creates a Type 1 engagement as of a date, without an observation period", async () => {
      const id = await createOk({ name: "Type 1", type: "type1", asOfDate: "2026-12-31" });
      const view = await get(id);
      expect(view.engagement).toMatchObject({
        id,
        name: "Type 1",
        type: "type1",
        asOfDate: "2026-12-31",
        periodStart: null,
        periodEnd: null,
        stage: "scoping",
        categories: ["CC"],
        organization: { id: tenant.orgId, sector: "fintech_bfsi" },
        firm: { id: tenant.firmId },
      });
      expect(view.period).toMatchObject({ ok: true, errors: [], warnings: [] });
      const status = Object.fromEntries((view.stages as Json[]).map((s) => [s.id, s.status]));
      expect(status.scoping).toBe("current");
      expect(status.observation_period).toBe("skipped");
      expect(status.audit_program).toBe("upcoming");
    });

    it("creates a Type 2 engagement over a 12-month period", async () => {
      const id = await createOk(type2("Type 2"));
      const view = await get(id);
      expect(view.engagement).toMatchObject({
        type: "type2",
        asOfDate: null,
        periodStart: "2026-01-01",
        periodEnd: "2026-12-31",
        firstReport: true,
      });
      expect(view.period).toEqual({ ok: true, months: 12, errors: [], warnings: [] });
      const status = Object.fromEntries((view.stages as Json[]).map((s) => [s.id, s.status]));
      expect(status.observation_period).toBe("upcoming");
    });

    it("refuses a Type 2 period of 2 months and names its length", async () => {
      const before = await engagementCount();
      const res = await create(type2("Too short", { periodEnd: "2026-02-28" }));
      const error = expectError(res, 400, "VALIDATION");
      expect(error.message).toMatch(/between 3 and 12 months/);
      expect(error.message).toMatch(/2026-01-01 to 2026-02-28 is 2 months/);
      expect(error.details.errors[0]).toMatchObject({ field: "periodEnd" });
      expect(await engagementCount()).toBe(before);
    });

    it("refuses a Type 2 period of 13 months", async () => {
      const res = await create(type2("Too long", { periodEnd: "2027-01-31" }));
      const error = expectError(res, 400, "VALIDATION");
      expect(error.message).toMatch(/is 13 months/);
    });

    it("accepts a 4-month period for a first report, with a warning", async () => {
      const id = await createOk(type2("Short first", { periodEnd: "2026-04-30", firstReport: true }));
      const view = await get(id);
      expect(view.period.ok).toBe(true);
      expect(view.period.months).toBe(4);
      expect(view.period.warnings).toHaveLength(1);
      expect(view.period.warnings[0]).toMatch(/is 4 months\. That is acceptable for a first report/);
    });

    it("refuses a period that is edited to an invalid length later", async () => {
      const id = await createOk(type2("Edited"));
      const res = await manager.request("PATCH", `/api/engagements/${id}/scope`, { periodEnd: "2026-01-31" });
      expect(expectError(res, 400, "VALIDATION").message).toMatch(/is 1 month\./);
      expect((await get(id)).engagement.periodEnd).toBe("2026-12-31");
    });
  });

  it("keeps Security in scope whatever categories are sent", async () => {
    const id = await createOk(type2("Categories", { categories: ["C", "A"] }));
    expect((await get(id)).engagement.categories).toEqual(["CC", "A", "C"]);
    const cleared = await manager.request("PATCH", `/api/engagements/${id}/scope`, { categories: [] });
    expect(cleared.status).toBe(200);
    expect(cleared.json().engagement.categories).toEqual(["CC"]);
    const privacy = await manager.request("PATCH", `/api/engagements/${id}/scope`, { categories: ["P"] });
    expect(privacy.json().engagement.categories).toEqual(["CC", "P"]);
  });

  it("records a scope edit in the audit trail with before and after", async () => {
    const id = await createOk(type2("Before name"));
    const res = await manager.request("PATCH", `/api/engagements/${id}/scope`, {
      name: "After name",
      services: ["Payments API"],
      locations: ["Mumbai"],
    });
    expect(res.status).toBe(200);
    expect(res.json().engagement.name).toBe("After name");
    expect(res.json().engagement.boundary).toMatchObject({
      services: ["Payments API"],
      locations: ["Mumbai"],
    });
    const trail = await manager.request(
      "GET",
      `/api/engagements/${id}/audit-events?action=engagement.scope_updated`,
    );
    expect(trail.status).toBe(200);
    const events = trail.json().events as Json[];
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event.actor).toContain(tenant.users.engagement_manager.email);
    expect(event.engagementId).toBe(id);
    expect(event.summary.before.name).toBe("Before name");
    expect(event.summary.after.name).toBe("After name");
    expect(JSON.parse(event.summary.before.boundary).services).toEqual([]);
    expect(JSON.parse(event.summary.after.boundary).services).toEqual(["Payments API"]);
    // An edit that changes nothing writes no event.
    expect(
      (await manager.request("PATCH", `/api/engagements/${id}/scope`, { name: "After name" })).status,
    ).toBe(200);
    const again = await manager.request("GET", `/api/engagements/${id}/audit-events?action=engagement.scope`);
    expect(again.json().events).toHaveLength(1);
  });

  it("adds and removes subservice organizations", async () => {
    const id = await createOk(type2("Subservice"));
    const aws = await manager.request("POST", `/api/engagements/${id}/subservice-orgs`, {
      name: "Amazon Web Services",
      service: "Infrastructure hosting",
      method: "carve-out",
    });
    expect(aws.status).toBe(201);
    expect(aws.json()).toMatchObject({ name: "Amazon Web Services", method: "carve-out" });
    const kyc = await manager.request("POST", `/api/engagements/${id}/subservice-orgs`, {
      name: "KYC Co",
      service: "Identity checks",
      method: "inclusive",
    });
    expect(kyc.status).toBe(201);
    const wrong = await manager.request("POST", `/api/engagements/${id}/subservice-orgs`, {
      name: "Bad",
      service: "x",
      method: "outsourced",
    });
    expect(expectError(wrong, 400, "VALIDATION").message).toMatch(/^body\.method/);
    expect(
      (await get(id)).engagement.subserviceOrgs.map((s: Json) => [s.id, s.name, s.service, s.method]),
    ).toEqual([
      [aws.json().id, "Amazon Web Services", "Infrastructure hosting", "carve-out"],
      [kyc.json().id, "KYC Co", "Identity checks", "inclusive"],
    ]);
    const removed = await manager.request(
      "DELETE",
      `/api/engagements/${id}/subservice-orgs/${aws.json().id}`,
    );
    expect(removed.status).toBe(200);
    expect((await get(id)).engagement.subserviceOrgs.map((s: Json) => s.id)).toEqual([kyc.json().id]);
    const twice = await manager.request("DELETE", `/api/engagements/${id}/subservice-orgs/${aws.json().id}`);
    expectError(twice, 404, "NOT_FOUND");
    const trail = (
      await manager.request("GET", `/api/engagements/${id}/audit-events?action=engagement.subservice`)
    ).json().events as Json[];
    expect(trail.map((e) => e.action).sort()).toEqual([
      "engagement.subservice_added",
      "engagement.subservice_added",
      "engagement.subservice_removed",
    ]);
  });

  it("recommends Processing Integrity for a fintech that processes transactions", async () => {
    const id = await createOk(type2("Advice"));
    const levels = (view: Json) =>
      Object.fromEntries((view.recommendations as Json[]).map((r) => [r.category, r.level]));
    const plain = await get(id);
    expect(levels(plain).CC).toBe("required");
    expect(levels(plain).PI).not.toBe("recommended");
    const res = await manager.request("PATCH", `/api/engagements/${id}/scope`, {
      handles: {
        personalData: false,
        transactionProcessing: true,
        uptimeCommitments: false,
        confidentialClientData: false,
      },
    });
    expect(res.status).toBe(200);
    expect(levels(res.json()).PI).toBe("recommended");
    const pi = (res.json().recommendations as Json[]).find((r) => r.category === "PI");
    expect(pi.reasons.join(" ")).toMatch(/Processing Integrity/);
  });

  describe("accepting the engagement: quote, letter and the first stage move", () => {
    let id: string;
    let quoteId: string;

    beforeAll(async () => {
      id = await createOk(type2("Lifecycle"));
    });

    it("refuses the move from Scoping for a partner, listing every failing guard", async () => {
      const res = await partner.request("POST", `/api/engagements/${id}/stage`, { to: "audit_program" });
      const error = expectError(res, 409, "GUARD_FAILED");
      const guards = (error.details.failures as Json[]).map((f) => f.guard);
      expect(guards).toEqual(["service-in-scope", "quote-approved", "engagement-letter-signed"]);
      expect(error.message).toBe(error.details.failures[0].message);
      expect(error.message).toMatch(/No service is inside the system boundary/);
      const view = await get(id, partner);
      expect(view.engagement.stage).toBe("scoping");
      expect((view.nextStep.blockers as Json[]).map((b) => b.guard)).toEqual(guards);
      expect(view.nextStep).toMatchObject({ next: "audit_program", allowedRoles: ["partner"] });
    });

    it("lists the role last when a staff auditor tries while guards fail", async () => {
      const res = await staff.request("POST", `/api/engagements/${id}/stage`, { to: "audit_program" });
      const error = expectError(res, 409, "GUARD_FAILED");
      expect((error.details.failures as Json[]).map((f) => f.guard).at(-1)).toBe("role");
    });

    it("prepares a draft quote from the engagement's scope", async () => {
      const res = await manager.request("POST", `/api/engagements/${id}/quotes`, QUOTE_DRIVERS);
      expect(res.status).toBe(201);
      const quote = res.json();
      expect(quote.status).toBe("draft");
      expect(quote.total).toBeGreaterThan(0);
      expect(quote.inputs).toMatchObject({
        type: "type2",
        categories: ["CC"],
        periodMonths: 12,
        employees: 50,
      });
      quoteId = quote.id;
    });

    it("lets only a partner approve the quote", async () => {
      const res = await manager.request("POST", `/api/engagements/${id}/quotes/${quoteId}/approve`);
      expect(expectError(res, 403, "FORBIDDEN").message).toMatch(/Only a partner can approve a quote/);
      expect((await get(id)).quote.status).toBe("draft");
      const approved = await partner.request("POST", `/api/engagements/${id}/quotes/${quoteId}/approve`);
      expect(approved.status).toBe(200);
      expect(approved.json()).toMatchObject({ id: quoteId, status: "approved" });
      expect(approved.json().approvedAt).toEqual(expect.any(String));
    });

    it("records the signed engagement letter once (partner)", async () => {
      const byManager = await manager.request("POST", `/api/engagements/${id}/engagement-letter`);
      expectError(byManager, 403, "FORBIDDEN");
      const res = await partner.request("POST", `/api/engagements/${id}/engagement-letter`);
      expect(res.status).toBe(200);
      expect(res.json().engagement.engagementLetterSignedAt).toEqual(expect.any(String));
      const twice = await partner.request("POST", `/api/engagements/${id}/engagement-letter`);
      expectError(twice, 409, "CONFLICT");
    });

    it("after services are added, refuses a staff auditor with 403 when only the role fails", async () => {
      const scoped = await manager.request("PATCH", `/api/engagements/${id}/scope`, {
        services: ["Payments API"],
      });
      expect(scoped.status).toBe(200);
      expect(scoped.json().nextStep.blockers).toEqual([]);
      for (const session of [staff, manager]) {
        const res = await session.request("POST", `/api/engagements/${id}/stage`, { to: "audit_program" });
        const error = expectError(res, 403, "FORBIDDEN");
        expect(error.details.failures).toEqual([
          {
            guard: "role",
            message: "Only a partner can accept the engagement and move it to Audit program.",
          },
        ]);
      }
      expect((await get(id)).engagement.stage).toBe("scoping");
    });

    it("lets the partner move it to Audit program, and records the move", async () => {
      const res = await partner.request("POST", `/api/engagements/${id}/stage`, { to: "audit_program" });
      expect(res.status).toBe(200);
      expect(res.json().engagement.stage).toBe("audit_program");
      const status = Object.fromEntries((res.json().stages as Json[]).map((s) => [s.id, s.status]));
      expect(status).toMatchObject({
        scoping: "done",
        audit_program: "current",
        description_review: "upcoming",
      });
      const events = (
        await partner.request("GET", `/api/engagements/${id}/audit-events?action=engagement.stage_changed`)
      ).json().events as Json[];
      expect(events).toHaveLength(1);
      expect(events[0].summary).toMatchObject({
        before: { stage: "scoping" },
        after: { stage: "audit_program" },
      });
    });

    it("refuses the next move: no approved audit program, and management's description is incomplete", async () => {
      const res = await partner.request("POST", `/api/engagements/${id}/stage`, { to: "description_review" });
      const error = expectError(res, 409, "GUARD_FAILED");
      expect(error.details.failures).toEqual([
        {
          guard: "audit-program-approved",
          message: expect.stringMatching(/audit program has not been approved/),
        },
        { guard: "system-description-complete", message: expect.any(String) },
      ]);
      const jump = await partner.request("POST", `/api/engagements/${id}/stage`, { to: "design_assessment" });
      expect(expectError(jump, 409, "GUARD_FAILED").details.failures[0].guard).toBe("adjacent-stage");
      expect((await get(id)).engagement.stage).toBe("audit_program");
    });

    it("fixes the scope once the engagement has left Scoping", async () => {
      const res = await manager.request("PATCH", `/api/engagements/${id}/scope`, { name: "Too late" });
      expect(expectError(res, 409, "CONFLICT").message).toMatch(/scope is fixed/);
    });

    it("needs a reason to move back", async () => {
      const bare = await manager.request("POST", `/api/engagements/${id}/stage`, { to: "scoping" });
      const error = expectError(bare, 409, "GUARD_FAILED");
      expect(error.details.failures.map((f: Json) => f.guard)).toEqual(["reason-given"]);
      const blank = await manager.request("POST", `/api/engagements/${id}/stage`, {
        to: "scoping",
        reason: "   ",
      });
      expectError(blank, 409, "GUARD_FAILED");
      const reason = "The client added a second product to the boundary.";
      const res = await manager.request("POST", `/api/engagements/${id}/stage`, { to: "scoping", reason });
      expect(res.status).toBe(200);
      expect(res.json().engagement.stage).toBe("scoping");
      const events = (
        await manager.request("GET", `/api/engagements/${id}/audit-events?action=engagement.stage_changed`)
      ).json().events as Json[];
      expect(events[0].summary).toMatchObject({
        before: { stage: "audit_program" },
        after: { stage: "scoping" },
        note: reason,
      });
    });
  });

  it("freezes an approved quote: no second approval, and a newer draft does not change it", async () => {
    const id = await createOk(type2("Frozen quote"));
    const first = (await manager.request("POST", `/api/engagements/${id}/quotes`, QUOTE_DRIVERS)).json();
    const approved = await partner.request("POST", `/api/engagements/${id}/quotes/${first.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.json().total).toBe(first.total);
    const again = await partner.request("POST", `/api/engagements/${id}/quotes/${first.id}/approve`);
    expect(expectError(again, 409, "CONFLICT").message).toMatch(/already approved/);
    const stored = await t.context.deps.db
      .selectFrom("quotes")
      .selectAll()
      .where("id", "=", first.id)
      .executeTakeFirstOrThrow();

    const second = await manager.request("POST", `/api/engagements/${id}/quotes`, {
      ...QUOTE_DRIVERS,
      employees: 5000,
      systems: 40,
      hosting: "on-prem",
    });
    expect(second.status).toBe(201);
    expect(second.json().status).toBe("draft");
    expect(second.json().total).not.toBe(first.total);

    const view = await get(id);
    expect(view.quote.id).toBe(second.json().id);
    expect(view.approvedQuote).toMatchObject({ id: first.id, status: "approved", total: first.total });
    expect(view.approvedQuote.inputs.employees).toBe(50);
    const unchanged = await t.context.deps.db
      .selectFrom("quotes")
      .selectAll()
      .where("id", "=", first.id)
      .executeTakeFirstOrThrow();
    expect(unchanged).toEqual(stored);
    expect(Number(unchanged.total)).toBe(first.total);
    const stillFrozen = await partner.request("POST", `/api/engagements/${id}/quotes/${first.id}/approve`);
    expectError(stillFrozen, 409, "CONFLICT");
  });

  it("lets the client's people read the engagement but not edit its scope or move it", async () => {
    const id = await createOk(type2("Client view", { boundary: { services: ["Payments API"] } }));
    const quote = (await manager.request("POST", `/api/engagements/${id}/quotes`, QUOTE_DRIVERS)).json();
    for (const session of [orgAdmin, controlOwner, employee]) {
      const view = await get(id, session);
      expect(view.engagement.id).toBe(id);
      expect(view.permissions).toMatchObject({
        canEditScope: false,
        canMoveStage: false,
        canApproveQuote: false,
      });
      const listed = (await session.request("GET", "/api/engagements")).json().engagements as Json[];
      expect(listed.map((e) => e.id)).toContain(id);

      const edit = await session.request("PATCH", `/api/engagements/${id}/scope`, {
        name: "Renamed by client",
      });
      expectError(edit, 403, "FORBIDDEN");
      const move = await session.request("POST", `/api/engagements/${id}/stage`, { to: "audit_program" });
      const moveError = expectError(move, 409, "GUARD_FAILED");
      expect(moveError.details.failures.at(-1).guard).toBe("role");
      const sub = await session.request("POST", `/api/engagements/${id}/subservice-orgs`, {
        name: "X",
        service: "Y",
        method: "carve-out",
      });
      expectError(sub, 403, "FORBIDDEN");
      const approve = await session.request("POST", `/api/engagements/${id}/quotes/${quote.id}/approve`);
      expectError(approve, 403, "FORBIDDEN");
      const another = await session.request("POST", `/api/organizations/${tenant.orgId}/engagements`, {
        name: "Made by the client",
        type: "type1",
        asOfDate: "2026-12-31",
      });
      expect(expectError(another, 403, "FORBIDDEN").message).toMatch(
        /Only a partner or engagement manager can create an engagement/,
      );
    }
    const view = await get(id);
    expect(view.engagement.name).toBe("Client view");
    expect(view.engagement.subserviceOrgs).toEqual([]);
    expect(view.quote.status).toBe("draft");
  });

  it("refuses a client user's stage move with 403 when only the role fails", async () => {
    const id = await createOk(type2("Client move", { boundary: { services: ["Payments API"] } }));
    const quote = (await manager.request("POST", `/api/engagements/${id}/quotes`, QUOTE_DRIVERS)).json();
    expect((await partner.request("POST", `/api/engagements/${id}/quotes/${quote.id}/approve`)).status).toBe(
      200,
    );
    expect((await partner.request("POST", `/api/engagements/${id}/engagement-letter`)).status).toBe(200);
    for (const session of [orgAdmin, controlOwner, employee]) {
      const res = await session.request("POST", `/api/engagements/${id}/stage`, { to: "audit_program" });
      expect(expectError(res, 403, "FORBIDDEN").details.failures.map((f: Json) => f.guard)).toEqual(["role"]);
    }
    expect((await get(id)).engagement.stage).toBe("scoping");
  });
});
