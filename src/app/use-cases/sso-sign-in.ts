/**
 * Signing in with a firm's or organization's OpenID Connect provider: discovery of the provider by
 * e-mail domain, the redirect (state, nonce and PKCE S256, bound to the browser by a cookie), and the
 * callback that validates the ID token, admits existing members, lets allowed domains join just in
 * time with a non-privileged role, and issues a session exactly as password sign-in does.
 *
 * MFA: the session state follows the password rule. A user with an authenticator still enters its
 * code after SSO, and a privileged role without one must enrol, because Fieldwork cannot see whether
 * the provider itself asked for a second factor (an `amr` claim is the provider's word, not proof).
 */
import { AppError, notFound } from "../../core/errors.js";
import { requiresMfa, type TenantKind } from "../../core/roles.js";
import { decideAdmission, emailDomain, SSO_LOGIN_STATE_MINUTES } from "../../core/sso.js";
import { hitRateLimit } from "../../db/repositories/sessions.js";
import {
  deleteExpiredSsoLoginStates,
  findSsoProvider,
  findSsoProviderSecret,
  insertSsoLoginState,
  listEnabledSsoProviders,
  takeSsoLoginState,
} from "../../db/repositories/sso.js";
import { findFirmsByIds, findOrganizationsByIds } from "../../db/repositories/tenants.js";
import { findUserByEmail, listMemberships, updateUser } from "../../db/repositories/users.js";
import { systemActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { type Deps, nowIso } from "../deps.js";
import { decryptSecret, encryptSecret, randomToken, sha256Hex } from "../security/crypto.js";
import { type IssuedSession, issueSession, type SessionState } from "./sign-in.js";
import { buildAuthorizationRequest, discoverProvider, exchangeCode } from "./sso-oidc.js";
import { grantRole } from "./tenants.js";

const START_WINDOW_MINUTES = 15;
const START_MAX_PER_IP = 60;

export interface SsoProviderChoice {
  /** "firm:<id>" or "org:<id>", passed back to the start route. */
  readonly tenant: string;
  readonly tenantName: string;
  readonly label: string;
}

const parseTenant = (value: string): { kind: TenantKind; id: string } | null => {
  const m = /^(firm|org):([A-Za-z0-9-]{1,100})$/.exec(value);
  return m?.[1] && m[2] ? { kind: m[1] as TenantKind, id: m[2] } : null;
};

/** Enabled providers whose allowed domains include the e-mail's domain (at most one by construction). */
export const findSsoForEmail = async (deps: Deps, email: string): Promise<SsoProviderChoice[]> => {
  const domain = emailDomain(email);
  if (!domain) return [];
  const rows = (await listEnabledSsoProviders(deps.db)).filter((p) =>
    (JSON.parse(p.allowed_domains) as string[]).includes(domain),
  );
  const [firms, orgs] = await Promise.all([
    findFirmsByIds(
      deps.db,
      rows.filter((r) => r.tenant_kind === "firm").map((r) => r.tenant_id),
    ),
    findOrganizationsByIds(
      deps.db,
      rows.filter((r) => r.tenant_kind === "org").map((r) => r.tenant_id),
    ),
  ]);
  const names = new Map([...firms, ...orgs].map((t) => [t.id, t.name] as const));
  return rows.map((r) => ({
    tenant: `${r.tenant_kind}:${r.tenant_id}`,
    tenantName: names.get(r.tenant_id) ?? "",
    label: r.label,
  }));
};

export interface StartSsoInput {
  readonly tenant?: string | undefined;
  readonly email?: string | undefined;
  readonly redirectUri: string;
  readonly ip: string | null;
}

export interface StartedSso {
  readonly authorizationUrl: string;
  /** Raw value for the browser's sign-in cookie; only its hash is stored. */
  readonly browserToken: string;
}

export const startSsoSignIn = async (deps: Deps, input: StartSsoInput): Promise<StartedSso> => {
  const now = deps.clock();
  const hits = await hitRateLimit(
    deps.db,
    `sso-start:${input.ip ?? "unknown"}`,
    new Date(
      Math.floor(now.getTime() / (START_WINDOW_MINUTES * 60_000)) * START_WINDOW_MINUTES * 60_000,
    ).toISOString(),
  );
  if (hits > START_MAX_PER_IP) {
    throw new AppError(
      "RATE_LIMITED",
      "Too many single sign-on attempts from this address. Wait 15 minutes.",
      {
        retryAfterSeconds: START_WINDOW_MINUTES * 60,
      },
    );
  }
  let tenant = input.tenant ? parseTenant(input.tenant) : null;
  if (!tenant && input.email) {
    const [choice] = await findSsoForEmail(deps, input.email);
    tenant = choice ? parseTenant(choice.tenant) : null;
    if (!tenant) {
      throw new AppError(
        "NOT_FOUND",
        "Single sign-on is not set up for this e-mail domain. Sign in with your password.",
      );
    }
  }
  if (!tenant)
    throw new AppError("VALIDATION", "Say which firm or organization to sign in to, or give your e-mail.");
  const provider = await findSsoProvider(deps.db, tenant.kind, tenant.id);
  if (provider?.enabled !== 1) throw notFound("Single sign-on for this firm or organization");
  const config = await discoverProvider({
    issuerUrl: provider.issuer_url,
    clientId: provider.client_id,
    clientSecret: "unused-for-the-redirect",
  });
  const request = await buildAuthorizationRequest(config, input.redirectUri, input.email?.trim() || null);
  const browserToken = randomToken(24);
  await deleteExpiredSsoLoginStates(deps.db, now.toISOString());
  await insertSsoLoginState(deps.db, {
    id: sha256Hex(request.state),
    provider_id: provider.id,
    tenant_kind: provider.tenant_kind,
    tenant_id: provider.tenant_id,
    browser_hash: sha256Hex(browserToken),
    nonce_enc: encryptSecret(deps.masterKey, request.nonce),
    pkce_verifier_enc: encryptSecret(deps.masterKey, request.codeVerifier),
    redirect_uri: input.redirectUri,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + SSO_LOGIN_STATE_MINUTES * 60_000).toISOString(),
  });
  return { authorizationUrl: request.url, browserToken };
};

export interface CompleteSsoInput {
  /** The callback's query string, as the provider sent it (without "?"). */
  readonly query: string;
  readonly browserToken: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

const refused = (message: string) => new AppError("UNAUTHENTICATED", message);

export const completeSsoSignIn = async (
  deps: Deps,
  input: CompleteSsoInput,
): Promise<IssuedSession & { joined: boolean }> => {
  const params = new URLSearchParams(input.query);
  const state = params.get("state");
  if (!state) throw refused("The identity provider's answer has no state. Start signing in again.");
  const saved = await takeSsoLoginState(deps.db, sha256Hex(state));
  const now = nowIso(deps);
  if (!saved || saved.expires_at <= now) {
    throw refused("This sign-in link is unknown, already used or expired. Start signing in again.");
  }
  if (!input.browserToken || sha256Hex(input.browserToken) !== saved.browser_hash) {
    throw refused("This sign-in was started in another browser. Start signing in again here.");
  }
  const providerError = params.get("error");
  if (providerError) {
    const description = params.get("error_description");
    throw refused(
      `The identity provider refused the sign-in (${providerError}${description ? `: ${description}` : ""}).`,
    );
  }
  const provider = await findSsoProviderSecret(deps.db, saved.provider_id);
  if (provider?.enabled !== 1)
    throw refused("Single sign-on has been turned off here. Sign in with your password.");
  const config = await discoverProvider({
    issuerUrl: provider.issuer_url,
    clientId: provider.client_id,
    clientSecret: decryptSecret(deps.masterKey, provider.client_secret_enc),
  });
  const identity = await exchangeCode(config, new URL(`${saved.redirect_uri}?${input.query}`), {
    state,
    nonce: decryptSecret(deps.masterKey, saved.nonce_enc),
    codeVerifier: decryptSecret(deps.masterKey, saved.pkce_verifier_enc),
  });
  const kind = provider.tenant_kind as TenantKind;
  const existing = await findUserByEmail(deps.db, identity.email);
  const before = existing ? await listMemberships(deps.db, existing.id) : [];
  const admission = decideAdmission({
    email: identity.email,
    emailVerified: identity.emailVerified,
    isMember: before.some((m) => m.tenantKind === kind && m.tenantId === provider.tenant_id),
    allowedDomains: JSON.parse(provider.allowed_domains) as string[],
    tenantKind: kind,
    defaultRole: provider.default_role,
  });
  if (admission.kind === "refused") throw new AppError("FORBIDDEN", admission.reason);
  let userId = existing?.id ?? null;
  if (admission.kind === "join") {
    // grantRole checks independence and records membership.added; the random password it sets is discarded.
    const granted = await grantRole(
      deps,
      systemActor("single sign-on (just in time)"),
      kind,
      provider.tenant_id,
      { firmId: provider.firm_id, orgId: provider.org_id },
      {
        email: identity.email,
        name: identity.name ?? identity.email.split("@")[0] ?? identity.email,
        role: admission.role,
      },
    );
    userId = granted.userId;
  }
  if (!userId) throw refused("Your account could not be found. Start signing in again.");
  const user = await findUserByEmail(deps.db, identity.email);
  const memberships = await listMemberships(deps.db, userId);
  const sessionState: SessionState = user?.totp_enabled_at
    ? "mfa_required"
    : requiresMfa(memberships.map((m) => m.role))
      ? "mfa_enrolment_required"
      : "active";
  const id = userId;
  return inTransaction(deps, async (trx) => {
    await updateUser(trx, id, { failed_login_count: 0, last_login_at: now });
    const issued = await issueSession(trx, deps, id, sessionState === "active", input);
    await recordEvent(trx, deps, systemActor("single sign-on"), {
      action: "session.created",
      targetType: "user",
      targetId: id,
      firmId: provider.firm_id,
      orgId: provider.org_id,
      after: {
        ip: input.ip,
        method: "sso",
        issuer: provider.issuer_url,
        subject: identity.subject,
        joined: admission.kind === "join",
        mfaPending: sessionState !== "active",
      },
    });
    return { ...issued, state: sessionState, joined: admission.kind === "join" };
  });
};
