/** The vendor register as a CSV (spreadsheet formulas defused, UTF-8 with BOM, CRLF) or JSON file. */
import { stringify } from "csv-stringify/sync";
import { REPORT_KIND_LABELS } from "../../core/vendors.js";
import type { Actor } from "../actor.js";
import { requireUser } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { loadVendorOrg, VENDOR_READERS } from "./vendor-model.js";
import { vendorViews } from "./vendors.js";

const FORMULA_START = /^'*[=+\-@\t\r]/;
const cell = (v: string | number | boolean | null): string =>
  v === null ? "" : typeof v === "string" ? (FORMULA_START.test(v) ? `'${v}` : v) : String(v);

const HEADER = [
  "Name",
  "Service",
  "Tier",
  "Status",
  "Subservice method",
  "Data categories",
  "Personal data",
  "Owner",
  "Contract start",
  "Contract end",
  "DPA signed",
  "Last reviewed",
  "Review due",
  "Review overdue",
  "Latest report",
  "Covered from",
  "Covered to",
  "Opinion",
  "Gap before (months)",
  "Gap after (months)",
  "Warnings",
];

export const exportVendors = async (deps: Deps, actor: Actor, orgId: string, format: "csv" | "json") => {
  const user = requireUser(actor);
  const org = await loadVendorOrg(deps, user, orgId, VENDOR_READERS, "export the vendor register");
  const vendors = await vendorViews(deps, org.id);
  const stamp = todayIso(deps);
  if (format === "json") {
    return {
      filename: `vendors-${stamp}.json`,
      contentType: "application/json; charset=utf-8",
      body: Buffer.from(JSON.stringify({ orgId: org.id, exportedAt: nowIso(deps), vendors }, null, 2)),
    };
  }
  const rows = vendors.map((v) =>
    [
      v.name,
      v.service,
      v.tier,
      v.status,
      v.subserviceMethod,
      v.dataCategories.join("; "),
      v.personalData ? "yes" : "no",
      v.ownerName,
      v.contractStart,
      v.contractEnd,
      v.dpaSignedOn,
      v.lastReviewedOn,
      v.reviewDueOn,
      v.reviewOverdue ? "yes" : "no",
      v.latestReport ? REPORT_KIND_LABELS[v.latestReport.kind] : null,
      v.latestReport?.coveredFrom ?? null,
      v.latestReport?.coveredTo ?? null,
      v.latestReport?.opinion ?? null,
      v.latestReport?.gapBeforeMonths ?? null,
      v.latestReport?.gapAfterMonths ?? null,
      v.warnings.map((w) => w.message).join(" | "),
    ].map(cell),
  );
  const csv = stringify([HEADER, ...rows], { record_delimiter: "\r\n" });
  return {
    filename: `vendors-${stamp}.csv`,
    contentType: "text/csv; charset=utf-8",
    body: Buffer.concat([Buffer.from("\uFEFF"), Buffer.from(csv)]),
  };
};
