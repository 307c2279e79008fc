/**
 * Tables of vendors and subservice organizations (issue 7 §2): the register, the assurance reports
 * each vendor gives us, our reviews of them, links to the engagements' subservice organizations, and
 * security questionnaires answered by link. Dates are YYYY-MM-DD text, lists JSON text.
 */
import type { Selectable } from "kysely";

export interface VendorsTable {
  id: string;
  firm_id: string;
  org_id: string;
  name: string;
  /** Lower-cased, trimmed name: unique per organization. */
  name_key: string;
  service: string;
  /** JSON array of data category labels. */
  data_categories: string;
  personal_data: number;
  /** 1 critical, 2 important, 3 low. */
  tier: number;
  owner_user_id: string | null;
  contract_start: string | null;
  contract_end: string | null;
  dpa_signed_on: string | null;
  /** onboarding | active | offboarded */
  status: string;
  /** carve-out | inclusive when the vendor is a subservice organization, else null. */
  subservice_method: string | null;
  /** JSON array of { text, criteria[] }: complementary subservice organization controls. */
  csocs: string;
  notes: string;
  last_reviewed_on: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** An engagement's subservice organization (subservice_orgs.id) that is this vendor. */
export interface VendorSubserviceLinksTable {
  subservice_org_id: string;
  vendor_id: string;
  engagement_id: string;
  firm_id: string;
  org_id: string;
  linked_at: string;
}

export interface VendorReportsTable {
  id: string;
  vendor_id: string;
  firm_id: string;
  org_id: string;
  /** soc2_type2 | soc2_type1 | soc1_type2 | soc1_type1 | iso27001 */
  kind: string;
  period_start: string | null;
  period_end: string | null;
  as_of_date: string | null;
  issue_date: string;
  auditor: string;
  /** unmodified | qualified | adverse | disclaimer; null for a certificate. */
  opinion: string | null;
  exceptions_count: number;
  exceptions_text: string;
  /** JSON array of { id, text }: the complementary user entity controls the report expects of us. */
  cuecs: string;
  /** The report file in the organization's evidence, when uploaded. */
  evidence_id: string | null;
  created_by: string | null;
  created_at: string;
}

export interface VendorReviewsTable {
  id: string;
  vendor_id: string;
  report_id: string | null;
  firm_id: string;
  org_id: string;
  /** The engagement whose period the report was assessed against. */
  engagement_id: string | null;
  reviewed_on: string;
  reviewed_by: string;
  reviewer_name: string;
  /** acceptable | acceptable_with_actions | not_acceptable */
  outcome: string;
  conclusion: string;
  /** JSON: the assessment (gaps, staleness, opinion) as of the review. */
  assessment: string;
  /** JSON array of { cuecId, text, controlId, code, criteria[] }. */
  accepted_cuecs: string;
  /** The generated evidence item of the review (CC9.2). */
  evidence_id: string | null;
  created_at: string;
}

export interface VendorQuestionnairesTable {
  id: string;
  vendor_id: string;
  firm_id: string;
  org_id: string;
  /** SHA-256 of the link token; the token itself is shown once. */
  token_hash: string;
  template_version: string;
  /** sent | submitted | scored | revoked */
  status: string;
  recipient_email: string | null;
  expires_at: string;
  created_by: string | null;
  created_at: string;
  respondent_name: string | null;
  respondent_email: string | null;
  /** JSON array of { questionId, answer, comment }. */
  answers: string | null;
  submitted_at: string | null;
  submitted_ip: string | null;
  computed_score: number | null;
  reviewer_score: number | null;
  reviewer_rating: string | null;
  reviewer_note: string | null;
  scored_by: string | null;
  scored_at: string | null;
  evidence_id: string | null;
}

export interface VendorTables {
  vendors: VendorsTable;
  vendor_subservice_links: VendorSubserviceLinksTable;
  vendor_reports: VendorReportsTable;
  vendor_reviews: VendorReviewsTable;
  vendor_questionnaires: VendorQuestionnairesTable;
}

export type VendorRow = Selectable<VendorsTable>;
export type VendorReportRow = Selectable<VendorReportsTable>;
export type VendorReviewRow = Selectable<VendorReviewsTable>;
export type VendorQuestionnaireRow = Selectable<VendorQuestionnairesTable>;
