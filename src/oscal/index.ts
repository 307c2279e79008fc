/**
 * OSCAL 1.2.2 (NIST): pure builders from plain inputs to OSCAL JSON documents, one per model, and a
 * validator over NIST's schema. No I/O and no database: the app layer gathers the inputs.
 */
export { buildAssessmentPlan, buildAssessmentResults } from "./assessment.js";
export { buildCatalog, buildProfile } from "./catalog.js";
export { type DocumentInfo, OSCAL_VERSION, type Party, uuidV5 } from "./common.js";
export { buildMappingCollection } from "./mapping.js";
export { buildPoam } from "./poam.js";
export { buildSsp } from "./ssp.js";
export { createOscalValidator, type OscalModel, type OscalProblem, type OscalValidator } from "./validate.js";
