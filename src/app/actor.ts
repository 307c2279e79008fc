/** Who is acting: a signed-in user (browser session or API token), the public, or the system itself. */
import type { Membership, Role } from "../core/roles.js";

export const TOKEN_SCOPES = ["read", "write"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface UserActor {
  readonly kind: "user";
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  readonly memberships: readonly Membership[];
  readonly mfaVerified: boolean;
  readonly via: "session" | "token";
  /** Token scopes; null for a browser session, which may do all its roles allow. */
  readonly scopes: readonly TokenScope[] | null;
  readonly ip: string | null;
}

export interface PublicActor {
  readonly kind: "public";
  readonly ip: string | null;
}

export interface SystemActor {
  readonly kind: "system";
  readonly label: string;
}

export type Actor = UserActor | PublicActor | SystemActor;

export const systemActor = (label: string): SystemActor => ({ kind: "system", label });

export const actorLabel = (actor: Actor): string => {
  if (actor.kind === "user") return `${actor.name} <${actor.email}>`;
  if (actor.kind === "public") return `public${actor.ip ? ` (${actor.ip})` : ""}`;
  return `system: ${actor.label}`;
};

export const rolesIn = (actor: UserActor, tenantKind: "firm" | "org", tenantId: string): Role[] =>
  actor.memberships.filter((m) => m.tenantKind === tenantKind && m.tenantId === tenantId).map((m) => m.role);

export const tenantIds = (actor: UserActor, tenantKind: "firm" | "org"): string[] => [
  ...new Set(actor.memberships.filter((m) => m.tenantKind === tenantKind).map((m) => m.tenantId)),
];
