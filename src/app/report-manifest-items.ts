/**
 * The items a report relies on, each by its SHA-256, for the evidence manifest embedded in the
 * signed PDF (src/core/report-manifest.ts) and for `report verify --deep`, which recomputes them.
 *
 * Items and their hashes:
 *   - evidence:   every evidence version a test result relies on; id = test_results.evidence_id,
 *                 sha256 = test_results.evidence_sha256 (the content hash stored with the result).
 *   - population: every population of the engagement; sha256 = populations.blob_sha256 (the file).
 *   - sample:     every sample of the engagement; sha256 = SHA-256 of the canonical JSON of
 *                 { seed, method, size, rule, items } where rule and items (the selected rows) are
 *                 the stored JSON values.
 *   - workpaper:  every workpaper of the engagement; sha256 = SHA-256 of the canonical JSON of
 *                 { control, conclusion, conclusionNote, status,
 *                   results: [{ item, attribute, result, note, evidenceId, evidenceSha256 }]
 *                            sorted by item then attribute (code-unit order),
 *                   signOffs: [{ kind, user, at, reason }] in the order they happened }
 *                 where control is org_controls.id.
 * Canonical JSON: UTF-8 JSON with object keys sorted by code unit, no whitespace, arrays in the
 * order given above, numbers as JSON numbers (stored numbers are read as numbers on both
 * databases), absent values as null.
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { ManifestItem } from "../core/report-manifest.js";
import type { DB } from "../db/schema.js";

export const canonicalJson = (value: unknown): string => {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
};

const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

const parsed = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Every item of the engagement that a report relies on, with its hash. */
export const collectManifestItems = async (db: Kysely<DB>, engagementId: string): Promise<ManifestItem[]> => {
  const [results, populations, samples, workpapers, events] = await Promise.all([
    db
      .selectFrom("test_results")
      .select([
        "workpaper_id",
        "item_key",
        "attribute_id",
        "result",
        "note",
        "evidence_id",
        "evidence_sha256",
      ])
      .where("engagement_id", "=", engagementId)
      .execute(),
    db
      .selectFrom("populations")
      .select(["id", "blob_sha256"])
      .where("engagement_id", "=", engagementId)
      .execute(),
    db
      .selectFrom("samples")
      .select(["id", "seed", "method", "size", "rule", "items"])
      .where("engagement_id", "=", engagementId)
      .execute(),
    db
      .selectFrom("workpapers")
      .select(["id", "control_id", "conclusion", "conclusion_note", "status"])
      .where("engagement_id", "=", engagementId)
      .execute(),
    db
      .selectFrom("workpaper_events")
      .select(["workpaper_id", "kind", "user_id", "reason", "at", "id"])
      .where("engagement_id", "=", engagementId)
      .orderBy("at")
      .orderBy("id")
      .execute(),
  ]);
  const items: ManifestItem[] = [];
  const evidence = new Map<string, string>();
  for (const r of results) {
    if (r.evidence_id && r.evidence_sha256) evidence.set(r.evidence_id, r.evidence_sha256);
  }
  for (const [id, hash] of evidence) items.push({ kind: "evidence", id, sha256: hash });
  for (const p of populations) items.push({ kind: "population", id: p.id, sha256: p.blob_sha256 });
  for (const s of samples) {
    const canonical = canonicalJson({
      seed: s.seed,
      method: s.method,
      size: Number(s.size),
      rule: parsed(s.rule),
      items: parsed(s.items),
    });
    items.push({ kind: "sample", id: s.id, sha256: sha256(canonical) });
  }
  for (const w of workpapers) {
    const own = results
      .filter((r) => r.workpaper_id === w.id)
      .sort((a, b) => byString(a.item_key, b.item_key) || byString(a.attribute_id, b.attribute_id))
      .map((r) => ({
        item: r.item_key,
        attribute: r.attribute_id,
        result: r.result,
        note: r.note,
        evidenceId: r.evidence_id,
        evidenceSha256: r.evidence_sha256,
      }));
    const signOffs = events
      .filter((v) => v.workpaper_id === w.id)
      .map((v) => ({ kind: v.kind, user: v.user_id, at: v.at, reason: v.reason }));
    const canonical = canonicalJson({
      control: w.control_id,
      conclusion: w.conclusion,
      conclusionNote: w.conclusion_note,
      status: w.status,
      results: own,
      signOffs,
    });
    items.push({ kind: "workpaper", id: w.id, sha256: sha256(canonical) });
  }
  return items;
};
