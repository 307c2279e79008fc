/**
 * Evidence that Fieldwork itself produces — a register's approved snapshot, a signed-off access
 * review, an accepted engagement letter. The bytes go to the organization's encrypted blob store
 * (outside any transaction: the store is content-addressed, an unused blob is harmless and swept by
 * `discardUnusedBlobs`), then one evidence item with source "generated" is inserted inside the
 * caller's transaction and linked to the organization's controls named directly, by library id, or
 * by the criteria they serve. Such an item is dated evidence an auditor can rely on like an upload.
 */
import { Readable } from "node:stream";
import type { Kysely } from "kysely";
import { insertEvidenceItem, insertLinks } from "../../db/repositories/evidence.js";
import type { DB } from "../../db/schema.js";
import type { StoredBlob } from "../../evidence/blob-store.js";
import type { Deps } from "../deps.js";
import { nowIso } from "../deps.js";
import { blobStoreOf, dataKeyFor, itemView } from "./evidence-model.js";

/** Generated documents are small (JSON, CSV, a PDF letter). */
const MAX_GENERATED_BYTES = 50 * 1024 * 1024;

export interface GeneratedEvidenceInput {
  readonly title: string;
  readonly description?: string | null;
  readonly fileName: string;
  readonly mediaType: string;
  /** YYYY-MM-DD: the date the evidence speaks for (an assessment's approval, a review's sign-off). */
  readonly effectiveDate: string;
  readonly periodStart?: string | null;
  readonly periodEnd?: string | null;
  /** What produced it, e.g. "risk-assessment", "access-review"; kept with the item. */
  readonly generator: string;
  /** Link to these organization controls (org_controls.id). */
  readonly controlIds?: readonly string[];
  /** Link to the organization's controls adopted from these library controls. */
  readonly libraryControlIds?: readonly string[];
  /** Link to the organization's active controls mapped to any of these criteria (e.g. "CC3.1"). */
  readonly criterionIds?: readonly string[];
}

/** Step 1, before the transaction: encrypt and store the bytes in the organization's blob store. */
export const writeGeneratedBlob = async (
  deps: Deps,
  orgId: string,
  bytes: Uint8Array,
): Promise<StoredBlob> => {
  const key = await dataKeyFor(deps, orgId);
  return blobStoreOf(deps).write(orgId, key, Readable.from([Buffer.from(bytes)]), {
    maxBytes: MAX_GENERATED_BYTES,
    limitName: "the generated evidence size limit",
  });
};

/** The organization's controls an item should be linked to (distinct, by id). */
const controlsToLink = async (db: Kysely<DB>, orgId: string, input: GeneratedEvidenceInput) => {
  const rows = await db
    .selectFrom("org_controls")
    .select(["id", "code", "title", "library_id", "criteria", "status"])
    .where("org_id", "=", orgId)
    .execute();
  const ids = new Set(input.controlIds ?? []);
  const library = new Set(input.libraryControlIds ?? []);
  const criteria = new Set(input.criterionIds ?? []);
  return rows.filter((r) => {
    if (ids.has(r.id)) return true;
    if (r.library_id !== null && library.has(r.library_id)) return true;
    if (criteria.size === 0 || r.status === "retired") return false;
    const mapped = JSON.parse(r.criteria) as string[];
    return mapped.some((c) => criteria.has(c));
  });
};

/**
 * Step 2, inside the caller's transaction: the evidence item and its control links. Returns the
 * item as the evidence API shows it. The caller records its own audit event naming the item id.
 */
export const insertGeneratedEvidence = async (
  trx: Kysely<DB>,
  deps: Deps,
  user: { readonly userId: string; readonly name: string },
  orgId: string,
  blob: StoredBlob,
  input: GeneratedEvidenceInput,
) => {
  const id = deps.newId();
  const now = nowIso(deps);
  const row = {
    id,
    org_id: orgId,
    series_id: id,
    version: 1,
    supersedes_id: null,
    title: input.title,
    description: input.description ?? null,
    media_type: input.mediaType,
    size: blob.size,
    sha256: blob.sha256,
    original_name: input.fileName,
    effective_date: input.effectiveDate,
    period_start: input.periodStart ?? null,
    period_end: input.periodEnd ?? null,
    source: "generated",
    importer_id: null,
    checks: JSON.stringify({ checks: [], stats: {}, generator: input.generator }),
    uploaded_by: user.userId,
    uploaded_at: now,
  };
  await insertEvidenceItem(trx, row);
  const controls = await controlsToLink(trx, orgId, input);
  await insertLinks(
    trx,
    controls.map((c) => ({
      evidence_id: id,
      control_id: c.id,
      org_id: orgId,
      linked_by: user.userId,
      linked_at: now,
    })),
  );
  const linked = controls.map((c) => ({ id: c.id, code: c.code, title: c.title }));
  return itemView({ ...row, uploaded_by_name: user.name }, linked);
};
