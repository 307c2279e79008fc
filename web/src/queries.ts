/** Query hooks shared by several pages, with one query key per resource. */
import { useQuery } from "@tanstack/react-query";
import { api, seg, withQuery } from "./api";
import type {
  AckCoverage,
  AckInbox,
  Control,
  Coverage,
  Dashboard,
  EngagementPage,
  EngagementSummary,
  Enquiry,
  EvidenceDetail,
  EvidenceFreshness,
  EvidenceItem,
  Importer,
  Member,
  OrganizationPage,
  PolicyDetail,
  PolicyList,
  PolicyTemplate,
  Readiness,
  RequestDetail,
  RequestList,
  SystemDescriptionPage,
  TrainingList,
} from "./types";

export const keys = {
  dashboard: (firmId: string) => ["dashboard", firmId] as const,
  enquiries: (firmId: string) => ["enquiries", firmId] as const,
  organization: (orgId: string) => ["organization", orgId] as const,
  engagement: (id: string) => ["engagement", id] as const,
  members: (firmId: string) => ["members", firmId] as const,
  tokens: ["tokens"] as const,
  engagements: ["engagements"] as const,
  readiness: (orgId: string, engagementId: string) => ["readiness", orgId, engagementId] as const,
  controls: (orgId: string) => ["controls", orgId] as const,
  control: (id: string) => ["control", id] as const,
  freshness: (orgId: string) => ["freshness", orgId] as const,
  coverage: (orgId: string, engagementId: string) => ["coverage", orgId, engagementId] as const,
  /** Every evidence list of an organization (any filter) starts with this key. */
  evidence: (orgId: string) => ["evidence", orgId] as const,
  evidenceItem: (id: string) => ["evidence-item", id] as const,
  importers: (orgId: string) => ["importers", orgId] as const,
  policies: (orgId: string) => ["policies", orgId] as const,
  policy: (id: string) => ["policy", id] as const,
  policyTemplates: ["policy-templates"] as const,
  myAcknowledgements: ["my-acknowledgements"] as const,
  ackCoverage: (orgId: string) => ["ack-coverage", orgId] as const,
  training: (orgId: string) => ["training", orgId] as const,
  description: (engagementId: string) => ["system-description", engagementId] as const,
  requests: (engagementId: string) => ["requests", engagementId] as const,
  request: (id: string) => ["request", id] as const,
};

export const useDashboard = (firmId: string | null) =>
  useQuery({
    queryKey: keys.dashboard(firmId ?? ""),
    queryFn: ({ signal }) => api.get<Dashboard>(`/api/firms/${seg(firmId ?? "")}/dashboard`, signal),
    enabled: firmId !== null,
  });

export const useEnquiries = (firmId: string | null) =>
  useQuery({
    queryKey: keys.enquiries(firmId ?? ""),
    queryFn: ({ signal }) =>
      api.get<{ enquiries: Enquiry[] }>(`/api/firms/${seg(firmId ?? "")}/enquiries`, signal),
    enabled: firmId !== null,
  });

export const useOrganization = (orgId: string | null | undefined) =>
  useQuery({
    queryKey: keys.organization(orgId ?? ""),
    queryFn: ({ signal }) => api.get<OrganizationPage>(`/api/organizations/${seg(orgId ?? "")}`, signal),
    enabled: !!orgId,
  });

export const useEngagement = (id: string | undefined) =>
  useQuery({
    queryKey: keys.engagement(id ?? ""),
    queryFn: ({ signal }) => api.get<EngagementPage>(`/api/engagements/${seg(id ?? "")}`, signal),
    enabled: !!id,
  });

export const useFirmMembers = (firmId: string | null) =>
  useQuery({
    queryKey: keys.members(firmId ?? ""),
    queryFn: ({ signal }) =>
      api.get<{ members: Member[] } | Member[]>(`/api/firms/${seg(firmId ?? "")}/members`, signal),
    select: (data) => (Array.isArray(data) ? data : (data.members ?? [])),
    enabled: firmId !== null,
  });

export const useEngagements = () =>
  useQuery({
    queryKey: keys.engagements,
    queryFn: ({ signal }) => api.get<{ engagements: EngagementSummary[] }>("/api/engagements", signal),
    select: (data) => data.engagements ?? [],
  });

export const useReadiness = (orgId: string, engagementId: string | null, enabled = true) =>
  useQuery({
    enabled,
    queryKey: keys.readiness(orgId, engagementId ?? ""),
    queryFn: ({ signal }) =>
      api.get<Readiness>(
        withQuery(`/api/organizations/${seg(orgId)}/readiness`, { engagementId: engagementId ?? undefined }),
        signal,
      ),
  });

export const useControls = (orgId: string | null | undefined) =>
  useQuery({
    queryKey: keys.controls(orgId ?? ""),
    queryFn: ({ signal }) =>
      api.get<{ controls: Control[] }>(`/api/organizations/${seg(orgId ?? "")}/controls`, signal),
    select: (data) => data.controls ?? [],
    enabled: !!orgId,
  });

export const useControl = (id: string | undefined) =>
  useQuery({
    queryKey: keys.control(id ?? ""),
    queryFn: ({ signal }) => api.get<Control>(`/api/controls/${seg(id ?? "")}`, signal),
    enabled: !!id,
  });

export const useFreshness = (orgId: string | null | undefined, enabled = true) =>
  useQuery({
    queryKey: keys.freshness(orgId ?? ""),
    queryFn: ({ signal }) =>
      api.get<EvidenceFreshness>(`/api/organizations/${seg(orgId ?? "")}/evidence-freshness`, signal),
    enabled: !!orgId && enabled,
  });

export const useCoverage = (orgId: string, engagementId: string | null, enabled = true) =>
  useQuery({
    enabled,
    queryKey: keys.coverage(orgId, engagementId ?? ""),
    queryFn: ({ signal }) =>
      api.get<Coverage>(
        withQuery(`/api/organizations/${seg(orgId)}/coverage`, { engagementId: engagementId ?? undefined }),
        signal,
      ),
  });

export interface EvidenceFilter {
  controlId?: string;
  source?: string;
  includeSuperseded?: boolean;
}

export const useEvidenceList = (
  orgId: string | null | undefined,
  filter: EvidenceFilter = {},
  enabled = true,
) =>
  useQuery({
    queryKey: [...keys.evidence(orgId ?? ""), filter],
    queryFn: ({ signal }) =>
      api.get<{ items: EvidenceItem[] }>(
        withQuery(`/api/organizations/${seg(orgId ?? "")}/evidence`, {
          controlId: filter.controlId,
          source: filter.source,
          includeSuperseded: filter.includeSuperseded ? "true" : undefined,
          limit: 1000,
        }),
        signal,
      ),
    select: (data) => data.items ?? [],
    enabled: !!orgId && enabled,
  });

export const useEvidenceItem = (id: string | undefined) =>
  useQuery({
    queryKey: keys.evidenceItem(id ?? ""),
    queryFn: ({ signal }) => api.get<EvidenceDetail>(`/api/evidence/${seg(id ?? "")}`, signal),
    enabled: !!id,
    // Every view is an audit event: do not re-read it behind the user's back.
    staleTime: 5 * 60_000,
  });

export const useImporters = (orgId: string, enabled = true) =>
  useQuery({
    queryKey: keys.importers(orgId),
    queryFn: ({ signal }) =>
      api.get<{ importers: Importer[] }>(`/api/organizations/${seg(orgId)}/importers`, signal),
    select: (data) => data.importers ?? [],
    enabled,
    staleTime: 10 * 60_000,
  });

export const usePolicies = (orgId: string | null | undefined) =>
  useQuery({
    queryKey: keys.policies(orgId ?? ""),
    queryFn: ({ signal }) => api.get<PolicyList>(`/api/organizations/${seg(orgId ?? "")}/policies`, signal),
    enabled: !!orgId,
  });

export const usePolicy = (id: string | undefined) =>
  useQuery({
    queryKey: keys.policy(id ?? ""),
    queryFn: ({ signal }) => api.get<PolicyDetail>(`/api/policies/${seg(id ?? "")}`, signal),
    enabled: !!id,
  });

export const usePolicyTemplates = (enabled = true) =>
  useQuery({
    queryKey: keys.policyTemplates,
    queryFn: ({ signal }) => api.get<{ templates: PolicyTemplate[] }>("/api/policy-templates", signal),
    select: (data) => data.templates ?? [],
    enabled,
    staleTime: 30 * 60_000,
  });

export const useMyAcknowledgements = (enabled = true) =>
  useQuery({
    queryKey: keys.myAcknowledgements,
    queryFn: ({ signal }) => api.get<AckInbox>("/api/me/acknowledgements", signal),
    enabled,
  });

export const useAckCoverage = (orgId: string, enabled = true) =>
  useQuery({
    queryKey: keys.ackCoverage(orgId),
    queryFn: ({ signal }) =>
      api.get<AckCoverage>(`/api/organizations/${seg(orgId)}/acknowledgement-coverage`, signal),
    enabled,
  });

export const useTraining = (orgId: string) =>
  useQuery({
    queryKey: keys.training(orgId),
    queryFn: ({ signal }) => api.get<TrainingList>(`/api/organizations/${seg(orgId)}/training`, signal),
  });

export const useSystemDescription = (engagementId: string) =>
  useQuery({
    queryKey: keys.description(engagementId),
    queryFn: ({ signal }) =>
      api.get<SystemDescriptionPage>(`/api/engagements/${seg(engagementId)}/system-description`, signal),
  });

export const useRequests = (engagementId: string | null) =>
  useQuery({
    queryKey: keys.requests(engagementId ?? ""),
    queryFn: ({ signal }) =>
      api.get<RequestList>(`/api/engagements/${seg(engagementId ?? "")}/requests`, signal),
    enabled: !!engagementId,
  });

export const useRequest = (id: string | null) =>
  useQuery({
    queryKey: keys.request(id ?? ""),
    queryFn: ({ signal }) => api.get<RequestDetail>(`/api/requests/${seg(id ?? "")}`, signal),
    enabled: !!id,
  });
