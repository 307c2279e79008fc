/**
 * Changing the risk register: create, edit, close or reopen a risk, and the approval of an
 * acceptance by the organization admin named for it. Every change is an audit event in the
 * transaction of the change (before and after of the changed fields); a newly named approver is
 * notified.
 */
import type { Kysely } from "kysely";
import { AppError, forbidden, invalid } from "../../core/errors.js";
import { acceptanceExpired, formatRiskRef, type Treatment, treatmentProblems } from "../../core/risk.js";
import {
  insertRisk,
  listRiskControls,
  nextRiskSeq,
  replaceRiskControls,
  updateRiskRow,
} from "../../db/repositories/risks.js";
import type { DB } from "../../db/schema.js";
import type { RisksTable } from "../../db/schema-risks.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireWrite } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { deliverEmails, notifyUsers } from "../notify.js";
import { resolveControls } from "./evidence-model.js";
import {
  type CreateRiskInput,
  loadRisk,
  loadRiskOrg,
  RISK_APPROVERS,
  RISK_WRITERS,
  riskAuditFields,
  RISK_TARGET as TARGET,
  type UpdateRiskInput,
} from "./risk-model.js";
import { getRisk, peopleOf } from "./risks.js";

// ----- writing -----

type RiskFields = Omit<RisksTable, "id" | "firm_id" | "org_id" | "seq" | "created_by" | "created_at">;

/**
 * Checks owner, approver, controls and treatment of the merged risk; all problems at once. A closed
 * risk is a record and only its controls are resolved; an acceptance whose terms did not change is
 * not refused for having run out (the owner's task list asks for a new decision instead).
 */
const validate = async (
  deps: Deps,
  orgId: string,
  f: RiskFields,
  controlRefs: readonly string[],
  termsChanged = true,
) => {
  const controls = await resolveControls(deps, orgId, controlRefs);
  if (f.status === "closed") return controls;
  const people = await peopleOf(deps, orgId);
  const problems: { field: string; message: string }[] = [];
  if (!people.some((p) => p.id === f.owner_user_id)) {
    problems.push({
      field: "ownerUserId",
      message: "The owner must be an organization admin or control owner of this organization.",
    });
  }
  const approver = people.find((p) => p.id === f.accept_approver_user_id);
  problems.push(
    ...treatmentProblems({
      treatment: f.treatment as Treatment,
      controlCount: controls.length,
      transferTo: f.transfer_to,
      ownerUserId: f.owner_user_id,
      approverUserId: f.accept_approver_user_id,
      approverIsOrgAdmin: approver?.canApprove ?? false,
      acceptExpiresOn: f.accept_expires_on,
      likelihood: f.likelihood,
      impact: f.impact,
      residualLikelihood: f.residual_likelihood,
      residualImpact: f.residual_impact,
      today: termsChanged ? todayIso(deps) : "0000-01-01",
    }),
  );
  if (problems.length > 0) {
    throw invalid(problems.map((p) => `${p.field}: ${p.message}`).join(" "), { errors: problems });
  }
  return controls;
};

/** Drops the fields a treatment does not use, so a stale approver or insurer never lingers. */
const normaliseTreatment = (f: RiskFields): RiskFields => ({
  ...f,
  transfer_to: f.treatment === "transfer" ? (f.transfer_to?.trim() ?? null) : null,
  accept_approver_user_id: f.treatment === "accept" ? f.accept_approver_user_id : null,
  accept_expires_on: f.treatment === "accept" ? f.accept_expires_on : null,
  accept_approved_at: f.treatment === "accept" ? f.accept_approved_at : null,
});

const notifyApprover = async (
  trx: Kysely<DB>,
  deps: Deps,
  orgId: string,
  riskId: string,
  ref: string,
  f: RiskFields,
): Promise<string[]> =>
  f.treatment === "accept" && f.accept_approver_user_id && !f.accept_approved_at
    ? notifyUsers(trx, deps, [f.accept_approver_user_id], {
        kind: "risk.acceptance_requested",
        title: `Approve the acceptance of ${ref}`,
        body: `${ref} "${f.title}" is proposed for acceptance until ${f.accept_expires_on}. Review and approve it.`,
        link: `/risks/${riskId}`,
        orgId,
      })
    : Promise.resolve([]);

const isUniqueViolation = (e: unknown) => /unique|duplicate/i.test((e as Error)?.message ?? "");

export const createRisk = async (deps: Deps, actor: Actor, orgId: string, input: CreateRiskInput) => {
  const user = requireWrite(actor);
  const org = await loadRiskOrg(deps, user, orgId, RISK_WRITERS, "add risks to the register");
  const now = nowIso(deps);
  const fields = normaliseTreatment({
    title: input.title,
    description: input.description,
    asset: input.asset,
    category: input.category,
    threat: input.threat,
    vulnerability: input.vulnerability,
    likelihood: input.likelihood,
    impact: input.impact,
    residual_likelihood: input.residualLikelihood,
    residual_impact: input.residualImpact,
    treatment: input.treatment,
    treatment_plan: input.treatmentPlan,
    transfer_to: input.transferTo ?? null,
    accept_approver_user_id: input.acceptApproverUserId ?? null,
    accept_expires_on: input.acceptExpiresOn ?? null,
    accept_approved_at: null,
    owner_user_id: input.ownerUserId,
    review_date: input.reviewDate,
    status: "open",
    fraud: (input.fraud ?? input.category === "fraud") ? 1 : 0,
    closed_at: null,
    updated_at: now,
  });
  const controls = await validate(deps, org.id, fields, input.controlIds);
  const id = deps.newId();
  // Two concurrent creations may pick the same number; the unique constraint refuses one, which retries.
  for (let attempt = 1; ; attempt++) {
    try {
      const notificationIds = await inTransaction(deps, async (trx) => {
        const seq = await nextRiskSeq(trx, org.id);
        const row = {
          id,
          firm_id: org.firm_id,
          org_id: org.id,
          seq,
          created_by: user.userId,
          created_at: now,
          ...fields,
        };
        await insertRisk(trx, row);
        await replaceRiskControls(
          trx,
          org.id,
          id,
          controls.map((c) => c.id),
        );
        await recordEvent(trx, deps, user, {
          action: "risk.created",
          targetType: TARGET,
          targetId: id,
          firmId: org.firm_id,
          orgId: org.id,
          after: {
            ref: formatRiskRef(seq),
            ...riskAuditFields(row),
            controlIds: controls.map((c) => c.code),
          },
        });
        return notifyApprover(trx, deps, org.id, id, formatRiskRef(seq), fields);
      });
      await deliverEmails(deps, notificationIds);
      return getRisk(deps, user, id);
    } catch (error) {
      if (attempt >= 3 || !isUniqueViolation(error)) throw error;
    }
  }
};

const ACCEPT_TERMS = ["treatment", "accept_approver_user_id", "accept_expires_on"] as const;

export const updateRisk = async (deps: Deps, actor: Actor, id: string, input: UpdateRiskInput) => {
  const user = requireWrite(actor);
  const r = await loadRisk(deps, user, id, RISK_WRITERS, "edit risks");
  const now = nowIso(deps);
  const current: RiskFields = {
    title: r.title,
    description: r.description,
    asset: r.asset,
    category: r.category,
    threat: r.threat,
    vulnerability: r.vulnerability,
    likelihood: r.likelihood,
    impact: r.impact,
    residual_likelihood: r.residual_likelihood,
    residual_impact: r.residual_impact,
    treatment: r.treatment,
    treatment_plan: r.treatment_plan,
    transfer_to: r.transfer_to,
    accept_approver_user_id: r.accept_approver_user_id,
    accept_expires_on: r.accept_expires_on,
    accept_approved_at: r.accept_approved_at,
    owner_user_id: r.owner_user_id,
    review_date: r.review_date,
    status: r.status,
    fraud: r.fraud,
    closed_at: r.closed_at,
    updated_at: r.updated_at,
  };
  const merged: RiskFields = {
    ...current,
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.asset !== undefined ? { asset: input.asset } : {}),
    ...(input.category !== undefined ? { category: input.category } : {}),
    ...(input.threat !== undefined ? { threat: input.threat } : {}),
    ...(input.vulnerability !== undefined ? { vulnerability: input.vulnerability } : {}),
    ...(input.likelihood !== undefined ? { likelihood: input.likelihood } : {}),
    ...(input.impact !== undefined ? { impact: input.impact } : {}),
    ...(input.residualLikelihood !== undefined ? { residual_likelihood: input.residualLikelihood } : {}),
    ...(input.residualImpact !== undefined ? { residual_impact: input.residualImpact } : {}),
    ...(input.treatment !== undefined ? { treatment: input.treatment } : {}),
    ...(input.treatmentPlan !== undefined ? { treatment_plan: input.treatmentPlan } : {}),
    ...(input.transferTo !== undefined ? { transfer_to: input.transferTo } : {}),
    ...(input.acceptApproverUserId !== undefined
      ? { accept_approver_user_id: input.acceptApproverUserId }
      : {}),
    ...(input.acceptExpiresOn !== undefined ? { accept_expires_on: input.acceptExpiresOn } : {}),
    ...(input.ownerUserId !== undefined ? { owner_user_id: input.ownerUserId } : {}),
    ...(input.reviewDate !== undefined ? { review_date: input.reviewDate } : {}),
    ...(input.fraud !== undefined ? { fraud: input.fraud ? 1 : 0 } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
    updated_at: now,
  };
  // New acceptance terms need a fresh approval.
  if (ACCEPT_TERMS.some((k) => merged[k] !== current[k])) merged.accept_approved_at = null;
  if (merged.status !== current.status) merged.closed_at = merged.status === "closed" ? now : null;
  const next = normaliseTreatment(merged);
  const existing = await listRiskControls(deps.db, r.org_id, [r.id]);
  const refs = input.controlIds ?? existing.map((c) => c.id);
  const termsChanged = ACCEPT_TERMS.some((k) => next[k] !== current[k]) || next.status !== current.status;
  const controls = await validate(deps, r.org_id, next, refs, termsChanged);
  const before = { ...riskAuditFields(current), controlIds: existing.map((c) => c.code) };
  const after = { ...riskAuditFields(next), controlIds: controls.map((c) => c.code) };
  const changed = Object.keys(after).filter(
    (k) =>
      JSON.stringify(before[k as keyof typeof before]) !== JSON.stringify(after[k as keyof typeof after]),
  );
  if (changed.length === 0) return getRisk(deps, user, id);
  const pick = (o: Record<string, unknown>) => Object.fromEntries(changed.map((k) => [k, o[k]]));
  const notificationIds = await inTransaction(deps, async (trx) => {
    await updateRiskRow(trx, r.org_id, r.id, next);
    if (input.controlIds !== undefined)
      await replaceRiskControls(
        trx,
        r.org_id,
        r.id,
        controls.map((c) => c.id),
      );
    const action =
      next.status !== current.status
        ? next.status === "closed"
          ? "risk.closed"
          : "risk.reopened"
        : "risk.updated";
    await recordEvent(trx, deps, user, {
      action,
      targetType: TARGET,
      targetId: r.id,
      firmId: r.firm_id,
      orgId: r.org_id,
      before: pick(before),
      after: pick(after),
    });
    return ACCEPT_TERMS.some((k) => next[k] !== current[k])
      ? notifyApprover(trx, deps, r.org_id, r.id, formatRiskRef(r.seq), next)
      : [];
  });
  await deliverEmails(deps, notificationIds);
  return getRisk(deps, user, id);
};

/** The organization admin named as approver approves an acceptance until its expiry. */
export const approveRiskAcceptance = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireWrite(actor);
  const r = await loadRisk(deps, user, id, RISK_APPROVERS, "approve risk acceptances");
  const ref = formatRiskRef(r.seq);
  const today = todayIso(deps);
  if (r.treatment !== "accept") throw new AppError("CONFLICT", `${ref} is not treated by acceptance.`);
  if (r.status !== "open") throw new AppError("CONFLICT", `${ref} is closed; reopen it first.`);
  if (r.accept_approver_user_id !== user.userId) {
    throw forbidden(
      `Only ${r.approver_name ?? "the named approver"}, named as approver of ${ref}, can approve it.`,
    );
  }
  if (r.accept_approved_at) throw new AppError("CONFLICT", `The acceptance of ${ref} is already approved.`);
  if (
    acceptanceExpired(
      { status: r.status, treatment: r.treatment, acceptExpiresOn: r.accept_expires_on },
      today,
    )
  ) {
    throw new AppError(
      "CONFLICT",
      `The acceptance of ${ref} expired on ${r.accept_expires_on}; set a new expiry first.`,
    );
  }
  const now = nowIso(deps);
  const notificationIds = await inTransaction(deps, async (trx) => {
    await updateRiskRow(trx, r.org_id, r.id, { accept_approved_at: now, updated_at: now });
    await recordEvent(trx, deps, user, {
      action: "risk.acceptance_approved",
      targetType: TARGET,
      targetId: r.id,
      firmId: r.firm_id,
      orgId: r.org_id,
      before: { acceptApprovedAt: null },
      after: { acceptApprovedAt: now, acceptExpiresOn: r.accept_expires_on },
    });
    return notifyUsers(trx, deps, [r.owner_user_id], {
      kind: "risk.acceptance_approved",
      title: `Acceptance of ${ref} approved`,
      body: `${user.name} approved accepting "${r.title}" until ${r.accept_expires_on}.`,
      link: `/risks/${r.id}`,
      orgId: r.org_id,
    });
  });
  await deliverEmails(deps, notificationIds);
  return getRisk(deps, user, id);
};
