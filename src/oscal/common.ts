/**
 * Pieces every OSCAL builder shares: deterministic UUIDs (version 5, so exporting the same engagement
 * twice names every object the same), the document metadata, and the text rules of OSCAL's JSON schema
 * (strings trimmed and non-empty, single-line titles, no empty arrays, timestamps with a zone).
 */
import { createHash } from "node:crypto";

export const OSCAL_VERSION = "1.2.2";
/** Namespace of Fieldwork's own props (OSCAL requires a namespace for names it does not define). */
export const FIELDWORK_NS = "https://fieldwork.dev/ns/oscal";
/** Fixed namespace UUID from which every exported object's UUID is derived. */
const NAMESPACE = "6f1c8e7a-3b2d-5c4e-9a10-2f7d6b5e4c3a";

/** RFC 4122 version 5 UUID of a name in Fieldwork's namespace. */
export const uuidV5 = (name: string): string => {
  const ns = Buffer.from(NAMESPACE.replaceAll("-", ""), "hex");
  const hash = createHash("sha1").update(ns).update(name, "utf8").digest();
  const b = hash.subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** A UUID factory scoped to one document, so names only need to be unique within it. */
export const uuidsFor =
  (scope: string) =>
  (...parts: readonly string[]): string =>
    uuidV5([scope, ...parts].join("/"));

/** OSCAL control id of a criterion: "CC6.1" → "cc6.1" (OSCAL catalogs use lower-case ids). */
export const controlIdOf = (criterionId: string): string => criterionId.toLowerCase();

/** A trimmed, non-empty string (StringDatatype / markup-multiline), or the fallback. */
export const text = (value: string | null | undefined, fallback: string): string => {
  const t = (value ?? "").trim();
  return t.length > 0 ? t : fallback;
};

/** One line (markup-line / title): whitespace collapsed, or the fallback. */
export const line = (value: string | null | undefined, fallback: string): string => {
  const t = (value ?? "").replace(/\s+/g, " ").trim();
  return t.length > 0 ? t : fallback;
};

/** A date (YYYY-MM-DD) or timestamp as an OSCAL date-time with a zone. */
export const dateTime = (value: string): string => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00Z`;
  return new Date(value).toISOString();
};

/** End of a day as an OSCAL date-time. */
export const endOfDay = (date: string): string =>
  /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T23:59:59Z` : dateTime(date);

export interface Prop {
  readonly name: string;
  readonly value: string;
  readonly ns?: string;
  readonly class?: string;
}

/** Fieldwork's own property; values are trimmed and empty ones dropped by `props`. */
export const prop = (name: string, value: string | number | null | undefined): Prop | null =>
  value === null || value === undefined || String(value).trim() === ""
    ? null
    : { name, value: String(value).trim(), ns: FIELDWORK_NS };

/** A props array without the dropped entries, or undefined when nothing is left (no empty arrays). */
export const props = (...list: readonly (Prop | null)[]): Prop[] | undefined =>
  nonEmpty(list.filter((p) => p !== null));

export const nonEmpty = <T>(list: readonly T[]): T[] | undefined => (list.length > 0 ? [...list] : undefined);

/** Removes undefined members recursively, so the object validates exactly as it serialises. */
export const prune = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export interface Party {
  /** A stable key (e.g. the firm's id). */
  readonly key: string;
  readonly name: string;
  readonly type: "organization" | "person";
}

export interface DocumentInfo {
  readonly title: string;
  /** ISO timestamp of the export. */
  readonly lastModified: string;
  /** The document's version (e.g. the program version or "1"). */
  readonly version: string;
  readonly parties?: readonly Party[];
  readonly remarks?: string;
}

/** The metadata block of an OSCAL document. */
export const metadataOf = (info: DocumentInfo, uuid: (...parts: string[]) => string) => ({
  title: line(info.title, "Fieldwork export"),
  "last-modified": dateTime(info.lastModified),
  version: line(info.version, "1"),
  "oscal-version": OSCAL_VERSION,
  parties: nonEmpty(
    (info.parties ?? []).map((p) => ({
      uuid: uuid("party", p.key),
      type: p.type,
      name: line(p.name, "Unnamed"),
    })),
  ),
  remarks: info.remarks ? text(info.remarks, "") || undefined : undefined,
});
