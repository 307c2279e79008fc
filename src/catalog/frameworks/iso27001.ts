/**
 * ISO/IEC 27001:2022 mapped to the 61 criteria: clauses 4–10 and the 93 Annex A controls, each with
 * our own short title (never the standard's wording) and links typed with the OSCAL relationship
 * vocabulary. Most links are partial overlaps: ISO requires a risk-based management system, SOC 2
 * tests controls against criteria, so "equivalent-to" is kept for the few truly same-scope pairs.
 */
import type { Framework } from "../../core/frameworks.js";
import { ISO27001_ANNEX_A5 } from "./iso27001-annex-a5.js";
import { ISO27001_ANNEX_A6_A7 } from "./iso27001-annex-a6-a7.js";
import { ISO27001_ANNEX_A8 } from "./iso27001-annex-a8.js";
import { joinParts } from "./iso27001-build.js";
import { ISO27001_CLAUSES } from "./iso27001-clauses.js";

const ALL = joinParts([ISO27001_CLAUSES, ISO27001_ANNEX_A5, ISO27001_ANNEX_A6_A7, ISO27001_ANNEX_A8]);

export const ISO27001: Framework = {
  id: "iso27001-2022",
  name: "ISO/IEC 27001:2022",
  version: "2022",
  source: "ISO/IEC 27001:2022, clauses 4–10 and Annex A (93 controls)",
  jurisdiction: "International",
  requirements: ALL.requirements,
  mappings: ALL.mappings,
};
