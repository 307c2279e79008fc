import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentTotp } from "../../src/app/security/totp.js";
import {
  createTestApp,
  nextMfaCode,
  PASSWORD,
  seedTenant,
  signIn,
  type TestApp,
  type TestTenant,
} from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";

const cookieOf = (res: { headers: Record<string, unknown> }): string => {
  const raw = res.headers["set-cookie"];
  const list = Array.isArray(raw) ? raw : [raw];
  return String(list.find((c) => String(c).startsWith("fw_session=")) ?? "").split(";")[0] ?? "";
};

describeEachDatabase("sign-in, MFA, sessions and API tokens", (target) => {
  let t: TestApp;
  let tenant: TestTenant;
  beforeAll(async () => {
    t = await createTestApp(target);
    tenant = await seedTenant(t);
  });
  afterAll(async () => t?.close());

  const login = (email: string, password: string) =>
    t.app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password } });

  it("signs in a user without MFA straight to an active session", async () => {
    const res = await login(tenant.users.staff_auditor.email, PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().state).toBe("active");
    const cookie = res.headers["set-cookie"];
    expect(String(cookie)).toMatch(/HttpOnly/i);
    expect(String(cookie)).toMatch(/SameSite=Lax/i);
    const session = await t.app.inject({
      method: "GET",
      url: "/api/auth/session",
      headers: { cookie: cookieOf(res) },
    });
    expect(session.json().memberships[0]).toMatchObject({ role: "staff_auditor", tenantKind: "firm" });
  });

  it("refuses a wrong password with a clear message and no session", async () => {
    const res = await login(tenant.users.staff_auditor.email, "wrong-password-123");
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe("UNAUTHENTICATED");
    expect(res.headers["set-cookie"]).toBeUndefined();
  });

  it("holds a partner at the MFA step until a valid TOTP code is given", async () => {
    const partner = tenant.users.partner;
    const res = await login(partner.email, PASSWORD);
    expect(res.json().state).toBe("mfa_required");
    const cookie = cookieOf(res);
    const csrf = res.json().csrfToken as string;
    const blocked = await t.app.inject({ method: "GET", url: "/api/engagements", headers: { cookie } });
    expect(blocked.statusCode).toBe(401);
    expect(blocked.json().error.code).toBe("MFA_REQUIRED");
    const wrong = await t.app.inject({
      method: "POST",
      url: "/api/auth/mfa/verify",
      headers: { cookie, "x-csrf-token": csrf },
      payload: { code: "000000" },
    });
    expect(wrong.statusCode).toBe(401);
    const ok = await t.app.inject({
      method: "POST",
      url: "/api/auth/mfa/verify",
      headers: { cookie, "x-csrf-token": csrf },
      payload: { code: nextMfaCode(partner) },
    });
    expect(ok.statusCode).toBe(200);
    const rotated = cookieOf(ok);
    expect(rotated).not.toBe(cookie);
    const allowed = await t.app.inject({
      method: "GET",
      url: "/api/engagements",
      headers: { cookie: rotated },
    });
    expect(allowed.statusCode).toBe(200);
    // The pre-MFA session token was rotated away.
    const old = await t.app.inject({ method: "GET", url: "/api/auth/session", headers: { cookie } });
    expect(old.statusCode).toBe(401);
  });

  it("forces a privileged user without an authenticator to enrol, then gives recovery codes once", async () => {
    const admin = await signIn(t.app, tenant.users.firm_admin);
    const email = `new.partner.${Date.now()}@example.com`;
    const added = await admin.request("POST", `/api/firms/${tenant.firmId}/members`, {
      email,
      name: "New Partner",
      role: "partner",
      cpaLicenceNumber: "CPA-123456",
      password: PASSWORD,
    });
    expect(added.status).toBe(201);
    const res = await login(email, PASSWORD);
    expect(res.json().state).toBe("mfa_enrolment_required");
    const cookie = cookieOf(res);
    const csrf = res.json().csrfToken as string;
    const enrol = await t.app.inject({
      method: "POST",
      url: "/api/auth/mfa/enrol",
      headers: { cookie, "x-csrf-token": csrf },
    });
    expect(enrol.statusCode).toBe(200);
    const { secret, otpauthUri, qrSvg } = enrol.json();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(qrSvg).toContain("<svg");
    const confirm = await t.app.inject({
      method: "POST",
      url: "/api/auth/mfa/enrol/confirm",
      headers: { cookie, "x-csrf-token": csrf },
      payload: { code: currentTotp(secret, new Date()) },
    });
    expect(confirm.statusCode).toBe(200);
    const codes = confirm.json().recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    // A recovery code works once at the MFA step.
    const again = await login(email, PASSWORD);
    expect(again.json().state).toBe("mfa_required");
    const use = (c: string, code: string, token: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/auth/mfa/verify",
        headers: { cookie: c, "x-csrf-token": token },
        payload: { code },
      });
    const first = await use(cookieOf(again), codes[0]!, again.json().csrfToken);
    expect(first.statusCode).toBe(200);
    const third = await login(email, PASSWORD);
    const reuse = await use(cookieOf(third), codes[0]!, third.json().csrfToken);
    expect(reuse.statusCode).toBe(401);
  });

  it("locks an account after five failed attempts and says when to retry", async () => {
    const user = tenant.users.control_owner;
    for (let i = 0; i < 4; i++) expect((await login(user.email, "not-the-password")).statusCode).toBe(401);
    const fifth = await login(user.email, "not-the-password");
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.message).toMatch(/locked for 15 minutes/);
    const correct = await login(user.email, PASSWORD);
    expect(correct.statusCode).toBe(423);
    expect(correct.json().error.code).toBe("LOCKED");
    expect(correct.json().error.message).toMatch(/Try again in \d+ minutes/);
  });

  it("requires the CSRF token on changes made with a session cookie", async () => {
    const s = await signIn(t.app, tenant.users.engagement_manager);
    const without = await t.app.inject({
      method: "POST",
      url: `/api/organizations/${tenant.orgId}/engagements`,
      headers: { cookie: s.cookie, "content-type": "application/json" },
      payload: JSON.stringify({ name: "x", type: "type1", asOfDate: "2026-12-31" }),
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe("CSRF");
    const withToken = await s.request("POST", `/api/organizations/${tenant.orgId}/engagements`, {
      name: "x",
      type: "type1",
      asOfDate: "2026-12-31",
    });
    expect(withToken.status).toBe(201);
  });

  it("signs out and the cookie stops working", async () => {
    const s = await signIn(t.app, tenant.users.employee);
    expect((await s.request("POST", "/api/auth/logout")).status).toBe(200);
    expect((await s.request("GET", "/api/auth/session")).status).toBe(401);
  });

  describe("API tokens", () => {
    it("are shown once, stored hashed, scoped, and revocable", async () => {
      const s = await signIn(t.app, tenant.users.engagement_manager);
      const created = await s.request("POST", "/api/auth/tokens", {
        name: "ci",
        scopes: ["read"],
        expiresInDays: 30,
      });
      expect(created.status).toBe(201);
      const token = created.json().token as string;
      expect(token).toMatch(/^fwk_/);
      const listed = await s.request("GET", "/api/auth/tokens");
      expect(JSON.stringify(listed.json())).not.toContain(token);
      const stored = await t.context.deps.db.selectFrom("api_tokens").select("token_hash").execute();
      expect(stored.map((r) => r.token_hash)).not.toContain(token);
      const bearer = { authorization: `Bearer ${token}` };
      expect(
        (await t.app.inject({ method: "GET", url: "/api/engagements", headers: bearer })).statusCode,
      ).toBe(200);
      const write = await t.app.inject({
        method: "POST",
        url: `/api/organizations/${tenant.orgId}/engagements`,
        headers: bearer,
        payload: { name: "via token", type: "type1", asOfDate: "2026-12-31" },
      });
      expect(write.statusCode).toBe(403);
      expect(write.json().error.message).toMatch(/read-only/);
      expect((await s.request("DELETE", `/api/auth/tokens/${created.json().id}`)).status).toBe(200);
      const revoked = await t.app.inject({ method: "GET", url: "/api/engagements", headers: bearer });
      expect(revoked.statusCode).toBe(401);
      expect(revoked.json().error.message).toMatch(/revoked/);
    });

    it("with the write scope can change data without a CSRF token", async () => {
      const s = await signIn(t.app, tenant.users.engagement_manager);
      const { token } = (
        await s.request("POST", "/api/auth/tokens", { name: "rw", scopes: ["read", "write"] })
      ).json();
      const res = await t.app.inject({
        method: "POST",
        url: `/api/organizations/${tenant.orgId}/engagements`,
        headers: { authorization: `Bearer ${token}` },
        payload: { name: "via token", type: "type1", asOfDate: "2026-12-31" },
      });
      expect(res.statusCode).toBe(201);
    });

    it("refuse garbage tokens", async () => {
      const res = await t.app.inject({
        method: "GET",
        url: "/api/engagements",
        headers: { authorization: "Bearer fwk_nonsense" },
      });
      expect(res.statusCode).toBe(401);
    });
  });
});

describeEachDatabase("changing a password", (target) => {
  let t: TestApp;
  let tenant: TestTenant;
  beforeAll(async () => {
    t = await createTestApp(target);
    tenant = await seedTenant(t);
  });
  afterAll(async () => t?.close());

  it("needs the current password, a strong new one, and ends the user's other sessions", async () => {
    const user = tenant.users.staff_auditor;
    const here = await signIn(t.app, user);
    const elsewhere = await signIn(t.app, user);
    const wrong = await here.request("POST", "/api/auth/password", {
      currentPassword: "nope",
      newPassword: "a-new-long-password",
    });
    expect(wrong.status).toBe(401);
    const weak = await here.request("POST", "/api/auth/password", {
      currentPassword: PASSWORD,
      newPassword: "short",
    });
    expect(weak.status).toBe(400);
    const ok = await here.request("POST", "/api/auth/password", {
      currentPassword: PASSWORD,
      newPassword: "a-new-long-password",
    });
    expect(ok.status).toBe(200);
    expect((await here.request("GET", "/api/auth/session")).status).toBe(200);
    expect((await elsewhere.request("GET", "/api/auth/session")).status).toBe(401);
    const old = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: user.email, password: PASSWORD },
    });
    expect(old.statusCode).toBe(401);
    const fresh = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: user.email, password: "a-new-long-password" },
    });
    expect(fresh.statusCode).toBe(200);
  });
});

describeEachDatabase("TOTP codes are single use", (target) => {
  let t: TestApp;
  let tenant: TestTenant;
  beforeAll(async () => {
    t = await createTestApp(target);
    tenant = await seedTenant(t);
  });
  afterAll(async () => t?.close());

  it("refuses a second sign-in with the same code", async () => {
    const partner = tenant.users.partner;
    const code = currentTotp(partner.totpSecret!, new Date());
    const attempt = async () => {
      const login = await t.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { email: partner.email, password: PASSWORD },
      });
      const cookie = String([login.headers["set-cookie"]].flat()[0]).split(";")[0] ?? "";
      return t.app.inject({
        method: "POST",
        url: "/api/auth/mfa/verify",
        headers: { cookie, "x-csrf-token": login.json().csrfToken },
        payload: { code },
      });
    };
    expect((await attempt()).statusCode).toBe(200);
    const replay = await attempt();
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.message).toMatch(/already used/);
  });
});
