/**
 * Evidence requests with their comments and evidence links. Every read filters by tenant (a visible
 * scope or the engagement the caller already loaded); counters hand out reference numbers.
 */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { DB } from "../schema.js";
import type {
  EvidenceRequestCommentsTable,
  EvidenceRequestEvidenceTable,
  EvidenceRequestsTable,
} from "../schema-requests.js";

export const REQUEST_COLUMNS = [
  "r.id",
  "r.firm_id",
  "r.org_id",
  "r.engagement_id",
  "r.seq",
  "r.control_id",
  "r.what",
  "r.period_start",
  "r.period_end",
  "r.due_date",
  "r.assignee_user_id",
  "r.status",
  "r.dedupe_key",
  "r.created_by",
  "r.created_at",
  "r.updated_at",
  "r.submitted_at",
  "r.accepted_at",
] as const;

export interface Scope {
  readonly firmIds: readonly string[];
  readonly orgIds: readonly string[];
}

export interface RequestFilter {
  readonly status?: string | undefined;
  /** A user id, or null for unassigned requests. */
  readonly assigneeUserId?: string | null | undefined;
  readonly controlId?: string | undefined;
}

const count = (n: string | number | bigint | null | undefined): number => Number(n ?? 0);

/** Requests with their control, assignee, evidence count and last comment, for lists and exports. */
const listQuery = (db: Kysely<DB>) =>
  db
    .selectFrom("evidence_requests as r")
    .leftJoin("org_controls as c", (j) =>
      j.onRef("c.id", "=", "r.control_id").onRef("c.org_id", "=", "r.org_id"),
    )
    .leftJoin("users as u", "u.id", "r.assignee_user_id")
    .select(REQUEST_COLUMNS)
    .select([
      "c.code as control_code",
      "c.title as control_title",
      "u.name as assignee_name",
      "u.email as assignee_email",
    ])
    .select((eb) => [
      eb
        .selectFrom("evidence_request_evidence as l")
        .select((e) => e.fn.countAll().as("n"))
        .whereRef("l.request_id", "=", "r.id")
        .as("evidence_count"),
      eb
        .selectFrom("evidence_request_comments as k")
        .select((e) => e.fn.countAll().as("n"))
        .whereRef("k.request_id", "=", "r.id")
        .as("comment_count"),
      eb
        .selectFrom("evidence_request_comments as k")
        .select("k.body")
        .whereRef("k.request_id", "=", "r.id")
        .orderBy("k.n", "desc")
        .limit(1)
        .as("last_comment"),
    ]);

export type RequestListRow = Awaited<ReturnType<ReturnType<typeof listQuery>["execute"]>>[number];

/** The same row with counts as numbers (PostgreSQL returns bigint counts as strings). */
export type RequestListItem = Omit<RequestListRow, "evidence_count" | "comment_count"> & {
  evidence_count: number;
  comment_count: number;
};

const normalise = (r: RequestListRow): RequestListItem => ({
  ...r,
  seq: Number(r.seq),
  evidence_count: count(r.evidence_count),
  comment_count: count(r.comment_count),
});

export const listEngagementRequests = async (
  db: Kysely<DB>,
  engagementId: string,
  filter: RequestFilter = {},
): Promise<RequestListItem[]> => {
  let q = listQuery(db).where("r.engagement_id", "=", engagementId);
  if (filter.status) q = q.where("r.status", "=", filter.status);
  if (filter.assigneeUserId === null) q = q.where("r.assignee_user_id", "is", null);
  else if (filter.assigneeUserId) q = q.where("r.assignee_user_id", "=", filter.assigneeUserId);
  if (filter.controlId) q = q.where("r.control_id", "=", filter.controlId);
  return (await q.orderBy("r.seq").execute()).map(normalise);
};

/** One request with its list columns, only if the scope can see its engagement's firm or organization. */
export const findVisibleRequest = async (
  db: Kysely<DB>,
  id: string,
  scope: Scope,
): Promise<RequestListItem | undefined> => {
  if (scope.firmIds.length === 0 && scope.orgIds.length === 0) return undefined;
  const row = await listQuery(db)
    .where("r.id", "=", id)
    .where((eb) => {
      const ors = [];
      if (scope.firmIds.length > 0) ors.push(eb("r.firm_id", "in", [...scope.firmIds]));
      if (scope.orgIds.length > 0) ors.push(eb("r.org_id", "in", [...scope.orgIds]));
      return eb.or(ors);
    })
    .executeTakeFirst();
  return row ? normalise(row) : undefined;
};

/** The stored rows of an engagement, for duplicate checks and imports. */
export const listRequestRows = (db: Kysely<DB>, engagementId: string) =>
  db
    .selectFrom("evidence_requests as r")
    .select(REQUEST_COLUMNS)
    .where("r.engagement_id", "=", engagementId)
    .orderBy("r.seq")
    .execute();

export const findRequestByDedupeKey = (db: Kysely<DB>, engagementId: string, key: string) =>
  db
    .selectFrom("evidence_requests as r")
    .select(["r.id", "r.seq"])
    .where("r.engagement_id", "=", engagementId)
    .where("r.dedupe_key", "=", key)
    .executeTakeFirst();

/**
 * Takes the engagement's counter row lock (creating the row on first use) and reserves `n` reference
 * numbers; returns the first. With n = 0 it only takes the lock, so duplicate checks that follow
 * see every request committed before. The lock is held until the transaction ends.
 */
export const reserveSequence = async (
  trx: Kysely<DB>,
  e: { id: string; firm_id: string; org_id: string },
  n: number,
): Promise<number> => {
  await trx
    .insertInto("evidence_request_counters")
    .values({ engagement_id: e.id, firm_id: e.firm_id, org_id: e.org_id, last_seq: 0 })
    .onConflict((oc) => oc.column("engagement_id").doNothing())
    .execute();
  const row = await trx
    .updateTable("evidence_request_counters")
    .set((eb) => ({ last_seq: eb("last_seq", "+", n) }))
    .where("engagement_id", "=", e.id)
    .returning("last_seq")
    .executeTakeFirstOrThrow();
  return Number(row.last_seq) - n + 1;
};

export const insertRequests = async (trx: Kysely<DB>, rows: Insertable<EvidenceRequestsTable>[]) => {
  // Chunks stay far below SQLite's and PostgreSQL's bound-parameter limits.
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto("evidence_requests")
      .values(rows.slice(i, i + 500))
      .execute();
  }
};

/**
 * Changes a request only while its status is still one of `from` (what the caller checked before
 * the transaction); returns whether it changed. Status moves, edits and evidence changes use it, so
 * none of them lands on a request that was accepted meanwhile.
 */
export const updateRequestIfStatus = async (
  trx: Kysely<DB>,
  id: string,
  from: readonly string[],
  changes: Updateable<EvidenceRequestsTable>,
): Promise<boolean> => {
  const r = await trx
    .updateTable("evidence_requests")
    .set(changes)
    .where("id", "=", id)
    .where("status", "in", [...from])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
};

export const listComments = (db: Kysely<DB>, requestId: string) =>
  db
    .selectFrom("evidence_request_comments as k")
    .leftJoin("users as u", "u.id", "k.author_user_id")
    .select([
      "k.id",
      "k.n",
      "k.author_user_id",
      "k.author_side",
      "k.kind",
      "k.body",
      "k.created_at",
      "u.name as author_name",
    ])
    .where("k.request_id", "=", requestId)
    .orderBy("k.n")
    .execute();

export const countOrgComments = async (db: Kysely<DB>, requestId: string): Promise<number> => {
  const row = await db
    .selectFrom("evidence_request_comments")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("request_id", "=", requestId)
    .where("author_side", "=", "org")
    .executeTakeFirst();
  return count(row?.n);
};

/** Appends a comment at the end of the thread (position = thread length + 1). */
export const insertComment = async (
  trx: Kysely<DB>,
  c: Omit<Insertable<EvidenceRequestCommentsTable>, "n">,
): Promise<number> => {
  const last = await trx
    .selectFrom("evidence_request_comments")
    .select((eb) => eb.fn.max("n").as("n"))
    .where("request_id", "=", c.request_id)
    .executeTakeFirst();
  const n = count(last?.n) + 1;
  await trx
    .insertInto("evidence_request_comments")
    .values({ ...c, n })
    .execute();
  return n;
};

export const listEvidenceIds = async (db: Kysely<DB>, requestId: string): Promise<string[]> =>
  (
    await db
      .selectFrom("evidence_request_evidence")
      .select("evidence_id")
      .where("request_id", "=", requestId)
      .orderBy("linked_at")
      .orderBy("evidence_id")
      .execute()
  ).map((r) => r.evidence_id);

export const insertEvidenceLinks = async (
  trx: Kysely<DB>,
  rows: Insertable<EvidenceRequestEvidenceTable>[],
): Promise<void> => {
  if (rows.length === 0) return;
  await trx
    .insertInto("evidence_request_evidence")
    .values(rows)
    .onConflict((oc) => oc.columns(["request_id", "evidence_id"]).doNothing())
    .execute();
};

export const deleteEvidenceLinks = async (
  trx: Kysely<DB>,
  requestId: string,
  evidenceIds: readonly string[],
): Promise<void> => {
  if (evidenceIds.length === 0) return;
  await trx
    .deleteFrom("evidence_request_evidence")
    .where("request_id", "=", requestId)
    .where("evidence_id", "in", [...evidenceIds])
    .execute();
};

/** Of `ids`, those that are evidence items (any version) of the organization. */
export const findOrgEvidenceIds = async (
  db: Kysely<DB>,
  orgId: string,
  ids: readonly string[],
): Promise<string[]> =>
  ids.length === 0
    ? []
    : (
        await db
          .selectFrom("evidence_items")
          .select("id")
          .where("org_id", "=", orgId)
          .where("id", "in", [...ids])
          .execute()
      ).map((r) => r.id);

/** The organization's controls that requests may point at. */
export const listOrgControlRefs = (db: Kysely<DB>, orgId: string) =>
  db
    .selectFrom("org_controls")
    .select(["id", "code", "title"])
    .where("org_id", "=", orgId)
    .orderBy("code")
    .execute();

export const findOrgControlRef = (db: Kysely<DB>, orgId: string, id: string) =>
  db
    .selectFrom("org_controls")
    .select(["id", "code", "title"])
    .where("org_id", "=", orgId)
    .where("id", "=", id)
    .executeTakeFirst();

/** Users of the organization holding one of `roles`, with their e-mail addresses. */
export const listOrgUsersWithRoles = async (db: Kysely<DB>, orgId: string, roles: readonly string[]) => {
  const rows = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.email", "u.name"])
    .where("m.tenant_kind", "=", "org")
    .where("m.tenant_id", "=", orgId)
    .where("m.role", "in", [...roles])
    .orderBy("u.email")
    .execute();
  return [...new Map(rows.map((r) => [r.id, r])).values()];
};
