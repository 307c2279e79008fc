/**
 * Deciding access review entries (keep, change with the new access, revoke; a reason for change and
 * revoke; bulk keep), revocation follow-up tasks that close only with evidence of removal, and the
 * organization admin's sign-off, which stores the campaign's hashed result as generated evidence for
 * CC6.2 and CC6.3 and freezes the campaign.
 */
import type { Kysely } from "kysely";
import {
  ACCESS_REVIEW_CRITERIA,
  type CampaignStatus,
  decisionProblem,
  hashResult,
  signOffBlockers,
} from "../../core/access-review.js";
import { AppError, forbidden, invalid } from "../../core/errors.js";
import {
  findEntries,
  findOrgEvidenceItem,
  insertTask,
  listEntries,
  listSystems,
  listTasks,
  updateCampaignIfStatus,
  updateEntry,
  updateTaskIfStatus,
} from "../../db/repositories/access-reviews.js";
import type { DB } from "../../db/schema.js";
import type { AccessReviewCampaignRow } from "../../db/schema-access-reviews.js";
import type { Actor, UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireWrite } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { deliverEmails, notifyUsers } from "../notify.js";
import {
  auditTarget,
  type CloseTaskInput,
  CloseTaskSchema,
  changedMeanwhile,
  type DecideInput,
  DecideSchema,
  entryFacts,
  hasOrgRole,
  loadCampaign,
  loadReviewOrg,
  loadTask,
  orgReviewers,
  parseList,
  REVIEW_MANAGERS,
  REVIEW_SIGNERS,
  refreshStatus,
  requireChangeable,
} from "./access-review-model.js";
import { getAccessReview } from "./access-review-view.js";
import { insertGeneratedEvidence, writeGeneratedBlob } from "./evidence-generated.js";

const requireLaunched = (c: AccessReviewCampaignRow): void => {
  requireChangeable(c);
  if (c.status === "draft") throw new AppError("CONFLICT", `Launch "${c.name}" before deciding its entries.`);
};

/** Keep, change or revoke entries. More than one entry at a time only for keep. */
export const decideAccessReviewEntries = async (deps: Deps, actor: Actor, id: string, raw: DecideInput) => {
  const user = requireWrite(actor);
  const input = DecideSchema.parse(raw);
  const c = await loadCampaign(deps, user, id);
  requireLaunched(c);
  if (!hasOrgRole(user, c.org_id, REVIEW_MANAGERS))
    throw forbidden("Only the assigned reviewer can decide an entry.");
  const problem = decisionProblem(input);
  if (problem) throw invalid(problem);
  const ids = [...new Set(input.entryIds)];
  if (ids.length > 1 && input.decision !== "keep")
    throw invalid(
      "Only keep can be decided for several entries at once; change and revoke each need their own reason.",
    );
  const entries = await findEntries(deps.db, c.id, ids);
  const missing = ids.filter((x) => !entries.some((e) => e.id === x));
  if (missing.length > 0) throw new AppError("NOT_FOUND", `Entry ${missing[0]} is not part of "${c.name}".`);
  const isAdmin = hasOrgRole(user, c.org_id, REVIEW_SIGNERS);
  for (const e of entries) {
    if (e.email !== null && e.email === user.email.toLowerCase())
      throw forbidden(`${e.account} is your own account; someone else must review it.`);
    if (e.reviewer_user_id !== user.userId && !isAdmin)
      throw forbidden(
        `${e.account} is assigned to another reviewer; only they or an organization admin can decide it.`,
      );
  }
  const systems = new Map((await listSystems(deps.db, c.id)).map((s) => [s.id, s]));
  const now = nowIso(deps);
  const notificationIds = await inTransaction(deps, async (trx) => {
    const tasks = await listTasks(trx, c.id);
    const notify: string[] = [];
    const changes: Record<string, unknown>[] = [];
    for (const e of entries) {
      const task = tasks.find((t) => t.entry_id === e.id && t.status !== "cancelled");
      if (task?.status === "closed")
        throw new AppError(
          "CONFLICT",
          `The access of ${e.account} was already removed (task closed); its decision stays.`,
        );
      const newEntitlements =
        input.decision === "change" ? JSON.stringify(input.newEntitlements ?? []) : null;
      await updateEntry(trx, e.id, {
        decision: input.decision,
        new_entitlements: newEntitlements,
        reason: input.decision === "keep" ? (input.reason ?? null) || null : (input.reason ?? null),
        decided_by: user.userId,
        decided_at: now,
      });
      changes.push({
        entryId: e.id,
        account: e.account,
        before: e.decision,
        after: input.decision,
        ...(input.reason ? { reason: input.reason } : {}),
        ...(input.decision === "change" ? { newEntitlements: input.newEntitlements } : {}),
      });
      if (task && input.decision !== "revoke") {
        await updateTaskIfStatus(trx, task.id, "open", {
          status: "cancelled",
          closed_at: now,
          closed_by: user.userId,
        });
      }
      if (!task && input.decision === "revoke") {
        const system = systems.get(e.system_id);
        if (!system) throw new AppError("INTERNAL", "The entry's system is missing.");
        await insertTask(trx, {
          id: deps.newId(),
          campaign_id: c.id,
          entry_id: e.id,
          system_id: e.system_id,
          firm_id: c.firm_id,
          org_id: c.org_id,
          assignee_user_id: system.owner_user_id,
          status: "open",
          evidence_id: null,
          note: null,
          closed_by: null,
          closed_at: null,
          created_at: now,
        });
        notify.push(
          ...(await notifyUsers(trx, deps, [system.owner_user_id], {
            kind: "access_review.revocation",
            title: `Remove access: ${e.account} on ${system.name}`,
            body: `"${c.name}": ${e.account} is to lose its access to ${system.name} (${input.reason ?? ""}). Remove it and close the task with evidence of removal.`,
            link: `/access-reviews/${c.id}`,
            orgId: c.org_id,
          })),
        );
      }
    }
    await recordEvent(trx, deps, user, {
      action: `access_review.decided`,
      ...auditTarget(c),
      after: { decision: input.decision, entries: changes },
    });
    await refreshStatus(trx, deps, c);
    return notify;
  });
  await deliverEmails(deps, notificationIds);
  return getAccessReview(deps, actor, id);
};

/**
 * Closes a revocation task with evidence of removal: an evidence item of the organization, or a
 * note, stored as generated evidence (text) linked to CC6.2 so the removal is on record either way.
 */
export const closeRevocationTask = async (deps: Deps, actor: Actor, taskId: string, raw: CloseTaskInput) => {
  const user = requireWrite(actor);
  const input = CloseTaskSchema.parse(raw);
  const task = await loadTask(deps, user, taskId);
  const c = await loadCampaign(deps, user, task.campaign_id);
  requireLaunched(c);
  if (task.assignee_user_id !== user.userId && !hasOrgRole(user, c.org_id, REVIEW_SIGNERS))
    throw forbidden("Only the system owner the task is assigned to, or an organization admin, can close it.");
  if (task.status !== "open")
    throw new AppError("CONFLICT", `This revocation task is already ${task.status}.`);
  if (input.evidenceId && !(await findOrgEvidenceItem(deps.db, c.org_id, input.evidenceId)))
    throw new AppError("NOT_FOUND", `Evidence item ${input.evidenceId} was not found in this organization.`);
  const [entry] = await findEntries(deps.db, c.id, [task.entry_id]);
  const system = (await listSystems(deps.db, c.id)).find((s) => s.id === task.system_id);
  if (!entry || !system) throw new AppError("INTERNAL", "The task's entry or system is missing.");
  const today = todayIso(deps);
  const noteText = input.note
    ? `Removal of access: ${entry.account} on ${system.name}\nCampaign: ${c.name}\nReason: ${entry.reason ?? ""}\nRemoved by: ${user.name} <${user.email}>\nRecorded: ${nowIso(deps)}\n\n${input.note}\n`
    : null;
  const blob = noteText ? await writeGeneratedBlob(deps, c.org_id, Buffer.from(noteText, "utf8")) : null;
  await inTransaction(deps, async (trx) => {
    let evidenceId = input.evidenceId ?? null;
    if (blob && noteText) {
      const item = await insertGeneratedEvidence(trx, deps, user, c.org_id, blob, {
        title: `Access removed: ${entry.account} on ${system.name}`,
        description: `Evidence of removal for the access review "${c.name}".`,
        fileName: `access-removal-${entry.account_key.replace(/[^a-z0-9._-]/g, "_")}.txt`,
        mediaType: "text/plain",
        effectiveDate: today,
        generator: "access-review-removal",
        criterionIds: ["CC6.2"],
      });
      evidenceId = item.id;
    }
    const ok = await updateTaskIfStatus(trx, task.id, "open", {
      status: "closed",
      evidence_id: evidenceId,
      note: input.note ?? null,
      closed_by: user.userId,
      closed_at: nowIso(deps),
    });
    if (!ok) throw changedMeanwhile(c);
    await recordEvent(trx, deps, user, {
      action: "access_review.revocation_closed",
      ...auditTarget(c),
      after: { taskId: task.id, account: entry.account, system: system.name, evidenceId },
    });
    await refreshStatus(trx, deps, c);
  });
  return getAccessReview(deps, actor, c.id);
};

// ---- sign-off ----

const resultDocument = async (
  db: Kysely<DB>,
  c: AccessReviewCampaignRow,
  org: { id: string; name: string },
  signer: UserActor,
  at: string,
) => {
  const [systems, entries, tasks, people] = await Promise.all([
    listSystems(db, c.id),
    listEntries(db, c.id),
    listTasks(db, c.id),
    orgReviewers(db, c.org_id),
  ]);
  const who = (id: string | null) => (id === null ? null : (people.find((p) => p.id === id)?.email ?? id));
  const systemName = new Map(systems.map((s) => [s.id, s.name]));
  return {
    entries,
    tasks,
    document: {
      kind: "fieldwork.access-review-result",
      version: 1,
      organization: org,
      campaign: {
        id: c.id,
        name: c.name,
        dueDate: c.due_date,
        schedule: c.schedule,
        launchedAt: c.launched_at,
      },
      signedOff: { by: { id: signer.userId, name: signer.name, email: signer.email }, at },
      criteria: [...ACCESS_REVIEW_CRITERIA],
      systems: systems.map((s) => ({
        id: s.id,
        name: s.name,
        owner: who(s.owner_user_id),
        source: s.source,
        importedAt: s.imported_at,
      })),
      entries: entries.map((e) => {
        const task = tasks.find((t) => t.entry_id === e.id && t.status === "closed");
        return {
          id: e.id,
          system: systemName.get(e.system_id) ?? null,
          account: e.account,
          name: e.name,
          email: e.email,
          entitlements: parseList(e.entitlements),
          reviewer: who(e.reviewer_user_id),
          routedTo: e.routed_to,
          decision: e.decision,
          newEntitlements: parseList(e.new_entitlements),
          reason: e.reason,
          decidedBy: who(e.decided_by),
          decidedAt: e.decided_at,
          removal: task
            ? {
                taskId: task.id,
                evidenceId: task.evidence_id,
                closedBy: who(task.closed_by),
                closedAt: task.closed_at,
              }
            : null,
        };
      }),
    },
  };
};

export const signOffAccessReview = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireWrite(actor);
  const c = await loadCampaign(deps, user, id, REVIEW_SIGNERS, "sign off access reviews");
  requireChangeable(c);
  const org = await loadReviewOrg(deps, user, c.org_id);
  const at = nowIso(deps);
  const built = await resultDocument(deps.db, c, { id: org.id, name: org.name }, user, at);
  const blockers = signOffBlockers(
    c.status as CampaignStatus,
    entryFacts(built.entries),
    built.tasks.map((t) => ({ status: t.status as "open" | "closed" | "cancelled" })),
  );
  if (blockers.length > 0) {
    throw new AppError("GUARD_FAILED", `"${c.name}" cannot be signed off yet: ${blockers.join(" ")}`, {
      failures: blockers.map((message) => ({ guard: "access-review-complete", message })),
    });
  }
  const { bytes, sha256 } = hashResult(built.document);
  const blob = await writeGeneratedBlob(deps, c.org_id, bytes);
  const today = todayIso(deps);
  await inTransaction(deps, async (trx) => {
    // The result must still be what was hashed: nothing decided or closed meanwhile.
    const again = await resultDocument(trx, c, { id: org.id, name: org.name }, user, at);
    if (hashResult(again.document).sha256 !== sha256) throw changedMeanwhile(c);
    const item = await insertGeneratedEvidence(trx, deps, user, c.org_id, blob, {
      title: `Access review signed off: ${c.name}`,
      description: `${built.entries.length} accounts reviewed across ${built.document.systems.length} systems; result SHA-256 ${sha256}.`,
      fileName: `access-review-${c.due_date}-${c.id.slice(0, 8)}.json`,
      mediaType: "application/json",
      effectiveDate: today,
      periodStart: c.launched_at?.slice(0, 10) ?? null,
      periodEnd: today,
      generator: "access-review",
      criterionIds: [...ACCESS_REVIEW_CRITERIA],
    });
    const ok = await updateCampaignIfStatus(trx, c.id, ["completed"], {
      status: "signed_off",
      signed_off_at: at,
      signed_off_by: user.userId,
      evidence_id: item.id,
      result_sha256: sha256,
      updated_at: at,
    });
    if (!ok) throw changedMeanwhile(c);
    await recordEvent(trx, deps, user, {
      action: "access_review.signed_off",
      ...auditTarget(c),
      before: { status: c.status },
      after: {
        status: "signed_off",
        evidenceId: item.id,
        resultSha256: sha256,
        entries: built.entries.length,
      },
    });
  });
  return getAccessReview(deps, actor, id);
};
