/**
 * Tables of the evidence repository: evidence items (each row one version of an item, its blob named
 * by the plaintext SHA-256), their links to the organization's controls, and the organization's data
 * key that encrypts the blobs (wrapped by the master key).
 */
import type { ColumnType, Selectable } from "kysely";

export interface EvidenceItemsTable {
  id: string;
  org_id: string;
  /** The id of the first version; every version of one item shares it. */
  series_id: string;
  /** 1 for the first upload, then 2, 3, … */
  version: number;
  /** The version this one replaces (unique: a version is superseded at most once). */
  supersedes_id: string | null;
  title: string;
  description: string | null;
  /** Detected from the content, never from the file name. */
  media_type: string;
  /** Bytes of plaintext; bigint, which PostgreSQL returns as a string. */
  size: ColumnType<number | string, number, number>;
  /** SHA-256 of the plaintext, hex: the blob's name under evidence/<org_id>/. */
  sha256: string;
  /** The file name the uploader gave; shown and used as the download name only. */
  original_name: string | null;
  /** YYYY-MM-DD: the date the evidence speaks for. */
  effective_date: string;
  period_start: string | null;
  period_end: string | null;
  /** upload | importer | pipeline */
  source: string;
  importer_id: string | null;
  /** JSON { checks, stats } of an importer run, or null. */
  checks: string | null;
  uploaded_by: string | null;
  uploaded_at: string;
}

export interface EvidenceLinksTable {
  evidence_id: string;
  control_id: string;
  org_id: string;
  linked_by: string | null;
  linked_at: string;
}

export interface OrgDataKeysTable {
  org_id: string;
  /** The organization's 32-byte data key, sealed with the master key (encryptSecret). */
  wrapped_key: string;
  created_at: string;
}

export interface EvidenceTables {
  evidence_items: EvidenceItemsTable;
  evidence_links: EvidenceLinksTable;
  org_data_keys: OrgDataKeysTable;
}

export type EvidenceItemRow = Selectable<EvidenceItemsTable>;
export type EvidenceLinkRow = Selectable<EvidenceLinksTable>;
