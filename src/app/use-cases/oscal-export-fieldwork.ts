/**
 * The fieldwork side of the OSCAL export: the current audit program as an assessment plan, workpapers
 * and deviations as assessment results, exceptions with management's latest response as a POA&M.
 * Voided exceptions are left out. Reads only; the engagement was loaded and authorized by the caller.
 */
import { formatExceptionRef } from "../../core/workpaper.js";
import { listEngagementExceptions, listResponses } from "../../db/repositories/exceptions.js";
import {
  findCurrentProgram,
  listEngagementWorkpapers,
  listProgramLines,
  type ProgramLine,
} from "../../db/repositories/workpapers.js";
import type { EngagementRow } from "../../db/schema.js";
import {
  buildAssessmentPlan,
  buildAssessmentResults,
  buildPoam,
  type DocumentInfo,
} from "../../oscal/index.js";
import { type Deps, todayIso } from "../deps.js";
import { activeExceptions, attributesOf, parseLineJson } from "./workpaper-basis.js";

/** What every model's export needs: the loaded engagement, names, scope and document metadata. */
export interface ExportContext {
  readonly deps: Deps;
  readonly engagement: EngagementRow;
  readonly firmName: string;
  readonly orgName: string;
  /** Criterion ids in scope, in catalog order. */
  readonly criterionIds: readonly string[];
  readonly document: (title: string, version?: string) => DocumentInfo;
}

const FILES = { ssp: "ssp.json", plan: "assessment-plan.json" } as const;

const strings = (json: string): string[] => {
  const v = parseLineJson(json);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
};

const proceduresOf = (l: ProgramLine): { method: string; description: string }[] => {
  const v = parseLineJson(l.procedures);
  if (!Array.isArray(v)) return [];
  return v.flatMap((p: unknown) => {
    const x = p as { method?: unknown; description?: unknown };
    return typeof x.method === "string" && typeof x.description === "string"
      ? [{ method: x.method, description: x.description }]
      : [];
  });
};

/** The sample rule in words: its kind and settings ("frequency: frequency quarterly, risk lower"). */
const ruleText = (json: string): string => {
  const v = parseLineJson(json);
  if (typeof v !== "object" || v === null || Array.isArray(v)) return "";
  const { kind, ...rest } = v as Record<string, unknown>;
  const settings = Object.entries(rest)
    .filter(([, x]) => typeof x === "string" || typeof x === "number" || typeof x === "boolean")
    .map(([k, x]) => `${k} ${String(x)}`);
  return [typeof kind === "string" ? kind : "rule", settings.join(", ")].filter(Boolean).join(": ");
};

const periodOf = (ctx: ExportContext, type: "type1" | "type2") => {
  const e = ctx.engagement;
  const start = (type === "type1" ? e.as_of_date : e.period_start) ?? e.as_of_date ?? e.period_start;
  const end = (type === "type1" ? e.as_of_date : e.period_end) ?? start;
  const fallback = todayIso(ctx.deps);
  return { start: start ?? fallback, end: end ?? fallback };
};

const currentLines = async (ctx: ExportContext) => {
  const program = await findCurrentProgram(ctx.deps.db, ctx.engagement.id);
  const lines = program ? await listProgramLines(ctx.deps.db, ctx.engagement.id, program.id) : [];
  return { program, lines };
};

export const exportAssessmentPlan = async (ctx: ExportContext, type: "type1" | "type2") => {
  const { program, lines } = await currentLines(ctx);
  const period = periodOf(ctx, type);
  return buildAssessmentPlan({
    document: ctx.document("Audit program", program ? String(Number(program.version)) : "0"),
    sspHref: FILES.ssp,
    engagementKey: ctx.engagement.id,
    periodStart: period.start,
    periodEnd: period.end,
    programVersion: program ? Number(program.version) : null,
    programStatus: program?.status ?? null,
    criterionIds: ctx.criterionIds,
    lines: lines.map((l) => ({
      controlId: l.control_id,
      code: l.code,
      title: l.title,
      criteria: strings(l.criteria),
      frequency: l.frequency,
      automation: l.automation,
      procedures: proceduresOf(l),
      attributes: attributesOf(l),
      populationSource: l.population_source,
      sampleRule: ruleText(l.sample_rule),
    })),
  });
};

const resultCounts = async (ctx: ExportContext, workpaperIds: readonly string[]) => {
  if (workpaperIds.length === 0)
    return new Map<string, { items: number; pass: number; fail: number; na: number; last: string | null }>();
  const rows = await ctx.deps.db
    .selectFrom("test_results")
    .select(["workpaper_id", "item_key", "result", "tested_at"])
    .where("engagement_id", "=", ctx.engagement.id)
    .where("workpaper_id", "in", [...workpaperIds])
    .execute();
  const out = new Map<
    string,
    { items: number; pass: number; fail: number; na: number; last: string | null }
  >();
  const items = new Map<string, Set<string>>();
  for (const r of rows) {
    const c = out.get(r.workpaper_id) ?? { items: 0, pass: 0, fail: 0, na: 0, last: null };
    if (r.result === "pass") c.pass += 1;
    else if (r.result === "fail") c.fail += 1;
    else c.na += 1;
    if (!c.last || r.tested_at > c.last) c.last = r.tested_at;
    const set = items.get(r.workpaper_id) ?? new Set<string>();
    set.add(r.item_key);
    items.set(r.workpaper_id, set);
    c.items = set.size;
    out.set(r.workpaper_id, c);
  }
  return out;
};

export const exportAssessmentResults = async (ctx: ExportContext, type: "type1" | "type2") => {
  const e = ctx.engagement;
  const [{ lines }, workpapers, exceptions] = await Promise.all([
    currentLines(ctx),
    listEngagementWorkpapers(ctx.deps.db, e.id),
    listEngagementExceptions(ctx.deps.db, e.id),
  ]);
  const lineOf = new Map(lines.map((l) => [l.control_id, l]));
  const counts = await resultCounts(
    ctx,
    workpapers.map((w) => w.id),
  );
  const period = periodOf(ctx, type);
  const criteriaOf = (controlId: string) => strings(lineOf.get(controlId)?.criteria ?? "[]");
  return buildAssessmentResults({
    document: ctx.document("Results of testing"),
    planHref: FILES.plan,
    engagementKey: e.id,
    title: type === "type1" ? "Type 1: design and implementation" : "Type 2: operating effectiveness",
    periodStart: period.start,
    periodEnd: period.end,
    criterionIds: ctx.criterionIds,
    workpapers: workpapers.map((w) => {
      const c = counts.get(w.id) ?? { items: 0, pass: 0, fail: 0, na: 0, last: null };
      const line = lineOf.get(w.control_id);
      return {
        workpaperId: w.id,
        controlId: w.control_id,
        code: w.control_code,
        title: w.control_title,
        criteria: criteriaOf(w.control_id),
        methods: line ? proceduresOf(line).map((p) => p.method) : [],
        status: w.status,
        conclusion: w.conclusion,
        conclusionNote: w.conclusion_note,
        items: c.items,
        pass: c.pass,
        fail: c.fail,
        na: c.na,
        collected: w.reviewed_at ?? w.prepared_at ?? c.last ?? w.updated_at,
      };
    }),
    deviations: activeExceptions(exceptions).map((x) => ({
      exceptionId: x.id,
      ref: formatExceptionRef(x.seq),
      workpaperId: x.workpaper_id,
      controlCode: x.control_code,
      criteria: criteriaOf(x.control_id),
      kind: x.kind,
      description: x.description,
      deviations: x.deviations,
      tested: x.tested,
      classification: x.classification,
      status: x.status,
    })),
  });
};

export const exportPoam = async (ctx: ExportContext) => {
  const e = ctx.engagement;
  const [{ lines }, exceptions] = await Promise.all([
    currentLines(ctx),
    listEngagementExceptions(ctx.deps.db, e.id),
  ]);
  const active = activeExceptions(exceptions);
  const responses = await listResponses(
    ctx.deps.db,
    active.map((x) => x.id),
  );
  const lineOf = new Map(lines.map((l) => [l.control_id, l]));
  return buildPoam({
    document: ctx.document("Plan of action and milestones"),
    sspHref: FILES.ssp,
    systemKey: e.id,
    asOf: todayIso(ctx.deps),
    exceptions: active.map((x) => {
      const latest = responses.filter((r) => r.exception_id === x.id).at(-1);
      return {
        exceptionId: x.id,
        ref: formatExceptionRef(x.seq),
        controlCode: x.control_code,
        controlTitle: x.control_title,
        criteria: strings(lineOf.get(x.control_id)?.criteria ?? "[]"),
        description: x.description,
        cause: x.cause,
        classification: x.classification,
        status: x.status,
        response: latest
          ? {
              response: latest.response,
              remediation: latest.remediation,
              remediationDate: latest.remediation_date,
              decision: latest.decision,
              respondedAt: latest.created_at,
            }
          : null,
      };
    }),
  });
};
