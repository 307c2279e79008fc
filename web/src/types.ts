/**
 * Shapes of the HTTP API (docs/API.md). The browser never imports server code, so these are
 * written from the contract. Fields the contract leaves open are optional, and the readers in
 * `format.ts` accept the plausible spellings.
 */

export const STAGES = [
  "scoping",
  "audit_program",
  "description_review",
  "design_assessment",
  "observation_period",
  "control_testing",
  "exceptions",
  "management_response",
  "draft_review",
  "issuance",
] as const;
export type Stage = (typeof STAGES)[number];

export type StageStatus = "done" | "current" | "upcoming" | "skipped";
export type EngagementType = "type1" | "type2";
export const CATEGORY_CODES = ["CC", "A", "PI", "C", "P"] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];
export type Currency = "INR" | "USD";
export type CostClass = "lower" | "moderate" | "higher" | "variable";
export type Level = "low" | "medium" | "high";
export type Hosting = "cloud" | "hybrid" | "on-prem";
export type RecommendationLevel = "required" | "recommended" | "consider" | "optional";

export type FirmRole = "firm_admin" | "partner" | "engagement_manager" | "staff_auditor";
export type OrgRole = "org_admin" | "control_owner" | "employee";
export type Role = FirmRole | OrgRole;

// ---------------------------------------------------------------------------------------------
// Auth

export type SessionState = "active" | "mfa_required" | "mfa_enrolment_required";

export interface Membership {
  tenantKind: string;
  tenantId: string;
  tenantName: string;
  role: Role | string;
}

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  mfaEnabled: boolean;
  cpaLicenceNumber: string | null;
}

export interface Session {
  state: SessionState;
  csrfToken: string;
  user: SessionUser;
  memberships: Membership[];
}

export interface LoginResponse {
  state: SessionState;
  csrfToken: string;
}

export interface EnrolResponse {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

export interface EnrolConfirmResponse {
  state: SessionState;
  csrfToken: string;
  recoveryCodes: string[];
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

export interface CreatedToken extends Partial<ApiToken> {
  token: string;
  id: string;
}

// ---------------------------------------------------------------------------------------------
// Quotes and scoping

export interface QuoteInput {
  type: EngagementType;
  categories: CategoryCode[];
  periodMonths: number;
  employees: number;
  systems: number;
  locations: number;
  vendors: number;
  hosting: Hosting;
  maturity: Level;
  evidenceReadiness: Level;
  currency: Currency;
}

export interface Handles {
  personalData: boolean;
  transactionProcessing: boolean;
  uptimeCommitments: boolean;
  confidentialClientData: boolean;
}

export interface QuoteDriver {
  id: string;
  label: string;
  value: string;
  hours: number;
  amount: number;
  explanation: string;
}

export interface PhaseHours {
  planning: number;
  fieldwork: number;
  reporting: number;
}

export interface QuoteResult {
  currency: Currency;
  total: number;
  costClass: CostClass;
  partnerConfirmationRequired?: boolean;
  hours: PhaseHours & { total: number };
  fees?: PhaseHours;
  drivers: QuoteDriver[];
  rateCard?: { id: string; version: string };
}

export type PersonRef = string | { id?: string; name?: string; email?: string } | null;

/** A quote saved on an engagement: the priced result plus its status and approval. */
export interface EngagementQuote extends Partial<QuoteResult> {
  id: string;
  status?: string;
  result?: QuoteResult;
  inputs?: Partial<QuoteInput>;
  approvedBy?: PersonRef;
  approvedByName?: string | null;
  approvedAt?: string | null;
  createdAt?: string;
  frozen?: boolean;
}

export interface CategoryRecommendation {
  category: CategoryCode;
  level: RecommendationLevel;
  reasons: string[];
}

export interface TypeAdviceInput {
  customersRequire: "type1" | "type2" | "any" | "unknown";
  controlsOperatingMonths: number;
  firstReport: boolean;
  deadlineMonths?: number;
}

export interface TypeAdvice {
  recommended: EngagementType;
  suggestedPeriodMonths: number | null;
  reasons: string[];
}

// ---------------------------------------------------------------------------------------------
// Firm, clients, engagements

export interface OrgRef {
  id: string;
  name: string;
  sector?: string;
}

export interface EngagementSummary {
  id: string;
  name: string;
  type: EngagementType;
  stage: Stage;
  asOfDate?: string | null;
  periodStart?: string | null;
  periodEnd?: string | null;
  categories?: CategoryCode[];
  organization?: OrgRef | null;
  orgId?: string;
  organizationId?: string;
  orgName?: string;
  organizationName?: string;
  clientName?: string;
  updatedAt?: string;
  createdAt?: string;
}

export interface ClientSummary {
  id: string;
  name: string;
  sector: string;
  city?: string | null;
  country?: string | null;
  engagements?: number | EngagementSummary[];
}

export interface EnquirySummary {
  id: string;
  company: string;
  contactName?: string;
  email?: string;
  sector?: string;
  status: string;
  createdAt: string;
  total?: number;
  currency?: Currency;
  costClass?: CostClass;
  quote?: QuoteResult | null;
  requestMeeting?: boolean;
  meetingRequestedAt?: string | null;
}

export interface Enquiry extends EnquirySummary {
  contactName: string;
  email: string;
  phone?: string | null;
  city?: string | null;
  answers?: Partial<QuoteInput> & { handles?: Partial<Handles> } & Partial<Handles> & Record<string, unknown>;
  quote?: QuoteResult | null;
  meetingNote?: string | null;
  convertedOrgId?: string | null;
  convertedEngagementId?: string | null;
  declineReason?: string | null;
  declinedReason?: string | null;
  updatedAt?: string;
}

export interface FirmInfo {
  id: string;
  name: string;
  slug?: string;
  city?: string | null;
  registrationNumber?: string;
}

export interface Dashboard {
  firm: FirmInfo;
  clients: ClientSummary[];
  engagementsByStage: Partial<Record<Stage, number>>;
  engagements: EngagementSummary[];
  enquiries: EnquirySummary[];
  counts?: Record<string, number>;
}

export interface Member {
  id?: string;
  userId?: string;
  name: string;
  email: string;
  role: Role | string;
  mfaEnabled?: boolean;
  cpaLicenceNumber?: string | null;
}

export interface Organization {
  id: string;
  name: string;
  sector: string;
  employees?: number | null;
  city?: string | null;
  country?: string | null;
  website?: string | null;
  createdAt?: string;
}

export interface OrganizationPage {
  organization: Organization;
  engagements: EngagementSummary[];
  members: Member[];
}

export interface SubserviceOrg {
  id: string;
  name: string;
  service: string;
  method: "carve-out" | "inclusive";
}

export interface Boundary {
  services: string[];
  infrastructure: string[];
  locations: string[];
  /** What the service handles (drives the category recommendations); the server keeps it in the boundary. */
  handles?: Partial<Handles>;
}

export interface Engagement {
  id: string;
  name: string;
  type: EngagementType;
  asOfDate: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  firstReport: boolean;
  categories: CategoryCode[];
  stage: Stage;
  boundary: Boundary;
  subserviceOrgs: SubserviceOrg[];
  organization: OrgRef;
  firm: { id: string; name: string };
  handles?: Partial<Handles> | null;
  engagementLetterSignedAt?: string | null;
}

export interface PeriodCheck {
  ok: boolean;
  months: number | null;
  errors: { field: string; message: string }[];
  warnings: string[];
}

export interface GuardFailure {
  guard: string;
  message: string;
}

export interface StageInfo {
  id: Stage;
  label: string;
  description: string;
  status: StageStatus;
}

export interface EngagementPage {
  engagement: Engagement;
  period: PeriodCheck;
  recommendations: CategoryRecommendation[];
  nextStep: { next: Stage | null; blockers: GuardFailure[]; allowedRoles: string[] };
  stages: StageInfo[];
  quote: EngagementQuote | null;
  permissions: { canEditScope: boolean; canMoveStage: boolean; canApproveQuote: boolean };
}

// ---------------------------------------------------------------------------------------------
// Audit trail, notifications, jobs

export interface AuditEvent {
  id: string;
  seq?: number;
  at: string;
  actorLabel?: string;
  actor?: PersonRef;
  actorUserId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string | null;
  engagementId?: string | null;
  summary?: string | { before?: unknown; after?: unknown; note?: string } | null;
  before?: unknown;
  after?: unknown;
  note?: string;
}

export interface AppNotification {
  id: string;
  kind?: string;
  title: string;
  body?: string;
  link?: string | null;
  readAt?: string | null;
  createdAt: string;
}

export interface Job {
  id: string;
  kind: string;
  status: string;
  progress: number | null;
  message: string | null;
  result: unknown;
  error: unknown;
}

// ---------------------------------------------------------------------------------------------
// Public enquiry page

export interface PublicFirm {
  firm: { name: string; slug: string; city?: string | null; registrationNumber?: string };
  sectors?: ({ id: string; label: string } | string)[];
  categories?: unknown;
}

export interface PublicQuoteResponse {
  quote: QuoteResult;
  recommendations: CategoryRecommendation[];
}

// ---------------------------------------------------------------------------------------------
// Readiness workspace: controls, evidence, policies, training, the system description, requests

export const CONTROL_STATUSES = ["not_started", "in_progress", "implemented", "not_applicable"] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

export interface Control {
  id: string;
  orgId: string;
  libraryId: string | null;
  code: string;
  domain: string;
  title: string;
  description: string;
  criteria: string[];
  frequency: string;
  automation: "automated" | "manual" | string;
  evidence: string[];
  attributes: string[];
  ownerUserId: string | null;
  ownerName: string | null;
  status: ControlStatus;
  createdAt: string;
  updatedAt: string;
}

export type FreshnessStatus = "current" | "due_soon" | "overdue" | "missing" | "unscheduled";

export interface ControlFreshness {
  controlId: string;
  code: string;
  title: string;
  frequency: string;
  owner: { userId: string; name: string } | null;
  lastEffectiveDate: string | null;
  nextDue: string | null;
  status: FreshnessStatus;
  daysOverdue: number;
}

export interface EvidenceFreshness {
  asOf: string;
  controls: ControlFreshness[];
  overdueByOwner: {
    owner: { userId: string; name: string } | null;
    controls: Pick<
      ControlFreshness,
      "controlId" | "code" | "title" | "status" | "lastEffectiveDate" | "nextDue" | "daysOverdue"
    >[];
  }[];
}

export interface CoverageRow {
  criterionId: string;
  category: CategoryCode;
  title: string;
  covered: boolean;
  controls: { id: string; code: string; title: string; status: ControlStatus }[];
}

export interface Coverage {
  categories: CategoryCode[];
  criteria: CoverageRow[];
  uncovered: string[];
  controlsInScope: number;
}

export interface CategoryScore {
  category: CategoryCode;
  score: number;
  criteriaApplicable: number;
  criteriaCovered: number;
  requirementsRelevant: number;
  requirementsMet: number;
}

export interface RequirementResult {
  id: string;
  title: string;
  basis: "evidence" | "policy" | "description" | string;
  criteria: string[];
  met: boolean;
  reason: string;
  owner: string | null;
}

export type BlockerKind = "requirement" | "policies" | "system-description" | "control" | "criterion";

export interface Blocker {
  kind: BlockerKind | string;
  target: string;
  message: string;
  owner: string | null;
}

export interface Readiness {
  organizationId: string;
  engagementId: string | null;
  categories: CategoryCode[];
  overall: number;
  byCategory: CategoryScore[];
  requirements: RequirementResult[];
  blockers: Blocker[];
  controls: { total: number; implemented: number; withEvidence: number; overdue: number };
  trend: { day: string; overall: number; byCategory: Record<string, number>; blockers: number }[];
}

export type CheckStatus = "pass" | "fail" | "warn";

export interface ImportCheck {
  id: string;
  title: string;
  status: CheckStatus;
  message: string;
  findings: Record<string, string | number | boolean | null>[];
}

export type EvidenceSource = "upload" | "importer" | "pipeline" | "generated";

export interface EvidenceItem {
  id: string;
  orgId: string;
  seriesId: string;
  version: number;
  supersedesId: string | null;
  title: string;
  description: string | null;
  mediaType: string;
  size: number;
  sha256: string;
  originalName: string | null;
  effectiveDate: string;
  periodStart: string | null;
  periodEnd: string | null;
  source: EvidenceSource | string;
  importerId: string | null;
  checks: { checks: ImportCheck[]; stats: Record<string, number> } | null;
  uploadedBy: string;
  uploadedByName: string | null;
  uploadedAt: string;
  controls: { id: string; code: string; title: string }[];
}

export interface EvidenceVersion {
  id: string;
  version: number;
  title: string;
  size: number;
  sha256: string;
  mediaType: string;
  effectiveDate: string;
  uploadedAt: string;
  uploadedByName: string | null;
}

export interface EvidenceDetail extends EvidenceItem {
  supersededById: string | null;
  versions: EvidenceVersion[];
}

export interface Importer {
  id: string;
  label: string;
  accepts: string;
  inputs: string[];
}

export interface ImportRun {
  importer: string;
  title: string;
  effectiveDate: string;
  periodStart: string | null;
  periodEnd: string | null;
  checks: ImportCheck[];
  stats: Record<string, number>;
  linkedControls: { id: string; code: string; title: string }[];
  unmatchedControlIds: string[];
  items: EvidenceItem[];
}

export type PolicyVersionStatus = "draft" | "approved" | "published" | "superseded";

export interface PolicyReview {
  lastReviewedOn: string | null;
  nextReviewDue: string | null;
  status: "not_published" | "current" | "due_soon" | "overdue";
  daysUntilDue: number | null;
  warning: string | null;
}

export interface PolicySummary {
  id: string;
  title: string;
  templateId: string | null;
  audience: OrgRole[];
  reviewCycleMonths: number;
  currentVersion: { id: string; version: number; publishedAt: string | null } | null;
  openVersion: { id: string; version: number; status: "draft" | "approved" | string } | null;
  review: PolicyReview;
  acknowledgements: { required: number; acknowledged: number } | null;
  myAcknowledgement: { required: boolean; acknowledgedAt: string | null };
}

export interface PolicyList {
  organization: { id: string; name: string };
  policies: PolicySummary[];
  warnings: string[];
  permissions: { canCreate: boolean; canManage: boolean };
}

export interface PolicyTemplate {
  id: string;
  title: string;
  purpose: string;
  reviewCycleMonths: number;
  controls: string[];
  audience: { id: string; label: string; roles: OrgRole[] };
  words: number;
  body: string;
}

export interface PersonName {
  id: string;
  name: string;
}

export interface PolicyVersionMeta {
  id: string;
  policyId: string;
  version: number;
  title: string;
  changeNote: string | null;
  status: PolicyVersionStatus;
  current: boolean;
  authors: PersonName[];
  createdAt: string;
  updatedAt: string;
  approvedBy: PersonName | null;
  approvedAt: string | null;
  publishedBy: PersonName | null;
  publishedAt: string | null;
}

export interface PolicyVersion extends PolicyVersionMeta {
  body: string;
}

export interface PolicyDetail {
  policy: {
    id: string;
    orgId: string;
    title: string;
    templateId: string | null;
    audience: OrgRole[];
    reviewCycleMonths: number;
    acknowledgeWithinDays: number;
    owner: PersonName | null;
    review: PolicyReview;
    controls: { id: string; code: string; title: string; libraryId: string | null }[];
    createdAt: string;
    updatedAt: string;
  };
  current: PolicyVersion | null;
  openVersion: PolicyVersion | null;
  versions: PolicyVersionMeta[];
  myAcknowledgement: { required: boolean; versionId: string | null; acknowledgedAt: string | null };
  permissions: {
    canEdit: boolean;
    canManage: boolean;
    canApprove: boolean;
    canPublish: boolean;
    canAcknowledge: boolean;
  };
}

export interface PolicyVersionPage {
  policy: { id: string; title: string; orgId: string };
  version: PolicyVersion;
  myAcknowledgement: { acknowledgedAt: string } | null;
}

export interface AckInboxItem {
  organization: { id: string; name: string };
  policyId: string;
  versionId: string;
  version: number;
  title: string;
  changeNote: string | null;
  publishedAt: string | null;
  requestedAt: string | null;
  dueOn?: string | null;
  overdue?: boolean;
  acknowledgedAt?: string | null;
}

export interface AckInbox {
  outstanding: AckInboxItem[];
  acknowledged: AckInboxItem[];
}

export interface AckCoverage {
  organization: { id: string; name: string };
  asOf: string;
  totals: { required: number; acknowledged: number; outstanding: number; overdue: number; percent: number };
  policies: {
    policyId: string;
    title: string;
    versionId: string;
    version: number;
    publishedAt: string | null;
    audience: OrgRole[];
    required: number;
    acknowledgedCount: number;
    acknowledged: {
      userId: string;
      name: string;
      email: string;
      acknowledgedAt: string;
      ip: string | null;
      userAgent: string | null;
    }[];
    outstanding: {
      userId: string;
      name: string;
      email: string;
      requestedAt: string | null;
      dueOn: string | null;
      overdue: boolean;
    }[];
  }[];
  people: {
    userId: string;
    name: string;
    email: string;
    roles: OrgRole[];
    required: number;
    acknowledgedCount: number;
    outstanding: {
      policyId: string;
      title: string;
      versionId: string;
      version: number;
      dueOn: string | null;
      overdue: boolean;
    }[];
  }[];
  unpublished: { policyId: string; title: string }[];
}

export interface TrainingAssignment {
  id: string;
  courseTitle: string;
  assignee: { id: string; name: string; email: string };
  dueOn: string;
  status: "open" | "overdue" | "completed";
  overdue: boolean;
  daysOverdue: number;
  assignedAt: string;
  assignedBy: PersonName | null;
  completedOn: string | null;
  completionRecordedAt: string | null;
  completionRecordedBy: PersonName | null;
  certificate: { evidenceItemId: string; fileName: string | null; sha256: string | null } | null;
}

export interface TrainingList {
  organization: { id: string; name: string };
  asOf: string;
  summary: { total: number; completed: number; open: number; overdue: number };
  assignments: TrainingAssignment[];
  permissions: { canAssign: boolean; seesEveryone: boolean };
}

export interface CriterionRefItem {
  text: string;
  criteria: string[];
}

export interface SystemDescriptionContent {
  services: string;
  commitments: string;
  requirements: string;
  components: { infrastructure: string; software: string; people: string; procedures: string; data: string };
  boundaries: string;
  incidents: { date: string; nature: string; extent: string; resolution: string }[];
  noIncidents: boolean;
  controlsNarrative: string;
  cuecs: CriterionRefItem[];
  noCuecs: boolean;
  subservice: {
    subserviceId: string;
    csocs: CriterionRefItem[];
    monitoring: string;
    reportType: "soc2-type1" | "soc2-type2" | "iso27001" | "none";
    reportPeriodStart: string;
    reportPeriodEnd: string;
  }[];
  notRelevant: { criterionId: string; reason: string }[];
  changes: { date: string; description: string }[];
  noChanges: boolean;
}

export type DescriptionSection = "DC1" | "DC2" | "DC3" | "DC4" | "DC5" | "DC6" | "DC7" | "DC8" | "DC9";

export interface SystemDescriptionPage {
  engagementId: string;
  type: EngagementType;
  revision: number;
  updatedAt: string | null;
  content: SystemDescriptionContent;
  completeness: { complete: boolean; missing: { section: DescriptionSection; message: string }[] };
  criteria: {
    criterionId: string;
    category: CategoryCode;
    covered: boolean;
    controls: { code: string; title: string }[];
  }[];
  subserviceOrgs: { id: string; name: string; service: string; method: string }[];
  canEdit: boolean;
}

export type RequestStatus = "open" | "submitted" | "accepted" | "returned";

export interface EvidenceRequest {
  id: string;
  ref: string;
  engagementId: string;
  control: { id: string; code: string | null; title: string | null } | null;
  what: string;
  periodStart: string | null;
  periodEnd: string | null;
  dueDate: string | null;
  assignee: { id: string; name: string | null; email: string | null } | null;
  status: RequestStatus;
  evidenceCount: number;
  commentCount: number;
  lastComment: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  acceptedAt: string | null;
}

export interface RequestComment {
  id: string;
  kind: string;
  side: "firm" | "org" | string;
  author: { id: string; name: string | null } | null;
  text: string;
  createdAt: string;
}

export interface RequestDetail {
  request: EvidenceRequest & { evidenceIds: string[]; comments: RequestComment[] };
  permissions: {
    canEdit: boolean;
    canReassign: boolean;
    canSubmit: boolean;
    canAccept: boolean;
    canReturn: boolean;
    canComment: boolean;
    canChangeEvidence: boolean;
  };
}

export interface RequestList {
  requests: EvidenceRequest[];
  permissions: { canCreate: boolean; canImport: boolean };
}

export interface RequestImportResult {
  format: string;
  created: { row: number; id: string; ref: string }[];
  updated: { row: number; id: string; ref: string }[];
  unchanged: number;
  warnings: unknown[];
}
