/**
 * Workpapers: one per control of the engagement, opened on the control's program line and linked to
 * a sample (with its extensions), a full-population test, or neither (a design walkthrough or a test
 * of one). The auditors record results (workpaper-results.ts), conclude, and sign off
 * (workpaper-signoff.ts). Every change is an audit event in the transaction of the change.
 */
import { AppError, invalid } from "../../core/errors.js";
import { conclusionProblems } from "../../core/workpaper-grid.js";
import { listWorkpaperExceptions } from "../../db/repositories/exceptions.js";
import {
  deleteResultsById,
  findCurrentProgram,
  findCurrentProgramLine,
  findWorkpaperIdByControl,
  insertWorkpaper,
  listEngagementWorkpapers,
  listProgramLines,
  listResults,
  updateWorkpaperIf,
} from "../../db/repositories/workpapers.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireUser, requireWrite, rolesOnEngagement } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { deliverEmails } from "../notify.js";
import { loadEngagement } from "./engagement-model.js";
import { requireControl } from "./request-model.js";
import {
  activeExceptions,
  attributesOf,
  exceptionFacts,
  gridCells,
  loadBasis,
  loadProgramLine,
  requireBasisFor,
} from "./workpaper-basis.js";
import { syncExceptions } from "./workpaper-exceptions.js";
import {
  auditTarget,
  changedMeanwhile,
  loadWorkpaper,
  loadWorkpaperEngagement,
  lockedError,
  type OpenWorkpaperInput,
  type UpdateWorkpaperInput,
  WP_EDITORS,
} from "./workpaper-model.js";
import { workpaperDetail, workpaperSummary } from "./workpaper-view.js";

export const listWorkpapers = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  filter: { status?: string | undefined } = {},
) => {
  const user = requireUser(actor);
  const e = await loadWorkpaperEngagement(deps, user, engagementId);
  const [rows, program] = await Promise.all([
    listEngagementWorkpapers(deps.db, e.id, filter.status),
    findCurrentProgram(deps.db, e.id),
  ]);
  const lines = program ? await listProgramLines(deps.db, e.id, program.id) : [];
  const all = filter.status ? await listEngagementWorkpapers(deps.db, e.id) : rows;
  const opened = new Set(all.map((w) => w.control_id));
  const editor = rolesOnEngagement(user, e).some((r) => WP_EDITORS.includes(r));
  return {
    workpapers: rows.map((w) => ({
      ...workpaperSummary(w),
      exceptionCount: w.exception_count,
      pendingExceptionCount: w.pending_exception_count,
      resultCount: w.result_count,
    })),
    unopened: lines
      .filter((l) => !opened.has(l.control_id))
      .map((l) => ({ controlId: l.control_id, code: l.code, title: l.title })),
    permissions: { canOpen: editor },
  };
};

export const getWorkpaper = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  return workpaperDetail(deps, user, await loadWorkpaper(deps, user, id));
};

const existingConflict = (id: string) =>
  new AppError("CONFLICT", "This control already has a workpaper in the engagement; open that one instead.", {
    existingId: id,
  });

export const openWorkpaper = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  input: OpenWorkpaperInput,
) => {
  const user = requireWrite(actor);
  const e = await loadWorkpaperEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, WP_EDITORS, "open workpapers");
  const control = await requireControl(deps.db, e.org_id, input.controlId, "controlId");
  const line = await findCurrentProgramLine(deps.db, e.id, control.id);
  if (!line) {
    throw invalid(
      `controlId: ${control.code} is not in the engagement's audit program; add it to the program before testing it.`,
    );
  }
  await requireBasisFor(deps.db, e, control.id, input);
  const existing = await findWorkpaperIdByControl(deps.db, e.id, control.id);
  if (existing) throw existingConflict(existing.id);
  const id = deps.newId();
  const now = nowIso(deps);
  try {
    await inTransaction(deps, async (trx) => {
      await insertWorkpaper(trx, {
        id,
        firm_id: e.firm_id,
        org_id: e.org_id,
        engagement_id: e.id,
        control_id: control.id,
        program_control_id: line.id,
        sample_id: input.sampleId ?? null,
        population_test_id: input.populationTestId ?? null,
        conclusion: null,
        conclusion_note: "",
        status: "open",
        preparer_user_id: null,
        prepared_at: null,
        reviewer_user_id: null,
        reviewed_at: null,
        revision: 1,
        created_at: now,
        updated_at: now,
      });
      await recordEvent(trx, deps, user, {
        action: "workpaper.opened",
        targetType: "workpaper",
        targetId: id,
        firmId: e.firm_id,
        orgId: e.org_id,
        engagementId: e.id,
        after: {
          controlId: control.id,
          code: control.code,
          programLineId: line.id,
          programVersion: Number(line.program_version),
          sampleId: input.sampleId ?? null,
          populationTestId: input.populationTestId ?? null,
        },
      });
    });
  } catch (error) {
    // Two auditors opening the same control at once: the unique (engagement, control) decides.
    const winner = await findWorkpaperIdByControl(deps.db, e.id, control.id);
    if (winner && winner.id !== id) throw existingConflict(winner.id);
    throw error;
  }
  return getWorkpaper(deps, actor, id);
};

/**
 * Records the conclusion and note, or links another sample or full-population test. A new basis
 * that drops items with results needs `discardResults: true`; the discarded results are kept in the
 * audit event. A conclusion that contradicts the results is refused with every reason.
 */
export const updateWorkpaper = async (deps: Deps, actor: Actor, id: string, input: UpdateWorkpaperInput) => {
  const user = requireWrite(actor);
  const wp = await loadWorkpaper(deps, user, id);
  requireEngagementRole(user, wp, WP_EDITORS, "edit workpapers");
  if (wp.status !== "open") throw lockedError(wp.status);
  const e = await loadEngagement(deps, user, wp.engagement_id);
  const sampleId =
    input.sampleId !== undefined ? input.sampleId : input.populationTestId ? null : wp.sample_id;
  const populationTestId =
    input.populationTestId !== undefined
      ? input.populationTestId
      : input.sampleId
        ? null
        : wp.population_test_id;
  const basisChanged = sampleId !== wp.sample_id || populationTestId !== wp.population_test_id;
  if (basisChanged) await requireBasisFor(deps.db, e, wp.control_id, { sampleId, populationTestId });
  const line = await loadProgramLine(deps.db, wp);
  const attributes = attributesOf(line);
  const notificationIds = await inTransaction(deps, async (trx) => {
    const now = nowIso(deps);
    const changes = {
      updated_at: now,
      ...(input.conclusion !== undefined ? { conclusion: input.conclusion } : {}),
      ...(input.conclusionNote !== undefined ? { conclusion_note: input.conclusionNote } : {}),
      ...(basisChanged ? { sample_id: sampleId, population_test_id: populationTestId } : {}),
    };
    if (
      !(await updateWorkpaperIf(
        trx,
        wp.id,
        { status: "open", revision: input.revision ?? wp.revision },
        changes,
      ))
    ) {
      throw changedMeanwhile();
    }
    const basis = await loadBasis(
      trx,
      { ...wp, sample_id: sampleId, population_test_id: populationTestId },
      line,
    );
    let results = await listResults(trx, wp.id);
    let ids: string[] = [];
    if (basisChanged) {
      const keys = new Set(basis.items.map((i) => i.key));
      const dropped = results.filter((r) => !keys.has(r.item_key));
      if (dropped.length > 0 && input.discardResults !== true) {
        throw new AppError(
          "CONFLICT",
          `${dropped.length} recorded ${dropped.length === 1 ? "result is" : "results are"} on items outside the new ${basis.kind === "sample" ? "sample" : "basis"}; send discardResults: true to discard them.`,
          { discard: dropped.length },
        );
      }
      await deleteResultsById(
        trx,
        wp.id,
        dropped.map((r) => r.id),
      );
      results = results.filter((r) => keys.has(r.item_key));
      ids = await syncExceptions(
        trx,
        deps,
        user,
        { e, wp, basis, attributes, cells: gridCells(results) },
        attributes.map((a) => a.id),
      );
      await recordEvent(trx, deps, user, {
        action: "workpaper.basis-changed",
        targetType: "workpaper",
        targetId: wp.id,
        ...auditTarget(wp),
        before: { sampleId: wp.sample_id, populationTestId: wp.population_test_id },
        after: { sampleId, populationTestId },
        ...(dropped.length > 0
          ? {
              note: `Discarded results: ${JSON.stringify(dropped.slice(0, 200).map((r) => [r.item_key, r.attribute_id, r.result]))}`,
            }
          : {}),
      });
    }
    const conclusion = input.conclusion !== undefined ? input.conclusion : null;
    if (conclusion) {
      const exceptions = activeExceptions(await listWorkpaperExceptions(trx, wp.id));
      const tested = new Set(
        gridCells(results)
          .filter((c) => c.result !== "na")
          .map((c) => c.itemKey),
      );
      const problems = conclusionProblems(conclusion, {
        itemsTested: [...tested].filter((k) => basis.items.some((i) => i.key === k)).length,
        populationSize: basis.populationSize,
        exceptions: exceptions.map(exceptionFacts),
      });
      if (problems.length > 0) {
        throw invalid(`conclusion: ${problems.join(" ")}`, { problems });
      }
    }
    if (input.conclusion !== undefined || input.conclusionNote !== undefined) {
      await recordEvent(trx, deps, user, {
        action: "workpaper.concluded",
        targetType: "workpaper",
        targetId: wp.id,
        ...auditTarget(wp),
        before: { conclusion: wp.conclusion, note: wp.conclusion_note },
        after: {
          conclusion: input.conclusion !== undefined ? input.conclusion : wp.conclusion,
          note: input.conclusionNote ?? wp.conclusion_note,
        },
      });
    }
    return ids;
  });
  await deliverEmails(deps, notificationIds);
  return getWorkpaper(deps, actor, id);
};
