/** Read models for the firm dashboard, the client page and engagement lists. */
import { notFound } from "../../core/errors.js";
import { STAGES, type Stage } from "../../core/lifecycle.js";
import { FIRM_ROLES } from "../../core/roles.js";
import { listEngagements } from "../../db/repositories/engagements.js";
import { listFirmEnquiries } from "../../db/repositories/enquiries.js";
import {
  findFirm,
  findOrganizationsByIds,
  findVisibleOrganization,
  listFirmOrganizations,
} from "../../db/repositories/tenants.js";
import type { EngagementRow } from "../../db/schema.js";
import type { Actor } from "../actor.js";
import { inTransaction } from "../audit.js";
import { requireFirmRole, requireUser, scopeOf } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { listNotifications } from "../notify.js";
import { engagementStage, engagementType, parseCategories } from "./engagement-model.js";
import { listMembers } from "./tenants.js";

const engagementSummary = (e: EngagementRow, orgNames: Map<string, string>) => ({
  id: e.id,
  name: e.name,
  organizationId: e.org_id,
  organizationName: orgNames.get(e.org_id) ?? "",
  type: engagementType(e),
  stage: engagementStage(e),
  categories: parseCategories(e.categories),
  asOfDate: e.as_of_date,
  periodStart: e.period_start,
  periodEnd: e.period_end,
  updatedAt: e.updated_at,
});

export const getFirmDashboard = async (deps: Deps, actor: Actor, firmId: string) => {
  const user = requireUser(actor);
  requireFirmRole(user, firmId, FIRM_ROLES, "Firm", "see the firm dashboard");
  const [firm, orgs, engagements, enquiries] = await Promise.all([
    findFirm(deps.db, firmId),
    listFirmOrganizations(deps.db, firmId),
    listEngagements(deps.db, { firmId }),
    listFirmEnquiries(deps.db, firmId, 10),
  ]);
  if (!firm) throw notFound("Firm");
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const byStage = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  for (const e of engagements) byStage[engagementStage(e)] += 1;
  return {
    firm: {
      id: firm.id,
      name: firm.name,
      slug: firm.slug,
      registrationNumber: firm.registration_number,
      peerReviewDate: firm.peer_review_date,
      city: firm.city,
    },
    clients: orgs.map((o) => ({
      id: o.id,
      name: o.name,
      sector: o.sector,
      city: o.city,
      employees: o.employees,
      engagements: engagements.filter((e) => e.org_id === o.id).length,
    })),
    engagementsByStage: byStage,
    engagements: engagements.map((e) => engagementSummary(e, names)),
    enquiries: enquiries.map((q) => ({
      id: q.id,
      company: q.company,
      contactName: q.contact_name,
      sector: q.sector,
      status: q.status,
      total: (JSON.parse(q.quote) as { total: number }).total,
      currency: (JSON.parse(q.quote) as { currency: string }).currency,
      createdAt: q.created_at,
    })),
    counts: {
      clients: orgs.length,
      activeEngagements: engagements.filter((e) => e.stage !== "issuance").length,
      openEnquiries: enquiries.filter((q) => q.status === "new").length,
    },
  };
};

export const getOrganization = async (deps: Deps, actor: Actor, orgId: string) => {
  const user = requireUser(actor);
  const org = await findVisibleOrganization(deps.db, orgId, scopeOf(user));
  if (!org) throw notFound("Organization");
  const engagements = await listEngagements(deps.db, { orgId: org.id });
  const names = new Map([[org.id, org.name]]);
  return {
    organization: {
      id: org.id,
      firmId: org.firm_id,
      name: org.name,
      sector: org.sector,
      employees: org.employees,
      city: org.city,
      country: org.country,
      website: org.website,
      createdAt: org.created_at,
    },
    engagements: engagements.map((e) => engagementSummary(e, names)),
    members: await listMembers(deps, actor, "org", org.id),
  };
};

/** Every engagement the actor can see, across the firms and organizations they belong to. */
export const listVisibleEngagements = async (deps: Deps, actor: Actor) => {
  const user = requireUser(actor);
  const scope = scopeOf(user);
  const rows = (
    await Promise.all([
      ...scope.firmIds.map((firmId) => listEngagements(deps.db, { firmId })),
      ...scope.orgIds.map((orgId) => listEngagements(deps.db, { orgId })),
    ])
  ).flat();
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
  const orgs = await findOrganizationsByIds(deps.db, [...new Set(unique.map((e) => e.org_id))]);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  return unique.map((e) => engagementSummary(e, names));
};

export const getNotifications = async (deps: Deps, actor: Actor) => {
  const user = requireUser(actor);
  const rows = await listNotifications(deps.db, user.userId);
  return {
    notifications: rows.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link,
      readAt: n.read_at,
      createdAt: n.created_at,
    })),
    unread: rows.filter((n) => n.read_at === null).length,
  };
};

export const markNotificationRead = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  await inTransaction(deps, async (trx) => {
    const r = await trx
      .updateTable("notifications")
      .set({ read_at: nowIso(deps) })
      .where("id", "=", id)
      .where("user_id", "=", user.userId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw notFound("Notification");
  });
};
