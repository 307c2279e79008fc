/**
 * Roles of DESIGN.md §1. Firm roles belong to a CPA firm tenant, organization roles to a client
 * organization tenant. A user may hold roles in several tenants.
 */
export const FIRM_ROLES = ["firm_admin", "partner", "engagement_manager", "staff_auditor"] as const;
export const ORG_ROLES = ["org_admin", "control_owner", "employee"] as const;
export const ROLES = [...FIRM_ROLES, ...ORG_ROLES] as const;

export type FirmRole = (typeof FIRM_ROLES)[number];
export type OrgRole = (typeof ORG_ROLES)[number];
export type Role = FirmRole | OrgRole;
export type TenantKind = "firm" | "org";

export const ROLE_LABELS: Record<Role, string> = {
  firm_admin: "Firm admin",
  partner: "Partner",
  engagement_manager: "Engagement manager",
  staff_auditor: "Staff auditor",
  org_admin: "Organization admin",
  control_owner: "Control owner",
  employee: "Employee",
};

export const isFirmRole = (role: string): role is FirmRole =>
  (FIRM_ROLES as readonly string[]).includes(role);
export const isOrgRole = (role: string): role is OrgRole => (ORG_ROLES as readonly string[]).includes(role);

/** Roles whose holders must use multi-factor authentication (the issue: partners and admins). */
export const MFA_REQUIRED_ROLES: readonly Role[] = ["firm_admin", "partner", "org_admin"];

export const requiresMfa = (roles: readonly Role[]): boolean =>
  roles.some((r) => MFA_REQUIRED_ROLES.includes(r));

export interface Membership {
  readonly tenantKind: TenantKind;
  readonly tenantId: string;
  readonly role: Role;
}
