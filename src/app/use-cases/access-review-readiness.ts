/** What the readiness dashboard shows of access reviews: overdue campaigns and a missed schedule. */
import type { Kysely } from "kysely";
import { type CampaignStatus, isOverdue, type Schedule, scheduleState } from "../../core/access-review.js";
import { listCampaigns } from "../../db/repositories/access-reviews.js";
import type { DB } from "../../db/schema.js";

export const accessReviewReadiness = async (db: Kysely<DB>, orgId: string, today: string) => {
  const campaigns = (await listCampaigns(db, orgId)).map((c) => ({
    id: c.id,
    name: c.name,
    status: c.status as CampaignStatus,
    dueDate: c.due_date,
    schedule: c.schedule as Schedule,
  }));
  const schedule = scheduleState(campaigns, today);
  return {
    overdue: campaigns
      .filter((c) => isOverdue(c, today))
      .map((c) => ({ id: c.id, name: c.name, status: c.status, dueDate: c.dueDate })),
    scheduleMissed: schedule.missed,
    nextDue: schedule.nextDue,
  };
};
