/** Tables of the risk register and annual risk assessments (issue 7 §1). */
import type { Selectable } from "kysely";

export interface RisksTable {
  id: string;
  firm_id: string;
  org_id: string;
  /** Number within the organization; shown as RISK-001. Never reused. */
  seq: number;
  title: string;
  description: string;
  /** The asset or process the risk touches. */
  asset: string;
  category: string;
  threat: string;
  vulnerability: string;
  /** 1–5 scales (src/core/risk.ts); ratings are derived, never stored. */
  likelihood: number;
  impact: number;
  residual_likelihood: number;
  residual_impact: number;
  /** mitigate | accept | transfer | avoid */
  treatment: string;
  treatment_plan: string;
  transfer_to: string | null;
  /** An organization admin other than the owner; approves an acceptance until its expiry. */
  accept_approver_user_id: string | null;
  accept_expires_on: string | null;
  /** Set when the named approver approved; cleared when the acceptance terms change. */
  accept_approved_at: string | null;
  owner_user_id: string;
  review_date: string;
  /** open | closed */
  status: string;
  /** 0/1: a fraud risk (CC3.3). */
  fraud: number;
  closed_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** Controls of the organization that mitigate a risk. */
export interface RiskControlsTable {
  risk_id: string;
  control_id: string;
  org_id: string;
}

export interface RiskAssessmentsTable {
  id: string;
  firm_id: string;
  org_id: string;
  year: number;
  scope_note: string;
  /** How fraud risk was considered (CC3.3); required before approval. */
  fraud_consideration: string | null;
  /** JSON array of strings: significant changes considered (CC3.4). */
  significant_changes: string;
  /** 0/1: management states there were no significant changes. */
  no_significant_changes: number;
  /** draft | approved */
  status: string;
  started_by: string | null;
  started_at: string;
  updated_at: string;
  approved_by: string | null;
  approved_at: string | null;
  /** The register at approval, canonical JSON; immutable once set. */
  snapshot: string | null;
  snapshot_sha256: string | null;
  /** The generated evidence item holding the snapshot. */
  evidence_id: string | null;
}

export interface RiskTables {
  risks: RisksTable;
  risk_controls: RiskControlsTable;
  risk_assessments: RiskAssessmentsTable;
}

export type RiskRow = Selectable<RisksTable>;
export type RiskAssessmentRow = Selectable<RiskAssessmentsTable>;
