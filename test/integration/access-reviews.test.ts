/**
 * Access review campaigns through the API on both databases: imports from the AWS credential report,
 * GitHub members JSON and a generic CSV with routing to managers or the system owner; decisions with
 * required reasons, bulk keep and no self-review; revocation tasks that close only with evidence; the
 * sign-off guard, the signed-off result as evidence on CC6.2/CC6.3 controls, immutability; reminders
 * (in-app and e-mail, on demand and when overdue); the readiness dashboard; export; tenant isolation.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deps } from "../../src/app/deps.js";
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
import { startSmtpServer, type TestSmtpServer } from "../support/smtp.js";

const fixture = (path: string) =>
  readFileSync(new URL(`../fixtures/importers/${path}`, import.meta.url), "utf8");
const GITHUB_MEMBERS = JSON.stringify([
  { login: "octocat", id: 1, type: "User", site_admin: false, role_name: "admin" },
  { login: "ravi-k", id: 2, type: "User", site_admin: false },
]);

const cookieOf = (setCookie: string | string[] | undefined, fallback: string): string => {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return list.find((c) => c.startsWith("fw_session="))?.split(";")[0] ?? fallback;
};

/** The app's clock is fake and TOTP follows the real one: users with MFA answer with a recovery code. */
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

describeEachDatabase("access review campaigns", (target) => {
  let t: TestApp;
  let deps: Deps;
  let smtp: TestSmtpServer;
  let now = new Date("2026-09-10T06:00:00Z");
  let tenant: TestTenant;
  let other: TestTenant;
  let admin: Session;
  let owner: Session;
  let employee: Session;
  let manager: Session;
  let outsider: Session;
  let ids: { admin: string; owner: string };
  let controls: { iam05: string; unrelated: string };

  const addControl = async (orgId: string, code: string, criteria: string[]): Promise<string> => {
    const id = randomUUID();
    const at = new Date().toISOString();
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
        criteria: JSON.stringify(criteria),
        frequency: "quarterly",
        automation: "manual",
        evidence: "[]",
        attributes: "[]",
        owner_user_id: null,
        status: "implemented",
        created_at: at,
        updated_at: at,
      })
      .execute();
    return id;
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp(target, { clock: () => now, smtpUrl: smtp.url });
    deps = t.context.deps;
    tenant = await seedTenant(t, "ar");
    other = await seedTenant(t, "arx");
    admin = await signInOn(t, tenant.users.org_admin);
    owner = await signInOn(t, tenant.users.control_owner);
    employee = await signInOn(t, tenant.users.employee);
    manager = await signInOn(t, tenant.users.engagement_manager);
    outsider = await signInOn(t, other.users.org_admin);
    const people = (await admin.request("GET", `/api/organizations/${tenant.orgId}/access-reviews`)).json()
      .people as Json[];
    ids = {
      admin: people.find((p) => p.role === "org_admin").id,
      owner: people.find((p) => p.role === "control_owner").id,
    };
    controls = {
      iam05: await addControl(tenant.orgId, "IAM-05", ["CC6.2", "CC6.3"]),
      unrelated: await addControl(tenant.orgId, "OPS-01", ["CC7.1"]),
    };
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const create = async (s: Session, name: string, dueDate = "2026-09-30") =>
    s.request("POST", `/api/organizations/${tenant.orgId}/access-reviews`, {
      name,
      dueDate,
      systems: [
        { name: "AWS production", ownerUserId: ids.owner },
        { name: "GitHub", ownerUserId: ids.owner },
      ],
    });
  const sys = (campaign: Json, name: string) => campaign.systems.find((s: Json) => s.name === name);
  const entry = (campaign: Json, account: string) =>
    campaign.entries.find((e: Json) => e.account === account);

  describe("a full campaign", () => {
    let campaign: Json;

    it("creates a draft campaign with a quarterly schedule; only admins and control owners may", async () => {
      expectError(await create(employee, "Q3"), 403, "FORBIDDEN");
      expectError(await create(manager, "Q3"), 403, "FORBIDDEN");
      expectError(await create(outsider, "Q3"), 404, "NOT_FOUND");
      const bad = await admin.request("POST", `/api/organizations/${tenant.orgId}/access-reviews`, {
        name: "Q3",
        dueDate: "2026-09-30",
        systems: [{ name: "AWS", ownerUserId: tenant.users.employee.email }],
      });
      expectError(bad, 400, "VALIDATION");
      const res = await create(owner, "Q3 FY27 access review");
      expect(res.status).toBe(201);
      campaign = res.json();
      expect(campaign.campaign).toMatchObject({
        status: "draft",
        schedule: "quarterly",
        dueDate: "2026-09-30",
        nextDueDate: "2026-12-30",
      });
      expect(campaign.systems.map((s: Json) => s.owner.id)).toEqual([ids.owner, ids.owner]);
    });

    it("imports AWS and GitHub exports and a CSV, routing to the manager or the system owner", async () => {
      const aws = await owner.request(
        "POST",
        `/api/access-review-systems/${sys(campaign, "AWS production").id}/import`,
        {
          format: "aws-credential-report",
          content: fixture("aws-credential-report/synthetic-cli-base64.json"),
        },
      );
      expect(aws.status).toBe(200);
      expect(aws.json()).toMatchObject({ added: 6, skipped: 0 });
      const again = await owner.request(
        "POST",
        `/api/access-review-systems/${sys(campaign, "AWS production").id}/import`,
        {
          format: "aws-credential-report",
          content: fixture("aws-credential-report/synthetic-mixed.csv"),
        },
      );
      expect(again.json()).toMatchObject({ added: 0, skipped: 6 });
      const gh = await owner.request(
        "POST",
        `/api/access-review-systems/${sys(campaign, "GitHub").id}/import`,
        {
          format: "github-members",
          content: GITHUB_MEMBERS,
        },
      );
      expect(gh.json().added).toBe(2);
      const broken = await owner.request(
        "POST",
        `/api/access-review-systems/${sys(campaign, "GitHub").id}/import`,
        {
          format: "github-members",
          content: '[{"id": 3}]',
        },
      );
      expect(expectError(broken, 400, "VALIDATION").message).toMatch(/\$\[0\]\.login is missing/);

      const added = await admin.request("POST", `/api/access-reviews/${campaign.campaign.id}/systems`, {
        name: "Razorpay dashboard",
        ownerUserId: ids.owner,
      });
      expect(added.status).toBe(201);
      const csv = [
        "account,name,email,entitlements,manager email",
        `asha,Asha Iyer,asha@paysetu.example,Refunds; Settlements,${tenant.users.org_admin.email}`,
        "kiran,Kiran Rao,kiran@paysetu.example,Owner,nobody@elsewhere.example",
        `${tenant.users.control_owner.email},Control Owner,${tenant.users.control_owner.email},Admin,`,
      ].join("\n");
      const imported = await admin.request(
        "POST",
        `/api/access-review-systems/${sys(added.json(), "Razorpay dashboard").id}/import`,
        { format: "csv", content: csv },
      );
      expect(imported.status).toBe(200);
      campaign = imported.json().campaign;
      expect(entry(campaign, "asha")).toMatchObject({ routedTo: "manager", reviewer: { id: ids.admin } });
      expect(entry(campaign, "asha").entitlements).toEqual(["Refunds", "Settlements"]);
      expect(entry(campaign, "kiran")).toMatchObject({ routedTo: "owner", reviewer: { id: ids.owner } });
      // The owner's own account goes to an admin: nobody reviews their own access.
      expect(entry(campaign, tenant.users.control_owner.email)).toMatchObject({
        routedTo: "fallback",
        reviewer: { id: ids.admin },
      });
      expect(entry(campaign, "ci-deployer").entitlements).toEqual(["Access key 1", "Access key 2"]);
      expect(campaign.campaign.progress).toEqual({ total: 11, decided: 0, percent: 0 });
    });

    it("launches, notifying each reviewer in the app and by e-mail", async () => {
      const draftDecide = await owner.request(
        "POST",
        `/api/access-reviews/${campaign.campaign.id}/decisions`,
        {
          entryIds: [entry(campaign, "kiran").id],
          decision: "keep",
        },
      );
      expectError(draftDecide, 409, "CONFLICT");
      const res = await owner.request("POST", `/api/access-reviews/${campaign.campaign.id}/launch`);
      expect(res.status).toBe(200);
      expect(res.json().campaign.status).toBe("open");
      await smtp.waitFor((m) => m.some((x) => x.to.includes(tenant.users.control_owner.email)));
      const mail = smtp.messages.find((x) => x.to.includes(tenant.users.control_owner.email));
      expect(mail?.subject).toMatch(/Access review: 9 accounts to review/);
      const tasks = (
        await owner.request("GET", `/api/organizations/${tenant.orgId}/access-reviews/my-tasks`)
      ).json().tasks;
      expect(tasks).toEqual([expect.objectContaining({ kind: "access-review.decide", count: 9 })]);
    });

    it("requires a reason for change and revoke, allows bulk keep only, and forbids other people's entries", async () => {
      const url = `/api/access-reviews/${campaign.campaign.id}/decisions`;
      const kiran = entry(campaign, "kiran").id;
      expect(
        expectError(
          await owner.request("POST", url, { entryIds: [kiran], decision: "revoke" }),
          400,
          "VALIDATION",
        ).message,
      ).toMatch(/needs a reason/);
      expect(
        expectError(
          await owner.request("POST", url, { entryIds: [kiran], decision: "change", reason: "Moved team" }),
          400,
          "VALIDATION",
        ).message,
      ).toMatch(/new entitlement/);
      const two = [entry(campaign, "alice").id, entry(campaign, "bob").id];
      expectError(
        await owner.request("POST", url, { entryIds: two, decision: "revoke", reason: "Left" }),
        400,
        "VALIDATION",
      );
      expectError(
        await owner.request("POST", url, { entryIds: [entry(campaign, "asha").id], decision: "keep" }),
        403,
        "FORBIDDEN",
      );
      expectError(
        await manager.request("POST", url, { entryIds: [kiran], decision: "keep" }),
        403,
        "FORBIDDEN",
      );
      expectError(
        await employee.request("POST", url, { entryIds: [kiran], decision: "keep" }),
        403,
        "FORBIDDEN",
      );
      expectError(
        await outsider.request("POST", url, { entryIds: [kiran], decision: "keep" }),
        404,
        "NOT_FOUND",
      );
      expectError(
        await owner.request("POST", url, { entryIds: ["nope"], decision: "keep" }),
        404,
        "NOT_FOUND",
      );

      const keepIds = campaign.entries
        .filter(
          (e: Json) => e.reviewer.id === ids.owner && !["bob", "kiran", "ci-deployer"].includes(e.account),
        )
        .map((e: Json) => e.id);
      const kept = await owner.request("POST", url, { entryIds: keepIds, decision: "keep" });
      expect(kept.status).toBe(200);
      const changed = await owner.request("POST", url, {
        entryIds: [entry(campaign, "ci-deployer").id],
        decision: "change",
        reason: "Second key unused since April",
        newEntitlements: ["Access key 1"],
      });
      expect(entry(changed.json(), "ci-deployer")).toMatchObject({
        decision: "change",
        newEntitlements: ["Access key 1"],
      });
      const revoked = await owner.request("POST", url, {
        entryIds: [kiran],
        decision: "revoke",
        reason: "Left in August",
      });
      campaign = revoked.json();
      expect(campaign.tasks).toEqual([
        expect.objectContaining({
          account: "kiran",
          status: "open",
          assignee: { id: ids.owner, name: expect.any(String) },
        }),
      ]);
      // The admin decides the entries routed to them (and may decide any).
      await admin.request("POST", url, {
        entryIds: [entry(campaign, "asha").id, entry(campaign, tenant.users.control_owner.email).id],
        decision: "keep",
      });
      campaign = (
        await admin.request("POST", url, {
          entryIds: [entry(campaign, "bob").id],
          decision: "revoke",
          reason: "Console user without MFA, not needed",
        })
      ).json();
      expect(campaign.campaign.progress).toEqual({ total: 11, decided: 11, percent: 100 });
      expect(campaign.campaign.status).toBe("open");
      expect(campaign.history.map((h: Json) => h.action)).toContain("access_review.decided");
      const revokeEvent = campaign.history.find((h: Json) => h.summary.after?.decision === "revoke");
      expect(revokeEvent.summary.after.entries[0]).toMatchObject({
        account: "bob",
        before: null,
        after: "revoke",
      });
    });

    it("refuses sign-off while revocation tasks are open; a task closes only with evidence of removal", async () => {
      const refused = expectError(
        await admin.request("POST", `/api/access-reviews/${campaign.campaign.id}/sign-off`),
        409,
        "GUARD_FAILED",
      );
      expect(refused.message).toMatch(/2 revocation tasks are still open/);
      const [kiranTask, bobTask] = ["kiran", "bob"].map((a) =>
        campaign.tasks.find((x: Json) => x.account === a),
      );
      expectError(
        await owner.request("POST", `/api/access-review-tasks/${kiranTask.id}/close`, {}),
        400,
        "VALIDATION",
      );
      expectError(
        await owner.request("POST", `/api/access-review-tasks/${kiranTask.id}/close`, { note: "done" }),
        400,
        "VALIDATION",
      );
      expectError(
        await owner.request("POST", `/api/access-review-tasks/${kiranTask.id}/close`, {
          evidenceId: "missing",
        }),
        404,
        "NOT_FOUND",
      );
      expectError(
        await outsider.request("POST", `/api/access-review-tasks/${kiranTask.id}/close`, {
          note: "Removed the user today.",
        }),
        404,
        "NOT_FOUND",
      );
      const closed = await owner.request("POST", `/api/access-review-tasks/${kiranTask.id}/close`, {
        note: "Removed kiran from the Razorpay dashboard team on 10 Sep; screenshot in ticket OPS-412.",
      });
      expect(closed.status).toBe(200);
      const task = closed.json().tasks.find((x: Json) => x.id === kiranTask.id);
      expect(task.status).toBe("closed");
      const note = await admin.request("GET", `/api/evidence/${task.evidenceId}`);
      expect(note.status).toBe(200);
      expect(note.json()).toMatchObject({ source: "generated", mediaType: "text/plain" });
      // A decision whose access is already removed stays.
      const change = await admin.request("POST", `/api/access-reviews/${campaign.campaign.id}/decisions`, {
        entryIds: [entry(campaign, "kiran").id],
        decision: "keep",
      });
      expectError(change, 409, "CONFLICT");
      // Closing with an existing evidence item of the organization.
      const done = await owner.request("POST", `/api/access-review-tasks/${bobTask.id}/close`, {
        evidenceId: task.evidenceId,
      });
      campaign = done.json();
      expect(campaign.campaign.status).toBe("completed");
      expect(campaign.signOffBlockers).toEqual([]);
    });

    it("signs off (admin only): the hashed result becomes evidence on the CC6.2/CC6.3 controls and the campaign freezes", async () => {
      expectError(
        await owner.request("POST", `/api/access-reviews/${campaign.campaign.id}/sign-off`),
        403,
        "FORBIDDEN",
      );
      const res = await admin.request("POST", `/api/access-reviews/${campaign.campaign.id}/sign-off`);
      expect(res.status).toBe(200);
      campaign = res.json();
      expect(campaign.campaign).toMatchObject({ status: "signed_off", signedOffBy: { id: ids.admin } });
      expect(campaign.campaign.resultSha256).toMatch(/^[0-9a-f]{64}$/);
      const item = (await manager.request("GET", `/api/evidence/${campaign.campaign.evidenceId}`)).json();
      expect(item).toMatchObject({
        source: "generated",
        sha256: campaign.campaign.resultSha256,
        mediaType: "application/json",
      });
      expect(item.controls.map((c: Json) => c.id)).toEqual([controls.iam05]);
      const download = await t.app.inject({
        method: "GET",
        url: `/api/evidence/${item.id}/download`,
        headers: { cookie: admin.cookie },
      });
      const result = JSON.parse(download.body);
      expect(result.entries).toHaveLength(11);
      expect(result.entries.find((e: Json) => e.account === "kiran")).toMatchObject({
        decision: "revoke",
        reason: "Left in August",
        removal: { evidenceId: expect.any(String) },
      });

      const url = `/api/access-reviews/${campaign.campaign.id}`;
      expectError(
        await admin.request("POST", `${url}/decisions`, {
          entryIds: [entry(campaign, "alice").id],
          decision: "revoke",
          reason: "Too late",
        }),
        409,
        "CONFLICT",
      );
      expectError(await admin.request("PATCH", url, { name: "Renamed" }), 409, "CONFLICT");
      expectError(
        await admin.request("POST", `${url}/systems`, { name: "Okta", ownerUserId: ids.owner }),
        409,
        "CONFLICT",
      );
      expectError(await admin.request("POST", `${url}/sign-off`), 409, "CONFLICT");
      expectError(await admin.request("POST", `${url}/reminders`), 409, "CONFLICT");
      expectError(
        await admin.request("POST", `/api/access-review-systems/${sys(campaign, "GitHub").id}/import`, {
          format: "github-members",
          content: GITHUB_MEMBERS,
        }),
        409,
        "CONFLICT",
      );
      expect(campaign.permissions).toMatchObject({ canManage: false, canSignOff: false });
    });

    it("lets the auditing firm read and export, but not another tenant or an employee", async () => {
      expect((await manager.request("GET", `/api/access-reviews/${campaign.campaign.id}`)).status).toBe(200);
      expectError(
        await outsider.request("GET", `/api/access-reviews/${campaign.campaign.id}`),
        404,
        "NOT_FOUND",
      );
      expectError(
        await outsider.request("GET", `/api/organizations/${tenant.orgId}/access-reviews`),
        404,
        "NOT_FOUND",
      );
      expectError(
        await employee.request("GET", `/api/access-reviews/${campaign.campaign.id}`),
        403,
        "FORBIDDEN",
      );
      expectError(
        await outsider.request("GET", `/api/organizations/${tenant.orgId}/access-reviews/export`),
        404,
        "NOT_FOUND",
      );
      const csv = await t.app.inject({
        method: "GET",
        url: `/api/organizations/${tenant.orgId}/access-reviews/export?format=csv&campaign=${campaign.campaign.id}`,
        headers: { cookie: manager.cookie },
      });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers["content-type"]).toMatch(/text\/csv/);
      const lines = csv.body.trim().split("\n");
      expect(lines[0]).toMatch(/^campaign,campaign_status,due_date,system,system_owner,account,/);
      expect(lines).toHaveLength(12);
      expect(lines.find((l) => l.includes(",kiran,"))).toMatch(/revoke,,Left in August,.*,closed,/);
      const json = (
        await manager.request("GET", `/api/organizations/${tenant.orgId}/access-reviews/export?format=json`)
      ).json();
      expect(json.campaigns[0]).toMatchObject({ id: campaign.campaign.id, status: "signed_off" });
      expect(
        json.entries
          .filter((e: Json) => e.decision === "revoke")
          .map((e: Json) => e.account)
          .sort(),
      ).toEqual(["bob", "kiran"]);
    });
  });

  it("reminds on demand, and automatically once a day when overdue; overdue campaigns show on readiness", async () => {
    const created = (await create(admin, "Q4 review", "2026-10-15")).json();
    await admin.request("POST", `/api/access-review-systems/${sys(created, "GitHub").id}/import`, {
      format: "github-members",
      content: GITHUB_MEMBERS,
    });
    await admin.request("POST", `/api/access-reviews/${created.campaign.id}/launch`);
    const sent = await admin.request("POST", `/api/access-reviews/${created.campaign.id}/reminders`);
    expect(sent.json()).toMatchObject({ reminded: 1, notifications: 1, emailed: 1 });
    const before = smtp.messages.length;
    now = new Date("2026-10-20T06:00:00Z");
    admin = await signInOn(t, tenant.users.org_admin);
    owner = await signInOn(t, tenant.users.control_owner);
    const list = (await owner.request("GET", `/api/organizations/${tenant.orgId}/access-reviews`)).json();
    expect(list.campaigns.find((c: Json) => c.id === created.campaign.id)).toMatchObject({ overdue: true });
    await smtp.waitFor(
      (m) => m.length > before && m.some((x) => /Reminder: 2 accounts to review/.test(x.subject)),
    );
    await owner.request("GET", `/api/organizations/${tenant.orgId}/access-reviews`);
    const events = (await admin.request("GET", `/api/access-reviews/${created.campaign.id}`)).json().history;
    expect(
      events
        .filter((e: Json) => e.action === "access_review.reminded")
        .map((e: Json) => e.summary.after.automatic),
    ).toEqual([true, false]);
    const readiness = (await admin.request("GET", `/api/organizations/${tenant.orgId}/readiness`)).json();
    expect(readiness.accessReviews.overdue).toEqual([
      expect.objectContaining({ id: created.campaign.id, name: "Q4 review", dueDate: "2026-10-15" }),
    ]);
    const overdueOnly = (
      await admin.request("GET", `/api/organizations/${tenant.orgId}/access-reviews?overdue=true`)
    ).json();
    expect(overdueOnly.campaigns.map((c: Json) => c.id)).toEqual([created.campaign.id]);
  });
});
