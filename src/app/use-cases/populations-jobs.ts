/**
 * The jobs of the population capability: import (profile a stored file and record the population),
 * full-population test, and reconciliation with a second population; the sample jobs are in
 * populations-sample-jobs.ts, and all are registered here.
 *
 * Each job works on private plaintext copies of the stored files (deleted afterwards), forwards the
 * analytics' progress, stops when cancelled, and writes its result in ONE transaction with its audit
 * event at the very end, after a last cancellation check: a failed or cancelled job writes nothing.
 * The handlers are registered in src/app/jobs.ts (JOB_HANDLERS).
 */
import { profilePopulation, reconcilePopulations, testPopulation } from "../../analytics/index.js";
import { AppError } from "../../core/errors.js";
import {
  insertPopulation,
  insertPopulationTest,
  updatePopulationReconciliation,
} from "../../db/repositories/populations.js";
import { inTransaction, recordEvent } from "../audit.js";
import { type Deps, nowIso } from "../deps.js";
import { type JobProgress, underJob, withPlainCopies } from "./populations-files.js";
import {
  actorOf,
  auditTarget,
  fileOf,
  type JobStarter,
  loadEngagementOrFail,
  loadPopulationOrFail,
} from "./populations-job-kit.js";
import { MAX_LISTED_ROWS, mappingOf, type PopulationFileFormat } from "./populations-model.js";
import { runExtension, runSample } from "./populations-sample-jobs.js";

export type { ExtensionJobInput, SampleJobInput } from "./populations-sample-jobs.js";
export { extensionSeed, spreadPick } from "./populations-sample-jobs.js";
export type { JobStarter };

// ----- import -----

export interface ImportJobInput {
  readonly engagementId: string;
  readonly controlId: string;
  readonly name: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly blobSha256: string;
  readonly fileName: string;
  readonly format: PopulationFileFormat;
  readonly mapping: { date: string; id: string | null };
  readonly caMethod: string;
  readonly caSource: string;
  readonly startedBy: JobStarter;
}

const runImport = async (deps: Deps, raw: unknown, ctx: JobProgress) => {
  const input = raw as ImportJobInput;
  const e = await loadEngagementOrFail(deps, input.engagementId);
  await ctx.progress(0, "Decrypting the file");
  const profile = await underJob(ctx, { from: 0, to: 0.95 }, (hooks) =>
    withPlainCopies(
      deps,
      e.org_id,
      [{ sha256: input.blobSha256, format: input.format }],
      hooks.signal,
      ([path], tempDirectory) =>
        profilePopulation(path!, {
          tempDirectory,
          format: input.format,
          dateColumn: input.mapping.date,
          ...(input.mapping.id ? { idColumn: input.mapping.id } : {}),
          period: { start: input.periodStart, end: input.periodEnd },
          ...hooks,
        }),
    ),
  );
  if (profile.hash !== input.blobSha256) {
    throw new AppError("INTEGRITY", "The decrypted file does not match the uploaded file's SHA-256.");
  }
  // The last chance to cancel: after this the population is written in one transaction.
  await ctx.progress(0.97, "Recording the population");
  const now = nowIso(deps);
  const row = {
    id: deps.newId(),
    firm_id: e.firm_id,
    org_id: e.org_id,
    engagement_id: e.id,
    control_id: input.controlId,
    name: input.name,
    period_start: input.periodStart,
    period_end: input.periodEnd,
    blob_sha256: input.blobSha256,
    file_name: input.fileName,
    format: input.format,
    size_bytes: profile.sizeBytes,
    row_count: profile.rowCount,
    columns: JSON.stringify(profile.columns),
    mapping: JSON.stringify(input.mapping),
    preview: JSON.stringify(profile.preview),
    in_period_count: profile.inPeriod,
    excluded_count: profile.excluded,
    unparseable_count: profile.unparseableCount,
    unparseable: JSON.stringify(profile.unparseable.slice(0, MAX_LISTED_ROWS)),
    ca_method: input.caMethod,
    ca_source: input.caSource,
    reconciliation: null,
    created_by: input.startedBy.userId,
    created_at: now,
    updated_at: now,
  };
  await inTransaction(deps, async (trx) => {
    await insertPopulation(trx, row);
    await recordEvent(trx, deps, actorOf(input.startedBy), {
      action: "population.imported",
      targetType: "population",
      targetId: row.id,
      ...auditTarget(e),
      after: {
        name: row.name,
        controlId: row.control_id,
        fileName: row.file_name,
        sha256: row.blob_sha256,
        period: `${row.period_start}..${row.period_end}`,
        rows: profile.rowCount,
        inPeriod: profile.inPeriod,
        excluded: profile.excluded,
        unparseable: profile.unparseableCount,
        caMethod: row.ca_method,
      },
    });
  });
  return {
    populationId: row.id,
    rowCount: profile.rowCount,
    inPeriod: profile.inPeriod,
    excluded: profile.excluded,
    unparseable: profile.unparseableCount,
  };
};
// ----- full-population test -----

export interface TestJobInput {
  readonly engagementId: string;
  readonly populationId: string;
  readonly joinPopulationId: string | null;
  readonly on: string | [string, string] | null;
  readonly rule: unknown;
  readonly startedBy: JobStarter;
}

const runTest = async (deps: Deps, raw: unknown, ctx: JobProgress) => {
  const input = raw as TestJobInput;
  const e = await loadEngagementOrFail(deps, input.engagementId);
  const p = await loadPopulationOrFail(deps, e.id, input.populationId);
  const joined = input.joinPopulationId
    ? await loadPopulationOrFail(deps, e.id, input.joinPopulationId)
    : null;
  const mapping = mappingOf(p.mapping);
  await ctx.progress(0, "Decrypting the population");
  const result = await underJob(ctx, { from: 0, to: 0.95 }, (hooks) =>
    withPlainCopies(
      deps,
      e.org_id,
      joined ? [fileOf(p), fileOf(joined)] : [fileOf(p)],
      hooks.signal,
      ([path, joinPath], tempDirectory) =>
        testPopulation(path!, {
          tempDirectory,
          format: p.format as PopulationFileFormat,
          rule: input.rule,
          ...(joined && joinPath && input.on
            ? { join: { path: joinPath, format: joined.format as PopulationFileFormat, on: input.on } }
            : {}),
          period: { start: p.period_start, end: p.period_end },
          dateColumn: mapping.date,
          limit: MAX_LISTED_ROWS,
          ...hooks,
        }),
    ),
  );
  if (result.populationHash !== p.blob_sha256 || (joined && result.joinedHash !== joined.blob_sha256)) {
    throw new AppError("INTEGRITY", "A decrypted file does not match its population's SHA-256.");
  }
  await ctx.progress(0.97, "Recording the test");
  const row = {
    id: deps.newId(),
    firm_id: e.firm_id,
    org_id: e.org_id,
    engagement_id: e.id,
    population_id: p.id,
    join_population_id: joined?.id ?? null,
    control_id: p.control_id,
    rule: JSON.stringify({ rule: result.rule ?? input.rule, description: result.description, on: input.on }),
    rows_tested: result.rowsTested,
    rows_failing: result.rowsFailing,
    failing: JSON.stringify(result.failing.slice(0, MAX_LISTED_ROWS)),
    created_by: input.startedBy.userId,
    created_at: nowIso(deps),
  };
  await inTransaction(deps, async (trx) => {
    await insertPopulationTest(trx, row);
    await recordEvent(trx, deps, actorOf(input.startedBy), {
      action: "population.tested",
      targetType: "population_test",
      targetId: row.id,
      ...auditTarget(e),
      after: {
        populationId: p.id,
        joinPopulationId: row.join_population_id,
        rule: result.description,
        rowsTested: result.rowsTested,
        rowsFailing: result.rowsFailing,
      },
    });
  });
  return { testId: row.id, rowsTested: result.rowsTested, rowsFailing: result.rowsFailing };
};

// ----- reconciliation -----

export interface ReconcileJobInput {
  readonly engagementId: string;
  readonly populationId: string;
  readonly otherPopulationId: string;
  readonly key: string;
  readonly otherKey: string;
  readonly filter: unknown;
  readonly otherFilter: unknown;
  readonly startedBy: JobStarter;
}

const runReconcile = async (deps: Deps, raw: unknown, ctx: JobProgress) => {
  const input = raw as ReconcileJobInput;
  const e = await loadEngagementOrFail(deps, input.engagementId);
  const p = await loadPopulationOrFail(deps, e.id, input.populationId);
  const other = await loadPopulationOrFail(deps, e.id, input.otherPopulationId);
  await ctx.progress(0, "Decrypting the populations");
  const result = await underJob(ctx, { from: 0, to: 0.95 }, (hooks) =>
    withPlainCopies(
      deps,
      e.org_id,
      [fileOf(p), fileOf(other)],
      hooks.signal,
      ([left, right], tempDirectory) =>
        reconcilePopulations(
          {
            path: left!,
            format: p.format as PopulationFileFormat,
            key: input.key,
            ...(input.filter === undefined || input.filter === null ? {} : { filter: input.filter }),
          },
          {
            path: right!,
            format: other.format as PopulationFileFormat,
            key: input.otherKey,
            ...(input.otherFilter === undefined || input.otherFilter === null
              ? {}
              : { filter: input.otherFilter }),
          },
          { ...hooks, tempDirectory, limit: MAX_LISTED_ROWS },
        ),
    ),
  );
  if (result.leftHash !== p.blob_sha256 || result.rightHash !== other.blob_sha256) {
    throw new AppError("INTEGRITY", "A decrypted file does not match its population's SHA-256.");
  }
  await ctx.progress(0.97, "Recording the reconciliation");
  const at = nowIso(deps);
  const stored = {
    otherPopulationId: other.id,
    otherPopulationName: other.name,
    otherPopulationSha256: other.blob_sha256,
    key: input.key,
    otherKey: input.otherKey,
    filter: input.filter ?? null,
    otherFilter: input.otherFilter ?? null,
    leftRows: result.leftRows,
    rightRows: result.rightRows,
    matched: result.matched,
    unmatchedLeftCount: result.unmatchedLeftCount,
    unmatchedRightCount: result.unmatchedRightCount,
    unmatchedLeft: result.unmatchedLeft.slice(0, MAX_LISTED_ROWS),
    unmatchedRight: result.unmatchedRight.slice(0, MAX_LISTED_ROWS),
    clean: result.unmatchedLeftCount === 0 && result.unmatchedRightCount === 0,
    at,
    by: { id: input.startedBy.userId, name: input.startedBy.name },
  };
  await inTransaction(deps, async (trx) => {
    await updatePopulationReconciliation(trx, e.id, p.id, JSON.stringify(stored), at);
    await recordEvent(trx, deps, actorOf(input.startedBy), {
      action: "population.reconciled",
      targetType: "population",
      targetId: p.id,
      ...auditTarget(e),
      after: {
        otherPopulationId: other.id,
        key: input.key,
        otherKey: input.otherKey,
        matched: result.matched,
        unmatchedLeft: result.unmatchedLeftCount,
        unmatchedRight: result.unmatchedRightCount,
      },
    });
  });
  return {
    populationId: p.id,
    matched: result.matched,
    unmatchedLeft: result.unmatchedLeftCount,
    unmatchedRight: result.unmatchedRightCount,
  };
};

type Handler = (deps: Deps, input: unknown, ctx: JobProgress) => Promise<unknown>;

/** Registered in src/app/jobs.ts. */
export const POPULATION_JOB_HANDLERS: Record<string, Handler> = {
  "population.import": runImport,
  "population.sample": runSample,
  "population.extend-sample": runExtension,
  "population.test": runTest,
  "population.reconcile": runReconcile,
};
