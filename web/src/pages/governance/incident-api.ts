/** Types, labels and query hooks of the incident register pages (the API in src/server/routes/incidents.ts). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, seg, withQuery } from "../../api";

export const CLASSIFICATIONS = ["event", "incident", "breach"] as const;
export const SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"] as const;
export const STATUSES = ["open", "contained", "resolved", "closed"] as const;
export const JURISDICTIONS = [
  { value: "india", label: "India" },
  { value: "eu", label: "EU/EEA" },
  { value: "other", label: "Other" },
] as const;
export const PHASES = [
  "detection",
  "triage",
  "containment",
  "eradication",
  "recovery",
  "communication",
] as const;

export const SEVERITY_COLORS: Record<string, string> = {
  SEV1: "red",
  SEV2: "orange",
  SEV3: "yellow",
  SEV4: "gray",
};
export const STATUS_COLORS: Record<string, string> = {
  open: "red",
  contained: "orange",
  resolved: "blue",
  closed: "gray",
};
export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
export const jurisdictionLabel = (j: string): string => JURISDICTIONS.find((x) => x.value === j)?.label ?? j;

export type ClockStatus = "pending" | "due_now" | "overdue" | "done";

export interface NotificationClock {
  id: string;
  regime: "CERT-In" | "DPDP" | "GDPR";
  recipient: string;
  rule: string;
  hours: number | null;
  withoutDelay: boolean;
  dueAt: string;
  status: ClockStatus;
  msLeft: number | null;
  sentAt: string | null;
  reference: string | null;
  late: boolean;
  applies: boolean;
}

export interface Person {
  id: string;
  name: string;
  email: string;
}

export interface Incident {
  id: string;
  orgId: string;
  ref: string;
  title: string;
  summary: string;
  detectedAt: string;
  awareAt: string;
  reportedBy: string;
  classification: (typeof CLASSIFICATIONS)[number];
  severity: (typeof SEVERITIES)[number];
  affectedSystems: string[];
  dataCategories: string[];
  personalData: boolean;
  principalsCount: number | null;
  jurisdictions: string[];
  certInReportable: boolean;
  regulators: string[];
  status: (typeof STATUSES)[number];
  owner: { id: string; name: string | null } | null;
  rootCause: string;
  lessons: string;
  reviewCompletedAt: string | null;
  disclose: boolean;
  disclosure: { nature: string; extent: string; resolution: string };
  closedAt: string | null;
  closureEvidenceId: string | null;
  createdAt: string;
  updatedAt: string;
  clocks: NotificationClock[];
  clockNotes: string[];
}

export interface IncidentListItem extends Incident {
  openActions: number;
}

export interface IncidentList {
  incidents: IncidentListItem[];
  permissions: { canCreate: boolean };
  people: Person[];
  definitions: {
    severities: Record<string, string>;
    classifications: Record<string, string>;
    regulatorsSuggested: string[];
  };
}

export interface IncidentAction {
  id: string;
  title: string;
  owner: { id: string; name: string | null } | null;
  dueDate: string | null;
  status: "open" | "done" | "accepted";
  note: string;
  doneAt: string | null;
}

export interface IncidentDetail {
  incident: Incident & {
    timeline: {
      id: string;
      at: string;
      phase: string;
      note: string;
      author: { name: string | null } | null;
    }[];
    notifications: {
      id: string;
      clock: string;
      recipient: string;
      sentAt: string;
      reference: string;
      recordedBy: string | null;
    }[];
    actions: IncidentAction[];
    history: { seq: number; at: string; actor: string; action: string; summary: Record<string, unknown> }[];
  };
  permissions: { canEdit: boolean; canEditDisclosure: boolean; canClose: boolean };
  people: Person[];
  definitions: { severities: Record<string, string>; classifications: Record<string, string> };
}

export interface IncidentTask {
  id: string;
  incidentId: string;
  incidentRef: string;
  incidentTitle: string;
  title: string;
  dueDate: string | null;
  overdue: boolean;
  link: string;
}

export interface IncidentFilters {
  status?: string | null;
  severity?: string | null;
  classification?: string | null;
  personalData?: string | null;
  q?: string | null;
}

export const incidentKeys = {
  all: (orgId: string) => ["incidents", orgId] as const,
  list: (orgId: string, f: IncidentFilters) => ["incidents", orgId, "list", f] as const,
  tasks: (orgId: string) => ["incidents", orgId, "tasks"] as const,
  incident: (id: string) => ["incident", id] as const,
};

export const incidentExportPath = (orgId: string, format: "csv" | "json") =>
  withQuery(`/api/organizations/${seg(orgId)}/incidents/export`, { format });

export const useIncidentList = (orgId: string, f: IncidentFilters) =>
  useQuery({
    queryKey: incidentKeys.list(orgId, f),
    queryFn: ({ signal }) =>
      api.get<IncidentList>(
        withQuery(`/api/organizations/${seg(orgId)}/incidents`, {
          status: f.status,
          severity: f.severity,
          classification: f.classification,
          personalData: f.personalData,
          q: f.q,
        }),
        signal,
      ),
    placeholderData: (previous) => previous,
  });

export const useIncidentTasks = (orgId: string, enabled = true) =>
  useQuery({
    queryKey: incidentKeys.tasks(orgId),
    queryFn: ({ signal }) =>
      api.get<{ tasks: IncidentTask[] }>(`/api/organizations/${seg(orgId)}/incidents/my-tasks`, signal),
    enabled,
  });

export const useIncident = (id: string) =>
  useQuery({
    queryKey: incidentKeys.incident(id),
    queryFn: ({ signal }) => api.get<IncidentDetail>(`/api/incidents/${seg(id)}`, signal),
  });

/** A mutation that refreshes the register and the incident afterwards. */
export const useIncidentMutation = <TInput, TResult>(fn: (input: TInput) => Promise<TResult>) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: ["incidents"] }),
        client.invalidateQueries({ queryKey: ["incident"] }),
      ]);
    },
  });
};

/** "5 h 12 min", "2 d 3 h", "45 min" (the server's formatDuration in src/core/incident-clocks.ts). */
export const formatDuration = (ms: number): string => {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return `${m} min`;
};

/** A clock's status at `now` in the browser (the server's answer ages while the page is open). */
export const liveStatus = (c: NotificationClock, now: number): ClockStatus => {
  if (c.status === "done" || c.withoutDelay) return c.status;
  return Date.parse(c.dueAt) >= now ? "pending" : "overdue";
};

/** datetime-local value ("2026-07-14T10:30") in the browser's zone for an ISO instant, and back. */
export const toLocalInput = (iso: string): string => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
export const fromLocalInput = (value: string): string | null => {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};
