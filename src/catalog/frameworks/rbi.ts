/** RBI Master Direction on IT Governance, Risk, Controls and Assurance Practices: requirements with our own short titles, mapped to the criteria. Placeholder until written. */
import type { Framework } from "../../core/frameworks.js";

export const RBI: Framework = {
  id: "rbi-itgrca-2023",
  name: "RBI Master Direction on IT Governance, Risk, Controls and Assurance Practices",
  version: "2023",
  source:
    "Reserve Bank of India, Master Direction RBI/2023-24/107 of 7 November 2023, by chapter and paragraph",
  jurisdiction: "India (RBI-regulated entities)",
  requirements: [],
  mappings: [],
};
