/**
 * Training records: an organization admin assigns a course to people with a due date; the person
 * (or an admin) records completion with its date and, optionally, the certificate as an evidence
 * item; anything past its due date and not completed is overdue. Auditors read the records.
 */
import { z } from "zod";
import { AppError, invalid, notFound } from "../../core/errors.js";
import {
  completeTrainingAssignment,
  findOrgEvidenceItem,
  findTrainingAssignment,
  findUserNames,
  insertTrainingAssignments,
  listTrainingAssignments,
} from "../../db/repositories/policies.js";
import { listTenantMembers } from "../../db/repositories/users.js";
import type { TrainingAssignmentRow } from "../../db/schema-policies.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireUser, requireWrite } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { deliverEmails, notifyUsers } from "../notify.js";
import { DateSchema, daysBetween, type PolicyAccess, policyAccess, requireManage } from "./policy-model.js";

const Id = z.string().min(1).max(100);

export const AssignTrainingSchema = z.object({
  courseTitle: z.string().trim().min(1).max(200),
  assigneeUserIds: z
    .array(Id)
    .min(1)
    .max(1000)
    .transform((ids) => [...new Set(ids)]),
  dueOn: DateSchema,
});
export type AssignTrainingInput = z.infer<typeof AssignTrainingSchema>;

export const CompleteTrainingSchema = z.object({
  completedOn: DateSchema,
  /** The certificate, uploaded to the evidence repository first. */
  certificateEvidenceId: Id.optional(),
});
export type CompleteTrainingInput = z.infer<typeof CompleteTrainingSchema>;

export const TrainingFilterSchema = z.object({
  status: z.enum(["all", "open", "overdue", "completed"]).default("all"),
  assignee: Id.optional(),
});
export type TrainingFilter = z.infer<typeof TrainingFilterSchema>;

type TrainingRow = TrainingAssignmentRow & { assignee_name: string; assignee_email: string };

const trainingStatus = (row: TrainingAssignmentRow, today: string) =>
  row.completed_on !== null ? "completed" : row.due_on < today ? "overdue" : "open";

const trainingView = (row: TrainingRow, today: string, names: ReadonlyMap<string, string>) => {
  const status = trainingStatus(row, today);
  return {
    id: row.id,
    courseTitle: row.course_title,
    assignee: { id: row.assignee_user_id, name: row.assignee_name, email: row.assignee_email },
    dueOn: row.due_on,
    status,
    overdue: status === "overdue",
    daysOverdue: status === "overdue" ? daysBetween(row.due_on, today) : 0,
    assignedAt: row.assigned_at,
    assignedBy: row.assigned_by ? { id: row.assigned_by, name: names.get(row.assigned_by) ?? "" } : null,
    completedOn: row.completed_on,
    completionRecordedAt: row.completion_recorded_at,
    completionRecordedBy: row.completion_recorded_by
      ? { id: row.completion_recorded_by, name: names.get(row.completion_recorded_by) ?? "" }
      : null,
    certificate: row.certificate_evidence_id
      ? {
          evidenceItemId: row.certificate_evidence_id,
          fileName: row.certificate_file_name,
          sha256: row.certificate_sha256,
        }
      : null,
  };
};

const views = async (deps: Deps, rows: readonly TrainingRow[]) => {
  const today = todayIso(deps);
  const names = await findUserNames(
    deps.db,
    rows.flatMap((r) => [r.assigned_by ?? "", r.completion_recorded_by ?? ""]),
  );
  return rows.map((r) => trainingView(r, today, names));
};

/** Admins and auditors see everyone's records; other members see their own. */
const seesAll = (access: PolicyAccess): boolean => access.readAll;

export const listTraining = async (deps: Deps, actor: Actor, orgId: string, filter: TrainingFilter) => {
  const user = requireUser(actor);
  const access = await policyAccess(deps, user, orgId);
  const assignee = seesAll(access) ? filter.assignee : user.userId;
  const rows = await listTrainingAssignments(deps.db, access.org.id, assignee);
  const all = await views(deps, rows);
  const count = (s: string) => all.filter((a) => a.status === s).length;
  return {
    organization: { id: access.org.id, name: access.org.name },
    asOf: todayIso(deps),
    summary: {
      total: all.length,
      completed: count("completed"),
      open: count("open"),
      overdue: count("overdue"),
    },
    assignments: filter.status === "all" ? all : all.filter((a) => a.status === filter.status),
    permissions: { canAssign: access.manage, seesEveryone: seesAll(access) },
  };
};

export const assignTraining = async (deps: Deps, actor: Actor, orgId: string, input: AssignTrainingInput) => {
  const user = requireWrite(actor);
  const access = await policyAccess(deps, user, orgId);
  requireManage(access, "assign training");
  const today = todayIso(deps);
  if (input.dueOn < today) {
    throw invalid(`The due date ${input.dueOn} is in the past; choose today (${today}) or later.`, {
      field: "dueOn",
    });
  }
  const members = new Set((await listTenantMembers(deps.db, "org", access.org.id)).map((m) => m.user_id));
  const strangers = input.assigneeUserIds.filter((id) => !members.has(id));
  if (strangers.length > 0) {
    throw invalid(
      `Training can be assigned only to this organization's people; not members: ${strangers.join(", ")}.`,
      {
        field: "assigneeUserIds",
        notMembers: strangers,
      },
    );
  }
  const now = nowIso(deps);
  const rows: TrainingAssignmentRow[] = input.assigneeUserIds.map((assignee) => ({
    id: deps.newId(),
    org_id: access.org.id,
    course_title: input.courseTitle,
    assignee_user_id: assignee,
    due_on: input.dueOn,
    assigned_by: user.userId,
    assigned_at: now,
    completed_on: null,
    completion_recorded_by: null,
    completion_recorded_at: null,
    certificate_evidence_id: null,
    certificate_file_name: null,
    certificate_sha256: null,
    updated_at: now,
  }));
  const notificationIds = await inTransaction(deps, async (trx) => {
    await insertTrainingAssignments(trx, rows);
    for (const row of rows) {
      await recordEvent(trx, deps, actor, {
        action: "training.assigned",
        targetType: "training_assignment",
        targetId: row.id,
        firmId: access.org.firm_id,
        orgId: access.org.id,
        after: { courseTitle: row.course_title, assigneeUserId: row.assignee_user_id, dueOn: row.due_on },
      });
    }
    return notifyUsers(trx, deps, input.assigneeUserIds, {
      kind: "training.assigned",
      title: `Training assigned: ${input.courseTitle}`,
      body: `${user.name} assigned you "${input.courseTitle}" in ${access.org.name}. Complete it by ${input.dueOn}.`,
      link: `/organizations/${access.org.id}/training`,
      firmId: access.org.firm_id,
      orgId: access.org.id,
    });
  });
  await deliverEmails(deps, notificationIds);
  return { ids: rows.map((r) => r.id), assigned: rows.length, dueOn: input.dueOn };
};

/** The assignee records their own completion; an organization admin may record it for anyone. */
export const completeTraining = async (
  deps: Deps,
  actor: Actor,
  orgId: string,
  assignmentId: string,
  input: CompleteTrainingInput,
) => {
  const user = requireWrite(actor);
  const access = await policyAccess(deps, user, orgId);
  const row = await findTrainingAssignment(deps.db, access.org.id, assignmentId);
  if (!row) throw notFound("Training assignment");
  if (row.assignee_user_id !== user.userId) {
    requireManage(access, "record training completed by someone else");
  }
  const today = todayIso(deps);
  if (input.completedOn > today) {
    throw invalid(`The completion date ${input.completedOn} is in the future.`, { field: "completedOn" });
  }
  const certificate = input.certificateEvidenceId
    ? await findOrgEvidenceItem(deps.db, access.org.id, input.certificateEvidenceId)
    : undefined;
  if (input.certificateEvidenceId && !certificate) {
    throw invalid("The certificate must be an evidence item of this organization; upload it first.", {
      field: "certificateEvidenceId",
    });
  }
  if (row.completed_on !== null) {
    throw new AppError("CONFLICT", `This training was already recorded as completed on ${row.completed_on}.`);
  }
  const now = nowIso(deps);
  const changes = {
    completed_on: input.completedOn,
    completion_recorded_by: user.userId,
    completion_recorded_at: now,
    certificate_evidence_id: certificate?.id ?? null,
    certificate_file_name: certificate ? (certificate.original_name ?? certificate.title) : null,
    certificate_sha256: certificate?.sha256 ?? null,
    updated_at: now,
  };
  await inTransaction(deps, async (trx) => {
    const done = await completeTrainingAssignment(trx, access.org.id, row.id, changes);
    if (!done) throw new AppError("CONFLICT", "This training was recorded as completed meanwhile.");
    await recordEvent(trx, deps, actor, {
      action: "training.completed",
      targetType: "training_assignment",
      targetId: row.id,
      firmId: access.org.firm_id,
      orgId: access.org.id,
      before: { completedOn: null },
      after: {
        courseTitle: row.course_title,
        assigneeUserId: row.assignee_user_id,
        completedOn: input.completedOn,
        dueOn: row.due_on,
        late: input.completedOn > row.due_on,
        certificateEvidenceId: changes.certificate_evidence_id,
        certificateSha256: changes.certificate_sha256,
      },
    });
  });
  const [view] = await views(deps, [{ ...row, ...changes }]);
  return view;
};
