/**
 * The frozen picture of the register an approved assessment keeps: every row (open and closed) with
 * its ratings, treatment, owner and controls, the scales used, and band counts, as JSON with a fixed
 * key order, hashed with SHA-256. The same bytes are the generated evidence file.
 */
import { BAND_FLOORS, formatRiskRef, IMPACT_LABELS, LIKELIHOOD_LABELS, riskRating } from "../../core/risk.js";
import { bandCounts, type RiskPoint } from "../../core/risk-trend.js";
import { listOrgRisks, listRiskControls } from "../../db/repositories/risks.js";
import { findOrganizationsByIds } from "../../db/repositories/tenants.js";
import type { Deps } from "../deps.js";
import { sha256Hex } from "../security/crypto.js";

export interface SnapshotRisk extends RiskPoint {
  readonly description: string;
  readonly asset: string;
  readonly category: string;
  readonly threat: string;
  readonly vulnerability: string;
  readonly inherentScore: number;
  readonly inherentBand: string;
  readonly residualScore: number;
  readonly residualBand: string;
  readonly treatment: string;
  readonly treatmentPlan: string;
  readonly transferTo: string | null;
  readonly acceptance: {
    approver: string | null;
    expiresOn: string | null;
    approvedAt: string | null;
  } | null;
  readonly owner: { id: string; name: string | null };
  readonly reviewDate: string;
  readonly fraud: boolean;
  readonly controls: { code: string; title: string }[];
}

export interface RiskSnapshot {
  readonly kind: "fieldwork.risk-assessment";
  readonly version: 1;
  readonly organization: { id: string; name: string };
  readonly assessment: {
    id: string;
    year: number;
    scopeNote: string;
    fraudConsideration: string | null;
    significantChanges: string[];
    noSignificantChanges: boolean;
    approvedBy: { id: string; name: string };
    approvedAt: string;
  };
  readonly scale: {
    likelihood: Record<number, string>;
    impact: Record<number, string>;
    bandFloors: Record<string, number>;
  };
  readonly summary: {
    openRisks: number;
    closedRisks: number;
    fraudRisks: number;
    inherent: Record<string, number>;
    residual: Record<string, number>;
  };
  readonly risks: SnapshotRisk[];
}

/** The register now, as the points the trend compares. */
export const currentRiskPoints = async (deps: Deps, orgId: string): Promise<RiskPoint[]> =>
  (await listOrgRisks(deps.db, orgId)).map((r) => ({
    id: r.id,
    ref: formatRiskRef(r.seq),
    title: r.title,
    status: r.status,
    likelihood: r.likelihood,
    impact: r.impact,
    residualLikelihood: r.residual_likelihood,
    residualImpact: r.residual_impact,
  }));

export const buildRiskSnapshot = async (
  deps: Deps,
  orgId: string,
  assessment: RiskSnapshot["assessment"],
): Promise<{ snapshot: RiskSnapshot; json: string; sha256: string }> => {
  const [rows, links, orgs] = await Promise.all([
    listOrgRisks(deps.db, orgId),
    listRiskControls(deps.db, orgId),
    findOrganizationsByIds(deps.db, [orgId]),
  ]);
  const risks: SnapshotRisk[] = rows.map((r) => {
    const inherent = riskRating(r.likelihood, r.impact);
    const residual = riskRating(r.residual_likelihood, r.residual_impact);
    return {
      id: r.id,
      ref: formatRiskRef(r.seq),
      title: r.title,
      status: r.status,
      description: r.description,
      asset: r.asset,
      category: r.category,
      threat: r.threat,
      vulnerability: r.vulnerability,
      likelihood: r.likelihood,
      impact: r.impact,
      inherentScore: inherent.score,
      inherentBand: inherent.band,
      residualLikelihood: r.residual_likelihood,
      residualImpact: r.residual_impact,
      residualScore: residual.score,
      residualBand: residual.band,
      treatment: r.treatment,
      treatmentPlan: r.treatment_plan,
      transferTo: r.transfer_to,
      acceptance:
        r.treatment === "accept"
          ? {
              approver: r.approver_name ?? null,
              expiresOn: r.accept_expires_on,
              approvedAt: r.accept_approved_at,
            }
          : null,
      owner: { id: r.owner_user_id, name: r.owner_name ?? null },
      reviewDate: r.review_date,
      fraud: r.fraud === 1,
      controls: links.filter((l) => l.risk_id === r.id).map((l) => ({ code: l.code, title: l.title })),
    };
  });
  const snapshot: RiskSnapshot = {
    kind: "fieldwork.risk-assessment",
    version: 1,
    organization: { id: orgId, name: orgs[0]?.name ?? "" },
    assessment,
    scale: { likelihood: LIKELIHOOD_LABELS, impact: IMPACT_LABELS, bandFloors: BAND_FLOORS },
    summary: {
      openRisks: risks.filter((r) => r.status === "open").length,
      closedRisks: risks.filter((r) => r.status !== "open").length,
      fraudRisks: risks.filter((r) => r.status === "open" && r.fraud).length,
      inherent: bandCounts(risks, "inherent"),
      residual: bandCounts(risks, "residual"),
    },
    risks,
  };
  const json = `${JSON.stringify(snapshot, null, 2)}\n`;
  return { snapshot, json, sha256: sha256Hex(json) };
};
