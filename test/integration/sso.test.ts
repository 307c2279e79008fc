/**
 * Single sign-on with OpenID Connect against a real provider (oidc-provider on a local port): the
 * whole redirect chain is driven by hand, the provider over HTTP with its cookies, Fieldwork through
 * the full Fastify stack. Just-in-time membership for allowed domains only, existing members, MFA
 * kept for privileged roles, state and browser binding, a tampered ID token, and the settings' rules
 * and tenant isolation.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Deps } from "../../src/app/deps.js";
import { findUserByEmail, listMemberships } from "../../src/db/repositories/users.js";
import {
  createTestApp,
  type Session,
  seedTenant,
  signIn,
  type TestApp,
  type TestTenant,
} from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";
import { expectError } from "../support/http.js";
import {
  CookieJar,
  startOidcProvider,
  type TestAccount,
  type TestOidcProvider,
} from "../support/oidc-provider.js";

const HOST = "fieldwork.test";
const CALLBACK = `http://${HOST}/api/auth/sso/callback`;

describeEachDatabase("single sign-on (OpenID Connect)", (target) => {
  let t: TestApp;
  let deps: Deps;
  let idp: TestOidcProvider;
  let tenant: TestTenant;
  let other: TestTenant;
  let orgAdmin: Session;
  let otherOrgAdmin: Session;
  let otherFirmAdmin: Session;
  let domain: string;

  const settings = () => ({
    label: "Paysetu Okta",
    issuerUrl: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    allowedDomains: [domain.toUpperCase()],
    defaultRole: "employee",
    enabled: true,
  });

  const cookieOf = (setCookie: string | string[] | undefined, name: string): string | null => {
    const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
    const found = list.find((c) => c.startsWith(`${name}=`));
    const value = found?.split(";")[0]?.slice(name.length + 1);
    return value ? value : null;
  };

  /** Start → provider (login, consent) → back at the callback URL; answers the callback URL and the sign-in cookie. */
  const throughProvider = async (start: string, account: TestAccount) => {
    const res = await t.app.inject({ method: "GET", url: start, headers: { host: HOST } });
    expect(res.statusCode).toBe(302);
    const ssoCookie = cookieOf(res.headers["set-cookie"], "fw_sso");
    expect(ssoCookie).toBeTruthy();
    let location = String(res.headers.location);
    expect(location.startsWith(`${idp.issuer}/auth?`)).toBe(true);
    const authorize = new URL(location);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("nonce")).toBeTruthy();
    expect(authorize.searchParams.get("redirect_uri")).toBe(CALLBACK);
    idp.loginAs(account);
    const jar = new CookieJar();
    for (let hops = 0; hops < 10 && location.startsWith(idp.issuer); hops += 1) {
      const r = await fetch(location, { redirect: "manual", headers: { cookie: jar.header() } });
      jar.store(r.headers.getSetCookie());
      const next = r.headers.get("location");
      if (!next) throw new Error(`provider stopped at ${location}: ${r.status} ${await r.text()}`);
      location = new URL(next, location).href;
    }
    expect(location.startsWith(CALLBACK)).toBe(true);
    return { callback: new URL(location), ssoCookie: ssoCookie ?? "" };
  };

  const callback = (url: URL, ssoCookie: string | null) =>
    t.app.inject({
      method: "GET",
      url: `${url.pathname}${url.search}`,
      headers: { host: HOST, ...(ssoCookie ? { cookie: `fw_sso=${ssoCookie}` } : {}) },
    });

  const sessionOf = async (setCookie: string | string[] | undefined) => {
    const token = cookieOf(setCookie, "fw_session");
    expect(token).toBeTruthy();
    const res = await t.app.inject({
      method: "GET",
      url: "/api/auth/session",
      headers: { cookie: `fw_session=${token}` },
    });
    expect(res.statusCode).toBe(200);
    return res.json() as {
      state: string;
      csrfToken: string;
      user: { email: string; name: string };
      memberships: { tenantId: string; role: string }[];
    };
  };

  const ssoError = (res: { statusCode: number; headers: Record<string, unknown> }) => {
    expect(res.statusCode).toBe(302);
    const loc = new URL(String(res.headers.location), `http://${HOST}`);
    expect(loc.pathname).toBe("/login");
    return { message: loc.searchParams.get("sso_error") ?? "", code: loc.searchParams.get("sso_code") };
  };

  beforeAll(async () => {
    t = await createTestApp(target);
    deps = t.context.deps;
    idp = await startOidcProvider(CALLBACK);
    tenant = await seedTenant(t, "sso");
    other = await seedTenant(t, "sso-other");
    domain = `paysetu-${Math.random().toString(36).slice(2, 8)}.example`;
    orgAdmin = await signIn(t.app, tenant.users.org_admin);
    otherOrgAdmin = await signIn(t.app, other.users.org_admin);
    otherFirmAdmin = await signIn(t.app, other.users.firm_admin);
  });

  afterAll(async () => {
    await idp?.close();
    await t?.close();
  });

  it("lets the organization admin set up a provider, with the secret sealed and never shown", async () => {
    const url = `/api/organizations/${tenant.orgId}/sso`;
    const empty = await orgAdmin.request("GET", url);
    expect(empty.status).toBe(200);
    expect(empty.json().provider).toBeNull();
    expect(empty.json().jitRoles).toEqual(["employee", "control_owner"]);
    expectError(
      await orgAdmin.request("PUT", url, { ...settings(), allowedDomains: ["gmail.com"] }),
      400,
      "VALIDATION",
    );
    expectError(
      await orgAdmin.request("PUT", url, { ...settings(), defaultRole: "org_admin" }),
      400,
      "VALIDATION",
    );
    expectError(
      await orgAdmin.request("PUT", url, { ...settings(), issuerUrl: "http://idp.paysetu.example" }),
      400,
      "VALIDATION",
    );
    const saved = await orgAdmin.request("PUT", url, settings());
    expect(saved.status).toBe(200);
    const body = saved.json();
    expect(body.provider).toMatchObject({
      issuerUrl: idp.issuer,
      clientId: idp.clientId,
      clientSecretSet: true,
      allowedDomains: [domain],
      defaultRole: "employee",
      enabled: true,
    });
    expect(JSON.stringify(body)).not.toContain(idp.clientSecret);
    expect(body.callbackUrl).toBe("http://localhost:80/api/auth/sso/callback");
    const row = await deps.db
      .selectFrom("sso_providers")
      .select(["client_secret_enc", "firm_id"])
      .where("tenant_id", "=", tenant.orgId)
      .executeTakeFirstOrThrow();
    expect(row.client_secret_enc.startsWith("v1:")).toBe(true);
    expect(row.client_secret_enc).not.toContain(idp.clientSecret);
    expect(row.firm_id).toBe(tenant.firmId);
    // Changing other fields keeps the stored secret.
    const { clientSecret: _omit, ...withoutSecret } = settings();
    const relabel = await orgAdmin.request("PUT", url, { ...withoutSecret, label: "Paysetu SSO" });
    expect(relabel.status).toBe(200);
    expect(relabel.json().provider.label).toBe("Paysetu SSO");
    const events = await deps.db
      .selectFrom("audit_events")
      .select("action")
      .where("org_id", "=", tenant.orgId)
      .where("action", "like", "sso.%")
      .execute();
    expect(events.map((e) => e.action)).toEqual(["sso.configured", "sso.updated"]);
  });

  it("answers 404 to another tenant's admins and 403 to non-admins of the tenant", async () => {
    const url = `/api/organizations/${tenant.orgId}/sso`;
    expectError(await otherOrgAdmin.request("GET", url), 404, "NOT_FOUND");
    expectError(await otherOrgAdmin.request("PUT", url, settings()), 404, "NOT_FOUND");
    expectError(await otherOrgAdmin.request("DELETE", url), 404, "NOT_FOUND");
    expectError(await otherFirmAdmin.request("GET", `/api/firms/${tenant.firmId}/sso`), 404, "NOT_FOUND");
    const employee = await signIn(t.app, tenant.users.employee);
    expectError(await employee.request("GET", url), 403, "FORBIDDEN");
    const partner = await signIn(t.app, tenant.users.partner);
    expectError(await partner.request("GET", `/api/firms/${tenant.firmId}/sso`), 403, "FORBIDDEN");
    // A domain already claimed by another tenant cannot be claimed again.
    const clash = await otherFirmAdmin.request("PUT", `/api/firms/${other.firmId}/sso`, {
      ...settings(),
      defaultRole: "staff_auditor",
    });
    expectError(clash, 409, "CONFLICT");
  });

  it("finds the provider by e-mail domain", async () => {
    const res = await t.app.inject({ method: "GET", url: `/api/auth/sso/providers?email=asha@${domain}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().providers).toEqual([
      { tenant: `org:${tenant.orgId}`, tenantName: expect.stringContaining("Client"), label: "Paysetu SSO" },
    ]);
    const none = await t.app.inject({
      method: "GET",
      url: "/api/auth/sso/providers?email=asha@elsewhere.example",
    });
    expect(none.json().providers).toEqual([]);
  });

  it("creates a just-in-time member with the default role for an allowed domain", async () => {
    const email = `kiran.menon@${domain}`;
    const { callback: cb, ssoCookie } = await throughProvider(
      `/api/auth/sso/start?email=${encodeURIComponent(email)}`,
      {
        email,
        emailVerified: true,
        name: "Kiran Menon",
      },
    );
    const res = await callback(cb, ssoCookie);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe("/login?sso_joined=1");
    const session = await sessionOf(res.headers["set-cookie"]);
    expect(session.state).toBe("active");
    expect(session.user).toMatchObject({ email, name: "Kiran Menon" });
    expect(session.memberships).toEqual([
      expect.objectContaining({ tenantId: tenant.orgId, role: "employee" }),
    ]);
    const user = await findUserByEmail(deps.db, email);
    const events = await deps.db
      .selectFrom("audit_events")
      .select(["action", "actor_label"])
      .where("target_id", "=", user?.id ?? "")
      .orderBy("seq")
      .execute();
    expect(events.map((e) => e.action)).toEqual(["membership.added", "session.created"]);
    // The answer cannot be replayed: the state was used up.
    expect(ssoError(await callback(cb, ssoCookie)).message).toMatch(/unknown, already used or expired/);
  });

  it("refuses a user of another domain and creates nobody", async () => {
    const email = `intruder@elsewhere-${domain}`;
    const { callback: cb, ssoCookie } = await throughProvider(
      `/api/auth/sso/start?tenant=org:${tenant.orgId}`,
      {
        email,
        emailVerified: true,
        name: "Intruder",
      },
    );
    const res = await callback(cb, ssoCookie);
    const err = ssoError(res);
    expect(err.code).toBe("FORBIDDEN");
    expect(err.message).toMatch(/not a member here and its domain is not allowed/);
    expect(cookieOf(res.headers["set-cookie"], "fw_session")).toBeNull();
    expect(await findUserByEmail(deps.db, email)).toBeUndefined();
  });

  it("refuses an unverified e-mail address", async () => {
    const email = `unverified@${domain}`;
    const { callback: cb, ssoCookie } = await throughProvider(
      `/api/auth/sso/start?tenant=org:${tenant.orgId}`,
      {
        email,
        emailVerified: false,
        name: "Unverified",
      },
    );
    expect(ssoError(await callback(cb, ssoCookie)).message).toMatch(/not verified your e-mail/);
    expect(await findUserByEmail(deps.db, email)).toBeUndefined();
  });

  it("refuses a state that does not match and an answer brought to another browser", async () => {
    const account = { email: `meera@${domain}`, emailVerified: true, name: "Meera" };
    const first = await throughProvider(`/api/auth/sso/start?tenant=org:${tenant.orgId}`, account);
    const forged = new URL(first.callback);
    forged.searchParams.set("state", "forged-state-value");
    expect(ssoError(await callback(forged, first.ssoCookie)).message).toMatch(
      /unknown, already used or expired/,
    );
    const second = await throughProvider(`/api/auth/sso/start?tenant=org:${tenant.orgId}`, account);
    expect(ssoError(await callback(second.callback, null)).message).toMatch(/started in another browser/);
    expect(await findUserByEmail(deps.db, account.email)).toBeUndefined();
  });

  it("signs in an existing member with their own role, and keeps MFA for privileged roles", async () => {
    const owner = tenant.users.control_owner;
    const a = await throughProvider(`/api/auth/sso/start?tenant=org:${tenant.orgId}`, {
      email: owner.email,
      emailVerified: true,
      name: "Owner",
    });
    const res = await callback(a.callback, a.ssoCookie);
    expect(res.headers.location).toBe("/login");
    const session = await sessionOf(res.headers["set-cookie"]);
    expect(session.state).toBe("active");
    expect(session.memberships.map((m) => m.role)).toEqual(["control_owner"]);

    const admin = tenant.users.org_admin;
    const b = await throughProvider(`/api/auth/sso/start?tenant=org:${tenant.orgId}`, {
      email: admin.email,
      emailVerified: true,
      name: "Admin",
    });
    const adminRes = await callback(b.callback, b.ssoCookie);
    const adminSession = await sessionOf(adminRes.headers["set-cookie"]);
    expect(adminSession.state).toBe("mfa_required");
    expect(adminSession.memberships).toEqual([]);
    // Passwords keep working alongside single sign-on.
    const byPassword = await signIn(t.app, tenant.users.employee);
    expect((await byPassword.request("GET", "/api/auth/session")).status).toBe(200);
  });

  it("refuses an ID token whose audience was altered", async () => {
    const email = `tampered@${domain}`;
    const a = await throughProvider(`/api/auth/sso/start?tenant=org:${tenant.orgId}`, {
      email,
      emailVerified: true,
      name: "Tampered",
    });
    idp.tamperNextIdToken();
    const err = ssoError(await callback(a.callback, a.ssoCookie));
    expect(err.code).toBe("UNAUTHENTICATED");
    expect(err.message).toMatch(/identity provider's answer was refused/);
    expect(await findUserByEmail(deps.db, email)).toBeUndefined();
  });

  it("lets a firm admin admit colleagues as staff auditors, never as partners", async () => {
    const firmAdmin = await signIn(t.app, tenant.users.firm_admin);
    const firmDomain = `mehta-${Math.random().toString(36).slice(2, 8)}.example`;
    const url = `/api/firms/${tenant.firmId}/sso`;
    const body = { ...settings(), label: "Mehta Raman Entra ID", allowedDomains: [firmDomain] };
    expectError(await firmAdmin.request("PUT", url, { ...body, defaultRole: "partner" }), 400, "VALIDATION");
    expectError(await firmAdmin.request("PUT", url, { ...body, defaultRole: "employee" }), 400, "VALIDATION");
    expect((await firmAdmin.request("PUT", url, { ...body, defaultRole: "staff_auditor" })).status).toBe(200);
    const email = `aditya@${firmDomain}`;
    const a = await throughProvider(`/api/auth/sso/start?email=${encodeURIComponent(email)}`, {
      email,
      emailVerified: true,
      name: "Aditya Rao",
    });
    const res = await callback(a.callback, a.ssoCookie);
    const session = await sessionOf(res.headers["set-cookie"]);
    expect(session.state).toBe("active");
    expect(session.memberships).toEqual([
      expect.objectContaining({ tenantId: tenant.firmId, role: "staff_auditor" }),
    ]);
    expect((await firmAdmin.request("DELETE", url)).status).toBe(200);
    expect((await firmAdmin.request("GET", url)).json().provider).toBeNull();
  });

  it("stops single sign-on when the admin removes it", async () => {
    const url = `/api/organizations/${tenant.orgId}/sso`;
    expect((await orgAdmin.request("DELETE", url)).status).toBe(200);
    const res = await t.app.inject({
      method: "GET",
      url: `/api/auth/sso/start?tenant=org:${tenant.orgId}`,
      headers: { host: HOST },
    });
    expect(ssoError(res).code).toBe("NOT_FOUND");
    const kiran = await findUserByEmail(deps.db, `kiran.menon@${domain}`);
    expect((await listMemberships(deps.db, kiran?.id ?? "")).length).toBe(1);
  });
});
