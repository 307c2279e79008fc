/**
 * Firms, client organizations and their members. Enforces independence: a firm's people never hold
 * a role inside a client the firm audits, and a client's people never join the auditing firm.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { AppError, forbidden, invalid, notFound } from "../../core/errors.js";
import { FIRM_ROLES, ORG_ROLES, ROLE_LABELS, type Role, type TenantKind } from "../../core/roles.js";
import { SECTOR_IDS } from "../../core/scoping.js";
import {
  findFirm,
  findFirmsByIds,
  findOrganizationsByIds,
  findVisibleOrganization,
  firmsAuditingOrganization,
  insertFirm,
  insertOrganization,
  organizationsAuditedByFirm,
} from "../../db/repositories/tenants.js";
import {
  findUserByEmail,
  findUserById,
  insertMembership,
  insertUser,
  listMemberships,
  listTenantMembers,
  lockUserRow,
  updateUser,
} from "../../db/repositories/users.js";
import type { DB } from "../../db/schema.js";
import type { Actor, UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireFirmRole, requireOrgRole, requireUser, requireWrite, scopeOf } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { randomToken } from "../security/crypto.js";
import { checkPasswordStrength, hashPassword } from "../security/passwords.js";

export const CreateFirmSchema = z.object({
  name: z.string().trim().min(1).max(200),
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,60}[a-z0-9])?$/, "Use lowercase letters, digits and hyphens."),
  registrationNumber: z.string().trim().min(1).max(100),
  peerReviewDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable()
    .default(null),
  city: z.string().trim().max(100).nullable().default(null),
  country: z.string().trim().min(2).max(100).default("India"),
  defaultCurrency: z.enum(["INR", "USD"]).default("INR"),
});

export const CreateOrganizationSchema = z.object({
  name: z.string().trim().min(1).max(200),
  sector: z.enum(SECTOR_IDS as unknown as [string, ...string[]]),
  employees: z.number().int().min(1).max(10_000_000).nullable().default(null),
  city: z.string().trim().max(100).nullable().default(null),
  country: z.string().trim().min(2).max(100).default("India"),
  website: z.string().trim().max(300).nullable().default(null),
});

export const AddMemberSchema = z.object({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200),
  role: z.string(),
  cpaLicenceNumber: z.string().trim().min(3).max(50).optional(),
  password: z.string().optional(),
});
export type AddMemberInput = z.infer<typeof AddMemberSchema>;

/** Creates a firm (installation set-up and the demo); a system actor does this, not a user. */
export const createFirm = async (deps: Deps, actor: Actor, input: z.infer<typeof CreateFirmSchema>) => {
  const id = deps.newId();
  await inTransaction(deps, async (trx) => {
    await insertFirm(trx, {
      id,
      slug: input.slug,
      name: input.name,
      registration_number: input.registrationNumber,
      peer_review_date: input.peerReviewDate,
      city: input.city,
      country: input.country,
      default_currency: input.defaultCurrency,
      created_at: nowIso(deps),
    });
    await recordEvent(trx, deps, actor, {
      action: "firm.created",
      targetType: "firm",
      targetId: id,
      firmId: id,
      after: input,
    });
  });
  return { id };
};

export const createOrganization = async (
  deps: Deps,
  actor: Actor,
  firmId: string,
  input: z.infer<typeof CreateOrganizationSchema>,
) => {
  const user = requireWrite(actor);
  requireFirmRole(user, firmId, ["firm_admin", "partner", "engagement_manager"], "Firm", "add a client");
  const id = deps.newId();
  await inTransaction(deps, async (trx) => {
    await insertOrganization(trx, { id, firm_id: firmId, ...input, created_at: nowIso(deps) });
    await recordEvent(trx, deps, actor, {
      action: "organization.created",
      targetType: "organization",
      targetId: id,
      firmId,
      orgId: id,
      after: input,
    });
  });
  return { id };
};

/**
 * The independence rule, checked inside the transaction that adds the membership, after locking the
 * user's row, so two concurrent grants for one person cannot both pass it.
 */
const assertIndependent = async (
  db: Kysely<DB>,
  userId: string,
  tenantKind: TenantKind,
  tenantId: string,
) => {
  await lockUserRow(db, userId);
  const memberships = await listMemberships(db, userId);
  if (tenantKind === "org") {
    const auditors = await firmsAuditingOrganization(db, tenantId);
    const conflict = memberships.find((m) => m.tenantKind === "firm" && auditors.includes(m.tenantId));
    if (conflict) {
      throw new AppError(
        "INDEPENDENCE",
        "Independence: this person works for the CPA firm that audits this organization, so they cannot hold a role inside it.",
        { firmId: conflict.tenantId },
      );
    }
  } else {
    const audited = await organizationsAuditedByFirm(db, tenantId);
    const conflict = memberships.find((m) => m.tenantKind === "org" && audited.includes(m.tenantId));
    if (conflict) {
      throw new AppError(
        "INDEPENDENCE",
        "Independence: this person holds a role inside a client this firm audits, so they cannot join the firm.",
        { organizationId: conflict.tenantId },
      );
    }
  }
};

/**
 * Adds a role to an existing user, or creates the user. Returns a temporary password for new users
 * without one. Callers check who may do it; installation set-up and the demo call it as the system.
 */
export const grantRole = async (
  deps: Deps,
  actor: Actor,
  tenantKind: TenantKind,
  tenantId: string,
  audit: { firmId: string | null; orgId: string | null },
  input: AddMemberInput & { role: Role },
) => {
  const email = input.email.toLowerCase();
  const existing = await findUserByEmail(deps.db, email);
  if (input.role === "partner" && !(input.cpaLicenceNumber ?? existing?.cpa_licence_number)) {
    throw invalid("A partner needs a recorded CPA licence number.", { field: "cpaLicenceNumber" });
  }
  let temporaryPassword: string | null = null;
  let passwordHash: string | null = null;
  if (!existing) {
    const password = input.password ?? `Fw-${randomToken(12)}`;
    checkPasswordStrength(password);
    passwordHash = await hashPassword(password);
    if (!input.password) temporaryPassword = password;
  } else {
    const roles = await listMemberships(deps.db, existing.id);
    if (roles.some((m) => m.tenantKind === tenantKind && m.tenantId === tenantId && m.role === input.role)) {
      throw new AppError(
        "CONFLICT",
        `${existing.name} already has the ${ROLE_LABELS[input.role]} role here.`,
      );
    }
  }
  const userId = existing?.id ?? deps.newId();
  const now = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    if (existing) await assertIndependent(trx, existing.id, tenantKind, tenantId);
    if (!existing && passwordHash) {
      await insertUser(trx, {
        id: userId,
        email,
        name: input.name,
        password_hash: passwordHash,
        totp_secret_enc: null,
        totp_pending_enc: null,
        totp_enabled_at: null,
        cpa_licence_number: input.cpaLicenceNumber ?? null,
        locked_until: null,
        last_login_at: null,
        created_at: now,
      });
    } else if (existing && input.cpaLicenceNumber && !existing.cpa_licence_number) {
      await updateUser(trx, userId, { cpa_licence_number: input.cpaLicenceNumber });
    }
    await insertMembership(trx, {
      id: deps.newId(),
      userId,
      tenantKind,
      tenantId,
      role: input.role,
      createdAt: now,
    });
    await recordEvent(trx, deps, actor, {
      action: "membership.added",
      targetType: "user",
      targetId: userId,
      firmId: audit.firmId,
      orgId: audit.orgId,
      after: { email, role: input.role, tenantKind, newUser: !existing },
    });
  });
  return { userId, email, role: input.role, temporaryPassword };
};

export const addFirmMember = async (deps: Deps, actor: Actor, firmId: string, input: AddMemberInput) => {
  const user = requireWrite(actor);
  requireFirmRole(user, firmId, ["firm_admin"], "Firm", "add people to the firm");
  if (!(FIRM_ROLES as readonly string[]).includes(input.role)) {
    throw invalid(`'${input.role}' is not a firm role. Use one of ${FIRM_ROLES.join(", ")}.`);
  }
  return grantRole(
    deps,
    actor,
    "firm",
    firmId,
    { firmId, orgId: null },
    { ...input, role: input.role as Role },
  );
};

export const addOrganizationMember = async (
  deps: Deps,
  actor: Actor,
  orgId: string,
  input: AddMemberInput,
) => {
  const user = requireWrite(actor);
  const org = await findVisibleOrganization(deps.db, orgId, scopeOf(user));
  if (!org) throw notFound("Organization");
  if (!(ORG_ROLES as readonly string[]).includes(input.role)) {
    throw invalid(`'${input.role}' is not an organization role. Use one of ${ORG_ROLES.join(", ")}.`);
  }
  const isOrgAdmin = user.memberships.some(
    (m) => m.tenantKind === "org" && m.tenantId === orgId && m.role === "org_admin",
  );
  if (!isOrgAdmin && user.memberships.some((m) => m.tenantKind === "org" && m.tenantId === orgId)) {
    // A member of the client sees it, so NOT_FOUND would be wrong: say who may add people.
    throw forbidden("Only an organization admin can add people to the organization.");
  }
  if (!isOrgAdmin) {
    // The auditing firm may invite the client's first administrator, never its own people (independence).
    requireFirmRole(
      user,
      org.firm_id,
      ["firm_admin", "partner", "engagement_manager"],
      "Organization",
      "invite client users",
    );
    if (input.role !== "org_admin")
      throw forbidden("The firm can only invite the client's organization admin.");
    const self = await findUserByEmail(deps.db, input.email);
    if (self?.id === user.userId) {
      throw new AppError(
        "INDEPENDENCE",
        "Independence: you work for the auditing firm and cannot join this client.",
      );
    }
  } else {
    requireOrgRole(user, orgId, ["org_admin"], "Organization", "add people to the organization");
  }
  return grantRole(
    deps,
    actor,
    "org",
    orgId,
    { firmId: org.firm_id, orgId },
    { ...input, role: input.role as Role },
  );
};

export const listMembers = async (deps: Deps, actor: Actor, tenantKind: TenantKind, tenantId: string) => {
  const user = requireUser(actor);
  if (tenantKind === "firm") requireFirmRole(user, tenantId, FIRM_ROLES, "Firm", "see the firm's people");
  else {
    const org = await findVisibleOrganization(deps.db, tenantId, scopeOf(user));
    if (!org) throw notFound("Organization");
  }
  const rows = await listTenantMembers(deps.db, tenantKind, tenantId);
  return rows.map((r) => ({
    userId: r.user_id,
    email: r.email,
    name: r.name,
    role: r.role,
    cpaLicenceNumber: r.cpa_licence_number,
    mfaEnabled: r.totp_enabled_at !== null,
  }));
};

/** Names of the tenants the actor belongs to, for the session and the tenant switcher. */
export const describeMemberships = async (deps: Deps, actor: Actor) => {
  const user = requireUser(actor);
  const firmIds = scopeOf(user).firmIds;
  const orgIds = scopeOf(user).orgIds;
  const [firms, orgs] = await Promise.all([
    findFirmsByIds(deps.db, firmIds),
    findOrganizationsByIds(deps.db, orgIds),
  ]);
  const names = new Map<string, string>([
    ...firms.map((f) => [f.id, f.name] as const),
    ...orgs.map((o) => [o.id, o.name] as const),
  ]);
  const slugs = new Map(firms.map((f) => [f.id, f.slug]));
  return user.memberships.map((m) => ({
    tenantKind: m.tenantKind,
    tenantId: m.tenantId,
    tenantName: names.get(m.tenantId) ?? "",
    firmSlug: slugs.get(m.tenantId) ?? null,
    role: m.role,
  }));
};

export const getFirm = async (deps: Deps, actor: Actor, firmId: string) => {
  const user = requireUser(actor);
  requireFirmRole(user, firmId, FIRM_ROLES, "Firm", "see the firm");
  const firm = await findFirm(deps.db, firmId);
  if (!firm) throw notFound("Firm");
  return firm;
};

/** The signed-in user's own profile; also answered while MFA is still pending, without memberships. */
export const sessionProfile = async (deps: Deps, actor: UserActor, state: string) => {
  const user = await findUserById(deps.db, actor.userId);
  return {
    state,
    user: {
      id: actor.userId,
      name: actor.name,
      email: actor.email,
      mfaEnabled: user?.totp_enabled_at != null,
      cpaLicenceNumber: user?.cpa_licence_number ?? null,
    },
    memberships: state === "active" ? await describeMemberships(deps, actor) : [],
  };
};
