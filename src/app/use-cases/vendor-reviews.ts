/**
 * A vendor's assurance reports and our reviews of them. Recording a report checks its dates; the
 * review assesses it against the organization's current engagement period (gaps, staleness, the
 * opinion), records who concluded what, turns each accepted complementary user entity control into
 * an organization control in scope (CUEC-<VENDOR>-nn, criteria chosen by the reviewer) or maps it to
 * an existing control, and stores the review as generated evidence for CC9.2 — all in one transaction.
 */
import { z } from "zod";
import { FREQUENCIES } from "../../core/controls.js";
import { isCriterionId } from "../../core/criteria.js";
import { AppError, forbidden, invalid, notFound } from "../../core/errors.js";
import { assessReport, checkReportDates, nextCuecCodes, REPORT_KIND_LABELS } from "../../core/vendors.js";
import { insertOrgControls, listOrgControls } from "../../db/repositories/controls.js";
import { findVisibleEvidenceItem } from "../../db/repositories/evidence.js";
import {
  findVendorReport,
  insertVendorReport,
  insertVendorReview,
  updateVendor,
} from "../../db/repositories/vendors.js";
import type { OrgControlRow } from "../../db/schema-controls.js";
import { type Actor, rolesIn } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireWrite, scopeOf } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { insertGeneratedEvidence, writeGeneratedBlob } from "./evidence-generated.js";
import {
  type CreateReportInput,
  type CuecItem,
  currentPeriodOf,
  loadVendor,
  reportFacts,
  reportView,
  VENDOR_WRITERS,
} from "./vendor-model.js";

export const addVendorReport = async (
  deps: Deps,
  actor: Actor,
  vendorId: string,
  input: CreateReportInput,
) => {
  const user = requireWrite(actor);
  const v = await loadVendor(deps, user, vendorId, VENDOR_WRITERS, "record vendor reports");
  const today = todayIso(deps);
  const isCertificate = input.kind === "iso27001";
  const isType1 = input.kind === "soc2_type1" || input.kind === "soc1_type1";
  const facts = {
    kind: input.kind,
    periodStart: isType1 ? null : input.periodStart,
    periodEnd: isType1 ? null : input.periodEnd,
    asOfDate: isType1 ? input.asOfDate : null,
    issueDate: input.issueDate,
    opinion: isCertificate ? null : input.opinion,
    exceptionsCount: input.exceptionsCount,
  };
  checkReportDates(facts, today);
  if (input.evidenceId) {
    const item = await findVisibleEvidenceItem(deps.db, input.evidenceId, scopeOf(user));
    if (!item || item.org_id !== v.org_id) throw notFound("Evidence item");
  }
  const cuecs: CuecItem[] = input.cuecs.map((text) => ({ id: deps.newId(), text }));
  const row = {
    id: deps.newId(),
    vendor_id: v.id,
    firm_id: v.firm_id,
    org_id: v.org_id,
    kind: facts.kind,
    period_start: facts.periodStart,
    period_end: facts.periodEnd,
    as_of_date: facts.asOfDate,
    issue_date: facts.issueDate,
    auditor: input.auditor,
    opinion: facts.opinion,
    exceptions_count: facts.exceptionsCount,
    exceptions_text: input.exceptionsText,
    cuecs: JSON.stringify(cuecs),
    evidence_id: input.evidenceId,
    created_by: user.userId,
    created_at: nowIso(deps),
  };
  await inTransaction(deps, async (trx) => {
    await insertVendorReport(trx, row);
    await recordEvent(trx, deps, user, {
      action: "vendor.report_added",
      targetType: "vendor",
      targetId: v.id,
      firmId: v.firm_id,
      orgId: v.org_id,
      after: {
        reportId: row.id,
        kind: row.kind,
        periodStart: row.period_start,
        periodEnd: row.period_end,
        asOfDate: row.as_of_date,
        opinion: row.opinion,
        cuecs: cuecs.length,
      },
    });
  });
  const current = await currentPeriodOf(deps, v.org_id);
  return reportView(row, current?.period ?? null, today);
};

export const ReviewSchema = z.object({
  reportId: z.string().max(100).nullable().default(null),
  outcome: z.enum(["acceptable", "acceptable_with_actions", "not_acceptable"]),
  conclusion: z.string().trim().min(1).max(8000),
  acceptedCuecs: z
    .array(
      z.object({
        cuecId: z.string().max(100),
        /** Map to an existing control instead of creating one. */
        controlId: z.string().max(100).nullable().default(null),
        criteria: z.array(z.string().trim().max(10)).max(61).default([]),
        frequency: z.enum(FREQUENCIES).default("quarterly"),
      }),
    )
    .max(100)
    .default([]),
});
export type ReviewInput = z.output<typeof ReviewSchema>;

export const reviewVendor = async (deps: Deps, actor: Actor, vendorId: string, input: ReviewInput) => {
  const user = requireWrite(actor);
  const v = await loadVendor(deps, user, vendorId, VENDOR_WRITERS, "review vendors");
  const report = input.reportId ? await findVendorReport(deps.db, v.org_id, v.id, input.reportId) : null;
  if (input.reportId && !report) throw notFound("Vendor report");
  if (!report && input.acceptedCuecs.length > 0)
    throw invalid("Accept CUECs from a report: give its reportId.");
  const cuecs = report ? (JSON.parse(report.cuecs) as CuecItem[]) : [];
  const existing = await listOrgControls(deps.db, v.org_id);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, a] of input.acceptedCuecs.entries()) {
    if (!cuecs.some((c) => c.id === a.cuecId))
      problems.push(`acceptedCuecs.${i}: the report lists no CUEC ${a.cuecId}.`);
    if (seen.has(a.cuecId)) problems.push(`acceptedCuecs.${i}: ${a.cuecId} is accepted twice.`);
    seen.add(a.cuecId);
    if (a.controlId && !existing.some((c) => c.id === a.controlId))
      problems.push(`acceptedCuecs.${i}: there is no control ${a.controlId} in this organization.`);
    if (!a.controlId && a.criteria.length === 0)
      problems.push(`acceptedCuecs.${i}: choose the criteria the new control serves.`);
    if (!a.criteria.every(isCriterionId))
      problems.push(`acceptedCuecs.${i}: use criterion ids such as CC6.1.`);
  }
  if (problems.length > 0) throw invalid(problems.join(" "), { errors: problems });
  const toCreate = input.acceptedCuecs.filter((a) => !a.controlId);
  if (toCreate.length > 0 && !rolesIn(user, "org", v.org_id).includes("org_admin")) {
    throw forbidden(
      "Only the organization's admin can accept CUECs as new controls; a control owner can map them to existing controls.",
    );
  }
  const today = todayIso(deps);
  const now = nowIso(deps);
  const current = await currentPeriodOf(deps, v.org_id);
  const assessment = report ? assessReport(reportFacts(report), current?.period ?? null, today) : null;
  const codes = nextCuecCodes(v.name, new Set(existing.map((c) => c.code)), toCreate.length);
  const newControls: OrgControlRow[] = toCreate.map((a, i) => {
    const text = cuecs.find((c) => c.id === a.cuecId)?.text ?? "";
    return {
      id: deps.newId(),
      org_id: v.org_id,
      library_id: null,
      code: codes[i] ?? "",
      domain: "vendors",
      title: `${v.name} CUEC: ${text.length > 150 ? `${text.slice(0, 147)}...` : text}`,
      description: `${text}\n\nA complementary user entity control that ${v.name}'s ${report ? REPORT_KIND_LABELS[reportFacts(report).kind] : "report"} expects us to operate.`,
      criteria: JSON.stringify(a.criteria),
      frequency: a.frequency,
      automation: "manual",
      evidence: "[]",
      attributes: "[]",
      owner_user_id: v.owner_user_id,
      status: "not_started",
      created_at: now,
      updated_at: now,
    };
  });
  const accepted = input.acceptedCuecs.map((a) => {
    const created = a.controlId ? null : newControls[toCreate.indexOf(a)];
    const control = created ?? existing.find((c) => c.id === a.controlId);
    return {
      cuecId: a.cuecId,
      text: cuecs.find((c) => c.id === a.cuecId)?.text ?? "",
      controlId: control?.id ?? null,
      code: control?.code ?? null,
      criteria: a.controlId ? (JSON.parse(control?.criteria ?? "[]") as string[]) : a.criteria,
      created: created !== null,
    };
  });
  const reviewId = deps.newId();
  const document = {
    kind: "vendor-review",
    vendor: {
      id: v.id,
      name: v.name,
      service: v.service,
      tier: Number(v.tier),
      subserviceMethod: v.subservice_method,
    },
    report: report
      ? { id: report.id, ...reportFacts(report), auditor: report.auditor, exceptions: report.exceptions_text }
      : null,
    engagement: current ? { id: current.id, ...current.period } : null,
    assessment,
    outcome: input.outcome,
    conclusion: input.conclusion,
    acceptedCuecs: accepted,
    reviewer: { id: user.userId, name: user.name, email: user.email },
    reviewedOn: today,
  };
  const blob = await writeGeneratedBlob(deps, v.org_id, Buffer.from(JSON.stringify(document, null, 2)));
  await inTransaction(deps, async (trx) => {
    const taken = new Set((await listOrgControls(trx, v.org_id)).map((c) => c.code));
    if (newControls.some((c) => taken.has(c.code))) {
      throw new AppError("CONFLICT", "Control codes changed meanwhile; submit the review again.");
    }
    if (newControls.length > 0) await insertOrgControls(trx, newControls);
    for (const c of newControls) {
      await recordEvent(trx, deps, user, {
        action: "control.created",
        targetType: "control",
        targetId: c.id,
        firmId: v.firm_id,
        orgId: v.org_id,
        after: { code: c.code, title: c.title, criteria: JSON.parse(c.criteria), fromVendor: v.id },
      });
    }
    const evidence = await insertGeneratedEvidence(trx, deps, user, v.org_id, blob, {
      title: `Vendor review: ${v.name} (${today})`,
      description: `${input.outcome.replaceAll("_", " ")}: ${input.conclusion.slice(0, 500)}`,
      fileName: `vendor-review-${v.name.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}-${today}.json`,
      mediaType: "application/json",
      effectiveDate: today,
      periodStart: assessment?.coveredFrom ?? null,
      periodEnd: assessment?.coveredTo ?? null,
      generator: "vendor-review",
      criterionIds: ["CC9.2"],
      controlIds: accepted.map((a) => a.controlId).filter((x): x is string => x !== null),
    });
    await insertVendorReview(trx, {
      id: reviewId,
      vendor_id: v.id,
      report_id: report?.id ?? null,
      firm_id: v.firm_id,
      org_id: v.org_id,
      engagement_id: current?.id ?? null,
      reviewed_on: today,
      reviewed_by: user.userId,
      reviewer_name: user.name,
      outcome: input.outcome,
      conclusion: input.conclusion,
      assessment: JSON.stringify(assessment),
      accepted_cuecs: JSON.stringify(accepted),
      evidence_id: evidence.id,
      created_at: now,
    });
    await updateVendor(trx, v.org_id, v.id, { last_reviewed_on: today, updated_at: now });
    await recordEvent(trx, deps, user, {
      action: "vendor.reviewed",
      targetType: "vendor",
      targetId: v.id,
      firmId: v.firm_id,
      orgId: v.org_id,
      before: { lastReviewedOn: v.last_reviewed_on },
      after: {
        reviewId,
        reportId: report?.id ?? null,
        outcome: input.outcome,
        gapBeforeMonths: assessment?.gapBeforeMonths ?? null,
        gapAfterMonths: assessment?.gapAfterMonths ?? null,
        stale: assessment?.stale ?? null,
        opinionModified: assessment?.opinionModified ?? null,
        controls: accepted.map((a) => a.code),
        evidenceId: evidence.id,
      },
    });
  });
  return {
    review: { id: reviewId, reviewedOn: today, outcome: input.outcome, assessment, acceptedCuecs: accepted },
  };
};
