/**
 * Reads behind report currency (issue 5 §6): the issued SOC 2 reports and bridge letters of a firm's
 * clients or of one organization, with the engagement each belongs to, and the notifications already
 * sent for a currency level, so each level is announced once per report and recipient.
 */
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

export const CURRENCY_REPORT_KINDS = ["soc2-type1", "soc2-type2", "bridge-letter"] as const;

/** Issued SOC 2 reports and bridge letters, filtered by firm and/or organization. */
export const listIssuedCurrencyReports = (db: Kysely<DB>, filter: { firmId?: string; orgId?: string }) => {
  let q = db
    .selectFrom("reports")
    .innerJoin("engagements", "engagements.id", "reports.engagement_id")
    .leftJoin("users", "users.id", "reports.signed_by")
    .select([
      "reports.id",
      "reports.firm_id",
      "reports.org_id",
      "reports.engagement_id",
      "reports.kind",
      "reports.version",
      "reports.covers_until",
      "reports.signed_at",
      "reports.created_at",
      "users.name as signed_by_name",
      "engagements.name as engagement_name",
      "engagements.period_start",
    ])
    .where("reports.status", "=", "issued")
    .where("reports.kind", "in", [...CURRENCY_REPORT_KINDS])
    .where("reports.covers_until", "is not", null);
  if (filter.firmId) q = q.where("reports.firm_id", "=", filter.firmId);
  if (filter.orgId) q = q.where("reports.org_id", "=", filter.orgId);
  return q.orderBy("reports.covers_until", "desc").orderBy("reports.created_at", "desc").execute();
};

export type CurrencyReportRow = Awaited<ReturnType<typeof listIssuedCurrencyReports>>[number];

/**
 * Takes the report row's write lock for the rest of the transaction (a no-op update), so two
 * processes announcing the same level one after the other see each other's notifications.
 */
export const lockReportRow = async (db: Kysely<DB>, reportId: string): Promise<void> => {
  await db
    .updateTable("reports")
    .set((eb) => ({ updated_at: eb.ref("updated_at") }))
    .where("id", "=", reportId)
    .execute();
};

/** Which of `userIds` already have a notification of `kind`. */
export const usersNotifiedOf = async (
  db: Kysely<DB>,
  kind: string,
  userIds: readonly string[],
): Promise<Set<string>> => {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("notifications")
    .select("user_id")
    .where("kind", "=", kind)
    .where("user_id", "in", [...userIds])
    .execute();
  return new Set(rows.map((r) => r.user_id));
};
