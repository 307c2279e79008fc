import { describe, expect, it } from "vitest";
import {
  checkIssuerUrl,
  decideAdmission,
  emailDomain,
  isJitRoleAllowed,
  normaliseAllowedDomains,
} from "./sso.js";

describe("emailDomain", () => {
  it("takes the lower-cased domain after the last @", () => {
    expect(emailDomain("Asha.Rao@PaySetu.IN")).toBe("paysetu.in");
    expect(emailDomain("odd@name@corp.example")).toBe("corp.example");
  });
  it("answers null for addresses without a usable domain", () => {
    expect(emailDomain("no-at-sign")).toBeNull();
    expect(emailDomain("@paysetu.in")).toBeNull();
    expect(emailDomain("a@localhost")).toBeNull();
  });
});

describe("normaliseAllowedDomains", () => {
  it("lower-cases, strips @, drops blanks and duplicates, sorts", () => {
    expect(normaliseAllowedDomains([" @Paysetu.in", "ops.paysetu.in", "paysetu.in", ""])).toEqual({
      ok: true,
      domains: ["ops.paysetu.in", "paysetu.in"],
    });
  });
  it("refuses public mailbox providers and malformed names", () => {
    const gmail = normaliseAllowedDomains(["gmail.com"]);
    expect(gmail.ok).toBe(false);
    if (!gmail.ok) expect(gmail.problem).toMatch(/public mailbox/);
    expect(normaliseAllowedDomains(["not a domain"]).ok).toBe(false);
    expect(normaliseAllowedDomains(["http://paysetu.in"]).ok).toBe(false);
  });
});

describe("checkIssuerUrl", () => {
  it("accepts https and strips a bare trailing slash", () => {
    expect(checkIssuerUrl("https://login.paysetu.in/")).toEqual({
      ok: true,
      url: "https://login.paysetu.in",
      insecure: false,
    });
    expect(checkIssuerUrl("https://idp.example/realms/fw")).toMatchObject({
      ok: true,
      url: "https://idp.example/realms/fw",
    });
  });
  it("accepts plain http only on loopback", () => {
    expect(checkIssuerUrl("http://127.0.0.1:4000")).toMatchObject({ ok: true, insecure: true });
    expect(checkIssuerUrl("http://login.paysetu.in").ok).toBe(false);
    expect(checkIssuerUrl("ftp://localhost").ok).toBe(false);
    expect(checkIssuerUrl("https://idp.example/?a=1").ok).toBe(false);
    expect(checkIssuerUrl("not a url").ok).toBe(false);
  });
});

describe("just-in-time roles", () => {
  it("never allows a privileged role", () => {
    expect(isJitRoleAllowed("firm", "staff_auditor")).toBe(true);
    expect(isJitRoleAllowed("firm", "partner")).toBe(false);
    expect(isJitRoleAllowed("firm", "firm_admin")).toBe(false);
    expect(isJitRoleAllowed("org", "employee")).toBe(true);
    expect(isJitRoleAllowed("org", "control_owner")).toBe(true);
    expect(isJitRoleAllowed("org", "org_admin")).toBe(false);
    expect(isJitRoleAllowed("org", "staff_auditor")).toBe(false);
  });
});

describe("decideAdmission", () => {
  const base = {
    email: "kiran@paysetu.in",
    emailVerified: true,
    isMember: false,
    allowedDomains: ["paysetu.in"],
    tenantKind: "org" as const,
    defaultRole: "employee",
  };
  it("lets an allowed domain join with the default role", () => {
    expect(decideAdmission(base)).toEqual({ kind: "join", role: "employee" });
  });
  it("signs in an existing member whatever the domain", () => {
    expect(decideAdmission({ ...base, email: "x@elsewhere.example", isMember: true })).toEqual({
      kind: "member",
    });
  });
  it("refuses another domain, an unverified address and a privileged default role", () => {
    expect(decideAdmission({ ...base, email: "x@elsewhere.example" }).kind).toBe("refused");
    expect(decideAdmission({ ...base, emailVerified: false, isMember: true }).kind).toBe("refused");
    expect(decideAdmission({ ...base, defaultRole: "org_admin" }).kind).toBe("refused");
  });
});
