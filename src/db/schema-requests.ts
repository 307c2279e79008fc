/**
 * Tables of the evidence request list (the "PBC list"): what the auditor asks the organization for,
 * per engagement, with its comment thread and the evidence items that answer it.
 */
import type { Selectable } from "kysely";

export interface EvidenceRequestsTable {
  id: string;
  firm_id: string;
  org_id: string;
  engagement_id: string;
  /** Number within the engagement; shown as REQ-001. Never reused or renumbered. */
  seq: number;
  /** org_controls.id, or null for a request not tied to one control. */
  control_id: string | null;
  what: string;
  period_start: string | null;
  period_end: string | null;
  due_date: string | null;
  /** A user holding an organization admin or control owner role in the organization. */
  assignee_user_id: string | null;
  /** open | submitted | accepted | returned */
  status: string;
  /** SHA-256 of (control, normalised text, period): unique per engagement, the idempotency key. */
  dedupe_key: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  accepted_at: string | null;
}

export interface EvidenceRequestCommentsTable {
  id: string;
  request_id: string;
  firm_id: string;
  org_id: string;
  engagement_id: string;
  /** Position in the request's thread (ties on created_at are common). */
  n: number;
  author_user_id: string | null;
  /** firm | org: which side of the engagement wrote it. */
  author_side: string;
  /** comment | return (the auditor's reason for returning the request) */
  kind: string;
  body: string;
  created_at: string;
}

/** Evidence items answering a request. No foreign key: evidence items live in another capability. */
export interface EvidenceRequestEvidenceTable {
  request_id: string;
  evidence_id: string;
  firm_id: string;
  org_id: string;
  engagement_id: string;
  linked_by: string | null;
  linked_at: string;
}

/** The last reference number per engagement; its row lock serialises request creation. */
export interface EvidenceRequestCountersTable {
  engagement_id: string;
  firm_id: string;
  org_id: string;
  last_seq: number;
}

export interface RequestTables {
  evidence_requests: EvidenceRequestsTable;
  evidence_request_comments: EvidenceRequestCommentsTable;
  evidence_request_evidence: EvidenceRequestEvidenceTable;
  evidence_request_counters: EvidenceRequestCountersTable;
}

export type EvidenceRequestRow = Selectable<EvidenceRequestsTable>;
export type EvidenceRequestCommentRow = Selectable<EvidenceRequestCommentsTable>;
