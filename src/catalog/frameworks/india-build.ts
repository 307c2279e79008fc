/**
 * Small builders shared by the Indian frameworks (DPDP, RBI, SEBI) so that their long tables stay
 * readable: one row per requirement, one call per link.
 */
import type { FrameworkMapping, FrameworkRequirement, Relationship } from "../../core/frameworks.js";

/** The requirements of one group, from [id, our short title] rows. */
export const group = (
  name: string,
  rows: readonly (readonly [id: string, title: string])[],
): FrameworkRequirement[] => rows.map(([id, title]) => ({ id, title, group: name }));

/** One link from a requirement to a criterion; most links only intersect, so that is the default. */
export const link = (
  requirementId: string,
  criterionId: string,
  rationale: string,
  relationship: Relationship = "intersects-with",
): FrameworkMapping => ({ requirementId, criterionId, relationship, rationale });

/** A requirement deliberately left without a link, with the reason. */
export const unmapped = (requirementId: string, reason: string) => ({ requirementId, reason });
