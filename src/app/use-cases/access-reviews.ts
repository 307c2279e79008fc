/**
 * Access review campaigns (issue 7 §3): the register of campaigns, a campaign with its systems,
 * entries, revocation tasks and history; creating and editing campaigns, adding systems, importing
 * accounts (routed to each account's manager or the system owner) and launching. Decisions, tasks,
 * reminders and sign-off are in access-review-decisions.ts.
 */
import { routeEntry, scheduleState } from "../../core/access-review.js";
import { AppError, invalid } from "../../core/errors.js";
import {
  campaignCounts,
  insertCampaign,
  insertEntries,
  insertSystem,
  listCampaigns,
  listEntries,
  listSystemEntryKeys,
  listSystems,
  markSystemImported,
  updateCampaignIfStatus,
} from "../../db/repositories/access-reviews.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireUser, requireWrite } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { deliverEmails, notifyUsers } from "../notify.js";
import { parseAccounts } from "./access-review-accounts.js";
import {
  AddSystemSchema,
  auditTarget,
  type CreateCampaignInput,
  CreateCampaignSchema,
  campaignView,
  changedMeanwhile,
  hasOrgRole,
  type ImportAccountsInput,
  type ListFilter,
  loadCampaign,
  loadReviewOrg,
  loadSystem,
  orgReviewers,
  type Person,
  REVIEW_MANAGERS,
  refreshStatus,
  requireChangeable,
  type UpdateCampaignInput,
} from "./access-review-model.js";
import { remindOverdue } from "./access-review-reminders.js";
import { getAccessReview } from "./access-review-view.js";

const peopleMap = (people: readonly Person[]) => new Map(people.map((p) => [p.id, p]));

// ---- reading ----

export const listAccessReviews = async (deps: Deps, actor: Actor, orgId: string, filter: ListFilter = {}) => {
  const user = requireUser(actor);
  const org = await loadReviewOrg(deps, user, orgId);
  await remindOverdue(deps, org.id);
  const today = todayIso(deps);
  const [rows, counts, people] = await Promise.all([
    listCampaigns(deps.db, org.id),
    campaignCounts(deps.db, org.id),
    orgReviewers(deps.db, org.id),
  ]);
  const byId = peopleMap(people);
  const all = rows.map((c) =>
    campaignView(c, counts.get(c.id) ?? { total: 0, decided: 0, openTasks: 0 }, today, byId),
  );
  const campaigns = all.filter(
    (c) =>
      (!filter.status || c.status === filter.status) &&
      (!filter.overdue || c.overdue === (filter.overdue === "true")),
  );
  const canManage = hasOrgRole(user, org.id, REVIEW_MANAGERS);
  return {
    campaigns,
    schedule: scheduleState(
      all.map((c) => ({
        id: c.id,
        name: c.name,
        status: c.status,
        dueDate: c.dueDate,
        schedule: c.schedule,
      })),
      today,
    ),
    people: canManage ? people : [],
    permissions: { canCreate: canManage },
  };
};

// ---- creating and editing ----

const requireOwner = (people: readonly Person[], id: string, path: string): Person => {
  const p = people.find((x) => x.id === id);
  if (!p)
    throw invalid(
      `${path}: a system owner must be an organization admin or control owner of this organization.`,
    );
  return p;
};

export const createAccessReview = async (
  deps: Deps,
  actor: Actor,
  orgId: string,
  raw: CreateCampaignInput,
) => {
  const user = requireWrite(actor);
  const input = CreateCampaignSchema.parse(raw);
  const org = await loadReviewOrg(deps, user, orgId);
  requireEngagementRole(
    user,
    { firm_id: org.firm_id, org_id: org.id },
    REVIEW_MANAGERS,
    "create access reviews",
  );
  const people = await orgReviewers(deps.db, org.id);
  for (const [i, s] of input.systems.entries())
    requireOwner(people, s.ownerUserId, `systems.${i}.ownerUserId`);
  const names = input.systems.map((s) => s.name.toLowerCase());
  if (new Set(names).size !== names.length) throw invalid("systems: each system may appear once.");
  const id = deps.newId();
  const now = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    const row = {
      id,
      firm_id: org.firm_id,
      org_id: org.id,
      name: input.name,
      status: "draft",
      due_date: input.dueDate,
      schedule: input.schedule,
      launched_at: null,
      completed_at: null,
      signed_off_at: null,
      signed_off_by: null,
      evidence_id: null,
      result_sha256: null,
      last_reminder_at: null,
      created_by: user.userId,
      created_at: now,
      updated_at: now,
    };
    await insertCampaign(trx, row);
    for (const s of input.systems) {
      await insertSystem(trx, {
        id: deps.newId(),
        campaign_id: id,
        firm_id: org.firm_id,
        org_id: org.id,
        name: s.name,
        owner_user_id: s.ownerUserId,
        source: null,
        imported_at: null,
        created_at: now,
      });
    }
    await recordEvent(trx, deps, user, {
      action: "access_review.created",
      ...auditTarget(row),
      after: {
        name: row.name,
        dueDate: row.due_date,
        schedule: row.schedule,
        systems: input.systems.map((s) => s.name),
      },
    });
  });
  return getAccessReview(deps, actor, id);
};

export const updateAccessReview = async (
  deps: Deps,
  actor: Actor,
  id: string,
  input: UpdateCampaignInput,
) => {
  const user = requireWrite(actor);
  const c = await loadCampaign(deps, user, id, REVIEW_MANAGERS, "edit access reviews");
  requireChangeable(c);
  const before = { name: c.name, dueDate: c.due_date, schedule: c.schedule };
  const after = {
    name: input.name ?? c.name,
    dueDate: input.dueDate ?? c.due_date,
    schedule: input.schedule ?? c.schedule,
  };
  const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => after[k] !== before[k]);
  if (changed.length > 0) {
    await inTransaction(deps, async (trx) => {
      const ok = await updateCampaignIfStatus(trx, c.id, [c.status], {
        name: after.name,
        due_date: after.dueDate,
        schedule: after.schedule,
        updated_at: nowIso(deps),
      });
      if (!ok) throw changedMeanwhile(c);
      await recordEvent(trx, deps, user, {
        action: "access_review.updated",
        ...auditTarget(c),
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      });
    });
  }
  return getAccessReview(deps, actor, id);
};

export const addAccessReviewSystem = async (
  deps: Deps,
  actor: Actor,
  id: string,
  raw: { name: string; ownerUserId: string },
) => {
  const user = requireWrite(actor);
  const input = AddSystemSchema.parse(raw);
  const c = await loadCampaign(deps, user, id, REVIEW_MANAGERS, "add systems to access reviews");
  requireChangeable(c);
  const owner = requireOwner(await orgReviewers(deps.db, c.org_id), input.ownerUserId, "ownerUserId");
  const systems = await listSystems(deps.db, c.id);
  if (systems.some((s) => s.name.toLowerCase() === input.name.toLowerCase()))
    throw new AppError("CONFLICT", `"${input.name}" is already a system of this campaign.`);
  const systemId = deps.newId();
  await inTransaction(deps, async (trx) => {
    await insertSystem(trx, {
      id: systemId,
      campaign_id: c.id,
      firm_id: c.firm_id,
      org_id: c.org_id,
      name: input.name,
      owner_user_id: owner.id,
      source: null,
      imported_at: null,
      created_at: nowIso(deps),
    });
    await recordEvent(trx, deps, user, {
      action: "access_review.system_added",
      ...auditTarget(c),
      after: { systemId, name: input.name, owner: owner.email },
    });
  });
  return getAccessReview(deps, actor, id);
};

/**
 * Imports accounts of one system from an export. Accounts already in the system are left as they
 * are (re-importing the same file adds nothing); new ones are routed to the account's manager when
 * the manager is an organization reviewer, else to the system owner. Reviewers of a launched
 * campaign are notified of their new entries.
 */
export const importAccessReviewAccounts = async (
  deps: Deps,
  actor: Actor,
  systemId: string,
  input: ImportAccountsInput,
) => {
  const user = requireWrite(actor);
  const system = await loadSystem(deps, user, systemId);
  const c = await loadCampaign(
    deps,
    user,
    system.campaign_id,
    REVIEW_MANAGERS,
    "import accounts into access reviews",
  );
  requireChangeable(c);
  const accounts = parseAccounts(input.format, Buffer.from(input.content, "utf8"));
  const people = await orgReviewers(deps.db, c.org_id);
  const owner = people.find((p) => p.id === system.owner_user_id);
  if (!owner) {
    throw new AppError(
      "CONFLICT",
      `The owner of ${system.name} is no longer an organization admin or control owner; add the system again with a current owner.`,
    );
  }
  const reviewersByEmail = new Map(people.map((p) => [p.email.toLowerCase(), p.id]));
  const now = nowIso(deps);
  const { added, skipped, notificationIds } = await inTransaction(deps, async (trx) => {
    const existing = new Set(await listSystemEntryKeys(trx, system.id));
    const fresh = accounts.filter((a) => !existing.has(a.account.toLowerCase()));
    const rows = fresh.map((a) => {
      const route = routeEntry({
        accountEmail: a.email,
        managerEmail: a.managerEmail,
        ownerUserId: owner.id,
        ownerEmail: owner.email,
        reviewersByEmail,
        fallbackUserId: fallbackFor(people, a.email, owner).id,
      });
      return {
        id: deps.newId(),
        campaign_id: c.id,
        system_id: system.id,
        firm_id: c.firm_id,
        org_id: c.org_id,
        account: a.account,
        account_key: a.account.toLowerCase(),
        name: a.name,
        email: a.email,
        entitlements: JSON.stringify(a.entitlements),
        manager_email: a.managerEmail,
        reviewer_user_id: route.reviewerUserId,
        routed_to: route.routedTo,
        decision: null,
        new_entitlements: null,
        reason: null,
        decided_by: null,
        decided_at: null,
        created_at: now,
      };
    });
    await insertEntries(trx, rows);
    await markSystemImported(trx, system.id, input.format, now);
    await recordEvent(trx, deps, user, {
      action: "access_review.accounts_imported",
      ...auditTarget(c),
      after: {
        systemId: system.id,
        system: system.name,
        format: input.format,
        added: rows.length,
        skipped: accounts.length - rows.length,
      },
    });
    if (rows.length > 0) await refreshStatus(trx, deps, c);
    const ids =
      c.status === "draft"
        ? []
        : await notifyReviewers(trx, deps, c, countBy(rows.map((r) => r.reviewer_user_id)));
    return { added: rows.length, skipped: accounts.length - rows.length, notificationIds: ids };
  });
  await deliverEmails(deps, notificationIds);
  return { added, skipped, campaign: await getAccessReview(deps, actor, c.id) };
};

/** Who reviews the system owner's own account: an admin, else a control owner, other than the holder. */
const fallbackFor = (people: readonly Person[], accountEmail: string | null, owner: Person): Person => {
  const others = people.filter((p) => p.email.toLowerCase() !== (accountEmail ?? "") && p.id !== owner.id);
  return others.find((p) => p.role === "org_admin") ?? others[0] ?? owner;
};

const countBy = (ids: readonly string[]): Map<string, number> => {
  const m = new Map<string, number>();
  for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
  return m;
};

const notifyReviewers = async (
  trx: Parameters<typeof notifyUsers>[0],
  deps: Deps,
  c: { id: string; name: string; due_date: string; firm_id: string; org_id: string },
  counts: ReadonlyMap<string, number>,
): Promise<string[]> => {
  const ids: string[] = [];
  for (const [userId, n] of counts) {
    ids.push(
      ...(await notifyUsers(trx, deps, [userId], {
        kind: "access_review.assigned",
        title: `Access review: ${n} account${n === 1 ? "" : "s"} to review`,
        body: `"${c.name}" asks you to keep, change or revoke ${n} account${n === 1 ? "" : "s"} by ${c.due_date}.`,
        link: `/access-reviews/${c.id}`,
        orgId: c.org_id,
      })),
    );
  }
  return ids;
};

/** Draft → open: reviewers are notified of their entries. */
export const launchAccessReview = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireWrite(actor);
  const c = await loadCampaign(deps, user, id, REVIEW_MANAGERS, "launch access reviews");
  requireChangeable(c);
  if (c.status !== "draft") throw new AppError("CONFLICT", `"${c.name}" is already launched.`);
  const entries = await listEntries(deps.db, c.id);
  if (entries.length === 0)
    throw new AppError("GUARD_FAILED", "Import the accounts of at least one system before launching.", {
      failures: [
        { guard: "has-entries", message: "Import the accounts of at least one system before launching." },
      ],
    });
  const notificationIds = await inTransaction(deps, async (trx) => {
    const now = nowIso(deps);
    const ok = await updateCampaignIfStatus(trx, c.id, ["draft"], {
      status: "open",
      launched_at: now,
      updated_at: now,
    });
    if (!ok) throw changedMeanwhile(c);
    await recordEvent(trx, deps, user, {
      action: "access_review.launched",
      ...auditTarget(c),
      before: { status: "draft" },
      after: { status: "open", entries: entries.length },
    });
    await refreshStatus(trx, deps, { ...c, status: "open" });
    return notifyReviewers(
      trx,
      deps,
      c,
      countBy(entries.filter((e) => e.decision === null).map((e) => e.reviewer_user_id)),
    );
  });
  await deliverEmails(deps, notificationIds);
  return getAccessReview(deps, actor, id);
};
