/** The incident register's export: CSV (one row per incident, formulas neutralised) or JSON (as the API shows each incident). */
import { stringify } from "csv-stringify/sync";
import type { Actor } from "../actor.js";
import { requireUser } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { listIncidentRegister } from "./incidents.js";

const CSV_COLUMNS = [
  "ref",
  "title",
  "status",
  "classification",
  "severity",
  "detected_at",
  "aware_at",
  "reported_by",
  "owner",
  "affected_systems",
  "data_categories",
  "personal_data",
  "principals_count",
  "jurisdictions",
  "cert_in_reportable",
  "regulators",
  "notification_clocks",
  "root_cause",
  "lessons",
  "open_actions",
  "disclosed_in_description",
  "closed_at",
] as const;

/** A text cell starting with = + - @ would run as a formula in a spreadsheet; a leading quote keeps it text. */
const cell = (v: string | number): string | number =>
  typeof v === "string" && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;

/** The register as CSV (one row per incident) or JSON (every incident as the API shows it). */
export const exportIncidents = async (deps: Deps, actor: Actor, orgId: string, format: "csv" | "json") => {
  const reg = await listIncidentRegister(deps, actor, orgId);
  const user = requireUser(actor);
  const stamp = nowIso(deps).slice(0, 10);
  if (format === "json") {
    return {
      filename: `incidents-${stamp}.json`,
      contentType: "application/json; charset=utf-8",
      body: `${JSON.stringify({ exportedAt: nowIso(deps), exportedBy: user.name, incidents: reg.incidents }, null, 2)}\n`,
    };
  }
  const rows = reg.incidents.map((i) => [
    i.ref,
    i.title,
    i.status,
    i.classification,
    i.severity,
    i.detectedAt,
    i.awareAt,
    i.reportedBy,
    i.owner?.name ?? "",
    i.affectedSystems.join("; "),
    i.dataCategories.join("; "),
    i.personalData ? "yes" : "no",
    i.principalsCount ?? "",
    i.jurisdictions.join("; "),
    i.certInReportable ? "yes" : "no",
    i.regulators.join("; "),
    i.clocks
      .map((c) =>
        c.status === "done"
          ? `${c.id}: done ${c.sentAt} (${c.reference})${c.late ? " late" : ""}`
          : `${c.id}: ${c.status} due ${c.dueAt}`,
      )
      .join("; "),
    i.rootCause,
    i.lessons,
    i.openActions,
    i.disclose ? "yes" : "no",
    i.closedAt ?? "",
  ]);
  return {
    filename: `incidents-${stamp}.csv`,
    contentType: "text/csv; charset=utf-8",
    body: stringify([[...CSV_COLUMNS], ...rows.map((r) => r.map(cell))]),
  };
};
