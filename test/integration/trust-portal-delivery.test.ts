/**
 * How an approved trust-portal request reaches its requester, on both databases: the organization's
 * settings (allow-listed domains, link lifetime), approval at once for an allow-listed domain with
 * its audit event, the link e-mailed through a real SMTP server, expiry after the configured days
 * on the server's clock, and revocation stopping downloads.
 */
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Deps } from "../../src/app/deps.js";
import { createEngagement } from "../../src/app/use-cases/engagements.js";
import { blobStoreOf, dataKeyFor } from "../../src/app/use-cases/evidence-model.js";
import { signDemoPdf } from "../fixtures/reports-sign/kit.js";
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
import { startSmtpServer, type TestSmtpServer } from "../support/smtp.js";

const DAY = 86_400_000;

describeEachDatabase("trust portal delivery", (target) => {
  let t: TestApp;
  let deps: Deps;
  let smtp: TestSmtpServer;
  let tenant: TestTenant;
  let other: TestTenant;
  let admin: Session;
  let reportId = "";
  /** The server's clock runs this far ahead of real time (expiry tests move it). */
  let offset = 0;

  const get = async (url: string) => {
    const res = await t.app.inject({ method: "GET", url });
    return { status: res.statusCode, json: (): Json => res.json(), body: res.rawPayload };
  };
  const post = async (url: string, body: unknown, remoteAddress = "198.51.100.7") => {
    const res = await t.app.inject({ method: "POST", url, payload: body as Json, remoteAddress });
    return { status: res.statusCode, json: (): Json => res.json() };
  };
  const ask = (email: string, name = "Meera Iyer") =>
    post(`/api/public/trust/${tenant.orgId}/requests`, {
      reportId,
      name,
      email,
      company: "Kotak Payments Pvt Ltd",
      ndaVersion: "fieldwork-nda-v1",
      ndaAccepted: true,
    });
  const settingsUrl = () => `/api/organizations/${tenant.orgId}/trust/settings`;
  const mailTo = (to: string) => smtp.messages.filter((m) => m.to.includes(to));

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp(target, { smtpUrl: smtp.url, clock: () => new Date(Date.now() + offset) });
    deps = t.context.deps;
    tenant = await seedTenant(t, "deliver");
    other = await seedTenant(t, "deliver-other");
    const manager = await signInActor(deps, tenant.users.engagement_manager.email);
    const { id: engagementId } = await createEngagement(deps, manager, tenant.orgId, {
      name: "FY27 SOC 2",
      type: "type2",
      periodStart: "2026-04-01",
      periodEnd: "2027-03-31",
      firstReport: false,
      categories: ["CC"],
    });
    const pdf = Buffer.from(await signDemoPdf());
    const key = await dataKeyFor(deps, tenant.orgId);
    const blob = await blobStoreOf(deps).write(tenant.orgId, key, Readable.from([pdf]), {
      maxBytes: 10_000_000,
    });
    reportId = randomUUID();
    const now = new Date().toISOString();
    await deps.db
      .insertInto("reports")
      .values({
        id: reportId,
        firm_id: tenant.firmId,
        org_id: tenant.orgId,
        engagement_id: engagementId,
        kind: "soc2-type2",
        version: 1,
        status: "issued",
        pdf_sha256: blob.sha256,
        pdf_size: blob.size,
        pages: 2,
        covers_until: "2027-03-31",
        manifest_root: null,
        document_sha256: blob.sha256,
        signed_by: null,
        signed_at: now,
        certificate_fingerprint: null,
        public: 0,
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    admin = await signIn(t.app, tenant.users.org_admin);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it("keeps normalized settings for admins only, refusing personal and malformed domains", async () => {
    expect((await admin.request("GET", settingsUrl())).json()).toEqual({
      settings: { allowedDomains: [], linkDays: 7, updatedAt: null },
    });
    const saved = await admin.request("PUT", settingsUrl(), {
      allowedDomains: [" Kotak-Payments.EXAMPLE ", "@hdfc-vendors.example", "kotak-payments.example"],
      linkDays: 3,
    });
    expect(saved.status).toBe(200);
    expect(saved.json().settings).toMatchObject({
      allowedDomains: ["hdfc-vendors.example", "kotak-payments.example"],
      linkDays: 3,
    });
    expect((await admin.request("GET", settingsUrl())).json().settings.allowedDomains).toEqual([
      "hdfc-vendors.example",
      "kotak-payments.example",
    ]);
    const personal = expectError(
      await admin.request("PUT", settingsUrl(), {
        allowedDomains: ["acme.example", "gmail.com"],
        linkDays: 3,
      }),
      400,
      "VALIDATION",
    );
    expect(personal.details).toEqual({ field: "allowedDomains", index: 1, value: "gmail.com" });
    expectError(
      await admin.request("PUT", settingsUrl(), { allowedDomains: ["https://acme.example/x"], linkDays: 3 }),
      400,
      "VALIDATION",
    );
    expectError(
      await admin.request("PUT", settingsUrl(), { allowedDomains: [], linkDays: 91 }),
      400,
      "VALIDATION",
    );
    // Nothing of the refused changes was kept.
    expect((await admin.request("GET", settingsUrl())).json().settings.linkDays).toBe(3);

    const employee = await signIn(t.app, tenant.users.employee);
    expectError(
      await employee.request("PUT", settingsUrl(), { allowedDomains: [], linkDays: 7 }),
      403,
      "FORBIDDEN",
    );
    const foreign = await signIn(t.app, other.users.org_admin);
    expectError(await foreign.request("GET", settingsUrl()), 404, "NOT_FOUND");
    expectError(
      await foreign.request("PUT", settingsUrl(), { allowedDomains: [], linkDays: 7 }),
      404,
      "NOT_FOUND",
    );
    const partner = await signIn(t.app, tenant.users.partner);
    expectError(await partner.request("GET", settingsUrl()), 404, "NOT_FOUND");

    const events = await deps.db
      .selectFrom("audit_events")
      .select(["summary"])
      .where("action", "=", "trust.settings_updated")
      .where("org_id", "=", tenant.orgId)
      .execute();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.summary).after.allowedDomains).toContain("kotak-payments.example");
  });

  it("approves an allow-listed domain at once, shows and e-mails the link, and records who decided", async () => {
    const res = await ask("meera@risk.kotak-payments.example");
    expect(res.status).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ status: "approved", emailed: true });
    const days = (Date.parse(body.link.expiresAt) - Date.now()) / DAY;
    expect(days).toBeGreaterThan(2.99);
    expect(days).toBeLessThanOrEqual(3);
    const polled = (await get(`/api/public/trust/requests/${body.id}?secret=${body.secret}`)).json();
    expect(polled).toMatchObject({ status: "approved", link: { url: body.link.url } });

    await smtp.waitFor(() => mailTo("meera@risk.kotak-payments.example").length === 1);
    const mail = mailTo("meera@risk.kotak-payments.example")[0]!;
    expect(mail.subject).toContain("Your download link");
    expect(mail.text).toContain(`${body.link.url}`);
    expect(mail.text).toMatch(/approved at once/);
    const url = /(http:\/\/\S+)/.exec(mail.text)?.[1] ?? "";
    expect(new URL(url).pathname).toBe(body.link.url);
    const download = await get(new URL(url).pathname);
    expect(download.status).toBe(200);
    expect(download.body.subarray(0, 5).toString()).toBe("%PDF-");

    const queue = (await admin.request("GET", `/api/organizations/${tenant.orgId}/trust/requests`)).json();
    expect(queue.requests.find((r: Json) => r.id === body.id)).toMatchObject({
      status: "approved",
      allowListed: true,
      decisionNote: "Approved at once: allow-listed domain risk.kotak-payments.example",
    });
    const approvals = await deps.db
      .selectFrom("audit_events")
      .select(["summary", "actor_user_id"])
      .where("action", "=", "trust.access_approved")
      .where("target_id", "=", body.id)
      .execute();
    expect(approvals).toHaveLength(1);
    expect(approvals[0]!.actor_user_id).toBeNull();
    expect(JSON.parse(approvals[0]!.summary)).toMatchObject({
      after: { status: "approved", by: "allow-list", domain: "risk.kotak-payments.example" },
    });
    const row = await deps.db
      .selectFrom("report_access_requests")
      .select(["decided_by", "decided_at"])
      .where("id", "=", body.id)
      .executeTakeFirstOrThrow();
    expect(row.decided_by).toBeNull();
    expect(row.decided_at).toBeTruthy();
  });

  it("leaves other domains pending, then e-mails the link the admin's approval makes", async () => {
    const res = await ask("arjun@evilkotak-payments.example", "Arjun Menon");
    expect(res.json()).toMatchObject({ status: "pending", link: null, emailed: false });
    expect(mailTo("arjun@evilkotak-payments.example")).toHaveLength(0);
    const { id } = res.json();
    const approved = await admin.request("POST", `/api/trust-requests/${id}/approve`, { days: 10 });
    expect(approved.status).toBe(200);
    expect(approved.json()).toMatchObject({ status: "approved", emailed: true });
    const link = approved.json().link;
    expect((Date.parse(link.expiresAt) - Date.now()) / DAY).toBeGreaterThan(9.99);
    await smtp.waitFor(() => mailTo("arjun@evilkotak-payments.example").length === 1);
    const mail = mailTo("arjun@evilkotak-payments.example")[0]!;
    expect(mail.text).toContain("Hello Arjun Menon");
    expect(mail.text).toContain(link.url);
    expect(mail.text).not.toMatch(/approved at once/);
  });

  it("revokes an allow-listed approval: the e-mailed link stops working with the reason", async () => {
    const { id, link } = (await ask("kavya@hdfc-vendors.example", "Kavya Rao")).json();
    expect((await get(link.url)).status).toBe(200);
    expect(
      (await admin.request("POST", `/api/trust-requests/${id}/revoke`, { note: "Vendor offboarded" })).status,
    ).toBe(200);
    expect(expectError(await get(link.url), 404, "NOT_FOUND").details).toEqual({ reason: "revoked" });
    const log = (await admin.request("GET", `/api/organizations/${tenant.orgId}/trust/downloads`)).json();
    expect(log.downloads.filter((d: Json) => d.accessRequestId === id)).toHaveLength(1);
  });

  it("expires links after the configured days on the server's clock", async () => {
    expect(
      (await admin.request("PUT", settingsUrl(), { allowedDomains: ["kotak-payments.example"], linkDays: 2 }))
        .status,
    ).toBe(200);
    const auto = (await ask("dev@kotak-payments.example", "Dev Shah")).json();
    const manual = (await ask("nisha@axis-vendors.example", "Nisha Pillai")).json();
    const approved = (await admin.request("POST", `/api/trust-requests/${manual.id}/approve`, {})).json();
    for (const link of [auto.link, approved.link]) {
      expect(Math.round((Date.parse(link.expiresAt) - Date.now()) / DAY)).toBe(2);
      expect((await get(link.url)).status).toBe(200);
    }
    offset = 2 * DAY - 60_000;
    expect((await get(auto.link.url)).status).toBe(200);
    offset = 2 * DAY + 60_000;
    for (const [request, link] of [
      [auto, auto.link],
      [manual, approved.link],
    ]) {
      expect(expectError(await get(link.url), 404, "NOT_FOUND").details).toEqual({ reason: "expired" });
      expect(
        (await get(`/api/public/trust/requests/${request.id}?secret=${request.secret}`)).json(),
      ).toMatchObject({
        status: "expired",
        link: null,
      });
    }
    offset = 0;
  });
});
