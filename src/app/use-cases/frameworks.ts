/**
 * Framework mappings in the product (issue 6 §1): the frameworks we ship, an organization's
 * coverage of one framework through its SOC 2 controls (per engagement scope, with the gaps), and
 * what else a single control satisfies. Read-only: the organization's people and the auditing firm
 * that audits it may read; nothing here changes data, so no audit event is written.
 */
import { CRITERIA } from "../../catalog/criteria.js";
import { FRAMEWORKS, findFramework } from "../../catalog/frameworks/index.js";
import type { ControlStatus } from "../../core/controls.js";
import { criteriaForCategories } from "../../core/criteria.js";
import { notFound } from "../../core/errors.js";
import { controlFrameworks, frameworkCoverage } from "../../core/framework-coverage.js";
import type { Framework } from "../../core/frameworks.js";
import { findVisibleOrgControl, listOrgControls } from "../../db/repositories/controls.js";
import { listEngagements } from "../../db/repositories/engagements.js";
import type { Actor } from "../actor.js";
import { requireUser, scopeOf } from "../authz.js";
import type { Deps } from "../deps.js";
import { loadOrganization } from "./controls.js";
import { loadEngagement, parseCategories } from "./engagement-model.js";

const CRITERION_TITLES = new Map<string, string>(CRITERIA.map((c) => [c.id, c.title]));

const summaryOf = (f: Framework) => ({
  id: f.id,
  name: f.name,
  version: f.version,
  source: f.source,
  jurisdiction: f.jurisdiction,
  requirements: f.requirements.length,
  mappings: f.mappings.length,
  criteriaMapped: new Set(f.mappings.map((m) => m.criterionId)).size,
  groups: [...new Set(f.requirements.map((r) => r.group))],
});

const requireFramework = (id: string): Framework => {
  const framework = findFramework(id);
  if (!framework) {
    throw notFound(`Framework "${id}" (use one of ${FRAMEWORKS.map((f) => f.id).join(", ")})`);
  }
  return framework;
};

/** Titles of the criteria a framework maps to, so a page can name what a gap needs. */
const titlesFor = (f: Framework): Record<string, string> =>
  Object.fromEntries(
    [...new Set(f.mappings.map((m) => m.criterionId))]
      .sort()
      .map((id) => [id, CRITERION_TITLES.get(id) ?? id]),
  );

export const listFrameworks = (actor: Actor) => {
  requireUser(actor);
  return FRAMEWORKS.map(summaryOf);
};

export const getFramework = (actor: Actor, id: string) => {
  requireUser(actor);
  const framework = requireFramework(id);
  return {
    ...summaryOf(framework),
    requirementList: framework.requirements,
    mappingList: framework.mappings,
    unmapped: framework.unmapped ?? [],
    criteriaTitles: titlesFor(framework),
  };
};

export const getFrameworkCoverage = async (
  deps: Deps,
  actor: Actor,
  orgId: string,
  input: { framework: string; engagementId?: string | undefined },
) => {
  const user = requireUser(actor);
  const { org } = await loadOrganization(deps, user, orgId);
  const framework = requireFramework(input.framework);
  const engagement = input.engagementId
    ? await loadEngagement(deps, user, input.engagementId)
    : (await listEngagements(deps.db, { orgId: org.id }))[0];
  if (engagement && engagement.org_id !== org.id) throw notFound("Engagement");
  const categories = engagement ? parseCategories(engagement.categories) : null;
  const inScope = categories ? criteriaForCategories(CRITERIA, categories).map((c) => c.id) : undefined;
  const controls = (await listOrgControls(deps.db, org.id)).map((c) => ({
    id: c.id,
    code: c.code,
    title: c.title,
    criteria: JSON.parse(c.criteria) as string[],
    status: c.status as ControlStatus,
  }));
  return {
    organization: { id: org.id, name: org.name, country: org.country },
    engagement: engagement ? { id: engagement.id, name: engagement.name, categories } : null,
    framework: summaryOf(framework),
    controls: controls.filter((c) => c.status !== "not_applicable").length,
    criteriaTitles: titlesFor(framework),
    ...frameworkCoverage(framework, controls, inScope),
  };
};

export const getControlFrameworks = async (deps: Deps, actor: Actor, controlId: string) => {
  const user = requireUser(actor);
  const row = await findVisibleOrgControl(deps.db, controlId, scopeOf(user));
  if (!row) throw notFound("Control");
  const criteria = JSON.parse(row.criteria) as string[];
  const frameworks = controlFrameworks(FRAMEWORKS, criteria);
  return {
    controlId: row.id,
    code: row.code,
    criteria,
    requirementCount: frameworks.reduce((n, f) => n + f.requirements.length, 0),
    frameworks,
  };
};
