/** One access review campaign as its page shows it: systems, reviewers, entries, tasks, history, permissions. */
import { type CampaignStatus, progressBy, signOffBlockers } from "../../core/access-review.js";
import {
  listCampaignEvents,
  listEntries,
  listSystems,
  listTasks,
} from "../../db/repositories/access-reviews.js";
import type { Actor } from "../actor.js";
import { requireUser } from "../authz.js";
import { type Deps, todayIso } from "../deps.js";
import {
  campaignView,
  entryFacts,
  hasOrgRole,
  loadCampaign,
  orgReviewers,
  parseList,
  personRef,
  REVIEW_MANAGERS,
  REVIEW_SIGNERS,
} from "./access-review-model.js";

export const getAccessReview = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const c = await loadCampaign(deps, user, id);
  const [systems, entries, tasks, people, events] = await Promise.all([
    listSystems(deps.db, c.id),
    listEntries(deps.db, c.id),
    listTasks(deps.db, c.id),
    orgReviewers(deps.db, c.org_id),
    listCampaignEvents(deps.db, c.org_id, c.id),
  ]);
  const byId = new Map(people.map((p) => [p.id, p]));
  const isManager = hasOrgRole(user, c.org_id, REVIEW_MANAGERS);
  const isAdmin = hasOrgRole(user, c.org_id, REVIEW_SIGNERS);
  const open = c.status === "open" || c.status === "completed";
  const facts = entryFacts(entries);
  const taskByEntry = new Map(tasks.filter((t) => t.status !== "cancelled").map((t) => [t.entry_id, t]));
  const systemName = new Map(systems.map((s) => [s.id, s.name]));
  const entryById = new Map(entries.map((e) => [e.id, e]));
  const counts = {
    total: entries.length,
    decided: facts.filter((f) => f.decision !== null).length,
    openTasks: tasks.filter((t) => t.status === "open").length,
  };
  const blockers = signOffBlockers(
    c.status as CampaignStatus,
    facts,
    tasks.map((t) => ({ status: t.status as "open" | "closed" | "cancelled" })),
  );
  return {
    campaign: campaignView(c, counts, todayIso(deps), byId),
    systems: systems.map((s) => ({
      id: s.id,
      name: s.name,
      owner: personRef(byId, s.owner_user_id),
      source: s.source,
      importedAt: s.imported_at,
      progress: progressBy(
        facts.filter((f) => f.systemId === s.id),
        () => s.id,
      )[0]?.progress ?? { total: 0, decided: 0, percent: 0, kept: 0, changed: 0, revoked: 0 },
    })),
    reviewers: progressBy(facts, (f) => f.reviewerUserId).map((g) => ({
      reviewer: personRef(byId, g.key),
      progress: g.progress,
    })),
    entries: entries.map((e) => {
      const task = taskByEntry.get(e.id);
      const own = e.email !== null && e.email === user.email.toLowerCase();
      return {
        id: e.id,
        systemId: e.system_id,
        systemName: systemName.get(e.system_id) ?? "",
        account: e.account,
        name: e.name,
        email: e.email,
        entitlements: parseList(e.entitlements),
        managerEmail: e.manager_email,
        reviewer: personRef(byId, e.reviewer_user_id),
        routedTo: e.routed_to,
        decision: e.decision,
        newEntitlements: parseList(e.new_entitlements),
        reason: e.reason,
        decidedBy: personRef(byId, e.decided_by),
        decidedAt: e.decided_at,
        task: task ? { id: task.id, status: task.status } : null,
        canDecide:
          open && !own && task?.status !== "closed" && (e.reviewer_user_id === user.userId || isAdmin),
      };
    }),
    tasks: tasks
      .filter((t) => t.status !== "cancelled")
      .map((t) => ({
        id: t.id,
        entryId: t.entry_id,
        account: entryById.get(t.entry_id)?.account ?? "",
        systemName: systemName.get(t.system_id) ?? "",
        reason: entryById.get(t.entry_id)?.reason ?? null,
        assignee: personRef(byId, t.assignee_user_id),
        status: t.status,
        evidenceId: t.evidence_id,
        note: t.note,
        closedBy: personRef(byId, t.closed_by),
        closedAt: t.closed_at,
        canClose: open && t.status === "open" && (t.assignee_user_id === user.userId || isAdmin),
      })),
    history: events.map((ev) => ({
      seq: Number(ev.seq),
      at: ev.at,
      actor: ev.actor_label,
      action: ev.action,
      summary: JSON.parse(ev.summary) as Record<string, unknown>,
    })),
    signOffBlockers: blockers,
    people: isManager ? people : [],
    permissions: {
      canManage: isManager && c.status !== "signed_off",
      canImport: isManager && c.status !== "signed_off",
      canLaunch: isManager && c.status === "draft",
      canRemind: isManager && open,
      canSignOff: isAdmin && blockers.length === 0,
    },
  };
};
