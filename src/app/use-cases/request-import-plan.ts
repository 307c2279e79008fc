/**
 * Planning a request list import: every row of the file resolved against the engagement's requests,
 * the organization's controls and people, with every error by row and column, before anything is
 * written. Pure: the caller loads the data and applies the plan in one transaction.
 */
import { type AppError, invalid } from "../../core/errors.js";
import {
  dedupeKey,
  formatRef,
  periodProblem,
  REQUEST_STATUS_LABELS,
  type RequestStatus,
} from "../../core/evidence-requests.js";
import type { EvidenceRequestRow } from "../../db/schema-requests.js";
import { COLUMN_LABELS } from "../spreadsheets/request-list.js";
import {
  type CellError,
  describeCellError,
  type ImportedRow,
  type RequestListFile,
} from "../spreadsheets/request-list-reader.js";

export interface Fields {
  control_id: string | null;
  what: string;
  period_start: string | null;
  period_end: string | null;
  due_date: string | null;
  assignee_user_id: string | null;
}

export const FIELD_LABELS: Record<keyof Fields, string> = {
  control_id: "controlId",
  what: "what",
  period_start: "periodStart",
  period_end: "periodEnd",
  due_date: "dueDate",
  assignee_user_id: "assigneeUserId",
};

export interface PlannedCreate {
  readonly row: number;
  readonly fields: Fields;
  readonly key: string;
}

export interface PlannedUpdate {
  readonly row: number;
  readonly target: EvidenceRequestRow;
  readonly fields: Fields;
  readonly key: string;
  readonly changed: readonly (keyof Fields)[];
}

export interface ImportPlan {
  readonly creates: PlannedCreate[];
  readonly updates: PlannedUpdate[];
  readonly unchanged: number;
  readonly errors: CellError[];
  readonly warnings: CellError[];
}

export interface Directory {
  readonly controlsByCode: ReadonlyMap<string, string>;
  readonly usersByEmail: ReadonlyMap<string, string>;
}

/** Fields under their API names, as the audit trail records them. */
export const labelled = (f: Fields): Record<string, string | null> =>
  Object.fromEntries((Object.keys(FIELD_LABELS) as (keyof Fields)[]).map((k) => [FIELD_LABELS[k], f[k]]));

export const keyOf = (f: Fields): string =>
  dedupeKey({ controlId: f.control_id, what: f.what, periodStart: f.period_start, periodEnd: f.period_end });

/** Resolves a row's cells to stored fields over `base` (the request it updates, or empty). */
const resolveRow = (
  row: ImportedRow,
  base: Fields | null,
  dir: Directory,
  error: (column: string, message: string) => void,
): Fields | null => {
  let ok = true;
  const pick = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);
  let control_id = base?.control_id ?? null;
  if (row.control !== undefined) {
    control_id = row.control === null ? null : (dir.controlsByCode.get(row.control.toLowerCase()) ?? null);
    if (row.control !== null && control_id === null) {
      error(COLUMN_LABELS.control, `'${row.control}' is not a control of this organization`);
      ok = false;
    }
  }
  let assignee_user_id = base?.assignee_user_id ?? null;
  if (row.assignee !== undefined) {
    assignee_user_id = row.assignee === null ? null : (dir.usersByEmail.get(row.assignee) ?? null);
    if (row.assignee !== null && assignee_user_id === null) {
      error(
        COLUMN_LABELS.assignee,
        `'${row.assignee}' is not an organization admin or control owner of the client`,
      );
      ok = false;
    }
  }
  const what = row.what ?? base?.what;
  if (what === undefined) return null;
  const fields: Fields = {
    control_id,
    what,
    period_start: pick(row.periodStart, base?.period_start ?? null),
    period_end: pick(row.periodEnd, base?.period_end ?? null),
    due_date: pick(row.dueDate, base?.due_date ?? null),
    assignee_user_id,
  };
  const period = periodProblem(fields.period_start, fields.period_end);
  if (period) {
    error(COLUMN_LABELS.periodEnd, period);
    ok = false;
  }
  return ok ? fields : null;
};

export const fieldsOf = (r: EvidenceRequestRow): Fields => ({
  control_id: r.control_id,
  what: r.what,
  period_start: r.period_start,
  period_end: r.period_end,
  due_date: r.due_date,
  assignee_user_id: r.assignee_user_id,
});

export const planImport = (
  file: RequestListFile,
  existing: readonly EvidenceRequestRow[],
  dir: Directory,
): ImportPlan => {
  const bySeq = new Map(existing.map((r) => [Number(r.seq), r]));
  const byKey = new Map(existing.map((r) => [r.dedupe_key, r]));
  const errors: CellError[] = [...file.errors];
  const warnings: CellError[] = [];
  const creates: PlannedCreate[] = [];
  const updates: PlannedUpdate[] = [];
  /** The file row that first changes each request (by reference number). */
  const claimed = new Map<number, number>();
  let unchanged = 0;
  const rowsWithParseErrors = new Set(file.errors.map((e) => e.row));
  for (const row of file.rows) {
    const before = errors.length;
    const error = (column: string, message: string) => errors.push({ row: row.row, column, message });
    let target: EvidenceRequestRow | null = null;
    if (row.ref !== undefined && row.ref !== null) {
      const ref = formatRef(row.ref);
      const first = claimed.get(row.ref);
      if (first !== undefined) error(COLUMN_LABELS.ref, `${ref} appears again (first on row ${first})`);
      else claimed.set(row.ref, row.row);
      target = bySeq.get(row.ref) ?? null;
      if (!target) error(COLUMN_LABELS.ref, `${ref} is not a request of this engagement`);
      if (!target) continue;
    } else if (file.columns.includes("ref") && row.ref === undefined) {
      continue;
    }
    let fields = resolveRow(row, target ? fieldsOf(target) : null, dir, error);
    if (!fields || errors.length > before || rowsWithParseErrors.has(row.row)) continue;
    if (!target) {
      // A row without Ref that asks for an existing request is that request (imports are idempotent).
      target = byKey.get(keyOf(fields)) ?? null;
      if (target) {
        const seq = Number(target.seq);
        const first = claimed.get(seq);
        if (first !== undefined) {
          error(COLUMN_LABELS.what, `is the same request as ${formatRef(seq)}, already on row ${first}`);
          continue;
        }
        claimed.set(seq, row.row);
        fields = resolveRow(row, fieldsOf(target), dir, error);
        if (!fields) continue;
      } else if (row.status && row.status !== "open") {
        error(COLUMN_LABELS.status, "a new request starts Open; leave Status empty");
        continue;
      } else {
        creates.push({ row: row.row, fields, key: keyOf(fields) });
        continue;
      }
    }
    const base = fieldsOf(target);
    const ref = formatRef(Number(target.seq));
    if (row.status && row.status !== target.status) {
      const now = REQUEST_STATUS_LABELS[target.status as RequestStatus] ?? target.status;
      warnings.push({
        row: row.row,
        column: COLUMN_LABELS.status,
        message: `import does not change statuses: ${ref} stays ${now}; submit, accept or return it in Fieldwork`,
      });
    }
    const next = fields;
    const changed = (Object.keys(next) as (keyof Fields)[]).filter((k) => next[k] !== base[k]);
    if (changed.length === 0) unchanged += 1;
    else if (target.status === "accepted")
      error(COLUMN_LABELS.ref, `${ref} is accepted and can no longer be changed`);
    else updates.push({ row: row.row, target, fields: next, key: keyOf(next), changed });
  }
  // The same control, request and period may appear once in the engagement after the import.
  const updated = new Set(updates.map((u) => u.target.id));
  const owners = new Map<string, { label: string; row: number | null }>();
  for (const r of existing)
    if (!updated.has(r.id)) owners.set(r.dedupe_key, { label: formatRef(Number(r.seq)), row: null });
  const planned = [...updates, ...creates].sort((a, b) => a.row - b.row);
  for (const p of planned) {
    const first = owners.get(p.key);
    if (first) {
      errors.push({
        row: p.row,
        column: COLUMN_LABELS.what,
        message: `asks for the same as ${first.row === null ? first.label : `row ${first.row}`} (same control, request and period)`,
      });
    } else {
      owners.set(p.key, { label: `row ${p.row}`, row: p.row });
    }
  }
  errors.sort((a, b) => a.row - b.row);
  return { creates, updates, unchanged, errors, warnings };
};

export const importError = (errors: readonly CellError[]): AppError => {
  const shown = errors.slice(0, 20).map(describeCellError).join("; ");
  const more = errors.length > 20 ? ` (and ${errors.length - 20} more)` : "";
  return invalid(
    `The request list has ${errors.length} ${errors.length === 1 ? "error" : "errors"}, so nothing was imported: ${shown}${more}.`,
    { errors },
  );
};
