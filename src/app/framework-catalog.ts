/**
 * Read-only use-case over the shipped framework mappings, for `fieldwork frameworks`. Like the
 * criteria catalog it needs no database, actor or clock: the mappings are public reference data.
 * (The signed-in, per-organization views live in use-cases/frameworks.ts.)
 */
import { findCriterion } from "../catalog/criteria.js";
import { FRAMEWORKS, findFramework } from "../catalog/frameworks/index.js";
import { CRITERION_IDS } from "../core/criteria.js";
import { AppError } from "../core/errors.js";
import type { Framework, Relationship } from "../core/frameworks.js";

export interface FrameworkSummary {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly jurisdiction: string;
  readonly source: string;
  readonly requirements: number;
  readonly links: number;
  /** How many of the 61 criteria at least one requirement maps to. */
  readonly criteria: number;
}

export interface RequirementLinks {
  readonly id: string;
  readonly title: string;
  readonly group: string;
  readonly links: readonly { criterionId: string; relationship: Relationship; rationale: string }[];
  /** Why the requirement has no link, when it was deliberately left unmapped. */
  readonly unmappedReason: string | null;
}

export interface FrameworkDetail extends FrameworkSummary {
  readonly requirementList: readonly RequirementLinks[];
}

const criterionOrder = (id: string): number => (CRITERION_IDS as readonly string[]).indexOf(id);

const summarise = (f: Framework): FrameworkSummary => ({
  id: f.id,
  name: f.name,
  version: f.version,
  jurisdiction: f.jurisdiction,
  source: f.source,
  requirements: f.requirements.length,
  links: f.mappings.length,
  criteria: new Set(f.mappings.map((m) => m.criterionId)).size,
});

export const listFrameworkCatalog = (): FrameworkSummary[] => FRAMEWORKS.map(summarise);

export interface ShowFrameworkInput {
  readonly id: string;
  /** Only the requirements linked to this criterion (any letter case), e.g. "cc6.1". */
  readonly criterion?: string | undefined;
}

/** One framework with each requirement's links; unknown ids fail with the list of valid ones. */
export const showFrameworkCatalog = (input: ShowFrameworkInput): FrameworkDetail => {
  const framework = findFramework(input.id.trim().toLowerCase());
  if (!framework) {
    throw new AppError(
      "VALIDATION",
      `Unknown framework '${input.id}'. Use one of ${FRAMEWORKS.map((f) => f.id).join(", ")}.`,
      { field: "id" },
    );
  }
  let criterionId: string | undefined;
  if (input.criterion !== undefined) {
    const criterion = findCriterion(input.criterion.trim().toUpperCase());
    if (!criterion) {
      throw new AppError(
        "VALIDATION",
        `Unknown criterion '${input.criterion}'. Use an id such as CC6.1 (see \`fieldwork catalog\`).`,
        { field: "criterion" },
      );
    }
    criterionId = criterion.id;
  }
  const reasons = new Map((framework.unmapped ?? []).map((u) => [u.requirementId, u.reason]));
  const requirementList = framework.requirements
    .map((r) => ({
      id: r.id,
      title: r.title,
      group: r.group,
      links: framework.mappings
        .filter((m) => m.requirementId === r.id)
        .map((m) => ({ criterionId: m.criterionId, relationship: m.relationship, rationale: m.rationale }))
        .sort((a, b) => criterionOrder(a.criterionId) - criterionOrder(b.criterionId)),
      unmappedReason: reasons.get(r.id) ?? null,
    }))
    .filter((r) => criterionId === undefined || r.links.some((l) => l.criterionId === criterionId));
  return { ...summarise(framework), requirementList };
};
