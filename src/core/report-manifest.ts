/**
 * The evidence manifest a signed report carries: which evidence items, populations, samples and
 * workpapers the report relies on, each by its SHA-256, and one root hash over them all.
 *
 * The root is a Merkle tree hash in the style of RFC 6962 (Certificate Transparency), so a later
 * version can prove one item's inclusion without the whole list:
 *   - items are sorted by (kind, id) with plain code-unit comparison, so the root does not depend
 *     on the order the caller lists them in;
 *   - leaf  = SHA-256(0x00 || "fieldwork-manifest-leaf/v1\n" || kind "\n" id "\n" sha256-hex);
 *   - node  = SHA-256(0x01 || left || right); a list of n > 1 leaves splits at the largest power
 *     of two below n (RFC 6962 §2.1), so an odd last leaf is never duplicated;
 *   - the empty manifest's root is SHA-256 of no bytes.
 * Pure: hashing is computation, no I/O.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "./errors.js";

export const MANIFEST_FORMAT = "fieldwork-report-manifest/v1";
export const MANIFEST_ITEM_KINDS = ["evidence", "population", "sample", "workpaper"] as const;
export type ManifestItemKind = (typeof MANIFEST_ITEM_KINDS)[number];

const SHA256_HEX = /^[0-9a-f]{64}$/;

export const ManifestItemSchema = z.object({
  kind: z.enum(MANIFEST_ITEM_KINDS),
  id: z.string().min(1).max(200),
  sha256: z.string().regex(SHA256_HEX, "must be 64 lowercase hex digits"),
});
export type ManifestItem = z.infer<typeof ManifestItemSchema>;

export const ReportManifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  engagementId: z.string().min(1),
  reportVersion: z.number().int().positive(),
  items: z.array(ManifestItemSchema),
  root: z.string().regex(SHA256_HEX),
});
export type ReportManifest = z.infer<typeof ReportManifestSchema>;

const compareItems = (a: ManifestItem, b: ManifestItem): number => {
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
};

/** Items in the one canonical order; rejects an item listed twice or a malformed hash. */
export const canonicalManifestItems = (items: readonly ManifestItem[]): ManifestItem[] => {
  const parsed = z.array(ManifestItemSchema).safeParse(items);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      "VALIDATION",
      `Manifest item ${issue?.path.join(".") ?? ""} is invalid: ${issue?.message ?? "unknown"}.`,
    );
  }
  const sorted = parsed.data.map((i) => ({ kind: i.kind, id: i.id, sha256: i.sha256 })).sort(compareItems);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (prev && cur && compareItems(prev, cur) === 0) {
      throw new AppError("VALIDATION", `Manifest lists ${cur.kind} ${cur.id} twice.`);
    }
  }
  return sorted;
};

const sha = (...parts: (Buffer | string)[]): Buffer => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
};

export const manifestLeafHash = (item: ManifestItem): Buffer =>
  sha(Buffer.from([0]), `fieldwork-manifest-leaf/v1\n${item.kind}\n${item.id}\n${item.sha256}`);

const treeHash = (leaves: readonly Buffer[]): Buffer => {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return leaves[0] as Buffer;
  let split = 1;
  while (split * 2 < leaves.length) split *= 2;
  return sha(Buffer.from([1]), treeHash(leaves.slice(0, split)), treeHash(leaves.slice(split)));
};

/** The manifest root (64 lowercase hex digits); independent of the items' order. */
export const manifestRoot = (items: readonly ManifestItem[]): string =>
  treeHash(canonicalManifestItems(items).map(manifestLeafHash)).toString("hex");

export const buildReportManifest = (input: {
  readonly engagementId: string;
  readonly reportVersion: number;
  readonly items: readonly ManifestItem[];
}): ReportManifest => {
  if (input.engagementId.trim() === "")
    throw new AppError("VALIDATION", "The manifest needs an engagement id.");
  if (!Number.isInteger(input.reportVersion) || input.reportVersion < 1) {
    throw new AppError("VALIDATION", "The report version must be a whole number from 1.");
  }
  const items = canonicalManifestItems(input.items);
  return {
    format: MANIFEST_FORMAT,
    engagementId: input.engagementId,
    reportVersion: input.reportVersion,
    items,
    root: treeHash(items.map(manifestLeafHash)).toString("hex"),
  };
};

/**
 * Reads manifest JSON and checks that its root is the root of its items: a manifest whose items
 * were edited without recomputing the root fails as INTEGRITY.
 */
export const parseReportManifest = (text: string): ReportManifest => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("INTEGRITY", "The embedded manifest is not valid JSON.");
  }
  const parsed = ReportManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      "INTEGRITY",
      `The embedded manifest is malformed at ${issue?.path.join(".") || "top level"}: ${issue?.message ?? "invalid"}.`,
    );
  }
  let root: string;
  try {
    root = manifestRoot(parsed.data.items);
  } catch (error) {
    throw new AppError("INTEGRITY", `The embedded manifest is malformed: ${(error as Error).message}`);
  }
  if (root !== parsed.data.root) {
    throw new AppError(
      "INTEGRITY",
      `The embedded manifest's root ${parsed.data.root} does not match its items (they hash to ${root}).`,
    );
  }
  return parsed.data;
};

export interface ManifestDifference {
  readonly kind: ManifestItemKind;
  readonly id: string;
  readonly problem: "missing" | "changed" | "unlisted";
  readonly expected: string | null;
  readonly actual: string | null;
}

/**
 * Which items differ between the manifest (expected) and the stored items (actual): for
 * `report verify --deep`, so the user learns which item changed, not only that the root did.
 */
export const diffManifestItems = (
  expected: readonly ManifestItem[],
  actual: readonly ManifestItem[],
): ManifestDifference[] => {
  const key = (i: ManifestItem) => `${i.kind}\u0000${i.id}`;
  const have = new Map(actual.map((i) => [key(i), i]));
  const out: ManifestDifference[] = [];
  for (const e of canonicalManifestItems(expected)) {
    const a = have.get(key(e));
    have.delete(key(e));
    if (!a) out.push({ kind: e.kind, id: e.id, problem: "missing", expected: e.sha256, actual: null });
    else if (a.sha256 !== e.sha256)
      out.push({ kind: e.kind, id: e.id, problem: "changed", expected: e.sha256, actual: a.sha256 });
  }
  for (const a of [...have.values()].sort(compareItems)) {
    out.push({ kind: a.kind, id: a.id, problem: "unlisted", expected: null, actual: a.sha256 });
  }
  return out;
};
