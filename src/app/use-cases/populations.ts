/**
 * Populations (issue 4 §2): the auditor uploads a file for a mapping preview, then imports it for a
 * control and period as a job (profiled by DuckDB: row counts, rows outside the period, unparseable
 * dates with their row numbers), records its completeness-and-accuracy support, reconciles it with
 * a second population and runs full-population tests over it (also jobs). Samples are in samples.ts;
 * the job handlers in populations-jobs.ts.
 */
import { dirname } from "node:path";
import { profilePopulation } from "../../analytics/index.js";
import { AppError, invalid } from "../../core/errors.js";
import { resolveColumn, ruleColumns } from "../../core/population-rules.js";
import { countBlobReferences, findOrgControlsByRefs } from "../../db/repositories/evidence.js";
import {
  countPopulationBlobReferences,
  countPopulationUses,
  deletePopulation as deletePopulationRow,
  findEngagementPopulation,
  listEngagementPopulations,
  listPopulationSamples,
  listPopulationTests,
} from "../../db/repositories/populations.js";
import type { Actor, UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireUser, requireWrite } from "../authz.js";
import type { Deps } from "../deps.js";
import { enqueueJob } from "../jobs.js";
import { blobStoreOf, cleanFileName, type UploadPart } from "./evidence-model.js";
import {
  detectPopulationFormat,
  headerColumns,
  readHead,
  receivePopulationFile,
} from "./populations-files.js";
import type { JobStarter } from "./populations-job-kit.js";
import type { ImportJobInput, ReconcileJobInput, TestJobInput } from "./populations-jobs.js";
import {
  type CreatePopulationInput,
  inUse,
  joinKeys,
  loadPopulation,
  loadPopulationTest,
  loadTeamEngagement,
  type PopulationDetailRow,
  type PopulationTestRequestInput,
  populationDetailView,
  populationListView,
  populationPeriod,
  type ReconcileInput,
  testView,
  validateFilter,
  validatePopulationRule,
} from "./populations-model.js";

/** Rows of the preview returned after an upload. */
const PREVIEW_ROWS = 20;

export const starterOf = (user: UserActor): JobStarter => ({
  userId: user.userId,
  name: user.name,
  email: user.email,
});

const unsupportedBody = () =>
  new AppError(
    "UNSUPPORTED_MEDIA_TYPE",
    "Send the population file as multipart/form-data (a 'file' part) or as an application/octet-stream body with ?filename= in the query string.",
  );

/** Removes a blob this upload created when nothing (no evidence item, no population) keeps it. */
const discardIfUnused = async (deps: Deps, orgId: string, blob: { sha256: string; created: boolean }) => {
  if (!blob.created) return;
  const [evidence, populations] = await Promise.all([
    countBlobReferences(deps.db, orgId, blob.sha256),
    countPopulationBlobReferences(deps.db, orgId, blob.sha256),
  ]);
  if (evidence + populations === 0) await blobStoreOf(deps).remove(orgId, blob.sha256);
};

/** Analytics errors that are not AppErrors are about the file's content: the user's input. */
const asFileError = (error: unknown, format: string): unknown =>
  error instanceof AppError
    ? error
    : new AppError(
        "VALIDATION",
        `The file could not be read as ${format.toUpperCase()}: ${error instanceof Error ? error.message : String(error)}`,
      );

/**
 * Step 1: the file goes into the organization's encrypted store; its columns and first rows come back
 * for the mapping. Nothing else is recorded until the population is created.
 */
export const uploadPopulationFile = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  parts: AsyncIterable<UploadPart> | null,
) => {
  const user = requireWrite(actor);
  const e = await loadTeamEngagement(deps, user, engagementId, "upload populations");
  if (!parts) throw unsupportedBody();
  const file = await receivePopulationFile(deps, e.org_id, parts);
  try {
    const format = detectPopulationFormat(file.fileName, file.blob.sample);
    let profile: Awaited<ReturnType<typeof profilePopulation>>;
    try {
      profile = await profilePopulation(file.plainPath, { format, tempDirectory: dirname(file.plainPath) });
    } catch (error) {
      await discardIfUnused(deps, e.org_id, file.blob);
      throw asFileError(error, format);
    }
    await inTransaction(deps, (trx) =>
      recordEvent(trx, deps, actor, {
        action: "population.file_uploaded",
        targetType: "engagement",
        targetId: e.id,
        firmId: e.firm_id,
        orgId: e.org_id,
        engagementId: e.id,
        after: { fileName: file.fileName, sha256: file.blob.sha256, size: file.blob.size, format },
      }),
    );
    return {
      fileSha256: file.blob.sha256,
      fileName: file.fileName,
      format,
      sizeBytes: file.blob.size,
      rowCount: profile.rowCount,
      columns: profile.columns,
      preview: profile.preview.slice(0, PREVIEW_ROWS),
    };
  } finally {
    await file.release();
  }
};

const requireColumn = (field: string, column: string, columns: readonly string[] | null) => {
  if (columns && !columns.includes(column)) {
    throw invalid(
      `${field}: "${column}" is not a column of the file; its columns are ${columns.join(", ")}.`,
      {
        columns,
      },
    );
  }
};

/** Step 2: checks the request and queues the import job ("population.import"). */
export const createPopulation = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  input: CreatePopulationInput,
) => {
  const user = requireWrite(actor);
  const e = await loadTeamEngagement(deps, user, engagementId, "import populations");
  const controls = await findOrgControlsByRefs(deps.db, e.org_id, [input.controlId]);
  const control =
    controls.find((c) => c.id === input.controlId) ?? controls.find((c) => c.code === input.controlId);
  if (!control) {
    throw invalid(
      `controlId: there is no control ${input.controlId} in this organization (give its id or code).`,
    );
  }
  const period = populationPeriod(e, input);
  if (!(await blobStoreOf(deps).exists(e.org_id, input.fileSha256))) {
    throw invalid(
      "fileSha256: no uploaded file has this SHA-256 in this organization; upload it first (POST /api/engagements/:id/populations/files).",
    );
  }
  const fileName = cleanFileName(input.fileName) ?? "population";
  const head = await readHead(deps, e.org_id, input.fileSha256);
  const format = detectPopulationFormat(fileName, head);
  const columns = headerColumns(format, head);
  requireColumn("mapping.date", input.mapping.date, columns);
  if (input.mapping.id) requireColumn("mapping.id", input.mapping.id, columns);
  const job: ImportJobInput = {
    engagementId: e.id,
    controlId: control.id,
    name: input.name,
    periodStart: period.start,
    periodEnd: period.end,
    blobSha256: input.fileSha256,
    fileName,
    format,
    mapping: { date: input.mapping.date, id: input.mapping.id ?? null },
    caMethod: input.caMethod,
    caSource: input.caSource,
    startedBy: starterOf(user),
  };
  return {
    job: await enqueueJob(deps, actor, {
      kind: "population.import",
      input: job,
      firmId: e.firm_id,
      orgId: null,
    }),
  };
};

export const listPopulations = async (deps: Deps, actor: Actor, engagementId: string) => {
  const user = requireUser(actor);
  const e = await loadTeamEngagement(deps, user, engagementId, "see populations");
  const rows = await listEngagementPopulations(deps.db, e.id);
  return { populations: rows.map(populationListView) };
};

const canWrite = (user: UserActor) => !user.scopes || user.scopes.includes("write");

export const getPopulation = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const p = await loadPopulation(deps, user, id, "see populations");
  const [samples, tests, uses] = await Promise.all([
    listPopulationSamples(deps.db, p.engagement_id, p.id),
    listPopulationTests(deps.db, p.engagement_id, p.id),
    countPopulationUses(deps.db, p.engagement_id, p.id),
  ]);
  const write = canWrite(user);
  return {
    ...populationDetailView(p, samples, tests),
    permissions: {
      canSample: write && Number(p.in_period_count) > 0,
      canTest: write,
      canReconcile: write,
      canDelete: write && inUse(uses) === null,
    },
  };
};

/** Deletes a population nothing uses yet (a wrong import); its file stays if anything else keeps it. */
export const deletePopulation = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireWrite(actor);
  const p = await loadPopulation(deps, user, id, "delete populations");
  await inTransaction(deps, async (trx) => {
    const conflict = inUse(await countPopulationUses(trx, p.engagement_id, p.id));
    if (conflict) throw conflict;
    await deletePopulationRow(trx, p.engagement_id, p.id);
    await recordEvent(trx, deps, actor, {
      action: "population.deleted",
      targetType: "population",
      targetId: p.id,
      firmId: p.firm_id,
      orgId: p.org_id,
      engagementId: p.engagement_id,
      before: { name: p.name, sha256: p.blob_sha256, rows: Number(p.row_count) },
    });
  });
  await discardIfUnused(deps, p.org_id, { sha256: p.blob_sha256, created: true });
  return { deleted: true as const, id: p.id };
};

const columnsOf = (p: { columns: string }): string[] => JSON.parse(p.columns) as string[];

/** Another population of the same engagement, named in a request body. */
const siblingPopulation = async (deps: Deps, p: PopulationDetailRow, field: string, id: string) => {
  const other = await findEngagementPopulation(deps.db, p.engagement_id, id);
  if (!other) throw invalid(`${field}: there is no population ${id} in this engagement.`);
  return other;
};

/** Queues a full-population test ("population.test"); the rule is checked before it is queued. */
export const startPopulationTest = async (
  deps: Deps,
  actor: Actor,
  id: string,
  input: PopulationTestRequestInput,
) => {
  const user = requireWrite(actor);
  const p = await loadPopulation(deps, user, id, "run full-population tests");
  const rule = validatePopulationRule(input.rule);
  let joinId: string | null = null;
  let joinedColumns: string[] | undefined;
  if (input.joinPopulationId !== undefined && input.on !== undefined) {
    const joined = await siblingPopulation(deps, p, "joinPopulationId", input.joinPopulationId);
    const [left, right] = joinKeys(input.on);
    requireColumn("on", left, columnsOf(p));
    joinedColumns = columnsOf(joined);
    requireColumn("on", right, joinedColumns);
    joinId = joined.id;
  }
  // Every column the rule names must exist (on its side, with a join), before any work is queued.
  const space = { left: columnsOf(p), ...(joinedColumns ? { right: joinedColumns } : {}) };
  for (const ref of ruleColumns(rule)) resolveColumn(ref, space);
  const job: TestJobInput = {
    engagementId: p.engagement_id,
    populationId: p.id,
    joinPopulationId: joinId,
    on: input.on ?? null,
    rule,
    startedBy: starterOf(user),
  };
  return {
    job: await enqueueJob(deps, actor, {
      kind: "population.test",
      input: job,
      firmId: p.firm_id,
      orgId: null,
    }),
  };
};

export const getPopulationTest = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  return testView(await loadPopulationTest(deps, user, id));
};

/** Queues a reconciliation with a second population of the engagement ("population.reconcile"). */
export const startReconciliation = async (deps: Deps, actor: Actor, id: string, input: ReconcileInput) => {
  const user = requireWrite(actor);
  const p = await loadPopulation(deps, user, id, "reconcile populations");
  if (input.otherPopulationId === p.id) {
    throw invalid("otherPopulationId: reconcile with a second, independent population, not with itself.");
  }
  const other = await siblingPopulation(deps, p, "otherPopulationId", input.otherPopulationId);
  requireColumn("key", input.key, columnsOf(p));
  requireColumn("otherKey", input.otherKey, columnsOf(other));
  const job: ReconcileJobInput = {
    engagementId: p.engagement_id,
    populationId: p.id,
    otherPopulationId: other.id,
    key: input.key,
    otherKey: input.otherKey,
    filter: input.filter === undefined ? null : validateFilter(input.filter, "filter"),
    otherFilter: input.otherFilter === undefined ? null : validateFilter(input.otherFilter, "otherFilter"),
    startedBy: starterOf(user),
  };
  return {
    job: await enqueueJob(deps, actor, {
      kind: "population.reconcile",
      input: job,
      firmId: p.firm_id,
      orgId: null,
    }),
  };
};
