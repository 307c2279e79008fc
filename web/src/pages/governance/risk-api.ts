/** Types, labels and query hooks of the risk register pages (the API in src/server/routes/risks.ts). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, seg, withQuery } from "../../api";

export type Band = "low" | "medium" | "high" | "critical";
export type Basis = "inherent" | "residual";
export const BANDS: Band[] = ["low", "medium", "high", "critical"];
export const BAND_COLORS: Record<Band, string> = {
  low: "teal",
  medium: "yellow",
  high: "orange",
  critical: "red",
};
export const BAND_LABELS: Record<Band, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  critical: "Critical",
};
/** The band of a likelihood × impact score (the server's rule in src/core/risk.ts). */
export const bandOfScore = (score: number): Band =>
  score >= 20 ? "critical" : score >= 10 ? "high" : score >= 5 ? "medium" : "low";

export const LIKELIHOOD = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"];
export const IMPACT = ["Negligible", "Minor", "Moderate", "Major", "Severe"];
export const CATEGORIES = [
  "operational",
  "technology",
  "security",
  "fraud",
  "compliance",
  "vendor",
  "privacy",
  "financial",
] as const;
export const TREATMENTS = ["mitigate", "accept", "transfer", "avoid"] as const;
export const TREATMENT_LABELS: Record<string, string> = {
  mitigate: "Mitigate",
  accept: "Accept",
  transfer: "Transfer",
  avoid: "Avoid",
};
export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export interface Rating {
  score: number;
  band: Band;
}

export interface Risk {
  id: string;
  ref: string;
  orgId: string;
  title: string;
  description: string;
  asset: string;
  category: string;
  threat: string;
  vulnerability: string;
  likelihood: number;
  impact: number;
  inherent: Rating;
  residualLikelihood: number;
  residualImpact: number;
  residual: Rating;
  treatment: string;
  treatmentPlan: string;
  transferTo: string | null;
  acceptance: {
    approver: { id: string; name: string | null } | null;
    expiresOn: string | null;
    approvedAt: string | null;
    expired: boolean;
  } | null;
  owner: { id: string; name: string | null; email: string | null };
  reviewDate: string;
  reviewOverdue: boolean;
  status: "open" | "closed";
  fraud: boolean;
  closedAt: string | null;
  controls: { id: string; code: string; title: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface Person {
  id: string;
  name: string;
  email: string;
  canApprove: boolean;
}

export interface RiskList {
  risks: Risk[];
  total: number;
  heatMap: { inherent: number[][]; residual: number[][] };
  people: Person[];
  permissions: { canEdit: boolean; canApproveAssessments: boolean };
}

export interface HistoryEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  changes: { field: string; from: unknown; to: unknown }[];
  note: string | null;
}

export interface RiskDetail {
  risk: Risk;
  history: HistoryEntry[];
  permissions: { canEdit: boolean; canApproveAcceptance: boolean };
}

export interface RiskTask {
  kind: "review_overdue" | "acceptance_expired" | "approve_acceptance";
  riskId: string;
  ref: string;
  title: string;
  due: string | null;
  link: string;
}

export type MovementKind = "new" | "closed" | "up" | "down";
export interface TrendStep {
  movements: {
    kind: MovementKind;
    id: string;
    ref: string;
    title: string;
    from: number | null;
    to: number | null;
  }[];
  counts: Record<MovementKind, number>;
  unchanged: number;
}

export interface Assessment {
  id: string;
  orgId: string;
  year: number;
  scopeNote: string;
  fraudConsideration: string | null;
  significantChanges: string[];
  noSignificantChanges: boolean;
  status: "draft" | "approved";
  startedBy: { id: string; name: string | null } | null;
  startedAt: string;
  approvedBy: { id: string; name: string | null } | null;
  approvedAt: string | null;
  snapshotSha256: string | null;
  evidenceId: string | null;
}

export interface AssessmentList {
  assessments: Assessment[];
  trend: {
    label: string;
    inherent: Record<Band, number>;
    residual: Record<Band, number>;
    step: TrendStep | null;
  }[];
  sinceLastApproved: (TrendStep & { year: number }) | null;
  permissions: { canStart: boolean; canApprove: boolean };
}

export interface AssessmentDetail {
  assessment: Assessment;
  snapshot: {
    summary: {
      openRisks: number;
      closedRisks: number;
      fraudRisks: number;
      inherent: Record<Band, number>;
      residual: Record<Band, number>;
    };
    risks: {
      id: string;
      ref: string;
      title: string;
      residualBand: Band;
      residualScore: number;
      status: string;
    }[];
  } | null;
  approvalProblems: { field: string; message: string }[];
  permissions: { canEdit: boolean; canApprove: boolean };
}

export interface RiskFilters {
  band?: string | null;
  basis?: Basis;
  likelihood?: number | null;
  impact?: number | null;
  treatment?: string | null;
  owner?: string | null;
  category?: string | null;
  overdue?: string | null;
  status?: string | null;
}

export const riskKeys = {
  all: (orgId: string) => ["risks", orgId] as const,
  list: (orgId: string, f: RiskFilters) => ["risks", orgId, "list", f] as const,
  tasks: (orgId: string) => ["risks", orgId, "tasks"] as const,
  assessments: (orgId: string) => ["risks", orgId, "assessments"] as const,
  risk: (id: string) => ["risk", id] as const,
  assessment: (id: string) => ["risk-assessment", id] as const,
};

const filterQuery = (f: RiskFilters) => ({
  band: f.band,
  basis: f.basis,
  likelihood: f.likelihood,
  impact: f.impact,
  treatment: f.treatment,
  owner: f.owner,
  category: f.category,
  overdue: f.overdue,
  status: f.status,
});

export const riskListPath = (orgId: string, f: RiskFilters) =>
  withQuery(`/api/organizations/${seg(orgId)}/risks`, filterQuery(f));
export const riskExportPath = (orgId: string, format: "csv" | "json", f: RiskFilters) =>
  withQuery(`/api/organizations/${seg(orgId)}/risks/export`, { format, ...filterQuery(f) });

export const useRiskList = (orgId: string, f: RiskFilters) =>
  useQuery({
    queryKey: riskKeys.list(orgId, f),
    queryFn: ({ signal }) => api.get<RiskList>(riskListPath(orgId, f), signal),
    placeholderData: (previous) => previous,
  });

export const useRiskTasks = (orgId: string, enabled = true) =>
  useQuery({
    queryKey: riskKeys.tasks(orgId),
    queryFn: ({ signal }) =>
      api.get<{ tasks: RiskTask[] }>(`/api/organizations/${seg(orgId)}/risks/my-tasks`, signal),
    enabled,
  });

export const useRisk = (id: string) =>
  useQuery({
    queryKey: riskKeys.risk(id),
    queryFn: ({ signal }) => api.get<RiskDetail>(`/api/risks/${seg(id)}`, signal),
  });

export const useAssessments = (orgId: string) =>
  useQuery({
    queryKey: riskKeys.assessments(orgId),
    queryFn: ({ signal }) =>
      api.get<AssessmentList>(`/api/organizations/${seg(orgId)}/risk-assessments`, signal),
  });

export const useAssessment = (id: string) =>
  useQuery({
    queryKey: riskKeys.assessment(id),
    queryFn: ({ signal }) => api.get<AssessmentDetail>(`/api/risk-assessments/${seg(id)}`, signal),
  });

/** A mutation that refreshes everything of the register afterwards. */
export const useRiskMutation = <TInput, TResult>(orgId: string, fn: (input: TInput) => Promise<TResult>) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: riskKeys.all(orgId) }),
        client.invalidateQueries({ queryKey: ["risk"] }),
        client.invalidateQueries({ queryKey: ["risk-assessment"] }),
      ]);
    },
  });
};
