/**
 * The firm's public page and its enquiries: the page by slug, the indicative quote, questionnaire
 * validation, notifications in the app and by e-mail through a real SMTP server, and the firm
 * converting or declining an enquiry. Each test sends from its own IP address, because public
 * enquiries are rate-limited per address.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COST_CLASSES } from "../../src/core/quote.js";
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

const ANSWERS = {
  type: "type2",
  categories: ["PI"],
  periodMonths: 6,
  employees: 150,
  systems: 5,
  locations: 2,
  vendors: 4,
  hosting: "cloud",
  maturity: "medium",
  evidenceReadiness: "low",
  currency: "INR",
  sector: "fintech_bfsi",
  handles: { transactionProcessing: true, personalData: true },
};

const enquiry = (company: string, answers: Record<string, unknown> = ANSWERS) => ({
  company,
  contactName: "Meera Iyer",
  email: "Meera.Iyer@Prospect.example",
  phone: "+91 98450 12345",
  city: "Bengaluru",
  answers,
  requestMeeting: true,
  meetingNote: "Mornings IST work best.",
});

describeEachDatabase("public page and enquiries", (target) => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let tenant: TestTenant;
  let partner: Session;
  let firmAdmin: Session;
  let manager: Session;
  let staff: Session;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp(target, { smtpUrl: smtp.url });
    tenant = await seedTenant(t);
    partner = await signIn(t.app, tenant.users.partner);
    firmAdmin = await signIn(t.app, tenant.users.firm_admin);
    manager = await signIn(t.app, tenant.users.engagement_manager);
    staff = await signIn(t.app, tenant.users.staff_auditor);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const submit = (company: string, ip: string, body: unknown = enquiry(company)) =>
    t.app.inject({
      method: "POST",
      url: `/api/public/firms/${tenant.firmSlug}/enquiries`,
      remoteAddress: ip,
      payload: body as Record<string, unknown>,
    });

  const submitOk = async (company: string, ip: string): Promise<{ id: string; quote: Json }> => {
    const res = await submit(company, ip);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  const enquiriesOfFirm = async (): Promise<Json[]> => {
    const res = await manager.request("GET", `/api/firms/${tenant.firmId}/enquiries`);
    expect(res.status).toBe(200);
    return res.json().enquiries;
  };

  describe("the public firm page", () => {
    it("is found by slug without signing in", async () => {
      const res = await t.app.inject({ method: "GET", url: `/api/public/firms/${tenant.firmSlug}` });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.firm).toMatchObject({
        slug: tenant.firmSlug,
        city: "Mumbai",
        registrationNumber: expect.any(String),
      });
      expect(body.firm.name).toMatch(/^Firm /);
      expect(body.categories).toEqual(["CC", "A", "PI", "C", "P"]);
      expect((body.sectors as Json[]).map((s) => s.id)).toContain("fintech_bfsi");
      expect(res.body).not.toContain(tenant.firmId);
    });

    it("is 404 NOT_FOUND for an unknown slug", async () => {
      const res = await t.app.inject({ method: "GET", url: "/api/public/firms/no-such-firm" });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe("NOT_FOUND");
      const quote = await t.app.inject({
        method: "POST",
        url: "/api/public/firms/no-such-firm/quote",
        payload: ANSWERS,
      });
      expect(quote.statusCode).toBe(404);
      const sent = await t.app.inject({
        method: "POST",
        url: "/api/public/firms/no-such-firm/enquiries",
        remoteAddress: "10.50.0.1",
        payload: enquiry("Nobody"),
      });
      expect(sent.statusCode).toBe(404);
      expect(sent.json().error.code).toBe("NOT_FOUND");
    });
  });

  describe("the indicative quote", () => {
    const preview = (body: unknown) =>
      t.app.inject({
        method: "POST",
        url: `/api/public/firms/${tenant.firmSlug}/quote`,
        payload: body as Record<string, unknown>,
      });

    it("returns a total, cost class, drivers and category recommendations", async () => {
      const res = await preview(ANSWERS);
      expect(res.statusCode).toBe(200);
      const { quote, recommendations } = res.json();
      expect(quote.currency).toBe("INR");
      expect(Number.isInteger(quote.total)).toBe(true);
      expect(quote.total).toBeGreaterThan(0);
      expect(COST_CLASSES).toContain(quote.costClass);
      expect((quote.drivers as Json[]).length).toBeGreaterThan(0);
      expect((quote.drivers as Json[]).map((d) => d.id)).toEqual(
        expect.arrayContaining(["base", "employees"]),
      );
      const pi = (recommendations as Json[]).find((r) => r.category === "PI");
      expect(pi).toMatchObject({ level: "recommended" });
      expect((recommendations as Json[]).find((r) => r.category === "CC")).toMatchObject({
        level: "required",
      });
    });

    it("costs more for a larger scope", async () => {
      const small = (await preview({ ...ANSWERS, employees: 20 })).json().quote.total;
      const large = (await preview({ ...ANSWERS, employees: 5000, systems: 60 })).json().quote.total;
      expect(large).toBeGreaterThan(small);
    });

    it("refuses invalid answers with 400 VALIDATION naming the field", async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ ...ANSWERS, employees: 0 }, "body.employees"],
        [{ ...ANSWERS, type: "type3" }, "body.type"],
        [{ ...ANSWERS, sector: "mining" }, "body.sector"],
        [{ ...ANSWERS, periodMonths: 13 }, "body.periodMonths"],
        [{ ...ANSWERS, handles: { personalData: "yes" } }, "body.handles.personalData"],
      ];
      for (const [body, path] of cases) {
        const res = await preview(body);
        const error = expectError({ status: res.statusCode, json: () => res.json() }, 400, "VALIDATION");
        expect(error.message.startsWith(`${path}:`), `${error.message} should name ${path}`).toBe(true);
        expect((error.details as Json[]).map((d) => d.path)).toContain(path);
      }
      const sent = await submit("Bad Co", "10.50.0.2", {
        ...enquiry("Bad Co"),
        email: "not-an-email",
      });
      expect(sent.statusCode).toBe(400);
      expect(sent.json().error.message).toMatch(/^body\.email:/);
      const nested = await submit("Bad Co", "10.50.0.2", enquiry("Bad Co", { ...ANSWERS, vendors: -1 }));
      expect(nested.statusCode).toBe(400);
      expect(nested.json().error.message).toMatch(/^body\.answers\.vendors:/);
    });
  });

  describe("an enquiry", () => {
    let id: string;
    let total: number;
    const company = "Acme Payments Pvt Ltd";

    it("notifies the firm's partners and admins in the app and by e-mail", async () => {
      const before = smtp.messages.length;
      const res = await submitOk(company, "10.60.0.1");
      id = res.id;
      total = res.quote.total;
      expect(total).toBeGreaterThan(0);

      for (const session of [partner, firmAdmin]) {
        const { notifications, unread } = (await session.request("GET", "/api/notifications")).json();
        const mine = (notifications as Json[]).filter((n) => n.kind === "enquiry.received");
        expect(mine).toHaveLength(1);
        expect(mine[0]).toMatchObject({
          title: `New enquiry from ${company}`,
          link: `/enquiries?open=${id}`,
          readAt: null,
        });
        expect(mine[0].body).toMatch(/meera\.iyer@prospect\.example/);
        expect(mine[0].body).toMatch(/Type 2/);
        expect(unread).toBeGreaterThanOrEqual(1);
      }
      for (const session of [manager, staff]) {
        const { notifications } = (await session.request("GET", "/api/notifications")).json();
        expect((notifications as Json[]).filter((n) => n.kind === "enquiry.received")).toEqual([]);
      }

      await smtp.waitFor((m) => m.length >= before + 2);
      const mails = smtp.messages.slice(before);
      expect(mails).toHaveLength(2);
      expect(mails.flatMap((m) => m.to).sort()).toEqual(
        [tenant.users.partner.email, tenant.users.firm_admin.email].sort(),
      );
      for (const mail of mails) {
        expect(mail.subject).toBe(`[Fieldwork] New enquiry from ${company}`);
        expect(mail.from).toBe("fieldwork@localhost");
        expect(mail.text).toContain(`/enquiries?open=${id}`);
      }
    });

    it("is listed for the firm, but not for a staff auditor", async () => {
      const listed = (await enquiriesOfFirm()).find((e) => e.id === id);
      expect(listed).toMatchObject({
        company,
        contactName: "Meera Iyer",
        email: "meera.iyer@prospect.example",
        sector: "fintech_bfsi",
        city: "Bengaluru",
        status: "new",
        meetingNote: "Mornings IST work best.",
        convertedOrgId: null,
      });
      expect(listed.quote.total).toBe(total);
      expect(listed.meetingRequestedAt).toEqual(expect.any(String));
      const dashboard = (await partner.request("GET", `/api/firms/${tenant.firmId}/dashboard`)).json();
      expect((dashboard.enquiries as Json[]).map((e) => e.id)).toContain(id);
      const refused = await staff.request("GET", `/api/firms/${tenant.firmId}/enquiries`);
      expectError(refused, 403, "FORBIDDEN");
    });

    it("cannot be converted by an engagement manager", async () => {
      const res = await manager.request("POST", `/api/enquiries/${id}/convert`);
      expect(expectError(res, 403, "FORBIDDEN").message).toMatch(/Only a partner can convert/);
      expect((await enquiriesOfFirm()).find((e) => e.id === id).status).toBe("new");
    });

    it("is converted by a partner into a client and a draft engagement in Scoping", async () => {
      const res = await partner.request("POST", `/api/enquiries/${id}/convert`);
      expect(res.status).toBe(200);
      const { organizationId, engagementId } = res.json();
      expect(organizationId).toEqual(expect.any(String));
      expect(engagementId).toEqual(expect.any(String));

      const view = (await partner.request("GET", `/api/engagements/${engagementId}`)).json();
      expect(view.engagement).toMatchObject({
        name: `${company} SOC 2 Type 2`,
        type: "type2",
        stage: "scoping",
        categories: ["CC", "PI"],
        organization: { id: organizationId, name: company, sector: "fintech_bfsi" },
        firm: { id: tenant.firmId },
      });
      expect(view.engagement.boundary.handles).toMatchObject({
        transactionProcessing: true,
        personalData: true,
      });
      const org = await partner.request("GET", `/api/organizations/${organizationId}`);
      expect(org.status).toBe(200);
      expect(org.json().organization).toMatchObject({ name: company, city: "Bengaluru", employees: 150 });

      const listed = (await enquiriesOfFirm()).find((e) => e.id === id);
      expect(listed).toMatchObject({
        status: "converted",
        convertedOrgId: organizationId,
        convertedEngagementId: engagementId,
      });
      const trail = (
        await partner.request("GET", `/api/firms/${tenant.firmId}/audit-events?action=enquiry.converted`)
      ).json().events as Json[];
      expect(trail.map((e) => e.targetId)).toContain(id);
    });

    it("cannot be converted twice, nor declined afterwards", async () => {
      const orgsBefore = (await partner.request("GET", `/api/firms/${tenant.firmId}/dashboard`)).json().counts
        .clients;
      const twice = await partner.request("POST", `/api/enquiries/${id}/convert`);
      expect(expectError(twice, 409, "CONFLICT").message).toMatch(/already converted/);
      const decline = await partner.request("POST", `/api/enquiries/${id}/decline`, {
        reason: "Changed mind",
      });
      expectError(decline, 409, "CONFLICT");
      const orgsAfter = (await partner.request("GET", `/api/firms/${tenant.firmId}/dashboard`)).json().counts
        .clients;
      expect(orgsAfter).toBe(orgsBefore);
    });
  });

  it("declines a new enquiry with a reason", async () => {
    const { id } = await submitOk("Decline Me Ltd", "10.60.0.2");
    const byManager = await manager.request("POST", `/api/enquiries/${id}/decline`, { reason: "Too small" });
    expectError(byManager, 403, "FORBIDDEN");
    const noReason = await firmAdmin.request("POST", `/api/enquiries/${id}/decline`, { reason: "  " });
    expect(expectError(noReason, 400, "VALIDATION").message).toMatch(/^body\.reason/);
    const res = await firmAdmin.request("POST", `/api/enquiries/${id}/decline`, {
      reason: "We do not audit this sector.",
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect((await enquiriesOfFirm()).find((e) => e.id === id).status).toBe("declined");
    const again = await partner.request("POST", `/api/enquiries/${id}/decline`, { reason: "Again" });
    expect(expectError(again, 409, "CONFLICT").message).toMatch(/already declined/);
    const trail = (
      await partner.request("GET", `/api/firms/${tenant.firmId}/audit-events?action=enquiry.declined`)
    ).json().events as Json[];
    expect(trail.find((e) => e.targetId === id)?.summary.note).toBe("We do not audit this sector.");
  });

  it("an unknown enquiry id is 404 NOT_FOUND", async () => {
    const res = await partner.request("POST", "/api/enquiries/00000000-0000-0000-0000-000000000000/convert");
    expectError(res, 404, "NOT_FOUND");
  });
});

describeEachDatabase("public enquiry rate limit", (target) => {
  // A clock in the middle of an hour, so the hourly window cannot roll over during the test.
  let now = Date.parse("2026-03-02T10:30:00.000Z");
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    t = await createTestApp(target, { clock: () => new Date(now) });
    tenant = await seedTenant(t);
  });
  afterAll(async () => t?.close());

  const submit = (ip: string, n: number) =>
    t.app.inject({
      method: "POST",
      url: `/api/public/firms/${tenant.firmSlug}/enquiries`,
      remoteAddress: ip,
      payload: enquiry(`Flood ${n}`),
    });

  it("allows 10 enquiries from one address per hour and refuses the 11th with 429", async () => {
    for (let n = 1; n <= 10; n++) expect((await submit("10.70.0.1", n)).statusCode).toBe(201);
    const eleventh = await submit("10.70.0.1", 11);
    expect(eleventh.statusCode).toBe(429);
    expect(eleventh.json().error.code).toBe("RATE_LIMITED");
    expect(eleventh.json().error.message).toMatch(/Too many enquiries from this address/);
    const stored = await t.context.deps.db
      .selectFrom("enquiries")
      .select("company")
      .where("firm_id", "=", tenant.firmId)
      .execute();
    expect(stored.map((e) => e.company)).not.toContain("Flood 11");
    expect(stored).toHaveLength(10);
    // Another address is not affected.
    expect((await submit("10.70.0.2", 12)).statusCode).toBe(201);
  });

  it("allows the address again in the next hour", async () => {
    now += 60 * 60 * 1000;
    expect((await submit("10.70.0.1", 13)).statusCode).toBe(201);
  });
});
