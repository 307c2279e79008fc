/**
 * What the vendor use-cases share: who may read and write the register, the request schemas, the
 * organization's current engagement period, and the views the API returns.
 *
 * Access: the organization's admins and control owners keep the register; the auditing firm's
 * partners, engagement managers and staff auditors read it (they sample from it). Employees are
 * refused (FORBIDDEN); anyone without a role in the organization or its firm gets NOT_FOUND.
 */
import { z } from "zod";
import { isCriterionId } from "../../core/criteria.js";
import { notFound } from "../../core/errors.js";
import type { Role } from "../../core/roles.js";
import {
  assessReport,
  currentEngagement,
  isReviewOverdue,
  OPINIONS,
  type Opinion,
  type OurPeriod,
  REPORT_KINDS,
  type ReportAssessment,
  type ReportKind,
  reviewDueDate,
  SUBSERVICE_METHODS,
  VENDOR_STATUSES,
  type VendorStatus,
  type VendorTier,
  vendorWarnings,
} from "../../core/vendors.js";
import { listEngagements } from "../../db/repositories/engagements.js";
import { findVisibleVendor } from "../../db/repositories/vendors.js";
import type { VendorReportRow, VendorRow } from "../../db/schema-vendors.js";
import type { UserActor } from "../actor.js";
import { requireEngagementRole, scopeOf } from "../authz.js";
import type { Deps } from "../deps.js";
import { EvidenceDateSchema, loadEvidenceOrg } from "./evidence-model.js";

export const VENDOR_WRITERS: readonly Role[] = ["org_admin", "control_owner"];
export const VENDOR_READERS: readonly Role[] = [
  "org_admin",
  "control_owner",
  "partner",
  "engagement_manager",
  "staff_auditor",
];

export const loadVendorOrg = (
  deps: Deps,
  user: UserActor,
  orgId: string,
  roles: readonly Role[],
  action: string,
) => loadEvidenceOrg(deps, user, orgId, roles, action);

export const loadVendor = async (
  deps: Deps,
  user: UserActor,
  id: string,
  roles: readonly Role[],
  action: string,
) => {
  const v = await findVisibleVendor(deps.db, id, scopeOf(user));
  if (!v) throw notFound("Vendor");
  requireEngagementRole(user, { firm_id: v.firm_id, org_id: v.org_id }, roles, action);
  return v;
};

export type VendorWithOwner = VendorRow & { owner_name: string | null };

// ---- schemas ----

const DateOrNull = EvidenceDateSchema.nullable();
const CriteriaSchema = z
  .array(z.string().trim())
  .max(61)
  .refine((ids) => ids.every(isCriterionId), { message: "Use criterion ids such as CC6.1 or A1.2." });

export const ComplementaryControlSchema = z.object({
  text: z.string().trim().min(1).max(2000),
  criteria: CriteriaSchema.default([]),
});

const VendorFields = {
  name: z.string().trim().min(1).max(200),
  service: z.string().trim().min(1).max(500),
  dataCategories: z.array(z.string().trim().min(1).max(100)).max(20),
  personalData: z.boolean(),
  tier: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  ownerUserId: z.string().max(100).nullable(),
  contractStart: DateOrNull,
  contractEnd: DateOrNull,
  dpaSignedOn: DateOrNull,
  status: z.enum(VENDOR_STATUSES),
  subserviceMethod: z.enum(SUBSERVICE_METHODS).nullable(),
  csocs: z.array(ComplementaryControlSchema).max(50),
  notes: z.string().trim().max(4000),
  /** A review done before the register was kept here (reviews recorded here set it themselves). */
  lastReviewedOn: DateOrNull,
};

export const CreateVendorSchema = z.object({
  ...VendorFields,
  dataCategories: VendorFields.dataCategories.default([]),
  personalData: VendorFields.personalData.default(false),
  ownerUserId: VendorFields.ownerUserId.optional(),
  contractStart: DateOrNull.optional(),
  contractEnd: DateOrNull.optional(),
  dpaSignedOn: DateOrNull.optional(),
  status: VendorFields.status.default("active"),
  subserviceMethod: VendorFields.subserviceMethod.optional(),
  csocs: VendorFields.csocs.default([]),
  notes: VendorFields.notes.default(""),
  lastReviewedOn: DateOrNull.optional(),
});
export type CreateVendorInput = z.output<typeof CreateVendorSchema>;

export const UpdateVendorSchema = z.object(VendorFields).partial();
export type UpdateVendorInput = z.output<typeof UpdateVendorSchema>;

export const VendorFilterSchema = z.object({
  tier: z.coerce.number().int().min(1).max(3).optional(),
  status: z.enum(VENDOR_STATUSES).optional(),
  subservice: z.enum(["yes", "no"]).optional(),
  attention: z.enum(["overdue", "warning"]).optional(),
  owner: z.string().max(100).optional(),
  q: z.string().trim().max(200).optional(),
});
export type VendorFilter = z.output<typeof VendorFilterSchema>;

export const CreateReportSchema = z.object({
  kind: z.enum(REPORT_KINDS),
  periodStart: DateOrNull.default(null),
  periodEnd: DateOrNull.default(null),
  asOfDate: DateOrNull.default(null),
  issueDate: EvidenceDateSchema,
  auditor: z.string().trim().min(1).max(200),
  opinion: z.enum(OPINIONS).nullable().default(null),
  exceptionsCount: z.number().int().min(0).max(10_000).default(0),
  exceptionsText: z.string().trim().max(8000).default(""),
  cuecs: z.array(z.string().trim().min(1).max(2000)).max(100).default([]),
  evidenceId: z.string().max(100).nullable().default(null),
});
export type CreateReportInput = z.output<typeof CreateReportSchema>;

// ---- the engagement period a report is read against ----

export const currentPeriodOf = async (deps: Deps, orgId: string) => {
  const rows = await listEngagements(deps.db, { orgId });
  return currentEngagement(
    rows.map((e) => ({
      id: e.id,
      type: e.type === "type1" ? "type1" : "type2",
      stage: e.stage,
      asOfDate: e.as_of_date,
      periodStart: e.period_start,
      periodEnd: e.period_end,
    })),
  );
};

// ---- views ----

export interface CuecItem {
  readonly id: string;
  readonly text: string;
}

export const reportFacts = (r: VendorReportRow) => ({
  kind: r.kind as ReportKind,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  asOfDate: r.as_of_date,
  issueDate: r.issue_date,
  opinion: (r.opinion as Opinion | null) ?? null,
  exceptionsCount: Number(r.exceptions_count),
});

export const reportView = (r: VendorReportRow, period: OurPeriod | null, today: string) => ({
  id: r.id,
  vendorId: r.vendor_id,
  ...reportFacts(r),
  auditor: r.auditor,
  exceptionsText: r.exceptions_text,
  cuecs: JSON.parse(r.cuecs) as CuecItem[],
  evidenceId: r.evidence_id,
  createdAt: r.created_at,
  assessment: assessReport(reportFacts(r), period, today),
});
export type VendorReportView = ReturnType<typeof reportView>;

/** The report that speaks for the latest date (ties: the latest issued). */
export const latestReport = (reports: readonly VendorReportRow[]): VendorReportRow | null =>
  reports.reduce<VendorReportRow | null>((best, r) => {
    const end = r.period_end ?? r.as_of_date ?? "";
    const bestEnd = best ? (best.period_end ?? best.as_of_date ?? "") : "";
    if (!best || end > bestEnd || (end === bestEnd && r.issue_date > best.issue_date)) return r;
    return best;
  }, null);

export const vendorView = (
  v: VendorWithOwner,
  reports: readonly VendorReportRow[],
  period: OurPeriod | null,
  today: string,
) => {
  const tier = Number(v.tier) as VendorTier;
  const status = v.status as VendorStatus;
  const due = reviewDueDate({
    tier,
    lastReviewedOn: v.last_reviewed_on,
    contractStart: v.contract_start,
    registeredOn: v.created_at.slice(0, 10),
  });
  const latest = latestReport(reports);
  const assessment: ReportAssessment | null = latest
    ? assessReport(reportFacts(latest), period, today)
    : null;
  return {
    id: v.id,
    orgId: v.org_id,
    name: v.name,
    service: v.service,
    dataCategories: JSON.parse(v.data_categories) as string[],
    personalData: Number(v.personal_data) === 1,
    tier,
    ownerUserId: v.owner_user_id,
    ownerName: v.owner_name,
    contractStart: v.contract_start,
    contractEnd: v.contract_end,
    dpaSignedOn: v.dpa_signed_on,
    status,
    subserviceMethod: v.subservice_method,
    csocs: JSON.parse(v.csocs) as { text: string; criteria: string[] }[],
    notes: v.notes,
    lastReviewedOn: v.last_reviewed_on,
    reviewDueOn: due,
    reviewOverdue: isReviewOverdue(due, today, status),
    latestReport: latest
      ? {
          id: latest.id,
          kind: latest.kind as ReportKind,
          coveredFrom: assessment?.coveredFrom ?? null,
          coveredTo: assessment?.coveredTo ?? null,
          opinion: latest.opinion,
          gapBeforeMonths: assessment?.gapBeforeMonths ?? 0,
          gapAfterMonths: assessment?.gapAfterMonths ?? 0,
        }
      : null,
    warnings: vendorWarnings({ tier, subservice: v.subservice_method !== null, latest: assessment }),
    createdAt: v.created_at,
    updatedAt: v.updated_at,
  };
};
export type VendorView = ReturnType<typeof vendorView>;

/** The fields an audit event records for a vendor. */
export const auditFields = (v: Partial<VendorRow>) => {
  const out: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(v)) {
    if (["id", "firm_id", "org_id", "name_key", "created_by", "created_at", "updated_at"].includes(k))
      continue;
    out[k] = value;
  }
  return out;
};
