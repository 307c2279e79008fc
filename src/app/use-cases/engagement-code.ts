/**
 * Engagement as code (issue 6 §4): export an engagement with the organization's controls, policy
 * metadata and system description as "fieldwork/v1" YAML. The firm's team (partner, engagement
 * manager, staff auditor) and the organization's admin may export. Import is in
 * engagement-code-import.ts.
 */
import type { Kysely } from "kysely";
import { FRAMEWORKS } from "../../catalog/frameworks/index.js";
import type { CONTROL_STATUSES, FREQUENCIES } from "../../core/controls.js";
import {
  ENGAGEMENT_DOC_VERSION,
  type EngagementDoc,
  type EngagementDocControl,
  type EngagementDocDescription,
  type EngagementDocPolicy,
  naturalCompare,
} from "../../core/engagement-yaml.js";
import type { OrgRole, Role } from "../../core/roles.js";
import { SystemDescriptionSchema } from "../../core/system-description.js";
import { listOrgControls } from "../../db/repositories/controls.js";
import { listSubserviceOrgs } from "../../db/repositories/engagements.js";
import { listOrgPolicies, listOrgVersions } from "../../db/repositories/policies.js";
import { findSystemDescription } from "../../db/repositories/system-descriptions.js";
import { listTenantMembers } from "../../db/repositories/users.js";
import type { DB, EngagementRow } from "../../db/schema.js";
import type { Actor } from "../actor.js";
import { requireEngagementRole, requireUser } from "../authz.js";
import type { Deps } from "../deps.js";
import { engagementDocToYaml } from "./engagement-code-yaml.js";
import { engagementType, loadEngagement, parseBoundary, parseCategories } from "./engagement-model.js";

export const EXPORTERS: readonly Role[] = ["partner", "engagement_manager", "staff_auditor", "org_admin"];

/** Framework id → requirement ids whose mapping reaches one of the criteria (informational). */
export const frameworksFor = (criteria: readonly string[]): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const f of FRAMEWORKS) {
    const ids = [
      ...new Set(f.mappings.filter((m) => criteria.includes(m.criterionId)).map((m) => m.requirementId)),
    ];
    if (ids.length > 0) out[f.id] = ids.sort(naturalCompare);
  }
  return out;
};

const emailsOf = async (db: Kysely<DB>, orgId: string) =>
  new Map((await listTenantMembers(db, "org", orgId)).map((m) => [m.user_id, m.email]));

const controlsOf = async (
  db: Kysely<DB>,
  orgId: string,
  emails: ReadonlyMap<string, string>,
): Promise<EngagementDocControl[]> =>
  (await listOrgControls(db, orgId)).map((c) => {
    const criteria = JSON.parse(c.criteria) as string[];
    const frameworks = frameworksFor(criteria);
    return {
      code: c.code,
      libraryId: c.library_id,
      domain: c.domain,
      title: c.title,
      description: c.description,
      criteria,
      frequency: c.frequency as (typeof FREQUENCIES)[number],
      automation: c.automation === "automated" ? "automated" : "manual",
      evidence: JSON.parse(c.evidence) as string[],
      attributes: JSON.parse(c.attributes) as string[],
      owner: c.owner_user_id ? (emails.get(c.owner_user_id) ?? null) : null,
      status: c.status as (typeof CONTROL_STATUSES)[number],
      ...(Object.keys(frameworks).length > 0 ? { frameworks } : {}),
    };
  });

const policiesOf = async (
  db: Kysely<DB>,
  orgId: string,
  emails: ReadonlyMap<string, string>,
): Promise<EngagementDocPolicy[]> => {
  const [policies, versions] = await Promise.all([listOrgPolicies(db, orgId), listOrgVersions(db, orgId)]);
  return policies.map((p) => {
    const current = versions.find((v) => v.id === p.current_version_id);
    const latest = versions.find((v) => v.policy_id === p.id); // newest first
    return {
      title: p.title,
      templateId: p.template_id,
      owner: p.owner_user_id ? (emails.get(p.owner_user_id) ?? null) : null,
      audience: JSON.parse(p.audience) as OrgRole[],
      reviewCycleMonths: p.review_cycle_months,
      acknowledgeWithinDays: p.acknowledge_within_days,
      status: current ? "published" : "draft",
      version: current?.version ?? latest?.version ?? 1,
    };
  });
};

const descriptionOf = async (
  db: Kysely<DB>,
  engagementId: string,
  subNames: ReadonlyMap<string, string>,
): Promise<EngagementDocDescription | null> => {
  const row = await findSystemDescription(db, engagementId);
  if (!row) return null;
  const content = SystemDescriptionSchema.parse(JSON.parse(row.content));
  return {
    ...content,
    subservice: content.subservice.flatMap((s) => {
      const name = subNames.get(s.subserviceId);
      if (!name) return []; // the subservice organization was removed from the boundary since
      const { subserviceId: _id, ...rest } = s;
      return [{ subservice: name, ...rest }];
    }),
  };
};

/** The document of an engagement as stored now (read in one connection; callers check access). */
export const engagementDocOf = async (db: Kysely<DB>, row: EngagementRow): Promise<EngagementDoc> => {
  const emails = await emailsOf(db, row.org_id);
  const subs = await listSubserviceOrgs(db, row.id);
  const boundary = parseBoundary(row.boundary);
  return {
    version: ENGAGEMENT_DOC_VERSION,
    engagement: {
      name: row.name,
      type: engagementType(row),
      asOfDate: row.as_of_date,
      periodStart: row.period_start,
      periodEnd: row.period_end,
      firstReport: Number(row.first_report) === 1,
      categories: parseCategories(row.categories),
      boundary,
      subserviceOrganizations: subs.map((s) => ({
        name: s.name,
        service: s.service,
        method: s.method === "inclusive" ? "inclusive" : "carve-out",
      })),
    },
    controls: await controlsOf(db, row.org_id, emails),
    policies: await policiesOf(db, row.org_id, emails),
    systemDescription: await descriptionOf(db, row.id, new Map(subs.map((s) => [s.id, s.name]))),
  };
};

export const exportEngagementYaml = async (deps: Deps, actor: Actor, engagementId: string) => {
  const user = requireUser(actor);
  const row = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, row, EXPORTERS, "export the engagement as code");
  const doc = await engagementDocOf(deps.db, row);
  const slug =
    row.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "engagement";
  return { fileName: `${slug}.yaml`, yaml: engagementDocToYaml(doc) };
};
