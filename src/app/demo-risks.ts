/**
 * The demo client's risk register: fifteen risks of a Mumbai UPI payment gateway, one accepted risk
 * approved by the compliance head, the 2025 annual assessment approved (its snapshot is generated
 * evidence for the CC3 controls), then a year of movement (ratings down and up, one risk closed, one
 * new) and the 2026 assessment open as a draft. Everything goes through the use-cases.
 */
import type { UserActor } from "./actor.js";
import { DEMO_RISKS, type DemoRisk, NEW_RISK } from "./demo-risks-data.js";
import { type Deps, todayIso } from "./deps.js";
import { listControls } from "./use-cases/controls.js";
import {
  approveRiskAssessment,
  startRiskAssessment,
  updateRiskAssessment,
} from "./use-cases/risk-assessments.js";
import { approveRiskAcceptance, createRisk, updateRisk } from "./use-cases/risk-editing.js";
import type { CreateRiskInput } from "./use-cases/risk-model.js";

export interface DemoRisksContext {
  readonly orgId: string;
  readonly firmId?: string;
  readonly orgAdmin: UserActor;
  readonly controlOwner: UserActor;
  readonly employee?: UserActor;
}

const shift = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

export const loadRisksDemo = async (deps: Deps, ctx: DemoRisksContext): Promise<void> => {
  const today = todayIso(deps);
  const adopted = new Set((await listControls(deps, ctx.orgAdmin, ctx.orgId)).map((c) => c.code));
  const input = (r: DemoRisk): CreateRiskInput => {
    const controls = r.controls.filter((c) => adopted.has(c));
    // Without any of its controls adopted, a mitigated risk is recorded as avoided rather than dropped.
    const treatment = r.treatment === "mitigate" && controls.length === 0 ? "avoid" : r.treatment;
    const owner = r.owner === "admin" ? ctx.orgAdmin : ctx.controlOwner;
    return {
      title: r.title,
      description: r.description,
      asset: r.asset,
      category: r.category,
      threat: r.threat,
      vulnerability: r.vulnerability,
      likelihood: r.l,
      impact: r.i,
      residualLikelihood: r.rl,
      residualImpact: r.ri,
      treatment,
      treatmentPlan: r.plan,
      controlIds: controls,
      transferTo: r.transferTo ?? null,
      acceptApproverUserId: treatment === "accept" ? ctx.orgAdmin.userId : null,
      acceptExpiresOn: treatment === "accept" ? shift(today, 200) : null,
      ownerUserId: owner.userId,
      reviewDate: shift(today, r.reviewInDays),
      ...(r.fraud !== undefined ? { fraud: r.fraud } : {}),
    };
  };
  const created = new Map<string, string>();
  for (const r of DEMO_RISKS) {
    const owner = r.owner === "admin" ? ctx.orgAdmin : ctx.controlOwner;
    const { risk } = await createRisk(deps, owner, ctx.orgId, input(r));
    created.set(r.key, risk.id);
    if (risk.treatment === "accept") await approveRiskAcceptance(deps, ctx.orgAdmin, risk.id);
  }

  const y2025 = await startRiskAssessment(deps, ctx.controlOwner, ctx.orgId, {
    year: 2025,
    scopeNote:
      "UPI payment gateway, merchant settlement and the merchant dashboard; Mumbai office and AWS ap-south-1/ap-south-2.",
  });
  await updateRiskAssessment(deps, ctx.controlOwner, y2025.assessment.id, {
    fraudConsideration:
      "Considered merchant onboarding fraud (synthetic KYC, mule merchants), refund and chargeback abuse, insider misuse of settlement files and payout account changes, and management override of reconciliation breaks. Fraud risks are flagged in the register and owned by the compliance head.",
    significantChanges: [
      "Launched UPI AutoPay (recurring mandates) for subscription merchants",
      "Added ap-south-2 Hyderabad as the disaster-recovery region",
      "RBI Payment Aggregator directions: net-worth and escrow requirements now apply",
    ],
  });
  await approveRiskAssessment(deps, ctx.orgAdmin, y2025.assessment.id);

  // A year of change after the approved snapshot.
  const id = (key: string) => {
    const v = created.get(key);
    if (!v) throw new Error(`demo risk ${key} missing`);
    return v;
  };
  await updateRisk(deps, ctx.controlOwner, id("region"), { residualLikelihood: 1 });
  await updateRisk(deps, ctx.controlOwner, id("keys"), { residualImpact: 2 });
  await updateRisk(deps, ctx.orgAdmin, id("kyc"), { residualLikelihood: 4 });
  await updateRisk(deps, ctx.controlOwner, id("legacy"), { status: "closed" });
  const fresh = await createRisk(deps, ctx.orgAdmin, ctx.orgId, input(NEW_RISK));
  created.set(NEW_RISK.key, fresh.risk.id);

  const y2026 = await startRiskAssessment(deps, ctx.controlOwner, ctx.orgId, {
    year: 2026,
    scopeNote: "As 2025, plus UPI AutoPay and the DPDP Rules 2025 obligations for merchant and payer data.",
  });
  await updateRiskAssessment(deps, ctx.controlOwner, y2026.assessment.id, {
    fraudConsideration:
      "Reassessed merchant KYC fraud after the rise in mule-merchant onboarding attempts reported by our partner bank; insider and payout-change fraud unchanged.",
    significantChanges: ["DPDP Rules 2025 notified: consent records and breach reporting to the Board"],
  });
};
