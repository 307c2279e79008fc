/**
 * OSCAL 1.2.2 export of an engagement (issue 6 §2): the criteria as a catalog, the scope as a profile,
 * the system description as an SSP, the audit program as an assessment plan, the fieldwork as
 * assessment results, exceptions with remediation as a POA&M, and our framework mappings as a mapping
 * collection. The engagement's firm team and the organization's administrator may export; other
 * members of the organization are FORBIDDEN, other tenants NOT_FOUND. Documents point at each other by
 * the file names the CLI writes by default (`<model>.json`), so a folder of exports resolves.
 */
import { z } from "zod";
import { CRITERIA } from "../../catalog/criteria.js";
import { FRAMEWORKS } from "../../catalog/frameworks/index.js";
import { CATEGORY_NAMES, criteriaForCategories, SERIES } from "../../core/criteria.js";
import { invalid } from "../../core/errors.js";
import type { Role } from "../../core/roles.js";
import { emptySystemDescription, SystemDescriptionSchema } from "../../core/system-description.js";
import { listOrgControls } from "../../db/repositories/controls.js";
import { listSubserviceOrgs } from "../../db/repositories/engagements.js";
import { findSystemDescription } from "../../db/repositories/system-descriptions.js";
import type { EngagementRow } from "../../db/schema.js";
import { buildCatalog, buildMappingCollection, buildProfile, buildSsp } from "../../oscal/index.js";
import type { Actor } from "../actor.js";
import { requireEngagementRole, requireUser } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { engagementType, loadEngagement, parseBoundary, parseCategories } from "./engagement-model.js";
import {
  type ExportContext,
  exportAssessmentPlan,
  exportAssessmentResults,
  exportPoam,
} from "./oscal-export-fieldwork.js";
import { WP_READERS } from "./workpaper-model.js";

export const OSCAL_EXPORT_MODELS = [
  "catalog",
  "profile",
  "ssp",
  "assessment-plan",
  "assessment-results",
  "poam",
  "mapping",
] as const;
export type OscalExportModel = (typeof OSCAL_EXPORT_MODELS)[number];
export const OscalExportModelSchema = z.enum(OSCAL_EXPORT_MODELS);

/** The firm's engagement team and the client's administrator. */
export const OSCAL_EXPORTERS: readonly Role[] = [...WP_READERS, "org_admin"];

/** File names the documents use to point at each other. */
export const OSCAL_FILE_NAMES: Readonly<Record<OscalExportModel, string>> = {
  catalog: "catalog.json",
  profile: "profile.json",
  ssp: "ssp.json",
  "assessment-plan": "assessment-plan.json",
  "assessment-results": "assessment-results.json",
  poam: "poam.json",
  mapping: "mapping.json",
};

const namesOf = async (deps: Deps, e: EngagementRow) => {
  const [firm, org] = await Promise.all([
    deps.db.selectFrom("firms").select(["name"]).where("id", "=", e.firm_id).executeTakeFirst(),
    deps.db.selectFrom("organizations").select(["name"]).where("id", "=", e.org_id).executeTakeFirst(),
  ]);
  return { firmName: firm?.name ?? "Audit firm", orgName: org?.name ?? "Organization" };
};

const contextFor = async (deps: Deps, e: EngagementRow): Promise<ExportContext> => {
  const { firmName, orgName } = await namesOf(deps, e);
  const categories = parseCategories(e.categories);
  const inScope = criteriaForCategories(CRITERIA, categories);
  const lastModified = nowIso(deps);
  return {
    deps,
    engagement: e,
    firmName,
    orgName,
    criterionIds: inScope.map((c) => c.id),
    document: (title, version = "1") => ({
      title: `${title}: ${e.name}`,
      lastModified,
      version,
      parties: [
        { key: `firm-${e.firm_id}`, name: firmName, type: "organization" },
        { key: `org-${e.org_id}`, name: orgName, type: "organization" },
      ],
    }),
  };
};

const exportCatalog = (ctx: ExportContext) =>
  buildCatalog({
    document: {
      title:
        "Trust Services Criteria (2017, points of focus revised 2022) with Fieldwork's own titles and guidance",
      lastModified: ctx.document("").lastModified,
      version: "2017-2022",
      remarks:
        "Identifiers of the AICPA Trust Services Criteria; titles and guidance are Fieldwork's own wording.",
    },
    series: SERIES,
    criteria: CRITERIA,
    categoryNames: CATEGORY_NAMES,
  });

const descriptionOf = async (ctx: ExportContext) => {
  const row = await findSystemDescription(ctx.deps.db, ctx.engagement.id);
  return row ? SystemDescriptionSchema.parse(JSON.parse(row.content)) : emptySystemDescription();
};

const exportProfile = async (ctx: ExportContext) =>
  buildProfile({
    document: ctx.document("Scope of the engagement"),
    catalogHref: OSCAL_FILE_NAMES.catalog,
    scopeKey: ctx.engagement.id,
    criterionIds: ctx.criterionIds,
    notRelevant: (await descriptionOf(ctx)).notRelevant,
  });

const idList = (json: string): string[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};

const exportSsp = async (ctx: ExportContext) => {
  const e = ctx.engagement;
  const [description, subs, controls] = await Promise.all([
    descriptionOf(ctx),
    listSubserviceOrgs(ctx.deps.db, e.id),
    listOrgControls(ctx.deps.db, e.org_id),
  ]);
  const boundary = parseBoundary(e.boundary);
  return buildSsp({
    document: ctx.document("System description"),
    profileHref: OSCAL_FILE_NAMES.profile,
    systemKey: e.id,
    systemName: boundary.services.length > 0 ? boundary.services.join(", ") : e.name,
    organizationName: ctx.orgName,
    description,
    subserviceOrgs: subs.map((s) => ({ id: s.id, name: s.name, services: s.service, method: s.method })),
    criterionIds: ctx.criterionIds,
    controls: controls
      .filter((c) => c.status !== "not_applicable")
      .map((c) => ({
        code: c.code,
        title: c.title,
        description: c.description,
        criteria: idList(c.criteria),
      })),
  });
};

const exportMapping = (ctx: ExportContext) => {
  if (!FRAMEWORKS.some((f) => f.mappings.length > 0)) {
    throw invalid(
      "No framework has mappings to the criteria yet, so there is no mapping collection to export.",
    );
  }
  return buildMappingCollection({
    document: ctx.document("Framework mappings to the Trust Services Criteria"),
    catalogHref: OSCAL_FILE_NAMES.catalog,
    frameworks: FRAMEWORKS,
  });
};

/** The OSCAL document of one model for an engagement, as a JSON-ready object. */
export const exportOscal = async (
  deps: Deps,
  actor: Actor,
  input: { engagementId: string; model: OscalExportModel },
): Promise<{ fileName: string; document: object }> => {
  const user = requireUser(actor);
  const e = await loadEngagement(deps, user, input.engagementId);
  requireEngagementRole(user, e, OSCAL_EXPORTERS, "export the engagement as OSCAL");
  const ctx = await contextFor(deps, e);
  const type = engagementType(e);
  const build: Record<OscalExportModel, () => object | Promise<object>> = {
    catalog: () => exportCatalog(ctx),
    profile: () => exportProfile(ctx),
    ssp: () => exportSsp(ctx),
    "assessment-plan": () => exportAssessmentPlan(ctx, type),
    "assessment-results": () => exportAssessmentResults(ctx, type),
    poam: () => exportPoam(ctx),
    mapping: () => exportMapping(ctx),
  };
  return { fileName: OSCAL_FILE_NAMES[input.model], document: await build[input.model]() };
};
