/**
 * What the evidence use-cases share: who may do what, the organization's data key, receiving a file
 * into the blob store, the metadata schema of an upload, and the item view the API returns.
 *
 * Access: the organization's admins and control owners upload, link and run importers; they and the
 * auditing firm's partners, engagement managers and staff auditors view and download. Employees and
 * firm admins have no access to evidence (FORBIDDEN); anyone without a role in the organization or
 * its firm gets NOT_FOUND.
 */
import { basename } from "node:path";
import type { Readable } from "node:stream";
import { z } from "zod";
import { AppError, invalid, notFound } from "../../core/errors.js";
import type { Role } from "../../core/roles.js";
import {
  countBlobReferences,
  findOrgControlsByRefs,
  findVisibleEvidenceItem,
  findWrappedDataKey,
  insertDataKeyIfAbsent,
  listLinkedControls,
} from "../../db/repositories/evidence.js";
import { findVisibleOrganization } from "../../db/repositories/tenants.js";
import type { EvidenceItemRow } from "../../db/schema-evidence.js";
import { type BlobStore, createBlobStore, type StoredBlob, tooLarge } from "../../evidence/blob-store.js";
import { detectMediaType } from "../../evidence/media-type.js";
import type { UserActor } from "../actor.js";
import { requireEngagementRole, scopeOf } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { decryptSecret, encryptSecret } from "../security/crypto.js";

export const EVIDENCE_WRITERS: readonly Role[] = ["org_admin", "control_owner"];
export const EVIDENCE_READERS: readonly Role[] = [
  "org_admin",
  "control_owner",
  "partner",
  "engagement_manager",
  "staff_auditor",
];

export const EVIDENCE_SOURCES = ["upload", "importer", "pipeline", "generated"] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

export const blobStoreOf = (deps: Pick<Deps, "config">): BlobStore => createBlobStore(deps.config.dataDir);

/** The organization, when the actor may see it and holds one of `roles` there (or in its firm). */
export const loadEvidenceOrg = async (
  deps: Deps,
  user: UserActor,
  orgId: string,
  roles: readonly Role[],
  action: string,
) => {
  const org = await findVisibleOrganization(deps.db, orgId, scopeOf(user));
  if (!org) throw notFound("Organization");
  requireEngagementRole(user, { firm_id: org.firm_id, org_id: org.id }, roles, action);
  return org;
};

export const loadEvidenceItem = async (
  deps: Deps,
  user: UserActor,
  id: string,
  roles: readonly Role[],
  action: string,
) => {
  const item = await findVisibleEvidenceItem(deps.db, id, scopeOf(user));
  if (!item) throw notFound("Evidence item");
  requireEngagementRole(user, { firm_id: item.firm_id, org_id: item.org_id }, roles, action);
  return item;
};

// ---- the organization's data key ----

const unwrap = (deps: Deps, wrapped: string): Buffer => {
  const key = Buffer.from(decryptSecret(deps.masterKey, wrapped), "hex");
  if (key.length !== 32) throw new AppError("INTEGRITY", "The organization's evidence key is damaged.");
  return key;
};

/** The organization's data key, created (random, wrapped by the master key) on its first upload. */
export const dataKeyFor = async (deps: Deps, orgId: string): Promise<Buffer> => {
  const existing = await findWrappedDataKey(deps.db, orgId);
  if (existing) return unwrap(deps, existing);
  const fresh = deps.randomBytes(32);
  await insertDataKeyIfAbsent(
    deps.db,
    orgId,
    encryptSecret(deps.masterKey, fresh.toString("hex")),
    nowIso(deps),
  );
  // Another process may have stored its key first; everyone uses the stored one.
  const stored = await findWrappedDataKey(deps.db, orgId);
  if (!stored) throw new AppError("INTERNAL", "The organization's evidence key could not be stored.");
  return unwrap(deps, stored);
};

/** The key for reading: an organization without one has no blobs, so its absence is damage. */
export const existingDataKey = async (deps: Deps, orgId: string): Promise<Buffer> => {
  const wrapped = await findWrappedDataKey(deps.db, orgId);
  if (!wrapped)
    throw new AppError("INTEGRITY", "The organization's evidence key is missing; the file cannot be read.");
  return unwrap(deps, wrapped);
};

// ---- receiving files ----

/** One part of an upload: a form field or a file, in the order the client sent them. */
export type UploadPart =
  | { readonly kind: "field"; readonly name: string; readonly value: string }
  | {
      readonly kind: "file";
      readonly name: string;
      readonly filename: string | null;
      readonly stream: Readable;
      /** The size the client declared (Content-Length of a raw body), checked before reading. */
      readonly declaredSize?: number | undefined;
    };

export interface ReceivedFile {
  readonly field: string;
  readonly originalName: string | null;
  readonly blob: StoredBlob;
  readonly mediaType: string;
  /** The bytes, when the caller asked to keep them (importers parse them). */
  readonly bytes: Buffer | null;
}

/** A file name as the uploader gave it, without any directory part or control characters. */
export const cleanFileName = (name: string | null | undefined): string | null => {
  if (!name) return null;
  const base = [...basename(name.replaceAll("\\", "/"))]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join("")
    .trim();
  return base === "" || base === "." || base === ".." ? null : base.slice(0, 255);
};

export const receiveFile = async (
  deps: Deps,
  orgId: string,
  dataKey: Buffer,
  part: Extract<UploadPart, { kind: "file" }>,
  options: { maxBytes: number; limitName?: string; keepBytes?: boolean },
): Promise<ReceivedFile> => {
  const store = blobStoreOf(deps);
  const limitName = options.limitName ?? "the evidence size limit";
  if (part.declaredSize !== undefined && part.declaredSize > options.maxBytes) {
    throw tooLarge(options.maxBytes, limitName);
  }
  const kept: Buffer[] = [];
  const blob = await store.write(orgId, dataKey, part.stream, {
    maxBytes: options.maxBytes,
    limitName,
    ...(options.keepBytes ? { onChunk: (chunk: Buffer) => kept.push(Buffer.from(chunk)) } : {}),
  });
  const mediaType = await detectMediaType(blob.sample, blob.sample.length === blob.size);
  return {
    field: part.name,
    originalName: cleanFileName(part.filename),
    blob,
    mediaType,
    bytes: options.keepBytes ? Buffer.concat(kept) : null,
  };
};

/** Removes blobs this request created when no item ended up referring to them. */
export const discardUnusedBlobs = async (deps: Deps, orgId: string, files: readonly ReceivedFile[]) => {
  const store = blobStoreOf(deps);
  for (const f of files) {
    if (!f.blob.created) continue;
    if ((await countBlobReferences(deps.db, orgId, f.blob.sha256)) === 0)
      await store.remove(orgId, f.blob.sha256);
  }
};

/** Field values by name; repeated fields keep every value. */
export const collectField = (fields: Map<string, string[]>, name: string, value: string): void => {
  fields.set(name, [...(fields.get(name) ?? []), value]);
};

// ---- metadata ----

const isRealDate = (s: string): boolean => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

export const EvidenceDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date in the form YYYY-MM-DD.")
  .refine(isRealDate, "Not a real calendar date.");

export const EvidenceMetadataSchema = z
  .object({
    title: z.string().trim().min(1).max(300).optional(),
    description: z.string().trim().max(5000).optional(),
    effectiveDate: EvidenceDateSchema.optional(),
    periodStart: EvidenceDateSchema.optional(),
    periodEnd: EvidenceDateSchema.optional(),
    /** Control ids or codes (e.g. "IAM-03") of the organization. */
    controlIds: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
    filename: z.string().trim().min(1).max(255).optional(),
  })
  .refine((m) => !m.periodStart || !m.periodEnd || m.periodStart <= m.periodEnd, {
    message: "periodStart must not be after periodEnd.",
    path: ["periodStart"],
  });
export type EvidenceMetadata = z.infer<typeof EvidenceMetadataSchema>;

const METADATA_FIELDS = [
  "title",
  "description",
  "effectiveDate",
  "periodStart",
  "periodEnd",
  "filename",
] as const;

/** Form fields (strings, maybe repeated) into metadata; controlIds may repeat or be comma separated. */
export const parseMetadata = (fields: Map<string, string[]>): EvidenceMetadata => {
  const raw: Record<string, unknown> = {};
  for (const name of METADATA_FIELDS) {
    const values = fields.get(name);
    const last = values?.[values.length - 1];
    if (last !== undefined && last.trim() !== "") raw[name] = last;
  }
  raw.controlIds = [...(fields.get("controlIds") ?? []), ...(fields.get("controlId") ?? [])]
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
  const parsed = EvidenceMetadataSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`${issue?.path.join(".") || "metadata"}: ${issue?.message ?? "invalid"}`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  return parsed.data;
};

// ---- views ----

type ItemRow = EvidenceItemRow & { uploaded_by_name?: string | null };

export interface LinkedControl {
  readonly id: string;
  readonly code: string;
  readonly title: string;
}

const parseChecks = (json: string | null) => {
  if (!json) return null;
  try {
    return JSON.parse(json) as { checks: unknown[]; stats: Record<string, number> };
  } catch {
    return null;
  }
};

export const itemView = (row: ItemRow, controls: readonly LinkedControl[]) => ({
  id: row.id,
  orgId: row.org_id,
  seriesId: row.series_id,
  version: Number(row.version),
  supersedesId: row.supersedes_id,
  title: row.title,
  description: row.description,
  mediaType: row.media_type,
  size: Number(row.size),
  sha256: row.sha256,
  originalName: row.original_name,
  effectiveDate: row.effective_date,
  periodStart: row.period_start,
  periodEnd: row.period_end,
  source: row.source as EvidenceSource,
  importerId: row.importer_id,
  checks: parseChecks(row.checks),
  uploadedBy: row.uploaded_by,
  uploadedByName: row.uploaded_by_name ?? null,
  uploadedAt: row.uploaded_at,
  controls: controls.map((c) => ({ id: c.id, code: c.code, title: c.title })),
});
export type EvidenceItemView = ReturnType<typeof itemView>;

/** Views of several items with their linked controls (one query for the links). */
export const itemViews = async (deps: Deps, orgId: string, rows: readonly ItemRow[]) => {
  const links = await listLinkedControls(
    deps.db,
    orgId,
    rows.map((r) => r.id),
  );
  return rows.map((r) =>
    itemView(
      r,
      links.filter((l) => l.evidence_id === r.id),
    ),
  );
};

export const sourceFor = (user: UserActor): EvidenceSource => (user.via === "token" ? "pipeline" : "upload");

/** The organization's controls named by id or code; any unknown one is NOT_FOUND, naming it. */
export const resolveControls = async (
  deps: Deps,
  orgId: string,
  refs: readonly string[],
): Promise<LinkedControl[]> => {
  const unique = [...new Set(refs)];
  const rows = await findOrgControlsByRefs(deps.db, orgId, unique);
  const found = new Map<string, LinkedControl>();
  for (const ref of unique) {
    const row = rows.find((r) => r.id === ref) ?? rows.find((r) => r.code === ref);
    if (!row) {
      throw new AppError(
        "NOT_FOUND",
        `Control ${ref} was not found in this organization; use the id or code (e.g. IAM-03) of one of its controls.`,
        { control: ref },
      );
    }
    found.set(row.id, { id: row.id, code: row.code, title: row.title });
  }
  return [...found.values()];
};

interface Received {
  readonly fields: Map<string, string[]>;
  readonly files: ReceivedFile[];
}

/**
 * Reads the parts of an upload in order, streaming each file into the blob store. `beforeFirstFile`
 * checks the fields sent so far before any byte is stored, so a wrong control fails fast when the
 * client sends its fields first (as the CLI and browsers do). Blobs created here are removed again
 * if reading fails.
 */
export const receiveParts = async (
  deps: Deps,
  orgId: string,
  parts: AsyncIterable<UploadPart>,
  options: {
    maxFiles: number;
    maxBytes: number;
    limitName?: string;
    keepBytes?: boolean;
    beforeFirstFile?: (fields: Map<string, string[]>) => Promise<void>;
  },
): Promise<Received> => {
  const fields = new Map<string, string[]>();
  const files: ReceivedFile[] = [];
  let key: Buffer | null = null;
  try {
    for await (const part of parts) {
      if (part.kind === "field") {
        collectField(fields, part.name, part.value);
        continue;
      }
      if (files.length >= options.maxFiles) {
        throw invalid(
          options.maxFiles === 1 ? "Send one file per upload." : `Send at most ${options.maxFiles} files.`,
        );
      }
      if (files.length === 0 && options.beforeFirstFile) await options.beforeFirstFile(fields);
      key ??= await dataKeyFor(deps, orgId);
      files.push(
        await receiveFile(deps, orgId, key, part, {
          maxBytes: options.maxBytes,
          ...(options.limitName ? { limitName: options.limitName } : {}),
          ...(options.keepBytes ? { keepBytes: true } : {}),
        }),
      );
    }
  } catch (error) {
    await discardUnusedBlobs(deps, orgId, files);
    throw error;
  }
  return { fields, files };
};
