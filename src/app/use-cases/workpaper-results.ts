/**
 * Recording results in a workpaper's grid, a batch of cells at a time (the keyboard-driven grid saves
 * cells as the auditor types). Each cell may cite an evidence item of the organization; the content
 * hash of that version is stored with the result, so the workpaper shows which version it relied on
 * even after newer versions are uploaded. Failed attributes become exceptions in the same transaction.
 */
import { AppError, invalid, notFound } from "../../core/errors.js";
import {
  deleteResult,
  findWorkpaperState,
  listOrgEvidenceVersions,
  listResults,
  lockOpenWorkpaper,
  updateWorkpaperIf,
  upsertResult,
} from "../../db/repositories/workpapers.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireWrite } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { deliverEmails } from "../notify.js";
import { loadEngagement } from "./engagement-model.js";
import { attributesOf, gridCells, loadBasis, loadProgramLine } from "./workpaper-basis.js";
import { syncExceptions } from "./workpaper-exceptions.js";
import {
  auditTarget,
  changedMeanwhile,
  loadWorkpaper,
  lockedError,
  type RecordResultsInput,
  WP_EDITORS,
} from "./workpaper-model.js";
import { getWorkpaper } from "./workpapers.js";

const cellKey = (itemKey: string, attributeId: string) => `${itemKey}\u0000${attributeId}`;

/** At most this many changed cells are listed in the audit event (the count is always complete). */
const AUDITED_CELLS = 200;

export const recordResults = async (deps: Deps, actor: Actor, id: string, input: RecordResultsInput) => {
  const user = requireWrite(actor);
  const wp = await loadWorkpaper(deps, user, id);
  requireEngagementRole(user, wp, WP_EDITORS, "record test results");
  if (wp.status !== "open") throw lockedError(wp.status);
  const e = await loadEngagement(deps, user, wp.engagement_id);
  const line = await loadProgramLine(deps.db, wp);
  const attributes = attributesOf(line);
  const basis = await loadBasis(deps.db, wp, line);

  const items = new Set(basis.items.map((i) => i.key));
  const attributeIds = new Set(attributes.map((a) => a.id));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, c] of input.cells.entries()) {
    if (!items.has(c.itemKey))
      problems.push(`cells.${i}.itemKey: "${c.itemKey}" is not an item of this workpaper.`);
    if (!attributeIds.has(c.attributeId)) {
      problems.push(
        `cells.${i}.attributeId: "${c.attributeId}" is not an attribute of the control's program line.`,
      );
    }
    const key = cellKey(c.itemKey, c.attributeId);
    if (seen.has(key)) problems.push(`cells.${i}: the same cell appears twice in one batch.`);
    seen.add(key);
  }
  if (problems.length > 0) throw invalid(problems.slice(0, 20).join(" "), { errors: problems });

  // Evidence must be the organization's own; another tenant's id reveals nothing (NOT_FOUND).
  const wanted = [...new Set(input.cells.map((c) => c.evidenceId).filter((v): v is string => Boolean(v)))];
  const versions = new Map((await listOrgEvidenceVersions(deps.db, wp.org_id, wanted)).map((v) => [v.id, v]));
  if (wanted.some((v) => !versions.has(v))) throw notFound("Evidence item");

  const notificationIds = await inTransaction(deps, async (trx) => {
    if (!(await lockOpenWorkpaper(trx, wp.id, input.revision))) {
      const state = await findWorkpaperState(trx, wp.id);
      if (state && state.status !== "open") throw lockedError(state.status);
      throw changedMeanwhile();
    }
    const now = nowIso(deps);
    const before = new Map(
      (await listResults(trx, wp.id)).map((r) => [cellKey(r.item_key, r.attribute_id), r]),
    );
    const changed: {
      itemKey: string;
      attributeId: string;
      before: string | null;
      after: string | null;
      evidenceSha256: string | null;
    }[] = [];
    for (const c of input.cells) {
      const prev = before.get(cellKey(c.itemKey, c.attributeId));
      if (c.result === null) {
        if (prev) {
          await deleteResult(trx, wp.id, c.itemKey, c.attributeId);
          changed.push({
            itemKey: c.itemKey,
            attributeId: c.attributeId,
            before: prev.result,
            after: null,
            evidenceSha256: null,
          });
        }
        continue;
      }
      const evidenceId = c.evidenceId === undefined ? (prev?.evidence_id ?? null) : c.evidenceId;
      const sha256 =
        evidenceId === null
          ? null
          : evidenceId === prev?.evidence_id
            ? prev.evidence_sha256
            : (versions.get(evidenceId)?.sha256 ?? null);
      const note = c.note ?? prev?.note ?? "";
      if (prev && prev.result === c.result && prev.note === note && prev.evidence_id === evidenceId) continue;
      await upsertResult(trx, {
        id: prev?.id ?? deps.newId(),
        workpaper_id: wp.id,
        firm_id: wp.firm_id,
        org_id: wp.org_id,
        engagement_id: wp.engagement_id,
        item_key: c.itemKey,
        attribute_id: c.attributeId,
        result: c.result,
        note,
        evidence_id: evidenceId,
        evidence_sha256: sha256,
        tested_by: user.userId,
        tested_at: now,
      });
      changed.push({
        itemKey: c.itemKey,
        attributeId: c.attributeId,
        before: prev?.result ?? null,
        after: c.result,
        evidenceSha256: sha256,
      });
    }
    if (changed.length === 0) return [];
    if (!(await updateWorkpaperIf(trx, wp.id, { status: "open" }, { updated_at: now }))) {
      throw new AppError("INTERNAL", "The locked workpaper could not be updated.");
    }
    const cells = gridCells(await listResults(trx, wp.id));
    const ids = await syncExceptions(
      trx,
      deps,
      user,
      { e, wp, basis, attributes, cells },
      changed.map((c) => c.attributeId),
    );
    await recordEvent(trx, deps, user, {
      action: "workpaper.results-recorded",
      targetType: "workpaper",
      targetId: wp.id,
      ...auditTarget(wp),
      after: { changed: changed.length, cells: changed.slice(0, AUDITED_CELLS) },
    });
    return ids;
  });
  await deliverEmails(deps, notificationIds);
  return getWorkpaper(deps, actor, id);
};
