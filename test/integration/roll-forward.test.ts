/**
 * Roll-forward through the API (issue 4 §9): next year's engagement from this one, with the scope,
 * subservice organizations, the system description (without the old period's incidents), the
 * approved program as a new draft and the request list (open, without evidence, dates moved one
 * period on); evidence is not carried over, and an engagement is rolled forward only once.
 */
import { randomUUID } from "node:crypto";
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

describeEachDatabase("roll-forward", (target) => {
  let t: TestApp;
  let tenant: TestTenant;
  let partner: Session;
  let manager: Session;
  let staff: Session;
  let orgAdmin: Session;
  let outsider: Session;
  let ownerId: string;
  let id: string;
  let awsId: string;
  let before: { program: Json; requests: Json[] };

  const json = async (session: Session, method: string, url: string, body?: unknown, status = 200) => {
    const res = await session.request(method, url, body);
    expect(res.status, `${method} ${url}: ${JSON.stringify(res.json())}`).toBe(status);
    return res.json();
  };
  const requests = async (eid: string): Promise<Json[]> =>
    (await json(manager, "GET", `/api/engagements/${eid}/requests`)).requests;

  /** An evidence item of the organization, as the evidence repository stores one. */
  const addEvidence = async (): Promise<string> => {
    const evidenceId = randomUUID();
    await t.context.deps.db
      .insertInto("evidence_items")
      .values({
        id: evidenceId,
        org_id: tenant.orgId,
        series_id: evidenceId,
        version: 1,
        supersedes_id: null,
        title: "Access tickets export",
        description: null,
        media_type: "text/csv",
        size: 10,
        sha256: "0".repeat(64),
        original_name: "tickets.csv",
        effective_date: "2026-12-31",
        period_start: null,
        period_end: null,
        source: "upload",
        importer_id: null,
        checks: null,
        uploaded_by: null,
        uploaded_at: new Date().toISOString(),
      })
      .execute();
    return evidenceId;
  };

  beforeAll(async () => {
    t = await createTestApp(target);
    tenant = await seedTenant(t, "rf");
    const other = await seedTenant(t, "other");
    partner = await signIn(t.app, tenant.users.partner);
    manager = await signIn(t.app, tenant.users.engagement_manager);
    staff = await signIn(t.app, tenant.users.staff_auditor);
    orgAdmin = await signIn(t.app, tenant.users.org_admin);
    outsider = await signIn(t.app, other.users.partner);
    ownerId = (await findUserByEmail(t.context.deps.db, tenant.users.control_owner.email))?.id ?? "";
    ({ id } = await json(
      manager,
      "POST",
      `/api/organizations/${tenant.orgId}/engagements`,
      {
        name: "Payments SOC 2 2026",
        type: "type2",
        periodStart: "2026-01-01",
        periodEnd: "2026-12-31",
        categories: ["CC", "C"],
        boundary: { services: ["Payments API"], infrastructure: ["AWS ap-south-1"], locations: ["Mumbai"] },
      },
      201,
    ));
    awsId = (
      await json(
        manager,
        "POST",
        `/api/engagements/${id}/subservice-orgs`,
        { name: "Amazon Web Services", service: "Hosting", method: "carve-out" },
        201,
      )
    ).id;
    await json(orgAdmin, "PUT", `/api/engagements/${id}/system-description`, {
      revision: 0,
      content: {
        services: "Payments API for merchants in India.",
        incidents: [
          { date: "2026-05-01", nature: "Outage", extent: "Two hours", resolution: "Failover fixed" },
        ],
        subservice: [
          { subserviceId: awsId, csocs: [{ text: "Physical security" }], reportPeriodEnd: "2026-09-30" },
        ],
      },
    });
    await json(orgAdmin, "POST", `/api/organizations/${tenant.orgId}/controls/adopt`, { engagementId: id });
    const controls = await json(orgAdmin, "GET", `/api/organizations/${tenant.orgId}/controls`);
    const access = (controls.controls ?? controls).find((c: Json) => c.code === "IAM-04");
    await json(orgAdmin, "PATCH", `/api/controls/${access.id}`, { ownerUserId: ownerId });
    await json(staff, "POST", `/api/engagements/${id}/audit-program/generate`);
    await json(manager, "POST", `/api/engagements/${id}/audit-program/approve`);
    await json(staff, "POST", `/api/engagements/${id}/audit-program/request-list`, { dueDate: "2027-01-20" });
    await json(
      manager,
      "POST",
      `/api/engagements/${id}/requests`,
      { what: "Organization chart as of year end", dueDate: "2026-11-30" },
      201,
    );
    // One request answered with evidence and accepted: none of that may come along.
    const [first] = await requests(id);
    const evidenceId = await addEvidence();
    await json(orgAdmin, "POST", `/api/requests/${first.id}/evidence`, { attach: [evidenceId] });
    await json(orgAdmin, "POST", `/api/requests/${first.id}/submit`);
    await json(manager, "POST", `/api/requests/${first.id}/accept`);
    before = {
      program: (await json(manager, "GET", `/api/engagements/${id}/audit-program`)).program,
      requests: await requests(id),
    };
  });
  afterAll(async () => t?.close());

  it("is for the engagement manager or a partner of the auditing firm only", async () => {
    expectError(await staff.request("POST", `/api/engagements/${id}/roll-forward`), 403, "FORBIDDEN");
    expectError(await orgAdmin.request("POST", `/api/engagements/${id}/roll-forward`), 403, "FORBIDDEN");
    expectError(await outsider.request("POST", `/api/engagements/${id}/roll-forward`), 404, "NOT_FOUND");
    expect((await json(manager, "GET", "/api/engagements")).engagements).toHaveLength(1);
  });

  it("creates next year's engagement at Scoping, with the same scope and the period after this one", async () => {
    const res = await json(manager, "POST", `/api/engagements/${id}/roll-forward`, undefined, 201);
    expect(res.engagement).toMatchObject({
      name: "Payments SOC 2 2027",
      type: "type2",
      stage: "scoping",
      periodStart: "2027-01-01",
      periodEnd: "2027-12-31",
      asOfDate: null,
      previousEngagementId: id,
    });
    expect(res.copied).toEqual({
      subserviceOrgs: 1,
      systemDescription: true,
      programLines: before.program.lines.length,
      programFromVersion: 1,
      requests: before.requests.length,
    });
    const next = await json(manager, "GET", `/api/engagements/${res.engagement.id}`);
    const old = await json(manager, "GET", `/api/engagements/${id}`);
    expect(next.engagement).toMatchObject({
      categories: ["CC", "C"],
      boundary: old.engagement.boundary,
      firstReport: false,
      engagementLetterSignedAt: null,
    });
    expect(next.quote).toBeNull();
    expect(next.engagement.subserviceOrgs.map((s: Json) => [s.name, s.service, s.method])).toEqual([
      ["Amazon Web Services", "Hosting", "carve-out"],
    ]);
    expect(next.engagement.subserviceOrgs[0].id).not.toBe(awsId);
    expect(next.nextStep.blockers.map((b: Json) => b.guard)).toEqual(
      expect.arrayContaining(["quote-approved", "engagement-letter-signed"]),
    );
    const row = await t.context.deps.db
      .selectFrom("engagements")
      .select(["previous_engagement_id", "firm_id", "org_id"])
      .where("id", "=", res.engagement.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ previous_engagement_id: id, firm_id: tenant.firmId, org_id: tenant.orgId });
  });

  it("copies the approved program as version 1, a draft to approve again", async () => {
    const nextId = await nextEngagementId();
    const state = await json(manager, "GET", `/api/engagements/${nextId}/audit-program`);
    expect(state.program).toMatchObject({
      version: 1,
      status: "draft",
      reason: "Rolled forward from Payments SOC 2 2026, version 1.",
    });
    expect(state.currentApproved).toBeNull();
    const strip = (l: Json) => ({ ...l, id: undefined, updatedAt: undefined });
    expect(state.program.lines.map(strip)).toEqual(before.program.lines.map(strip));
    const [event] = (
      await json(manager, "GET", `/api/engagements/${nextId}/audit-events?action=audit_program.generated`)
    ).events;
    expect(event.summary.note).toMatch(/^Rolled forward from/);
  });

  it("copies the request list open and unanswered, with every date moved one period on", async () => {
    const nextId = await nextEngagementId();
    const copied = await requests(nextId);
    expect(copied.map((r) => [r.ref, r.what, r.control?.id ?? null, r.assignee?.id ?? null])).toEqual(
      before.requests.map((r) => [r.ref, r.what, r.control?.id ?? null, r.assignee?.id ?? null]),
    );
    expect(copied.every((r) => r.status === "open" && r.evidenceCount === 0 && r.commentCount === 0)).toBe(
      true,
    );
    const fromProgram = copied.filter((r) => r.control !== null);
    expect(
      fromProgram.every(
        (r) => r.periodStart === "2027-01-01" && r.periodEnd === "2027-12-31" && r.dueDate === "2028-01-20",
      ),
    ).toBe(true);
    expect(fromProgram.some((r) => r.assignee?.id === ownerId)).toBe(true);
    const chart = copied.find((r) => r.control === null);
    expect(chart).toMatchObject({ periodStart: null, periodEnd: null, dueDate: "2027-11-30" });
    const old = await requests(id);
    expect(old[0]).toMatchObject({ status: "accepted", evidenceCount: 1 });
    const next = await json(
      manager,
      "POST",
      `/api/engagements/${nextId}/requests`,
      { what: "A new ask" },
      201,
    );
    expect(next.ref).toBe(`REQ-${String(before.requests.length + 1).padStart(3, "0")}`);
  });

  it("carries the system description over without the old period's incidents and report dates", async () => {
    const nextId = await nextEngagementId();
    const next = await json(manager, "GET", `/api/engagements/${nextId}/system-description`);
    const newAws = next.subserviceOrgs[0].id;
    expect(next.content).toMatchObject({ services: "Payments API for merchants in India.", incidents: [] });
    expect(next.content.subservice).toEqual([
      expect.objectContaining({
        subserviceId: newAws,
        reportPeriodEnd: "",
        csocs: [{ text: "Physical security", criteria: [] }],
      }),
    ]);
  });

  it("refuses a second roll-forward of the same engagement", async () => {
    const res = await partner.request("POST", `/api/engagements/${id}/roll-forward`);
    const error = expectError(res, 409, "CONFLICT");
    expect(error.message).toMatch(/already rolled forward to "Payments SOC 2 2027"/);
    expect(error.details.engagementId).toBe(await nextEngagementId());
    expect((await json(manager, "GET", "/api/engagements")).engagements).toHaveLength(2);
    const [event] = (
      await json(manager, "GET", `/api/engagements/${id}/audit-events?action=engagement.rolled_forward`)
    ).events;
    expect(event.summary.after).toMatchObject({
      name: "Payments SOC 2 2027",
      requests: before.requests.length,
    });
  });

  it("moves a Type 1 as-of date a year on and takes the name given", async () => {
    const { id: type1 } = await json(
      manager,
      "POST",
      `/api/organizations/${tenant.orgId}/engagements`,
      { name: "Vendor portal", type: "type1", asOfDate: "2026-06-30" },
      201,
    );
    const res = await json(
      partner,
      "POST",
      `/api/engagements/${type1}/roll-forward`,
      { name: "Vendor portal FY27" },
      201,
    );
    expect(res.engagement).toMatchObject({
      name: "Vendor portal FY27",
      type: "type1",
      asOfDate: "2027-06-30",
    });
    expect(res.copied).toMatchObject({
      programLines: 0,
      programFromVersion: null,
      requests: 0,
      systemDescription: false,
    });
    const undated = await json(
      manager,
      "POST",
      `/api/organizations/${tenant.orgId}/engagements`,
      { name: "Undated", type: "type2" },
      201,
    );
    const refused = await manager.request("POST", `/api/engagements/${undated.id}/roll-forward`);
    expect(expectError(refused, 400, "VALIDATION").message).toMatch(/Set a valid period/);
  });

  const nextEngagementId = async (): Promise<string> =>
    (
      await t.context.deps.db
        .selectFrom("engagements")
        .select("id")
        .where("previous_engagement_id", "=", id)
        .executeTakeFirstOrThrow()
    ).id;
});
