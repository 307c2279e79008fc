/** Readiness snapshots for the trend chart. */
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.js";
import type { ReadinessSnapshotRow } from "../schema-readiness.js";

/** Records the day's snapshot once; a second call the same day updates it. */
export const upsertReadinessSnapshot = (db: Kysely<DB>, row: ReadinessSnapshotRow) =>
  db
    .insertInto("readiness_snapshots")
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(["org_id", "day"])
        .doUpdateSet({ overall: row.overall, by_category: row.by_category, blockers: row.blockers }),
    )
    .execute();

export const listReadinessSnapshots = (db: Kysely<DB>, orgId: string, limit = 180) =>
  db
    .selectFrom("readiness_snapshots")
    .select(["day", "overall", "by_category", "blockers"])
    .where("org_id", "=", orgId)
    .orderBy("day", "desc")
    .limit(limit)
    .execute();

/** The latest effective date and the count of current evidence linked to each of the organization's controls. */
export const lastEvidenceByControl = async (db: Kysely<DB>, orgId: string) => {
  const rows = await db
    .selectFrom("evidence_links")
    .innerJoin("evidence_items", "evidence_items.id", "evidence_links.evidence_id")
    .select([
      "evidence_links.control_id as control_id",
      sql<string>`max(evidence_items.effective_date)`.as("last"),
      sql<number>`count(*)`.as("n"),
    ])
    .where("evidence_links.org_id", "=", orgId)
    // Only current versions count, as in the evidence freshness view: a superseded file is history.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("evidence_items as newer")
            .select("newer.id")
            .whereRef("newer.supersedes_id", "=", "evidence_items.id"),
        ),
      ),
    )
    .groupBy("evidence_links.control_id")
    .execute();
  return new Map(rows.map((r) => [r.control_id, { last: r.last, count: Number(r.n) }]));
};

/** How many policies the organization has, and which have never been published. */
export const policyPublicationState = async (db: Kysely<DB>, orgId: string) => {
  const policies = await db
    .selectFrom("policies")
    .select(["title", "current_version_id"])
    .where("org_id", "=", orgId)
    .execute();
  return {
    policyCount: policies.length,
    policiesNotReady: policies.filter((p) => p.current_version_id === null).map((p) => p.title),
  };
};
