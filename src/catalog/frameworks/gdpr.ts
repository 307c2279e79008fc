/** General Data Protection Regulation: requirements with our own short titles, mapped to the criteria. Placeholder until written. */
import type { Framework } from "../../core/frameworks.js";

export const GDPR: Framework = {
  id: "gdpr",
  name: "General Data Protection Regulation",
  version: "2016/679",
  source: "Regulation (EU) 2016/679, by article",
  jurisdiction: "EU/EEA",
  requirements: [],
  mappings: [],
};
