/** Digital Personal Data Protection Act, 2023 (India): requirements with our own short titles, mapped to the criteria. Placeholder until written. */
import type { Framework } from "../../core/frameworks.js";

export const DPDP: Framework = {
  id: "dpdp-2023",
  name: "Digital Personal Data Protection Act, 2023 (India)",
  version: "2023 (with the DPDP Rules, 2025)",
  source: "The Digital Personal Data Protection Act, 2023 (Act 22 of 2023), by section",
  jurisdiction: "India",
  requirements: [],
  mappings: [],
};
