/**
 * Tables of policies, acknowledgements and training. A policy has numbered versions; a published
 * version is never updated (a change is a new draft version), so an acknowledgement always points
 * at the exact text the person read.
 */
import type { Selectable } from "kysely";

export interface PoliciesTable {
  id: string;
  org_id: string;
  /** The template it was created from, or null for a blank policy. */
  template_id: string | null;
  /** Working title: the latest version's title. */
  title: string;
  /** JSON array of organization roles that must read and acknowledge it. */
  audience: string;
  review_cycle_months: number;
  /** Days a person has to acknowledge a newly published version. */
  acknowledge_within_days: number;
  owner_user_id: string | null;
  /** The published version in force, or null before the first publication. */
  current_version_id: string | null;
  /** Date (YYYY-MM-DD) of the last review that confirmed the policy without changing it. */
  last_reviewed_on: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface PolicyVersionsTable {
  id: string;
  policy_id: string;
  org_id: string;
  version: number;
  title: string;
  body: string;
  change_note: string | null;
  /** draft → approved → published. */
  status: string;
  /** JSON array of user ids who wrote or edited this version; none of them may approve it. */
  authors: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  approved_by: string | null;
  approved_at: string | null;
  published_by: string | null;
  published_at: string | null;
}

export interface PolicyControlsTable {
  policy_id: string;
  org_control_id: string;
  org_id: string;
  created_at: string;
}

export interface PolicyAckRequestsTable {
  id: string;
  org_id: string;
  policy_id: string;
  version_id: string;
  user_id: string;
  requested_at: string;
  due_on: string;
}

export interface PolicyAcknowledgementsTable {
  id: string;
  org_id: string;
  policy_id: string;
  version_id: string;
  user_id: string;
  acknowledged_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface TrainingAssignmentsTable {
  id: string;
  org_id: string;
  course_title: string;
  assignee_user_id: string;
  due_on: string;
  assigned_by: string | null;
  assigned_at: string;
  completed_on: string | null;
  completion_recorded_by: string | null;
  completion_recorded_at: string | null;
  /** The certificate as an evidence item, once the evidence repository holds it. */
  certificate_evidence_id: string | null;
  certificate_file_name: string | null;
  certificate_sha256: string | null;
  updated_at: string;
}

export interface PolicyTables {
  policies: PoliciesTable;
  policy_versions: PolicyVersionsTable;
  policy_controls: PolicyControlsTable;
  policy_ack_requests: PolicyAckRequestsTable;
  policy_acknowledgements: PolicyAcknowledgementsTable;
  training_assignments: TrainingAssignmentsTable;
}

export type PolicyRow = Selectable<PoliciesTable>;
export type PolicyVersionRow = Selectable<PolicyVersionsTable>;
export type PolicyAckRequestRow = Selectable<PolicyAckRequestsTable>;
export type PolicyAcknowledgementRow = Selectable<PolicyAcknowledgementsTable>;
export type TrainingAssignmentRow = Selectable<TrainingAssignmentsTable>;
