/** SEBI Cybersecurity and Cyber Resilience Framework: requirements with our own short titles, mapped to the criteria. Placeholder until written. */
import type { Framework } from "../../core/frameworks.js";

export const SEBI: Framework = {
  id: "sebi-cscrf-2024",
  name: "SEBI Cybersecurity and Cyber Resilience Framework",
  version: "2024",
  source: "SEBI circular SEBI/HO/ITD-1/ITD_CSC_EXT/P/CIR/2024/113 of 20 August 2024, by standard",
  jurisdiction: "India (SEBI-regulated entities)",
  requirements: [],
  mappings: [],
};
