/**
 * Tables of frameworks an organization imported from OSCAL (issue 6 §2): catalogs (for example NIST
 * SP 800-53 rev 5) with their controls, profiles (a baseline) with the controls they select from an
 * imported catalog, and component definitions imported as a vendor's CSOCs. An organization imports
 * for itself; its firm's auditors read. Timestamps are ISO text.
 */
import type { Selectable } from "kysely";

export interface ImportedFrameworksTable {
  id: string;
  firm_id: string;
  org_id: string;
  /** catalog | profile */
  kind: string;
  /** The document's own uuid: unique per organization. */
  oscal_uuid: string;
  title: string;
  version: string;
  oscal_version: string;
  last_modified: string;
  /** The file name it was imported from, when known (profiles find their catalog by it). */
  source_name: string | null;
  /** For a profile: the imported catalog its controls come from. */
  catalog_id: string | null;
  control_count: number;
  /** SHA-256 of the document (its JSON as parsed, re-serialized). */
  sha256: string;
  created_by: string | null;
  created_at: string;
}

export interface ImportedFrameworkControlsTable {
  framework_id: string;
  firm_id: string;
  org_id: string;
  control_id: string;
  label: string;
  title: string;
  class: string | null;
  group_id: string | null;
  group_title: string | null;
  parent_id: string | null;
  position: number;
}

export interface ImportedComponentDefinitionsTable {
  id: string;
  firm_id: string;
  org_id: string;
  vendor_id: string;
  oscal_uuid: string;
  title: string;
  version: string;
  /** JSON array of component titles. */
  components: string;
  /** JSON array of the CSOC texts this import wrote on the vendor (replaced on re-import). */
  csoc_texts: string;
  sha256: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ImportedFrameworkTables {
  imported_frameworks: ImportedFrameworksTable;
  imported_framework_controls: ImportedFrameworkControlsTable;
  imported_component_definitions: ImportedComponentDefinitionsTable;
}

export type ImportedFrameworkRow = Selectable<ImportedFrameworksTable>;
export type ImportedFrameworkControlRow = Selectable<ImportedFrameworkControlsTable>;
export type ImportedComponentDefinitionRow = Selectable<ImportedComponentDefinitionsTable>;
