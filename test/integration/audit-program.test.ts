/**
 * The audit program through the API on a fixed clock: generation from the scope, edits of the
 * draft (inquiry alone refused), gaps blocking approval (closed by a control or by management's
 * DC8 declaration), approval freezing the version, new versions with a reason superseding it, who
 * may do what, the lifecycle guard, and the request list generated from the approved program.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { findUserByEmail } from "../../src/db/repositories/users.js";
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

const NOW = Date.parse("2026-03-10T09:00:00.000Z");
const QUOTE = {
  employees: 50,
  systems: 3,
  locations: 1,
  vendors: 2,
  hosting: "cloud",
  maturity: "medium",
  evidenceReadiness: "medium",
  currency: "INR",
};

const cookieOf = (setCookie: string | string[] | undefined, fallback: string): string => {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return list.find((c) => c.startsWith("fw_session="))?.split(";")[0] ?? fallback;
};

/** The app's clock is fixed, TOTP follows the real one: users with MFA answer with a recovery code. */
const signInOn = async (t: TestApp, user: TestUser): Promise<Session> => {
  if (!user.totpSecret) return signIn(t.app, user);
  const login = await t.app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email: user.email, password: user.password },
  });
  const cookie = cookieOf(login.headers["set-cookie"], "");
  const verify = await t.app.inject({
    method: "POST",
    url: "/api/auth/mfa/verify",
    headers: { cookie, "x-csrf-token": login.json().csrfToken },
    payload: { code: user.recoveryCodes.shift() },
  });
  expect(verify.statusCode, verify.body).toBe(200);
  return sessionFor(t.app, cookieOf(verify.headers["set-cookie"], cookie), verify.json().csrfToken);
};

describeEachDatabase("audit program", (target) => {
  let t: TestApp;
  let tenant: TestTenant;
  let partner: Session;
  let manager: Session;
  let staff: Session;
  let firmAdmin: Session;
  let orgAdmin: Session;
  let employee: Session;
  let outsider: Session;
  let ownerId: string;
  let id: string;

  const createEngagement = async (body: Record<string, unknown>): Promise<string> => {
    const res = await manager.request("POST", `/api/organizations/${tenant.orgId}/engagements`, {
      boundary: { services: ["Payments API"] },
      ...body,
    });
    expect(res.status, JSON.stringify(res.json())).toBe(201);
    return res.json().id;
  };
  const program = async (eid = id, session = manager, query = ""): Promise<Json> => {
    const res = await session.request("GET", `/api/engagements/${eid}/audit-program${query}`);
    expect(res.status, JSON.stringify(res.json())).toBe(200);
    return res.json();
  };
  const lineOf = (state: Json, code: string): Json => {
    const line = (state.program.lines as Json[]).find((l) => l.code === code);
    expect(line, code).toBeDefined();
    return line;
  };
  const patchLine = (line: Json, body: unknown, session = staff, eid = id) =>
    session.request("PATCH", `/api/engagements/${eid}/audit-program/lines/${line.id}`, body);
  const events = async (action: string, eid = id): Promise<Json[]> =>
    (await manager.request("GET", `/api/engagements/${eid}/audit-events?action=${action}`)).json().events;

  beforeAll(async () => {
    t = await createTestApp(target, { clock: () => new Date(NOW) });
    tenant = await seedTenant(t, "ap");
    const other = await seedTenant(t, "other");
    partner = await signInOn(t, tenant.users.partner);
    manager = await signInOn(t, tenant.users.engagement_manager);
    staff = await signInOn(t, tenant.users.staff_auditor);
    firmAdmin = await signInOn(t, tenant.users.firm_admin);
    orgAdmin = await signInOn(t, tenant.users.org_admin);
    employee = await signInOn(t, tenant.users.employee);
    outsider = await signInOn(t, other.users.engagement_manager);
    ownerId = (await findUserByEmail(t.context.deps.db, tenant.users.control_owner.email))?.id ?? "";
    id = await createEngagement({
      name: "Payments SOC 2 2026",
      type: "type2",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
    });
    const adopted = await orgAdmin.request("POST", `/api/organizations/${tenant.orgId}/controls/adopt`, {
      engagementId: id,
    });
    expect(adopted.status).toBe(200);
    const controls = (await orgAdmin.request("GET", `/api/organizations/${tenant.orgId}/controls`)).json();
    const access = (controls.controls ?? controls).find((c: Json) => c.code === "IAM-04");
    const owned = await orgAdmin.request("PATCH", `/api/controls/${access.id}`, { ownerUserId: ownerId });
    expect(owned.status).toBe(200);
    // Accept the engagement so it stands at Audit program.
    const quote = (await manager.request("POST", `/api/engagements/${id}/quotes`, QUOTE)).json();
    expect((await partner.request("POST", `/api/engagements/${id}/quotes/${quote.id}/approve`)).status).toBe(
      200,
    );
    expect((await partner.request("POST", `/api/engagements/${id}/engagement-letter`)).status).toBe(200);
    const moved = await partner.request("POST", `/api/engagements/${id}/stage`, { to: "audit_program" });
    expect(moved.status, JSON.stringify(moved.json())).toBe(200);
  });
  afterAll(async () => t?.close());

  it("starts with no program, and the next stage is blocked on its approval", async () => {
    const state = await program();
    expect(state.program).toBeNull();
    expect(state.versions).toEqual([]);
    expect(state.permissions).toMatchObject({
      canGenerate: true,
      canApprove: false,
      canGenerateRequests: false,
    });
    expect(state.availableControls.length).toBeGreaterThan(10);
    const move = await partner.request("POST", `/api/engagements/${id}/stage`, { to: "description_review" });
    const guards = expectError(move, 409, "GUARD_FAILED").details.failures.map((f: Json) => f.guard);
    expect(guards).toContain("audit-program-approved");
  });

  it("keeps the program from the client's people and from other firms", async () => {
    for (const session of [orgAdmin, employee]) {
      const res = await session.request("GET", `/api/engagements/${id}/audit-program`);
      expect(expectError(res, 403, "FORBIDDEN").message).toMatch(/can see the audit program/);
    }
    expectError(
      await orgAdmin.request("POST", `/api/engagements/${id}/audit-program/generate`),
      403,
      "FORBIDDEN",
    );
    expectError(await outsider.request("GET", `/api/engagements/${id}/audit-program`), 404, "NOT_FOUND");
    expectError(
      await outsider.request("POST", `/api/engagements/${id}/audit-program/generate`),
      404,
      "NOT_FOUND",
    );
    expect((await program(id, firmAdmin)).permissions.canGenerate).toBe(false);
  });

  it("generates version 1 from the scope: every criterion covered, never inquiry alone", async () => {
    const res = await staff.request("POST", `/api/engagements/${id}/audit-program/generate`);
    expect(res.status, JSON.stringify(res.json())).toBe(200);
    const p = res.json().program;
    expect(p).toMatchObject({ version: 1, status: "draft", reason: null });
    expect(p.createdBy.name).toMatch(/^staff_auditor/);
    expect(p.coverage.gaps).toEqual([]);
    expect(p.coverage.covered).toBe(p.coverage.inScope);
    expect(res.json().availableControls).toEqual([]);
    for (const line of p.lines as Json[]) {
      expect(line.procedures[0].method).toBe("inquiry");
      expect(line.procedures.some((x: Json) => x.method !== "inquiry")).toBe(true);
      expect(line.attributes[0].id).toBe("A1");
      expect(line.criteria.every((c: string) => c.startsWith("CC"))).toBe(true);
    }
    const automated = (p.lines as Json[]).find((l) => l.automation === "automated");
    expect(automated.sampleRule).toEqual({ kind: "test-of-one" });
    expect(automated.sampleSize.size).toBe(1);
    const access = lineOf(res.json(), "IAM-04");
    expect(access.sampleRule).toEqual({ kind: "frequency", frequency: "event", risk: "low" });
    expect(access.sampleSize).toMatchObject({ size: null });
    const [event] = await events("audit_program.generated");
    expect(event.summary.after).toMatchObject({ version: 1, status: "draft" });
    expect(event.summary.after.lines).toHaveLength(p.lines.length);
  });

  it("refuses inquiry alone and bad attributes, and keeps the line as it was", async () => {
    const before = lineOf(await program(), "IAM-04");
    const inquiry = await patchLine(before, {
      procedures: [{ method: "inquiry", description: "Ask the IT manager how access is granted." }],
    });
    expect(expectError(inquiry, 400, "VALIDATION").message).toMatch(
      /Inquiry alone is never sufficient \(AT-C 205\)/,
    );
    const duplicate = await patchLine(before, {
      attributes: [
        { id: "A1", text: "Approved" },
        { id: "A1", text: "Granted" },
      ],
    });
    expect(expectError(duplicate, 400, "VALIDATION").message).toMatch(/A1 is used twice/);
    expectError(await patchLine(before, { attributes: [] }), 400, "VALIDATION");
    expect(lineOf(await program(), "IAM-04")).toEqual(before);
  });

  it("edits a line: statistical rule, numbered attributes, population source; stale edits are refused", async () => {
    const before = lineOf(await program(), "IAM-04");
    const res = await patchLine(before, {
      ifMatch: before.etag,
      sampleRule: { kind: "statistical", confidence: 95, tolerable: 10, expected: 0 },
      attributes: [{ text: "Approved by the manager before the grant" }, { id: "B7", text: "Role matches" }],
      populationSource: "Jira ACCESS project export",
    });
    expect(res.status, JSON.stringify(res.json())).toBe(200);
    const line = lineOf(res.json(), "IAM-04");
    expect(line.sampleSize.size).toBe(29);
    expect(line.attributes).toEqual([
      { id: "A1", text: "Approved by the manager before the grant" },
      { id: "B7", text: "Role matches" },
    ]);
    expect(line.etag).not.toBe(before.etag);
    const stale = await patchLine(before, { ifMatch: before.etag, populationSource: "Other" });
    expect(expectError(stale, 409, "CONFLICT").message).toMatch(/changed by someone else/);
    const risk = await patchLine(line, { risk: "high" });
    expect(expectError(risk, 400, "VALIDATION").message).toMatch(
      /risk setting belongs to the frequency rule/,
    );
    const quarterly = (res.json().program.lines as Json[]).find(
      (l) => l.sampleRule.frequency === "quarterly",
    );
    const raised = await patchLine(quarterly, { risk: "high" });
    expect(lineOf(raised.json(), quarterly.code).sampleSize.size).toBe(3);
    const [event] = await events("audit_program.line_updated");
    expect(event.summary.before).toMatchObject({ code: quarterly.code, sampleRule: { risk: "low" } });
    expect(event.summary.after).toEqual({
      line: quarterly.id,
      code: quarterly.code,
      sampleRule: { ...quarterly.sampleRule, risk: "high" },
    });
  });

  it("shows a removed control's criteria as gaps, refuses approval, and takes the line back", async () => {
    const state = await program();
    const only = (state.program.coverage.criteria as Json[]).find((c) => c.lines.length === 1);
    const line = lineOf(state, only.lines[0]);
    const removed = await staff.request("DELETE", `/api/engagements/${id}/audit-program/lines/${line.id}`);
    expect(removed.status).toBe(200);
    expect(removed.json().program.coverage.gaps).toContain(only.criterionId);
    expect(removed.json().availableControls.map((c: Json) => c.id)).toEqual([line.controlId]);
    const refused = await manager.request("POST", `/api/engagements/${id}/audit-program/approve`);
    const error = expectError(refused, 409, "GUARD_FAILED");
    expect(error.details.gaps).toContain(only.criterionId);
    expect(error.message).toMatch(/no control in the program/);
    const added = await staff.request("POST", `/api/engagements/${id}/audit-program/lines`, {
      controlId: line.controlId,
    });
    expect(added.status).toBe(201);
    expect(added.json().program.coverage.gaps).toEqual([]);
    const again = await staff.request("POST", `/api/engagements/${id}/audit-program/lines`, {
      controlId: line.controlId,
    });
    expectError(again, 409, "CONFLICT");
    const foreign = await staff.request("POST", `/api/engagements/${id}/audit-program/lines`, {
      controlId: "nope",
    });
    expectError(foreign, 400, "VALIDATION");
  });

  it("refuses the request list before approval", async () => {
    const res = await staff.request("POST", `/api/engagements/${id}/audit-program/request-list`);
    expect(expectError(res, 409, "GUARD_FAILED").details.failures[0].guard).toBe("audit-program-approved");
  });

  it("lets only the engagement manager or a partner approve, and only what was reviewed", async () => {
    expectError(
      await staff.request("POST", `/api/engagements/${id}/audit-program/approve`),
      403,
      "FORBIDDEN",
    );
    const stale = await manager.request("POST", `/api/engagements/${id}/audit-program/approve`, {
      ifMatch: "x",
    });
    expectError(stale, 409, "CONFLICT");
    const { program: draft } = await program();
    const res = await manager.request("POST", `/api/engagements/${id}/audit-program/approve`, {
      ifMatch: draft.etag,
    });
    expect(res.status, JSON.stringify(res.json())).toBe(200);
    expect(res.json().program).toMatchObject({
      version: 1,
      status: "approved",
      approvedAt: new Date(NOW).toISOString(),
    });
    expect(res.json().program.approvedBy.name).toMatch(/^engagement_manager/);
    expect(res.json().currentApproved.version).toBe(1);
    expect(res.json().permissions).toMatchObject({
      canEdit: false,
      canCreateVersion: true,
      canGenerateRequests: true,
    });
  });

  it("passes the lifecycle guard once approved", async () => {
    const move = await partner.request("POST", `/api/engagements/${id}/stage`, { to: "description_review" });
    const guards = expectError(move, 409, "GUARD_FAILED").details.failures.map((f: Json) => f.guard);
    expect(guards).toEqual(["system-description-complete"]);
  });

  it("freezes the approved version", async () => {
    const state = await program();
    const [line] = state.program.lines as Json[];
    const edit = await patchLine(line, { populationSource: "Changed" });
    expect(expectError(edit, 409, "CONFLICT").message).toMatch(
      /approved and frozen.*new version with a reason/,
    );
    expectError(
      await staff.request("POST", `/api/engagements/${id}/audit-program/generate`),
      409,
      "CONFLICT",
    );
    expectError(
      await staff.request("DELETE", `/api/engagements/${id}/audit-program/lines/${line.id}`),
      409,
      "CONFLICT",
    );
    expectError(
      await manager.request("POST", `/api/engagements/${id}/audit-program/approve`),
      409,
      "CONFLICT",
    );
  });

  it("changes the approved program only through a new version with a reason, which supersedes it once approved", async () => {
    const v1 = await program();
    const blank = await staff.request("POST", `/api/engagements/${id}/audit-program/versions`, {
      reason: "  ",
    });
    expectError(blank, 400, "VALIDATION");
    const reason = "The client replaced its ticketing system in June.";
    const res = await staff.request("POST", `/api/engagements/${id}/audit-program/versions`, { reason });
    expect(res.status).toBe(201);
    const v2 = res.json();
    expect(v2.program).toMatchObject({ version: 2, status: "draft", reason });
    expect(v2.currentApproved.version).toBe(1);
    expect(v2.versions.map((v: Json) => [v.version, v.status])).toEqual([
      [2, "draft"],
      [1, "approved"],
    ]);
    expect(v2.program.lines.map((l: Json) => l.code)).toEqual(v1.program.lines.map((l: Json) => l.code));
    const twice = await staff.request("POST", `/api/engagements/${id}/audit-program/versions`, { reason });
    expect(expectError(twice, 409, "CONFLICT").message).toMatch(/still a draft/);
    const oldLine = lineOf(v1, "IAM-04");
    expect(expectError(await patchLine(oldLine, { populationSource: "x" }), 409, "CONFLICT").message).toMatch(
      /earlier version/,
    );
    const edited = await patchLine(lineOf(v2, "IAM-04"), { populationSource: "ServiceNow access requests" });
    expect(edited.status).toBe(200);
    expect(lineOf(await program(id, manager, "?version=1"), "IAM-04").populationSource).toBe(
      "Jira ACCESS project export",
    );
    const approved = await partner.request("POST", `/api/engagements/${id}/audit-program/approve`);
    expect(approved.status).toBe(200);
    expect(approved.json().versions.map((v: Json) => [v.version, v.status])).toEqual([
      [2, "approved"],
      [1, "superseded"],
    ]);
    expect(approved.json().currentApproved.version).toBe(2);
    const [event] = await events("audit_program.approved");
    expect(event.summary).toMatchObject({ after: { version: 2 }, note: "supersedes version 1" });
    const [created] = await events("audit_program.version_created");
    expect(created.summary).toMatchObject({ note: reason, after: { version: 2, copiedFrom: 1 } });
    expectError(
      await outsider.request("GET", `/api/engagements/${id}/audit-program?version=1`),
      404,
      "NOT_FOUND",
    );
    expectError(
      await manager.request("GET", `/api/engagements/${id}/audit-program?version=9`),
      404,
      "NOT_FOUND",
    );
  });

  it("generates the request list from the approved program once, with due dates and assignees", async () => {
    expectError(
      await orgAdmin.request("POST", `/api/engagements/${id}/audit-program/request-list`),
      403,
      "FORBIDDEN",
    );
    const res = await staff.request("POST", `/api/engagements/${id}/audit-program/request-list`);
    expect(res.status, JSON.stringify(res.json())).toBe(200);
    expect(res.json()).toMatchObject({ programVersion: 2, existing: 0 });
    expect(res.json().created).toBeGreaterThan(20);
    const list = (await staff.request("GET", `/api/engagements/${id}/requests`)).json().requests as Json[];
    expect(list).toHaveLength(res.json().created);
    const access = list.filter((r) => r.control?.code === "IAM-04");
    const population = access.find((r) => r.what.startsWith("Complete list of serviceNow access requests"));
    expect(population).toMatchObject({
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
      dueDate: "2027-01-14",
      assignee: { id: ownerId },
    });
    expect(population.what).toMatch(/with the query or report that produced it \(IAM-04\)\.$/);
    expect(access.filter((r) => r !== population).every((r) => r.dueDate === "2027-01-28")).toBe(true);
    const automated = list.find((r) => /as configured during the period/.test(r.what));
    expect(automated.dueDate).toBe("2026-03-24");
    const again = await manager.request("POST", `/api/engagements/${id}/audit-program/request-list`, {
      dueDate: "2026-05-01",
    });
    expect(again.json()).toMatchObject({ created: 0, existing: res.json().created });
    expect((await staff.request("GET", `/api/engagements/${id}/requests`)).json().requests).toHaveLength(
      list.length,
    );
  });

  it("tests design only for Type 1, with one walkthrough and the due date given", async () => {
    const eid = await createEngagement({ name: "Type 1", type: "type1", asOfDate: "2026-06-30" });
    const res = await staff.request("POST", `/api/engagements/${eid}/audit-program/generate`);
    for (const line of res.json().program.lines as Json[]) {
      expect(line.sampleRule).toEqual({ kind: "design" });
      expect(line.sampleSize.size).toBe(1);
      expect(line.sampleSize.text).toMatch(/^Type 1: tests the design and implementation/);
    }
    const [line] = res.json().program.lines as Json[];
    const sampled = await patchLine(
      line,
      { sampleRule: { kind: "frequency", frequency: "daily" } },
      staff,
      eid,
    );
    expect(expectError(sampled, 400, "VALIDATION").message).toMatch(/Type 1 examination tests design/);
    const edited = await patchLine(line, { populationSource: "Edited source" }, staff, eid);
    expect(lineOf(edited.json(), line.code).populationSource).toBe("Edited source");
    const regenerated = await staff.request("POST", `/api/engagements/${eid}/audit-program/generate`);
    expect(regenerated.json().versions).toHaveLength(1);
    expect(lineOf(regenerated.json(), line.code).populationSource).toBe(line.populationSource);
    const [event] = await events("audit_program.regenerated", eid);
    expect(event.summary.before).toMatchObject({ version: 1, lines: expect.arrayContaining([line.code]) });
    expect((await manager.request("POST", `/api/engagements/${eid}/audit-program/approve`)).status).toBe(200);
    const list = await staff.request("POST", `/api/engagements/${eid}/audit-program/request-list`, {
      dueDate: "2026-07-31",
    });
    expect(list.json().created).toBeGreaterThan(0);
    const requests = (await staff.request("GET", `/api/engagements/${eid}/requests`)).json()
      .requests as Json[];
    expect(requests.every((r) => r.dueDate === "2026-07-31" && r.periodEnd === "2026-06-30")).toBe(true);
    expect(requests.some((r) => r.what.startsWith(`Walkthrough of ${line.code}`))).toBe(true);
    expect(requests.some((r) => r.what.startsWith("Complete list of"))).toBe(false);
  });

  it("closes gaps with a control, or with management's declaration that a criterion is not relevant", async () => {
    const eid = await createEngagement({
      name: "Availability",
      type: "type2",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
      categories: ["CC", "A"],
    });
    const generated = (await staff.request("POST", `/api/engagements/${eid}/audit-program/generate`)).json();
    expect(generated.program.coverage.gaps).toEqual([]);
    // Take out every line addressing availability, so its three criteria become gaps.
    for (const line of (generated.program.lines as Json[]).filter((l) =>
      l.criteria.some((c: string) => c.startsWith("A1")),
    )) {
      expect(
        (await staff.request("DELETE", `/api/engagements/${eid}/audit-program/lines/${line.id}`)).status,
      ).toBe(200);
    }
    const gaps = (await program(eid)).program.coverage.gaps as string[];
    expect(gaps).toEqual(expect.arrayContaining(["A1.1", "A1.2", "A1.3"]));
    const saved = await orgAdmin.request("PUT", `/api/engagements/${eid}/system-description`, {
      revision: 0,
      content: { notRelevant: [{ criterionId: "A1.3", reason: "No backups are restored for customers." }] },
    });
    expect(saved.status, JSON.stringify(saved.json())).toBe(200);
    const after = await program(eid);
    expect(after.program.coverage.notRelevant).toEqual(["A1.3"]);
    const rest = after.program.coverage.gaps as string[];
    expect(rest).toEqual(gaps.filter((g) => g !== "A1.3"));
    const refused = await manager.request("POST", `/api/engagements/${eid}/audit-program/approve`);
    expect(expectError(refused, 409, "GUARD_FAILED").details.gaps).toEqual(rest);
    const control = await orgAdmin.request("POST", `/api/organizations/${tenant.orgId}/controls`, {
      title: "Capacity monitoring",
      description: "Capacity is forecast and monitored against thresholds.",
      domain: "availability",
      criteria: rest,
      frequency: "monthly",
      automation: "manual",
    });
    expect(control.status, JSON.stringify(control.json())).toBe(201);
    const added = await staff.request("POST", `/api/engagements/${eid}/audit-program/lines`, {
      controlId: control.json().id,
    });
    expect(added.json().program.coverage.gaps).toEqual([]);
    expect((await manager.request("POST", `/api/engagements/${eid}/audit-program/approve`)).status).toBe(200);
  });

  it("keeps another firm's auditors out of every change", async () => {
    const state = await program();
    const [line] = state.program.lines as Json[];
    const calls: [string, string, unknown?][] = [
      ["PATCH", `/api/engagements/${id}/audit-program/lines/${line.id}`, { populationSource: "x" }],
      ["DELETE", `/api/engagements/${id}/audit-program/lines/${line.id}`],
      ["POST", `/api/engagements/${id}/audit-program/lines`, { controlId: line.controlId }],
      ["POST", `/api/engagements/${id}/audit-program/approve`],
      ["POST", `/api/engagements/${id}/audit-program/versions`, { reason: "x" }],
      ["POST", `/api/engagements/${id}/audit-program/request-list`],
    ];
    for (const [method, url, body] of calls)
      expectError(await outsider.request(method, url, body), 404, "NOT_FOUND");
    expect((await program()).program.etag).toBe(state.program.etag);
  });
});
