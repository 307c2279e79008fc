/** Background jobs: claimed atomically by any process's worker; progress and cancel go through the row. */
import type { Kysely } from "kysely";
import type { DB, JobRow } from "../schema.js";

export const JOB_COLUMNS = [
  "id",
  "firm_id",
  "org_id",
  "kind",
  "status",
  "progress",
  "message",
  "input",
  "result",
  "error",
  "created_by",
  "created_at",
  "started_at",
  "finished_at",
  "cancel_requested",
] as const;

export const insertJob = (db: Kysely<DB>, job: JobRow) => db.insertInto("jobs").values(job).execute();

export const findJob = (db: Kysely<DB>, id: string) =>
  db.selectFrom("jobs").select(JOB_COLUMNS).where("id", "=", id).executeTakeFirst();

/** Claims the oldest queued job for this worker; returns it, or undefined when there is none or another won. */
export const claimNextJob = async (db: Kysely<DB>, workerId: string, at: string) => {
  const next = await db
    .selectFrom("jobs")
    .select("id")
    .where("status", "=", "queued")
    .orderBy("created_at")
    .limit(1)
    .executeTakeFirst();
  if (!next) return undefined;
  const r = await db
    .updateTable("jobs")
    .set({ status: "running", worker_id: workerId, started_at: at, heartbeat_at: at })
    .where("id", "=", next.id)
    .where("status", "=", "queued")
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return undefined;
  return db.selectFrom("jobs").select(JOB_COLUMNS).where("id", "=", next.id).executeTakeFirst();
};

export const reportJobProgress = async (
  db: Kysely<DB>,
  id: string,
  progress: number,
  message: string,
  at: string,
) => {
  await db
    .updateTable("jobs")
    .set({ progress, message, heartbeat_at: at })
    .where("id", "=", id)
    .where("status", "=", "running")
    .execute();
  const row = await db.selectFrom("jobs").select("cancel_requested").where("id", "=", id).executeTakeFirst();
  return row?.cancel_requested === 1;
};

export const finishJob = (
  db: Kysely<DB>,
  id: string,
  outcome: {
    status: "succeeded" | "failed" | "cancelled";
    result?: string | null;
    error?: string | null;
    message?: string;
  },
  at: string,
) =>
  db
    .updateTable("jobs")
    .set({
      status: outcome.status,
      result: outcome.result ?? null,
      error: outcome.error ?? null,
      finished_at: at,
      ...(outcome.status === "succeeded" ? { progress: 1 } : {}),
      ...(outcome.message ? { message: outcome.message } : {}),
    })
    .where("id", "=", id)
    .execute();

export const requestJobCancel = (db: Kysely<DB>, id: string) =>
  db
    .updateTable("jobs")
    .set({ cancel_requested: 1 })
    .where("id", "=", id)
    .where("status", "in", ["queued", "running"])
    .executeTakeFirst();

export const cancelQueuedJob = (db: Kysely<DB>, id: string, at: string) =>
  db
    .updateTable("jobs")
    .set({ status: "cancelled", finished_at: at, message: "Cancelled before it started." })
    .where("id", "=", id)
    .where("status", "=", "queued")
    .executeTakeFirst();

/** Jobs whose worker stopped heartbeating (its process died) go back to the queue. */
export const requeueStaleJobs = (db: Kysely<DB>, staleBefore: string) =>
  db
    .updateTable("jobs")
    .set({ status: "queued", worker_id: null })
    .where("status", "=", "running")
    .where("heartbeat_at", "<", staleBefore)
    .execute();
