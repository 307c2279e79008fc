/**
 * Kysely table types. Portable storage choices, so one set of migrations and one repository
 * serve SQLite and PostgreSQL alike: ids are text (UUIDs), timestamps are ISO-8601 UTC text,
 * dates are YYYY-MM-DD text, booleans are integers 0/1, structured values are JSON text.
 */
import type { Generated, Insertable, Selectable, Updateable } from "kysely";
import type { AccessReviewTables } from "./schema-access-reviews.js";
import type { ControlTables } from "./schema-controls.js";
import type { DescriptionTables } from "./schema-description.js";
import type { EngagementDocumentTables } from "./schema-engagement-documents.js";
import type { EvidenceTables } from "./schema-evidence.js";
import type { FieldworkTables } from "./schema-fieldwork.js";
import type { ImportedFrameworkTables } from "./schema-imported-frameworks.js";
import type { IncidentTables } from "./schema-incidents.js";
import type { PolicyTables } from "./schema-policies.js";
import type { ReadinessTables } from "./schema-readiness.js";
import type { ReportTables } from "./schema-reports.js";
import type { RequestTables } from "./schema-requests.js";
import type { RiskTables } from "./schema-risks.js";
import type { SsoTables } from "./schema-sso.js";
import type { TrustPortalTables } from "./schema-trust-portal.js";
import type { VendorTables } from "./schema-vendors.js";

export interface FirmsTable {
  id: string;
  slug: string;
  name: string;
  registration_number: string;
  peer_review_date: string | null;
  city: string | null;
  country: string;
  default_currency: string;
  created_at: string;
}

export interface OrganizationsTable {
  id: string;
  firm_id: string;
  name: string;
  sector: string;
  employees: number | null;
  city: string | null;
  country: string;
  website: string | null;
  created_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  totp_secret_enc: string | null;
  totp_pending_enc: string | null;
  totp_enabled_at: string | null;
  totp_last_step: number | null;
  cpa_licence_number: string | null;
  failed_login_count: Generated<number>;
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
}

export interface MembershipsTable {
  id: string;
  user_id: string;
  tenant_kind: string;
  tenant_id: string;
  role: string;
  created_at: string;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  mfa_verified: number;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface RateLimitsTable {
  key: string;
  window_start: string;
  count: number;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  scopes: string;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
  created_at: string;
}

export interface AuditEventsTable {
  seq: number;
  id: string;
  at: string;
  actor_user_id: string | null;
  actor_label: string;
  firm_id: string | null;
  org_id: string | null;
  engagement_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  summary: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface EngagementsTable {
  id: string;
  firm_id: string;
  org_id: string;
  name: string;
  type: string;
  as_of_date: string | null;
  period_start: string | null;
  period_end: string | null;
  first_report: number;
  categories: string;
  stage: string;
  boundary: string;
  engagement_letter_signed_at: string | null;
  previous_engagement_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface SubserviceOrgsTable {
  id: string;
  engagement_id: string;
  firm_id: string;
  org_id: string;
  name: string;
  service: string;
  method: string;
  created_at: string;
}

export interface EnquiriesTable {
  id: string;
  firm_id: string;
  company: string;
  contact_name: string;
  email: string;
  phone: string | null;
  sector: string;
  city: string | null;
  answers: string;
  quote: string;
  status: string;
  meeting_requested_at: string | null;
  meeting_note: string | null;
  converted_org_id: string | null;
  converted_engagement_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface QuotesTable {
  id: string;
  firm_id: string;
  org_id: string;
  engagement_id: string;
  inputs: string;
  result: string;
  rate_card_id: string;
  rate_card_version: string;
  currency: string;
  total: number;
  cost_class: string;
  status: string;
  approved_by: string | null;
  approved_at: string | null;
  created_by: string | null;
  created_at: string;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  firm_id: string | null;
  org_id: string | null;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  read_at: string | null;
  emailed_at: string | null;
  created_at: string;
}

export interface JobsTable {
  id: string;
  firm_id: string | null;
  org_id: string | null;
  kind: string;
  status: string;
  progress: number;
  message: string | null;
  input: string;
  result: string | null;
  error: string | null;
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  cancel_requested: number;
  worker_id: string | null;
  heartbeat_at: string | null;
}

export interface FoundationTables {
  firms: FirmsTable;
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  recovery_codes: RecoveryCodesTable;
  sessions: SessionsTable;
  rate_limits: RateLimitsTable;
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  audit_head: AuditHeadTable;
  engagements: EngagementsTable;
  subservice_orgs: SubserviceOrgsTable;
  enquiries: EnquiriesTable;
  quotes: QuotesTable;
  notifications: NotificationsTable;
  jobs: JobsTable;
}

/** Every table; each capability declares its tables in its own schema file. */
export interface DB
  extends FoundationTables,
    ControlTables,
    EvidenceTables,
    PolicyTables,
    DescriptionTables,
    RequestTables,
    ReadinessTables,
    FieldworkTables,
    ReportTables,
    EngagementDocumentTables,
    TrustPortalTables,
    RiskTables,
    VendorTables,
    AccessReviewTables,
    IncidentTables,
    ImportedFrameworkTables,
    SsoTables {}

export type FirmRow = Selectable<FirmsTable>;
export type OrganizationRow = Selectable<OrganizationsTable>;
export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type MembershipRow = Selectable<MembershipsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type EngagementRow = Selectable<EngagementsTable>;
export type SubserviceOrgRow = Selectable<SubserviceOrgsTable>;
export type EnquiryRow = Selectable<EnquiriesTable>;
export type QuoteRow = Selectable<QuotesTable>;
export type NotificationRow = Selectable<NotificationsTable>;
export type JobRow = Selectable<JobsTable>;
