/** Query hooks shared by several pages, with one query key per resource. */
import { useQuery } from "@tanstack/react-query";
import { api, seg } from "./api";
import type { Dashboard, EngagementPage, Enquiry, Member, OrganizationPage } from "./types";

export const keys = {
  dashboard: (firmId: string) => ["dashboard", firmId] as const,
  enquiries: (firmId: string) => ["enquiries", firmId] as const,
  organization: (orgId: string) => ["organization", orgId] as const,
  engagement: (id: string) => ["engagement", id] as const,
  members: (firmId: string) => ["members", firmId] as const,
  tokens: ["tokens"] as const,
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
