/** Tables of engagement letters and management representation letters (issue 5 §4). */
import type { Selectable } from "kysely";

/**
 * One version of an engagement letter or a representation letter. Generating a new version
 * supersedes every unaccepted one of the same kind; an accepted version is final. The PDF as
 * generated (`pdf_sha256`) and the accepted copy with its acceptance record appended
 * (`accepted_pdf_sha256`, also stored as the evidence item `evidence_id`) live in the organization's
 * encrypted blob store.
 */
export interface EngagementDocumentsTable {
  id: string;
  firm_id: string;
  org_id: string;
  engagement_id: string;
  /** engagement-letter | representation-letter */
  kind: string;
  /** 1, 2, … per engagement and kind. */
  version: number;
  /** draft | sent | accepted | declined | superseded */
  status: string;
  title: string;
  /** YYYY-MM-DD: the date printed on the letter. */
  letter_date: string;
  /** JSON: the facts the letter was built from (fee, timeline, exceptions listed…). */
  facts: string;
  pdf_sha256: string;
  pdf_size: number;
  generated_by: string | null;
  generated_at: string;
  sent_by: string | null;
  sent_at: string | null;
  accepted_by: string | null;
  accepted_name: string | null;
  accepted_title: string | null;
  accepted_ip: string | null;
  accepted_user_agent: string | null;
  accepted_at: string | null;
  /** How the acceptor re-confirmed (session, authenticator code). */
  accepted_confirmation: string | null;
  accepted_pdf_sha256: string | null;
  accepted_pdf_size: number | null;
  evidence_id: string | null;
  declined_by: string | null;
  declined_at: string | null;
  decline_reason: string | null;
  superseded_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface EngagementDocumentTables {
  engagement_documents: EngagementDocumentsTable;
}

export type EngagementDocumentRow = Selectable<EngagementDocumentsTable>;
