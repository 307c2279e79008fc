/**
 * Shared pieces of the policies and training use-cases: who may do what on an organization's
 * policies, date arithmetic on YYYY-MM-DD text, the review schedule, and the views returned to
 * callers. Dates come from the injected clock, never from `new Date()` here.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { POLICY_AUDIENCES, type PolicyAudience } from "../../catalog/policy-templates.js";
import { forbidden, notFound } from "../../core/errors.js";
import { ORG_ROLES, type OrgRole, type Role } from "../../core/roles.js";
import { parseCalendarDate } from "../../core/scoping.js";
import { findVisiblePolicy } from "../../db/repositories/policies.js";
import { findVisibleOrganization } from "../../db/repositories/tenants.js";
import { listTenantMembers } from "../../db/repositories/users.js";
import type { DB } from "../../db/schema.js";
import type { PolicyRow, PolicyVersionRow } from "../../db/schema-policies.js";
import { rolesIn, type UserActor } from "../actor.js";
import { scopeOf } from "../authz.js";
import type { Deps } from "../deps.js";

/** The auditing firm's people who read policies, acknowledgements and training (auditors sample them). */
export const AUDITOR_ROLES = ["partner", "engagement_manager", "staff_auditor"] as const satisfies Role[];

export const DateSchema = z
  .string()
  .refine((s) => parseCalendarDate(s) !== null, "Use a real date in the form YYYY-MM-DD.");

export const OrgRolesSchema = z
  .array(z.enum(ORG_ROLES))
  .min(1)
  .max(ORG_ROLES.length)
  .transform((rs) => ORG_ROLES.filter((r) => rs.includes(r)));

/** What the actor may do with one organization's policies and training. */
export interface PolicyAccess {
  readonly org: { id: string; firm_id: string; name: string };
  readonly orgRoles: OrgRole[];
  /** org_admin: manages policies and training, approves and publishes. */
  readonly manage: boolean;
  /** org_admin or control_owner: writes drafts. */
  readonly draft: boolean;
  /** org_admin or the auditing firm's partner, manager or staff: reads everything, drafts included. */
  readonly readAll: boolean;
  readonly auditor: boolean;
}

/**
 * Loads the organization as the actor sees it. Someone with no role in it or its auditing firm gets
 * NOT_FOUND; a firm admin (who runs the firm, not its audits) gets FORBIDDEN.
 */
export const policyAccess = async (
  deps: Deps,
  user: UserActor,
  orgId: string,
  what = "Organization",
): Promise<PolicyAccess> => {
  const org = await findVisibleOrganization(deps.db, orgId, scopeOf(user));
  if (!org) throw notFound(what);
  return accessFor(user, org);
};

export const accessFor = (
  user: UserActor,
  org: { id: string; firm_id: string; name: string },
): PolicyAccess => {
  const orgRoles = rolesIn(user, "org", org.id) as OrgRole[];
  const firmRoles = rolesIn(user, "firm", org.firm_id);
  const auditor = firmRoles.some((r) => (AUDITOR_ROLES as readonly Role[]).includes(r));
  if (orgRoles.length === 0 && !auditor) {
    if (firmRoles.length === 0) throw notFound("Organization");
    throw forbidden(
      "Only the auditing firm's partners, engagement managers and staff auditors, or the organization's own people, can see its policies and training.",
    );
  }
  const manage = orgRoles.includes("org_admin");
  return {
    org: { id: org.id, firm_id: org.firm_id, name: org.name },
    orgRoles,
    manage,
    draft: manage || orgRoles.includes("control_owner"),
    readAll: manage || auditor,
    auditor,
  };
};

/** The auditing firm reads but never changes; inside the organization only its admins manage. */
export const requireManage = (access: PolicyAccess, action: string): void => {
  if (access.manage) return;
  if (access.orgRoles.length === 0) {
    throw forbidden(
      "The auditing firm can read this organization's policies and training but not change them.",
    );
  }
  throw forbidden(`Only an organization admin can ${action}.`);
};

// ---- audience ----

export const parseAudience = (json: string): OrgRole[] => {
  try {
    const roles = JSON.parse(json) as unknown;
    return Array.isArray(roles) ? ORG_ROLES.filter((r) => roles.includes(r)) : [];
  } catch {
    return [];
  }
};

export const rolesForAudience = (audience: PolicyAudience): OrgRole[] => [
  ...POLICY_AUDIENCES[audience].roles,
];

/** The person must acknowledge the policy when they hold one of its audience roles. */
export const appliesTo = (audience: readonly OrgRole[], roles: readonly OrgRole[]): boolean =>
  roles.some((r) => audience.includes(r));

export interface OrgPerson {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly roles: OrgRole[];
}

/** The organization's people, one entry per person with all their roles. */
export const orgPeople = async (db: Kysely<DB>, orgId: string): Promise<OrgPerson[]> => {
  const people = new Map<string, OrgPerson>();
  for (const m of await listTenantMembers(db, "org", orgId)) {
    const person = people.get(m.user_id) ?? { id: m.user_id, name: m.name, email: m.email, roles: [] };
    person.roles.push(m.role as OrgRole);
    people.set(m.user_id, person);
  }
  return [...people.values()];
};

// ---- dates ----

const toUtc = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const fromUtc = (d: Date): string => d.toISOString().slice(0, 10);

export const addDays = (iso: string, days: number): string => {
  const d = toUtc(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
};

/** The same day `months` later, clamped to the month's end (31 January + 1 month = 28/29 February). */
export const addMonths = (iso: string, months: number): string => {
  const d = toUtc(iso);
  const day = d.getUTCDate();
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, last));
  return fromUtc(first);
};

export const daysBetween = (from: string, to: string): number =>
  Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);

// ---- review schedule ----

/** Reviews due within this many days are flagged as coming up. */
export const REVIEW_WARNING_DAYS = 30;

export interface ReviewSchedule {
  readonly lastReviewedOn: string | null;
  readonly nextReviewDue: string | null;
  readonly status: "not_published" | "current" | "due_soon" | "overdue";
  /** Days until the review is due (negative when overdue). */
  readonly daysUntilDue: number | null;
  readonly warning: string | null;
}

/**
 * A policy is reviewed when a version is published or when an admin confirms it unchanged; the next
 * review falls one review cycle after the later of the two.
 */
export const reviewSchedule = (
  policy: { title: string; review_cycle_months: number; last_reviewed_on: string | null },
  publishedAt: string | null,
  today: string,
): ReviewSchedule => {
  if (!publishedAt) {
    return {
      lastReviewedOn: null,
      nextReviewDue: null,
      status: "not_published",
      daysUntilDue: null,
      warning: null,
    };
  }
  const published = publishedAt.slice(0, 10);
  const last =
    policy.last_reviewed_on && policy.last_reviewed_on > published ? policy.last_reviewed_on : published;
  const due = addMonths(last, policy.review_cycle_months);
  const days = daysBetween(today, due);
  if (days < 0) {
    return {
      lastReviewedOn: last,
      nextReviewDue: due,
      status: "overdue",
      daysUntilDue: days,
      warning: `${policy.title} was due for review on ${due} (${-days} day${days === -1 ? "" : "s"} ago). Review it and publish a new version or record that it is unchanged.`,
    };
  }
  if (days <= REVIEW_WARNING_DAYS) {
    return {
      lastReviewedOn: last,
      nextReviewDue: due,
      status: "due_soon",
      daysUntilDue: days,
      warning: `${policy.title} is due for review on ${due} (in ${days} day${days === 1 ? "" : "s"}).`,
    };
  }
  return { lastReviewedOn: last, nextReviewDue: due, status: "current", daysUntilDue: days, warning: null };
};

// ---- views ----

export const parseAuthors = (json: string): string[] => {
  try {
    const ids = JSON.parse(json) as unknown;
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};

export type VersionStatus = "draft" | "approved" | "published" | "superseded";

export const versionStatus = (
  v: Pick<PolicyVersionRow, "id" | "status">,
  currentVersionId: string | null,
): VersionStatus => {
  if (v.status === "published") return v.id === currentVersionId ? "published" : "superseded";
  return v.status === "approved" ? "approved" : "draft";
};

export const versionMetaView = (
  v: Omit<PolicyVersionRow, "body">,
  currentVersionId: string | null,
  names: ReadonlyMap<string, string>,
) => ({
  id: v.id,
  policyId: v.policy_id,
  version: Number(v.version),
  title: v.title,
  changeNote: v.change_note,
  status: versionStatus(v, currentVersionId),
  current: v.id === currentVersionId,
  authors: parseAuthors(v.authors).map((id) => ({ id, name: names.get(id) ?? "" })),
  createdAt: v.created_at,
  updatedAt: v.updated_at,
  approvedBy: v.approved_by ? { id: v.approved_by, name: names.get(v.approved_by) ?? "" } : null,
  approvedAt: v.approved_at,
  publishedBy: v.published_by ? { id: v.published_by, name: names.get(v.published_by) ?? "" } : null,
  publishedAt: v.published_at,
});

// ---- loading and checks shared by the policy use-cases ----

/** Loads a policy the actor can see, with what they may do on its organization. */
export const loadPolicy = async (deps: Deps, user: UserActor, id: string) => {
  const row = await findVisiblePolicy(deps.db, id, scopeOf(user));
  if (!row) throw notFound("Policy");
  const access = accessFor(user, { id: row.org_id, firm_id: row.firm_id, name: row.org_name });
  const { firm_id: _firm, org_name: _name, ...policy } = row;
  return { policy: policy as PolicyRow, access };
};

/** Employees read only published policies that apply to them. */
export const assertCanRead = (policy: PolicyRow, access: PolicyAccess): void => {
  if (access.readAll || access.draft) return;
  if (!policy.current_version_id) {
    throw forbidden("This policy is not published yet. Employees see published policies only.");
  }
  if (!appliesTo(parseAudience(policy.audience), access.orgRoles)) {
    throw forbidden("This policy does not apply to your role, so it is not shown to you.");
  }
};

/** Refuses a change by someone who may only read, naming why. */
export const requireDraft = (access: PolicyAccess): void => {
  if (access.draft) return;
  if (access.orgRoles.length === 0) {
    throw forbidden("The auditing firm can read this organization's policies but not change them.");
  }
  throw forbidden(
    "Only an organization admin or a control owner can write policies; employees read and acknowledge them.",
  );
};

/** The audit event of a change belongs to the organization and its auditing firm. */
export const auditScope = (access: PolicyAccess) => ({ firmId: access.org.firm_id, orgId: access.org.id });

export const versionView = (
  v: PolicyVersionRow,
  currentVersionId: string | null,
  names: ReadonlyMap<string, string>,
) => ({ ...versionMetaView(v, currentVersionId, names), body: v.body });
