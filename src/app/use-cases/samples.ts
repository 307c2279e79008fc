/**
 * Samples (issue 4 §4): drawn from an imported population by a job ("population.sample"), with a
 * recorded seed (by default SHA-256 of the engagement, the control and the population's hash) so
 * the same population, seed and method give the same items as `fieldwork sample` on the same file.
 * Extensions ("population.extend-sample") add items the sample does not have yet, deterministic from
 * the original seed, with the reason recorded (the rule is in populations-jobs.ts).
 *
 * Always a job, even for a small population: the file has to be decrypted and scanned either way, and
 * one shape (202 with the job) keeps the API and the UI simple.
 *
 * The size when none is given: the control's line in the current audit program (its sample rule,
 * src/core/audit-program.ts) applied to the population's in-period count; without a line, the
 * frequency rule (src/core/sample-size.ts). A rule that tests everything, a size no smaller than the
 * population, or method "all" selects every item in the period.
 */
import { SampleRuleSchema, sampleSizeFor } from "../../core/audit-program.js";
import { AppError, invalid } from "../../core/errors.js";
import {
  deriveSeed,
  SELECTION_FREQUENCIES,
  type SelectionFrequency,
  type SelectionMethod,
} from "../../core/sample-selection.js";
import { frequencySampleSize } from "../../core/sample-size.js";
import { findOrgControlsByRefs } from "../../db/repositories/evidence.js";
import { findCurrentProgramLine, listSampleFamily } from "../../db/repositories/populations.js";
import type { Actor } from "../actor.js";
import { requireUser, requireWrite } from "../authz.js";
import type { Deps } from "../deps.js";
import { enqueueJob } from "../jobs.js";
import { starterOf } from "./populations.js";
import {
  type ExtendSampleInput,
  loadPopulation,
  loadSample,
  type PopulationDetailRow,
  type SampleRequestInput,
  type StoredSampleItem,
  sampleView,
} from "./populations-model.js";
import type { ExtensionJobInput, SampleJobInput } from "./populations-sample-jobs.js";

/**
 * Largest sample stored item by item. Testing more items than this is what a full-population test
 * (POST /api/populations/:id/tests) is for.
 */
export const MAX_SAMPLE_ITEMS = 5000;

const asSelectionFrequency = (f: string | null | undefined): SelectionFrequency | undefined =>
  f && (SELECTION_FREQUENCIES as readonly string[]).includes(f) ? (f as SelectionFrequency) : undefined;

type ProgramLine = Awaited<ReturnType<typeof findCurrentProgramLine>>;

export interface SamplePlan {
  readonly method: SelectionMethod;
  readonly frequency: SelectionFrequency;
  readonly size: number;
  readonly rule: Record<string, unknown>;
}

const parseRule = (line: ProgramLine) => {
  if (!line) return null;
  try {
    const parsed = SampleRuleSchema.safeParse(JSON.parse(line.sample_rule));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

/** The method, frequency and size of a new sample (see the header comment). */
export const planSample = (
  inPeriod: number,
  controlFrequency: string,
  line: ProgramLine,
  input: SampleRequestInput,
): SamplePlan => {
  const rule = parseRule(line);
  const frequency =
    input.frequency ??
    (rule?.kind === "frequency" ? rule.frequency : undefined) ??
    asSelectionFrequency(line?.frequency) ??
    asSelectionFrequency(controlFrequency);
  if (!frequency) {
    throw invalid(
      `frequency: the control operates "${controlFrequency}", which says nothing about how to spread a sample over the period; give frequency (${SELECTION_FREQUENCIES.join(", ")}).`,
    );
  }
  let size: number;
  let text: string;
  let source: string;
  let testAll: boolean;
  if (input.method === "all") {
    [size, text, source, testAll] = [
      inPeriod,
      "Every item in the period is tested (method all).",
      "method",
      true,
    ];
  } else if (input.size !== undefined) {
    [size, text, source] = [input.size, `Size set by the auditor: ${input.size}.`, "given"];
    testAll = input.size >= inPeriod;
  } else if (rule && rule.kind !== "design") {
    const r = sampleSizeFor(rule, inPeriod);
    [size, text, source] = [r.size ?? inPeriod, r.text, "program"];
    testAll = r.testAll || size >= inPeriod;
  } else {
    const r = frequencySampleSize({ frequency, populationSize: inPeriod });
    [size, text, source] = [r.size, r.rule, "frequency"];
    testAll = r.testAll || r.size >= inPeriod;
  }
  const method: SelectionMethod = testAll ? "all" : input.method;
  return {
    method,
    frequency,
    size: testAll ? inPeriod : size,
    rule: {
      text,
      source,
      populationSize: inPeriod,
      ...(line && source === "program"
        ? { programLineId: line.id, programVersion: Number(line.version) }
        : {}),
      ...(rule && source === "program" ? { sampleRule: rule } : {}),
    },
  };
};

const requireItemsInPeriod = (p: PopulationDetailRow) => {
  if (Number(p.in_period_count) === 0) {
    throw new AppError(
      "CONFLICT",
      "The population has no items in its period, so there is nothing to sample; a population of zero is reported as not occurred (keep the query that returned nothing as its evidence).",
    );
  }
};

/** Queues the selection of a sample from a population; answers with the job. */
export const startSample = async (
  deps: Deps,
  actor: Actor,
  populationId: string,
  input: SampleRequestInput,
) => {
  const user = requireWrite(actor);
  const p = await loadPopulation(deps, user, populationId, "draw samples");
  requireItemsInPeriod(p);
  const [control] = await findOrgControlsByRefs(deps.db, p.org_id, [p.control_id]);
  const line = await findCurrentProgramLine(deps.db, p.engagement_id, p.control_id);
  const plan = planSample(Number(p.in_period_count), control?.frequency ?? "", line, input);
  if (plan.size > MAX_SAMPLE_ITEMS) {
    throw invalid(
      `The sample would hold ${plan.size} items, more than ${MAX_SAMPLE_ITEMS} can be recorded one by one; test the whole population with a full-population test instead.`,
    );
  }
  const seed = input.seed ?? deriveSeed(p.engagement_id, p.control_id, p.blob_sha256);
  const job: SampleJobInput = {
    engagementId: p.engagement_id,
    populationId: p.id,
    method: plan.method,
    frequency: plan.frequency,
    size: plan.size,
    seed,
    rule: { ...plan.rule, seedSource: input.seed === undefined ? "derived" : "given" },
    startedBy: starterOf(user),
  };
  return {
    job: await enqueueJob(deps, actor, {
      kind: "population.sample",
      input: job,
      firmId: p.firm_id,
      orgId: null,
    }),
  };
};

/** Queues an extension of a sample (of its original, when an extension is named). */
export const extendSample = async (deps: Deps, actor: Actor, sampleId: string, input: ExtendSampleInput) => {
  const user = requireWrite(actor);
  const s = await loadSample(deps, user, sampleId, "extend samples");
  const rootId = s.extends_sample_id ?? s.id;
  const family = await listSampleFamily(deps.db, s.engagement_id, rootId);
  const root = family.find((f) => f.id === rootId);
  if (!root) throw new AppError("NOT_FOUND", "The sample this one extends no longer exists.");
  if (root.method === "all") {
    throw new AppError(
      "CONFLICT",
      "This sample already holds every item in the period; there is nothing to add.",
    );
  }
  const p = await loadPopulation(deps, user, root.population_id, "extend samples");
  const taken = new Set<number>();
  for (const f of family) for (const item of JSON.parse(f.items) as StoredSampleItem[]) taken.add(item.row);
  const left = Number(p.in_period_count) - taken.size;
  if (left <= 0) {
    throw new AppError(
      "CONFLICT",
      "Every item in the period is already in the sample; there is nothing to add.",
    );
  }
  if (taken.size + input.additional > MAX_SAMPLE_ITEMS) {
    throw invalid(
      `additional: the sample would exceed ${MAX_SAMPLE_ITEMS} items; use a full-population test.`,
    );
  }
  const job: ExtensionJobInput = {
    engagementId: s.engagement_id,
    rootSampleId: rootId,
    additional: Math.min(input.additional, left),
    reason: input.reason,
    startedBy: starterOf(user),
  };
  return {
    job: await enqueueJob(deps, actor, {
      kind: "population.extend-sample",
      input: job,
      firmId: s.firm_id,
      orgId: null,
    }),
  };
};

export const getSample = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const s = await loadSample(deps, user, id, "see samples");
  return {
    ...sampleView(s),
    permissions: { canExtend: (!user.scopes || user.scopes.includes("write")) && s.method !== "all" },
  };
};
