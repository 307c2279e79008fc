/** Types, labels and query hooks of the access review pages (the API in src/server/routes/access-reviews.ts). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, seg, withQuery } from "../../api";

export type CampaignStatus = "draft" | "open" | "completed" | "signed_off";
export type Decision = "keep" | "change" | "revoke";
export type Schedule = "quarterly" | "semiannual" | "annual" | "none";
export type AccountFormat = "aws-credential-report" | "github-members" | "okta-users" | "csv";

export const STATUS_LABELS: Record<CampaignStatus, string> = {
  draft: "Draft",
  open: "Open",
  completed: "Ready for sign-off",
  signed_off: "Signed off",
};
export const STATUS_COLORS: Record<CampaignStatus, string> = {
  draft: "gray",
  open: "blue",
  completed: "teal",
  signed_off: "green",
};
export const DECISION_COLORS: Record<Decision, string> = { keep: "teal", change: "yellow", revoke: "red" };
export const DECISION_LABELS: Record<Decision, string> = { keep: "Keep", change: "Change", revoke: "Revoke" };
export const SCHEDULE_LABELS: Record<Schedule, string> = {
  quarterly: "Quarterly",
  semiannual: "Every six months",
  annual: "Annually",
  none: "One-off",
};
export const FORMAT_LABELS: Record<AccountFormat, string> = {
  "aws-credential-report": "AWS IAM credential report (CSV or CLI JSON)",
  "github-members": "GitHub organization members (JSON)",
  "okta-users": "Okta user export (CSV)",
  csv: "CSV: account, name, email, entitlements, manager email",
};

export interface Ref {
  id: string;
  name: string;
}
export interface Person extends Ref {
  email: string;
  role: string;
}
export interface Progress {
  total: number;
  decided: number;
  percent: number;
  kept?: number;
  changed?: number;
  revoked?: number;
}

export interface Campaign {
  id: string;
  orgId: string;
  name: string;
  status: CampaignStatus;
  dueDate: string;
  schedule: Schedule;
  nextDueDate: string | null;
  overdue: boolean;
  launchedAt: string | null;
  completedAt: string | null;
  signedOffAt: string | null;
  signedOffBy: Ref | null;
  evidenceId: string | null;
  resultSha256: string | null;
  lastReminderAt: string | null;
  progress: Progress;
  openTasks: number;
}

export interface CampaignList {
  campaigns: Campaign[];
  schedule: { nextDue: string | null; missed: boolean; basedOn: string | null };
  people: Person[];
  permissions: { canCreate: boolean };
}

export interface Entry {
  id: string;
  systemId: string;
  systemName: string;
  account: string;
  name: string | null;
  email: string | null;
  entitlements: string[];
  managerEmail: string | null;
  reviewer: Ref | null;
  routedTo: "manager" | "owner" | "fallback";
  decision: Decision | null;
  newEntitlements: string[];
  reason: string | null;
  decidedBy: Ref | null;
  decidedAt: string | null;
  task: { id: string; status: string } | null;
  canDecide: boolean;
}

export interface Task {
  id: string;
  entryId: string;
  account: string;
  systemName: string;
  reason: string | null;
  assignee: Ref | null;
  status: "open" | "closed";
  evidenceId: string | null;
  note: string | null;
  closedBy: Ref | null;
  closedAt: string | null;
  canClose: boolean;
}

export interface CampaignDetail {
  campaign: Campaign;
  systems: {
    id: string;
    name: string;
    owner: Ref | null;
    source: string | null;
    importedAt: string | null;
    progress: Progress;
  }[];
  reviewers: { reviewer: Ref | null; progress: Progress }[];
  entries: Entry[];
  tasks: Task[];
  history: { seq: number; at: string; actor: string; action: string; summary: Record<string, unknown> }[];
  signOffBlockers: string[];
  people: Person[];
  permissions: {
    canManage: boolean;
    canImport: boolean;
    canLaunch: boolean;
    canRemind: boolean;
    canSignOff: boolean;
  };
}

export interface MyTask {
  kind: "access-review.decide" | "access-review.revocation";
  id: string;
  campaignId: string;
  title: string;
  count: number;
  dueDate: string;
  overdue: boolean;
  link: string;
}

const listKey = (orgId: string) => ["access-reviews", orgId] as const;
const detailKey = (id: string) => ["access-review", id] as const;

export const useAccessReviews = (orgId: string, filters: { status?: string | null; overdue?: boolean }) =>
  useQuery({
    queryKey: [...listKey(orgId), filters],
    queryFn: ({ signal }) =>
      api.get<CampaignList>(
        withQuery(`/api/organizations/${seg(orgId)}/access-reviews`, {
          status: filters.status,
          overdue: filters.overdue ? "true" : undefined,
        }),
        signal,
      ),
  });

export const useAccessReviewTasks = (orgId: string, enabled = true) =>
  useQuery({
    queryKey: [...listKey(orgId), "my-tasks"],
    enabled,
    queryFn: ({ signal }) =>
      api.get<{ tasks: MyTask[] }>(`/api/organizations/${seg(orgId)}/access-reviews/my-tasks`, signal),
  });

export const useAccessReview = (id: string) =>
  useQuery({
    queryKey: detailKey(id),
    queryFn: ({ signal }) => api.get<CampaignDetail>(`/api/access-reviews/${seg(id)}`, signal),
  });

export const accessReviewExportPath = (orgId: string, format: "csv" | "json", campaign?: string) =>
  withQuery(`/api/organizations/${seg(orgId)}/access-reviews/export`, { format, campaign });

/** A mutation that answers with the campaign detail and refreshes the campaign and its list. */
export const useCampaignMutation = <V>(id: string, run: (vars: V) => Promise<CampaignDetail>) => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (data) => {
      qc.setQueryData(detailKey(id), data);
      void qc.invalidateQueries({ queryKey: ["access-reviews"] });
    },
  });
};

export const useCreateCampaign = (orgId: string) => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      name: string;
      dueDate: string;
      schedule: Schedule;
      systems: { name: string; ownerUserId: string }[];
    }) => api.post<CampaignDetail>(`/api/organizations/${seg(orgId)}/access-reviews`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: listKey(orgId) }),
  });
};

export const reviewApi = {
  launch: (id: string) => api.post<CampaignDetail>(`/api/access-reviews/${seg(id)}/launch`),
  remind: (id: string) =>
    api.post<{ reminded: number; notifications: number; emailed: number }>(
      `/api/access-reviews/${seg(id)}/reminders`,
    ),
  signOff: (id: string) => api.post<CampaignDetail>(`/api/access-reviews/${seg(id)}/sign-off`),
  addSystem: (id: string, body: { name: string; ownerUserId: string }) =>
    api.post<CampaignDetail>(`/api/access-reviews/${seg(id)}/systems`, body),
  importAccounts: (systemId: string, body: { format: AccountFormat; content: string }) =>
    api.post<{ added: number; skipped: number; campaign: CampaignDetail }>(
      `/api/access-review-systems/${seg(systemId)}/import`,
      body,
    ),
  decide: (
    id: string,
    body: { entryIds: string[]; decision: Decision; reason?: string; newEntitlements?: string[] },
  ) => api.post<CampaignDetail>(`/api/access-reviews/${seg(id)}/decisions`, body),
  closeTask: (taskId: string, body: { evidenceId?: string; note?: string }) =>
    api.post<CampaignDetail>(`/api/access-review-tasks/${seg(taskId)}/close`, body),
};
