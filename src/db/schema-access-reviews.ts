/** Tables of access review campaigns (issue 7 §3): campaigns, their systems, the accounts under review, revocation tasks. */
import type { Selectable } from "kysely";

export interface AccessReviewCampaignsTable {
  id: string;
  firm_id: string;
  org_id: string;
  name: string;
  /** draft | open | completed | signed_off */
  status: string;
  due_date: string;
  /** quarterly | semiannual | annual | none */
  schedule: string;
  launched_at: string | null;
  completed_at: string | null;
  signed_off_at: string | null;
  signed_off_by: string | null;
  /** The generated evidence item holding the signed-off result. */
  evidence_id: string | null;
  result_sha256: string | null;
  last_reminder_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface AccessReviewSystemsTable {
  id: string;
  campaign_id: string;
  firm_id: string;
  org_id: string;
  name: string;
  owner_user_id: string;
  /** The format of the last import (aws-credential-report, github-members, okta-users, csv). */
  source: string | null;
  imported_at: string | null;
  created_at: string;
}

export interface AccessReviewEntriesTable {
  id: string;
  campaign_id: string;
  system_id: string;
  firm_id: string;
  org_id: string;
  account: string;
  /** Lower-case account, unique per system. */
  account_key: string;
  name: string | null;
  email: string | null;
  /** JSON array of strings. */
  entitlements: string;
  manager_email: string | null;
  reviewer_user_id: string;
  /** manager | owner | fallback */
  routed_to: string;
  /** keep | change | revoke, null while pending */
  decision: string | null;
  /** JSON array of strings, for a change. */
  new_entitlements: string | null;
  reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
}

export interface AccessReviewTasksTable {
  id: string;
  campaign_id: string;
  entry_id: string;
  system_id: string;
  firm_id: string;
  org_id: string;
  assignee_user_id: string;
  /** open | closed | cancelled */
  status: string;
  /** Evidence of removal (an evidence item of the organization); required to close. */
  evidence_id: string | null;
  note: string | null;
  closed_by: string | null;
  closed_at: string | null;
  created_at: string;
}

export interface AccessReviewTables {
  access_review_campaigns: AccessReviewCampaignsTable;
  access_review_systems: AccessReviewSystemsTable;
  access_review_entries: AccessReviewEntriesTable;
  access_review_tasks: AccessReviewTasksTable;
}

export type AccessReviewCampaignRow = Selectable<AccessReviewCampaignsTable>;
export type AccessReviewSystemRow = Selectable<AccessReviewSystemsTable>;
export type AccessReviewEntryRow = Selectable<AccessReviewEntriesTable>;
export type AccessReviewTaskRow = Selectable<AccessReviewTasksTable>;
