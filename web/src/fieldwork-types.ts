/**
 * Shapes of the fieldwork API (issue 4): audit program, populations, samples, full-population
 * tests, workpapers, exceptions and the opinion. Written from the route schemas; fields the server
 * may leave out are optional.
 */

export type TestMethod = "inquiry" | "observation" | "inspection" | "reperformance";

export interface Procedure {
  method: TestMethod | string;
  description: string;
}

export interface Attribute {
  id: string;
  text: string;
}

export type SampleRule =
  | { kind: "frequency"; frequency: string; risk?: "low" | "high"; priorDeviation?: boolean }
  | { kind: "statistical"; confidence: 90 | 95; tolerable: number; expected: number }
  | { kind: "census" }
  | { kind: "test-of-one" }
  | { kind: "design" };

export interface ProgramLine {
  id: string;
  controlId: string;
  position?: number;
  code: string;
  title: string;
  criteria: string[];
  frequency: string;
  automation: string;
  procedures: Procedure[];
  attributes: Attribute[];
  populationSource: string;
  sampleRule: SampleRule;
  /** The size the rule gives (null while it depends on the population). */
  sampleSize?: { size: number | null; text: string; testAll: boolean } | null;
  /** Optimistic concurrency: sent back as ifMatch when the line is edited. */
  etag?: string;
  updatedAt?: string;
}

export interface PersonRefFw {
  id: string;
  name: string | null;
}

export interface ProgramVersion {
  id: string;
  version: number;
  status: "draft" | "approved" | "superseded" | string;
  reason: string | null;
  createdBy?: PersonRefFw | null;
  createdAt: string;
  updatedAt?: string;
  approvedBy?: PersonRefFw | null;
  approvedAt: string | null;
}

export interface ProgramCoverage {
  inScope: number;
  covered: number;
  criteria: {
    criterionId: string;
    lines: string[];
    status: "covered" | "gap" | "not-relevant";
    title: string;
  }[];
  gaps: string[];
  notRelevant: string[];
}

export interface AuditProgramPage {
  engagement?: { id: string; name: string; type: string; stage: string };
  program: (ProgramVersion & { etag?: string; lines: ProgramLine[]; coverage: ProgramCoverage }) | null;
  /** The approved version in force (a newer draft may exist). */
  currentApproved: ProgramVersion | null;
  versions: ProgramVersion[];
  availableControls?: { id: string; code: string; title: string; criteria: string[] }[];
  permissions: {
    canGenerate: boolean;
    canEdit: boolean;
    canApprove: boolean;
    canCreateVersion: boolean;
    canGenerateRequests: boolean;
    canRollForward?: boolean;
  };
}

export interface RequestListResult {
  programVersion: number;
  created: number;
  existing: number;
}

// ----- populations -----

export type PopulationFormat = "csv" | "tsv" | "jsonl" | "xlsx";

export interface PopulationFile {
  fileSha256: string;
  fileName: string;
  format: PopulationFormat | string;
  sizeBytes: number;
  columns: string[];
  preview: string[][];
}

export interface UnparseableRow {
  row: number;
  column: string;
  value: string;
}

export interface Reconciliation {
  otherPopulationId?: string;
  otherPopulationName?: string;
  key?: string;
  otherKey?: string;
  leftRows: number;
  rightRows: number;
  matched: number;
  unmatchedLeftCount: number;
  unmatchedRightCount: number;
  unmatchedLeft: ReconRow[];
  unmatchedRight: ReconRow[];
  at?: string;
}

export type ReconRow =
  | { row?: number; key?: string; values?: Record<string, string> }
  | Record<string, unknown>;

export interface PopulationSummary {
  id: string;
  engagementId: string;
  controlId: string;
  control?: { id: string; code: string; title: string } | null;
  controlCode?: string;
  name: string;
  periodStart: string;
  periodEnd: string;
  fileName: string;
  format: string;
  sizeBytes: number;
  blobSha256: string;
  rowCount: number;
  inPeriodCount: number;
  excludedCount: number;
  unparseableCount: number;
  mapping?: { date: string; id: string | null };
  caMethod: string;
  createdAt: string;
  createdByName?: string | null;
  samples?: number;
  tests?: number;
}

export interface SampleItem {
  row: number;
  id: string;
  date: string;
  values?: Record<string, string>;
}

export interface Stratum {
  label: string;
  start: string;
  end: string;
  population: number;
  selected: number;
}

export interface SampleView {
  id: string;
  populationId: string;
  controlId?: string;
  extendsSampleId: string | null;
  method: string;
  seed: string;
  frequency: string;
  size: number;
  rule: unknown;
  strata: Stratum[];
  items: SampleItem[];
  reason: string | null;
  createdAt: string;
  createdByName?: string | null;
}

export interface PopulationTestSummary {
  id: string;
  populationId: string;
  joinPopulationId: string | null;
  controlId?: string;
  rule: unknown;
  on?: unknown;
  description?: string;
  rowsTested: number;
  rowsFailing: number;
  createdAt: string;
  createdByName?: string | null;
}

export interface PopulationTestView extends PopulationTestSummary {
  failing: { row: number; values: Record<string, unknown> }[];
}

export interface PopulationDetail extends Omit<PopulationSummary, "samples" | "tests"> {
  columns: string[];
  preview: string[][];
  unparseable: UnparseableRow[];
  caSource: string;
  reconciliation: Reconciliation | null;
  samples: SampleSummary[];
  tests: PopulationTestSummary[];
  permissions?: { canSample?: boolean; canTest?: boolean; canReconcile?: boolean; canDelete?: boolean };
}

export type SampleSummary = Omit<SampleView, "items" | "strata"> & {
  items?: SampleItem[];
  strata?: Stratum[];
};

// ----- workpapers -----

export type WorkpaperStatus = "open" | "prepared" | "reviewed";
export type Conclusion = "effective" | "effective-with-exceptions" | "ineffective" | "not-occurred";
export type ResultValue = "pass" | "fail" | "na";

export interface SignOff {
  id: string;
  name: string | null;
  at: string | null;
}

export interface WorkpaperSummary {
  id: string;
  engagementId: string;
  control: { id: string; code: string; title: string };
  status: WorkpaperStatus | string;
  conclusion: Conclusion | string | null;
  conclusionNote: string;
  preparer: SignOff | null;
  reviewer: SignOff | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
  exceptionCount?: number;
  pendingExceptionCount?: number;
  resultCount?: number;
}

export interface WorkpaperList {
  workpapers: WorkpaperSummary[];
  unopened: { controlId: string; code: string; title: string }[];
  permissions: { canOpen: boolean };
}

export interface WorkpaperItem {
  key: string;
  label: string;
  row: number | null;
  date: string | null;
  values: Record<string, string> | null;
  /** The sample it came from (an extension's items name the extension). */
  sampleId: string | null;
}

export interface TestResult {
  itemKey: string;
  attributeId: string;
  result: ResultValue;
  note: string;
  onGrid?: boolean;
  evidence: {
    id: string;
    sha256: string | null;
    title: string | null;
    seriesId?: string | null;
    version: number | null;
    supersededBy?: string | null;
  } | null;
  testedBy: { id: string; name: string | null } | null;
  testedAt: string;
}

export interface WorkpaperEvent {
  id: string;
  kind: "prepared" | "reviewed" | "reopened" | string;
  user: { id: string; name: string | null } | null;
  reason: string | null;
  at: string;
}

export interface SuggestedConclusion {
  conclusion: string | null;
  evaluation?: string | null;
  markers: { id: string; message: string }[];
  reasons: string[];
  deviationRate?: number;
  extendSample?: { suggestedAdditional: number } | null;
}

export interface WorkpaperBasis {
  kind: "sample" | "population-test" | "design" | "test-of-one" | string;
  populationSize: number | null;
  sample: {
    id: string;
    populationId: string;
    populationName: string | null;
    populationHash: string | null;
    method: string;
    seed: string;
    chain: { id: string; size: number; extendsSampleId: string | null; reason: string | null }[];
  } | null;
  populationTest: { id: string; rowsTested: number; rowsFailing: number } | null;
}

export interface WorkpaperExceptionRef {
  id: string;
  ref: string;
  attributeId: string | null;
  kind: string;
  description: string;
  deviations: number;
  tested: number;
  classification: string;
  status: string;
}

export interface WorkpaperDetail extends WorkpaperSummary {
  programLine: {
    id: string;
    programVersion: number;
    programStatus: string;
    code: string;
    title: string;
    criteria: string[];
    frequency: string;
    automation: string;
    procedures: Procedure[];
    populationSource: string;
    sampleRule: SampleRule | null;
  } | null;
  basis: WorkpaperBasis;
  attributes: Attribute[];
  items: WorkpaperItem[];
  results: TestResult[];
  tally: {
    missingCells: number;
    itemsTested: number;
    perAttribute: { attributeId: string; tested: number; deviations: number }[];
  };
  exceptions: WorkpaperExceptionRef[];
  events: WorkpaperEvent[];
  suggestion: SuggestedConclusion | null;
  conclusionProblems: string[];
}

export interface WorkpaperPermissions {
  canEdit: boolean;
  canPrepare: boolean;
  canReview: boolean;
  canReopen: boolean;
}

export interface WorkpaperPage {
  workpaper: WorkpaperDetail;
  permissions: WorkpaperPermissions;
}

// ----- exceptions -----

export type ExceptionKind = "operating-deviation" | "design-deficiency" | "description-misstatement";
export type ExceptionStatus = "open" | "responded" | "accepted" | "asked-again" | "void";

export interface ExceptionResponse {
  n: number;
  response: string;
  remediation: string;
  remediationDate: string | null;
  author: { id: string; name: string | null } | null;
  createdAt: string;
  decision: "accepted" | "asked-again" | null;
  decisionNote: string | null;
  decidedBy: { id: string; name: string | null } | null;
  decidedAt: string | null;
}

/** An exception as listed: the auditors see classification and the workpaper; the client does not. */
export interface ExceptionSummary {
  id: string;
  ref: string;
  engagementId: string;
  control: { id: string; code: string; title: string };
  kind: ExceptionKind | string;
  description: string;
  deviations: number;
  tested: number;
  cause: string;
  status: ExceptionStatus | string;
  createdAt: string;
  updatedAt: string;
  responses: ExceptionResponse[];
  workpaperId?: string;
  workpaperStatus?: string;
  attributeId?: string | null;
  classification?: "pending" | "isolated" | "systematic" | string;
  markers?: string[];
  extension?: { sampleId: string; added: number; reason: string } | null;
}

export interface ExceptionSuggestion {
  classification: string | null;
  markers: { id: string; message: string }[];
  conclusion: string | null;
  reasons: string[];
  kind: string;
  extendSample: { suggestedAdditional: number; message: string } | null;
}

export interface ExceptionPage {
  exception: ExceptionSummary & { suggestion?: ExceptionSuggestion | null };
  permissions: { canEdit: boolean; canRecordExtension: boolean; canRespond: boolean; canDecide: boolean };
}

// ----- opinion -----

export interface CriterionOpinion {
  id: string;
  title: string | null;
  advice: "met" | "met-with-exceptions" | "not-met" | string;
  reasons: string[];
  controls: {
    controlId: string;
    code: string;
    conclusion: string;
    deviations: number;
    workpaperId: string | null;
    workpaperStatus: string | null;
  }[];
}

export interface OpinionDecision {
  id: string;
  opinion: string;
  basis: string;
  scopeLimitation: string;
  adviceAtTheTime: string | null;
  decidedBy: { id: string; name: string | null } | null;
  decidedAt: string;
}

export interface OpinionPage {
  program: { id: string; version: number; status: string } | null;
  advice: {
    overall: "unmodified" | "qualified" | "adverse" | "disclaimer" | string;
    basisRequired: boolean;
    reasons: string[];
    perCriterion: CriterionOpinion[];
  };
  notes?: string[];
  scopeLimitation: string;
  current: OpinionDecision | null;
  history: OpinionDecision[];
  permissions: { canDecide: boolean };
}
