/**
 * The risk register through the API on both databases: ratings and bands, treatments and their
 * rules, the acceptance approver, filters and the heat map, history from the audit trail, who may
 * read and write (employee 403, the auditing firm read-only, another organization 404), my tasks,
 * and the CSV and JSON exports. Assessments are in risks-assessments.test.ts.
 */
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
import { riskBody, shiftDays } from "./risks-support.js";

describeEachDatabase("risk register", (target) => {
  let t: TestApp;
  let tenant: TestTenant;
  let admin: Session;
  let owner: Session;
  let employee: Session;
  let partner: Session;
  let staff: Session;
  let firmAdmin: Session;
  let outsider: Session;
  let ids: { admin: string; owner: string; employee: string };
  let foreignControl: string;
  const today = new Date().toISOString().slice(0, 10);
  const base = () => `/api/organizations/${tenant.orgId}/risks`;

  beforeAll(async () => {
    t = await createTestApp(target);
    tenant = await seedTenant(t, "risk");
    const other = await seedTenant(t, "riskb");
    admin = await signIn(t.app, tenant.users.org_admin);
    owner = await signIn(t.app, tenant.users.control_owner);
    employee = await signIn(t.app, tenant.users.employee);
    partner = await signIn(t.app, tenant.users.partner);
    staff = await signIn(t.app, tenant.users.staff_auditor);
    firmAdmin = await signIn(t.app, tenant.users.firm_admin);
    outsider = await signIn(t.app, other.users.org_admin);
    const id = async (email: string) => (await findUserByEmail(t.context.deps.db, email))!.id;
    ids = {
      admin: await id(tenant.users.org_admin.email),
      owner: await id(tenant.users.control_owner.email),
      employee: await id(tenant.users.employee.email),
    };
    const adopt = await admin.request("POST", `/api/organizations/${tenant.orgId}/controls/adopt`, {
      libraryIds: ["RSK-01", "RSK-02", "RSK-04", "RSK-05"],
    });
    expect(adopt.status).toBe(200);
    expect(
      (
        await outsider.request("POST", `/api/organizations/${other.orgId}/controls/adopt`, {
          libraryIds: ["RSK-02"],
        })
      ).status,
    ).toBe(200);
    const foreign = await outsider.request("GET", `/api/organizations/${other.orgId}/controls`);
    foreignControl = foreign.json().controls[0].id;
  });
  afterAll(async () => t?.close());

  it("creates a mitigated risk with its ratings, reference and history, and edits it", async () => {
    const created = await owner.request(
      "POST",
      base(),
      riskBody(ids.owner, {
        title: "UPI switch outage",
        controlIds: ["RSK-02"],
        reviewDate: shiftDays(today, 90),
      }),
    );
    expect(created.status).toBe(201);
    const risk = created.json().risk;
    expect(risk).toMatchObject({
      ref: "RISK-001",
      inherent: { score: 16, band: "high" },
      residual: { score: 6, band: "medium" },
      treatment: "mitigate",
      status: "open",
      reviewOverdue: false,
      owner: { id: ids.owner },
      controls: [{ code: "RSK-02" }],
    });
    const edited = await owner.request("PATCH", `/api/risks/${risk.id}`, {
      residualLikelihood: 1,
      residualImpact: 2,
      title: "UPI switch outage at NPCI peak",
    });
    expect(edited.status).toBe(200);
    expect(edited.json().risk.residual).toEqual({ score: 2, band: "low" });
    const detail = (await partner.request("GET", `/api/risks/${risk.id}`)).json();
    expect(detail.history.map((h: Json) => h.action)).toEqual(["risk.created", "risk.updated"]);
    const change = detail.history[1].changes;
    expect(change).toEqual(
      expect.arrayContaining([
        { field: "residualLikelihood", from: 2, to: 1 },
        { field: "title", from: "UPI switch outage", to: "UPI switch outage at NPCI peak" },
      ]),
    );
    expect(detail.permissions.canEdit).toBe(false);
    const closed = await owner.request("PATCH", `/api/risks/${risk.id}`, { status: "closed" });
    expect(closed.json().risk).toMatchObject({ status: "closed" });
    expect(closed.json().risk.closedAt).not.toBeNull();
    const reopened = await owner.request("PATCH", `/api/risks/${risk.id}`, { status: "open" });
    expect(reopened.json().risk.closedAt).toBeNull();
    expect(
      reopened
        .json()
        .history.map((h: Json) => h.action)
        .slice(-2),
    ).toEqual(["risk.closed", "risk.reopened"]);
  });

  it("refuses unsound treatments and foreign controls with clear errors", async () => {
    const noControls = await owner.request("POST", base(), riskBody(ids.owner, { controlIds: [] }));
    expect(expectError(noControls, 400, "VALIDATION").message).toMatch(/at least one linked control/);
    const upward = await owner.request("POST", base(), riskBody(ids.owner, { residualImpact: 5, impact: 4 }));
    expect(expectError(upward, 400, "VALIDATION").message).toMatch(/Residual impact cannot be higher/);
    const offScale = await owner.request("POST", base(), riskBody(ids.owner, { likelihood: 6 }));
    expectError(offScale, 400, "VALIDATION");
    const foreign = await owner.request(
      "POST",
      base(),
      riskBody(ids.owner, { controlIds: [foreignControl] }),
    );
    expectError(foreign, 404, "NOT_FOUND");
    const employeeOwner = await owner.request("POST", base(), riskBody(ids.employee));
    expect(expectError(employeeOwner, 400, "VALIDATION").message).toMatch(/owner must be/);
    const transfer = await owner.request(
      "POST",
      base(),
      riskBody(ids.owner, { treatment: "transfer", controlIds: [] }),
    );
    expect(expectError(transfer, 400, "VALIDATION").message).toMatch(/to whom/);
  });

  it("lets only organization writers change, the auditing firm read, and hides it from others", async () => {
    const created = (await owner.request("POST", base(), riskBody(ids.owner))).json().risk;
    expectError(await employee.request("GET", base()), 403, "FORBIDDEN");
    expectError(await employee.request("GET", `/api/risks/${created.id}`), 403, "FORBIDDEN");
    expectError(await firmAdmin.request("GET", base()), 403, "FORBIDDEN");
    const read = await staff.request("GET", base());
    expect(read.status).toBe(200);
    expect(read.json().permissions).toEqual({ canEdit: false, canApproveAssessments: false });
    expect(read.json().people).toEqual([]);
    expectError(await partner.request("POST", base(), riskBody(ids.owner)), 403, "FORBIDDEN");
    expectError(
      await partner.request("PATCH", `/api/risks/${created.id}`, { title: "x y" }),
      403,
      "FORBIDDEN",
    );
    expectError(await outsider.request("GET", base()), 404, "NOT_FOUND");
    expectError(await outsider.request("GET", `/api/risks/${created.id}`), 404, "NOT_FOUND");
    expectError(
      await outsider.request("PATCH", `/api/risks/${created.id}`, { title: "x y" }),
      404,
      "NOT_FOUND",
    );
    expectError(
      await outsider.request("POST", `/api/risks/${created.id}/approve-acceptance`),
      404,
      "NOT_FOUND",
    );
    expectError(await outsider.request("GET", `${base()}/export?format=json`), 404, "NOT_FOUND");
  });

  it("takes an acceptance only with an organization admin other than the owner, who then approves it", async () => {
    const accept = { treatment: "accept", controlIds: [], acceptExpiresOn: shiftDays(today, 180) };
    const self = await admin.request(
      "POST",
      base(),
      riskBody(ids.admin, { ...accept, acceptApproverUserId: ids.admin }),
    );
    expect(expectError(self, 400, "VALIDATION").message).toMatch(/other than the risk's owner/);
    const notAdmin = await admin.request(
      "POST",
      base(),
      riskBody(ids.admin, { ...accept, acceptApproverUserId: ids.owner }),
    );
    expect(expectError(notAdmin, 400, "VALIDATION").message).toMatch(/Only an organization admin/);
    const past = await owner.request(
      "POST",
      base(),
      riskBody(ids.owner, { ...accept, acceptApproverUserId: ids.admin, acceptExpiresOn: today }),
    );
    expectError(past, 400, "VALIDATION");
    const created = await owner.request(
      "POST",
      base(),
      riskBody(ids.owner, { ...accept, acceptApproverUserId: ids.admin }),
    );
    expect(created.status).toBe(201);
    const risk = created.json().risk;
    expect(risk.acceptance).toMatchObject({ approver: { id: ids.admin }, approvedAt: null, expired: false });
    const tasks = (await admin.request("GET", `${base()}/my-tasks`)).json().tasks;
    expect(tasks).toContainEqual(expect.objectContaining({ kind: "approve_acceptance", riskId: risk.id }));
    expectError(await owner.request("POST", `/api/risks/${risk.id}/approve-acceptance`), 403, "FORBIDDEN");
    const approved = await admin.request("POST", `/api/risks/${risk.id}/approve-acceptance`);
    expect(approved.status).toBe(200);
    expect(approved.json().risk.acceptance.approvedAt).not.toBeNull();
    expectError(await admin.request("POST", `/api/risks/${risk.id}/approve-acceptance`), 409, "CONFLICT");
    expect(
      (await admin.request("GET", `${base()}/my-tasks`)).json().tasks.map((x: Json) => x.riskId),
    ).not.toContain(risk.id);
    // New terms need a new approval.
    const extended = await owner.request("PATCH", `/api/risks/${risk.id}`, {
      acceptExpiresOn: shiftDays(today, 300),
    });
    expect(extended.json().risk.acceptance.approvedAt).toBeNull();
    // Moving to another treatment drops the acceptance altogether.
    const moved = await owner.request("PATCH", `/api/risks/${risk.id}`, {
      treatment: "transfer",
      transferTo: "ICICI Lombard cyber cover",
    });
    expect(moved.json().risk).toMatchObject({ acceptance: null, transferTo: "ICICI Lombard cyber cover" });
  });

  it("filters by band, cell, treatment, owner, category, overdue and status, with the heat map", async () => {
    const r = async (session: Session, owner: string, extra: Record<string, unknown>) => {
      const res = await session.request("POST", base(), riskBody(owner, extra));
      expect(res.status).toBe(201);
      return res.json().risk.id as string;
    };
    const critical = await r(admin, ids.admin, {
      title: "Merchant KYC fraud",
      category: "fraud",
      likelihood: 5,
      impact: 5,
      residualLikelihood: 4,
      residualImpact: 5,
      reviewDate: shiftDays(today, -3),
    });
    const low = await r(owner, ids.owner, { category: "privacy", residualLikelihood: 1, residualImpact: 1 });
    const ids_ = async (q: string, session = owner) =>
      (await session.request("GET", `${base()}?${q}`)).json().risks.map((x: Json) => x.id) as string[];
    expect(await ids_("band=critical")).toEqual([critical]);
    expect(await ids_("band=critical&basis=inherent")).toContain(critical);
    expect(await ids_("likelihood=4&impact=5")).toEqual([critical]);
    expect(await ids_("category=fraud")).toEqual([critical]);
    expect(await ids_("fraud=true")).toEqual([critical]);
    expect(await ids_("overdue=true")).toEqual([critical]);
    expect(await ids_("owner=me", admin)).toContain(critical);
    expect(await ids_("owner=me", admin)).not.toContain(low);
    expect(await ids_(`owner=${ids.owner}&category=privacy`)).toEqual([low]);
    expect(await ids_("treatment=avoid")).toEqual([]);
    expect(await ids_("status=closed")).toEqual([]);
    const list = (await owner.request("GET", base())).json();
    expect(list.heatMap.residual[3][4]).toBe(1);
    expect(list.heatMap.inherent[4][4]).toBeGreaterThanOrEqual(1);
    const open = list.risks.filter((x: Json) => x.status === "open").length;
    expect(list.heatMap.residual.flat().reduce((a: number, b: number) => a + b, 0)).toBe(open);
    expect(list.people.map((p: Json) => p.id).sort()).toEqual([ids.admin, ids.owner].sort());
    const tasks = (await admin.request("GET", `${base()}/my-tasks`)).json().tasks;
    expect(tasks).toContainEqual(expect.objectContaining({ kind: "review_overdue", riskId: critical }));
    expectError(await owner.request("GET", `${base()}?band=severe`), 400, "VALIDATION");
  });

  it("exports the register as formula-safe CSV and as JSON", async () => {
    await owner.request(
      "POST",
      base(),
      riskBody(ids.owner, { title: '=HYPERLINK("x") settlement file tamper' }),
    );
    const csv = await t.app.inject({
      method: "GET",
      url: `${base()}/export?format=csv`,
      headers: { cookie: owner.cookie },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    expect(csv.headers["content-disposition"]).toMatch(/risk-register-.*\.csv/);
    const lines = csv.body
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toMatch(/^Ref,Title,Category,Asset or process,Threat/);
    const all = (await owner.request("GET", base())).json().risks;
    expect(lines.length).toBe(all.length + 1);
    expect(csv.body).toContain('"\'=HYPERLINK(""x"") settlement file tamper"');
    const json = await t.app.inject({
      method: "GET",
      url: `${base()}/export?format=json&category=fraud`,
      headers: { cookie: partner.cookie },
    });
    expect(json.statusCode).toBe(200);
    const parsed = JSON.parse(json.body);
    expect(parsed.organizationId).toBe(tenant.orgId);
    expect(parsed.risks.length).toBeGreaterThan(0);
    expect(parsed.risks.every((x: Json) => x.category === "fraud")).toBe(true);
    expectError(await employee.request("GET", `${base()}/export?format=csv`), 403, "FORBIDDEN");
  });
});
