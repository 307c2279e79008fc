/** The API shapes of a workpaper: the grid with its evidence, exceptions, sign-offs and suggestion. */
import type { Kysely } from "kysely";
import type { Role } from "../../core/roles.js";
import {
  formatExceptionRef,
  REOPEN_ROLES,
  reviewerProblems,
  seniorRoleOf,
  type WorkpaperConclusion,
} from "../../core/workpaper.js";
import { conclusionProblems, suggestConclusion, tallyGrid } from "../../core/workpaper-grid.js";
import { type ExceptionItem, listWorkpaperExceptions } from "../../db/repositories/exceptions.js";
import { listMemberships } from "../../db/repositories/users.js";
import {
  listOrgEvidenceVersions,
  listResults,
  listWorkpaperEvents,
  type ProgramLine,
  type WorkpaperItem,
} from "../../db/repositories/workpapers.js";
import type { DB, EngagementRow } from "../../db/schema.js";
import type { UserActor } from "../actor.js";
import { rolesOnEngagement } from "../authz.js";
import type { Deps } from "../deps.js";
import { loadEngagement } from "./engagement-model.js";
import {
  activeExceptions,
  attributesOf,
  type Basis,
  exceptionFacts,
  gridCells,
  loadBasis,
  loadProgramLine,
  parseLineJson,
  suggestionInput,
} from "./workpaper-basis.js";
import { statusOf, WP_EDITORS } from "./workpaper-model.js";

/** The user's roles in a firm (the preparer's seniority is read when a reviewer signs off). */
export const firmRolesOf = async (db: Kysely<DB>, userId: string | null, firmId: string): Promise<Role[]> =>
  userId === null
    ? []
    : (await listMemberships(db, userId))
        .filter((m) => m.tenantKind === "firm" && m.tenantId === firmId)
        .map((m) => m.role);

export const exceptionSummary = (x: ExceptionItem) => ({
  id: x.id,
  ref: formatExceptionRef(x.seq),
  attributeId: x.attribute_id,
  kind: x.kind,
  description: x.description,
  deviations: x.deviations,
  tested: x.tested,
  classification: x.classification,
  status: x.status,
});

export const workpaperSummary = (wp: WorkpaperItem) => ({
  id: wp.id,
  engagementId: wp.engagement_id,
  control: { id: wp.control_id, code: wp.control_code, title: wp.control_title },
  status: wp.status,
  conclusion: wp.conclusion as WorkpaperConclusion | null,
  conclusionNote: wp.conclusion_note,
  preparer: wp.preparer_user_id
    ? { id: wp.preparer_user_id, name: wp.preparer_name ?? null, at: wp.prepared_at }
    : null,
  reviewer: wp.reviewer_user_id
    ? { id: wp.reviewer_user_id, name: wp.reviewer_name ?? null, at: wp.reviewed_at }
    : null,
  revision: wp.revision,
  createdAt: wp.created_at,
  updatedAt: wp.updated_at,
});

const programLineView = (line: ProgramLine | undefined) =>
  line
    ? {
        id: line.id,
        programId: line.program_id,
        programVersion: Number(line.program_version),
        programStatus: line.program_status,
        code: line.code,
        title: line.title,
        criteria: parseLineJson(line.criteria),
        frequency: line.frequency,
        automation: line.automation,
        procedures: parseLineJson(line.procedures),
        populationSource: line.population_source,
        sampleRule: parseLineJson(line.sample_rule),
      }
    : null;

const basisView = (b: Basis) => ({
  kind: b.kind,
  populationSize: b.populationSize,
  sample: b.sample,
  populationTest: b.populationTest,
});

export const workpaperPermissions = async (
  deps: Deps,
  user: UserActor,
  wp: WorkpaperItem,
): Promise<Record<string, boolean>> => {
  const roles = rolesOnEngagement(user, wp);
  const editor = roles.some((r) => WP_EDITORS.includes(r));
  const status = statusOf(wp);
  const canReview =
    status === "prepared" &&
    reviewerProblems({
      status,
      preparerUserId: wp.preparer_user_id,
      preparerRoles: await firmRolesOf(deps.db, wp.preparer_user_id, wp.firm_id),
      reviewerUserId: user.userId,
      reviewerRoles: roles,
    }).length === 0;
  return {
    canEdit: editor && status === "open",
    canPrepare: editor && seniorRoleOf(roles) !== null && status === "open",
    canReview,
    canReopen: status !== "open" && roles.some((r) => REOPEN_ROLES.includes(r)),
  };
};

/** Everything the workpaper screen shows. */
export const workpaperDetail = async (deps: Deps, user: UserActor, wp: WorkpaperItem) => {
  const db = deps.db;
  const e: EngagementRow = await loadEngagement(deps, user, wp.engagement_id);
  const line = await loadProgramLine(db, wp);
  const [basis, results, exceptions, events] = await Promise.all([
    loadBasis(db, wp, line),
    listResults(db, wp.id),
    listWorkpaperExceptions(db, wp.id),
    listWorkpaperEvents(db, wp.id),
  ]);
  const attributes = attributesOf(line);
  const cells = gridCells(results);
  const tally = tallyGrid(
    basis.items,
    attributes.map((a) => a.id),
    cells,
  );
  const evidenceIds = results.map((r) => r.evidence_id).filter((id): id is string => id !== null);
  const evidence = new Map((await listOrgEvidenceVersions(db, wp.org_id, evidenceIds)).map((v) => [v.id, v]));
  const itemKeys = new Set(basis.items.map((i) => i.key));
  const attributeIds = new Set(attributes.map((a) => a.id));
  const active = activeExceptions(exceptions);
  const conclusion = wp.conclusion as WorkpaperConclusion | null;
  return {
    workpaper: {
      ...workpaperSummary(wp),
      programLine: programLineView(line),
      basis: basisView(basis),
      attributes,
      items: basis.items,
      results: results.map((r) => {
        const v = r.evidence_id ? evidence.get(r.evidence_id) : undefined;
        return {
          itemKey: r.item_key,
          attributeId: r.attribute_id,
          result: r.result,
          note: r.note,
          onGrid: itemKeys.has(r.item_key) && attributeIds.has(r.attribute_id),
          evidence: r.evidence_id
            ? {
                id: r.evidence_id,
                sha256: r.evidence_sha256,
                title: v?.title ?? null,
                seriesId: v?.series_id ?? null,
                version: v ? Number(v.version) : null,
                supersededBy: v?.superseded_by ?? null,
              }
            : null,
          testedBy: r.tested_by ? { id: r.tested_by, name: r.tested_by_name ?? null } : null,
          testedAt: r.tested_at,
        };
      }),
      tally: {
        missingCells: tally.missingCells,
        itemsTested: tally.itemsTested,
        perAttribute: tally.perAttribute.map((a) => ({
          attributeId: a.attributeId,
          tested: a.tested,
          deviations: a.deviations,
        })),
      },
      exceptions: exceptions.map(exceptionSummary),
      events: events.map((v) => ({
        id: v.id,
        kind: v.kind,
        user: v.user_id ? { id: v.user_id, name: v.user_name ?? null } : null,
        reason: v.reason,
        at: v.at,
      })),
      suggestion: suggestConclusion(suggestionInput(e, basis, attributes, cells, exceptions, line)),
      conclusionProblems: conclusion
        ? conclusionProblems(conclusion, {
            itemsTested: tally.itemsTested,
            populationSize: basis.populationSize,
            exceptions: active.map(exceptionFacts),
          })
        : [],
    },
    permissions: await workpaperPermissions(deps, user, wp),
  };
};
