/**
 * The DC4 feed: incidents flagged for disclosure in the organization's register whose awareness
 * falls in the engagement's period (or the year to a Type 1's as-of date), as entries of the
 * system description. The report and the description's completeness check merge them with the
 * entries management wrote by hand. The caller has already authorised access to the engagement.
 */
import type { Kysely } from "kysely";
import { type Dc4Entry, disclosureWindow, registerDc4Entries } from "../../core/incident-disclosure.js";
import { listDisclosedIncidents } from "../../db/repositories/incidents.js";
import type { DB, EngagementRow } from "../../db/schema.js";

export const registerDisclosures = async (db: Kysely<DB>, e: EngagementRow): Promise<Dc4Entry[]> => {
  const window = disclosureWindow({
    type: e.type === "type1" ? "type1" : "type2",
    periodStart: e.period_start,
    periodEnd: e.period_end,
    asOfDate: e.as_of_date,
  });
  if (!window) return [];
  const rows = await listDisclosedIncidents(db, e.org_id);
  return registerDc4Entries(
    rows.map((r) => ({
      awareAt: r.aware_at,
      disclose: r.disclose === 1,
      nature: r.disclosure_nature,
      extent: r.disclosure_extent,
      resolution: r.disclosure_resolution,
    })),
    window,
  );
};
