/**
 * The compact form the ISO/IEC 27001 files are written in: each requirement sits beside its links,
 * so a reviewer reads a control and what it maps to together. Most links are partial overlaps
 * ("intersects-with"), so that is the default; any other relationship is spelled out.
 */
import type { FrameworkMapping, FrameworkRequirement, Relationship } from "../../core/frameworks.js";

/** A link to one criterion: its id, our rationale, and the relationship when it is not an intersection. */
export type IsoLink = readonly [criterionId: string, rationale: string, relationship?: Relationship];

/** A requirement with our short title and its links. */
export type IsoEntry = readonly [id: string, title: string, links: readonly IsoLink[]];

export interface IsoPart {
  readonly requirements: readonly FrameworkRequirement[];
  readonly mappings: readonly FrameworkMapping[];
}

export const isoPart = (group: string, entries: readonly IsoEntry[]): IsoPart => ({
  requirements: entries.map(([id, title]) => ({ id, title, group })),
  mappings: entries.flatMap(([requirementId, , links]) =>
    links.map(([criterionId, rationale, relationship = "intersects-with"]) => ({
      requirementId,
      criterionId,
      relationship,
      rationale,
    })),
  ),
});

export const joinParts = (parts: readonly IsoPart[]): IsoPart => ({
  requirements: parts.flatMap((p) => p.requirements),
  mappings: parts.flatMap((p) => p.mappings),
});
