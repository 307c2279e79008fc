/** Tables of the trust portal's per-organization settings (issue 5 §5). */
import type { Selectable } from "kysely";

export interface TrustPortalSettingsTable {
  /** One row per organization; absent means the defaults (no allow-list, 7-day links). */
  org_id: string;
  firm_id: string;
  /** JSON text: the allow-listed e-mail domains, normalized and sorted (src/core/trust-portal.ts). */
  allowed_domains: string;
  /** Days an approved download link stays valid. */
  link_days: number;
  updated_by: string | null;
  updated_at: string;
}

export interface TrustPortalTables {
  trust_portal_settings: TrustPortalSettingsTable;
}

export type TrustPortalSettingsRow = Selectable<TrustPortalSettingsTable>;
