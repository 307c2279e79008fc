/**
 * Authorization, used inside use-cases (never in routes). A tenant the actor has no role in is
 * reported as "not found", so ids from a foreign tenant reveal nothing.
 */
import { AppError, forbidden, notFound } from "../core/errors.js";
import { ROLE_LABELS, type Role } from "../core/roles.js";
import { type Actor, rolesIn, tenantIds, type UserActor } from "./actor.js";

export const requireUser = (actor: Actor): UserActor => {
  if (actor.kind !== "user") throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  if (actor.via === "session" && !actor.mfaVerified) {
    throw new AppError("MFA_REQUIRED", "Finish signing in with your authenticator code first.");
  }
  return actor;
};

/** Mutations need a browser session or a token with the write scope. */
export const requireWrite = (actor: Actor): UserActor => {
  const user = requireUser(actor);
  if (user.scopes && !user.scopes.includes("write")) {
    throw forbidden("This API token is read-only; create a token with the write scope to make changes.");
  }
  return user;
};

/** "a partner or engagement manager", "an organization admin". */
const roleList = (roles: readonly Role[]): string => {
  const text = roles.map((r) => ROLE_LABELS[r].toLowerCase()).join(" or ");
  return `${/^[aeiou]/.test(text) ? "an" : "a"} ${text}`;
};

/**
 * The actor must hold one of `roles` in the firm. No role at all in the firm → NOT_FOUND (what); a
 * role but not an allowed one → FORBIDDEN naming who may do it.
 */
export const requireFirmRole = (
  actor: UserActor,
  firmId: string,
  roles: readonly Role[],
  what: string,
  action: string,
): Role[] => {
  const held = rolesIn(actor, "firm", firmId);
  if (held.length === 0) throw notFound(what);
  if (!held.some((r) => roles.includes(r))) throw forbidden(`Only ${roleList(roles)} can ${action}.`);
  return held;
};

export const requireOrgRole = (
  actor: UserActor,
  orgId: string,
  roles: readonly Role[],
  what: string,
  action: string,
): Role[] => {
  const held = rolesIn(actor, "org", orgId);
  if (held.length === 0) throw notFound(what);
  if (!held.some((r) => roles.includes(r))) throw forbidden(`Only ${roleList(roles)} can ${action}.`);
  return held;
};

export interface TenantScope {
  readonly firmIds: readonly string[];
  readonly orgIds: readonly string[];
}

export const scopeOf = (actor: UserActor): TenantScope => ({
  firmIds: tenantIds(actor, "firm"),
  orgIds: tenantIds(actor, "org"),
});

/** Roles the actor holds on an engagement: firm roles through the auditing firm, org roles through the client. */
export const rolesOnEngagement = (actor: UserActor, e: { firm_id: string; org_id: string }): Role[] => [
  ...rolesIn(actor, "firm", e.firm_id),
  ...rolesIn(actor, "org", e.org_id),
];

/**
 * For an engagement (or a client organization) the caller has already shown the actor can see:
 * FORBIDDEN naming who may act when none of the actor's roles on it is allowed. NOT_FOUND here
 * would contradict the read the actor can make (a client's people read their engagements).
 */
export const requireEngagementRole = (
  actor: UserActor,
  e: { firm_id: string; org_id: string },
  roles: readonly Role[],
  action: string,
): Role[] => {
  const held = rolesOnEngagement(actor, e);
  if (!held.some((r) => roles.includes(r))) throw forbidden(`Only ${roleList(roles)} can ${action}.`);
  return held;
};
