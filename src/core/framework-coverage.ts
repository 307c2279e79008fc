/**
 * Coverage of another framework by the organization's SOC 2 controls (issue 6 §1). Pure: given a
 * framework, the organization's controls (the criteria each serves and its status) and the criteria
 * in the engagement's scope, decide per requirement whether it is covered, partially covered or not
 * covered, and list the gaps; and, per control, which requirements it helps satisfy.
 *
 * A requirement is only as covered as the criteria it maps to: a mapped criterion is met when an
 * implemented control serves it, in progress when only unfinished controls serve it, and missing when
 * no applicable control serves it at all.
 */
import type { ControlStatus } from "./controls.js";
import type { Framework, Relationship } from "./frameworks.js";

export interface CoverageControl {
  readonly id: string;
  readonly code: string;
  readonly title: string;
  readonly criteria: readonly string[];
  readonly status: ControlStatus;
}

export type CriterionState = "met" | "in_progress" | "missing";
export type RequirementCoverage = "covered" | "partial" | "not_covered" | "not_mapped";

export interface CriterionCoverage {
  readonly criterionId: string;
  readonly relationship: Relationship;
  readonly rationale: string;
  readonly state: CriterionState;
  /** False when an engagement is given and the criterion is outside its scope: the report will not test it. */
  readonly inScope: boolean;
  /** Codes of the applicable controls serving the criterion (implemented ones first). */
  readonly controls: readonly string[];
}

export interface RequirementCoverageRow {
  readonly requirementId: string;
  readonly title: string;
  readonly group: string;
  readonly coverage: RequirementCoverage;
  readonly criteria: readonly CriterionCoverage[];
  /** Why the framework leaves the requirement without a link to the criteria, when it says. */
  readonly unmappedReason: string | null;
}

export interface CoverageGap {
  readonly requirementId: string;
  readonly title: string;
  readonly coverage: "partial" | "not_covered";
  /** Criteria the requirement needs that no implemented control serves yet. */
  readonly needs: readonly { readonly criterionId: string; readonly state: Exclude<CriterionState, "met"> }[];
}

export interface FrameworkCoverage {
  readonly frameworkId: string;
  readonly summary: {
    readonly requirements: number;
    readonly covered: number;
    readonly partial: number;
    readonly notCovered: number;
    readonly notMapped: number;
    /** Covered requirements plus half the partial ones, over the mapped requirements, as a whole percent. */
    readonly percent: number;
    /** Mapped criteria outside the engagement's scope (not tested by its report). */
    readonly criteriaOutsideScope: readonly string[];
  };
  readonly requirements: readonly RequirementCoverageRow[];
  readonly gaps: readonly CoverageGap[];
}

const STATUS_ORDER: Record<ControlStatus, number> = {
  implemented: 0,
  in_progress: 1,
  not_started: 2,
  not_applicable: 3,
};

/** Applicable controls per criterion, implemented first, then by code. */
const controlsByCriterion = (controls: readonly CoverageControl[]): Map<string, CoverageControl[]> => {
  const map = new Map<string, CoverageControl[]>();
  for (const c of controls) {
    if (c.status === "not_applicable") continue;
    for (const id of new Set(c.criteria)) {
      const list = map.get(id) ?? [];
      list.push(c);
      map.set(id, list);
    }
  }
  for (const list of map.values()) {
    list.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.code.localeCompare(b.code));
  }
  return map;
};

export const criterionState = (serving: readonly CoverageControl[]): CriterionState => {
  if (serving.some((c) => c.status === "implemented")) return "met";
  return serving.length > 0 ? "in_progress" : "missing";
};

export const requirementCoverage = (states: readonly CriterionState[]): RequirementCoverage => {
  if (states.length === 0) return "not_mapped";
  if (states.every((s) => s === "met")) return "covered";
  if (states.every((s) => s === "missing")) return "not_covered";
  return "partial";
};

export const frameworkCoverage = (
  framework: Framework,
  controls: readonly CoverageControl[],
  criteriaInScope?: readonly string[],
): FrameworkCoverage => {
  const byCriterion = controlsByCriterion(controls);
  const scope = criteriaInScope ? new Set(criteriaInScope) : null;
  const outside = new Set<string>();
  const reasons = new Map((framework.unmapped ?? []).map((u) => [u.requirementId, u.reason]));
  const requirements = framework.requirements.map((r): RequirementCoverageRow => {
    const criteria = framework.mappings
      .filter((m) => m.requirementId === r.id)
      .map((m): CriterionCoverage => {
        const serving = byCriterion.get(m.criterionId) ?? [];
        const inScope = scope ? scope.has(m.criterionId) : true;
        if (!inScope) outside.add(m.criterionId);
        return {
          criterionId: m.criterionId,
          relationship: m.relationship,
          rationale: m.rationale,
          state: criterionState(serving),
          inScope,
          controls: serving.map((c) => c.code),
        };
      });
    return {
      requirementId: r.id,
      title: r.title,
      group: r.group,
      coverage: requirementCoverage(criteria.map((c) => c.state)),
      criteria,
      unmappedReason: reasons.get(r.id) ?? null,
    };
  });
  const count = (k: RequirementCoverage) => requirements.filter((r) => r.coverage === k).length;
  const covered = count("covered");
  const partial = count("partial");
  const notCovered = count("not_covered");
  const mapped = covered + partial + notCovered;
  const gaps = requirements.flatMap((r): CoverageGap[] =>
    r.coverage === "partial" || r.coverage === "not_covered"
      ? [
          {
            requirementId: r.requirementId,
            title: r.title,
            coverage: r.coverage,
            needs: r.criteria.flatMap((c) =>
              c.state === "met" ? [] : [{ criterionId: c.criterionId, state: c.state }],
            ),
          },
        ]
      : [],
  );
  return {
    frameworkId: framework.id,
    summary: {
      requirements: requirements.length,
      covered,
      partial,
      notCovered,
      notMapped: count("not_mapped"),
      percent: mapped === 0 ? 0 : Math.round(((covered + partial / 2) / mapped) * 100),
      criteriaOutsideScope: [...outside].sort(),
    },
    requirements,
    gaps,
  };
};

export interface ControlFrameworkMatch {
  readonly frameworkId: string;
  readonly frameworkName: string;
  readonly requirements: readonly {
    readonly requirementId: string;
    readonly title: string;
    readonly group: string;
    /** The control's criteria through which it helps, with each link's relationship. */
    readonly via: readonly { readonly criterionId: string; readonly relationship: Relationship }[];
  }[];
}

/** What else a control satisfies: per framework, the requirements mapped to any criterion it serves. */
export const controlFrameworks = (
  frameworks: readonly Framework[],
  criteria: readonly string[],
): ControlFrameworkMatch[] => {
  const served = new Set(criteria);
  return frameworks.flatMap((f) => {
    const requirements = f.requirements.flatMap((r) => {
      const via = f.mappings
        .filter((m) => m.requirementId === r.id && served.has(m.criterionId))
        .map((m) => ({ criterionId: m.criterionId, relationship: m.relationship }));
      return via.length > 0 ? [{ requirementId: r.id, title: r.title, group: r.group, via }] : [];
    });
    return requirements.length > 0 ? [{ frameworkId: f.id, frameworkName: f.name, requirements }] : [];
  });
};
