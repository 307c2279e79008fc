/**
 * Long work runs off the request path as a job (DESIGN.md §5). Any server process's worker claims
 * queued jobs from the database, reports progress into the row, and honours cancellation between
 * steps. Handlers must leave nothing half-done when they fail or are cancelled (one transaction,
 * or their own clean-up).
 */
import { AppError, notFound } from "../core/errors.js";
import {
  cancelQueuedJob,
  claimNextJob,
  findJob,
  finishJob,
  insertJob,
  reportJobProgress,
  requestJobCancel,
  requeueStaleJobs,
} from "../db/repositories/jobs.js";
import type { JobRow } from "../db/schema.js";
import type { Actor } from "./actor.js";
import { inTransaction, recordEvent } from "./audit.js";
import { requireFirmRole, requireUser, requireWrite, scopeOf } from "./authz.js";
import { type Deps, nowIso } from "./deps.js";
import { verifyAuditChain } from "./use-cases/audit-trail.js";
import { POPULATION_JOB_HANDLERS } from "./use-cases/populations-jobs.js";

export class JobCancelled extends Error {}

export interface JobContext {
  /** Records progress (0–1) and a message; throws JobCancelled when cancellation was requested. */
  progress(fraction: number, message: string): Promise<void>;
}

export type JobHandler = (deps: Deps, input: unknown, ctx: JobContext) => Promise<unknown>;

export const JOB_HANDLERS: Record<string, JobHandler> = {
  "audit.verify": async (deps, _input, ctx) => {
    const result = await verifyAuditChain(deps, async (checked, total) => {
      await ctx.progress(
        total === 0 ? 1 : checked / total,
        `${checked.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} events checked`,
      );
      return false;
    });
    return result;
  },
  ...POPULATION_JOB_HANDLERS,
};

export const jobView = (
  j: Pick<
    JobRow,
    | "id"
    | "kind"
    | "status"
    | "progress"
    | "message"
    | "result"
    | "error"
    | "created_at"
    | "started_at"
    | "finished_at"
  >,
) => ({
  id: j.id,
  kind: j.kind,
  status: j.status as "queued" | "running" | "succeeded" | "failed" | "cancelled",
  progress: Number(j.progress),
  message: j.message,
  result: j.result ? (JSON.parse(j.result) as unknown) : null,
  error: j.error,
  createdAt: j.created_at,
  startedAt: j.started_at,
  finishedAt: j.finished_at,
});

export const enqueueJob = async (
  deps: Deps,
  actor: Actor,
  job: { kind: string; input: unknown; firmId: string | null; orgId: string | null },
) => {
  if (!JOB_HANDLERS[job.kind]) throw new AppError("VALIDATION", `Unknown job kind '${job.kind}'.`);
  const row: JobRow = {
    id: deps.newId(),
    firm_id: job.firmId,
    org_id: job.orgId,
    kind: job.kind,
    status: "queued",
    progress: 0,
    message: "Waiting for a worker",
    input: JSON.stringify(job.input ?? {}),
    result: null,
    error: null,
    created_by: actor.kind === "user" ? actor.userId : null,
    created_at: nowIso(deps),
    started_at: null,
    finished_at: null,
    cancel_requested: 0,
    worker_id: null,
    heartbeat_at: null,
  };
  await inTransaction(deps, async (trx) => {
    await insertJob(trx, row);
    await recordEvent(trx, deps, actor, {
      action: "job.queued",
      targetType: "job",
      targetId: row.id,
      firmId: job.firmId,
      orgId: job.orgId,
      after: { kind: job.kind },
    });
  });
  return jobView(row);
};

export const startAuditVerification = async (deps: Deps, actor: Actor, firmId: string) => {
  const user = requireWrite(actor);
  requireFirmRole(
    user,
    firmId,
    ["firm_admin", "partner", "engagement_manager"],
    "Firm",
    "verify the audit trail",
  );
  return enqueueJob(deps, actor, { kind: "audit.verify", input: {}, firmId, orgId: null });
};

const loadVisibleJob = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const job = await findJob(deps.db, id);
  const scope = scopeOf(user);
  const visible =
    job &&
    (job.created_by === user.userId ||
      (job.firm_id !== null && scope.firmIds.includes(job.firm_id)) ||
      (job.org_id !== null && scope.orgIds.includes(job.org_id)));
  if (!job || !visible) throw notFound("Job");
  return job;
};

export const getJob = async (deps: Deps, actor: Actor, id: string) =>
  jobView(await loadVisibleJob(deps, actor, id));

export const cancelJob = async (deps: Deps, actor: Actor, id: string) => {
  requireWrite(actor);
  const job = await loadVisibleJob(deps, actor, id);
  if (!["queued", "running"].includes(job.status)) {
    throw new AppError(
      "CONFLICT",
      `The job is already ${job.status === "succeeded" ? "finished" : job.status}.`,
    );
  }
  await inTransaction(deps, async (trx) => {
    await requestJobCancel(trx, id);
    await cancelQueuedJob(trx, id, nowIso(deps));
    await recordEvent(trx, deps, actor, {
      action: "job.cancel_requested",
      targetType: "job",
      targetId: id,
      firmId: job.firm_id,
      orgId: job.org_id,
    });
  });
  return getJob(deps, actor, id);
};

/** Runs one queued job if there is one; returns whether it ran one. Exposed for tests. */
export const runNextJob = async (deps: Deps, workerId: string): Promise<boolean> => {
  const job = await claimNextJob(deps.db, workerId, nowIso(deps));
  if (!job) return false;
  const handler = JOB_HANDLERS[job.kind];
  const ctx: JobContext = {
    progress: async (fraction, message) => {
      const cancel = await reportJobProgress(
        deps.db,
        job.id,
        Math.min(1, Math.max(0, fraction)),
        message,
        nowIso(deps),
      );
      if (cancel) throw new JobCancelled();
    },
  };
  try {
    if (!handler) throw new Error(`No handler for job kind ${job.kind}`);
    const result = await handler(deps, JSON.parse(job.input), ctx);
    await finishJob(
      deps.db,
      job.id,
      { status: "succeeded", result: JSON.stringify(result ?? null), message: "Done" },
      nowIso(deps),
    );
  } catch (error) {
    if (error instanceof JobCancelled) {
      await finishJob(deps.db, job.id, { status: "cancelled", message: "Cancelled" }, nowIso(deps));
    } else {
      const message = error instanceof Error ? error.message : String(error);
      await finishJob(deps.db, job.id, { status: "failed", error: message, message: "Failed" }, nowIso(deps));
    }
  }
  return true;
};

/** Polls for jobs until stopped. Several processes may run workers on one database. */
export const startWorker = (deps: Deps, workerId: string): { stop(): Promise<void> } => {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    if (stopped) return;
    try {
      await requeueStaleJobs(deps.db, new Date(deps.clock().getTime() - 5 * 60_000).toISOString());
      while (!stopped && (await runNextJob(deps, workerId))) {
        // keep draining the queue
      }
    } catch {
      // A database hiccup must not kill the worker; the next tick retries.
    }
    if (!stopped)
      timer = setTimeout(() => {
        running = tick();
      }, deps.config.workerPollMs);
  };
  running = tick();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
};
