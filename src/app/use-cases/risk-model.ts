/**
 * Shared pieces of the risk register use-cases: who may do what, input schemas, loading an
 * organization or a risk the actor can see, and the shapes the API returns.
 *
 * Access: the organization's admins and control owners keep the register; the auditing firm's
 * partners, managers and staff read it (they sample from it). Employees and firm admins are refused
 * (FORBIDDEN); anyone without a role in the organization or its firm gets NOT_FOUND.
 */
import { z } from "zod";
import { notFound } from "../../core/errors.js";
import {
  acceptanceExpired,
  formatRiskRef,
  RISK_BANDS,
  RISK_CATEGORIES,
  RISK_STATUSES,
  reviewOverdue,
  riskRating,
  TREATMENTS,
} from "../../core/risk.js";
import type { Role } from "../../core/roles.js";
import { findVisibleRisk, type RiskListRow } from "../../db/repositories/risks.js";
import type { UserActor } from "../actor.js";
import { requireEngagementRole, scopeOf } from "../authz.js";
import type { Deps } from "../deps.js";
import { loadEvidenceOrg } from "./evidence-model.js";
import { DateSchema, IdSchema, textSchema } from "./request-model.js";

/** The audit target type of a risk; its history is read back by it. */
export const RISK_TARGET = "risk";

export const RISK_WRITERS: readonly Role[] = ["org_admin", "control_owner"];
export const RISK_READERS: readonly Role[] = [
  ...RISK_WRITERS,
  "partner",
  "engagement_manager",
  "staff_auditor",
];
/** Management: approves acceptances and the annual assessment. */
export const RISK_APPROVERS: readonly Role[] = ["org_admin"];

export const loadRiskOrg = (
  deps: Deps,
  user: UserActor,
  orgId: string,
  roles: readonly Role[],
  action: string,
) => loadEvidenceOrg(deps, user, orgId, roles, action);

export const loadRisk = async (
  deps: Deps,
  user: UserActor,
  id: string,
  roles: readonly Role[],
  action: string,
): Promise<RiskListRow> => {
  const risk = await findVisibleRisk(deps.db, id, scopeOf(user));
  if (!risk) throw notFound("Risk");
  requireEngagementRole(user, { firm_id: risk.firm_id, org_id: risk.org_id }, roles, action);
  return risk;
};

// ----- input schemas -----

const Scale = z.number().int().min(1, "Use 1 to 5.").max(5, "Use 1 to 5.");
const optionalText = (max: number) => z.string().trim().max(max);

export const CreateRiskSchema = z.object({
  title: textSchema(200),
  description: optionalText(5000).default(""),
  asset: textSchema(200).describe("The asset or process the risk touches"),
  category: z.enum(RISK_CATEGORIES),
  threat: textSchema(1000),
  vulnerability: textSchema(1000),
  likelihood: Scale,
  impact: Scale,
  residualLikelihood: Scale,
  residualImpact: Scale,
  treatment: z.enum(TREATMENTS),
  treatmentPlan: optionalText(5000).default(""),
  /** Organization controls (id or code) that mitigate the risk. */
  controlIds: z.array(IdSchema).max(50).default([]),
  transferTo: optionalText(300).nullable().optional(),
  acceptApproverUserId: IdSchema.nullable().optional(),
  acceptExpiresOn: DateSchema.nullable().optional(),
  ownerUserId: IdSchema,
  reviewDate: DateSchema,
  /** Defaults to true for the fraud category. */
  fraud: z.boolean().optional(),
});
export type CreateRiskInput = z.output<typeof CreateRiskSchema>;

export const UpdateRiskSchema = z.object({
  title: textSchema(200).optional(),
  description: optionalText(5000).optional(),
  asset: textSchema(200).optional(),
  category: z.enum(RISK_CATEGORIES).optional(),
  threat: textSchema(1000).optional(),
  vulnerability: textSchema(1000).optional(),
  likelihood: Scale.optional(),
  impact: Scale.optional(),
  residualLikelihood: Scale.optional(),
  residualImpact: Scale.optional(),
  treatment: z.enum(TREATMENTS).optional(),
  treatmentPlan: optionalText(5000).optional(),
  controlIds: z.array(IdSchema).max(50).optional(),
  transferTo: optionalText(300).nullable().optional(),
  acceptApproverUserId: IdSchema.nullable().optional(),
  acceptExpiresOn: DateSchema.nullable().optional(),
  ownerUserId: IdSchema.optional(),
  reviewDate: DateSchema.optional(),
  fraud: z.boolean().optional(),
  status: z.enum(RISK_STATUSES).optional(),
});
export type UpdateRiskInput = z.output<typeof UpdateRiskSchema>;

export const RiskFilterSchema = z.object({
  band: z.enum(RISK_BANDS).optional(),
  /** Which rating the band and cell filters read; residual by default. */
  basis: z.enum(["inherent", "residual"]).default("residual"),
  likelihood: z.coerce.number().int().min(1).max(5).optional(),
  impact: z.coerce.number().int().min(1).max(5).optional(),
  treatment: z.enum(TREATMENTS).optional(),
  /** A user id, or "me". */
  owner: IdSchema.optional(),
  category: z.enum(RISK_CATEGORIES).optional(),
  overdue: z.enum(["true", "false"]).optional(),
  status: z.enum(RISK_STATUSES).optional(),
  fraud: z.enum(["true", "false"]).optional(),
});
export type RiskFilter = z.output<typeof RiskFilterSchema>;

// ----- views -----

export interface LinkedControl {
  readonly id: string;
  readonly code: string;
  readonly title: string;
}

export const riskView = (r: RiskListRow, controls: readonly LinkedControl[], today: string) => {
  const inherent = riskRating(r.likelihood, r.impact);
  const residual = riskRating(r.residual_likelihood, r.residual_impact);
  const accept =
    r.treatment === "accept"
      ? {
          approver: r.accept_approver_user_id
            ? { id: r.accept_approver_user_id, name: r.approver_name ?? null }
            : null,
          expiresOn: r.accept_expires_on,
          approvedAt: r.accept_approved_at,
          expired: acceptanceExpired(
            { status: r.status, treatment: r.treatment, acceptExpiresOn: r.accept_expires_on },
            today,
          ),
        }
      : null;
  return {
    id: r.id,
    ref: formatRiskRef(r.seq),
    orgId: r.org_id,
    title: r.title,
    description: r.description,
    asset: r.asset,
    category: r.category,
    threat: r.threat,
    vulnerability: r.vulnerability,
    likelihood: r.likelihood,
    impact: r.impact,
    inherent,
    residualLikelihood: r.residual_likelihood,
    residualImpact: r.residual_impact,
    residual,
    treatment: r.treatment,
    treatmentPlan: r.treatment_plan,
    transferTo: r.transfer_to,
    acceptance: accept,
    owner: { id: r.owner_user_id, name: r.owner_name ?? null, email: r.owner_email ?? null },
    reviewDate: r.review_date,
    reviewOverdue: reviewOverdue({ status: r.status, reviewDate: r.review_date }, today),
    status: r.status,
    fraud: r.fraud === 1,
    closedAt: r.closed_at,
    controls: controls.map((c) => ({ id: c.id, code: c.code, title: c.title })),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
};
export type RiskView = ReturnType<typeof riskView>;

/** The fields an audit event records before and after a change. */
export const riskAuditFields = (r: {
  title: string;
  category: string;
  likelihood: number;
  impact: number;
  residual_likelihood: number;
  residual_impact: number;
  treatment: string;
  transfer_to: string | null;
  accept_approver_user_id: string | null;
  accept_expires_on: string | null;
  accept_approved_at: string | null;
  owner_user_id: string;
  review_date: string;
  status: string;
  fraud: number;
  asset: string;
  threat: string;
  vulnerability: string;
  description: string;
  treatment_plan: string;
}) => ({
  title: r.title,
  description: r.description,
  asset: r.asset,
  category: r.category,
  threat: r.threat,
  vulnerability: r.vulnerability,
  likelihood: r.likelihood,
  impact: r.impact,
  residualLikelihood: r.residual_likelihood,
  residualImpact: r.residual_impact,
  treatment: r.treatment,
  treatmentPlan: r.treatment_plan,
  transferTo: r.transfer_to,
  acceptApproverUserId: r.accept_approver_user_id,
  acceptExpiresOn: r.accept_expires_on,
  acceptApprovedAt: r.accept_approved_at,
  ownerUserId: r.owner_user_id,
  reviewDate: r.review_date,
  status: r.status,
  fraud: r.fraud === 1,
});
