/**
 * The organization's own records of a bridge letter's gap (SOC2.md §2.6): changes to the system and
 * its controls (the description's DC9 changes) and incidents (the description's DC4 incidents, and
 * the incident register's incidents that management marked for disclosure), dated after the period
 * end and up to the last day the letter covers. Worded as the letter lists them.
 */
import { formatReportDate } from "../../core/report-wording.js";
import type { SystemDescription } from "../../core/system-description.js";
import type { Deps } from "../deps.js";

const inGap = (date: string, after: string, until: string): boolean => date > after && date <= until;

export interface GapRecords {
  readonly changes: string[];
  readonly incidents: string[];
}

export const gapRecords = async (
  deps: Deps,
  orgId: string,
  description: Pick<SystemDescription, "changes" | "incidents">,
  periodEnd: string,
  until: string,
): Promise<GapRecords> => {
  const registered = await deps.db
    .selectFrom("incidents")
    .select(["aware_at", "title", "disclosure_nature", "disclosure_extent", "disclosure_resolution"])
    .where("org_id", "=", orgId)
    .where("disclose", "=", 1)
    .where("classification", "in", ["incident", "breach"])
    .orderBy("aware_at")
    .execute();
  const changes = description.changes
    .filter((c) => inGap(c.date, periodEnd, until))
    .map((c) => `${formatReportDate(c.date)}: ${c.description}`);
  const described = description.incidents
    .filter((i) => inGap(i.date, periodEnd, until))
    .map((i) => `${formatReportDate(i.date)}: ${i.nature} ${i.extent} ${i.resolution}`.trim());
  const fromRegister = registered
    .filter((r) => inGap(r.aware_at.slice(0, 10), periodEnd, until))
    .map((r) => {
      const words = [r.disclosure_nature, r.disclosure_extent, r.disclosure_resolution]
        .map((t) => t.trim())
        .filter(Boolean);
      return `${formatReportDate(r.aware_at.slice(0, 10))}: ${words.length > 0 ? words.join(" ") : r.title}`;
    });
  return { changes, incidents: [...new Set([...described, ...fromRegister])] };
};
