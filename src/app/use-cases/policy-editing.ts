/**
 * Changing a policy: its settings (audience, review cycle, acknowledgement window, owner, control
 * links), its text, and the periodic review. A published version never changes: saving text when
 * every version is published starts a new draft version; saving with a draft or approved version
 * open edits that version and withdraws an approval it had.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { AppError, invalid } from "../../core/errors.js";
import {
  findOpenVersion,
  findOrgControls,
  findVersion,
  insertVersion,
  listPolicyControls,
  maxVersionNumber,
  replacePolicyControls,
  updateOpenVersion,
  updatePolicy,
} from "../../db/repositories/policies.js";
import { listTenantMembers } from "../../db/repositories/users.js";
import type { DB } from "../../db/schema.js";
import type { PolicyRow, PolicyVersionRow } from "../../db/schema-policies.js";
import type { Actor, UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireWrite } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import {
  auditScope,
  loadPolicy,
  OrgRolesSchema,
  type PolicyAccess,
  parseAuthors,
  requireDraft,
  requireManage,
} from "./policy-model.js";

const Title = z.string().trim().min(1).max(200);
const Body = z.string().trim().min(1).max(200_000);

export const PolicySettingsSchema = z.object({
  audience: OrgRolesSchema.optional(),
  reviewCycleMonths: z.number().int().min(1).max(36).optional(),
  acknowledgeWithinDays: z.number().int().min(1).max(180).optional(),
  ownerUserId: z.string().min(1).max(100).nullable().optional(),
  controlIds: z.array(z.string().min(1).max(100)).max(300).optional(),
});
export type PolicySettingsInput = z.infer<typeof PolicySettingsSchema>;

export const SaveDraftSchema = z.object({
  title: Title.optional(),
  body: Body,
  changeNote: z.string().trim().min(1).max(2000).optional(),
});
export type SaveDraftInput = z.infer<typeof SaveDraftSchema>;

export const RecordReviewSchema = z.object({
  note: z.string().trim().min(1).max(2000).optional(),
});

export const updatePolicySettings = async (
  deps: Deps,
  actor: Actor,
  id: string,
  input: PolicySettingsInput,
) => {
  const user = requireWrite(actor);
  const { policy, access } = await loadPolicy(deps, user, id);
  requireManage(access, "change a policy's audience, review cycle, owner or control links");
  const orgId = policy.org_id;
  if (input.ownerUserId) {
    const members = await listTenantMembers(deps.db, "org", orgId);
    if (!members.some((m) => m.user_id === input.ownerUserId)) {
      throw invalid("The owner must be a member of this organization.", { field: "ownerUserId" });
    }
  }
  const controlIds = input.controlIds ? [...new Set(input.controlIds)] : undefined;
  if (controlIds) {
    const found = await findOrgControls(deps.db, orgId, controlIds);
    const missing = controlIds.filter((c) => !found.some((f) => f.id === c));
    if (missing.length > 0) {
      throw invalid(`These are not controls of this organization: ${missing.join(", ")}.`, {
        field: "controlIds",
        missing,
      });
    }
  }
  const before = await listPolicyControls(deps.db, orgId, policy.id);
  const changes = {
    ...(input.audience ? { audience: JSON.stringify(input.audience) } : {}),
    ...(input.reviewCycleMonths !== undefined ? { review_cycle_months: input.reviewCycleMonths } : {}),
    ...(input.acknowledgeWithinDays !== undefined
      ? { acknowledge_within_days: input.acknowledgeWithinDays }
      : {}),
    ...(input.ownerUserId !== undefined ? { owner_user_id: input.ownerUserId } : {}),
  };
  const changed = (Object.keys(changes) as (keyof typeof changes)[]).filter(
    (k) => String(changes[k]) !== String(policy[k]),
  );
  const controlsChanged =
    controlIds !== undefined &&
    JSON.stringify([...controlIds].sort()) !== JSON.stringify(before.map((c) => c.id).sort());
  if (changed.length === 0 && !controlsChanged) return { id: policy.id };
  await inTransaction(deps, async (trx) => {
    await updatePolicy(trx, orgId, policy.id, { ...changes, updated_at: nowIso(deps) });
    if (controlIds && controlsChanged)
      await replacePolicyControls(trx, orgId, policy.id, controlIds, nowIso(deps));
    await recordEvent(trx, deps, actor, {
      action: "policy.settings_updated",
      targetType: "policy",
      targetId: policy.id,
      ...auditScope(access),
      before: {
        ...Object.fromEntries(changed.map((k) => [k, policy[k]])),
        ...(controlsChanged ? { controls: before.map((c) => c.id) } : {}),
      },
      after: {
        ...Object.fromEntries(changed.map((k) => [k, changes[k]])),
        ...(controlsChanged ? { controls: controlIds } : {}),
      },
    });
  });
  return { id: policy.id };
};

interface DraftContext {
  readonly trx: Kysely<DB>;
  readonly deps: Deps;
  readonly actor: Actor;
  readonly user: UserActor;
  readonly policy: PolicyRow;
  readonly access: PolicyAccess;
  readonly now: string;
}

const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/** Edits the open (draft or approved) version; an approval it had is withdrawn. */
const editOpenVersion = async (c: DraftContext, open: PolicyVersionRow, input: SaveDraftInput) => {
  const title = input.title ?? open.title;
  const changeNote = input.changeNote ?? open.change_note;
  if (title === open.title && input.body === open.body && changeNote === open.change_note) {
    return { versionId: open.id, version: Number(open.version), status: open.status, created: false };
  }
  const authors = [...new Set([...parseAuthors(open.authors), c.user.userId])];
  const ok = await updateOpenVersion(c.trx, c.policy.org_id, open.id, {
    title,
    body: input.body,
    change_note: changeNote,
    status: "draft",
    approved_by: null,
    approved_at: null,
    authors: JSON.stringify(authors),
    updated_at: c.now,
  });
  if (!ok) throw new AppError("CONFLICT", "This version was published meanwhile. Reload and edit again.");
  await updatePolicy(c.trx, c.policy.org_id, c.policy.id, { title });
  await recordEvent(c.trx, c.deps, c.actor, {
    action: "policy.draft_updated",
    targetType: "policy_version",
    targetId: open.id,
    ...auditScope(c.access),
    before: { title: open.title, status: open.status, words: words(open.body) },
    after: { title, status: "draft", words: words(input.body), changeNote },
    ...(open.status === "approved"
      ? { note: "The approved text was edited, so the approval was withdrawn." }
      : {}),
  });
  return { versionId: open.id, version: Number(open.version), status: "draft", created: false };
};

/** Starts the next version as a draft; the published versions stay as they are. */
const startNewVersion = async (c: DraftContext, input: SaveDraftInput) => {
  const orgId = c.policy.org_id;
  const current = c.policy.current_version_id
    ? await findVersion(c.trx, orgId, c.policy.current_version_id)
    : undefined;
  const title = input.title ?? current?.title ?? c.policy.title;
  if (current && current.body === input.body && current.title === title) {
    throw invalid(
      `Nothing changed: this is the text of version ${current.version}, which is already in force.`,
    );
  }
  const number = (await maxVersionNumber(c.trx, orgId, c.policy.id)) + 1;
  const versionId = c.deps.newId();
  await insertVersion(c.trx, {
    id: versionId,
    policy_id: c.policy.id,
    org_id: orgId,
    version: number,
    title,
    body: input.body,
    change_note: input.changeNote ?? null,
    status: "draft",
    authors: JSON.stringify([c.user.userId]),
    created_by: c.user.userId,
    created_at: c.now,
    updated_at: c.now,
    approved_by: null,
    approved_at: null,
    published_by: null,
    published_at: null,
  });
  await updatePolicy(c.trx, orgId, c.policy.id, { title });
  await recordEvent(c.trx, c.deps, c.actor, {
    action: "policy.version_created",
    targetType: "policy_version",
    targetId: versionId,
    ...auditScope(c.access),
    after: {
      policyId: c.policy.id,
      version: number,
      title,
      basedOnVersion: current ? Number(current.version) : null,
      changeNote: input.changeNote ?? null,
    },
  });
  return { versionId, version: number, status: "draft", created: true };
};

/**
 * Saves the text being written: edits the open version, or starts a new draft version when every
 * version is published. Published versions are never touched.
 */
export const savePolicyDraft = async (deps: Deps, actor: Actor, id: string, input: SaveDraftInput) => {
  const user = requireWrite(actor);
  const { policy, access } = await loadPolicy(deps, user, id);
  requireDraft(access);
  const now = nowIso(deps);
  return inTransaction(deps, async (trx) => {
    // Touching the policy row first serialises concurrent editors, approvers and publishers.
    await updatePolicy(trx, policy.org_id, policy.id, { updated_at: now });
    const context: DraftContext = { trx, deps, actor, user, policy, access, now };
    const open = await findOpenVersion(trx, policy.org_id, policy.id);
    return open ? editOpenVersion(context, open, input) : startNewVersion(context, input);
  });
};

/** The organization admin confirms the policy is still right without changing it (the periodic review). */
export const recordPolicyReview = async (
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.infer<typeof RecordReviewSchema>,
) => {
  const user = requireWrite(actor);
  const { policy, access } = await loadPolicy(deps, user, id);
  requireManage(access, "record a policy review");
  if (!policy.current_version_id) {
    throw new AppError("CONFLICT", "This policy has no published version to review yet. Publish it first.");
  }
  const today = todayIso(deps);
  await inTransaction(deps, async (trx) => {
    await updatePolicy(trx, policy.org_id, policy.id, { last_reviewed_on: today, updated_at: nowIso(deps) });
    await recordEvent(trx, deps, actor, {
      action: "policy.reviewed",
      targetType: "policy",
      targetId: policy.id,
      ...auditScope(access),
      before: { lastReviewedOn: policy.last_reviewed_on },
      after: { lastReviewedOn: today, versionId: policy.current_version_id },
      ...(input.note ? { note: input.note } : {}),
    });
  });
  return { id: policy.id, lastReviewedOn: today };
};
