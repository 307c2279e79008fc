/**
 * The risk register's rules (CC3.1–CC3.4, CC9.1): the 1–5 likelihood and impact scales with their
 * labels, the rating bands of likelihood × impact, what each treatment needs, when a review or an
 * acceptance is overdue, and what an annual assessment must record before management approves it.
 * Pure: "today" is an argument.
 */

export const SCALE = [1, 2, 3, 4, 5] as const;
export type ScaleValue = (typeof SCALE)[number];

export const LIKELIHOOD_LABELS: Record<ScaleValue, string> = {
  1: "Rare (less than once in 10 years)",
  2: "Unlikely (once in 3–10 years)",
  3: "Possible (once in 1–3 years)",
  4: "Likely (about once a year)",
  5: "Almost certain (several times a year)",
};

export const IMPACT_LABELS: Record<ScaleValue, string> = {
  1: "Negligible (no customer effect)",
  2: "Minor (brief, contained effect)",
  3: "Moderate (customers affected, recoverable)",
  4: "Major (commitments missed, regulator interest)",
  5: "Severe (prolonged outage, breach or penalty)",
};

export const RISK_BANDS = ["low", "medium", "high", "critical"] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

export const BAND_LABELS: Record<RiskBand, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  critical: "Critical",
};

/** The lowest score of each band; scores are likelihood × impact, 1 to 25. */
export const BAND_FLOORS: Record<RiskBand, number> = { low: 1, medium: 5, high: 10, critical: 20 };

export const isScaleValue = (n: number): n is ScaleValue => Number.isInteger(n) && n >= 1 && n <= 5;

export const riskScore = (likelihood: number, impact: number): number => {
  if (!isScaleValue(likelihood) || !isScaleValue(impact)) {
    throw new RangeError("Likelihood and impact are whole numbers from 1 to 5.");
  }
  return likelihood * impact;
};

/** low 1–4, medium 5–9, high 10–16, critical 20–25 (no product of 1–5 falls between 16 and 20). */
export const bandOfScore = (score: number): RiskBand => {
  if (score >= BAND_FLOORS.critical) return "critical";
  if (score >= BAND_FLOORS.high) return "high";
  if (score >= BAND_FLOORS.medium) return "medium";
  return "low";
};

export const riskRating = (likelihood: number, impact: number) => {
  const score = riskScore(likelihood, impact);
  return { score, band: bandOfScore(score) };
};

export const RISK_CATEGORIES = [
  "operational",
  "technology",
  "security",
  "fraud",
  "compliance",
  "vendor",
  "privacy",
  "financial",
] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];

export const TREATMENTS = ["mitigate", "accept", "transfer", "avoid"] as const;
export type Treatment = (typeof TREATMENTS)[number];

export const RISK_STATUSES = ["open", "closed"] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];

/** What a treatment decision carries; the use-case resolves people and controls first. */
export interface TreatmentFacts {
  readonly treatment: Treatment;
  readonly controlCount: number;
  readonly transferTo: string | null;
  readonly ownerUserId: string;
  readonly approverUserId: string | null;
  /** Whether the named approver is an organization admin of the organization. */
  readonly approverIsOrgAdmin: boolean;
  readonly acceptExpiresOn: string | null;
  readonly likelihood: number;
  readonly impact: number;
  readonly residualLikelihood: number;
  readonly residualImpact: number;
  /** YYYY-MM-DD */
  readonly today: string;
}

/** Every problem with a risk's ratings and treatment, as field → message; empty when it is sound. */
export const treatmentProblems = (f: TreatmentFacts): { field: string; message: string }[] => {
  const out: { field: string; message: string }[] = [];
  if (f.residualLikelihood > f.likelihood) {
    out.push({
      field: "residualLikelihood",
      message:
        "Residual likelihood cannot be higher than the inherent likelihood; treatment does not add risk.",
    });
  }
  if (f.residualImpact > f.impact) {
    out.push({
      field: "residualImpact",
      message: "Residual impact cannot be higher than the inherent impact; treatment does not add risk.",
    });
  }
  if (f.treatment === "mitigate" && f.controlCount === 0) {
    out.push({ field: "controlIds", message: "A mitigated risk needs at least one linked control." });
  }
  if (f.treatment === "transfer" && !f.transferTo?.trim()) {
    out.push({
      field: "transferTo",
      message: "Say to whom the risk is transferred (an insurer, a vendor, a partner bank).",
    });
  }
  if (f.treatment === "accept") {
    if (!f.approverUserId) {
      out.push({ field: "acceptApproverUserId", message: "An accepted risk needs an approver." });
    } else if (f.approverUserId === f.ownerUserId) {
      out.push({
        field: "acceptApproverUserId",
        message: "The approver of an acceptance must be someone other than the risk's owner.",
      });
    } else if (!f.approverIsOrgAdmin) {
      out.push({
        field: "acceptApproverUserId",
        message: "Only an organization admin can approve a risk acceptance.",
      });
    }
    if (!f.acceptExpiresOn) {
      out.push({ field: "acceptExpiresOn", message: "An accepted risk needs an expiry date." });
    } else if (f.acceptExpiresOn <= f.today) {
      out.push({ field: "acceptExpiresOn", message: "The acceptance must expire after today." });
    }
  }
  return out;
};

/** An open risk whose review date has passed. */
export const reviewOverdue = (r: { status: string; reviewDate: string }, today: string): boolean =>
  r.status === "open" && r.reviewDate < today;

/** An open, accepted risk whose acceptance has run out (it needs a new decision). */
export const acceptanceExpired = (
  r: { status: string; treatment: string; acceptExpiresOn: string | null },
  today: string,
): boolean =>
  r.status === "open" && r.treatment === "accept" && r.acceptExpiresOn !== null && r.acceptExpiresOn < today;

/** "RISK-007" */
export const formatRiskRef = (seq: number): string => `RISK-${String(seq).padStart(3, "0")}`;

// ----- the annual assessment -----

export interface AssessmentFacts {
  readonly fraudConsideration: string | null;
  readonly significantChanges: readonly string[];
  readonly noSignificantChanges: boolean;
  readonly openRiskCount: number;
}

/** The shortest fraud consideration we take as a considered statement rather than a placeholder. */
export const MIN_FRAUD_TEXT = 20;

/** What stops management approving an assessment; empty when it may be approved. */
export const assessmentApprovalProblems = (f: AssessmentFacts): { field: string; message: string }[] => {
  const out: { field: string; message: string }[] = [];
  const fraud = f.fraudConsideration?.trim() ?? "";
  if (fraud.length < MIN_FRAUD_TEXT) {
    out.push({
      field: "fraudConsideration",
      message: `Record how fraud risk was considered (CC3.3), in at least ${MIN_FRAUD_TEXT} characters.`,
    });
  }
  const changes = f.significantChanges.filter((c) => c.trim() !== "");
  if (changes.length > 0 && f.noSignificantChanges) {
    out.push({
      field: "significantChanges",
      message: "List significant changes or state that there were none, not both.",
    });
  } else if (changes.length === 0 && !f.noSignificantChanges) {
    out.push({
      field: "significantChanges",
      message: "List the significant changes considered (CC3.4), or state explicitly that there were none.",
    });
  }
  if (f.openRiskCount === 0) {
    out.push({
      field: "risks",
      message: "The register has no open risks; an assessment needs something to assess.",
    });
  }
  return out;
};

const CC3 = ["CC3.1", "CC3.2", "CC3.3", "CC3.4"] as const;
/** Categories whose risks are business disruption (CC9.1 asks for mitigation of those). */
export const DISRUPTION_CATEGORIES: readonly RiskCategory[] = ["operational", "technology", "vendor"];

/**
 * The criteria an approved assessment is evidence for: always CC3.1–CC3.4; CC9.1 as well when it
 * covers an open business-disruption risk that is mitigated or transferred.
 */
export const assessmentCriteria = (
  risks: readonly { category: string; treatment: string; status: string }[],
): string[] => {
  const disruption = risks.some(
    (r) =>
      r.status === "open" &&
      (DISRUPTION_CATEGORIES as readonly string[]).includes(r.category) &&
      (r.treatment === "mitigate" || r.treatment === "transfer"),
  );
  return disruption ? [...CC3, "CC9.1"] : [...CC3];
};
