/** Tables of the DC 200 system description. */
import type { Selectable } from "kysely";

export interface SystemDescriptionsTable {
  id: string;
  engagement_id: string;
  org_id: string;
  firm_id: string;
  /** JSON of SystemDescription (src/core/system-description.ts). */
  content: string;
  revision: number;
  updated_by: string | null;
  updated_at: string;
}

export interface DescriptionTables {
  system_descriptions: SystemDescriptionsTable;
}

export type SystemDescriptionRow = Selectable<SystemDescriptionsTable>;
