/** Query hooks of the fieldwork workspace, with one query key per resource. */
import { useQuery } from "@tanstack/react-query";
import { api, seg, withQuery } from "./api";
import type {
  AuditProgramPage,
  ExceptionPage,
  ExceptionSummary,
  OpinionPage,
  PopulationDetail,
  PopulationSummary,
  SampleView,
  WorkpaperList,
  WorkpaperPage,
} from "./fieldwork-types";
import type { Job } from "./types";

export const fwKeys = {
  program: (engagementId: string) => ["audit-program", engagementId] as const,
  populations: (engagementId: string) => ["populations", engagementId] as const,
  population: (id: string) => ["population", id] as const,
  sample: (id: string) => ["sample", id] as const,
  workpapers: (engagementId: string) => ["workpapers", engagementId] as const,
  workpaper: (id: string) => ["workpaper", id] as const,
  exceptions: (engagementId: string) => ["exceptions", engagementId] as const,
  exception: (id: string) => ["exception", id] as const,
  opinion: (engagementId: string) => ["opinion", engagementId] as const,
  job: (id: string) => ["job", id] as const,
};

export const useAuditProgram = (engagementId: string, enabled = true) =>
  useQuery({
    queryKey: fwKeys.program(engagementId),
    queryFn: ({ signal }) =>
      api.get<AuditProgramPage>(`/api/engagements/${seg(engagementId)}/audit-program`, signal),
    enabled,
  });

export const usePopulations = (engagementId: string | null) =>
  useQuery({
    queryKey: fwKeys.populations(engagementId ?? ""),
    queryFn: ({ signal }) =>
      api.get<{ populations: PopulationSummary[] }>(
        `/api/engagements/${seg(engagementId ?? "")}/populations`,
        signal,
      ),
    select: (data) => data.populations ?? [],
    enabled: !!engagementId,
  });

export const usePopulation = (id: string | undefined) =>
  useQuery({
    queryKey: fwKeys.population(id ?? ""),
    queryFn: ({ signal }) => api.get<PopulationDetail>(`/api/populations/${seg(id ?? "")}`, signal),
    enabled: !!id,
  });

export const useSample = (id: string | null) =>
  useQuery({
    queryKey: fwKeys.sample(id ?? ""),
    queryFn: ({ signal }) => api.get<SampleView>(`/api/samples/${seg(id ?? "")}`, signal),
    enabled: !!id,
  });

export const useWorkpapers = (engagementId: string, status?: string) =>
  useQuery({
    queryKey: [...fwKeys.workpapers(engagementId), status ?? "all"],
    queryFn: ({ signal }) =>
      api.get<WorkpaperList>(
        withQuery(`/api/engagements/${seg(engagementId)}/workpapers`, { status }),
        signal,
      ),
  });

export const useWorkpaper = (id: string | undefined) =>
  useQuery({
    queryKey: fwKeys.workpaper(id ?? ""),
    queryFn: ({ signal }) => api.get<WorkpaperPage>(`/api/workpapers/${seg(id ?? "")}`, signal),
    enabled: !!id,
  });

export const useExceptions = (engagementId: string | null) =>
  useQuery({
    queryKey: fwKeys.exceptions(engagementId ?? ""),
    queryFn: ({ signal }) =>
      api.get<{ exceptions: ExceptionSummary[] }>(
        `/api/engagements/${seg(engagementId ?? "")}/exceptions`,
        signal,
      ),
    select: (data) => data.exceptions ?? [],
    enabled: !!engagementId,
  });

export const useException = (id: string | null) =>
  useQuery({
    queryKey: fwKeys.exception(id ?? ""),
    queryFn: ({ signal }) => api.get<ExceptionPage>(`/api/exceptions/${seg(id ?? "")}`, signal),
    enabled: !!id,
  });

export const useOpinion = (engagementId: string) =>
  useQuery({
    queryKey: fwKeys.opinion(engagementId),
    queryFn: ({ signal }) => api.get<OpinionPage>(`/api/engagements/${seg(engagementId)}/opinion`, signal),
  });

// ----- jobs -----

const DONE = new Set(["succeeded", "failed", "cancelled"]);

export const isJobDone = (job: Job | undefined): boolean => !!job && DONE.has(job.status);

/** Progress as a percentage (the server reports a fraction from 0 to 1). */
export const jobPercent = (job: Job): number => {
  if (isJobDone(job)) return 100;
  const p = job.progress ?? 0;
  return Math.max(0, Math.min(100, p <= 1 ? p * 100 : p));
};

/** A job, polled until it ends. */
export const useJob = (id: string | null) =>
  useQuery({
    queryKey: fwKeys.job(id ?? ""),
    queryFn: ({ signal }) => api.get<Job | { job: Job }>(`/api/jobs/${seg(id ?? "")}`, signal),
    select: (res) => ("job" in res ? res.job : res),
    enabled: id !== null,
    refetchInterval: (q) => {
      const data = q.state.data;
      const job = data ? ("job" in data ? data.job : data) : undefined;
      return isJobDone(job) ? false : 500;
    },
  });
