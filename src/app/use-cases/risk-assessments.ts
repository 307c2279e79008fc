/**
 * The annual risk assessment as an event (CC3.1–CC3.4): started for a year, it records how fraud
 * risk was considered and which significant changes were (or that none were), then management
 * approves it. Approval freezes a snapshot of every register row as canonical JSON with its SHA-256,
 * stored as generated evidence linked to the controls of the criteria it serves; an approved
 * assessment never changes (CONFLICT). The trend compares the approved snapshots.
 */
import { z } from "zod";
import { AppError, invalid, notFound } from "../../core/errors.js";
import { assessmentApprovalProblems, assessmentCriteria } from "../../core/risk.js";
import { compareSnapshots, type RiskPoint, riskTrend } from "../../core/risk-trend.js";
import {
  type AssessmentListRow,
  findAssessmentByYear,
  findVisibleAssessment,
  insertAssessment,
  listApprovedSnapshots,
  listAssessments,
  readSnapshot,
  updateDraftAssessment,
} from "../../db/repositories/risks.js";
import { type Actor, rolesIn, type UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireUser, requireWrite, scopeOf } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { insertGeneratedEvidence, writeGeneratedBlob } from "./evidence-generated.js";
import { loadRiskOrg, RISK_APPROVERS, RISK_READERS, RISK_WRITERS } from "./risk-model.js";
import { buildRiskSnapshot, currentRiskPoints, type RiskSnapshot } from "./risk-snapshot.js";

const TARGET = "risk_assessment";

export const StartAssessmentSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  scopeNote: z.string().trim().max(2000).default(""),
});
export const UpdateAssessmentSchema = z.object({
  scopeNote: z.string().trim().max(2000).optional(),
  fraudConsideration: z.string().trim().max(10_000).nullable().optional(),
  significantChanges: z.array(z.string().trim().min(1).max(1000)).max(50).optional(),
  noSignificantChanges: z.boolean().optional(),
});
export type UpdateAssessmentInput = z.output<typeof UpdateAssessmentSchema>;

const assessmentView = (s: AssessmentListRow) => ({
  id: s.id,
  orgId: s.org_id,
  year: s.year,
  scopeNote: s.scope_note,
  fraudConsideration: s.fraud_consideration,
  significantChanges: JSON.parse(s.significant_changes) as string[],
  noSignificantChanges: s.no_significant_changes === 1,
  status: s.status as "draft" | "approved",
  startedBy: s.started_by ? { id: s.started_by, name: s.started_by_name ?? null } : null,
  startedAt: s.started_at,
  approvedBy: s.approved_by ? { id: s.approved_by, name: s.approved_by_name ?? null } : null,
  approvedAt: s.approved_at,
  snapshotSha256: s.snapshot_sha256,
  evidenceId: s.evidence_id,
});

const loadAssessment = async (
  deps: Deps,
  user: UserActor,
  id: string,
  roles: readonly (typeof RISK_READERS)[number][],
  action: string,
) => {
  const s = await findVisibleAssessment(deps.db, id, scopeOf(user));
  if (!s) throw notFound("Risk assessment");
  requireEngagementRole(user, { firm_id: s.firm_id, org_id: s.org_id }, roles, action);
  return s;
};

const frozen = (s: AssessmentListRow) =>
  new AppError(
    "CONFLICT",
    `The ${s.year} risk assessment was approved on ${s.approved_at?.slice(0, 10)} and cannot change; start an assessment for a later year instead.`,
  );

const pointsOf = (snapshot: string | null): RiskPoint[] =>
  snapshot ? (JSON.parse(snapshot) as RiskSnapshot).risks : [];

export const listRiskAssessments = async (deps: Deps, actor: Actor, orgId: string) => {
  const user = requireUser(actor);
  const org = await loadRiskOrg(deps, user, orgId, RISK_READERS, "see the risk assessments");
  const [rows, approved, current] = await Promise.all([
    listAssessments(deps.db, org.id),
    listApprovedSnapshots(deps.db, org.id),
    currentRiskPoints(deps, org.id),
  ]);
  const last = approved[approved.length - 1];
  const roles = rolesIn(user, "org", org.id);
  return {
    assessments: rows.map(assessmentView),
    trend: riskTrend(approved.map((a) => ({ label: String(a.year), risks: pointsOf(a.snapshot) }))),
    /** The register now against the latest approved snapshot. */
    sinceLastApproved: last
      ? { year: Number(last.year), ...compareSnapshots(pointsOf(last.snapshot), current) }
      : null,
    permissions: {
      canStart: roles.some((r) => RISK_WRITERS.includes(r)),
      canApprove: roles.some((r) => RISK_APPROVERS.includes(r)),
    },
  };
};

export const getRiskAssessment = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const s = await loadAssessment(deps, user, id, RISK_READERS, "see the risk assessments");
  const view = assessmentView(s);
  const roles = rolesIn(user, "org", s.org_id);
  const stored = s.status === "approved" ? await readSnapshot(deps.db, s.org_id, s.id) : undefined;
  const openRiskCount = (await currentRiskPoints(deps, s.org_id)).filter((r) => r.status === "open").length;
  return {
    assessment: view,
    snapshot: stored?.snapshot ? (JSON.parse(stored.snapshot) as RiskSnapshot) : null,
    approvalProblems:
      s.status === "draft"
        ? assessmentApprovalProblems({
            fraudConsideration: view.fraudConsideration,
            significantChanges: view.significantChanges,
            noSignificantChanges: view.noSignificantChanges,
            openRiskCount,
          })
        : [],
    permissions: {
      canEdit: s.status === "draft" && roles.some((r) => RISK_WRITERS.includes(r)),
      canApprove: s.status === "draft" && roles.some((r) => RISK_APPROVERS.includes(r)),
    },
  };
};

/** The exact stored bytes of an approved snapshot (its SHA-256 is the one recorded). */
export const readRiskAssessmentSnapshot = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const s = await loadAssessment(deps, user, id, RISK_READERS, "see the risk assessments");
  const stored = await readSnapshot(deps.db, s.org_id, s.id);
  if (!stored?.snapshot) throw new AppError("CONFLICT", `The ${s.year} risk assessment is not approved yet.`);
  return {
    filename: `risk-assessment-${s.year}.json`,
    body: stored.snapshot,
    sha256: stored.snapshot_sha256,
  };
};

export const startRiskAssessment = async (
  deps: Deps,
  actor: Actor,
  orgId: string,
  input: z.output<typeof StartAssessmentSchema>,
) => {
  const user = requireWrite(actor);
  const org = await loadRiskOrg(deps, user, orgId, RISK_WRITERS, "start a risk assessment");
  const id = deps.newId();
  const now = nowIso(deps);
  await inTransaction(deps, async (trx) => {
    const existing = await findAssessmentByYear(trx, org.id, input.year);
    if (existing) {
      throw new AppError(
        "CONFLICT",
        `There is already a ${input.year} risk assessment (${existing.status}); open it instead.`,
        {
          existing: existing.id,
        },
      );
    }
    const row = {
      id,
      firm_id: org.firm_id,
      org_id: org.id,
      year: input.year,
      scope_note: input.scopeNote,
      fraud_consideration: null,
      significant_changes: "[]",
      no_significant_changes: 0,
      status: "draft",
      started_by: user.userId,
      started_at: now,
      updated_at: now,
      approved_by: null,
      approved_at: null,
      snapshot: null,
      snapshot_sha256: null,
      evidence_id: null,
    };
    await insertAssessment(trx, row);
    await recordEvent(trx, deps, user, {
      action: "risk_assessment.started",
      targetType: TARGET,
      targetId: id,
      firmId: org.firm_id,
      orgId: org.id,
      after: { year: input.year, scopeNote: input.scopeNote },
    });
  });
  return getRiskAssessment(deps, user, id);
};

export const updateRiskAssessment = async (
  deps: Deps,
  actor: Actor,
  id: string,
  input: UpdateAssessmentInput,
) => {
  const user = requireWrite(actor);
  const s = await loadAssessment(deps, user, id, RISK_WRITERS, "edit risk assessments");
  if (s.status !== "draft") throw frozen(s);
  const before = assessmentView(s);
  const after = {
    scopeNote: input.scopeNote ?? before.scopeNote,
    fraudConsideration:
      input.fraudConsideration !== undefined ? input.fraudConsideration : before.fraudConsideration,
    significantChanges: input.significantChanges ?? before.significantChanges,
    noSignificantChanges: input.noSignificantChanges ?? before.noSignificantChanges,
  };
  await inTransaction(deps, async (trx) => {
    const changed = await updateDraftAssessment(trx, s.org_id, s.id, {
      scope_note: after.scopeNote,
      fraud_consideration: after.fraudConsideration,
      significant_changes: JSON.stringify(after.significantChanges),
      no_significant_changes: after.noSignificantChanges ? 1 : 0,
      updated_at: nowIso(deps),
    });
    if (!changed) throw frozen(s);
    await recordEvent(trx, deps, user, {
      action: "risk_assessment.updated",
      targetType: TARGET,
      targetId: s.id,
      firmId: s.firm_id,
      orgId: s.org_id,
      before: {
        scopeNote: before.scopeNote,
        fraudConsideration: before.fraudConsideration,
        significantChanges: before.significantChanges,
        noSignificantChanges: before.noSignificantChanges,
      },
      after,
    });
  });
  return getRiskAssessment(deps, user, id);
};

/**
 * Management approves: the register is frozen into the snapshot, stored as generated evidence
 * linked to the CC3 controls (and CC9.1 ones when it applies), all in one transaction that only
 * succeeds while the assessment is still a draft.
 */
export const approveRiskAssessment = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireWrite(actor);
  const s = await loadAssessment(deps, user, id, RISK_APPROVERS, "approve the risk assessment");
  if (s.status !== "draft") throw frozen(s);
  const view = assessmentView(s);
  const now = nowIso(deps);
  const snap = await buildRiskSnapshot(deps, s.org_id, {
    id: view.id,
    year: view.year,
    scopeNote: view.scopeNote,
    fraudConsideration: view.fraudConsideration,
    significantChanges: view.significantChanges,
    noSignificantChanges: view.noSignificantChanges,
    approvedBy: { id: user.userId, name: user.name },
    approvedAt: now,
  });
  const problems = assessmentApprovalProblems({
    fraudConsideration: view.fraudConsideration,
    significantChanges: view.significantChanges,
    noSignificantChanges: view.noSignificantChanges,
    openRiskCount: snap.snapshot.summary.openRisks,
  });
  if (problems.length > 0) {
    throw invalid(problems.map((p) => `${p.field}: ${p.message}`).join(" "), { errors: problems });
  }
  const blob = await writeGeneratedBlob(deps, s.org_id, Buffer.from(snap.json, "utf8"));
  await inTransaction(deps, async (trx) => {
    const item = await insertGeneratedEvidence(trx, deps, user, s.org_id, blob, {
      title: `Annual risk assessment ${s.year} (approved register snapshot)`,
      description: `${snap.snapshot.summary.openRisks} open risks; approved by ${user.name}. SHA-256 ${snap.sha256}.`,
      fileName: `risk-assessment-${s.year}.json`,
      mediaType: "application/json",
      effectiveDate: todayIso(deps),
      generator: "risk-assessment",
      criterionIds: assessmentCriteria(snap.snapshot.risks),
    });
    const changed = await updateDraftAssessment(trx, s.org_id, s.id, {
      status: "approved",
      approved_by: user.userId,
      approved_at: now,
      snapshot: snap.json,
      snapshot_sha256: snap.sha256,
      evidence_id: item.id,
      updated_at: now,
    });
    if (!changed) throw new AppError("CONFLICT", `The ${s.year} risk assessment was approved meanwhile.`);
    await recordEvent(trx, deps, user, {
      action: "risk_assessment.approved",
      targetType: TARGET,
      targetId: s.id,
      firmId: s.firm_id,
      orgId: s.org_id,
      before: { status: "draft" },
      after: {
        status: "approved",
        snapshotSha256: snap.sha256,
        evidenceId: item.id,
        openRisks: snap.snapshot.summary.openRisks,
        linkedControls: item.controls.map((c) => c.code),
      },
    });
  });
  return getRiskAssessment(deps, user, id);
};
