/**
 * Writes the typed audit event of a change, in the same transaction as the change
 * (CONVENTIONS.md §7). Every mutating use-case calls `recordEvent` before it commits.
 */
import type { Kysely } from "kysely";
import { appendAuditEvent } from "../db/repositories/audit-events.js";
import type { DB } from "../db/schema.js";
import { type Actor, actorLabel } from "./actor.js";
import { type Deps, nowIso } from "./deps.js";

export interface AuditedChange {
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  readonly firmId?: string | null;
  readonly orgId?: string | null;
  readonly engagementId?: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly note?: string;
}

export const recordEvent = async (
  trx: Kysely<DB>,
  deps: Pick<Deps, "clock" | "newId">,
  actor: Actor,
  change: AuditedChange,
): Promise<void> => {
  const summary: Record<string, unknown> = {};
  if (change.before !== undefined) summary.before = change.before;
  if (change.after !== undefined) summary.after = change.after;
  if (change.note !== undefined) summary.note = change.note;
  await appendAuditEvent(trx, {
    id: deps.newId(),
    at: nowIso(deps),
    actorUserId: actor.kind === "user" ? actor.userId : null,
    actorLabel: actorLabel(actor),
    firmId: change.firmId ?? null,
    orgId: change.orgId ?? null,
    engagementId: change.engagementId ?? null,
    action: change.action,
    targetType: change.targetType,
    targetId: change.targetId,
    summary: JSON.stringify(summary),
  });
};

/** Runs `work` in one transaction; use-cases call this once. */
export const inTransaction = <T>(deps: Pick<Deps, "db">, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> =>
  deps.db.transaction().execute(work);
