/**
 * Other frameworks mapped to the Trust Services Criteria (issue 6 §1). A framework is a list of
 * requirements (our own identifiers and short titles, never the standard's text) and a mapping of
 * requirements to criteria, each link typed with the OSCAL / NIST IR 8477 relationship vocabulary
 * and justified by a one-line rationale of our own.
 */
export const RELATIONSHIPS = ["equivalent-to", "subset-of", "superset-of", "intersects-with"] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export interface FrameworkRequirement {
  /** The framework's own identifier, e.g. "A.5.15", "s8(5)", "GDPR-Art32". Unique in the framework. */
  readonly id: string;
  /** Our own short title (a few words). */
  readonly title: string;
  /** A grouping for display, e.g. "Annex A — Organizational controls", "Chapter II". */
  readonly group: string;
}

export interface FrameworkMapping {
  readonly requirementId: string;
  /** A criterion id of the 61 (e.g. "CC6.1"). */
  readonly criterionId: string;
  /** How the requirement relates to the criterion (the requirement is <relationship> the criterion). */
  readonly relationship: Relationship;
  /** One line of our own on why the link holds. */
  readonly rationale: string;
}

export interface Framework {
  /** Stable id used in URLs and exports: "iso27001-2022", "dpdp-2023", "rbi-itgrca-2023", "sebi-cscrf-2024", "gdpr", "hipaa-security". */
  readonly id: string;
  readonly name: string;
  readonly version: string;
  /** Where the requirement identifiers come from (a citation, not text). */
  readonly source: string;
  /** Jurisdiction or audience, e.g. "India", "EU", "US healthcare", "International". */
  readonly jurisdiction: string;
  readonly requirements: readonly FrameworkRequirement[];
  readonly mappings: readonly FrameworkMapping[];
  /** Requirements deliberately left without a link to the criteria, each with the reason why. */
  readonly unmapped?: readonly { readonly requirementId: string; readonly reason: string }[];
}
