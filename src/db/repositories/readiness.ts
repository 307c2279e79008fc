/** Readiness snapshots for the trend chart. */
import type { Kysely } from "kysely";
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
