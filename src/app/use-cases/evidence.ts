/**
 * Evidence items: upload (streamed into the encrypted blob store), list, view, download, link to and
 * unlink from the organization's controls, and new versions that keep the old ones. Viewing an item's
 * detail and downloading it are audit events too.
 */
import type { Readable } from "node:stream";
import { z } from "zod";
import { AppError, invalid } from "../../core/errors.js";
import {
  deleteLink,
  findSupersedingId,
  insertEvidenceItem,
  insertLinks,
  listEvidenceItems,
  listLinkedControls,
  listVersions,
} from "../../db/repositories/evidence.js";
import { extensionFor } from "../../evidence/media-type.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireUser, requireWrite } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import {
  blobStoreOf,
  cleanFileName,
  discardUnusedBlobs,
  EVIDENCE_READERS,
  EVIDENCE_SOURCES,
  EVIDENCE_WRITERS,
  type EvidenceMetadata,
  existingDataKey,
  itemView,
  itemViews,
  type LinkedControl,
  loadEvidenceItem,
  loadEvidenceOrg,
  parseMetadata,
  type ReceivedFile,
  receiveParts,
  resolveControls,
  sourceFor,
  type UploadPart,
} from "./evidence-model.js";

export { EVIDENCE_SOURCES, type UploadPart };

/** Files up to this size are decrypted into memory for download; larger ones are verified, then streamed. */
const IN_MEMORY_DOWNLOAD_BYTES = 8 * 1024 * 1024;

export const EvidenceListSchema = z.object({
  controlId: z.string().trim().min(1).max(100).optional(),
  source: z.enum(EVIDENCE_SOURCES).optional(),
  includeSuperseded: z
    .enum(["true", "false", "1", "0"])
    .transform((v) => v === "true" || v === "1")
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type EvidenceListFilter = z.infer<typeof EvidenceListSchema>;

export const LinkControlsSchema = z.object({
  controlIds: z.array(z.string().trim().min(1).max(100)).min(1).max(100),
});

const unsupportedBody = () =>
  new AppError(
    "UNSUPPORTED_MEDIA_TYPE",
    "Send the file as multipart/form-data (a 'file' part with fields title, effectiveDate, controlIds) or as an application/octet-stream body with the fields in the query string.",
  );

const newItemRow = (
  deps: Deps,
  user: { userId: string },
  orgId: string,
  file: ReceivedFile,
  meta: EvidenceMetadata,
  extra: {
    source: string;
    seriesId?: string;
    version?: number;
    supersedesId?: string;
    title?: string;
    importerId?: string;
    checks?: string;
    effectiveDate?: string;
    periodStart?: string | null;
    periodEnd?: string | null;
  },
) => {
  const id = deps.newId();
  const originalName = file.originalName ?? cleanFileName(meta.filename);
  return {
    id,
    org_id: orgId,
    series_id: extra.seriesId ?? id,
    version: extra.version ?? 1,
    supersedes_id: extra.supersedesId ?? null,
    title: meta.title ?? extra.title ?? originalName ?? `Evidence of ${todayIso(deps)}`,
    description: meta.description ?? null,
    media_type: file.mediaType,
    size: file.blob.size,
    sha256: file.blob.sha256,
    original_name: originalName ?? null,
    effective_date: meta.effectiveDate ?? extra.effectiveDate ?? todayIso(deps),
    period_start: meta.periodStart ?? extra.periodStart ?? null,
    period_end: meta.periodEnd ?? extra.periodEnd ?? null,
    source: extra.source,
    importer_id: extra.importerId ?? null,
    checks: extra.checks ?? null,
    uploaded_by: user.userId,
    uploaded_at: nowIso(deps),
  };
};

const linkRows = (
  deps: Deps,
  user: { userId: string },
  orgId: string,
  evidenceId: string,
  controls: readonly LinkedControl[],
) =>
  controls.map((c) => ({
    evidence_id: evidenceId,
    control_id: c.id,
    org_id: orgId,
    linked_by: user.userId,
    linked_at: nowIso(deps),
  }));

const summaryOf = (row: ReturnType<typeof newItemRow>, controls: readonly LinkedControl[]) => ({
  title: row.title,
  version: row.version,
  sha256: row.sha256,
  size: row.size,
  mediaType: row.media_type,
  effectiveDate: row.effective_date,
  controls: controls.map((c) => c.code),
});

/**
 * Uploads one file as a new evidence item. `parts` is null when the request body is neither a form
 * nor a raw file (refused after authorization, so foreign tenants still see NOT_FOUND).
 */
export const uploadEvidence = async (
  deps: Deps,
  actor: Actor,
  orgId: string,
  parts: AsyncIterable<UploadPart> | null,
) => {
  const user = requireWrite(actor);
  const org = await loadEvidenceOrg(deps, user, orgId, EVIDENCE_WRITERS, "upload evidence");
  if (!parts) throw unsupportedBody();
  const { fields, files } = await receiveParts(deps, org.id, parts, {
    maxFiles: 1,
    maxBytes: deps.config.evidenceMaxBytes,
    beforeFirstFile: async (early) => {
      await resolveControls(deps, org.id, parseMetadata(early).controlIds);
    },
  });
  try {
    const file = files[0];
    if (!file) throw invalid("Attach the file: a multipart part named 'file', or the raw body.");
    const meta = parseMetadata(fields);
    const controls = await resolveControls(deps, org.id, meta.controlIds);
    const row = newItemRow(deps, user, org.id, file, meta, { source: sourceFor(user) });
    await inTransaction(deps, async (trx) => {
      await insertEvidenceItem(trx, row);
      await insertLinks(trx, linkRows(deps, user, org.id, row.id, controls));
      await recordEvent(trx, deps, actor, {
        action: "evidence.uploaded",
        targetType: "evidence",
        targetId: row.id,
        firmId: org.firm_id,
        orgId: org.id,
        after: summaryOf(row, controls),
      });
    });
    return itemView({ ...row, uploaded_by_name: user.name }, controls);
  } catch (error) {
    await discardUnusedBlobs(deps, org.id, files);
    throw error;
  }
};

export const listEvidence = async (deps: Deps, actor: Actor, orgId: string, filter: EvidenceListFilter) => {
  const user = requireUser(actor);
  const org = await loadEvidenceOrg(deps, user, orgId, EVIDENCE_READERS, "view evidence");
  let controlId = filter.controlId;
  if (controlId) controlId = (await resolveControls(deps, org.id, [controlId]))[0]?.id;
  const rows = await listEvidenceItems(deps.db, org.id, {
    controlId,
    source: filter.source,
    includeSuperseded: filter.includeSuperseded,
    limit: filter.limit,
  });
  return itemViews(deps, org.id, rows);
};

/** An item's detail with its versions; every view is recorded in the audit trail. */
export const getEvidence = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const item = await loadEvidenceItem(deps, user, id, EVIDENCE_READERS, "view evidence");
  const [links, versions, supersededBy] = await Promise.all([
    listLinkedControls(deps.db, item.org_id, [item.id]),
    listVersions(deps.db, item.org_id, item.series_id),
    findSupersedingId(deps.db, item.org_id, item.id),
  ]);
  await inTransaction(deps, (trx) =>
    recordEvent(trx, deps, actor, {
      action: "evidence.viewed",
      targetType: "evidence",
      targetId: item.id,
      firmId: item.firm_id,
      orgId: item.org_id,
      note: item.title,
    }),
  );
  return {
    ...itemView(item, links),
    supersededById: supersededBy ?? null,
    versions: versions.map((v) => ({
      id: v.id,
      version: Number(v.version),
      title: v.title,
      size: Number(v.size),
      sha256: v.sha256,
      mediaType: v.media_type,
      effectiveDate: v.effective_date,
      uploadedAt: v.uploaded_at,
      uploadedByName: v.uploaded_by_name ?? null,
    })),
  };
};

const downloadName = (item: { original_name: string | null; title: string; media_type: string }): string => {
  if (item.original_name) return item.original_name;
  const base =
    item.title
      .replace(/[^A-Za-z0-9._ -]+/g, "")
      .trim()
      .replace(/\s+/g, "-") || "evidence";
  const ext = extensionFor(item.media_type);
  return ext && !base.toLowerCase().endsWith(`.${ext}`) ? `${base}.${ext}` : base;
};

/**
 * The decrypted file. Every tag is checked before the first byte is returned, so a damaged blob is an
 * INTEGRITY error, never garbage; the download is recorded in the audit trail.
 */
export const downloadEvidence = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const item = await loadEvidenceItem(deps, user, id, EVIDENCE_READERS, "download evidence");
  const key = await existingDataKey(deps, item.org_id);
  const store = blobStoreOf(deps);
  const size = Number(item.size);
  let body: Buffer | Readable;
  if (size <= IN_MEMORY_DOWNLOAD_BYTES) {
    const chunks: Buffer[] = [];
    for await (const chunk of store.open(item.org_id, item.sha256, key)) chunks.push(chunk as Buffer);
    body = Buffer.concat(chunks);
  } else {
    await store.verify(item.org_id, item.sha256, key);
    body = store.open(item.org_id, item.sha256, key);
  }
  await inTransaction(deps, (trx) =>
    recordEvent(trx, deps, actor, {
      action: "evidence.downloaded",
      targetType: "evidence",
      targetId: item.id,
      firmId: item.firm_id,
      orgId: item.org_id,
      note: `${item.title} (${item.sha256.slice(0, 12)})`,
    }),
  );
  return { body, size, mediaType: item.media_type, filename: downloadName(item) };
};

const refuseSuperseded = async (
  deps: Deps,
  item: { id: string; org_id: string; version: number },
  what: string,
) => {
  const newer = await findSupersedingId(deps.db, item.org_id, item.id);
  if (newer) {
    throw new AppError(
      "CONFLICT",
      `This is version ${Number(item.version)}, which a newer version replaces; ${what} the current version (${newer}).`,
      { currentId: newer },
    );
  }
};

export const linkEvidence = async (
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.infer<typeof LinkControlsSchema>,
) => {
  const user = requireWrite(actor);
  const item = await loadEvidenceItem(deps, user, id, EVIDENCE_WRITERS, "link evidence to controls");
  await refuseSuperseded(deps, item, "link");
  const controls = await resolveControls(deps, item.org_id, input.controlIds);
  await inTransaction(deps, async (trx) => {
    await insertLinks(trx, linkRows(deps, user, item.org_id, item.id, controls));
    await recordEvent(trx, deps, actor, {
      action: "evidence.linked",
      targetType: "evidence",
      targetId: item.id,
      firmId: item.firm_id,
      orgId: item.org_id,
      after: { controls: controls.map((c) => c.code) },
    });
  });
  const [view] = await itemViews(deps, item.org_id, [item]);
  return view!;
};

export const unlinkEvidence = async (deps: Deps, actor: Actor, id: string, controlId: string) => {
  const user = requireWrite(actor);
  const item = await loadEvidenceItem(deps, user, id, EVIDENCE_WRITERS, "unlink evidence from controls");
  const [control] = await resolveControls(deps, item.org_id, [controlId]);
  await inTransaction(deps, async (trx) => {
    if (!(await deleteLink(trx, item.org_id, item.id, control!.id))) {
      throw new AppError("NOT_FOUND", `This evidence is not linked to control ${control!.code}.`);
    }
    await recordEvent(trx, deps, actor, {
      action: "evidence.unlinked",
      targetType: "evidence",
      targetId: item.id,
      firmId: item.firm_id,
      orgId: item.org_id,
      before: { controls: [control!.code] },
    });
  });
  const [view] = await itemViews(deps, item.org_id, [item]);
  return view!;
};

/**
 * A new version of an item: a new row that supersedes the current one (which is kept), in the same
 * series, linked to the same controls plus any named in the upload. Title, effective date and
 * period carry over unless given (a corrected file speaks for the same date).
 */
export const addEvidenceVersion = async (
  deps: Deps,
  actor: Actor,
  id: string,
  parts: AsyncIterable<UploadPart> | null,
) => {
  const user = requireWrite(actor);
  const item = await loadEvidenceItem(deps, user, id, EVIDENCE_WRITERS, "upload a new version of evidence");
  if (!parts) throw unsupportedBody();
  await refuseSuperseded(deps, item, "upload against");
  const { fields, files } = await receiveParts(deps, item.org_id, parts, {
    maxFiles: 1,
    maxBytes: deps.config.evidenceMaxBytes,
    beforeFirstFile: async (early) => {
      await resolveControls(deps, item.org_id, parseMetadata(early).controlIds);
    },
  });
  try {
    const file = files[0];
    if (!file) throw invalid("Attach the file: a multipart part named 'file', or the raw body.");
    const meta = parseMetadata(fields);
    const previous = await listLinkedControls(deps.db, item.org_id, [item.id]);
    const named = await resolveControls(deps, item.org_id, meta.controlIds);
    const controls = [...previous.map((c) => ({ id: c.id, code: c.code, title: c.title }))];
    for (const c of named) if (!controls.some((k) => k.id === c.id)) controls.push(c);
    const row = newItemRow(deps, user, item.org_id, file, meta, {
      source: sourceFor(user),
      seriesId: item.series_id,
      version: Number(item.version) + 1,
      supersedesId: item.id,
      title: item.title,
      effectiveDate: item.effective_date,
      periodStart: item.period_start,
      periodEnd: item.period_end,
    });
    await inTransaction(deps, async (trx) => {
      // The unique supersedes_id refuses a second new version of the same one; re-checked here so
      // the loser of a race gets CONFLICT rather than a database error.
      if (await findSupersedingId(trx, item.org_id, item.id)) {
        throw new AppError(
          "CONFLICT",
          "Someone uploaded a new version of this item at the same time; reload it.",
        );
      }
      await insertEvidenceItem(trx, row);
      await insertLinks(trx, linkRows(deps, user, item.org_id, row.id, controls));
      await recordEvent(trx, deps, actor, {
        action: "evidence.version_added",
        targetType: "evidence",
        targetId: row.id,
        firmId: item.firm_id,
        orgId: item.org_id,
        before: { id: item.id, version: Number(item.version), sha256: item.sha256 },
        after: summaryOf(row, controls),
      });
    });
    return itemView({ ...row, uploaded_by_name: user.name }, controls);
  } catch (error) {
    await discardUnusedBlobs(deps, item.org_id, files);
    throw error;
  }
};
