/**
 * An organization's policies: the templates, creating a policy from a template or blank (as draft
 * version 1), the list with review status, and one policy with its versions. Employees see only
 * published policies that apply to them. Changes are in policy-editing.ts; approval and
 * publication in policy-versions.ts; acknowledgements in policy-acknowledgements.ts.
 */
import { z } from "zod";
import {
  findPolicyTemplate,
  ORGANIZATION_PLACEHOLDER,
  POLICY_AUDIENCES,
  POLICY_SECTIONS,
  POLICY_TEMPLATES,
  type PolicyTemplate,
  policyTemplateWords,
} from "../../catalog/policy-templates.js";
import { AppError, invalid } from "../../core/errors.js";
import {
  findAcknowledgement,
  findOpenVersion,
  findOrgControlsByLibraryIds,
  findPolicyByTemplate,
  findUserNames,
  findVersion,
  insertPolicy,
  insertVersion,
  listAcknowledgements,
  listOrgPolicies,
  listOrgVersions,
  listPolicyControls,
  listVersions,
  replacePolicyControls,
} from "../../db/repositories/policies.js";
import type { PolicyRow, PolicyVersionRow } from "../../db/schema-policies.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireUser, requireWrite } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import {
  appliesTo,
  assertCanRead,
  auditScope,
  loadPolicy,
  OrgRolesSchema,
  orgPeople,
  parseAudience,
  parseAuthors,
  policyAccess,
  requireDraft,
  reviewSchedule,
  rolesForAudience,
  versionMetaView,
  versionView,
} from "./policy-model.js";

const Title = z.string().trim().min(1).max(200);
const Body = z.string().trim().min(1).max(200_000);

export const CreatePolicySchema = z
  .object({
    templateId: z.string().trim().min(1).max(100).optional(),
    title: Title.optional(),
    body: Body.optional(),
    audience: OrgRolesSchema.optional(),
    reviewCycleMonths: z.number().int().min(1).max(36).optional(),
  })
  .refine((v) => v.templateId !== undefined || v.title !== undefined, {
    message: "Give a templateId to start from a template, or a title for a blank policy.",
    path: ["title"],
  });
export type CreatePolicyInput = z.infer<typeof CreatePolicySchema>;

const DEFAULT_ACKNOWLEDGE_DAYS = 30;

/** The policy templates, for the "new policy" picker. Any signed-in user may read them. */
export const listPolicyTemplates = (actor: Actor) => {
  requireUser(actor);
  return POLICY_TEMPLATES.map((t) => ({
    id: t.id,
    title: t.title,
    purpose: t.purpose,
    reviewCycleMonths: t.reviewCycleMonths,
    controls: [...t.controls],
    audience: {
      id: t.audience,
      label: POLICY_AUDIENCES[t.audience].label,
      roles: rolesForAudience(t.audience),
    },
    words: policyTemplateWords(t),
    body: t.body,
  }));
};

const blankBody = (): string =>
  POLICY_SECTIONS.map((s) => `## ${s}\n\n${s === "Policy statements" ? "1. " : ""}(to be written)\n`).join(
    "\n",
  );

const templateBody = (t: PolicyTemplate, orgName: string): string =>
  t.body.replaceAll(ORGANIZATION_PLACEHOLDER, orgName);

export const createPolicy = async (deps: Deps, actor: Actor, orgId: string, input: CreatePolicyInput) => {
  const user = requireWrite(actor);
  const access = await policyAccess(deps, user, orgId);
  requireDraft(access);
  let template: PolicyTemplate | undefined;
  if (input.templateId !== undefined) {
    template = findPolicyTemplate(input.templateId);
    if (!template) {
      throw invalid(
        `There is no policy template '${input.templateId}'. GET /api/policy-templates lists them.`,
        {
          field: "templateId",
        },
      );
    }
    const existing = await findPolicyByTemplate(deps.db, access.org.id, template.id);
    if (existing) {
      throw new AppError(
        "CONFLICT",
        `"${existing.title}" was already created from this template. Edit it to start a new version instead.`,
        { policyId: existing.id },
      );
    }
  }
  const now = nowIso(deps);
  const title = input.title ?? template?.title ?? "";
  const policy: PolicyRow = {
    id: deps.newId(),
    org_id: access.org.id,
    template_id: template?.id ?? null,
    title,
    audience: JSON.stringify(input.audience ?? rolesForAudience(template?.audience ?? "all_personnel")),
    review_cycle_months: input.reviewCycleMonths ?? template?.reviewCycleMonths ?? 12,
    acknowledge_within_days: DEFAULT_ACKNOWLEDGE_DAYS,
    owner_user_id: null,
    current_version_id: null,
    last_reviewed_on: null,
    created_by: user.userId,
    created_at: now,
    updated_at: now,
  };
  const version: PolicyVersionRow = {
    id: deps.newId(),
    policy_id: policy.id,
    org_id: access.org.id,
    version: 1,
    title,
    body: input.body ?? (template ? templateBody(template, access.org.name) : blankBody()),
    change_note: template ? `Created from the ${template.title} template.` : null,
    status: "draft",
    authors: JSON.stringify([user.userId]),
    created_by: user.userId,
    created_at: now,
    updated_at: now,
    approved_by: null,
    approved_at: null,
    published_by: null,
    published_at: null,
  };
  // The organization's adopted controls that the template supports are linked from the start.
  const controls = template
    ? await findOrgControlsByLibraryIds(deps.db, access.org.id, template.controls)
    : [];
  await inTransaction(deps, async (trx) => {
    await insertPolicy(trx, policy);
    await insertVersion(trx, version);
    await replacePolicyControls(
      trx,
      access.org.id,
      policy.id,
      controls.map((c) => c.id),
      now,
    );
    await recordEvent(trx, deps, actor, {
      action: "policy.created",
      targetType: "policy",
      targetId: policy.id,
      ...auditScope(access),
      after: {
        title,
        templateId: policy.template_id,
        versionId: version.id,
        audience: JSON.parse(policy.audience),
        reviewCycleMonths: policy.review_cycle_months,
        controls: controls.map((c) => c.code),
      },
    });
  });
  return { id: policy.id, versionId: version.id };
};

/** Acknowledgement counts of each policy's current version, for admins and auditors. */
const acknowledgementCounts = async (deps: Deps, orgId: string, policies: readonly PolicyRow[]) => {
  const current = policies.filter((p) => p.current_version_id !== null);
  const [people, acks] = await Promise.all([
    orgPeople(deps.db, orgId),
    listAcknowledgements(
      deps.db,
      [orgId],
      current.map((p) => p.current_version_id as string),
    ),
  ]);
  const counts = new Map<string, { required: number; acknowledged: number }>();
  for (const p of current) {
    const audience = parseAudience(p.audience);
    const required = new Set(people.filter((person) => appliesTo(audience, person.roles)).map((x) => x.id));
    const acknowledged = acks.filter((a) => a.version_id === p.current_version_id && required.has(a.user_id));
    counts.set(p.id, { required: required.size, acknowledged: acknowledged.length });
  }
  return counts;
};

export const listPolicies = async (deps: Deps, actor: Actor, orgId: string) => {
  const user = requireUser(actor);
  const access = await policyAccess(deps, user, orgId);
  const today = todayIso(deps);
  const all = await listOrgPolicies(deps.db, access.org.id);
  const employeeOnly = !access.readAll && !access.draft;
  const policies = employeeOnly
    ? all.filter(
        (p) => p.current_version_id !== null && appliesTo(parseAudience(p.audience), access.orgRoles),
      )
    : all;
  const versions = await listOrgVersions(deps.db, access.org.id);
  const byId = new Map(versions.map((v) => [v.id, v]));
  const currentIds = policies.map((p) => p.current_version_id).filter((id): id is string => id !== null);
  const [mine, counts] = await Promise.all([
    listAcknowledgements(deps.db, [access.org.id], currentIds, user.userId),
    access.readAll ? acknowledgementCounts(deps, access.org.id, policies) : Promise.resolve(null),
  ]);
  const items = policies.map((p) => {
    const current = p.current_version_id ? byId.get(p.current_version_id) : undefined;
    const open = employeeOnly
      ? undefined
      : versions.find((v) => v.policy_id === p.id && (v.status === "draft" || v.status === "approved"));
    const audience = parseAudience(p.audience);
    const applies = appliesTo(audience, access.orgRoles);
    const ack = mine.find((a) => a.version_id === p.current_version_id);
    return {
      id: p.id,
      title: current?.title ?? p.title,
      templateId: p.template_id,
      audience,
      reviewCycleMonths: Number(p.review_cycle_months),
      currentVersion: current
        ? { id: current.id, version: Number(current.version), publishedAt: current.published_at }
        : null,
      openVersion: open ? { id: open.id, version: Number(open.version), status: open.status } : null,
      review: reviewSchedule(p, current?.published_at ?? null, today),
      acknowledgements: counts?.get(p.id) ?? null,
      myAcknowledgement: {
        required: current !== undefined && applies,
        acknowledgedAt: ack?.acknowledged_at ?? null,
      },
    };
  });
  return {
    organization: { id: access.org.id, name: access.org.name },
    policies: items,
    warnings: items.flatMap((i) => (i.review.warning ? [i.review.warning] : [])),
    permissions: { canCreate: access.draft, canManage: access.manage },
  };
};

export const getPolicy = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const { policy, access } = await loadPolicy(deps, user, id);
  assertCanRead(policy, access);
  const employeeOnly = !access.readAll && !access.draft;
  const [allVersions, current, open, controls, myAck] = await Promise.all([
    listVersions(deps.db, policy.org_id, policy.id),
    policy.current_version_id
      ? findVersion(deps.db, policy.org_id, policy.current_version_id)
      : Promise.resolve(undefined),
    employeeOnly ? Promise.resolve(undefined) : findOpenVersion(deps.db, policy.org_id, policy.id),
    listPolicyControls(deps.db, policy.org_id, policy.id),
    policy.current_version_id
      ? findAcknowledgement(deps.db, policy.org_id, policy.current_version_id, user.userId)
      : Promise.resolve(undefined),
  ]);
  const versions = employeeOnly ? allVersions.filter((v) => v.status === "published") : allVersions;
  const names = await findUserNames(deps.db, [
    ...versions.flatMap((v) => [...parseAuthors(v.authors), v.approved_by ?? "", v.published_by ?? ""]),
    policy.owner_user_id ?? "",
  ]);
  const audience = parseAudience(policy.audience);
  const required = current !== undefined && appliesTo(audience, access.orgRoles);
  const openAuthors = open ? parseAuthors(open.authors) : [];
  return {
    policy: {
      id: policy.id,
      orgId: policy.org_id,
      title: current?.title ?? policy.title,
      templateId: policy.template_id,
      audience,
      reviewCycleMonths: Number(policy.review_cycle_months),
      acknowledgeWithinDays: Number(policy.acknowledge_within_days),
      owner: policy.owner_user_id
        ? { id: policy.owner_user_id, name: names.get(policy.owner_user_id) ?? "" }
        : null,
      review: reviewSchedule(policy, current?.published_at ?? null, todayIso(deps)),
      controls: controls.map((c) => ({ id: c.id, code: c.code, title: c.title, libraryId: c.library_id })),
      createdAt: policy.created_at,
      updatedAt: policy.updated_at,
    },
    current: current ? versionView(current, policy.current_version_id, names) : null,
    openVersion: open ? versionView(open, policy.current_version_id, names) : null,
    versions: versions.map((v) => versionMetaView(v, policy.current_version_id, names)),
    myAcknowledgement: {
      required,
      versionId: current?.id ?? null,
      acknowledgedAt: myAck?.acknowledged_at ?? null,
    },
    permissions: {
      canEdit: access.draft,
      canManage: access.manage,
      canApprove: access.manage && open?.status === "draft" && !openAuthors.includes(user.userId),
      canPublish: access.manage && open?.status === "approved",
      canAcknowledge: required && !myAck,
    },
  };
};
