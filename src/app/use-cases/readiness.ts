/**
 * Readiness: how close the organization is to an audit-ready state for an engagement's scope —
 * per category and overall, the practical requirements auditors look for, what blocks readiness
 * with its owner, and the trend (one snapshot per day).
 */
import { READINESS_REQUIREMENTS } from "../../catalog/readiness-requirements.js";
import type { ControlStatus } from "../../core/controls.js";
import type { CategoryCode } from "../../core/criteria.js";
import { notFound } from "../../core/errors.js";
import { evaluateRequirement, nextEvidenceDue, readinessScore } from "../../core/readiness.js";
import { listOrgControls } from "../../db/repositories/controls.js";
import { listEngagements } from "../../db/repositories/engagements.js";
import {
  lastEvidenceByControl,
  listReadinessSnapshots,
  policyPublicationState,
  upsertReadinessSnapshot,
} from "../../db/repositories/readiness.js";
import { findSystemDescription } from "../../db/repositories/system-descriptions.js";
import { listTenantMembers } from "../../db/repositories/users.js";
import type { Actor } from "../actor.js";
import { requireUser } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { accessReviewReadiness } from "./access-review-readiness.js";
import { loadOrganization } from "./controls.js";
import { loadEngagement, parseCategories } from "./engagement-model.js";
import { describeCompleteness } from "./system-description.js";

export const getReadiness = async (deps: Deps, actor: Actor, orgId: string, engagementId?: string) => {
  const user = requireUser(actor);
  const { org } = await loadOrganization(deps, user, orgId);
  const engagement = engagementId
    ? await loadEngagement(deps, user, engagementId)
    : (await listEngagements(deps.db, { orgId: org.id }))[0];
  if (engagement && engagement.org_id !== org.id) throw notFound("Engagement");
  const categories: CategoryCode[] = engagement ? parseCategories(engagement.categories) : ["CC"];
  const today = todayIso(deps);
  const [controls, evidence, members, policies] = await Promise.all([
    listOrgControls(deps.db, org.id),
    lastEvidenceByControl(deps.db, org.id),
    listTenantMembers(deps.db, "org", org.id),
    policyPublicationState(deps.db, org.id),
  ]);
  const names = new Map(members.map((m) => [m.user_id, m.name]));
  const admin = members.find((m) => m.role === "org_admin")?.name ?? null;
  const facts = controls.map((c) => {
    const ev = evidence.get(c.id);
    const due = nextEvidenceDue(c.frequency as never, ev?.last ?? null, today);
    return {
      id: c.id,
      libraryId: c.library_id,
      code: c.code,
      title: c.title,
      criteria: JSON.parse(c.criteria) as string[],
      status: c.status as ControlStatus,
      hasEvidence: (ev?.count ?? 0) > 0,
      evidenceOverdue: due.overdue,
      lastEvidence: ev?.last ?? null,
      dueDate: due.dueDate,
      owner: c.owner_user_id ? (names.get(c.owner_user_id) ?? null) : null,
    };
  });
  let descriptionGaps: string[] = [];
  let descriptionExists = false;
  let notApplicable: string[] = [];
  if (engagement) {
    const [row, completeness] = await Promise.all([
      findSystemDescription(deps.db, engagement.id),
      describeCompleteness(deps.db, engagement),
    ]);
    descriptionExists = row !== undefined;
    descriptionGaps = [...new Set(completeness.missing.map((m) => m.section))];
    notApplicable = row
      ? ((JSON.parse(row.content) as { notRelevant?: { criterionId: string; reason: string }[] }).notRelevant
          ?.filter((n) => n.reason.trim())
          .map((n) => n.criterionId) ?? [])
      : [];
  }
  const requirements = READINESS_REQUIREMENTS.map((r) =>
    evaluateRequirement(r, {
      controls: facts,
      policiesNotReady: policies.policiesNotReady,
      policyCount: policies.policyCount,
      policyOwner: admin,
      descriptionGaps,
      descriptionExists,
      descriptionOwner: admin,
    }),
  );
  const result = readinessScore({
    categories,
    controls: facts,
    requirements,
    criteriaNotApplicable: notApplicable,
  });
  await upsertReadinessSnapshot(deps.db, {
    id: deps.newId(),
    org_id: org.id,
    day: today,
    overall: result.overall,
    by_category: JSON.stringify(Object.fromEntries(result.categories.map((c) => [c.category, c.score]))),
    blockers: result.blockers.length,
    created_at: nowIso(deps),
  });
  const trend = (await listReadinessSnapshots(deps.db, org.id)).reverse().map((s) => ({
    day: s.day,
    overall: Number(s.overall),
    byCategory: JSON.parse(s.by_category) as Record<string, number>,
    blockers: Number(s.blockers),
  }));
  return {
    organizationId: org.id,
    engagementId: engagement?.id ?? null,
    categories,
    overall: result.overall,
    byCategory: result.categories,
    requirements,
    blockers: result.blockers,
    controls: {
      total: facts.filter((c) => c.status !== "not_applicable").length,
      implemented: facts.filter((c) => c.status === "implemented").length,
      withEvidence: facts.filter((c) => c.hasEvidence).length,
      overdue: facts.filter((c) => c.hasEvidence && c.evidenceOverdue).length,
    },
    trend,
    accessReviews: await accessReviewReadiness(deps.db, org.id, today),
  };
};
