/**
 * The organization's trust portal settings: the e-mail domains whose requests are approved at once
 * (the allow-list) and how many days a download link lasts. Organization admins only.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { notFound } from "../../core/errors.js";
import {
  DEFAULT_LINK_DAYS,
  MAX_ALLOWED_DOMAINS,
  MAX_LINK_DAYS,
  normalizeAllowList,
} from "../../core/trust-portal.js";
import { findOrganizationsByIds } from "../../db/repositories/tenants.js";
import { findTrustSettings, upsertTrustSettings } from "../../db/repositories/trust-portal-settings.js";
import type { DB } from "../../db/schema.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireOrgRole, requireUser, requireWrite } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";

export const TrustSettingsSchema = z.object({
  allowedDomains: z.array(z.string().max(300)).max(MAX_ALLOWED_DOMAINS),
  linkDays: z.number().int().min(1).max(MAX_LINK_DAYS),
});
export type TrustSettingsInput = z.output<typeof TrustSettingsSchema>;

export interface TrustSettings {
  readonly allowedDomains: readonly string[];
  readonly linkDays: number;
  readonly updatedAt: string | null;
}

const parseDomains = (json: string): string[] => {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((d): d is string => typeof d === "string") : [];
  } catch {
    return [];
  }
};

/** The settings in force for an organization: its row, or the defaults. */
export const loadTrustSettings = async (db: Kysely<DB>, orgId: string): Promise<TrustSettings> => {
  const row = await findTrustSettings(db, orgId);
  return row
    ? {
        allowedDomains: parseDomains(row.allowed_domains),
        linkDays: Number(row.link_days),
        updatedAt: row.updated_at,
      }
    : { allowedDomains: [], linkDays: DEFAULT_LINK_DAYS, updatedAt: null };
};

const ADMINS = ["org_admin"] as const;

export const getTrustSettings = async (deps: Deps, actor: Actor, orgId: string): Promise<TrustSettings> => {
  const user = requireUser(actor);
  requireOrgRole(user, orgId, ADMINS, "Organization", "see the trust portal settings");
  return loadTrustSettings(deps.db, orgId);
};

export const updateTrustSettings = async (
  deps: Deps,
  actor: Actor,
  orgId: string,
  input: TrustSettingsInput,
): Promise<TrustSettings> => {
  const user = requireWrite(actor);
  requireOrgRole(user, orgId, ADMINS, "Organization", "change the trust portal settings");
  const [org] = await findOrganizationsByIds(deps.db, [orgId]);
  if (!org) throw notFound("Organization");
  const allowedDomains = normalizeAllowList(input.allowedDomains);
  const updatedAt = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    const before = await loadTrustSettings(trx, orgId);
    await upsertTrustSettings(trx, {
      org_id: orgId,
      firm_id: org.firm_id,
      allowed_domains: JSON.stringify(allowedDomains),
      link_days: input.linkDays,
      updated_by: user.userId,
      updated_at: updatedAt,
    });
    await recordEvent(trx, deps, actor, {
      action: "trust.settings_updated",
      targetType: "organization",
      targetId: orgId,
      firmId: org.firm_id,
      orgId,
      before: { allowedDomains: before.allowedDomains, linkDays: before.linkDays },
      after: { allowedDomains, linkDays: input.linkDays },
    });
  });
  return { allowedDomains, linkDays: input.linkDays, updatedAt };
};
