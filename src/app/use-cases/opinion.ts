/**
 * Opinion advice and the partner's decision (issue 4 §8). The advice comes from the core
 * (adviseOpinion) over every criterion in scope: the controls addressing each criterion are read
 * from the current audit program's lines, their conclusions from their workpapers, their deviations
 * and kinds from their exceptions. The partner decides and records the basis; the history is kept
 * and the latest decision is current.
 *
 * Mapping choices: a control without a workpaper conclusion "needs judgement", and one with a
 * systematic exception is "not effective" whatever its recorded conclusion; a design-deficiency
 * exception makes its criteria not met (the core's rule); a description-misstatement exception is
 * noted against its criteria and counts as material when the auditors classified it systematic
 * (never pervasive: that judgement is the partner's, recorded in the basis).
 */

import type { Kysely } from "kysely";
import { z } from "zod";
import { CRITERIA } from "../../catalog/criteria.js";
import { criteriaForCategories } from "../../core/criteria.js";
import { invalid } from "../../core/errors.js";
import {
  adviseOpinion,
  type OpinionControl,
  type OpinionResult,
  type ScopeLimitation,
} from "../../core/opinion.js";
import type { WorkpaperConclusion } from "../../core/workpaper.js";
import { controlConclusionOf } from "../../core/workpaper-grid.js";
import {
  insertOpinionDecision,
  listEngagementExceptions,
  listOpinionDecisions,
} from "../../db/repositories/exceptions.js";
import {
  findCurrentProgram,
  listEngagementWorkpapers,
  listProgramLines,
} from "../../db/repositories/workpapers.js";
import type { DB, EngagementRow } from "../../db/schema.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireUser, requireWrite, rolesOnEngagement } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { parseCategories } from "./engagement-model.js";
import { activeExceptions } from "./workpaper-basis.js";
import { loadWorkpaperEngagement } from "./workpaper-model.js";

export const OPINIONS = ["unmodified", "qualified", "adverse", "disclaimer"] as const;
export const SCOPE_LIMITATIONS = ["none", "limited", "pervasive"] as const;

export const OpinionQuerySchema = z.object({ scopeLimitation: z.enum(SCOPE_LIMITATIONS).optional() });

export const OpinionDecisionSchema = z.object({
  opinion: z.enum(OPINIONS),
  basis: z.string().trim().max(20_000).default(""),
  scopeLimitation: z.enum(SCOPE_LIMITATIONS).default("none"),
});
export type OpinionDecisionInput = z.output<typeof OpinionDecisionSchema>;

const parseIds = (json: string): string[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};

interface ControlFacts extends OpinionControl {
  readonly controlId: string;
  readonly workpaperId: string | null;
  readonly workpaperStatus: string | null;
  readonly designDeficiency: boolean;
  readonly descriptionMisstatement: boolean;
}

const computeAdvice = async (db: Kysely<DB>, e: EngagementRow, scopeLimitation: ScopeLimitation) => {
  const criteria = criteriaForCategories(CRITERIA, parseCategories(e.categories));
  const program = await findCurrentProgram(db, e.id);
  const [lines, workpapers, allExceptions] = await Promise.all([
    program ? listProgramLines(db, e.id, program.id) : Promise.resolve([]),
    listEngagementWorkpapers(db, e.id),
    listEngagementExceptions(db, e.id),
  ]);
  const exceptions = activeExceptions(allExceptions);
  const byControl = new Map(workpapers.map((w) => [w.control_id, w]));
  const controlsOf = new Map<string, ControlFacts[]>();
  const notes: string[] = [];
  if (!program) notes.push("There is no audit program yet, so no control addresses any criterion.");
  for (const line of lines) {
    const wp = byControl.get(line.control_id);
    const own = exceptions.filter((x) => wp && x.workpaper_id === wp.id);
    const facts: ControlFacts = {
      code: line.code,
      controlId: line.control_id,
      // A systematic exception makes the control ineffective (SOC2.md §4.5), even before the
      // preparer revises the recorded conclusion (the sign-off would refuse the contradiction).
      conclusion: own.some((x) => x.classification === "systematic")
        ? "not-effective"
        : controlConclusionOf((wp?.conclusion ?? null) as WorkpaperConclusion | null),
      deviationCount: own.reduce((sum, x) => sum + x.deviations, 0),
      concluded: wp !== undefined && wp.conclusion !== null,
      workpaperId: wp?.id ?? null,
      workpaperStatus: wp?.status ?? null,
      designDeficiency: own.some((x) => x.kind === "design-deficiency"),
      descriptionMisstatement: own.some((x) => x.kind === "description-misstatement"),
    };
    if (!wp) notes.push(`${line.code} has no workpaper yet.`);
    else if (wp.status !== "reviewed")
      notes.push(`${line.code}'s workpaper is ${wp.status}, not yet reviewed.`);
    for (const id of parseIds(line.criteria)) controlsOf.set(id, [...(controlsOf.get(id) ?? []), facts]);
  }
  const result: OpinionResult = adviseOpinion({
    criteria: criteria.map((c) => {
      const controls = controlsOf.get(c.id) ?? [];
      return {
        id: c.id,
        controls,
        designDeficiency: controls.some((f) => f.designDeficiency),
        descriptionMisstatement: controls.some((f) => f.descriptionMisstatement),
      };
    }),
    scopeLimitation,
    descriptionMisstatements: exceptions
      .filter((x) => x.kind === "description-misstatement")
      .map((x) => ({ material: x.classification === "systematic", pervasive: false })),
  });
  const titles = new Map<string, string>(criteria.map((c) => [c.id, c.title]));
  return {
    program: program ? { id: program.id, version: Number(program.version), status: program.status } : null,
    advice: {
      overall: result.overall,
      basisRequired: result.basisRequired,
      reasons: result.reasons,
      perCriterion: result.perCriterion.map((c) => ({
        ...c,
        title: titles.get(c.id) ?? null,
        controls: (controlsOf.get(c.id) ?? []).map((f) => ({
          controlId: f.controlId,
          code: f.code,
          conclusion: f.conclusion,
          deviations: f.deviationCount,
          workpaperId: f.workpaperId,
          workpaperStatus: f.workpaperStatus,
        })),
      })),
    },
    notes,
  };
};

const decisionView = (d: Awaited<ReturnType<typeof listOpinionDecisions>>[number]) => ({
  id: d.id,
  opinion: d.opinion,
  basis: d.basis,
  scopeLimitation: d.scope_limitation,
  adviceAtTheTime: (JSON.parse(d.advice) as { overall?: string }).overall ?? null,
  decidedBy: d.decided_by ? { id: d.decided_by, name: d.decided_by_name ?? null } : null,
  decidedAt: d.decided_at,
});

export const getOpinion = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  query: { scopeLimitation?: ScopeLimitation | undefined } = {},
) => {
  const user = requireUser(actor);
  const e = await loadWorkpaperEngagement(deps, user, engagementId);
  const history = await listOpinionDecisions(deps.db, e.id);
  const recorded = (history[0]?.scope_limitation ?? "none") as ScopeLimitation;
  const scopeLimitation = query.scopeLimitation ?? recorded;
  const computed = await computeAdvice(deps.db, e, scopeLimitation);
  return {
    ...computed,
    scopeLimitation,
    current: history[0] ? decisionView(history[0]) : null,
    history: history.map(decisionView),
    permissions: { canDecide: rolesOnEngagement(user, e).includes("partner") },
  };
};

export const decideOpinion = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  input: OpinionDecisionInput,
) => {
  const user = requireWrite(actor);
  const e = await loadWorkpaperEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, ["partner"], "decide the opinion");
  const { advice } = await computeAdvice(deps.db, e, input.scopeLimitation);
  if (input.opinion !== "unmodified" && input.basis === "") {
    throw invalid(
      `basis: a ${input.opinion} opinion needs its basis for modification: say which criteria, exceptions or scope limitation modify it.`,
    );
  }
  if (input.opinion !== advice.overall && input.basis === "") {
    throw invalid(
      `basis: the advice is ${advice.overall}; say why you decide ${input.opinion} instead (it is kept with the decision).`,
    );
  }
  const id = deps.newId();
  await inTransaction(deps, async (trx) => {
    await insertOpinionDecision(trx, {
      id,
      firm_id: e.firm_id,
      org_id: e.org_id,
      engagement_id: e.id,
      opinion: input.opinion,
      basis: input.basis,
      scope_limitation: input.scopeLimitation,
      advice: JSON.stringify({
        overall: advice.overall,
        reasons: advice.reasons,
        perCriterion: advice.perCriterion.map((c) => ({ id: c.id, advice: c.advice })),
      }),
      decided_by: user.userId,
      decided_at: nowIso(deps),
    });
    await recordEvent(trx, deps, user, {
      action: "opinion.decided",
      targetType: "opinion_decision",
      targetId: id,
      firmId: e.firm_id,
      orgId: e.org_id,
      engagementId: e.id,
      after: { opinion: input.opinion, scopeLimitation: input.scopeLimitation, advice: advice.overall },
      ...(input.basis ? { note: input.basis } : {}),
    });
  });
  return getOpinion(deps, actor, engagementId);
};
