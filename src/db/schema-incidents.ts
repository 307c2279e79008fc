/**
 * Tables of the incident register (issue 7 §4): the incidents of an organization with the facts
 * that decide their notification clocks, the response timeline, the notifications sent per clock,
 * and the post-incident review's actions (tasks with owners and due dates).
 */
import type { Selectable } from "kysely";

export interface IncidentsTable {
  id: string;
  firm_id: string;
  org_id: string;
  /** Number within the organization; shown as INC-001. Never reused. */
  seq: number;
  title: string;
  summary: string;
  /** ISO timestamps; the clocks count from awareness. */
  detected_at: string;
  aware_at: string;
  reported_by: string;
  /** event | incident | breach */
  classification: string;
  /** SEV1 … SEV4 */
  severity: string;
  /** JSON arrays of text. */
  affected_systems: string;
  data_categories: string;
  personal_data: number;
  principals_count: number | null;
  /** JSON array of india | eu | other. */
  jurisdictions: string;
  cert_in_reportable: number;
  /** JSON array of regulator names (e.g. "RBI"); informational, no clock of its own. */
  regulators: string;
  /** open | contained | resolved | closed */
  status: string;
  owner_user_id: string | null;
  root_cause: string;
  lessons: string;
  review_completed_at: string | null;
  review_completed_by: string | null;
  disclose: number;
  disclosure_nature: string;
  disclosure_extent: string;
  disclosure_resolution: string;
  closed_at: string | null;
  closed_by: string | null;
  /** The generated evidence item produced at closure. */
  closure_evidence_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface IncidentTimelineTable {
  id: string;
  incident_id: string;
  firm_id: string;
  org_id: string;
  at: string;
  /** detection | triage | containment | eradication | recovery | communication */
  phase: string;
  note: string;
  author_user_id: string | null;
  created_at: string;
}

export interface IncidentNotificationsTable {
  id: string;
  incident_id: string;
  firm_id: string;
  org_id: string;
  /** A clock id of src/core/incident-clocks.ts. */
  clock: string;
  recipient: string;
  sent_at: string;
  reference: string;
  recorded_by: string | null;
  created_at: string;
}

export interface IncidentActionsTable {
  id: string;
  incident_id: string;
  firm_id: string;
  org_id: string;
  title: string;
  owner_user_id: string | null;
  due_date: string | null;
  /** open | done | accepted */
  status: string;
  resolution_note: string;
  done_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface IncidentTables {
  incidents: IncidentsTable;
  incident_timeline: IncidentTimelineTable;
  incident_notifications: IncidentNotificationsTable;
  incident_actions: IncidentActionsTable;
}

export type IncidentRow = Selectable<IncidentsTable>;
export type IncidentTimelineRow = Selectable<IncidentTimelineTable>;
export type IncidentNotificationRow = Selectable<IncidentNotificationsTable>;
export type IncidentActionRow = Selectable<IncidentActionsTable>;
