/** Audit events: append to the hash chain, list for a tenant, stream the whole chain for verification. */
import { type Kysely, sql } from "kysely";
import { type ChainedEvent, hashEvent } from "../../core/audit-chain.js";
import type { AuditEventRow, DB } from "../schema.js";

export interface NewAuditEvent {
  readonly id: string;
  readonly at: string;
  readonly actorUserId: string | null;
  readonly actorLabel: string;
  readonly firmId: string | null;
  readonly orgId: string | null;
  readonly engagementId: string | null;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  readonly summary: string;
}

/**
 * Appends one event. Must run inside the transaction of the change it records. The first statement
 * updates the single chain-head row, which takes a row lock on PostgreSQL (and the write lock on
 * SQLite), so concurrent writers from several processes append one after another.
 */
export const appendAuditEvent = async (trx: Kysely<DB>, event: NewAuditEvent): Promise<ChainedEvent> => {
  const head = await trx
    .updateTable("audit_head")
    .set({ seq: sql`seq + 1` })
    .where("id", "=", 1)
    .returning(["seq", "hash"])
    .executeTakeFirstOrThrow();
  const content = { ...event, seq: head.seq, prevHash: head.hash };
  const hash = hashEvent(content);
  await trx
    .insertInto("audit_events")
    .values({
      seq: content.seq,
      id: content.id,
      at: content.at,
      actor_user_id: content.actorUserId,
      actor_label: content.actorLabel,
      firm_id: content.firmId,
      org_id: content.orgId,
      engagement_id: content.engagementId,
      action: content.action,
      target_type: content.targetType,
      target_id: content.targetId,
      summary: content.summary,
      prev_hash: content.prevHash,
      hash,
    })
    .execute();
  await trx.updateTable("audit_head").set({ hash }).where("id", "=", 1).execute();
  return { ...content, hash };
};

export const toChainedEvent = (r: AuditEventRow): ChainedEvent => ({
  seq: Number(r.seq),
  id: r.id,
  at: r.at,
  actorUserId: r.actor_user_id,
  actorLabel: r.actor_label,
  firmId: r.firm_id,
  orgId: r.org_id,
  engagementId: r.engagement_id,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  summary: r.summary,
  prevHash: r.prev_hash,
  hash: r.hash,
});

export const readAuditHead = async (db: Kysely<DB>): Promise<{ seq: number; hash: string }> => {
  const head = await db
    .selectFrom("audit_head")
    .select(["seq", "hash"])
    .where("id", "=", 1)
    .executeTakeFirst();
  return head ? { seq: Number(head.seq), hash: head.hash } : { seq: 0, hash: "0".repeat(64) };
};

/** Pages through the chain in seq order (keyset pagination keeps memory flat). */
export async function* streamAuditEvents(db: Kysely<DB>, pageSize = 5000): AsyncGenerator<ChainedEvent[]> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom("audit_events")
      .selectAll()
      .where("seq", ">", after)
      .orderBy("seq")
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    yield rows.map(toChainedEvent);
    after = Number(rows[rows.length - 1]?.seq);
  }
}

export interface AuditEventFilter {
  readonly firmIds: readonly string[];
  readonly orgIds: readonly string[];
  readonly engagementId?: string | undefined;
  readonly orgId?: string | undefined;
  readonly action?: string | undefined;
  readonly actorUserId?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly beforeSeq?: number | undefined;
  readonly limit: number;
}

/**
 * Events visible to a tenant scope: firm users see their firm's events, organization users their
 * organization's events. Further filters narrow the list; newest first.
 */
export const listAuditEvents = async (db: Kysely<DB>, f: AuditEventFilter): Promise<AuditEventRow[]> => {
  if (f.firmIds.length === 0 && f.orgIds.length === 0) return [];
  let q = db
    .selectFrom("audit_events")
    .selectAll()
    .where((eb) => {
      const ors = [];
      if (f.firmIds.length > 0) ors.push(eb("firm_id", "in", [...f.firmIds]));
      if (f.orgIds.length > 0) ors.push(eb("org_id", "in", [...f.orgIds]));
      return eb.or(ors);
    });
  if (f.engagementId) q = q.where("engagement_id", "=", f.engagementId);
  if (f.orgId) q = q.where("org_id", "=", f.orgId);
  if (f.action) q = q.where("action", "like", `${f.action}%`);
  if (f.actorUserId) q = q.where("actor_user_id", "=", f.actorUserId);
  if (f.from) q = q.where("at", ">=", f.from);
  if (f.to) q = q.where("at", "<=", f.to);
  if (f.beforeSeq) q = q.where("seq", "<", f.beforeSeq);
  return q.orderBy("seq", "desc").limit(f.limit).execute();
};
