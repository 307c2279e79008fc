/**
 * The sample jobs: "population.sample" draws a sample from an imported population and
 * "population.extend-sample" extends one (the rule is on runExtension). Like every population job,
 * they decrypt into a private copy, stop when cancelled, and write the sample with its audit event in
 * one transaction at the end.
 */
import { createHash } from "node:crypto";
import { selectFromPopulation } from "../../analytics/index.js";
import { AppError } from "../../core/errors.js";
import type { SelectionFrequency, SelectionMethod } from "../../core/sample-selection.js";
import { insertSample, listSampleFamily } from "../../db/repositories/populations.js";
import { inTransaction, recordEvent } from "../audit.js";
import { type Deps, nowIso } from "../deps.js";
import { type JobProgress, underJob, withPlainCopies } from "./populations-files.js";
import {
  actorOf,
  auditTarget,
  fileOf,
  type JobPopulation,
  type JobStarter,
  loadEngagementOrFail,
  loadPopulationOrFail,
} from "./populations-job-kit.js";
import { mappingOf, type PopulationFileFormat, type StoredSampleItem } from "./populations-model.js";

export interface SampleJobInput {
  readonly engagementId: string;
  readonly populationId: string;
  readonly method: SelectionMethod;
  readonly frequency: SelectionFrequency;
  readonly size: number;
  readonly seed: string;
  /** The size plan: rule text, where it came from and its inputs. */
  readonly rule: Record<string, unknown>;
  readonly startedBy: JobStarter;
}

const draw = (
  deps: Deps,
  ctx: JobProgress,
  p: JobPopulation,
  options: { method: SelectionMethod; frequency: SelectionFrequency; size: number; seed: string },
) => {
  const mapping = mappingOf(p.mapping);
  return underJob(ctx, { from: 0, to: 0.95 }, (hooks) =>
    withPlainCopies(deps, p.org_id, [fileOf(p)], hooks.signal, async ([path], tempDirectory) => {
      const selection = await selectFromPopulation(path!, {
        tempDirectory,
        format: p.format as PopulationFileFormat,
        dateColumn: mapping.date,
        ...(mapping.id ? { idColumn: mapping.id } : {}),
        period: { start: p.period_start, end: p.period_end },
        frequency: options.frequency,
        size: options.size,
        method: options.method,
        seed: options.seed,
        ...hooks,
      });
      if (selection.populationHash !== p.blob_sha256) {
        throw new AppError("INTEGRITY", "The decrypted file does not match the population's SHA-256.");
      }
      return selection;
    }),
  );
};

const itemsOf = (items: readonly StoredSampleItem[]): StoredSampleItem[] =>
  items.map((i) => ({ row: i.row, id: i.id, date: i.date, values: i.values }));

export const runSample = async (deps: Deps, raw: unknown, ctx: JobProgress) => {
  const input = raw as SampleJobInput;
  const e = await loadEngagementOrFail(deps, input.engagementId);
  const p = await loadPopulationOrFail(deps, e.id, input.populationId);
  await ctx.progress(0, "Decrypting the population");
  const selection = await draw(deps, ctx, p, input);
  await ctx.progress(0.97, "Recording the sample");
  const row = {
    id: deps.newId(),
    firm_id: e.firm_id,
    org_id: e.org_id,
    engagement_id: e.id,
    population_id: p.id,
    control_id: p.control_id,
    extends_sample_id: null,
    method: input.method,
    seed: input.seed,
    frequency: input.frequency,
    size: selection.items.length,
    rule: JSON.stringify(input.rule),
    strata: JSON.stringify(selection.strata),
    items: JSON.stringify(itemsOf(selection.items)),
    reason: null,
    created_by: input.startedBy.userId,
    created_at: nowIso(deps),
  };
  await inTransaction(deps, async (trx) => {
    await insertSample(trx, row);
    await recordEvent(trx, deps, actorOf(input.startedBy), {
      action: "sample.selected",
      targetType: "sample",
      targetId: row.id,
      ...auditTarget(e),
      after: {
        populationId: p.id,
        populationSha256: p.blob_sha256,
        method: row.method,
        frequency: row.frequency,
        seed: row.seed,
        size: row.size,
        rows: selection.items.map((i) => i.row),
      },
    });
  });
  return { sampleId: row.id, size: row.size };
};

export interface ExtensionJobInput {
  readonly engagementId: string;
  /** The original sample; extensions always hang off it, whichever sample of the family was named. */
  readonly rootSampleId: string;
  readonly additional: number;
  readonly reason: string;
  readonly startedBy: JobStarter;
}

/** seed' = SHA-256 of the canonical JSON ["fieldwork-sample-extension:v1", parent seed, "extension", ordinal]. */
export const extensionSeed = (parentSeed: string, ordinal: number): string =>
  createHash("sha256")
    .update(JSON.stringify(["fieldwork-sample-extension:v1", parentSeed, "extension", ordinal]), "utf8")
    .digest("hex");

/**
 * Picks `n` of the fresh items spread evenly over them (they are in date order): indexes
 * ⌊j·m/n⌋ for j = 0…n−1. No further randomness, so the choice is re-performable from the draw.
 */
export const spreadPick = <T>(fresh: readonly T[], n: number): T[] => {
  const m = fresh.length;
  if (n >= m) return [...fresh];
  return Array.from({ length: n }, (_, j) => fresh[Math.floor((j * m) / n)] as T);
};

/**
 * A sample extension, deterministic from the recorded seeds:
 * 1. ordinal = 1 + the number of extensions the original sample already has;
 *    seed' = extensionSeed(original seed, ordinal);
 * 2. draw, with seed' and the original method and frequency, a sample of size
 *    (additional + items already selected in the family), capped at the items in the period;
 * 3. drop the items already selected (by row); the draw holds at least `additional` others
 *    whenever the period has that many left;
 * 4. keep `additional` of them with spreadPick, in date order.
 */
export const runExtension = async (deps: Deps, raw: unknown, ctx: JobProgress) => {
  const input = raw as ExtensionJobInput;
  const e = await loadEngagementOrFail(deps, input.engagementId);
  const family = await listSampleFamily(deps.db, e.id, input.rootSampleId);
  const root = family.find((s) => s.id === input.rootSampleId);
  if (!root) throw new AppError("NOT_FOUND", "The sample of this job no longer exists.");
  const p = await loadPopulationOrFail(deps, e.id, root.population_id);
  const taken = new Set<number>();
  for (const s of family) for (const item of JSON.parse(s.items) as StoredSampleItem[]) taken.add(item.row);
  const ordinal = family.length;
  const seed = extensionSeed(root.seed, ordinal);
  const drawSize = Math.min(input.additional + taken.size, Number(p.in_period_count));
  await ctx.progress(0, "Decrypting the population");
  const selection = await draw(deps, ctx, p, {
    method: root.method as SelectionMethod,
    frequency: root.frequency as SelectionFrequency,
    size: drawSize,
    seed,
  });
  const fresh = selection.items
    .filter((i) => !taken.has(i.row))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.row - b.row));
  const picked = spreadPick(fresh, input.additional);
  if (picked.length === 0) {
    throw new AppError(
      "CONFLICT",
      "Every item in the period is already in the sample; nothing is left to add.",
    );
  }
  const strata = (selection.strata as { start: string; end: string }[]).map((s) => ({
    ...s,
    selected: picked.filter((i) => i.date >= s.start && i.date <= s.end).length,
  }));
  await ctx.progress(0.97, "Recording the extension");
  const row = {
    id: deps.newId(),
    firm_id: e.firm_id,
    org_id: e.org_id,
    engagement_id: e.id,
    population_id: p.id,
    control_id: p.control_id,
    extends_sample_id: root.id,
    method: root.method,
    seed,
    frequency: root.frequency,
    size: picked.length,
    rule: JSON.stringify({
      text: `Extension ${ordinal} of the sample: ${picked.length} more item(s), drawn with seed SHA-256(original seed, "extension", ${ordinal}) from a sample of ${drawSize}, excluding the ${taken.size} already selected.`,
      source: "extension",
      ordinal,
      additional: input.additional,
      drawSize,
      alreadySelected: taken.size,
    }),
    strata: JSON.stringify(strata),
    items: JSON.stringify(itemsOf(picked)),
    reason: input.reason,
    created_by: input.startedBy.userId,
    created_at: nowIso(deps),
  };
  await inTransaction(deps, async (trx) => {
    await insertSample(trx, row);
    await recordEvent(trx, deps, actorOf(input.startedBy), {
      action: "sample.extended",
      targetType: "sample",
      targetId: row.id,
      ...auditTarget(e),
      after: { extends: root.id, ordinal, seed, added: row.size, rows: picked.map((i) => i.row) },
      note: input.reason,
    });
  });
  return { sampleId: row.id, size: row.size, extendsSampleId: root.id };
};
