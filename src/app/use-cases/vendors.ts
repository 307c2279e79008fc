import { addDays } from "../../core/audit-program-dates.js";
import { AppError, invalid } from "../../core/errors.js";
import { DUE_SOON_DAYS, TIER_LABELS } from "../../core/vendors.js";
import { listTenantMembers } from "../../db/repositories/users.js";
import {
  findVendorByNameKey,
  insertVendor,
  listOrgVendors,
  listVendorEvents,
  listVendorQuestionnaires,
  listVendorReports,
  listVendorReviews,
  updateVendor as updateVendorRow,
} from "../../db/repositories/vendors.js";
import type { VendorsTable } from "../../db/schema-vendors.js";
import type { Actor, UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireUser, requireWrite } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import {
  auditFields,
  type CreateVendorInput,
  currentPeriodOf,
  loadVendor,
  loadVendorOrg,
  reportView,
  type UpdateVendorInput,
  VENDOR_READERS,
  VENDOR_WRITERS,
  type VendorFilter,
  type VendorView,
  vendorView,
} from "./vendor-model.js";
import { questionnaireView } from "./vendor-questionnaire-model.js";
import { subserviceStatus } from "./vendor-subservice.js";

const nameKey = (name: string) => name.trim().toLowerCase().replace(/\s+/g, " ");

const canWrite = (user: UserActor, v: { firm_id: string; org_id: string }) => {
  try {
    requireEngagementRole(user, v, VENDOR_WRITERS, "");
    return user.scopes === null || user.scopes.includes("write");
  } catch {
    return false;
  }
};

const assertOwner = async (deps: Deps, orgId: string, ownerUserId: string | null | undefined) => {
  if (!ownerUserId) return;
  const members = await listTenantMembers(deps.db, "org", orgId);
  if (!members.some((m) => m.user_id === ownerUserId && VENDOR_WRITERS.includes(m.role as never))) {
    throw invalid("The owner must be an organization admin or control owner of the organization.", {
      field: "ownerUserId",
    });
  }
};

const assertDates = (
  v: { contractStart?: string | null; contractEnd?: string | null; lastReviewedOn?: string | null },
  today: string,
) => {
  if (v.contractStart && v.contractEnd && v.contractStart > v.contractEnd) {
    throw invalid("The contract must not end before it starts.", { field: "contractEnd" });
  }
  if (v.lastReviewedOn && v.lastReviewedOn > today) {
    throw invalid("The last review date is in the future.", { field: "lastReviewedOn" });
  }
};

/** Every vendor of the organization as the list shows it. */
export const vendorViews = async (deps: Deps, orgId: string): Promise<VendorView[]> => {
  const [vendors, reports, current] = await Promise.all([
    listOrgVendors(deps.db, orgId),
    listVendorReports(deps.db, orgId),
    currentPeriodOf(deps, orgId),
  ]);
  const today = todayIso(deps);
  return vendors.map((v) =>
    vendorView(
      v,
      reports.filter((r) => r.vendor_id === v.id),
      current?.period ?? null,
      today,
    ),
  );
};

const matches = (v: VendorView, f: VendorFilter, userId: string) => {
  if (f.tier !== undefined && v.tier !== f.tier) return false;
  if (f.status && v.status !== f.status) return false;
  if (f.subservice === "yes" && v.subserviceMethod === null) return false;
  if (f.subservice === "no" && v.subserviceMethod !== null) return false;
  if (f.attention === "overdue" && !v.reviewOverdue) return false;
  if (f.attention === "warning" && v.warnings.length === 0) return false;
  if (f.owner && v.ownerUserId !== (f.owner === "me" ? userId : f.owner)) return false;
  if (f.q) {
    const q = f.q.toLowerCase();
    if (![v.name, v.service, ...v.dataCategories].some((s) => s.toLowerCase().includes(q))) return false;
  }
  return true;
};

export const listVendors = async (deps: Deps, actor: Actor, orgId: string, filter: VendorFilter = {}) => {
  const user = requireUser(actor);
  const org = await loadVendorOrg(deps, user, orgId, VENDOR_READERS, "see the vendor register");
  const [all, current, subservice] = await Promise.all([
    vendorViews(deps, org.id),
    currentPeriodOf(deps, org.id),
    subserviceStatus(deps, org.id),
  ]);
  return {
    vendors: all.filter((v) => matches(v, filter, user.userId)),
    /** The current engagement's subservice organizations; vendorId null until linked. */
    subserviceOrgs: subservice,
    engagement: current
      ? { id: current.id, periodStart: current.period.start, periodEnd: current.period.end }
      : null,
    permissions: { canCreate: canWrite(user, { firm_id: org.firm_id, org_id: org.id }) },
  };
};

export const getVendor = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const v = await loadVendor(deps, user, id, VENDOR_READERS, "see the vendor register");
  const [reports, reviews, questionnaires, events, current] = await Promise.all([
    listVendorReports(deps.db, v.org_id, [v.id]),
    listVendorReviews(deps.db, v.org_id, v.id),
    listVendorQuestionnaires(deps.db, v.org_id, [v.id]),
    listVendorEvents(deps.db, v.org_id, v.id),
    currentPeriodOf(deps, v.org_id),
  ]);
  const today = todayIso(deps);
  const period = current?.period ?? null;
  return {
    vendor: vendorView(v, reports, period, today),
    engagement: current
      ? { id: current.id, periodStart: current.period.start, periodEnd: current.period.end }
      : null,
    reports: reports.map((r) => reportView(r, period, today)),
    reviews: reviews.map((r) => ({
      id: r.id,
      reportId: r.report_id,
      engagementId: r.engagement_id,
      reviewedOn: r.reviewed_on,
      reviewedBy: { id: r.reviewed_by, name: r.reviewer_name },
      outcome: r.outcome,
      conclusion: r.conclusion,
      assessment: JSON.parse(r.assessment) as unknown,
      acceptedCuecs: JSON.parse(r.accepted_cuecs) as unknown[],
      evidenceId: r.evidence_id,
      createdAt: r.created_at,
    })),
    questionnaires: questionnaires.map((q) => questionnaireView(q, today, false)),
    history: events.map((e) => ({
      seq: Number(e.seq),
      at: e.at,
      actor: e.actor_label,
      action: e.action,
      summary: JSON.parse(e.summary) as Record<string, unknown>,
    })),
    permissions: { canEdit: canWrite(user, v), canReview: canWrite(user, v) },
  };
};

export const createVendor = async (deps: Deps, actor: Actor, orgId: string, input: CreateVendorInput) => {
  const user = requireWrite(actor);
  const org = await loadVendorOrg(deps, user, orgId, VENDOR_WRITERS, "add vendors");
  await assertOwner(deps, org.id, input.ownerUserId);
  assertDates(input, todayIso(deps));
  const now = nowIso(deps);
  const row: VendorsTable = {
    id: deps.newId(),
    firm_id: org.firm_id,
    org_id: org.id,
    name: input.name,
    name_key: nameKey(input.name),
    service: input.service,
    data_categories: JSON.stringify(input.dataCategories),
    personal_data: input.personalData ? 1 : 0,
    tier: input.tier,
    owner_user_id: input.ownerUserId ?? null,
    contract_start: input.contractStart ?? null,
    contract_end: input.contractEnd ?? null,
    dpa_signed_on: input.dpaSignedOn ?? null,
    status: input.status,
    subservice_method: input.subserviceMethod ?? null,
    csocs: JSON.stringify(input.csocs),
    notes: input.notes,
    last_reviewed_on: input.lastReviewedOn ?? null,
    created_by: user.userId,
    created_at: now,
    updated_at: now,
  };
  await inTransaction(deps, async (trx) => {
    if (await findVendorByNameKey(trx, org.id, row.name_key)) {
      throw new AppError("CONFLICT", `${input.name} is already in the vendor register; edit it instead.`);
    }
    await insertVendor(trx, row);
    await recordEvent(trx, deps, user, {
      action: "vendor.created",
      targetType: "vendor",
      targetId: row.id,
      firmId: org.firm_id,
      orgId: org.id,
      after: auditFields(row),
    });
  });
  const current = await currentPeriodOf(deps, org.id);
  const owner = input.ownerUserId
    ? (await listTenantMembers(deps.db, "org", org.id)).find((m) => m.user_id === input.ownerUserId)
    : undefined;
  return vendorView({ ...row, owner_name: owner?.name ?? null }, [], current?.period ?? null, todayIso(deps));
};

const COLUMN_OF = {
  name: "name",
  service: "service",
  tier: "tier",
  ownerUserId: "owner_user_id",
  contractStart: "contract_start",
  contractEnd: "contract_end",
  dpaSignedOn: "dpa_signed_on",
  status: "status",
  subserviceMethod: "subservice_method",
  notes: "notes",
  lastReviewedOn: "last_reviewed_on",
} as const;

export const updateVendor = async (deps: Deps, actor: Actor, id: string, input: UpdateVendorInput) => {
  const user = requireWrite(actor);
  const v = await loadVendor(deps, user, id, VENDOR_WRITERS, "edit vendors");
  await assertOwner(deps, v.org_id, input.ownerUserId);
  assertDates(
    {
      contractStart: input.contractStart !== undefined ? input.contractStart : v.contract_start,
      contractEnd: input.contractEnd !== undefined ? input.contractEnd : v.contract_end,
      lastReviewedOn: input.lastReviewedOn,
    },
    todayIso(deps),
  );
  const changes: Partial<VendorsTable> = {};
  for (const [key, column] of Object.entries(COLUMN_OF)) {
    const value = input[key as keyof typeof COLUMN_OF];
    if (value !== undefined) (changes as Record<string, unknown>)[column] = value;
  }
  if (input.name !== undefined) changes.name_key = nameKey(input.name);
  if (input.dataCategories !== undefined) changes.data_categories = JSON.stringify(input.dataCategories);
  if (input.personalData !== undefined) changes.personal_data = input.personalData ? 1 : 0;
  if (input.csocs !== undefined) changes.csocs = JSON.stringify(input.csocs);
  const changed = Object.keys(changes).filter(
    (k) => k !== "name_key" && String(changes[k as keyof VendorsTable]) !== String(v[k as keyof typeof v]),
  );
  if (changed.length > 0) {
    await inTransaction(deps, async (trx) => {
      if (changes.name_key && changes.name_key !== v.name_key) {
        const clash = await findVendorByNameKey(trx, v.org_id, changes.name_key);
        if (clash && clash.id !== v.id)
          throw new AppError("CONFLICT", `${clash.name} is already in the register.`);
      }
      await updateVendorRow(trx, v.org_id, v.id, { ...changes, updated_at: nowIso(deps) });
      await recordEvent(trx, deps, user, {
        action: "vendor.updated",
        targetType: "vendor",
        targetId: v.id,
        firmId: v.firm_id,
        orgId: v.org_id,
        before: Object.fromEntries(changed.map((k) => [k, v[k as keyof typeof v]])),
        after: Object.fromEntries(changed.map((k) => [k, changes[k as keyof VendorsTable]])),
      });
    });
  }
  return (await getVendor(deps, user, v.id)).vendor;
};

// ---- owners' tasks ----

export const myVendorTasks = async (deps: Deps, actor: Actor, orgId: string) => {
  const user = requireUser(actor);
  const org = await loadVendorOrg(deps, user, orgId, VENDOR_WRITERS, "have vendor tasks");
  const today = todayIso(deps);
  const soon = addDays(today, DUE_SOON_DAYS);
  const [all, questionnaires] = await Promise.all([
    vendorViews(deps, org.id),
    listVendorQuestionnaires(deps.db, org.id),
  ]);
  const mine = all.filter((v) => v.ownerUserId === user.userId && v.status !== "offboarded");
  const tasks: {
    kind: string;
    vendorId: string;
    vendorName: string;
    title: string;
    dueOn: string | null;
    overdue: boolean;
  }[] = [];
  for (const v of mine) {
    if (v.reviewDueOn <= soon) {
      tasks.push({
        kind: "review",
        vendorId: v.id,
        vendorName: v.name,
        title: `Review ${v.name} (${TIER_LABELS[v.tier]})`,
        dueOn: v.reviewDueOn,
        overdue: v.reviewOverdue,
      });
    }
    for (const w of v.warnings) {
      tasks.push({
        kind: w.code,
        vendorId: v.id,
        vendorName: v.name,
        title: `${v.name}: ${w.message}`,
        dueOn: null,
        overdue: false,
      });
    }
  }
  for (const q of questionnaires.filter((x) => x.status === "submitted")) {
    const v = all.find((x) => x.id === q.vendor_id);
    if (!v || (v.ownerUserId !== user.userId && q.created_by !== user.userId)) continue;
    tasks.push({
      kind: "score_questionnaire",
      vendorId: v.id,
      vendorName: v.name,
      title: `Score the questionnaire ${v.name} returned`,
      dueOn: null,
      overdue: false,
    });
  }
  return { tasks };
};
