/** Types, labels and query hooks of the vendor register pages (issue 7 §2). */
import { useQuery } from "@tanstack/react-query";
import { api, seg, withQuery } from "../../api";
import { formatDate } from "../../format";

export type ReportKind = "soc2_type2" | "soc2_type1" | "soc1_type2" | "soc1_type1" | "iso27001";
export type Opinion = "unmodified" | "qualified" | "adverse" | "disclaimer";

export const REPORT_KIND_LABELS: Record<ReportKind, string> = {
  soc2_type2: "SOC 2 Type 2",
  soc2_type1: "SOC 2 Type 1",
  soc1_type2: "SOC 1 Type 2",
  soc1_type1: "SOC 1 Type 1",
  iso27001: "ISO/IEC 27001 certificate",
};

export const TIER_LABELS: Record<number, string> = {
  1: "Tier 1 · critical",
  2: "Tier 2 · important",
  3: "Tier 3 · low",
};
export const TIER_COLORS: Record<number, string> = { 1: "red", 2: "orange", 3: "gray" };
export const OUTCOME_LABELS: Record<string, string> = {
  acceptable: "Acceptable",
  acceptable_with_actions: "Acceptable with actions",
  not_acceptable: "Not acceptable",
};

export interface VendorWarning {
  code: string;
  severity: "warning" | "note";
  message: string;
}

export interface Vendor {
  id: string;
  orgId: string;
  name: string;
  service: string;
  dataCategories: string[];
  personalData: boolean;
  tier: 1 | 2 | 3;
  ownerUserId: string | null;
  ownerName: string | null;
  contractStart: string | null;
  contractEnd: string | null;
  dpaSignedOn: string | null;
  status: "onboarding" | "active" | "offboarded";
  subserviceMethod: "carve-out" | "inclusive" | null;
  csocs: { text: string; criteria: string[] }[];
  notes: string;
  lastReviewedOn: string | null;
  reviewDueOn: string;
  reviewOverdue: boolean;
  latestReport: {
    id: string;
    kind: ReportKind;
    coveredFrom: string | null;
    coveredTo: string | null;
    opinion: Opinion | null;
    gapBeforeMonths: number;
    gapAfterMonths: number;
  } | null;
  warnings: VendorWarning[];
}

export interface EngagementPeriod {
  id: string;
  periodStart: string;
  periodEnd: string;
}

export interface VendorList {
  vendors: Vendor[];
  subserviceOrgs: { id: string; name: string; service: string; method: string; vendorId: string | null }[];
  engagement: EngagementPeriod | null;
  permissions: { canCreate: boolean };
}

export interface Assessment {
  coveredFrom: string;
  coveredTo: string;
  gapBeforeMonths: number;
  gapAfterMonths: number;
  gapAfterElapsedMonths: number;
  overlapMonths: number;
  covers: boolean;
  currentUntil: string;
  stale: boolean;
  opinionModified: boolean;
  warnings: VendorWarning[];
}

export interface VendorReport {
  id: string;
  kind: ReportKind;
  periodStart: string | null;
  periodEnd: string | null;
  asOfDate: string | null;
  issueDate: string;
  opinion: Opinion | null;
  exceptionsCount: number;
  auditor: string;
  exceptionsText: string;
  cuecs: { id: string; text: string }[];
  evidenceId: string | null;
  assessment: Assessment;
}

export interface VendorReview {
  id: string;
  reportId: string | null;
  reviewedOn: string;
  reviewedBy: { id: string; name: string };
  outcome: string;
  conclusion: string;
  acceptedCuecs: {
    cuecId: string;
    text: string;
    controlId: string | null;
    code: string | null;
    criteria: string[];
    created: boolean;
  }[];
  evidenceId: string | null;
}

export interface Questionnaire {
  id: string;
  status: "sent" | "expired" | "submitted" | "scored" | "revoked";
  recipientEmail: string | null;
  expiresAt: string;
  createdAt: string;
  respondent: { name: string; email: string } | null;
  submittedAt: string | null;
  computedScore: number | null;
  reviewerScore: number | null;
  reviewerRating: string | null;
  reviewerNote: string | null;
  evidenceId: string | null;
  answers?: {
    questionId: string;
    answer: string;
    comment: string;
    section: string;
    text: string;
    weight: number;
  }[];
}

export interface HistoryEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  summary: Record<string, unknown>;
}

export interface VendorDetail {
  vendor: Vendor;
  engagement: EngagementPeriod | null;
  reports: VendorReport[];
  reviews: VendorReview[];
  questionnaires: Questionnaire[];
  history: HistoryEntry[];
  permissions: { canEdit: boolean; canReview: boolean };
}

export interface VendorTask {
  kind: string;
  vendorId: string;
  vendorName: string;
  title: string;
  dueOn: string | null;
  overdue: boolean;
}

export interface VendorFilter {
  q?: string;
  tier?: string | null;
  attention?: string | null;
  subservice?: string | null;
}

export const vendorKeys = {
  all: (orgId: string) => ["vendors", orgId] as const,
  list: (orgId: string, f: VendorFilter) => ["vendors", orgId, "list", f] as const,
  tasks: (orgId: string) => ["vendors", orgId, "tasks"] as const,
  subservice: (orgId: string) => ["vendors", orgId, "subservice"] as const,
  detail: (id: string) => ["vendor", id] as const,
  questionnaire: (id: string) => ["vendor-questionnaire", id] as const,
};

export const useVendors = (orgId: string, f: VendorFilter) =>
  useQuery({
    queryKey: vendorKeys.list(orgId, f),
    queryFn: ({ signal }) =>
      api.get<VendorList>(
        withQuery(`/api/organizations/${seg(orgId)}/vendors`, {
          q: f.q,
          tier: f.tier,
          attention: f.attention,
          subservice: f.subservice,
        }),
        signal,
      ),
    placeholderData: (previous) => previous,
  });

export const useVendorTasks = (orgId: string, enabled: boolean) =>
  useQuery({
    queryKey: vendorKeys.tasks(orgId),
    queryFn: ({ signal }) =>
      api.get<{ tasks: VendorTask[] }>(`/api/organizations/${seg(orgId)}/vendors/my-tasks`, signal),
    enabled,
  });

export const useVendor = (id: string) =>
  useQuery({
    queryKey: vendorKeys.detail(id),
    queryFn: ({ signal }) => api.get<VendorDetail>(`/api/vendors/${seg(id)}`, signal),
  });

export const useQuestionnaire = (id: string | null) =>
  useQuery({
    queryKey: vendorKeys.questionnaire(id ?? ""),
    queryFn: ({ signal }) =>
      api.get<{
        questionnaire: Questionnaire;
        computed: { score: number | null; rating: string | null; essentialGaps: string[] };
      }>(`/api/vendor-questionnaires/${seg(id ?? "")}`, signal),
    enabled: id !== null,
  });

/** "9 months" / "1 month". */
export const months = (n: number): string => `${n} ${n === 1 ? "month" : "months"}`;

export const coverageText = (r: {
  kind: ReportKind;
  periodStart: string | null;
  periodEnd: string | null;
  asOfDate: string | null;
}) =>
  r.kind === "soc2_type1" || r.kind === "soc1_type1"
    ? `as of ${formatDate(r.asOfDate)}`
    : r.kind === "iso27001"
      ? `valid ${formatDate(r.periodStart)} – ${formatDate(r.periodEnd)}`
      : `${formatDate(r.periodStart)} – ${formatDate(r.periodEnd)}`;
