/**
 * The access review register out of Fieldwork (CSV or JSON: one row per reviewed account with its
 * decision and removal), and a signed-in person's open access review work ("my tasks").
 */
import { stringify } from "csv-stringify/sync";
import {
  campaignCounts,
  listCampaigns,
  listEntries,
  listSystems,
  listTasks,
  openTasksByAssignee,
  pendingEntriesByReviewer,
} from "../../db/repositories/access-reviews.js";
import type { Actor } from "../actor.js";
import { requireUser } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { campaignView, loadReviewOrg, orgReviewers, parseList } from "./access-review-model.js";
import { remindOverdue } from "./access-review-reminders.js";

export const EXPORT_COLUMNS = [
  "campaign",
  "campaign_status",
  "due_date",
  "system",
  "system_owner",
  "account",
  "name",
  "email",
  "entitlements",
  "manager_email",
  "reviewer",
  "decision",
  "new_entitlements",
  "reason",
  "decided_by",
  "decided_at",
  "removal_status",
  "removal_evidence_id",
  "removal_closed_at",
] as const;

/** Neutralises spreadsheet formulas in exported text (a leading =, +, - or @). */
const safeCell = (v: string): string => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export const exportAccessReviews = async (
  deps: Deps,
  actor: Actor,
  orgId: string,
  options: { format: "csv" | "json"; campaign?: string | undefined },
) => {
  const user = requireUser(actor);
  const org = await loadReviewOrg(deps, user, orgId);
  const [campaigns, counts, people] = await Promise.all([
    listCampaigns(deps.db, org.id),
    campaignCounts(deps.db, org.id),
    orgReviewers(deps.db, org.id),
  ]);
  const chosen = options.campaign ? campaigns.filter((c) => c.id === options.campaign) : campaigns;
  const email = (id: string | null) => (id === null ? "" : (people.find((p) => p.id === id)?.email ?? id));
  const rows: Record<(typeof EXPORT_COLUMNS)[number], string>[] = [];
  for (const c of chosen) {
    const [systems, entries, tasks] = await Promise.all([
      listSystems(deps.db, c.id),
      listEntries(deps.db, c.id),
      listTasks(deps.db, c.id),
    ]);
    const system = new Map(systems.map((s) => [s.id, s]));
    for (const e of entries) {
      const task = tasks.find((t) => t.entry_id === e.id && t.status !== "cancelled");
      rows.push({
        campaign: c.name,
        campaign_status: c.status,
        due_date: c.due_date,
        system: system.get(e.system_id)?.name ?? "",
        system_owner: email(system.get(e.system_id)?.owner_user_id ?? null),
        account: e.account,
        name: e.name ?? "",
        email: e.email ?? "",
        entitlements: parseList(e.entitlements).join("; "),
        manager_email: e.manager_email ?? "",
        reviewer: email(e.reviewer_user_id),
        decision: e.decision ?? "pending",
        new_entitlements: parseList(e.new_entitlements).join("; "),
        reason: e.reason ?? "",
        decided_by: email(e.decided_by),
        decided_at: e.decided_at ?? "",
        removal_status: task?.status ?? "",
        removal_evidence_id: task?.evidence_id ?? "",
        removal_closed_at: task?.closed_at ?? "",
      });
    }
  }
  const stamp = todayIso(deps);
  if (options.format === "json") {
    const today = todayIso(deps);
    const byId = new Map(people.map((p) => [p.id, p]));
    return {
      filename: `access-reviews-${stamp}.json`,
      contentType: "application/json; charset=utf-8",
      body: `${JSON.stringify(
        {
          organization: { id: org.id, name: org.name },
          exportedAt: nowIso(deps),
          campaigns: chosen.map((c) =>
            campaignView(c, counts.get(c.id) ?? { total: 0, decided: 0, openTasks: 0 }, today, byId),
          ),
          entries: rows,
        },
        null,
        2,
      )}\n`,
    };
  }
  const body = stringify(
    rows.map((r) => EXPORT_COLUMNS.map((k) => safeCell(r[k]))),
    { header: true, columns: [...EXPORT_COLUMNS] },
  );
  return { filename: `access-reviews-${stamp}.csv`, contentType: "text/csv; charset=utf-8", body };
};

/** The signed-in person's open access review work in the organization, in one list. */
export const myAccessReviewTasks = async (deps: Deps, actor: Actor, orgId: string) => {
  const user = requireUser(actor);
  const org = await loadReviewOrg(deps, user, orgId);
  await remindOverdue(deps, org.id);
  const [reviews, revocations] = await Promise.all([
    pendingEntriesByReviewer(deps.db, org.id, user.userId),
    openTasksByAssignee(deps.db, org.id, user.userId),
  ]);
  const today = todayIso(deps);
  return {
    tasks: [
      ...reviews.map((r) => ({
        kind: "access-review.decide" as const,
        id: r.id,
        campaignId: r.id,
        title: `Review ${Number(r.pending)} account${Number(r.pending) === 1 ? "" : "s"} in ${r.name}`,
        count: Number(r.pending),
        dueDate: r.due_date,
        overdue: r.due_date < today,
        link: `/access-reviews/${r.id}`,
      })),
      ...revocations.map((t) => ({
        kind: "access-review.revocation" as const,
        id: t.id,
        campaignId: t.campaign_id,
        title: `Remove ${t.account} from ${t.system_name} (${t.campaign_name})`,
        count: 1,
        dueDate: t.due_date,
        overdue: t.due_date < today,
        link: `/access-reviews/${t.campaign_id}`,
      })),
    ],
  };
};
