/**
 * Rules of single sign-on with OpenID Connect (issue 6 §5): which e-mail domains a tenant may admit,
 * which roles just-in-time members may receive (never a privileged one), which issuer URLs are
 * acceptable, and whether a signed-in identity may join a tenant. Pure: no I/O, no clock.
 */
import type { Role, TenantKind } from "./roles.js";

/** Roles a just-in-time member may receive: never a role that signs, approves or administers. */
export const SSO_JIT_ROLES: Readonly<Record<TenantKind, readonly Role[]>> = {
  firm: ["staff_auditor"],
  org: ["employee", "control_owner"],
};

export const SSO_DEFAULT_JIT_ROLE: Readonly<Record<TenantKind, Role>> = {
  firm: "staff_auditor",
  org: "employee",
};

/** How long a started sign-in may wait for the provider's answer. */
export const SSO_LOGIN_STATE_MINUTES = 10;

/** Mailbox providers anyone can sign up with: admitting one would admit the whole internet. */
export const PUBLIC_MAIL_DOMAINS: readonly string[] = [
  "gmail.com",
  "googlemail.com",
  "yahoo.com",
  "yahoo.co.in",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "icloud.com",
  "rediffmail.com",
  "proton.me",
  "protonmail.com",
  "aol.com",
  "zoho.com",
];

const DOMAIN_RE = /^(?=.{3,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

export const isJitRoleAllowed = (tenantKind: TenantKind, role: string): role is Role =>
  (SSO_JIT_ROLES[tenantKind] as readonly string[]).includes(role);

/** The domain part of an address, lower-cased; null when the address has none. */
export const emailDomain = (email: string): string | null => {
  const at = email.trim().lastIndexOf("@");
  if (at < 1) return null;
  const domain = email
    .trim()
    .slice(at + 1)
    .toLowerCase();
  return DOMAIN_RE.test(domain) ? domain : null;
};

export type DomainListResult =
  | { readonly ok: true; readonly domains: string[] }
  | { readonly ok: false; readonly problem: string };

/** Normalises an admin's list of allowed domains (lower case, no "@", unique, sorted) or says what is wrong. */
export const normaliseAllowedDomains = (input: readonly string[]): DomainListResult => {
  const domains = new Set<string>();
  for (const raw of input) {
    const domain = raw.trim().toLowerCase().replace(/^@/, "");
    if (domain === "") continue;
    if (!DOMAIN_RE.test(domain))
      return { ok: false, problem: `'${raw}' is not a domain name like paysetu.in.` };
    if (PUBLIC_MAIL_DOMAINS.includes(domain)) {
      return {
        ok: false,
        problem: `'${domain}' is a public mailbox provider: anyone could join. List your own domain instead.`,
      };
    }
    domains.add(domain);
  }
  if (domains.size > 20) return { ok: false, problem: "List at most 20 domains." };
  return { ok: true, domains: [...domains].sort() };
};

export type IssuerCheck =
  | { readonly ok: true; readonly url: string; readonly insecure: boolean }
  | { readonly ok: false; readonly problem: string };

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The issuer must be HTTPS; plain HTTP is accepted only on this machine's loopback address (a local
 * provider in development and tests), where nothing travels over a network. No query or fragment.
 */
export const checkIssuerUrl = (raw: string): IssuerCheck => {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, problem: "The issuer must be a full URL such as https://login.example.com." };
  }
  if (url.search || url.hash)
    return { ok: false, problem: "The issuer URL must not have a query or fragment." };
  if (url.username || url.password)
    return { ok: false, problem: "The issuer URL must not hold credentials." };
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    return { ok: false, problem: "The issuer must use https:// (plain http is allowed only for localhost)." };
  }
  const text = url.href.endsWith("/") && url.pathname === "/" ? url.href.slice(0, -1) : url.href;
  return { ok: true, url: text, insecure: url.protocol === "http:" };
};

export type SsoAdmission =
  | { readonly kind: "member" }
  | { readonly kind: "join"; readonly role: Role }
  | { readonly kind: "refused"; readonly reason: string };

/**
 * Decides what a verified identity may do in a tenant: sign in as an existing member, join just in
 * time with the default role when its domain is allowed, or nothing.
 */
export const decideAdmission = (input: {
  readonly email: string;
  readonly emailVerified: boolean;
  readonly isMember: boolean;
  readonly allowedDomains: readonly string[];
  readonly tenantKind: TenantKind;
  readonly defaultRole: string;
}): SsoAdmission => {
  if (!input.emailVerified) {
    return {
      kind: "refused",
      reason: "Your identity provider has not verified your e-mail address, so Fieldwork cannot match it.",
    };
  }
  if (input.isMember) return { kind: "member" };
  const domain = emailDomain(input.email);
  if (!domain || !input.allowedDomains.includes(domain)) {
    return {
      kind: "refused",
      reason: `${input.email} is not a member here and its domain is not allowed to join by single sign-on. Ask an administrator to add you.`,
    };
  }
  if (!isJitRoleAllowed(input.tenantKind, input.defaultRole)) {
    return {
      kind: "refused",
      reason: "Single sign-on is misconfigured: its default role may not be given automatically.",
    };
  }
  return { kind: "join", role: input.defaultRole };
};
