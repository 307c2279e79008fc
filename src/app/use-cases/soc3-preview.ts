/**
 * What the SOC 3 builder shows before a partner issues (issue 5 §4, §7): every reason issuance would
 * be refused, listed at once (the issue endpoint stops at the first), the parts of the system
 * description the report quotes (boundaries, principal service commitments and system requirements),
 * the decided opinion, the report's sections as they would be rendered, and the SOC 3 reports already
 * issued for the engagement with their trust-portal state. Nothing is stored.
 */
import { AppError } from "../../core/errors.js";
import type { ReportSection } from "../../core/report-types.js";
import { buildSoc3Model } from "../../core/soc3-model.js";
import { emptySystemDescription, SystemDescriptionSchema } from "../../core/system-description.js";
import { listOpinionDecisions } from "../../db/repositories/exceptions.js";
import { findActiveCertificate, listEngagementReports } from "../../db/repositories/reports.js";
import { findSystemDescription } from "../../db/repositories/system-descriptions.js";
import type { Actor } from "../actor.js";
import { requireEngagementRole, requireUser, rolesOnEngagement } from "../authz.js";
import type { Deps } from "../deps.js";
import { engagementType, loadEngagement } from "./engagement-model.js";
import { gatherSoc3Input, ISSUED_KIND_READERS, nextVersionOf, storedReportView } from "./soc3.js";

export interface GuardFailure {
  readonly guard: string;
  readonly message: string;
}

export const previewSoc3 = async (deps: Deps, actor: Actor, engagementId: string) => {
  const user = requireUser(actor);
  const e = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, ISSUED_KIND_READERS, "see the SOC 3 report");
  const [reports, decisions, descriptionRow, certificate, me] = await Promise.all([
    listEngagementReports(deps.db, e.id),
    listOpinionDecisions(deps.db, e.id),
    findSystemDescription(deps.db, e.id),
    findActiveCertificate(deps.db, e.firm_id),
    deps.db
      .selectFrom("users")
      .select(["name", "cpa_licence_number"])
      .where("id", "=", user.userId)
      .executeTakeFirst(),
  ]);
  const d = descriptionRow
    ? SystemDescriptionSchema.parse(JSON.parse(descriptionRow.content))
    : emptySystemDescription();
  const decided = decisions[0];
  const failures: GuardFailure[] = [];
  const fail = (guard: string, message: string) => failures.push({ guard, message });
  const type2 = engagementType(e) === "type2";
  if (!type2) fail("type2", "A SOC 3 report exists only for a Type 2 engagement; this engagement is Type 1.");
  if (!reports.some((r) => r.kind === "soc2-type2" && r.status === "issued")) {
    fail(
      "soc2-issued",
      "Issue the SOC 2 Type 2 report first: the SOC 3 report rests on the same examination.",
    );
  }
  if (!decided) fail("opinion", "The partner has not decided the opinion yet.");
  else if (decided.opinion === "adverse" || decided.opinion === "disclaimer") {
    fail(
      "opinion",
      `The opinion is ${decided.opinion}; a SOC 3 report is issued only with an unmodified or qualified opinion.`,
    );
  }
  if (!d.boundaries.trim()) fail("boundaries", "The system description has no boundaries (DC3).");
  if (!d.commitments.trim())
    fail("commitments", "The system description has no principal service commitments (DC2).");
  if (!certificate)
    fail("certificate", "The firm has no signing certificate; upload one under Report signing.");
  const isPartner = rolesOnEngagement(user, e).includes("partner");
  const licence = (me?.cpa_licence_number ?? "").trim();
  if (!isPartner) fail("partner", "Only a partner can issue the SOC 3 report.");
  else if (!licence) fail("licence", "Record your CPA licence number in your profile before signing.");

  let sections: readonly ReportSection[] | null = null;
  const contentReady = !failures.some((f) =>
    ["type2", "opinion", "boundaries", "commitments"].includes(f.guard),
  );
  if (contentReady) {
    try {
      const partner = { name: me?.name ?? "", licenceNumber: licence || "(licence number)" };
      const input = await gatherSoc3Input(deps, e, partner, nextVersionOf(reports, "soc3"));
      sections = buildSoc3Model(input).sections;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      fail("content", error.message);
    }
  }
  return {
    engagement: {
      id: e.id,
      orgId: e.org_id,
      type: engagementType(e),
      periodStart: e.period_start,
      periodEnd: e.period_end,
    },
    canIssue: failures.length === 0,
    failures,
    opinion: decided ? { kind: decided.opinion, basis: decided.basis } : null,
    description: {
      services: d.services,
      boundaries: d.boundaries,
      commitments: d.commitments,
      requirements: d.requirements,
    },
    sections,
    issued: reports.filter((r) => r.kind === "soc3" && r.status !== "draft").map(storedReportView),
  };
};
