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
