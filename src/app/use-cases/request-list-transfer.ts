/**
 * The request list as a file: export to CSV or xlsx, and import one back. An import creates the rows
 * without a Ref and updates the rows with one; it checks every row first and changes nothing unless
 * all rows are good (one transaction). Status, evidence count and last comment are informational:
 * statuses move only through submit, accept and return.
 */
import type { Kysely } from "kysely";
import { AppError } from "../../core/errors.js";
import { formatRef, type RequestStatus } from "../../core/evidence-requests.js";
import {
  insertRequests,
  listEngagementRequests,
  listOrgControlRefs,
  listRequestRows,
  reserveSequence,
  updateRequestIfStatus,
} from "../../db/repositories/requests.js";
import type { DB, EngagementRow } from "../../db/schema.js";
import type { Actor, UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireUser, requireWrite } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { deliverEmails } from "../notify.js";
import {
  CSV_MEDIA_TYPE,
  type RequestListEntry,
  writeRequestListCsv,
  writeRequestListXlsx,
  XLSX_MEDIA_TYPE,
} from "../spreadsheets/request-list.js";
import { readRequestList } from "../spreadsheets/request-list-reader.js";
import {
  type Directory,
  FIELD_LABELS,
  type ImportPlan,
  importError,
  labelled,
  planImport,
} from "./request-import-plan.js";
import { assignableUsers, FIRM_EDITORS, loadRequestEngagement, notifyAssignees } from "./request-model.js";

export type RequestListFormat = "csv" | "xlsx";

const fileSlug = (s: string): string =>
  s
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase()
    .slice(0, 60) || "engagement";

/** The engagement's request list as a file to download. */
export const exportRequestList = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  format: RequestListFormat,
) => {
  const user = requireUser(actor);
  const e = await loadRequestEngagement(deps, user, engagementId);
  const rows = await listEngagementRequests(deps.db, e.id);
  const entries: RequestListEntry[] = rows.map((r) => ({
    ref: formatRef(r.seq),
    control: r.control_code ?? null,
    what: r.what,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    dueDate: r.due_date,
    assignee: r.assignee_email ?? null,
    status: r.status as RequestStatus,
    evidenceCount: r.evidence_count,
    lastComment: r.last_comment ?? null,
  }));
  const filename = `requests-${fileSlug(e.name)}-${todayIso(deps)}.${format}`;
  if (format === "csv") {
    return { filename, contentType: `${CSV_MEDIA_TYPE}; charset=utf-8`, body: writeRequestListCsv(entries) };
  }
  const body = await writeRequestListXlsx(entries, {
    title: `Evidence requests: ${e.name}`,
    now: deps.clock(),
  });
  return { filename, contentType: XLSX_MEDIA_TYPE, body };
};

const applyPlan = async (
  trx: Kysely<DB>,
  deps: Deps,
  user: UserActor,
  e: EngagementRow,
  plan: ImportPlan,
  format: string,
) => {
  const now = nowIso(deps);
  const note = `imported from ${format}`;
  const target = { firmId: e.firm_id, orgId: e.org_id, engagementId: e.id };
  // Keys may swap between rows: park the changing ones first so the unique index never sees a clash.
  for (const u of plan.updates) {
    if (u.key !== u.target.dedupe_key) {
      await updateRequestIfStatus(trx, u.target.id, [u.target.status], {
        dedupe_key: `pending:${u.target.id}`,
      });
    }
  }
  for (const u of plan.updates) {
    const changed = await updateRequestIfStatus(trx, u.target.id, [u.target.status], {
      ...u.fields,
      dedupe_key: u.key,
      updated_at: now,
    });
    if (!changed) {
      const ref = formatRef(Number(u.target.seq));
      throw new AppError(
        "CONFLICT",
        `${ref} was changed by someone else during the import; nothing was imported.`,
      );
    }
    await recordEvent(trx, deps, user, {
      action: "request.updated",
      targetType: "evidence_request",
      targetId: u.target.id,
      ...target,
      before: Object.fromEntries(u.changed.map((k) => [FIELD_LABELS[k], u.target[k]])),
      after: Object.fromEntries(u.changed.map((k) => [FIELD_LABELS[k], u.fields[k]])),
      note,
    });
  }
  const first = await reserveSequence(trx, e, plan.creates.length);
  const rows = plan.creates.map((c, i) => ({
    id: deps.newId(),
    firm_id: e.firm_id,
    org_id: e.org_id,
    engagement_id: e.id,
    seq: first + i,
    ...c.fields,
    status: "open",
    dedupe_key: c.key,
    created_by: user.userId,
    created_at: now,
    updated_at: now,
    submitted_at: null,
    accepted_at: null,
  }));
  await insertRequests(trx, rows);
  for (const r of rows) {
    await recordEvent(trx, deps, user, {
      action: "request.created",
      targetType: "evidence_request",
      targetId: r.id,
      ...target,
      after: { ref: formatRef(r.seq), ...labelled(r) },
      note,
    });
  }
  await recordEvent(trx, deps, user, {
    action: "request_list.imported",
    targetType: "engagement",
    targetId: e.id,
    ...target,
    after: { format, created: rows.length, updated: plan.updates.length, unchanged: plan.unchanged },
  });
  const assignments = [
    ...rows.filter((r) => r.assignee_user_id).map((r) => ({ userId: r.assignee_user_id ?? "", request: r })),
    ...plan.updates
      .filter((u) => u.changed.includes("assignee_user_id") && u.fields.assignee_user_id)
      .map((u) => ({
        userId: u.fields.assignee_user_id ?? "",
        request: {
          id: u.target.id,
          seq: Number(u.target.seq),
          what: u.fields.what,
          due_date: u.fields.due_date,
        },
      })),
  ];
  const notificationIds = await notifyAssignees(trx, deps, user, e, assignments);
  return {
    created: plan.creates.map((c, i) => ({ row: c.row, id: rows[i]?.id ?? "", ref: formatRef(first + i) })),
    updated: plan.updates.map((u) => ({ row: u.row, id: u.target.id, ref: formatRef(Number(u.target.seq)) })),
    notificationIds,
  };
};

/**
 * Imports a request list file (CSV or xlsx, told apart by content). All or nothing: any bad row
 * means VALIDATION with every error by row and column, and no change.
 */
export const importRequestList = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  bytes: Buffer | undefined,
) => {
  const user = requireWrite(actor);
  const e = await loadRequestEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, FIRM_EDITORS, "import a request list");
  if (!bytes) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Send the request list file itself as the body, as ${CSV_MEDIA_TYPE} or ${XLSX_MEDIA_TYPE}.`,
    );
  }
  const file = await readRequestList(bytes);
  const [controls, people] = await Promise.all([
    listOrgControlRefs(deps.db, e.org_id),
    assignableUsers(deps.db, e.org_id),
  ]);
  const dir: Directory = {
    controlsByCode: new Map(controls.map((c) => [c.code.toLowerCase(), c.id])),
    usersByEmail: new Map(people.map((u) => [u.email.toLowerCase(), u.id])),
  };
  const result = await inTransaction(deps, async (trx) => {
    await reserveSequence(trx, e, 0);
    const plan = planImport(file, await listRequestRows(trx, e.id), dir);
    if (plan.errors.length > 0) throw importError(plan.errors);
    return { plan, applied: await applyPlan(trx, deps, user, e, plan, file.format) };
  });
  await deliverEmails(deps, result.applied.notificationIds);
  return {
    format: file.format,
    created: result.applied.created,
    updated: result.applied.updated,
    unchanged: result.plan.unchanged,
    warnings: result.plan.warnings,
  };
};
