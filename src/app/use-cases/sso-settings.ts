/**
 * Single sign-on settings of a firm (firm admin) or a client organization (organization admin): the
 * OpenID Connect provider, the client credentials (secret sealed with the master key and never shown
 * again), the e-mail domains that may join just in time and the role they receive.
 */
import { z } from "zod";
import { AppError, invalid, notFound } from "../../core/errors.js";
import type { TenantKind } from "../../core/roles.js";
import {
  checkIssuerUrl,
  isJitRoleAllowed,
  normaliseAllowedDomains,
  SSO_DEFAULT_JIT_ROLE,
  SSO_JIT_ROLES,
} from "../../core/sso.js";
import {
  deleteSsoProvider,
  findSsoProvider,
  insertSsoProvider,
  listEnabledSsoProviders,
  updateSsoProvider,
} from "../../db/repositories/sso.js";
import { findVisibleOrganization } from "../../db/repositories/tenants.js";
import type { Actor, UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireFirmRole, requireOrgRole, requireUser, requireWrite, scopeOf } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { encryptSecret } from "../security/crypto.js";
import { discoverProvider } from "./sso-oidc.js";

export const SaveSsoSettingsSchema = z.object({
  label: z.string().trim().min(1).max(80),
  issuerUrl: z.string().trim().min(8).max(500),
  clientId: z.string().trim().min(1).max(300),
  /** Required the first time; omit to keep the stored secret. */
  clientSecret: z.string().min(1).max(1000).optional(),
  allowedDomains: z.array(z.string().max(260)).max(50).default([]),
  defaultRole: z.string().min(1).max(40),
  enabled: z.boolean().default(true),
});
export type SaveSsoSettingsInput = z.infer<typeof SaveSsoSettingsSchema>;

interface TenantRef {
  readonly kind: TenantKind;
  readonly id: string;
  readonly firmId: string;
  readonly orgId: string | null;
}

/** Only the tenant's own administrator; no role in the tenant → NOT_FOUND. */
const loadAdminTenant = async (
  deps: Deps,
  user: UserActor,
  kind: TenantKind,
  id: string,
): Promise<TenantRef> => {
  if (kind === "firm") {
    requireFirmRole(user, id, ["firm_admin"], "Firm", "manage single sign-on");
    return { kind, id, firmId: id, orgId: null };
  }
  requireOrgRole(user, id, ["org_admin"], "Organization", "manage single sign-on");
  const org = await findVisibleOrganization(deps.db, id, scopeOf(user));
  if (!org) throw notFound("Organization");
  return { kind, id, firmId: org.firm_id, orgId: id };
};

const present = (row: Awaited<ReturnType<typeof findSsoProvider>>) =>
  row
    ? {
        label: row.label,
        issuerUrl: row.issuer_url,
        clientId: row.client_id,
        clientSecretSet: true,
        allowedDomains: JSON.parse(row.allowed_domains) as string[],
        defaultRole: row.default_role,
        enabled: row.enabled === 1,
        updatedAt: row.updated_at,
      }
    : null;

export const getSsoSettings = async (deps: Deps, actor: Actor, kind: TenantKind, tenantId: string) => {
  const user = requireUser(actor);
  await loadAdminTenant(deps, user, kind, tenantId);
  const row = await findSsoProvider(deps.db, kind, tenantId);
  return {
    provider: present(row),
    jitRoles: [...SSO_JIT_ROLES[kind]],
    defaultJitRole: SSO_DEFAULT_JIT_ROLE[kind],
  };
};

export const saveSsoSettings = async (
  deps: Deps,
  actor: Actor,
  kind: TenantKind,
  tenantId: string,
  input: SaveSsoSettingsInput,
) => {
  const user = requireWrite(actor);
  const tenant = await loadAdminTenant(deps, user, kind, tenantId);
  const issuer = checkIssuerUrl(input.issuerUrl);
  if (!issuer.ok) throw invalid(issuer.problem, { field: "issuerUrl" });
  const domains = normaliseAllowedDomains(input.allowedDomains);
  if (!domains.ok) throw invalid(domains.problem, { field: "allowedDomains" });
  if (!isJitRoleAllowed(kind, input.defaultRole)) {
    throw invalid(
      `People who join by single sign-on can only receive ${SSO_JIT_ROLES[kind].join(" or ")}: privileged roles are granted by an administrator.`,
      { field: "defaultRole" },
    );
  }
  const existing = await findSsoProvider(deps.db, kind, tenantId);
  if (!existing && !input.clientSecret) throw invalid("Enter the client secret.", { field: "clientSecret" });
  // An enabled provider must answer now, so a typo shows here and not at someone's sign-in.
  if (input.enabled) {
    try {
      await discoverProvider({ issuerUrl: issuer.url, clientId: input.clientId, clientSecret: "unused" });
    } catch (error) {
      throw invalid(error instanceof Error ? error.message : String(error), { field: "issuerUrl" });
    }
  }
  const now = nowIso(deps);
  const id = existing?.id ?? deps.newId();
  await inTransaction(deps, async (trx) => {
    if (input.enabled && domains.domains.length > 0) {
      // One tenant per domain, so "sign in with your work e-mail" finds exactly one provider.
      const others = await listEnabledSsoProviders(trx);
      for (const other of others) {
        if (other.id === id) continue;
        const taken = (JSON.parse(other.allowed_domains) as string[]).find((d) =>
          domains.domains.includes(d),
        );
        if (taken) {
          throw new AppError(
            "CONFLICT",
            `The domain ${taken} already signs in to another firm or organization on this server. Remove it from the list.`,
            { field: "allowedDomains" },
          );
        }
      }
    }
    const values = {
      label: input.label,
      issuer_url: issuer.url,
      client_id: input.clientId,
      allowed_domains: JSON.stringify(domains.domains),
      default_role: input.defaultRole,
      enabled: input.enabled ? 1 : 0,
      updated_at: now,
      updated_by: user.userId,
      ...(input.clientSecret ? { client_secret_enc: encryptSecret(deps.masterKey, input.clientSecret) } : {}),
    };
    if (existing) await updateSsoProvider(trx, id, values);
    else {
      await insertSsoProvider(trx, {
        ...values,
        id,
        tenant_kind: kind,
        tenant_id: tenantId,
        firm_id: tenant.firmId,
        org_id: tenant.orgId,
        client_secret_enc: encryptSecret(deps.masterKey, input.clientSecret ?? ""),
        created_at: now,
      });
    }
    await recordEvent(trx, deps, actor, {
      action: existing ? "sso.updated" : "sso.configured",
      targetType: "sso_provider",
      targetId: id,
      firmId: tenant.firmId,
      orgId: tenant.orgId,
      before: present(existing),
      after: {
        label: input.label,
        issuerUrl: issuer.url,
        clientId: input.clientId,
        allowedDomains: domains.domains,
        defaultRole: input.defaultRole,
        enabled: input.enabled,
        clientSecretChanged: input.clientSecret !== undefined,
      },
    });
  });
  return getSsoSettings(deps, actor, kind, tenantId);
};

export const removeSsoSettings = async (deps: Deps, actor: Actor, kind: TenantKind, tenantId: string) => {
  const user = requireWrite(actor);
  const tenant = await loadAdminTenant(deps, user, kind, tenantId);
  const existing = await findSsoProvider(deps.db, kind, tenantId);
  if (!existing) throw notFound("Single sign-on configuration");
  await inTransaction(deps, async (trx) => {
    await deleteSsoProvider(trx, existing.id);
    await recordEvent(trx, deps, actor, {
      action: "sso.removed",
      targetType: "sso_provider",
      targetId: existing.id,
      firmId: tenant.firmId,
      orgId: tenant.orgId,
      before: present(existing),
    });
  });
};
