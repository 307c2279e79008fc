/** Reading the audit trail of a tenant or an engagement, and verifying the whole hash chain. */
import { z } from "zod";
import { type ChainBreak, ChainVerifier } from "../../core/audit-chain.js";
import { notFound } from "../../core/errors.js";
import { FIRM_ROLES } from "../../core/roles.js";
import { listAuditEvents, readAuditHead, streamAuditEvents } from "../../db/repositories/audit-events.js";
import { findVisibleOrganization } from "../../db/repositories/tenants.js";
import type { AuditEventRow } from "../../db/schema.js";
import type { Actor } from "../actor.js";
import { requireFirmRole, requireUser, scopeOf } from "../authz.js";
import type { Deps } from "../deps.js";
import { loadEngagement } from "./engagement-model.js";

export const AuditFilterSchema = z.object({
  action: z.string().trim().max(100).optional(),
  actor: z.string().trim().max(100).optional(),
  from: z.string().trim().max(40).optional(),
  to: z.string().trim().max(40).optional(),
  // Sequence numbers are 32-bit integers in the database.
  before: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditFilter = z.infer<typeof AuditFilterSchema>;

const eventView = (r: AuditEventRow) => ({
  seq: Number(r.seq),
  id: r.id,
  at: r.at,
  actor: r.actor_label,
  actorUserId: r.actor_user_id,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  engagementId: r.engagement_id,
  orgId: r.org_id,
  summary: JSON.parse(r.summary) as Record<string, unknown>,
  hash: r.hash,
});

const list = async (
  deps: Deps,
  scope: { firmIds: string[]; orgIds: string[] },
  f: AuditFilter,
  extra: { engagementId?: string; orgId?: string },
) => {
  const rows = await listAuditEvents(deps.db, {
    ...scope,
    ...extra,
    action: f.action,
    actorUserId: f.actor,
    from: f.from,
    to: f.to && f.to.length === 10 ? `${f.to}T23:59:59.999Z` : f.to,
    beforeSeq: f.before,
    limit: f.limit,
  });
  return rows.map(eventView);
};

export const listEngagementEvents = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  f: AuditFilter,
) => {
  const user = requireUser(actor);
  const e = await loadEngagement(deps, user, engagementId);
  // Firm users see the engagement's full trail; client users see it through their organization.
  const scope = { firmIds: [e.firm_id], orgIds: [e.org_id] };
  return list(deps, scope, f, { engagementId: e.id });
};

export const listOrganizationEvents = async (deps: Deps, actor: Actor, orgId: string, f: AuditFilter) => {
  const user = requireUser(actor);
  const org = await findVisibleOrganization(deps.db, orgId, scopeOf(user));
  if (!org) throw notFound("Organization");
  return list(deps, { firmIds: [org.firm_id], orgIds: [org.id] }, f, { orgId: org.id });
};

export const listFirmEvents = async (deps: Deps, actor: Actor, firmId: string, f: AuditFilter) => {
  const user = requireUser(actor);
  requireFirmRole(user, firmId, FIRM_ROLES, "Firm", "see the firm's audit trail");
  return list(deps, { firmIds: [firmId], orgIds: [] }, f, {});
};

export interface ChainVerification {
  readonly checked: number;
  readonly headSeq: number;
  readonly intact: boolean;
  readonly firstBreak: ChainBreak | null;
}

/**
 * Streams the whole chain through the verifier. `onProgress` gets (checked, total) after each page
 * and may return true to stop (a cancelled job).
 */
export const verifyAuditChain = async (
  deps: Pick<Deps, "db">,
  onProgress?: (checked: number, total: number) => Promise<boolean> | boolean,
): Promise<ChainVerification> => {
  const head = await readAuditHead(deps.db);
  const verifier = new ChainVerifier();
  for await (const page of streamAuditEvents(deps.db)) {
    let ok = true;
    for (const event of page) {
      if (!verifier.push(event)) {
        ok = false;
        break;
      }
    }
    if (!ok) break;
    if (onProgress && (await onProgress(verifier.checked, Math.max(head.seq, verifier.checked)))) {
      return { checked: verifier.checked, headSeq: head.seq, intact: false, firstBreak: null };
    }
  }
  const brk = verifier.finish(head);
  return { checked: verifier.checked, headSeq: head.seq, intact: brk === null, firstBreak: brk };
};
