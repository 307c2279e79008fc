/**
 * Reminders of an access review: each reviewer with undecided entries and each owner with open
 * revocation tasks gets an in-app notification, e-mailed when SMTP is configured. Sent on demand
 * ("send reminders") and automatically for overdue campaigns: the first time the organization's
 * campaign list is read on a day after the due date, at most once a day per campaign, recorded in
 * `last_reminder_at` and as an audit event of the system actor. (No scheduler is needed: someone
 * always opens the list or the dashboard, and a second process sees the stamp and does nothing.)
 */
import type { Kysely } from "kysely";
import { isOverdue } from "../../core/access-review.js";
import { AppError } from "../../core/errors.js";
import {
  campaignPendingPeople,
  listCampaigns,
  updateCampaignIfStatus,
} from "../../db/repositories/access-reviews.js";
import type { DB } from "../../db/schema.js";
import type { AccessReviewCampaignRow } from "../../db/schema-access-reviews.js";
import { type Actor, systemActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireWrite } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { deliverEmails, notifyUsers } from "../notify.js";
import { auditTarget, loadCampaign, REVIEW_MANAGERS, requireChangeable } from "./access-review-model.js";

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** Writes the reminders and stamps the campaign, inside the caller's transaction. */
const writeReminders = async (
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  c: AccessReviewCampaignRow,
  automatic: boolean,
): Promise<{ ids: string[]; people: number } | null> => {
  const now = nowIso(deps);
  const stamped = await updateCampaignIfStatus(trx, c.id, ["open", "completed"], { last_reminder_at: now });
  if (!stamped) return null;
  const pending = await campaignPendingPeople(trx, c.id);
  const overdue = isOverdue({ status: "open", dueDate: c.due_date }, todayIso(deps));
  const when = overdue ? `was due on ${c.due_date}` : `is due on ${c.due_date}`;
  const ids: string[] = [];
  const base = { link: `/access-reviews/${c.id}`, orgId: c.org_id, kind: "access_review.reminder" };
  for (const r of pending.reviewers) {
    ids.push(
      ...(await notifyUsers(trx, deps, [r.userId], {
        ...base,
        title: `Reminder: ${plural(r.count, "account")} to review`,
        body: `"${c.name}" ${when}. Keep, change or revoke the ${plural(r.count, "account")} still waiting for you.`,
      })),
    );
  }
  for (const a of pending.assignees) {
    ids.push(
      ...(await notifyUsers(trx, deps, [a.userId], {
        ...base,
        title: `Reminder: ${plural(a.count, "revocation")} to carry out`,
        body: `"${c.name}" ${when}. Remove the access and close the task with evidence of removal.`,
      })),
    );
  }
  const people = new Set([...pending.reviewers, ...pending.assignees].map((p) => p.userId)).size;
  await recordEvent(trx, deps, actor, {
    action: "access_review.reminded",
    ...auditTarget(c),
    after: { automatic, reviewers: pending.reviewers.length, taskOwners: pending.assignees.length },
  });
  return { ids, people };
};

/** "Send reminders" on a launched campaign; returns how many people were reminded and e-mailed. */
export const sendAccessReviewReminders = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireWrite(actor);
  const c = await loadCampaign(deps, user, id, REVIEW_MANAGERS, "send access review reminders");
  requireChangeable(c);
  if (c.status === "draft") throw new AppError("CONFLICT", `Launch "${c.name}" before sending reminders.`);
  const out = await inTransaction(deps, (trx) => writeReminders(trx, deps, user, c, false));
  if (!out)
    throw new AppError("CONFLICT", `"${c.name}" changed while you were working; reload it and try again.`);
  const emailed = await deliverEmails(deps, out.ids);
  return { reminded: out.people, notifications: out.ids.length, emailed };
};

/** The automatic reminder of overdue campaigns (see the header); never fails the read that calls it. */
export const remindOverdue = async (deps: Deps, orgId: string): Promise<number> => {
  const today = todayIso(deps);
  const due = (await listCampaigns(deps.db, orgId)).filter(
    (c) =>
      (c.status === "open" || c.status === "completed") &&
      c.due_date < today &&
      (c.last_reminder_at === null || c.last_reminder_at.slice(0, 10) < today),
  );
  let sent = 0;
  for (const c of due) {
    const ids = await inTransaction(deps, async (trx) => {
      // Claim today's reminder first, so concurrent readers send it once.
      const claimed = await trx
        .updateTable("access_review_campaigns")
        .set({ last_reminder_at: nowIso(deps) })
        .where("id", "=", c.id)
        .where((eb) =>
          c.last_reminder_at === null
            ? eb("last_reminder_at", "is", null)
            : eb("last_reminder_at", "=", c.last_reminder_at),
        )
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return [];
      const out = await writeReminders(trx, deps, systemActor("access-review reminders"), c, true);
      return out?.ids ?? [];
    });
    sent += await deliverEmails(deps, ids);
  }
  return sent;
};
