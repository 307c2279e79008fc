/** ISO/IEC 27001:2022: requirements with our own short titles, mapped to the criteria. Placeholder until written. */
import type { Framework } from "../../core/frameworks.js";

export const ISO27001: Framework = {
  id: "iso27001-2022",
  name: "ISO/IEC 27001:2022",
  version: "2022",
  source: "ISO/IEC 27001:2022, clauses 4–10 and Annex A (93 controls)",
  jurisdiction: "International",
  requirements: [],
  mappings: [],
};
