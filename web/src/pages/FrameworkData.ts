/** Types and queries of the framework pages: the shipped frameworks, coverage, and a control's matches. */
import { useQuery } from "@tanstack/react-query";
import { api, seg, withQuery } from "../api";

export type Relationship = "equivalent-to" | "subset-of" | "superset-of" | "intersects-with";
export type CriterionState = "met" | "in_progress" | "missing";
export type RequirementCoverage = "covered" | "partial" | "not_covered" | "not_mapped";

export interface FrameworkSummary {
  id: string;
  name: string;
  version: string;
  source: string;
  jurisdiction: string;
  requirements: number;
  mappings: number;
  criteriaMapped: number;
  groups: string[];
}

export interface CoverageRow {
  requirementId: string;
  title: string;
  group: string;
  coverage: RequirementCoverage;
  unmappedReason: string | null;
  criteria: {
    criterionId: string;
    relationship: Relationship;
    rationale: string;
    state: CriterionState;
    inScope: boolean;
    controls: string[];
  }[];
}

export interface CoverageGap {
  requirementId: string;
  title: string;
  coverage: "partial" | "not_covered";
  needs: { criterionId: string; state: "in_progress" | "missing" }[];
}

export interface FrameworkCoverage {
  organization: { id: string; name: string; country: string };
  engagement: { id: string; name: string; categories: string[] | null } | null;
  framework: FrameworkSummary;
  controls: number;
  criteriaTitles: Record<string, string>;
  summary: {
    requirements: number;
    covered: number;
    partial: number;
    notCovered: number;
    notMapped: number;
    percent: number;
    criteriaOutsideScope: string[];
  };
  requirements: CoverageRow[];
  gaps: CoverageGap[];
}

export interface ControlFrameworks {
  controlId: string;
  code: string;
  criteria: string[];
  requirementCount: number;
  frameworks: {
    frameworkId: string;
    frameworkName: string;
    requirements: {
      requirementId: string;
      title: string;
      group: string;
      via: { criterionId: string; relationship: Relationship }[];
    }[];
  }[];
}

export const DPDP_ID = "dpdp-2023";

export const useFrameworks = () =>
  useQuery({
    queryKey: ["frameworks"],
    queryFn: ({ signal }) => api.get<{ frameworks: FrameworkSummary[] }>("/api/frameworks", signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useFrameworkCoverage = (
  orgId: string,
  frameworkId: string | null,
  engagementId: string | null,
) =>
  useQuery({
    enabled: !!frameworkId,
    queryKey: ["framework-coverage", orgId, frameworkId ?? "", engagementId ?? ""],
    queryFn: ({ signal }) =>
      api.get<FrameworkCoverage>(
        withQuery(`/api/organizations/${seg(orgId)}/framework-coverage`, {
          framework: frameworkId ?? undefined,
          engagementId: engagementId ?? undefined,
        }),
        signal,
      ),
  });

export const useControlFrameworks = (controlId: string | undefined) =>
  useQuery({
    enabled: !!controlId,
    queryKey: ["control-frameworks", controlId ?? ""],
    queryFn: ({ signal }) =>
      api.get<ControlFrameworks>(`/api/controls/${seg(controlId ?? "")}/frameworks`, signal),
  });

export const controlMatrixHref = (orgId: string, engagementId: string | null): string =>
  withQuery(`/api/organizations/${seg(orgId)}/spreadsheets/control-matrix.xlsx`, {
    engagementId: engagementId ?? undefined,
  });

export const COVERAGE_LABELS: Record<RequirementCoverage, string> = {
  covered: "Covered",
  partial: "Partial",
  not_covered: "Gap",
  not_mapped: "Not mapped",
};

export const COVERAGE_COLORS: Record<RequirementCoverage, string> = {
  covered: "teal",
  partial: "orange",
  not_covered: "red",
  not_mapped: "gray",
};

export const STATE_COLORS: Record<CriterionState, string> = {
  met: "teal",
  in_progress: "orange",
  missing: "red",
};

export const STATE_LABELS: Record<CriterionState, string> = {
  met: "met by an implemented control",
  in_progress: "controls not yet implemented",
  missing: "no control",
};
