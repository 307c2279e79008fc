/** The risk register as a file: CSV for spreadsheets (formula-safe cells) or JSON for tools. */
import { stringify } from "csv-stringify/sync";
import type { Actor } from "../actor.js";
import { requireUser } from "../authz.js";
import type { Deps } from "../deps.js";
import { nowIso } from "../deps.js";
import type { RiskFilter, RiskView } from "./risk-model.js";
import { listRisks } from "./risks.js";

export const RISK_EXPORT_FORMATS = ["csv", "json"] as const;
export type RiskExportFormat = (typeof RISK_EXPORT_FORMATS)[number];

/** A cell starting with = + - @ would run as a formula in a spreadsheet; a leading apostrophe defuses it. */
const safe = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

const COLUMNS: readonly [string, (r: RiskView) => string | number | boolean | null][] = [
  ["Ref", (r) => r.ref],
  ["Title", (r) => r.title],
  ["Category", (r) => r.category],
  ["Asset or process", (r) => r.asset],
  ["Threat", (r) => r.threat],
  ["Vulnerability", (r) => r.vulnerability],
  ["Likelihood", (r) => r.likelihood],
  ["Impact", (r) => r.impact],
  ["Inherent score", (r) => r.inherent.score],
  ["Inherent rating", (r) => r.inherent.band],
  ["Residual likelihood", (r) => r.residualLikelihood],
  ["Residual impact", (r) => r.residualImpact],
  ["Residual score", (r) => r.residual.score],
  ["Residual rating", (r) => r.residual.band],
  ["Treatment", (r) => r.treatment],
  ["Treatment plan", (r) => r.treatmentPlan],
  ["Controls", (r) => r.controls.map((c) => c.code).join("; ")],
  ["Transferred to", (r) => r.transferTo],
  ["Acceptance approver", (r) => r.acceptance?.approver?.name ?? null],
  ["Acceptance expires", (r) => r.acceptance?.expiresOn ?? null],
  ["Acceptance approved at", (r) => r.acceptance?.approvedAt ?? null],
  ["Owner", (r) => r.owner.name],
  ["Owner email", (r) => r.owner.email],
  ["Review date", (r) => r.reviewDate],
  ["Review overdue", (r) => (r.reviewOverdue ? "yes" : "no")],
  ["Status", (r) => r.status],
  ["Fraud risk", (r) => (r.fraud ? "yes" : "no")],
  ["Description", (r) => r.description],
];

export const risksToCsv = (risks: readonly RiskView[]): string =>
  stringify(
    [
      COLUMNS.map(([h]) => h),
      ...risks.map((r) =>
        COLUMNS.map(([, get]) => {
          const v = get(r);
          return v === null ? "" : typeof v === "string" ? safe(v) : String(v);
        }),
      ),
    ],
    { record_delimiter: "\r\n" },
  );

export const exportRisks = async (
  deps: Deps,
  actor: Actor,
  orgId: string,
  format: RiskExportFormat,
  filter: RiskFilter,
) => {
  requireUser(actor);
  const { risks } = await listRisks(deps, actor, orgId, filter);
  const date = nowIso(deps).slice(0, 10);
  if (format === "csv") {
    return {
      filename: `risk-register-${date}.csv`,
      contentType: "text/csv; charset=utf-8",
      body: `\uFEFF${risksToCsv(risks)}`,
    };
  }
  return {
    filename: `risk-register-${date}.json`,
    contentType: "application/json; charset=utf-8",
    body: `${JSON.stringify({ organizationId: orgId, exportedAt: nowIso(deps), risks }, null, 2)}\n`,
  };
};
