import { AppError, invalid } from "../../core/errors.js";
import type { ReportOpinion } from "../../core/report-types.js";
import type { Role } from "../../core/roles.js";
import { buildSoc3Model, type Soc3Input } from "../../core/soc3-model.js";
import { emptySystemDescription, SystemDescriptionSchema } from "../../core/system-description.js";
import { listSubserviceOrgs } from "../../db/repositories/engagements.js";
import { listOpinionDecisions } from "../../db/repositories/exceptions.js";
import { insertReport, listEngagementReports } from "../../db/repositories/reports.js";
import { findSystemDescription } from "../../db/repositories/system-descriptions.js";
import type { EngagementRow } from "../../db/schema.js";
import type { ReportRow } from "../../db/schema-reports.js";
import { renderSoc3Pdf } from "../../reports/render-soc3.js";
import { signPdf } from "../../reports/sign.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireUser, requireWrite } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { sha256Hex } from "../security/crypto.js";
import { engagementType, loadEngagement, parseBoundary, parseCategories } from "./engagement-model.js";
import { firmAndPeople } from "./report-data-people.js";
import { licensedPartner, pageCount, readReportPdf, storeReportPdf } from "./reports.js";
import { loadFirmSigningIdentity } from "./signing-certificates.js";

/** Who may download an issued SOC 3 or bridge letter from inside the application. */
export const ISSUED_KIND_READERS: readonly Role[] = [
  "partner",
  "engagement_manager",
  "staff_auditor",
  "org_admin",
];

/** What the API returns for a stored SOC 3 or bridge letter. */
export const storedReportView = (r: ReportRow) => ({
  id: r.id,
  engagementId: r.engagement_id,
  kind: r.kind,
  version: Number(r.version),
  status: r.status,
  public: Number(r.public) === 1,
  pages: Number(r.pages),
  coversUntil: r.covers_until,
  documentSha256: r.document_sha256,
  signedAt: r.signed_at,
  certificateFingerprint: r.certificate_fingerprint,
  createdAt: r.created_at,
});

/** The next version of a kind of report of the engagement. */
export const nextVersionOf = (reports: readonly ReportRow[], kind: string): number =>
  Math.max(0, ...reports.filter((r) => r.kind === kind).map((r) => Number(r.version))) + 1;

const decidedOpinion = async (deps: Deps, e: EngagementRow): Promise<ReportOpinion> => {
  const latest = (await listOpinionDecisions(deps.db, e.id))[0];
  if (!latest) {
    throw invalid("The partner has not decided the opinion yet; decide it before issuing the SOC 3 report.");
  }
  const kind = latest.opinion as ReportOpinion["kind"];
  return kind === "unmodified" ? { kind } : { kind, basis: latest.basis };
};

const listed = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;

/** What the SOC 3 is built from (the preview in soc3-preview.ts shows the same). */
export const gatherSoc3Input = async (
  deps: Deps,
  e: EngagementRow,
  partner: { name: string; licenceNumber: string },
  version: number,
): Promise<Soc3Input> => {
  const [people, subs, descriptionRow, opinion] = await Promise.all([
    firmAndPeople(deps, e),
    listSubserviceOrgs(deps.db, e.id),
    findSystemDescription(deps.db, e.id),
    decidedOpinion(deps, e),
  ]);
  const description = descriptionRow
    ? SystemDescriptionSchema.parse(JSON.parse(descriptionRow.content))
    : emptySystemDescription();
  const boundary = parseBoundary(e.boundary);
  const categories = parseCategories(e.categories);
  return {
    firm: { ...people.firm, partner },
    organization: {
      name: people.orgName,
      systemName: boundary.services.length > 0 ? `system supporting ${listed(boundary.services)}` : "system",
      services: boundary.services.join("; ") || e.name,
      assertionSigner: people.assertionSigner,
    },
    engagement: {
      id: e.id,
      type: engagementType(e),
      periodStart: e.period_start ?? "",
      periodEnd: e.period_end ?? "",
      categories: ["CC", ...categories.filter((c) => c !== "CC")],
    },
    description,
    subserviceOrgs: subs.map((s) => ({
      id: s.id,
      name: s.name,
      services: s.service,
      method: s.method === "inclusive" ? "inclusive" : "carve-out",
    })),
    opinion,
    report: { version, date: todayIso(deps), draft: false },
  };
};

/** Issues (renders, signs, stores and publishes) the engagement's SOC 3 report. */
export const issueSoc3 = async (deps: Deps, actor: Actor, engagementId: string) => {
  const user = requireWrite(actor);
  const e = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, ["partner"], "issue the SOC 3 report");
  if (engagementType(e) !== "type2") {
    throw invalid("A SOC 3 report exists only for a Type 2 engagement; this engagement is Type 1.");
  }
  const partner = await licensedPartner(deps, user.userId, "the SOC 3 report");
  const reports = await listEngagementReports(deps.db, e.id);
  if (!reports.some((r) => r.kind === "soc2-type2" && r.status === "issued")) {
    throw new AppError(
      "GUARD_FAILED",
      "Issue the SOC 2 Type 2 report first: the SOC 3 report rests on the same examination.",
      { failures: [{ guard: "soc2-issued", message: "The SOC 2 Type 2 report is not issued yet." }] },
    );
  }
  const version = nextVersionOf(reports, "soc3");
  const input = await gatherSoc3Input(deps, e, partner, version);
  const model = buildSoc3Model(input);
  const signer = await loadFirmSigningIdentity(deps, e.firm_id);
  const signingTime = deps.clock();
  const pdf = await signPdf(
    await renderSoc3Pdf(model),
    { identity: signer.identity },
    {
      reason: "SOC 3 report issued",
      location: input.firm.city || input.firm.name,
      name: partner.name,
      signingTime,
    },
  );
  const sha = await storeReportPdf(deps, e.org_id, pdf);
  const now = nowIso(deps);
  const row: ReportRow = {
    id: deps.newId(),
    firm_id: e.firm_id,
    org_id: e.org_id,
    engagement_id: e.id,
    kind: "soc3",
    version,
    status: "issued",
    pdf_sha256: sha,
    pdf_size: pdf.length,
    pages: await pageCount(pdf),
    covers_until: e.period_end,
    manifest_root: null,
    document_sha256: sha256Hex(pdf),
    signed_by: user.userId,
    signed_at: signingTime.toISOString(),
    certificate_fingerprint: signer.fingerprint,
    public: 1,
    created_by: user.userId,
    created_at: now,
    updated_at: now,
  };
  await inTransaction(deps, async (trx) => {
    // One public SOC 3 per engagement: the previous one is superseded and leaves the portal.
    await trx
      .updateTable("reports")
      .set({ status: "superseded", public: 0, updated_at: now })
      .where("engagement_id", "=", e.id)
      .where("kind", "=", "soc3")
      .where("status", "=", "issued")
      .execute();
    await insertReport(trx, row);
    await recordEvent(trx, deps, actor, {
      action: "report.soc3-issued",
      targetType: "report",
      targetId: row.id,
      firmId: e.firm_id,
      orgId: e.org_id,
      engagementId: e.id,
      after: {
        kind: "soc3",
        version,
        opinion: input.opinion.kind,
        documentSha256: row.document_sha256,
        certificateFingerprint: row.certificate_fingerprint,
        public: true,
      },
    });
  });
  return storedReportView(row);
};

/** The latest issued report of `kind` of the engagement as PDF bytes; the download is audited. */
export const downloadLatestOfKind = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  kind: "soc3" | "bridge-letter",
) => {
  const user = requireUser(actor);
  const e = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, ISSUED_KIND_READERS, "download this report");
  const report = (await listEngagementReports(deps.db, e.id)).find(
    (r) => r.kind === kind && r.status === "issued",
  );
  if (!report) {
    throw new AppError(
      "NOT_FOUND",
      `The engagement has no issued ${kind === "soc3" ? "SOC 3 report" : "bridge letter"}.`,
    );
  }
  const pdf = await readReportPdf(deps, e.org_id, report.pdf_sha256);
  await inTransaction(deps, (trx) =>
    recordEvent(trx, deps, actor, {
      action: "report.downloaded",
      targetType: "report",
      targetId: report.id,
      firmId: e.firm_id,
      orgId: e.org_id,
      engagementId: e.id,
      note: `${kind} v${Number(report.version)}`,
    }),
  );
  const name = e.name.replace(/[^A-Za-z0-9._-]+/g, "-");
  return {
    body: pdf,
    filename: `${name}-${kind === "soc3" ? "SOC3" : "bridge-letter"}-v${Number(report.version)}.pdf`,
  };
};
