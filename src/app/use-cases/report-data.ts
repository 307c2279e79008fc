/**
 * The report's input snapshot gathered from the database (issue 5 §1): firm and signing partner,
 * organization, engagement, system description, subservice organizations, criteria in scope, the
 * controls of the current audit program with (Type 2) their tests from the workpapers, the
 * deviations, management's accepted responses and the partner's opinion. The core turns it into
 * the report model (src/core/report-model.ts); nothing here decides wording.
 *
 * Choices: a control counts as tested only when its workpaper is reviewed; a draft shows the others
 * as "testing not completed", a final report refuses them. Without a recorded opinion decision a
 * draft carries the core's advice; a final report needs the partner's decision.
 */
import { CRITERIA } from "../../catalog/criteria.js";
import { criteriaForCategories } from "../../core/criteria.js";
import { AppError, invalid } from "../../core/errors.js";
import { mergeDc4Entries } from "../../core/incident-disclosure.js";
import type {
  ReportControl,
  ReportDeviation,
  ReportInput,
  ReportManagementResponse,
  ReportOpinion,
  ReportTest,
  TestMethod,
} from "../../core/report-types.js";
import {
  emptySystemDescription,
  type SystemDescription,
  SystemDescriptionSchema,
} from "../../core/system-description.js";
import { mergeVendorCsocs } from "../../core/vendors.js";
import { formatExceptionRef } from "../../core/workpaper.js";
import { listSubserviceOrgs } from "../../db/repositories/engagements.js";
import {
  listEngagementExceptions,
  listOpinionDecisions,
  listResponses,
} from "../../db/repositories/exceptions.js";
import { findSystemDescription } from "../../db/repositories/system-descriptions.js";
import {
  findCurrentProgram,
  listEngagementWorkpapers,
  listProgramLines,
  type ProgramLine,
} from "../../db/repositories/workpapers.js";
import type { Actor } from "../actor.js";
import { requireUser } from "../authz.js";
import type { Deps } from "../deps.js";
import { engagementType, parseBoundary, parseCategories } from "./engagement-model.js";
import { registerDisclosures } from "./incident-disclosure.js";
import { getOpinion } from "./opinion.js";
import { firmAndPeople } from "./report-data-people.js";
import { listCsocsForEngagement } from "./vendor-subservice.js";
import { activeExceptions, loadBasis, parseLineJson } from "./workpaper-basis.js";
import { loadWorkpaperEngagement } from "./workpaper-model.js";

export interface ReportRequest {
  /** YYYY-MM-DD. */
  readonly reportDate: string;
  readonly version: number;
  readonly draft: boolean;
}

const METHODS: readonly TestMethod[] = ["inquiry", "inspection", "observation", "reperformance"];

const proceduresOf = (line: ProgramLine): { method: TestMethod; description: string }[] => {
  const raw = parseLineJson(line.procedures);
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((p: unknown) => {
    const v = p as { method?: unknown; description?: unknown };
    return typeof v.description === "string" && METHODS.includes(v.method as TestMethod)
      ? [{ method: v.method as TestMethod, description: v.description }]
      : [];
  });
};

const idsOf = (json: string): string[] => {
  const v = parseLineJson(json);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
};

/** Items tested by a workpaper's basis: n of the population, the entire population, or one. */
const extentOf = async (
  deps: Deps,
  wp: { engagement_id: string; sample_id: string | null; population_test_id: string | null },
  line: ProgramLine,
): Promise<Pick<ReportTest, "populationSize" | "sampleSize">> => {
  const basis = await loadBasis(deps.db, wp, line);
  if (basis.kind === "sample")
    return { populationSize: basis.populationSize, sampleSize: basis.items.length };
  if (basis.kind === "population-test")
    return { populationSize: basis.populationSize, sampleSize: "entire-population" };
  return { populationSize: null, sampleSize: 1 };
};

const opinionOf = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  draft: boolean,
): Promise<ReportOpinion> => {
  const decisions = await listOpinionDecisions(deps.db, engagementId);
  const latest = decisions[0];
  if (latest) {
    const kind = latest.opinion as ReportOpinion["kind"];
    return kind === "unmodified" ? { kind } : { kind, basis: latest.basis };
  }
  if (!draft) {
    throw invalid(
      "The partner has not decided the opinion yet; a final report needs the partner's decision (a draft may carry the advice).",
    );
  }
  const { advice } = await getOpinion(deps, actor, engagementId);
  const kind = advice.overall as ReportOpinion["kind"];
  if (kind === "unmodified") return { kind };
  return {
    kind,
    basis:
      `Draft: the partner has not decided the opinion yet; this is the advice at the date of this draft. ${advice.reasons.join(" ")}`.trim(),
  };
};

/** "a", "a and b", "a, b and c". */
const listed = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;

/** The ReportInput of an engagement, for the auditing firm's people; NOT_FOUND for other tenants. */
export const gatherReportInput = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  request: ReportRequest,
): Promise<ReportInput> => {
  const user = requireUser(actor);
  const e = await loadWorkpaperEngagement(deps, user, engagementId);
  const type = engagementType(e);
  const categories = parseCategories(e.categories);
  const inScope = criteriaForCategories(CRITERIA, categories);
  const scopeIds = new Set<string>(inScope.map((c) => c.id));
  const program = await findCurrentProgram(deps.db, e.id);
  if (program?.status !== "approved") {
    throw invalid(
      "The engagement has no approved audit program; approve the program before producing a report.",
    );
  }
  const [people, lines, workpapers, exceptions, subs, descriptionRow] = await Promise.all([
    firmAndPeople(deps, e),
    listProgramLines(deps.db, e.id, program.id),
    listEngagementWorkpapers(deps.db, e.id),
    listEngagementExceptions(deps.db, e.id),
    listSubserviceOrgs(deps.db, e.id),
    findSystemDescription(deps.db, e.id),
  ]);
  const wpByControl = new Map(workpapers.map((w) => [w.control_id, w]));
  const active = activeExceptions(exceptions);
  const responses = await listResponses(
    deps.db,
    active.map((x) => x.id),
  );
  const controls: ReportControl[] = [];
  const untested: string[] = [];
  const refsShown = new Set<string>();
  for (const line of lines) {
    const base = {
      code: line.code,
      title: line.title,
      description: people.controlDescriptions.get(line.control_id) ?? line.title,
      criteria: idsOf(line.criteria).filter((id) => scopeIds.has(id)),
    };
    const wp = wpByControl.get(line.control_id);
    if (wp?.status !== "reviewed") {
      untested.push(line.code);
      controls.push(type === "type2" ? { ...base, testingNotCompleted: true } : base);
      continue;
    }
    if (type === "type1") {
      controls.push(base);
      continue;
    }
    const own = active.filter((x) => x.workpaper_id === wp.id);
    const deviations: ReportDeviation[] = own.map((x) => {
      const ref = formatExceptionRef(x.seq);
      if (x.classification !== "isolated" && x.classification !== "systematic") {
        throw invalid(
          `Exception ${ref} of ${line.code} is not classified yet; classify it as isolated or systematic.`,
        );
      }
      refsShown.add(x.id);
      return {
        ref,
        description: x.description,
        deviations: x.deviations,
        tested: x.tested,
        classification: x.classification,
      };
    });
    const extent = await extentOf(deps, wp, line);
    const procedures = proceduresOf(line);
    const testing = procedures.filter((p) => p.method !== "inquiry");
    const carrier = testing.length > 0 ? testing : procedures.slice(-1);
    const tests: ReportTest[] = procedures.map((p) => ({
      method: p.method,
      procedure: p.description,
      ...(p.method === "inquiry" ? { populationSize: null, sampleSize: null } : extent),
      ...(carrier.includes(p) && deviations.length > 0
        ? { deviationRefs: deviations.map((d) => d.ref) }
        : {}),
    }));
    if (tests.length === 0) throw invalid(`The program line of ${line.code} has no procedures.`);
    controls.push({ ...base, tests, deviations });
  }
  if (!request.draft && untested.length > 0) {
    throw invalid(
      `A final report needs every control tested and its workpaper reviewed; not yet: ${untested.join(", ")}.`,
    );
  }
  const managementResponses: ReportManagementResponse[] = [];
  for (const x of active) {
    if (!refsShown.has(x.id)) continue;
    const accepted = responses.filter((r) => r.exception_id === x.id && r.decision === "accepted").at(-1);
    if (!accepted) continue;
    const remediation = accepted.remediation.trim();
    managementResponses.push({
      deviationRef: formatExceptionRef(x.seq),
      response: remediation ? `${accepted.response.trim()} ${remediation}` : accepted.response.trim(),
      ...(accepted.author_name ? { respondent: accepted.author_name } : {}),
    });
  }
  let description: SystemDescription = emptySystemDescription();
  if (descriptionRow) description = SystemDescriptionSchema.parse(JSON.parse(descriptionRow.content));
  // DC4: incidents flagged for disclosure in the register join those written into the description.
  description = {
    ...description,
    incidents: mergeDc4Entries(description.incidents, await registerDisclosures(deps.db, e)),
  };
  // DC7: CSOCs recorded on the subservice organizations' vendors, where the description lists none.
  description = mergeVendorCsocs(description, await listCsocsForEngagement(deps, e));
  const boundary = parseBoundary(e.boundary);
  const services = boundary.services.length > 0 ? boundary.services.join("; ") : e.name;
  if (type === "type1" && !e.as_of_date)
    throw new AppError("VALIDATION", "The engagement has no as-of date.");
  return {
    firm: people.firm,
    organization: {
      name: people.orgName,
      systemName: boundary.services.length > 0 ? `system supporting ${listed(boundary.services)}` : "system",
      services,
      assertionSigner: people.assertionSigner,
    },
    engagement: {
      id: e.id,
      type,
      ...(type === "type1"
        ? { asOfDate: e.as_of_date ?? "" }
        : { periodStart: e.period_start ?? "", periodEnd: e.period_end ?? "" }),
      categories: ["CC", ...categories.filter((c) => c !== "CC")],
    },
    description,
    subserviceOrgs: subs.map((s) => ({
      id: s.id,
      name: s.name,
      services: s.service,
      method: s.method === "inclusive" ? "inclusive" : "carve-out",
    })),
    criteria: inScope.map((c) => ({ id: c.id, title: c.title })),
    controls,
    managementResponses,
    opinion: await opinionOf(deps, actor, e.id, request.draft),
    report: { version: request.version, date: request.reportDate, draft: request.draft },
  };
};
