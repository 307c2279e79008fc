/** Tables of the organization's controls (adopted from the library or written by the organization). */
import type { Selectable } from "kysely";

export interface OrgControlsTable {
  id: string;
  org_id: string;
  /** Library control id this was adopted from, or null for the organization's own control. */
  library_id: string | null;
  /** Display code, e.g. "IAM-03" or "ORG-01". Unique per organization. */
  code: string;
  domain: string;
  title: string;
  description: string;
  /** JSON array of criterion ids. */
  criteria: string;
  frequency: string;
  automation: string;
  /** JSON arrays of strings. */
  evidence: string;
  attributes: string;
  owner_user_id: string | null;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface ControlTables {
  org_controls: OrgControlsTable;
}

export type OrgControlRow = Selectable<OrgControlsTable>;
