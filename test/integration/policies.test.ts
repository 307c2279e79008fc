/**
 * Policies, acknowledgements and training through the API (DESIGN.md §4 Policy + PolicyVersion +
 * Approval + Acknowledgement): templates, drafts and immutable published versions, approval by
 * someone other than the author, acknowledgement requests and the inbox, the coverage report, the
 * review schedule and training deadlines on a fake clock, who may do what, and the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  type Session,
  seedTenant,
  sessionFor,
  signIn,
  type TestApp,
  type TestTenant,
  type TestUser,
} from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";
import { expectError, type Json } from "../support/http.js";

const DAY = 86_400_000;

const cookieOf = (setCookie: string | string[] | undefined, fallback: string): string => {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const session = list.find((c) => c.startsWith("fw_session="));
  return session ? (session.split(";")[0] ?? fallback) : fallback;
};

/**
 * Signs in on an app whose clock is fake: TOTP codes follow the real clock, so users with MFA
 * answer with one of their recovery codes instead.
 */
const signInOn = async (t: TestApp, user: TestUser): Promise<Session> => {
  if (!user.totpSecret) return signIn(t.app, user);
  const login = await t.app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email: user.email, password: user.password },
  });
  expect(login.statusCode, login.body).toBe(200);
  const cookie = cookieOf(login.headers["set-cookie"], "");
  const code = user.recoveryCodes.shift();
  if (!code) throw new Error("no recovery code left");
  const verify = await t.app.inject({
    method: "POST",
    url: "/api/auth/mfa/verify",
    headers: { cookie, "x-csrf-token": login.json().csrfToken },
    payload: { code },
  });
  expect(verify.statusCode, verify.body).toBe(200);
  return sessionFor(t.app, cookieOf(verify.headers["set-cookie"], cookie), verify.json().csrfToken);
};

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describeEachDatabase("policies and acknowledgements", (target) => {
  let now = Date.parse("2026-03-02T09:00:00.000Z");
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let admin: Session;
  let owner: Session;
  let employee: Session;
  let staff: Session;
  let manager: Session;
  let partner: Session;
  let firmAdmin: Session;
  let userIds: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(target, { clock: () => new Date(now) });
    tenant = await seedTenant(t, "pol");
    other = await seedTenant(t, "other");
    admin = await signInOn(t, tenant.users.org_admin);
    owner = await signInOn(t, tenant.users.control_owner);
    employee = await signInOn(t, tenant.users.employee);
    staff = await signInOn(t, tenant.users.staff_auditor);
    manager = await signInOn(t, tenant.users.engagement_manager);
    partner = await signInOn(t, tenant.users.partner);
    firmAdmin = await signInOn(t, tenant.users.firm_admin);
    const members = await t.context.deps.db
      .selectFrom("users")
      .select(["id", "email"])
      .where(
        "email",
        "in",
        Object.values(tenant.users).map((u) => u.email),
      )
      .execute();
    userIds = Object.fromEntries(
      Object.entries(tenant.users).map(([role, u]) => [
        role,
        members.find((m) => m.email === u.email)?.id ?? "",
      ]),
    );
  });
  afterAll(async () => t?.close());

  const orgUrl = (path: string) => `/api/organizations/${tenant.orgId}${path}`;

  const createOk = async (session: Session, body: Record<string, unknown>): Promise<Json> => {
    const res = await session.request("POST", orgUrl("/policies"), body);
    expect(res.status, JSON.stringify(res.json())).toBe(201);
    return res.json();
  };

  const ok = async (session: Session, method: string, url: string, body?: unknown): Promise<Json> => {
    const res = await session.request(method, url, body);
    expect(res.status, `${method} ${url}: ${JSON.stringify(res.json())}`).toBe(200);
    return res.json();
  };

  /** An acknowledgement sent from a given address and browser. */
  const acknowledge = (session: Session, versionId: string, ip = "203.0.113.7", agent = "PolicyTest/1.0") =>
    t.app.inject({
      method: "POST",
      url: `/api/policy-versions/${versionId}/acknowledge`,
      remoteAddress: ip,
      headers: { cookie: session.cookie, "x-csrf-token": session.csrf, "user-agent": agent },
    });

  /** Drafted by the control owner, approved and published by the org admin. */
  const publishedPolicy = async (body: Record<string, unknown>) => {
    const created = await createOk(owner, body);
    const versionId = created.openVersion.id as string;
    await ok(admin, "POST", `/api/policy-versions/${versionId}/approve`);
    const published = await ok(admin, "POST", `/api/policy-versions/${versionId}/publish`);
    return { id: created.policy.id as string, versionId, published };
  };

  const auditActions = async (orgId = tenant.orgId) =>
    t.context.deps.db
      .selectFrom("audit_events")
      .select(["action", "target_id", "firm_id", "org_id", "summary", "actor_user_id"])
      .where("org_id", "=", orgId)
      .orderBy("seq")
      .execute();

  describe("templates", () => {
    it("lists at least 15 templates with sections, review cycle, controls and audience", async () => {
      const { templates } = await ok(employee, "GET", "/api/policy-templates");
      expect(templates.length).toBeGreaterThanOrEqual(15);
      const ir = (templates as Json[]).find((x) => x.id === "incident-response");
      expect(ir).toMatchObject({
        title: "Incident Response Policy",
        reviewCycleMonths: 12,
        audience: { id: "all_personnel", roles: ["org_admin", "control_owner", "employee"] },
      });
      expect(ir.controls).toContain("INC-01");
      expect(ir.body).toMatch(/CERT-In within 6 hours/);
      expect(ir.words).toBeGreaterThanOrEqual(300);
      const anonymous = await t.app.inject({ method: "GET", url: "/api/policy-templates" });
      expect(anonymous.statusCode).toBe(401);
    });
  });

  describe("creating and drafting", () => {
    it("creates draft version 1 from a template, with the organization's name and its matching controls", async () => {
      const db = t.context.deps.db;
      const controlId = crypto.randomUUID();
      await db
        .insertInto("org_controls")
        .values({
          id: controlId,
          org_id: tenant.orgId,
          library_id: "INC-01",
          code: "INC-01",
          domain: "incident",
          title: "Incident response plan with defined roles",
          description: "The plan.",
          criteria: JSON.stringify(["CC7.4"]),
          frequency: "annual",
          automation: "manual",
          evidence: "[]",
          attributes: "[]",
          owner_user_id: null,
          status: "implemented",
          created_at: new Date(now).toISOString(),
          updated_at: new Date(now).toISOString(),
        })
        .execute();
      const view = await createOk(admin, { templateId: "incident-response" });
      const orgName = (await ok(admin, "GET", `/api/organizations/${tenant.orgId}`)).organization.name;
      expect(view.policy).toMatchObject({
        title: "Incident Response Policy",
        templateId: "incident-response",
        audience: ["org_admin", "control_owner", "employee"],
        reviewCycleMonths: 12,
        review: { status: "not_published", nextReviewDue: null },
      });
      expect(view.policy.controls).toEqual([
        {
          id: controlId,
          code: "INC-01",
          title: "Incident response plan with defined roles",
          libraryId: "INC-01",
        },
      ]);
      expect(view.current).toBeNull();
      expect(view.openVersion).toMatchObject({ version: 1, status: "draft" });
      expect(view.openVersion.body).toContain(orgName);
      expect(view.openVersion.body).not.toContain("{{organization}}");
      // The author may not approve it; nobody else has been asked yet.
      expect(view.permissions).toMatchObject({ canEdit: true, canApprove: false, canPublish: false });

      const again = await admin.request("POST", orgUrl("/policies"), { templateId: "incident-response" });
      expect(expectError(again, 409, "CONFLICT").message).toMatch(/already created from this template/);
      const unknown = await admin.request("POST", orgUrl("/policies"), { templateId: "no-such-template" });
      expect(expectError(unknown, 400, "VALIDATION").message).toMatch(
        /no policy template 'no-such-template'/,
      );
      const nothing = await admin.request("POST", orgUrl("/policies"), {});
      expectError(nothing, 400, "VALIDATION");
    });

    it("creates a blank policy with the six sections to fill in", async () => {
      const view = await createOk(owner, { title: "Clean Desk Policy", audience: ["employee"] });
      expect(view.policy).toMatchObject({
        title: "Clean Desk Policy",
        templateId: null,
        audience: ["employee"],
      });
      expect(view.openVersion.body).toMatch(/## Purpose[\s\S]*## Policy statements[\s\S]*## Review/);
      expect(view.openVersion.authors.map((a: Json) => a.id)).toEqual([userIds.control_owner]);
    });

    it("refuses an author approving their own version, with a clear 403", async () => {
      const view = await createOk(admin, { templateId: "risk-assessment" });
      const res = await admin.request("POST", `/api/policy-versions/${view.openVersion.id}/approve`);
      const error = expectError(res, 403, "FORBIDDEN");
      expect(error.message).toMatch(
        /You wrote or edited version 1, so another organization admin must approve it/,
      );
      // An org admin who edits someone else's draft becomes one of its authors, too.
      const drafted = await createOk(owner, { templateId: "encryption" });
      await ok(admin, "PUT", `/api/policies/${drafted.policy.id}/draft`, {
        body: `${drafted.openVersion.body}\nEdited by the admin.\n`,
      });
      const edited = await admin.request("POST", `/api/policy-versions/${drafted.openVersion.id}/approve`);
      expect(expectError(edited, 403, "FORBIDDEN").message).toMatch(/You wrote or edited version 1/);
      const version = await ok(admin, "GET", `/api/policy-versions/${drafted.openVersion.id}`);
      expect(version.version.status).toBe("draft");
      expect(version.version.authors.map((a: Json) => a.id).sort()).toEqual(
        [userIds.org_admin, userIds.control_owner].sort(),
      );
    });

    it("publishes only approved versions, approved only by an org admin", async () => {
      const view = await createOk(owner, { templateId: "vendor-management" });
      const versionId = view.openVersion.id;
      const early = await admin.request("POST", `/api/policy-versions/${versionId}/publish`);
      expect(expectError(early, 409, "CONFLICT").message).toMatch(/is a draft.*must approve it before/);
      const byOwner = await owner.request("POST", `/api/policy-versions/${versionId}/approve`);
      expect(expectError(byOwner, 403, "FORBIDDEN").message).toMatch(
        /Only an organization admin can approve/,
      );
      const approved = await ok(admin, "POST", `/api/policy-versions/${versionId}/approve`);
      expect(approved).toMatchObject({ status: "approved", version: 1 });
      const twice = await admin.request("POST", `/api/policy-versions/${versionId}/approve`);
      expect(expectError(twice, 409, "CONFLICT").message).toMatch(/already approved/);
      // Editing the approved text withdraws the approval.
      await ok(owner, "PUT", `/api/policies/${view.policy.id}/draft`, {
        body: `${view.openVersion.body}\nOne more line.\n`,
        changeNote: "Added a line after approval.",
      });
      const after = await ok(admin, "GET", `/api/policy-versions/${versionId}`);
      expect(after.version).toMatchObject({ status: "draft", approvedBy: null, approvedAt: null });
      const notNow = await admin.request("POST", `/api/policy-versions/${versionId}/publish`);
      expectError(notNow, 409, "CONFLICT");
    });
  });

  describe("publication, acknowledgement and new versions", () => {
    let policyId: string;
    let v1: string;
    let v1Body: string;
    let v2: string;

    it("publishing notifies everyone the policy applies to and opens their inbox entries", async () => {
      const { id, versionId, published } = await publishedPolicy({ templateId: "acceptable-use" });
      policyId = id;
      v1 = versionId;
      expect(published).toMatchObject({
        status: "published",
        version: 1,
        acknowledgementRequests: 3,
        acknowledgeBy: isoDay(now + 30 * DAY),
      });
      const notifications = (await ok(employee, "GET", "/api/notifications")).notifications as Json[];
      const request = notifications.find((n) => n.kind === "policy.acknowledgement_requested");
      expect(request?.title).toBe("Please read and acknowledge: Acceptable Use Policy (version 1)");
      expect(request?.link).toBe(`/policies/${policyId}`);
      for (const session of [owner, admin]) {
        const kinds = ((await ok(session, "GET", "/api/notifications")).notifications as Json[]).map(
          (n) => n.kind,
        );
        expect(kinds).toContain("policy.acknowledgement_requested");
      }
      // The auditing firm is not asked to acknowledge the client's policies.
      const staffKinds = ((await ok(staff, "GET", "/api/notifications")).notifications as Json[]).map(
        (n) => n.kind,
      );
      expect(staffKinds).not.toContain("policy.acknowledgement_requested");

      const inbox = await ok(employee, "GET", "/api/me/acknowledgements");
      const entry = (inbox.outstanding as Json[]).find((e) => e.policyId === policyId);
      expect(entry).toMatchObject({
        versionId: v1,
        version: 1,
        title: "Acceptable Use Policy",
        organization: { id: tenant.orgId },
        dueOn: isoDay(now + 30 * DAY),
        overdue: false,
        requestedAt: new Date(now).toISOString(),
      });
      const view = await ok(employee, "GET", `/api/policies/${policyId}`);
      expect(view.current.body).toMatch(/## Policy statements/);
      expect(view.myAcknowledgement).toEqual({ required: true, versionId: v1, acknowledgedAt: null });
      expect(view.permissions.canAcknowledge).toBe(true);
      v1Body = view.current.body;
    });

    it("records the acknowledgement with version, time, IP address and browser, once", async () => {
      now += 60_000;
      const res = await acknowledge(employee, v1);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({
        versionId: v1,
        version: 1,
        alreadyAcknowledged: false,
        acknowledgedAt: new Date(now).toISOString(),
        ip: "203.0.113.7",
        userAgent: "PolicyTest/1.0",
      });
      const row = await t.context.deps.db
        .selectFrom("policy_acknowledgements")
        .selectAll()
        .where("version_id", "=", v1)
        .where("user_id", "=", userIds.employee ?? "")
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        org_id: tenant.orgId,
        policy_id: policyId,
        acknowledged_at: new Date(now).toISOString(),
        ip: "203.0.113.7",
        user_agent: "PolicyTest/1.0",
      });
      const events = (await auditActions()).filter((e) => e.action === "policy.acknowledged");
      expect(events).toHaveLength(1);
      const again = await acknowledge(employee, v1, "198.51.100.9", "Other/2.0");
      expect(again.json()).toMatchObject({ alreadyAcknowledged: true, ip: "203.0.113.7" });
      expect((await auditActions()).filter((e) => e.action === "policy.acknowledged")).toHaveLength(1);
      const inbox = await ok(employee, "GET", "/api/me/acknowledgements");
      expect((inbox.outstanding as Json[]).map((e) => e.policyId)).not.toContain(policyId);
      expect((inbox.acknowledged as Json[]).find((e) => e.policyId === policyId)?.acknowledgedAt).toBe(
        new Date(now).toISOString(),
      );
    });

    it("the coverage report shows who has and who has not acknowledged", async () => {
      const coverage = await ok(admin, "GET", orgUrl("/acknowledgement-coverage"));
      const row = (coverage.policies as Json[]).find((p) => p.policyId === policyId);
      expect(row).toMatchObject({ version: 1, required: 3, acknowledgedCount: 1 });
      expect(row.acknowledged).toEqual([
        expect.objectContaining({ userId: userIds.employee, ip: "203.0.113.7", userAgent: "PolicyTest/1.0" }),
      ]);
      expect((row.outstanding as Json[]).map((o) => o.userId).sort()).toEqual(
        [userIds.org_admin, userIds.control_owner].sort(),
      );
      expect(row.outstanding[0]).toMatchObject({
        dueOn: isoDay(Date.parse("2026-03-02") + 30 * DAY),
        overdue: false,
      });
      const ownerRow = (coverage.people as Json[]).find((p) => p.userId === userIds.control_owner);
      expect(ownerRow.outstanding.map((o: Json) => o.policyId)).toContain(policyId);
      const employeeRow = (coverage.people as Json[]).find((p) => p.userId === userIds.employee);
      expect(employeeRow.outstanding.map((o: Json) => o.policyId)).not.toContain(policyId);
      expect(coverage.totals.acknowledged).toBe(1);
      expect(coverage.unpublished.length).toBeGreaterThan(0);
      // The auditing firm samples the same report.
      const forAuditor = await ok(staff, "GET", orgUrl("/acknowledgement-coverage"));
      expect(forAuditor.policies).toEqual(coverage.policies);
    });

    it("editing a published policy starts draft version 2 and leaves version 1 exactly as published", async () => {
      const db = t.context.deps.db;
      const before = await db
        .selectFrom("policy_versions")
        .selectAll()
        .where("id", "=", v1)
        .executeTakeFirstOrThrow();
      const saved = await ok(owner, "PUT", `/api/policies/${policyId}/draft`, {
        body: `${v1Body}\n12. Generative AI tools may be used only under the AI usage standard.\n`,
        changeNote: "Added a statement on generative AI tools.",
      });
      expect(saved).toMatchObject({ version: 2, status: "draft", created: true });
      v2 = saved.versionId;
      expect(v2).not.toBe(v1);
      const after = await db
        .selectFrom("policy_versions")
        .selectAll()
        .where("id", "=", v1)
        .executeTakeFirstOrThrow();
      expect(after).toEqual(before);
      const view = await ok(admin, "GET", `/api/policies/${policyId}`);
      expect(view.current).toMatchObject({ id: v1, version: 1, status: "published", body: v1Body });
      expect(view.openVersion).toMatchObject({ id: v2, version: 2, status: "draft" });
      expect(view.openVersion.body).toContain("Generative AI tools");
      expect(view.versions.map((v: Json) => [v.version, v.status])).toEqual([
        [2, "draft"],
        [1, "published"],
      ]);
      // A second save edits the same draft rather than starting version 3.
      const again = await ok(owner, "PUT", `/api/policies/${policyId}/draft`, {
        body: `${v1Body}\n12. Generative AI tools may be used only as the AI usage standard allows.\n`,
      });
      expect(again).toMatchObject({ versionId: v2, version: 2, created: false });
      // Approving or publishing version 1 again is refused: it can no longer change.
      const reapprove = await admin.request("POST", `/api/policy-versions/${v1}/approve`);
      expect(expectError(reapprove, 409, "CONFLICT").message).toMatch(
        /Version 1 is published and can no longer change/,
      );
      // The employee sees version 1 only: drafts are not shown.
      const employeeView = await ok(employee, "GET", `/api/policies/${policyId}`);
      expect(employeeView.openVersion).toBeNull();
      expect(employeeView.versions.map((v: Json) => v.version)).toEqual([1]);
      const hidden = await employee.request("GET", `/api/policy-versions/${v2}`);
      expectError(hidden, 403, "FORBIDDEN");
    });

    it("a newer published version re-opens acknowledgement", async () => {
      now += 60_000;
      await ok(admin, "POST", `/api/policy-versions/${v2}/approve`);
      const published = await ok(admin, "POST", `/api/policy-versions/${v2}/publish`);
      expect(published).toMatchObject({ version: 2, acknowledgementRequests: 3 });

      const inbox = await ok(employee, "GET", "/api/me/acknowledgements");
      expect((inbox.outstanding as Json[]).find((e) => e.policyId === policyId)).toMatchObject({
        versionId: v2,
        version: 2,
        changeNote: "Added a statement on generative AI tools.",
      });
      const stale = await acknowledge(employee, v1);
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.message).toMatch(/Version 1 has been replaced by a newer version/);
      const coverage = await ok(admin, "GET", orgUrl("/acknowledgement-coverage"));
      const row = (coverage.policies as Json[]).find((p) => p.policyId === policyId);
      expect(row).toMatchObject({ version: 2, acknowledgedCount: 0, required: 3 });
      expect((row.outstanding as Json[]).map((o) => o.userId)).toContain(userIds.employee);
      const v1View = await ok(employee, "GET", `/api/policy-versions/${v1}`);
      expect(v1View.version).toMatchObject({ status: "superseded", current: false, body: v1Body });
      expect(v1View.myAcknowledgement.acknowledgedAt).toEqual(expect.any(String));

      const res = await acknowledge(employee, v2, "203.0.113.8", "PolicyTest/2.0");
      expect(res.json()).toMatchObject({ version: 2, alreadyAcknowledged: false, ip: "203.0.113.8" });
      const acks = await t.context.deps.db
        .selectFrom("policy_acknowledgements")
        .select(["version_id"])
        .where("policy_id", "=", policyId)
        .where("user_id", "=", userIds.employee ?? "")
        .orderBy("acknowledged_at")
        .execute();
      expect(acks.map((a) => a.version_id)).toEqual([v1, v2]);
    });

    it("a policy for engineering is not shown to, nor acknowledged by, employees", async () => {
      const { id, versionId } = await publishedPolicy({ templateId: "secure-development" });
      const list = await ok(employee, "GET", orgUrl("/policies"));
      expect((list.policies as Json[]).map((p) => p.id)).not.toContain(id);
      expectError(await employee.request("GET", `/api/policies/${id}`), 403, "FORBIDDEN");
      const ack = await acknowledge(employee, versionId);
      expect(ack.statusCode).toBe(403);
      const inbox = await ok(employee, "GET", "/api/me/acknowledgements");
      expect((inbox.outstanding as Json[]).map((e) => e.policyId)).not.toContain(id);
      const ownerInbox = await ok(owner, "GET", "/api/me/acknowledgements");
      expect((ownerInbox.outstanding as Json[]).map((e) => e.policyId)).toContain(id);
      const coverage = await ok(admin, "GET", orgUrl("/acknowledgement-coverage"));
      expect((coverage.policies as Json[]).find((p) => p.policyId === id)?.required).toBe(2);
    });
  });

  describe("settings and control links", () => {
    it("the org admin changes audience, cycle and links only the organization's own controls", async () => {
      const view = await createOk(owner, { title: "Remote Work Policy" });
      const id = view.policy.id;
      const controls = await t.context.deps.db
        .selectFrom("org_controls")
        .select("id")
        .where("org_id", "=", tenant.orgId)
        .execute();
      const updated = await ok(admin, "PATCH", `/api/policies/${id}`, {
        audience: ["control_owner", "employee"],
        reviewCycleMonths: 6,
        acknowledgeWithinDays: 14,
        ownerUserId: userIds.control_owner,
        controlIds: controls.map((c) => c.id),
      });
      expect(updated.policy).toMatchObject({
        audience: ["control_owner", "employee"],
        reviewCycleMonths: 6,
        acknowledgeWithinDays: 14,
        owner: { id: userIds.control_owner },
      });
      expect(updated.policy.controls.map((c: Json) => c.id)).toEqual(controls.map((c) => c.id));
      const foreign = await admin.request("PATCH", `/api/policies/${id}`, {
        controlIds: [crypto.randomUUID()],
      });
      expect(expectError(foreign, 400, "VALIDATION").message).toMatch(/not controls of this organization/);
      const byOwner = await owner.request("PATCH", `/api/policies/${id}`, { reviewCycleMonths: 3 });
      expectError(byOwner, 403, "FORBIDDEN");
      const event = (await auditActions()).filter((e) => e.action === "policy.settings_updated").at(-1);
      expect(JSON.parse(event?.summary ?? "{}")).toMatchObject({
        before: { review_cycle_months: 12 },
        after: { review_cycle_months: 6, acknowledge_within_days: 14 },
      });
    });
  });

  describe("who may do what", () => {
    let policyId: string;
    let versionId: string;
    let draftId: string;

    beforeAll(async () => {
      const published = await publishedPolicy({ templateId: "data-classification" });
      policyId = published.id;
      versionId = published.versionId;
      draftId = (
        await ok(owner, "PUT", `/api/policies/${policyId}/draft`, { body: "## Purpose\n\nNew text.\n" })
      ).versionId;
    });

    it("an employee reads published policies and acknowledges, but cannot write", async () => {
      const list = await ok(employee, "GET", orgUrl("/policies"));
      expect(
        (list.policies as Json[]).every((p) => p.currentVersion !== null && p.openVersion === null),
      ).toBe(true);
      expect(list.permissions).toEqual({ canCreate: false, canManage: false });
      for (const [method, url, body] of [
        ["POST", orgUrl("/policies"), { templateId: "privacy" }],
        ["PUT", `/api/policies/${policyId}/draft`, { body: "## Purpose\n\nMine.\n" }],
        ["PATCH", `/api/policies/${policyId}`, { reviewCycleMonths: 24 }],
        ["POST", `/api/policies/${policyId}/review`, {}],
        ["POST", `/api/policy-versions/${draftId}/approve`, undefined],
        ["POST", `/api/policy-versions/${draftId}/publish`, undefined],
        ["GET", orgUrl("/acknowledgement-coverage"), undefined],
        [
          "POST",
          orgUrl("/training"),
          { courseTitle: "X", assigneeUserIds: [userIds.employee], dueOn: "2026-12-31" },
        ],
      ] as const) {
        const res = await employee.request(method, url, body);
        expect(res.status, `${method} ${url}`).toBe(403);
        expect(res.json().error.code).toBe("FORBIDDEN");
      }
      const unpublished = await createOk(owner, { title: "Draft Only Policy" });
      expect(
        expectError(await employee.request("GET", `/api/policies/${unpublished.policy.id}`), 403, "FORBIDDEN")
          .message,
      ).toMatch(/not published yet/);
    });

    it("the auditing firm's partner, manager and staff read everything but change nothing", async () => {
      for (const auditor of [staff, manager, partner]) {
        const list = await ok(auditor, "GET", orgUrl("/policies"));
        expect((list.policies as Json[]).some((p) => p.openVersion !== null)).toBe(true);
        expect(list.permissions).toEqual({ canCreate: false, canManage: false });
        const view = await ok(auditor, "GET", `/api/policies/${policyId}`);
        expect(view.openVersion?.id).toBe(draftId);
        expect(view.permissions).toMatchObject({ canEdit: false, canApprove: false, canAcknowledge: false });
        await ok(auditor, "GET", `/api/policy-versions/${draftId}`);
        await ok(auditor, "GET", orgUrl("/acknowledgement-coverage"));
        await ok(auditor, "GET", orgUrl("/training"));
        for (const [method, url, body] of [
          ["POST", orgUrl("/policies"), { title: "Auditor policy" }],
          ["PUT", `/api/policies/${policyId}/draft`, { body: "## Purpose\n\nAuditor.\n" }],
          ["PATCH", `/api/policies/${policyId}`, { reviewCycleMonths: 24 }],
          ["POST", `/api/policies/${policyId}/review`, {}],
          ["POST", `/api/policy-versions/${draftId}/approve`, undefined],
          ["POST", `/api/policy-versions/${draftId}/publish`, undefined],
          ["POST", `/api/policy-versions/${versionId}/acknowledge`, undefined],
          [
            "POST",
            orgUrl("/training"),
            { courseTitle: "X", assigneeUserIds: [userIds.employee], dueOn: "2026-12-31" },
          ],
        ] as const) {
          const res = await auditor.request(method, url, body);
          expect(res.status, `${method} ${url}`).toBe(403);
          expect(res.json().error.message).toMatch(/auditing firm/);
        }
      }
      const firmAdminList = await firmAdmin.request("GET", orgUrl("/policies"));
      expectError(firmAdminList, 403, "FORBIDDEN");
    });

    it("another tenant's people get 404 for every policy, version, report and training list", async () => {
      for (const role of ["org_admin", "employee", "staff_auditor", "partner"] as const) {
        const session = await signInOn(t, other.users[role]);
        for (const [method, url, body] of [
          ["GET", orgUrl("/policies"), undefined],
          ["POST", orgUrl("/policies"), { title: "Intruder" }],
          ["GET", `/api/policies/${policyId}`, undefined],
          ["PATCH", `/api/policies/${policyId}`, { reviewCycleMonths: 1 }],
          ["PUT", `/api/policies/${policyId}/draft`, { body: "Intruder text" }],
          ["POST", `/api/policies/${policyId}/review`, {}],
          ["GET", `/api/policy-versions/${versionId}`, undefined],
          ["POST", `/api/policy-versions/${draftId}/approve`, undefined],
          ["POST", `/api/policy-versions/${draftId}/publish`, undefined],
          ["POST", `/api/policy-versions/${versionId}/acknowledge`, undefined],
          ["GET", orgUrl("/acknowledgement-coverage"), undefined],
          ["GET", orgUrl("/training"), undefined],
        ] as const) {
          const res = await session.request(method, url, body);
          expect(res.status, `${role} ${method} ${url}`).toBe(404);
          expect(res.json().error.code).toBe("NOT_FOUND");
        }
        const inbox = await ok(session, "GET", "/api/me/acknowledgements");
        expect(JSON.stringify(inbox)).not.toContain(tenant.orgId);
      }
    });
  });

  describe("training records", () => {
    let certificateId: string;
    let foreignCertificateId: string;
    let employeeAssignment: string;
    let ownerAssignment: string;

    const evidenceRow = (orgId: string, id: string) => ({
      id,
      org_id: orgId,
      series_id: id,
      version: 1,
      supersedes_id: null,
      title: "Security awareness certificate",
      description: null,
      media_type: "application/pdf",
      size: 1234,
      sha256: "a".repeat(64),
      original_name: "awareness-certificate.pdf",
      effective_date: isoDay(now),
      period_start: null,
      period_end: null,
      source: "upload",
      importer_id: null,
      checks: null,
      uploaded_by: null,
      uploaded_at: new Date(now).toISOString(),
    });

    beforeAll(async () => {
      certificateId = crypto.randomUUID();
      foreignCertificateId = crypto.randomUUID();
      await t.context.deps.db
        .insertInto("evidence_items")
        .values(evidenceRow(tenant.orgId, certificateId))
        .execute();
      await t.context.deps.db
        .insertInto("evidence_items")
        .values(evidenceRow(other.orgId, foreignCertificateId))
        .execute();
    });

    it("the org admin assigns a course with a due date; assignees are notified", async () => {
      const dueOn = isoDay(now + 14 * DAY);
      const res = await admin.request("POST", orgUrl("/training"), {
        courseTitle: "Security awareness 2026",
        assigneeUserIds: [userIds.employee, userIds.control_owner, userIds.employee],
        dueOn,
      });
      expect(res.status, JSON.stringify(res.json())).toBe(201);
      expect(res.json()).toMatchObject({ assigned: 2, dueOn });
      const kinds = ((await ok(employee, "GET", "/api/notifications")).notifications as Json[]).map(
        (n) => n.kind,
      );
      expect(kinds).toContain("training.assigned");
      const all = await ok(admin, "GET", orgUrl("/training"));
      expect(all.summary).toEqual({ total: 2, completed: 0, open: 2, overdue: 0 });
      employeeAssignment = (all.assignments as Json[]).find((a) => a.assignee.id === userIds.employee).id;
      ownerAssignment = (all.assignments as Json[]).find((a) => a.assignee.id === userIds.control_owner).id;
      const mine = await ok(employee, "GET", orgUrl("/training"));
      expect((mine.assignments as Json[]).map((a) => a.id)).toEqual([employeeAssignment]);
      expect(mine.permissions).toEqual({ canAssign: false, seesEveryone: false });

      const past = await admin.request("POST", orgUrl("/training"), {
        courseTitle: "Late",
        assigneeUserIds: [userIds.employee],
        dueOn: isoDay(now - DAY),
      });
      expect(expectError(past, 400, "VALIDATION").message).toMatch(/in the past/);
      const stranger = await admin.request("POST", orgUrl("/training"), {
        courseTitle: "Outsider",
        assigneeUserIds: [userIds.partner],
        dueOn,
      });
      expect(expectError(stranger, 400, "VALIDATION").message).toMatch(/only to this organization's people/);
      const badDate = await admin.request("POST", orgUrl("/training"), {
        courseTitle: "Bad",
        assigneeUserIds: [userIds.employee],
        dueOn: "2026-02-30",
      });
      expectError(badDate, 400, "VALIDATION");
    });

    it("the assignee records completion with the date and the certificate as evidence", async () => {
      const url = orgUrl(`/training/${employeeAssignment}/complete`);
      const future = await employee.request("POST", url, { completedOn: isoDay(now + DAY) });
      expect(expectError(future, 400, "VALIDATION").message).toMatch(/in the future/);
      const foreign = await employee.request("POST", url, {
        completedOn: isoDay(now),
        certificateEvidenceId: foreignCertificateId,
      });
      expect(expectError(foreign, 400, "VALIDATION").message).toMatch(/evidence item of this organization/);
      const done = await ok(employee, "POST", url, {
        completedOn: isoDay(now),
        certificateEvidenceId: certificateId,
      });
      expect(done).toMatchObject({
        status: "completed",
        completedOn: isoDay(now),
        completionRecordedBy: { id: userIds.employee },
        certificate: {
          evidenceItemId: certificateId,
          fileName: "awareness-certificate.pdf",
          sha256: "a".repeat(64),
        },
      });
      const twice = await employee.request("POST", url, { completedOn: isoDay(now) });
      expect(expectError(twice, 409, "CONFLICT").message).toMatch(/already recorded as completed/);
      const someoneElse = await employee.request("POST", orgUrl(`/training/${ownerAssignment}/complete`), {
        completedOn: isoDay(now),
      });
      expect(expectError(someoneElse, 403, "FORBIDDEN").message).toMatch(/Only an organization admin/);
    });

    it("past the due date, open assignments are listed as overdue", async () => {
      now += 20 * DAY;
      // Sessions last 12 hours; sign in again after the jump.
      const auditor = await signInOn(t, tenant.users.staff_auditor);
      const overdue = await ok(auditor, "GET", orgUrl("/training?status=overdue"));
      expect(overdue.summary).toEqual({ total: 2, completed: 1, open: 0, overdue: 1 });
      expect(overdue.assignments).toHaveLength(1);
      expect(overdue.assignments[0]).toMatchObject({
        id: ownerAssignment,
        status: "overdue",
        overdue: true,
        daysOverdue: 6,
        assignee: { id: userIds.control_owner },
      });
      const completed = await ok(auditor, "GET", orgUrl("/training?status=completed"));
      expect(completed.assignments.map((a: Json) => a.id)).toEqual([employeeAssignment]);
      // A late completion is still recorded, and the audit trail says it was late.
      const ownerNow = await signInOn(t, tenant.users.control_owner);
      await ok(ownerNow, "POST", orgUrl(`/training/${ownerAssignment}/complete`), {
        completedOn: isoDay(now),
      });
      const event = (await auditActions()).filter((e) => e.action === "training.completed").at(-1);
      expect(JSON.parse(event?.summary ?? "{}").after).toMatchObject({ late: true });
      admin = await signInOn(t, tenant.users.org_admin);
      owner = ownerNow;
      employee = await signInOn(t, tenant.users.employee);
    });
  });

  describe("the audit trail", () => {
    it("every change wrote an event with the auditing firm and the organization", async () => {
      const events = (await auditActions()).filter((e) => /^(policy|training)\./.test(e.action));
      const actions = new Set(events.map((e) => e.action));
      for (const action of [
        "policy.created",
        "policy.draft_updated",
        "policy.version_created",
        "policy.version_approved",
        "policy.version_published",
        "policy.acknowledged",
        "policy.settings_updated",
        "training.assigned",
        "training.completed",
      ]) {
        expect(actions, action).toContain(action);
      }
      for (const e of events)
        expect({ firm: e.firm_id, org: e.org_id }).toEqual({ firm: tenant.firmId, org: tenant.orgId });
      const ack = events.find((e) => e.action === "policy.acknowledged");
      expect(ack?.actor_user_id).toBe(userIds.employee);
      expect(JSON.parse(ack?.summary ?? "{}").after).toMatchObject({
        ip: "203.0.113.7",
        userAgent: "PolicyTest/1.0",
      });
      const published = events.filter((e) => e.action === "policy.version_published");
      expect(published.every((e) => e.actor_user_id === userIds.org_admin)).toBe(true);
      // Refused actions wrote nothing: no approval event by the control owner or an auditor.
      const approvals = events.filter((e) => e.action === "policy.version_approved");
      expect(approvals.every((e) => e.actor_user_id === userIds.org_admin)).toBe(true);
      // The organization's audit trail shows them through the API as well.
      const trail = await ok(
        admin,
        "GET",
        `/api/organizations/${tenant.orgId}/audit-events?action=policy.acknowledged`,
      );
      expect(trail.events.length).toBeGreaterThanOrEqual(2);
    });
  });
});

describeEachDatabase("policy review schedule", (target) => {
  let now = Date.parse("2026-01-15T09:00:00.000Z");
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    t = await createTestApp(target, { clock: () => new Date(now) });
    tenant = await seedTenant(t, "rev");
  });
  afterAll(async () => t?.close());

  const signInAll = async () => ({
    admin: await signInOn(t, tenant.users.org_admin),
    owner: await signInOn(t, tenant.users.control_owner),
    staff: await signInOn(t, tenant.users.staff_auditor),
  });

  const listRow = async (session: Session, id: string) => {
    const res = await session.request("GET", `/api/organizations/${tenant.orgId}/policies`);
    expect(res.status).toBe(200);
    const body = res.json();
    return { row: (body.policies as Json[]).find((p) => p.id === id), warnings: body.warnings as string[] };
  };

  it("warns before and after the review falls due, and a recorded review restarts the cycle", async () => {
    let s = await signInAll();
    const created = await s.owner.request("POST", `/api/organizations/${tenant.orgId}/policies`, {
      templateId: "logging-monitoring",
    });
    expect(created.status).toBe(201);
    const id = created.json().policy.id as string;
    const versionId = created.json().openVersion.id as string;
    const early = await s.admin.request("POST", `/api/policies/${id}/review`);
    expect(expectError(early, 409, "CONFLICT").message).toMatch(/no published version/);
    expect((await s.admin.request("POST", `/api/policy-versions/${versionId}/approve`)).status).toBe(200);
    expect((await s.admin.request("POST", `/api/policy-versions/${versionId}/publish`)).status).toBe(200);
    expect((await listRow(s.staff, id)).row.review).toEqual({
      lastReviewedOn: "2026-01-15",
      nextReviewDue: "2027-01-15",
      status: "current",
      daysUntilDue: 365,
      warning: null,
    });

    now = Date.parse("2026-12-26T09:00:00.000Z");
    s = await signInAll();
    const soon = await listRow(s.staff, id);
    expect(soon.row.review).toMatchObject({ status: "due_soon", daysUntilDue: 20 });
    expect(soon.warnings).toEqual([
      "Logging and Monitoring Policy is due for review on 2027-01-15 (in 20 days).",
    ]);

    now = Date.parse("2027-02-14T09:00:00.000Z");
    s = await signInAll();
    const late = await listRow(s.staff, id);
    expect(late.row.review).toMatchObject({
      status: "overdue",
      nextReviewDue: "2027-01-15",
      daysUntilDue: -30,
    });
    expect(late.warnings[0]).toMatch(/was due for review on 2027-01-15 \(30 days ago\)/);
    const detail = (await s.staff.request("GET", `/api/policies/${id}`)).json();
    expect(detail.policy.review.status).toBe("overdue");

    const reviewed = await s.admin.request("POST", `/api/policies/${id}/review`, {
      note: "Checked against the CERT-In Directions; no change needed.",
    });
    expect(reviewed.status, JSON.stringify(reviewed.json())).toBe(200);
    expect(reviewed.json()).toEqual({ id, lastReviewedOn: "2027-02-14" });
    const after = await listRow(s.staff, id);
    expect(after.row.review).toMatchObject({
      status: "current",
      lastReviewedOn: "2027-02-14",
      nextReviewDue: "2028-02-14",
    });
    expect(after.warnings).toEqual([]);
    const event = await t.context.deps.db
      .selectFrom("audit_events")
      .select(["summary", "firm_id"])
      .where("action", "=", "policy.reviewed")
      .where("target_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(event.firm_id).toBe(tenant.firmId);
    expect(JSON.parse(event.summary).note).toMatch(/no change needed/);
  });

  it("acknowledgements past their due date are flagged as overdue", async () => {
    const s = await signInAll();
    const created = await s.owner.request("POST", `/api/organizations/${tenant.orgId}/policies`, {
      templateId: "hr-security",
    });
    const id = created.json().policy.id as string;
    const versionId = created.json().openVersion.id as string;
    await s.admin.request("PATCH", `/api/policies/${id}`, { acknowledgeWithinDays: 7 });
    expect((await s.admin.request("POST", `/api/policy-versions/${versionId}/approve`)).status).toBe(200);
    expect((await s.admin.request("POST", `/api/policy-versions/${versionId}/publish`)).status).toBe(200);
    now += 8 * DAY;
    const later = await signInOn(t, tenant.users.employee);
    const inbox = (await later.request("GET", "/api/me/acknowledgements")).json();
    expect((inbox.outstanding as Json[]).find((e) => e.policyId === id)).toMatchObject({
      dueOn: "2027-02-21",
      overdue: true,
    });
    const staff = await signInOn(t, tenant.users.staff_auditor);
    const coverage = (
      await staff.request("GET", `/api/organizations/${tenant.orgId}/acknowledgement-coverage`)
    ).json();
    expect(coverage.totals.overdue).toBeGreaterThanOrEqual(3);
  });
});
