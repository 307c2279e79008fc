/**
 * The evidence request list through the API and its use-cases: reference numbers, the lifecycle
 * open → submitted → returned → submitted → accepted with who may do each step, comments, evidence
 * links, notifications to the assignee, idempotent bulk creation, CSV and xlsx export, all-or-nothing
 * import with every error named, and property tests of the file round trip and of garbage files.
 */
import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserActor } from "../../src/app/actor.js";
import type { Deps } from "../../src/app/deps.js";
import { readRequestList } from "../../src/app/spreadsheets/request-list-reader.js";
import { createEngagement } from "../../src/app/use-cases/engagements.js";
import { exportRequestList, importRequestList } from "../../src/app/use-cases/request-list-transfer.js";
import type { CreateRequestInput } from "../../src/app/use-cases/request-model.js";
import { createRequestsBulk, getRequest, updateRequest } from "../../src/app/use-cases/requests.js";
import { AppError } from "../../src/core/errors.js";
import { dedupeKey, normaliseText, textProblem } from "../../src/core/evidence-requests.js";
import { findUserByEmail } from "../../src/db/repositories/users.js";
import { signInActor } from "../support/actors.js";
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

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

describeEachDatabase("evidence requests", (target) => {
  let t: TestApp;
  let deps: Deps;
  let tenant: TestTenant;
  let other: TestTenant;
  let partner: Session;
  let manager: Session;
  let staff: Session;
  let firmAdmin: Session;
  let orgAdmin: Session;
  let owner: Session;
  let employee: Session;
  let outsider: Session;
  let managerActor: UserActor;
  let ids: { owner: string; orgAdmin: string; employee: string; manager: string };
  let controls: { iam: string; chg: string; foreign: string };
  let engagementId: string;

  const addControl = async (orgId: string, code: string): Promise<string> => {
    const id = randomUUID();
    const now = new Date().toISOString();
    await deps.db
      .insertInto("org_controls")
      .values({
        id,
        org_id: orgId,
        library_id: null,
        code,
        domain: "Access",
        title: `Control ${code}`,
        description: "",
        criteria: "[]",
        frequency: "quarterly",
        automation: "manual",
        evidence: "[]",
        attributes: "[]",
        owner_user_id: null,
        status: "implemented",
        created_at: now,
        updated_at: now,
      })
      .execute();
    return id;
  };

  /** An evidence item of the organization, as the evidence repository stores one. */
  const addEvidence = async (orgId = tenant.orgId): Promise<string> => {
    const id = randomUUID();
    await deps.db
      .insertInto("evidence_items")
      .values({
        id,
        org_id: orgId,
        series_id: id,
        version: 1,
        supersedes_id: null,
        title: "Screenshot",
        description: null,
        media_type: "image/png",
        size: 10,
        sha256: "0".repeat(64),
        original_name: "screenshot.png",
        effective_date: "2026-03-31",
        period_start: null,
        period_end: null,
        source: "upload",
        importer_id: null,
        checks: null,
        uploaded_by: null,
        uploaded_at: new Date().toISOString(),
      })
      .execute();
    return id;
  };

  const newEngagement = async (name = "SOC 2 Type 2"): Promise<string> => {
    const res = await manager.request("POST", `/api/organizations/${tenant.orgId}/engagements`, {
      name,
      type: "type2",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
    });
    expect(res.status).toBe(201);
    return res.json().id;
  };

  const create = async (eid: string, body: Record<string, unknown>, session = manager): Promise<Json> => {
    const res = await session.request("POST", `/api/engagements/${eid}/requests`, body);
    expect(res.status, JSON.stringify(res.json())).toBe(201);
    return res.json();
  };

  const get = async (id: string, session: Session = manager): Promise<Json> => {
    const res = await session.request("GET", `/api/requests/${id}`);
    expect(res.status).toBe(200);
    return res.json().request;
  };

  const list = async (eid: string, query = "", session: Session = manager): Promise<Json[]> => {
    const res = await session.request("GET", `/api/engagements/${eid}/requests${query}`);
    expect(res.status).toBe(200);
    return res.json().requests;
  };

  /** Sends a file as the raw body of a request, the way a browser or curl uploads it. */
  const upload = async (session: Session, eid: string, body: Buffer | string, contentType = "text/csv") => {
    const res = await t.app.inject({
      method: "POST",
      url: `/api/engagements/${eid}/requests/import`,
      headers: { cookie: session.cookie, "x-csrf-token": session.csrf, "content-type": contentType },
      payload: body,
    });
    return { status: res.statusCode, json: () => res.json() };
  };

  const download = async (session: Session, eid: string, format: "csv" | "xlsx") => {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/engagements/${eid}/requests/export?format=${format}`,
      headers: { cookie: session.cookie },
    });
    return { status: res.statusCode, headers: res.headers, body: res.rawPayload };
  };

  const eventsOf = (targetId: string) =>
    deps.db
      .selectFrom("audit_events")
      .select(["action", "firm_id", "org_id", "engagement_id", "actor_user_id", "summary"])
      .where("target_id", "=", targetId)
      .orderBy("seq")
      .execute();

  const notificationsOf = async (session: Session): Promise<Json[]> =>
    (await session.request("GET", "/api/notifications")).json().notifications;

  /** Every row of the engagement's requests, comments and links, to prove nothing changed. */
  const snapshot = async (eid: string) => ({
    requests: await deps.db
      .selectFrom("evidence_requests")
      .selectAll()
      .where("engagement_id", "=", eid)
      .orderBy("seq")
      .execute(),
    counter: await deps.db
      .selectFrom("evidence_request_counters")
      .selectAll()
      .where("engagement_id", "=", eid)
      .execute(),
    events: Number(
      (
        await deps.db
          .selectFrom("audit_events")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("engagement_id", "=", eid)
          .executeTakeFirstOrThrow()
      ).n,
    ),
  });

  beforeAll(async () => {
    t = await createTestApp(target);
    deps = t.context.deps;
    tenant = await seedTenant(t, "req");
    other = await seedTenant(t, "other");
    partner = await signIn(t.app, tenant.users.partner);
    manager = await signIn(t.app, tenant.users.engagement_manager);
    staff = await signIn(t.app, tenant.users.staff_auditor);
    firmAdmin = await signIn(t.app, tenant.users.firm_admin);
    orgAdmin = await signIn(t.app, tenant.users.org_admin);
    owner = await signIn(t.app, tenant.users.control_owner);
    employee = await signIn(t.app, tenant.users.employee);
    outsider = await signIn(t.app, other.users.engagement_manager);
    managerActor = await signInActor(deps, tenant.users.engagement_manager.email);
    const idOf = async (email: string) => (await findUserByEmail(deps.db, email))?.id ?? "";
    ids = {
      owner: await idOf(tenant.users.control_owner.email),
      orgAdmin: await idOf(tenant.users.org_admin.email),
      employee: await idOf(tenant.users.employee.email),
      manager: await idOf(tenant.users.engagement_manager.email),
    };
    controls = {
      iam: await addControl(tenant.orgId, "IAM-01"),
      chg: await addControl(tenant.orgId, "CHG-02"),
      foreign: await addControl(other.orgId, "IAM-01"),
    };
    engagementId = await newEngagement();
  });
  afterAll(async () => t?.close());

  describe("creating and numbering", () => {
    it("numbers requests REQ-001, REQ-002… per engagement, and keeps the number through edits", async () => {
      const eid = await newEngagement("Numbering");
      const second = await newEngagement("Numbering 2");
      const a = await create(eid, { what: "Access review evidence" });
      const b = await create(eid, { what: "Change tickets", controlId: controls.chg });
      const c = await create(second, { what: "Access review evidence" });
      expect([a.ref, b.ref, c.ref]).toEqual(["REQ-001", "REQ-002", "REQ-001"]);
      const patched = await manager.request("PATCH", `/api/requests/${a.id}`, {
        what: "Quarterly access review",
      });
      expect(patched.status).toBe(200);
      expect(patched.json().request).toMatchObject({ ref: "REQ-001", what: "Quarterly access review" });
      const d = await create(eid, { what: "Backups" });
      expect(d.ref).toBe("REQ-003");
      expect((await list(eid)).map((r) => r.ref)).toEqual(["REQ-001", "REQ-002", "REQ-003"]);
    });

    it("hands out consecutive numbers and creates nothing twice under concurrent requests", async () => {
      const eid = await newEngagement("Concurrent");
      const singles = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          manager.request("POST", `/api/engagements/${eid}/requests`, { what: `Concurrent ${i}` }),
        ),
      );
      expect(singles.map((r) => r.status)).toEqual(Array(8).fill(201));
      const items = Array.from({ length: 5 }, (_, i) => ({ what: `Bulk ${i}` }));
      const bulks = await Promise.all(
        Array.from({ length: 4 }, () => createRequestsBulk(deps, managerActor, eid, items)),
      );
      expect(bulks.reduce((n, b) => n + b.created, 0)).toBe(5);
      const refs = (await list(eid)).map((r) => r.ref);
      expect(refs).toEqual(Array.from({ length: 13 }, (_, i) => `REQ-${String(i + 1).padStart(3, "0")}`));
    });

    it("stores the control, what, period, due date and assignee, and shows them", async () => {
      const r = await create(engagementId, {
        controlId: controls.iam,
        what: "  User access review\r\nfor Q1  ",
        periodStart: "2026-01-01",
        periodEnd: "2026-03-31",
        dueDate: "2026-04-15",
        assigneeUserId: ids.owner,
      });
      expect(r).toMatchObject({
        control: { id: controls.iam, code: "IAM-01", title: "Control IAM-01" },
        what: "User access review\nfor Q1",
        periodStart: "2026-01-01",
        periodEnd: "2026-03-31",
        dueDate: "2026-04-15",
        assignee: { id: ids.owner, email: tenant.users.control_owner.email },
        status: "open",
        evidenceCount: 0,
        commentCount: 0,
      });
    });

    it("refuses other organizations' controls, people outside the answering roles, bad dates and periods", async () => {
      const bad = async (body: Record<string, unknown>, pattern: RegExp) => {
        const res = await manager.request("POST", `/api/engagements/${engagementId}/requests`, body);
        expect(expectError(res, 400, "VALIDATION").message).toMatch(pattern);
      };
      await bad({ what: "x", controlId: controls.foreign }, /controlId: there is no control/);
      await bad({ what: "x", assigneeUserId: ids.employee }, /organization admin or control owner/);
      await bad({ what: "x", assigneeUserId: ids.manager }, /organization admin or control owner/);
      await bad({ what: "x", dueDate: "2026-02-30" }, /dueDate/);
      await bad(
        { what: "x", periodStart: "2026-06-01", periodEnd: "2026-01-01" },
        /ends \(2026-01-01\) before/,
      );
      await bad({ what: "   " }, /what/);
    });

    it("refuses a duplicate (same control, request and period) with 409 naming the existing one", async () => {
      const eid = await newEngagement("Duplicates");
      await create(eid, { what: "Firewall rules", controlId: controls.chg, periodStart: "2026-01-01" });
      const res = await manager.request("POST", `/api/engagements/${eid}/requests`, {
        what: "firewall   RULES",
        controlId: controls.chg,
        periodStart: "2026-01-01",
      });
      expect(expectError(res, 409, "CONFLICT").message).toMatch(/REQ-001 already asks for this/);
      // A different period is a different request.
      expect((await create(eid, { what: "Firewall rules", controlId: controls.chg })).ref).toBe("REQ-002");
    });

    it("lets only the auditing team create requests", async () => {
      for (const s of [orgAdmin, owner, firmAdmin]) {
        const res = await s.request("POST", `/api/engagements/${engagementId}/requests`, { what: "Nope" });
        expectError(res, 403, "FORBIDDEN");
      }
      expect((await create(engagementId, { what: "By the partner" }, partner)).status).toBe("open");
      expect((await create(engagementId, { what: "By staff" }, staff)).status).toBe("open");
    });
  });

  describe("the lifecycle", () => {
    it("goes open → submitted → returned → submitted → accepted, each step by its side only", async () => {
      const eid = await newEngagement("Lifecycle");
      const r = await create(eid, { what: "Background checks for new joiners", assigneeUserId: ids.owner });
      const post = (s: Session, step: string, body?: unknown) =>
        s.request("POST", `/api/requests/${r.id}/${step}`, body);

      // Nothing to submit yet.
      expect(expectError(await post(owner, "submit"), 409, "GUARD_FAILED").message).toMatch(
        /attach evidence/,
      );
      // The firm cannot answer, the organization cannot decide.
      expectError(await post(manager, "submit"), 403, "FORBIDDEN");
      expectError(await post(owner, "accept"), 403, "FORBIDDEN");
      expectError(await post(manager, "accept"), 409, "CONFLICT");
      const evidence = [await addEvidence(), await addEvidence()];
      for (const foreign of [await addEvidence(other.orgId), randomUUID()]) {
        const refused = await post(owner, "evidence", { attach: [foreign] });
        expect(expectError(refused, 400, "VALIDATION").message).toContain(
          `${foreign} is not an evidence item`,
        );
      }
      expectError(await post(manager, "evidence", { attach: evidence }), 403, "FORBIDDEN");
      const attached = await post(owner, "evidence", { attach: evidence });
      expect(attached.status).toBe(200);
      expect(attached.json().request.evidenceCount).toBe(2);

      const submitted = await post(owner, "submit");
      expect(submitted.status).toBe(200);
      expect(submitted.json().request).toMatchObject({
        status: "submitted",
        submittedAt: expect.any(String),
      });
      expectError(await post(owner, "submit"), 409, "CONFLICT");
      expectError(await post(owner, "evidence", { detach: [evidence[0]] }), 409, "CONFLICT");
      expectError(await post(orgAdmin, "return", { reason: "Not mine to return" }), 403, "FORBIDDEN");
      expectError(await post(manager, "return", {}), 400, "VALIDATION");

      const returned = await post(manager, "return", { reason: "Two joiners are missing: A. Rao, K. Shah." });
      expect(returned.status).toBe(200);
      expect(returned.json().request.status).toBe("returned");

      // The organization answers again: a comment, one more evidence item, submit.
      expect((await post(owner, "comments", { text: "Added the two missing checks." })).status).toBe(201);
      expect(
        (await post(orgAdmin, "evidence", { attach: [await addEvidence()], detach: [evidence[1]] })).status,
      ).toBe(200);
      expect((await post(orgAdmin, "submit")).json().request.status).toBe("submitted");
      expectError(await post(staff, "submit"), 403, "FORBIDDEN");
      const accepted = await post(staff, "accept");
      expect(accepted.status).toBe(200);
      expect(accepted.json().request).toMatchObject({ status: "accepted", acceptedAt: expect.any(String) });

      // Accepted is final.
      expectError(await post(manager, "return", { reason: "Changed my mind" }), 409, "CONFLICT");
      expectError(
        await manager.request("PATCH", `/api/requests/${r.id}`, { dueDate: "2026-12-01" }),
        409,
        "CONFLICT",
      );
      expectError(await post(owner, "evidence", { attach: [await addEvidence()] }), 409, "CONFLICT");

      const view = await manager.request("GET", `/api/requests/${r.id}`);
      const body = view.json();
      expect(body.request.evidenceIds).toHaveLength(2);
      expect(body.request.evidenceIds).toContain(evidence[0]);
      expect(body.request.comments.map((c: Json) => [c.kind, c.side, c.text])).toEqual([
        ["return", "firm", "Two joiners are missing: A. Rao, K. Shah."],
        ["comment", "org", "Added the two missing checks."],
      ]);
      expect(body.permissions).toMatchObject({ canAccept: false, canReturn: false, canEdit: false });

      const events = await eventsOf(r.id);
      expect(events.map((e) => e.action)).toEqual([
        "request.created",
        "request.evidence_changed",
        "request.submitted",
        "request.returned",
        "request.commented",
        "request.evidence_changed",
        "request.submitted",
        "request.accepted",
      ]);
      for (const e of events) {
        expect(e).toMatchObject({ firm_id: tenant.firmId, org_id: tenant.orgId, engagement_id: eid });
        expect(e.actor_user_id).toBeTruthy();
      }
      expect(JSON.parse(events[3]?.summary ?? "{}")).toMatchObject({
        before: { status: "submitted" },
        after: { status: "returned" },
        note: "Two joiners are missing: A. Rao, K. Shah.",
      });
    });

    it("submits with a comment instead of evidence when there is none to give", async () => {
      const r = await create(engagementId, { what: "Terminations in the period" });
      expect(
        (
          await owner.request("POST", `/api/requests/${r.id}/comments`, {
            text: "No terminations in the period.",
          })
        ).status,
      ).toBe(201);
      expect((await owner.request("POST", `/api/requests/${r.id}/submit`)).json().request.status).toBe(
        "submitted",
      );
    });
  });

  describe("comments, assignment and notifications", () => {
    it("keeps one thread per request from both sides, in order, and shows the last comment in the list", async () => {
      const r = await create(engagementId, { what: "Vendor SOC reports" });
      for (const [s, text] of [
        [manager, "Please include the AWS SOC 2."],
        [owner, "Uploaded, see attached."],
        [partner, "Thanks."],
      ] as const) {
        const res = await s.request("POST", `/api/requests/${r.id}/comments`, { text });
        expect(res.status).toBe(201);
      }
      expectError(
        await employee.request("POST", `/api/requests/${r.id}/comments`, { text: "Hi" }),
        403,
        "FORBIDDEN",
      );
      expectError(
        await firmAdmin.request("POST", `/api/requests/${r.id}/comments`, { text: "Hi" }),
        403,
        "FORBIDDEN",
      );
      const view = await get(r.id, owner);
      expect(view.comments.map((c: Json) => [c.side, c.text])).toEqual([
        ["firm", "Please include the AWS SOC 2."],
        ["org", "Uploaded, see attached."],
        ["firm", "Thanks."],
      ]);
      const row = (await list(engagementId)).find((x) => x.id === r.id);
      expect(row).toMatchObject({ commentCount: 3, lastComment: "Thanks." });
    });

    it("notifies the assignee on assignment, on reassignment within the organization, and on return", async () => {
      const eid = await newEngagement("Notify");
      const r = await create(eid, { what: "Encryption at rest settings", assigneeUserId: ids.owner });
      const assigned = (await notificationsOf(owner)).find(
        (n) => n.kind === "request.assigned" && n.title.includes("REQ-001") && n.link.includes(r.id),
      );
      expect(assigned?.body).toMatch(/Encryption at rest settings/);

      // The control owner hands it to the org admin; the control owner may not rewrite the request.
      expectError(
        await owner.request("PATCH", `/api/requests/${r.id}`, { what: "Something else" }),
        403,
        "FORBIDDEN",
      );
      expectError(
        await owner.request("PATCH", `/api/requests/${r.id}`, { assigneeUserId: ids.employee }),
        400,
        "VALIDATION",
      );
      const reassigned = await owner.request("PATCH", `/api/requests/${r.id}`, {
        assigneeUserId: ids.orgAdmin,
      });
      expect(reassigned.status).toBe(200);
      expect(reassigned.json().request.assignee.id).toBe(ids.orgAdmin);
      expect(
        (await notificationsOf(orgAdmin)).some((n) => n.kind === "request.assigned" && n.link.includes(r.id)),
      ).toBe(true);

      await orgAdmin.request("POST", `/api/requests/${r.id}/comments`, { text: "Screenshots attached." });
      expect((await orgAdmin.request("POST", `/api/requests/${r.id}/submit`)).status).toBe(200);
      expect(
        (await notificationsOf(manager)).some((n) => n.kind === "request.submitted" && n.link.includes(r.id)),
      ).toBe(true);
      await manager.request("POST", `/api/requests/${r.id}/return`, {
        reason: "The KMS key policy is missing.",
      });
      const returned = (await notificationsOf(orgAdmin)).find(
        (n) => n.kind === "request.returned" && n.link.includes(r.id),
      );
      expect(returned?.body).toMatch(/The KMS key policy is missing\./);
      // The control owner no longer holds it and hears nothing of the return.
      expect(
        (await notificationsOf(owner)).some((n) => n.kind === "request.returned" && n.link.includes(r.id)),
      ).toBe(false);
      const audit = await eventsOf(r.id);
      expect(audit.find((e) => e.action === "request.updated")?.summary).toContain(ids.orgAdmin);
    });

    it("filters the list by status, assignee and control", async () => {
      const eid = await newEngagement("Filters");
      const a = await create(eid, { what: "A", controlId: controls.iam, assigneeUserId: ids.owner });
      const b = await create(eid, { what: "B", controlId: controls.chg, assigneeUserId: ids.orgAdmin });
      const c = await create(eid, { what: "C" });
      await owner.request("POST", `/api/requests/${a.id}/comments`, { text: "done" });
      await owner.request("POST", `/api/requests/${a.id}/submit`);
      const refs = async (q: string, s: Session = manager) => (await list(eid, q, s)).map((r) => r.id);
      expect(await refs("?status=submitted")).toEqual([a.id]);
      expect(await refs("?status=open")).toEqual([b.id, c.id]);
      expect(await refs(`?assignee=${ids.orgAdmin}`)).toEqual([b.id]);
      expect(await refs("?assignee=me", owner)).toEqual([a.id]);
      expect(await refs("?assignee=none")).toEqual([c.id]);
      expect(await refs(`?control=${controls.chg}`)).toEqual([b.id]);
      expectError(
        await manager.request("GET", `/api/engagements/${eid}/requests?status=done`),
        400,
        "VALIDATION",
      );
    });
  });

  describe("who sees what", () => {
    it("shows employees nothing (403) and foreign tenants nothing (404)", async () => {
      const r = await create(engagementId, { what: "Policies" });
      expectError(
        await employee.request("GET", `/api/engagements/${engagementId}/requests`),
        403,
        "FORBIDDEN",
      );
      expectError(await employee.request("GET", `/api/requests/${r.id}`), 403, "FORBIDDEN");
      expectError(
        await employee.request("GET", `/api/engagements/${engagementId}/requests/export?format=csv`),
        403,
        "FORBIDDEN",
      );
      for (const [method, url, body] of [
        ["GET", `/api/engagements/${engagementId}/requests`, undefined],
        ["GET", `/api/requests/${r.id}`, undefined],
        ["PATCH", `/api/requests/${r.id}`, { what: "Mine now" }],
        ["POST", `/api/requests/${r.id}/accept`, undefined],
        ["POST", `/api/requests/${r.id}/comments`, { text: "hello" }],
        ["GET", `/api/engagements/${engagementId}/requests/export?format=xlsx`, undefined],
      ] as const) {
        expectError(await outsider.request(method, url, body), 404, "NOT_FOUND");
      }
      expect((await upload(outsider, engagementId, "Request\nSteal\n")).status).toBe(404);
      // The firm admin may read the list; the client's admin and control owner may too.
      for (const s of [firmAdmin, orgAdmin, owner])
        expect((await list(engagementId, "", s)).length).toBeGreaterThan(0);
      expect((await get(r.id)).what).toBe("Policies");
    });
  });

  describe("bulk creation from an audit program", () => {
    it("is idempotent on engagement, control, request and period", async () => {
      const eid = await newEngagement("Bulk");
      const items: CreateRequestInput[] = [
        {
          what: "Access review",
          controlId: controls.iam,
          periodStart: "2026-01-01",
          periodEnd: "2026-03-31",
        },
        {
          what: "Access review",
          controlId: controls.iam,
          periodStart: "2026-04-01",
          periodEnd: "2026-06-30",
        },
        { what: "Change approvals", controlId: controls.chg, assigneeUserId: ids.owner },
        { what: "Org chart", dueDate: "2026-02-01" },
      ];
      const first = await createRequestsBulk(deps, managerActor, eid, items);
      expect(first).toMatchObject({ created: 4, existing: 0 });
      expect(first.requests.map((r) => r.ref)).toEqual(["REQ-001", "REQ-002", "REQ-003", "REQ-004"]);

      // Again, with case and spacing changed and one new item plus a repeat inside the batch.
      const second = await createRequestsBulk(deps, managerActor, eid, [
        { ...items[0], what: "ACCESS   review" } as CreateRequestInput,
        items[2] as CreateRequestInput,
        { what: "Incident log" },
        { what: "incident LOG" },
      ]);
      expect(second.requests).toEqual([
        { id: first.requests[0]?.id, ref: "REQ-001", created: false },
        { id: first.requests[2]?.id, ref: "REQ-003", created: false },
        { id: expect.any(String), ref: "REQ-005", created: true },
        { id: second.requests[2]?.id, ref: "REQ-005", created: false },
      ]);
      expect(second).toMatchObject({ created: 1, existing: 3 });
      expect(await list(eid)).toHaveLength(5);
      const created = await deps.db
        .selectFrom("audit_events")
        .select("action")
        .where("engagement_id", "=", eid)
        .where("action", "=", "request.created")
        .execute();
      expect(created).toHaveLength(5);
      // The assignee heard once, for the one request that was created for them.
      const notes = (await notificationsOf(owner)).filter((n) =>
        n.link?.includes(first.requests[2]?.id ?? "-"),
      );
      expect(notes).toHaveLength(1);
    });

    it("works over HTTP, refuses bad items by index, and is for the auditing team only", async () => {
      const eid = await newEngagement("Bulk HTTP");
      const body = { items: [{ what: "Pen test report" }, { what: "Risk assessment" }] };
      const res = await staff.request("POST", `/api/engagements/${eid}/requests/bulk`, body);
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ created: 2, existing: 0 });
      expect(
        (await staff.request("POST", `/api/engagements/${eid}/requests/bulk`, body)).json(),
      ).toMatchObject({
        created: 0,
        existing: 2,
      });
      const bad = await manager.request("POST", `/api/engagements/${eid}/requests/bulk`, {
        items: [{ what: "ok" }, { what: "x", controlId: controls.foreign }],
      });
      expect(expectError(bad, 400, "VALIDATION").message).toMatch(/items\.1\.controlId/);
      expect(await list(eid)).toHaveLength(2);
      expectError(
        await owner.request("POST", `/api/engagements/${eid}/requests/bulk`, body),
        403,
        "FORBIDDEN",
      );
    });
  });

  describe("export", () => {
    let eid: string;
    beforeAll(async () => {
      eid = await newEngagement("Export: Acme & Co");
      const a = await create(eid, {
        controlId: controls.iam,
        what: '=HYPERLINK("http://evil.example")',
        periodStart: "2026-01-01",
        periodEnd: "2026-06-30",
        dueDate: "2026-07-15",
        assigneeUserId: ids.owner,
      });
      await create(eid, { what: 'Org chart, with "reporting" lines\nand roles' });
      await owner.request("POST", `/api/requests/${a.id}/evidence`, { attach: [await addEvidence()] });
      await owner.request("POST", `/api/requests/${a.id}/comments`, { text: "Attached the review." });
    });

    it("downloads CSV with its content type, a file name, and one row per request", async () => {
      const res = await download(orgAdmin, eid, "csv");
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
      expect(res.headers["content-disposition"]).toMatch(
        /^attachment; filename="requests-export-acme-co-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      const text = res.body.toString("utf8");
      expect(text.startsWith("\uFEFF")).toBe(true);
      const lines = text.slice(1).split("\r\n");
      expect(lines[0]).toBe(
        "Ref,Control,Request,Period start,Period end,Due date,Assignee (email),Status,Evidence count,Last comment",
      );
      expect(lines[1]).toBe(
        `REQ-001,IAM-01,"'=HYPERLINK(""http://evil.example"")",2026-01-01,2026-06-30,2026-07-15,${tenant.users.control_owner.email},Open,1,Attached the review.`,
      );
      expect(text).toContain('REQ-002,,"Org chart, with ""reporting"" lines\nand roles",,,,,Open,0,');
    });

    it("downloads xlsx with real dates, a frozen header row, sized columns and an autofilter", async () => {
      const res = await download(manager, eid, "xlsx");
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe(XLSX);
      expect(res.headers["content-disposition"]).toMatch(/\.xlsx"$/);
      expect(res.body.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
      const ws = wb.getWorksheet("Requests");
      if (!ws) throw new Error("no Requests sheet");
      expect(ws.getRow(1).values).toEqual([
        undefined,
        "Ref",
        "Control",
        "Request",
        "Period start",
        "Period end",
        "Due date",
        "Assignee (email)",
        "Status",
        "Evidence count",
        "Last comment",
      ]);
      const due = ws.getCell("F2");
      expect(due.value).toBeInstanceOf(Date);
      expect((due.value as Date).toISOString()).toBe("2026-07-15T00:00:00.000Z");
      expect(due.numFmt).toBe("yyyy-mm-dd");
      expect(ws.getCell("I2").value).toBe(1);
      expect(ws.getCell("C2").value).toBe('=HYPERLINK("http://evil.example")');
      expect(ws.getCell("C2").formula).toBeUndefined();
      expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(ws.autoFilter).toBeTruthy();
      expect(ws.getColumn(3).width).toBeGreaterThanOrEqual(40);
      expect(ws.getRow(1).font?.bold).toBe(true);
    });

    it("refuses an unknown format", async () => {
      const res = await manager.request("GET", `/api/engagements/${eid}/requests/export?format=pdf`);
      expectError(res, 400, "VALIDATION");
    });
  });

  describe("import", () => {
    const header = "Ref,Control,Request,Period start,Period end,Due date,Assignee (email),Status";

    it("updates rows by Ref, creates rows without one, and notifies new assignees", async () => {
      const eid = await newEngagement("Import");
      const a = await create(eid, { what: "Access review", controlId: controls.iam });
      const b = await create(eid, { what: "Backups" });
      const csv = [
        header,
        `REQ-001,IAM-01,Access review,2026-01-01,2026-06-30,2026-07-31,${tenant.users.control_owner.email},Open`,
        "REQ-002,,Backups,,,,,Open",
        `,CHG-02,Change approvals,2026-01-01,2026-12-31,2027-01-15,${tenant.users.org_admin.email.toUpperCase()},`,
        "",
        ",,Risk register,,,,,",
      ].join("\r\n");
      const res = await upload(manager, eid, csv);
      expect(res.status, JSON.stringify(res.json())).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ format: "csv", unchanged: 1, warnings: [] });
      expect(body.updated).toEqual([{ row: 2, id: a.id, ref: "REQ-001" }]);
      expect(body.created.map((c: Json) => [c.row, c.ref])).toEqual([
        [4, "REQ-003"],
        [6, "REQ-004"],
      ]);
      expect(await get(a.id)).toMatchObject({
        periodStart: "2026-01-01",
        periodEnd: "2026-06-30",
        dueDate: "2026-07-31",
        assignee: { id: ids.owner },
      });
      expect((await get(b.id)).updatedAt).toBe(b.updatedAt);
      const c = await get(body.created[0].id);
      expect(c).toMatchObject({
        control: { code: "CHG-02" },
        assignee: { id: ids.orgAdmin },
        status: "open",
      });
      expect((await notificationsOf(orgAdmin)).some((n) => n.link?.includes(c.id))).toBe(true);
      expect((await notificationsOf(owner)).some((n) => n.link?.includes(a.id))).toBe(true);
      const imported = await deps.db
        .selectFrom("audit_events")
        .select(["summary", "firm_id", "org_id"])
        .where("engagement_id", "=", eid)
        .where("action", "=", "request_list.imported")
        .execute();
      expect(imported).toHaveLength(1);
      expect(JSON.parse(imported[0]?.summary ?? "{}").after).toEqual({
        format: "csv",
        created: 2,
        updated: 1,
        unchanged: 1,
      });
      const updated = (await eventsOf(a.id)).find((e) => e.action === "request.updated");
      expect(JSON.parse(updated?.summary ?? "{}")).toMatchObject({
        before: { dueDate: null, assigneeUserId: null },
        after: { dueDate: "2026-07-31", assigneeUserId: ids.owner },
        note: "imported from csv",
      });
    });

    it("reports every bad row by row number and column, and changes nothing", async () => {
      const eid = await newEngagement("Import errors");
      const a = await create(eid, { what: "Access review" });
      const accepted = await create(eid, { what: "Done and dusted" });
      await owner.request("POST", `/api/requests/${accepted.id}/comments`, { text: "Here." });
      await owner.request("POST", `/api/requests/${accepted.id}/submit`);
      await manager.request("POST", `/api/requests/${accepted.id}/accept`);
      const before = await snapshot(eid);
      const csv = [
        header,
        "REQ-001,IAM-01,Access review (updated),,,,,", // row 2: fine on its own
        ",,New but fine,,,,,", // row 3: fine on its own
        `,NOPE-9,Unknown control,,,,${tenant.users.employee.email},`, // row 4
        ",,Dates,2026-06-01,2026-01-01,,,", // row 5
        "REQ-077,,Unknown ref,,,,,", // row 6
        ",,Late,,,next week,,", // row 7
        "REQ-002,,Done and dusted (edited),,,,,Accepted", // row 8
        "REQ-001,,Access review again,,,,,", // row 9
        ",,new BUT   fine,,,,,", // row 10: the same as row 3
        ",,Brand new,,,,,Submitted", // row 11
        ",,access review,,,,,", // row 12: REQ-001 by what it asks, already changed on row 2
      ].join("\n");
      const res = await upload(manager, eid, csv);
      const error = expectError(res, 400, "VALIDATION");
      expect(error.message).toMatch(/^The request list has 10 errors, so nothing was imported: /);
      expect(error.message).toContain("row 7, Due date: 'next week' is not a date (use YYYY-MM-DD)");
      expect(error.details.errors).toEqual([
        { row: 4, column: "Control", message: "'NOPE-9' is not a control of this organization" },
        {
          row: 4,
          column: "Assignee (email)",
          message: `'${tenant.users.employee.email}' is not an organization admin or control owner of the client`,
        },
        {
          row: 5,
          column: "Period end",
          message: "the period ends (2026-01-01) before it starts (2026-06-01)",
        },
        { row: 6, column: "Ref", message: "REQ-077 is not a request of this engagement" },
        { row: 7, column: "Due date", message: "'next week' is not a date (use YYYY-MM-DD)" },
        { row: 8, column: "Ref", message: "REQ-002 is accepted and can no longer be changed" },
        { row: 9, column: "Ref", message: "REQ-001 appears again (first on row 2)" },
        {
          row: 10,
          column: "Request",
          message: "asks for the same as row 3 (same control, request and period)",
        },
        { row: 11, column: "Status", message: "a new request starts Open; leave Status empty" },
        { row: 12, column: "Request", message: "is the same request as REQ-001, already on row 2" },
      ]);
      expect(await snapshot(eid)).toEqual(before);
      expect((await get(a.id)).what).toBe("Access review");
    });

    it("imports xlsx (real dates included), and tells that statuses are not changed by import", async () => {
      const eid = await newEngagement("Import xlsx");
      const a = await create(eid, { what: "Access review" });
      await owner.request("POST", `/api/requests/${a.id}/comments`, { text: "Here." });
      await owner.request("POST", `/api/requests/${a.id}/submit`);
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet("Requests");
      ws.addRow(["Ref", "Request", "Due date", "Status"]);
      ws.addRow(["REQ-001", "Access review", new Date(Date.UTC(2026, 8, 30)), "Accepted"]);
      ws.addRow([null, { richText: [{ text: "Firewall " }, { text: "config" }] }, "2026-10-01", null]);
      const bytes = Buffer.from(await wb.xlsx.writeBuffer());
      for (const type of [XLSX, "application/octet-stream"]) {
        const res = await upload(manager, eid, bytes, type);
        expect(res.status, JSON.stringify(res.json())).toBe(200);
        if (type === XLSX) {
          expect(res.json()).toMatchObject({
            format: "xlsx",
            updated: [{ ref: "REQ-001" }],
            created: [{ ref: "REQ-002" }],
          });
          expect(res.json().warnings).toEqual([
            { row: 2, column: "Status", message: expect.stringContaining("REQ-001 stays Submitted") },
          ]);
        } else {
          // The same file again changes nothing.
          expect(res.json()).toMatchObject({ updated: [], created: [], unchanged: 2 });
        }
      }
      expect(await get(a.id)).toMatchObject({ dueDate: "2026-09-30", status: "submitted" });
      expect((await list(eid)).map((r) => [r.ref, r.what, r.dueDate])).toEqual([
        ["REQ-001", "Access review", "2026-09-30"],
        ["REQ-002", "Firewall config", "2026-10-01"],
      ]);
    });

    it("refuses JSON, empty and unreadable bodies, and is for the auditing team only", async () => {
      const eid = await newEngagement("Import bodies");
      const json = await manager.request("POST", `/api/engagements/${eid}/requests/import`, { rows: [] });
      expectError(json, 415, "UNSUPPORTED_MEDIA_TYPE");
      expectError(await upload(manager, eid, ""), 400, "VALIDATION");
      expect(
        expectError(await upload(manager, eid, Buffer.from([0xff, 0xfe, 0x00, 0x41])), 400, "VALIDATION")
          .message,
      ).toMatch(/UTF-8/);
      expectError(
        await upload(manager, eid, Buffer.from("PK\u0003\u0004not a zip"), XLSX),
        400,
        "VALIDATION",
      );
      expectError(await upload(manager, eid, 'Request\n"unclosed\n'), 400, "VALIDATION");
      expectError(await upload(owner, eid, "Request\nx\n"), 403, "FORBIDDEN");
      expectError(await upload(manager, eid, "Request\nx\n", "image/png"), 415, "UNSUPPORTED_MEDIA_TYPE");
      const big = await upload(manager, eid, Buffer.alloc(6 * 1024 * 1024, 0x61));
      expectError(big, 413, "PAYLOAD_TOO_LARGE");
      expect(await list(eid)).toEqual([]);
    });
  });

  describe("properties", () => {
    const textArb = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            "=",
            "+",
            "-",
            "@",
            "'",
            '"',
            ",",
            ";",
            "\n",
            "\t",
            " ",
            "REQ-001",
            "日本",
            "🙂",
            "é",
          ),
          fc.string({ maxLength: 8 }),
          fc.string({ unit: "grapheme", maxLength: 3 }),
        ),
        { minLength: 1, maxLength: 8 },
      )
      .map((parts) => normaliseText(parts.join("")))
      .filter((s) => s.length > 0 && textProblem(s) === null);
    const dateArb = fc
      .date({
        min: new Date("2020-01-01T00:00:00Z"),
        max: new Date("2035-12-31T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    const itemArb = (): fc.Arbitrary<CreateRequestInput> =>
      fc
        .record({
          controlId: fc.option(fc.constantFrom(controls.iam, controls.chg), { nil: null }),
          what: textArb,
          period: fc.option(fc.tuple(dateArb, dateArb), { nil: null }),
          dueDate: fc.option(dateArb, { nil: null }),
          assigneeUserId: fc.option(fc.constantFrom(ids.owner, ids.orgAdmin), { nil: null }),
        })
        .map(({ period, ...rest }) => {
          const [s, e] = period ? [...period].sort() : [null, null];
          return { ...rest, periodStart: s ?? null, periodEnd: e ?? null };
        });
    const itemsArb = () =>
      fc.uniqueArray(itemArb(), {
        minLength: 1,
        maxLength: 6,
        selector: (i) =>
          dedupeKey({
            controlId: i.controlId ?? null,
            what: i.what,
            periodStart: i.periodStart ?? null,
            periodEnd: i.periodEnd ?? null,
          }),
      });

    it("export → import is lossless, as CSV and as xlsx", async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          itemsArb(),
          fc.constantFrom("csv" as const, "xlsx" as const),
          async (items, format) => {
            run += 1;
            const { id: eid } = await createEngagement(deps, managerActor, tenant.orgId, {
              name: `Round trip ${run}`,
              type: "type1",
              asOfDate: "2026-12-31",
              firstReport: true,
              categories: ["CC"],
            });
            const made = await createRequestsBulk(deps, managerActor, eid, items);
            expect(made.created).toBe(items.length);
            const exported = await exportRequestList(deps, managerActor, eid, format);

            // Scramble every request, then put the exported list back.
            for (const [i, r] of made.requests.entries()) {
              await updateRequest(deps, managerActor, r.id, {
                what: `scrambled ${run}-${i}`,
                controlId: null,
                periodStart: null,
                periodEnd: null,
                dueDate: "2099-12-31",
                assigneeUserId: ids.owner,
              });
            }
            const restored = await importRequestList(deps, managerActor, eid, exported.body);
            expect(restored).toMatchObject({ created: [], unchanged: 0 });
            expect(restored.updated).toHaveLength(items.length);

            const again = await exportRequestList(deps, managerActor, eid, format);
            const [before, after] = [await readRequestList(exported.body), await readRequestList(again.body)];
            expect(after.rows).toEqual(before.rows);
            if (format === "csv") expect(again.body.equals(exported.body)).toBe(true);
            for (const [i, item] of items.entries()) {
              const view = (await getRequest(deps, managerActor, made.requests[i]?.id ?? "")).request;
              expect({
                controlId: view.control?.id ?? null,
                what: view.what,
                periodStart: view.periodStart,
                periodEnd: view.periodEnd,
                dueDate: view.dueDate,
                assigneeUserId: view.assignee?.id ?? null,
              }).toEqual(item);
            }
            const noop = await importRequestList(deps, managerActor, eid, again.body);
            expect(noop).toMatchObject({ created: [], updated: [], unchanged: items.length });
          },
        ),
        { numRuns: target.name === "sqlite" ? 30 : 12 },
      );
    });

    it("random garbage files fail with VALIDATION and nothing else", async () => {
      const eid = await newEngagement("Garbage");
      await create(eid, { what: "Existing one", controlId: controls.iam });
      const cell = fc.oneof(
        fc.constantFrom(
          "",
          "REQ-001",
          "REQ-002",
          "req-1",
          "IAM-01",
          "NOPE",
          tenant.users.control_owner.email,
          "x@y",
          "2026-01-01",
          "2026-02-30",
          "Open",
          "Accepted",
          "=1+1",
          "'",
          "\u0000",
        ),
        fc.string({ maxLength: 12 }),
        fc.string({ unit: "binary", maxLength: 12 }),
      );
      const headerArb = fc.shuffledSubarray(
        [
          "Ref",
          "Control",
          "Request",
          "Period start",
          "Period end",
          "Due date",
          "Assignee (email)",
          "Status",
          "Evidence count",
          "Junk",
        ],
        { minLength: 0 },
      );
      const structured = fc
        .tuple(
          headerArb,
          fc.array(fc.array(cell, { maxLength: 11 }), { maxLength: 6 }),
          fc.constantFrom(",", ";"),
        )
        .map(([h, rows, sep]) =>
          Buffer.from(
            [h, ...rows].map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(sep)).join("\r\n"),
            "utf8",
          ),
        );
      const garbage = fc.oneof(
        structured,
        fc.string({ unit: "binary", maxLength: 200 }).map((s) => Buffer.from(s, "utf8")),
        fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
      );
      await fc.assert(
        fc.asyncProperty(garbage, async (bytes) => {
          try {
            await importRequestList(deps, managerActor, eid, bytes);
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
            expect((error as AppError).code, (error as Error).message).toBe("VALIDATION");
          }
        }),
        { numRuns: target.name === "sqlite" ? 200 : 80 },
      );
    });
  });
});
