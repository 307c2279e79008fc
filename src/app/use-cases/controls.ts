/**
 * The organization's controls: adopted from our library for the engagement's scope, edited, or
 * written by the organization; owners assigned; coverage of the criteria in scope. Management owns
 * its controls, so only the organization's people change them; the auditing firm reads them.
 */
import { z } from "zod";
import {
  CONTROL_LIBRARY,
  findLibraryControl,
  libraryControlsForCategories,
} from "../../catalog/control-library.js";
import { CRITERIA } from "../../catalog/criteria.js";
import {
  CONTROL_DOMAINS,
  CONTROL_STATUSES,
  type ControlStatus,
  coverage,
  FREQUENCIES,
  type LibraryControl,
} from "../../core/controls.js";
import { type CategoryCode, criteriaForCategories, isCriterionId } from "../../core/criteria.js";
import { AppError, invalid, notFound } from "../../core/errors.js";
import {
  findOrgControl,
  findVisibleOrgControl,
  insertOrgControls,
  listOrgControls,
  updateOrgControl,
} from "../../db/repositories/controls.js";
import { findVisibleOrganization } from "../../db/repositories/tenants.js";
import { listTenantMembers } from "../../db/repositories/users.js";
import type { OrgControlRow } from "../../db/schema-controls.js";
import { type Actor, rolesIn, type UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireUser, requireWrite, scopeOf } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { loadEngagement, parseCategories } from "./engagement-model.js";

const DomainSchema = z.enum(CONTROL_DOMAINS.map((d) => d.id) as unknown as [string, ...string[]]);
const CriteriaSchema = z
  .array(z.string())
  .min(1)
  .max(61)
  .refine((ids) => ids.every(isCriterionId), { message: "Use criterion ids such as CC6.1 or A1.2." });
const TextList = z.array(z.string().trim().min(1).max(500)).max(20);

export const AdoptControlsSchema = z
  .object({
    libraryIds: z.array(z.string().max(20)).max(200).optional(),
    engagementId: z.string().max(100).optional(),
  })
  .refine((v) => v.libraryIds !== undefined || v.engagementId !== undefined, {
    message: "Give libraryIds, or an engagementId to adopt every library control for its scope.",
  });

export const CreateControlSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z][A-Z0-9]{1,9}-\d{1,4}$/, "Use a code like ORG-01.")
    .optional(),
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(4000),
  domain: DomainSchema,
  criteria: CriteriaSchema,
  frequency: z.enum(FREQUENCIES),
  automation: z.enum(["automated", "manual"]),
  evidence: TextList.default([]),
  attributes: TextList.default([]),
  ownerUserId: z.string().max(100).nullable().optional(),
});

export const UpdateControlSchema = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  description: z.string().trim().min(1).max(4000).optional(),
  criteria: CriteriaSchema.optional(),
  frequency: z.enum(FREQUENCIES).optional(),
  automation: z.enum(["automated", "manual"]).optional(),
  evidence: TextList.optional(),
  attributes: TextList.optional(),
  ownerUserId: z.string().max(100).nullable().optional(),
  status: z.enum(CONTROL_STATUSES).optional(),
});

export const controlView = (c: OrgControlRow, owners: Map<string, string> = new Map()) => ({
  id: c.id,
  orgId: c.org_id,
  libraryId: c.library_id,
  code: c.code,
  domain: c.domain,
  title: c.title,
  description: c.description,
  criteria: JSON.parse(c.criteria) as string[],
  frequency: c.frequency,
  automation: c.automation,
  evidence: JSON.parse(c.evidence) as string[],
  attributes: JSON.parse(c.attributes) as string[],
  ownerUserId: c.owner_user_id,
  ownerName: c.owner_user_id ? (owners.get(c.owner_user_id) ?? null) : null,
  status: c.status as ControlStatus,
  createdAt: c.created_at,
  updatedAt: c.updated_at,
});
export type ControlView = ReturnType<typeof controlView>;

/** The organization, if the actor belongs to it or to the firm that audits it; with the actor's org roles. */
export const loadOrganization = async (deps: Deps, user: UserActor, orgId: string) => {
  const org = await findVisibleOrganization(deps.db, orgId, scopeOf(user));
  if (!org) throw notFound("Organization");
  return { org, orgRoles: rolesIn(user, "org", org.id) };
};

const requireOrgAdmin = (orgRoles: readonly string[], action: string) => {
  if (!orgRoles.includes("org_admin")) {
    throw new AppError(
      "FORBIDDEN",
      `Only the organization's admin can ${action}. Management owns its controls; the auditing firm reads them.`,
    );
  }
};

const ownerNames = async (deps: Deps, orgId: string) =>
  new Map((await listTenantMembers(deps.db, "org", orgId)).map((m) => [m.user_id, m.name]));

const assertOwnerInOrg = async (deps: Deps, orgId: string, ownerUserId: string | null | undefined) => {
  if (!ownerUserId) return;
  const members = await listTenantMembers(deps.db, "org", orgId);
  if (!members.some((m) => m.user_id === ownerUserId)) {
    throw invalid("The owner must be a member of the organization.", { field: "ownerUserId" });
  }
};

export const listControlLibrary = (actor: Actor, filter: { category?: string; domain?: string }) => {
  requireUser(actor);
  let list: readonly LibraryControl[] = CONTROL_LIBRARY;
  if (filter.category) {
    const code = filter.category.toUpperCase();
    if (!["CC", "A", "PI", "C", "P"].includes(code)) throw invalid(`Unknown category '${filter.category}'.`);
    list = libraryControlsForCategories([code as CategoryCode]);
  }
  if (filter.domain) list = list.filter((c) => c.domain === filter.domain);
  return list;
};

export const listControls = async (deps: Deps, actor: Actor, orgId: string) => {
  const user = requireUser(actor);
  const { org } = await loadOrganization(deps, user, orgId);
  const [rows, owners] = await Promise.all([listOrgControls(deps.db, org.id), ownerNames(deps, org.id)]);
  return rows.map((r) => controlView(r, owners));
};

export const getControl = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const row = await findVisibleOrgControl(deps.db, id, scopeOf(user));
  if (!row) throw notFound("Control");
  return controlView(row, await ownerNames(deps, row.org_id));
};

const fromLibrary = (deps: Deps, orgId: string, lib: LibraryControl, now: string): OrgControlRow => ({
  id: deps.newId(),
  org_id: orgId,
  library_id: lib.id,
  code: lib.id,
  domain: lib.domain,
  title: lib.title,
  description: lib.description,
  criteria: JSON.stringify(lib.criteria),
  frequency: lib.frequency,
  automation: lib.automation,
  evidence: JSON.stringify(lib.evidence),
  attributes: JSON.stringify(lib.attributes),
  owner_user_id: null,
  status: "not_started",
  created_at: now,
  updated_at: now,
});

/** Adopts library controls (given, or all for an engagement's categories); already adopted ones are skipped. */
export const adoptControls = async (
  deps: Deps,
  actor: Actor,
  orgId: string,
  input: z.infer<typeof AdoptControlsSchema>,
) => {
  const user = requireWrite(actor);
  const { org, orgRoles } = await loadOrganization(deps, user, orgId);
  requireOrgAdmin(orgRoles, "adopt controls");
  let wanted: LibraryControl[];
  if (input.engagementId) {
    const engagement = await loadEngagement(deps, user, input.engagementId);
    if (engagement.org_id !== org.id) throw notFound("Engagement");
    wanted = [...libraryControlsForCategories(parseCategories(engagement.categories))];
  } else {
    wanted = (input.libraryIds ?? []).map((id) => {
      const lib = findLibraryControl(id);
      if (!lib) throw invalid(`'${id}' is not a control in the library.`, { field: "libraryIds" });
      return lib;
    });
  }
  const now = nowIso(deps);
  return inTransaction(deps, async (trx) => {
    const existing = await listOrgControls(trx, org.id);
    const taken = new Set(existing.map((c) => c.library_id).filter(Boolean));
    const codes = new Set(existing.map((c) => c.code));
    const rows = wanted
      .filter((lib) => !taken.has(lib.id) && !codes.has(lib.id))
      .map((lib) => fromLibrary(deps, org.id, lib, now));
    await insertOrgControls(trx, rows);
    await recordEvent(trx, deps, actor, {
      action: "controls.adopted",
      targetType: "organization",
      targetId: org.id,
      firmId: org.firm_id,
      orgId: org.id,
      after: { adopted: rows.map((r) => r.code), skipped: wanted.length - rows.length },
    });
    return { adopted: rows.length, skipped: wanted.length - rows.length };
  });
};

export const createControl = async (
  deps: Deps,
  actor: Actor,
  orgId: string,
  input: z.infer<typeof CreateControlSchema>,
) => {
  const user = requireWrite(actor);
  const { org, orgRoles } = await loadOrganization(deps, user, orgId);
  requireOrgAdmin(orgRoles, "add controls");
  await assertOwnerInOrg(deps, org.id, input.ownerUserId);
  const now = nowIso(deps);
  return inTransaction(deps, async (trx) => {
    const existing = await listOrgControls(trx, org.id);
    const codes = new Set(existing.map((c) => c.code));
    let code = input.code;
    if (code && codes.has(code))
      throw new AppError("CONFLICT", `The code ${code} is already used by another control.`);
    if (!code) {
      let n = existing.filter((c) => c.code.startsWith("ORG-")).length + 1;
      while (codes.has(`ORG-${String(n).padStart(2, "0")}`)) n += 1;
      code = `ORG-${String(n).padStart(2, "0")}`;
    }
    const row: OrgControlRow = {
      id: deps.newId(),
      org_id: org.id,
      library_id: null,
      code,
      domain: input.domain,
      title: input.title,
      description: input.description,
      criteria: JSON.stringify(input.criteria),
      frequency: input.frequency,
      automation: input.automation,
      evidence: JSON.stringify(input.evidence),
      attributes: JSON.stringify(input.attributes),
      owner_user_id: input.ownerUserId ?? null,
      status: "not_started",
      created_at: now,
      updated_at: now,
    };
    await insertOrgControls(trx, [row]);
    await recordEvent(trx, deps, actor, {
      action: "control.created",
      targetType: "control",
      targetId: row.id,
      firmId: org.firm_id,
      orgId: org.id,
      after: { code, title: row.title, criteria: input.criteria },
    });
    return controlView(row);
  });
};

/** The organization's admin edits anything; a control's owner may update its status. */
export const updateControl = async (
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.infer<typeof UpdateControlSchema>,
) => {
  const user = requireWrite(actor);
  const row = await findVisibleOrgControl(deps.db, id, scopeOf(user));
  if (!row) throw notFound("Control");
  const orgRoles = rolesIn(user, "org", row.org_id);
  const isAdmin = orgRoles.includes("org_admin");
  const onlyStatus = Object.keys(input).every((k) => k === "status");
  if (!isAdmin && !(onlyStatus && row.owner_user_id === user.userId)) {
    throw new AppError(
      "FORBIDDEN",
      orgRoles.length === 0
        ? "The auditing firm reads the organization's controls but does not change them."
        : "Only the organization's admin can edit this control; its owner can update its status.",
    );
  }
  await assertOwnerInOrg(deps, row.org_id, input.ownerUserId);
  const changes = {
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.criteria !== undefined ? { criteria: JSON.stringify(input.criteria) } : {}),
    ...(input.frequency !== undefined ? { frequency: input.frequency } : {}),
    ...(input.automation !== undefined ? { automation: input.automation } : {}),
    ...(input.evidence !== undefined ? { evidence: JSON.stringify(input.evidence) } : {}),
    ...(input.attributes !== undefined ? { attributes: JSON.stringify(input.attributes) } : {}),
    ...(input.ownerUserId !== undefined ? { owner_user_id: input.ownerUserId } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
  };
  const before = Object.fromEntries(Object.keys(changes).map((k) => [k, row[k as keyof typeof row]]));
  await inTransaction(deps, async (trx) => {
    await updateOrgControl(trx, row.id, { ...changes, updated_at: nowIso(deps) });
    await recordEvent(trx, deps, actor, {
      action: "control.updated",
      targetType: "control",
      targetId: row.id,
      firmId: row.firm_id,
      orgId: row.org_id,
      before,
      after: changes,
    });
  });
  const updated = await findOrgControl(deps.db, row.org_id, row.id);
  if (!updated) throw notFound("Control");
  return controlView(updated, await ownerNames(deps, row.org_id));
};

/** For the categories in scope (from an engagement, or all five), each criterion and its controls. */
export const getCoverage = async (deps: Deps, actor: Actor, orgId: string, engagementId?: string) => {
  const user = requireUser(actor);
  const { org } = await loadOrganization(deps, user, orgId);
  let categories: CategoryCode[] = ["CC", "A", "PI", "C", "P"];
  if (engagementId) {
    const engagement = await loadEngagement(deps, user, engagementId);
    if (engagement.org_id !== org.id) throw notFound("Engagement");
    categories = parseCategories(engagement.categories);
  }
  const controls = (await listOrgControls(deps.db, org.id)).map((c) => controlView(c));
  const rows = coverage(criteriaForCategories(CRITERIA, categories), controls);
  const titles = new Map<string, string>(CRITERIA.map((c) => [c.id, c.title]));
  return {
    categories,
    criteria: rows.map((r) => ({ ...r, title: titles.get(r.criterionId) ?? "" })),
    uncovered: rows.filter((r) => !r.covered).map((r) => r.criterionId),
    controlsInScope: controls.filter((c) => c.status !== "not_applicable").length,
  };
};
