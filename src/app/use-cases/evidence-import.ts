/**
 * Importers of real evidence exports: list them, and run one on uploaded file(s). Each raw file is
 * kept as an evidence item (source "importer") carrying the importer's checks, dated by the export,
 * and linked to the organization's controls adopted from the library controls the result names.
 */
import { AppError, invalid, isAppError, notFound } from "../../core/errors.js";
import {
  findOrgControlsByLibraryIds,
  insertEvidenceItem,
  insertLinks,
} from "../../db/repositories/evidence.js";
import { findImporter, IMPORTERS } from "../../evidence/importers/index.js";
import type { ImportResult } from "../../evidence/importers/types.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireUser, requireWrite } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import {
  discardUnusedBlobs,
  EVIDENCE_READERS,
  EVIDENCE_WRITERS,
  itemView,
  loadEvidenceOrg,
  type ReceivedFile,
  receiveParts,
  type UploadPart,
} from "./evidence-model.js";

/** Importers parse whole files in memory, so their inputs have a smaller cap than plain uploads. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;

const RESERVED_FIELDS = new Set(["title", "description"]);

export const listImporters = async (deps: Deps, actor: Actor, orgId: string) => {
  const user = requireUser(actor);
  await loadEvidenceOrg(deps, user, orgId, EVIDENCE_READERS, "see the evidence importers");
  return IMPORTERS.map((i) => ({ id: i.id, label: i.label, accepts: i.accepts, inputs: [...i.inputs] }));
};

/** Which importer input each uploaded file is: by part name, or the only input for a one-file importer. */
const assignInputs = (
  inputs: readonly string[],
  files: readonly ReceivedFile[],
): Map<string, ReceivedFile> => {
  const assigned = new Map<string, ReceivedFile>();
  if (inputs.length === 1 && files.length === 1) {
    assigned.set(inputs[0]!, files[0]!);
    return assigned;
  }
  for (const f of files) {
    if (!inputs.includes(f.field)) {
      throw invalid(
        `This importer takes the files ${inputs.map((i) => `'${i}'`).join(" and ")}; '${f.field}' is not one of them.`,
      );
    }
    if (assigned.has(f.field)) throw invalid(`The file '${f.field}' was sent twice.`);
    assigned.set(f.field, f);
  }
  const missing = inputs.filter((i) => !assigned.has(i));
  if (missing.length > 0) {
    throw invalid(
      `This importer needs the file${missing.length > 1 ? "s" : ""} ${missing.map((i) => `'${i}'`).join(" and ")}.`,
    );
  }
  return assigned;
};

/** Importer thresholds from the form's other fields; numbers stay numbers. */
const paramsFrom = (fields: Map<string, string[]>): Record<string, number | string> => {
  const params: Record<string, number | string> = {};
  for (const [name, values] of fields) {
    const value = values[values.length - 1]?.trim();
    if (RESERVED_FIELDS.has(name) || value === undefined || value === "") continue;
    params[name] = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return params;
};

export const runImporter = async (
  deps: Deps,
  actor: Actor,
  orgId: string,
  importerId: string,
  parts: AsyncIterable<UploadPart> | null,
) => {
  const user = requireWrite(actor);
  const org = await loadEvidenceOrg(deps, user, orgId, EVIDENCE_WRITERS, "run an evidence importer");
  const importer = findImporter(importerId);
  if (!importer) throw notFound(`Importer ${importerId}`);
  if (!parts) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Send the export as multipart/form-data (${importer.accepts}).`,
    );
  }
  const { fields, files } = await receiveParts(deps, org.id, parts, {
    maxFiles: importer.inputs.length,
    maxBytes: Math.min(IMPORT_MAX_BYTES, deps.config.evidenceMaxBytes),
    limitName: "the importer size limit",
    keepBytes: true,
  });
  try {
    if (files.length === 0) throw invalid(`Attach the export: ${importer.accepts}.`);
    const assigned = assignInputs(importer.inputs, files);
    const inputs = Object.fromEntries([...assigned].map(([name, f]) => [name, f.bytes ?? Buffer.alloc(0)]));
    let result: ImportResult;
    try {
      result = importer.parse(inputs, { now: deps.clock(), params: paramsFrom(fields) });
    } catch (error) {
      if (isAppError(error)) throw error;
      throw invalid(`The ${importer.label} could not be read: ${(error as Error).message}`);
    }
    const controls = await findOrgControlsByLibraryIds(deps.db, org.id, result.controlIds);
    const linked = controls.map((c) => ({ id: c.id, code: c.code, title: c.title }));
    const unmatched = result.controlIds.filter((id) => !controls.some((c) => c.library_id === id));
    const checks = JSON.stringify({ checks: result.checks, stats: result.stats });
    const now = nowIso(deps);
    const rows = [...assigned].map(([input, f]) => {
      const id = deps.newId();
      return {
        id,
        org_id: org.id,
        series_id: id,
        version: 1,
        supersedes_id: null,
        title:
          (fields.get("title")?.at(-1)?.trim() || result.title) + (assigned.size > 1 ? ` (${input})` : ""),
        description: fields.get("description")?.at(-1)?.trim() || null,
        media_type: f.mediaType,
        size: f.blob.size,
        sha256: f.blob.sha256,
        original_name: f.originalName,
        effective_date: result.effectiveDate,
        period_start: result.periodStart,
        period_end: result.periodEnd,
        source: "importer",
        importer_id: importer.id,
        checks,
        uploaded_by: user.userId,
        uploaded_at: now,
      };
    });
    await inTransaction(deps, async (trx) => {
      for (const row of rows) {
        await insertEvidenceItem(trx, row);
        await insertLinks(
          trx,
          linked.map((c) => ({
            evidence_id: row.id,
            control_id: c.id,
            org_id: org.id,
            linked_by: user.userId,
            linked_at: now,
          })),
        );
      }
      await recordEvent(trx, deps, actor, {
        action: "evidence.imported",
        targetType: "evidence",
        targetId: rows[0]?.id ?? null,
        firmId: org.firm_id,
        orgId: org.id,
        after: {
          importer: importer.id,
          items: rows.map((r) => r.id),
          effectiveDate: result.effectiveDate,
          checks: result.checks.map((c) => ({ id: c.id, status: c.status })),
          controls: linked.map((c) => c.code),
        },
      });
    });
    return {
      importer: importer.id,
      title: result.title,
      effectiveDate: result.effectiveDate,
      periodStart: result.periodStart,
      periodEnd: result.periodEnd,
      checks: result.checks,
      stats: result.stats,
      linkedControls: linked,
      unmatchedControlIds: unmatched,
      items: rows.map((r) => itemView({ ...r, uploaded_by_name: user.name }, linked)),
    };
  } catch (error) {
    await discardUnusedBlobs(deps, org.id, files);
    throw error;
  }
};
