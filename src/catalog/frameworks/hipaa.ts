/** HIPAA Security Rule: requirements with our own short titles, mapped to the criteria. Placeholder until written. */
import type { Framework } from "../../core/frameworks.js";

export const HIPAA: Framework = {
  id: "hipaa-security",
  name: "HIPAA Security Rule",
  version: "45 CFR Part 164 Subpart C",
  source: "45 CFR 164.308–164.316, by standard and implementation specification",
  jurisdiction: "US healthcare",
  requirements: [],
  mappings: [],
};
