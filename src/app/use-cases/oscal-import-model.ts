/** What the OSCAL import use-cases share: who may import and read, the schema validator, the views. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { ImportedFrameworkRow } from "../../db/schema-imported-frameworks.js";
import { createOscalValidator, type OscalValidator } from "../../oscal/validate.js";
import type { UserActor } from "../actor.js";
import { requireEngagementRole } from "../authz.js";
import type { loadEvidenceOrg } from "./evidence-model.js";
import { VENDOR_READERS, VENDOR_WRITERS } from "./vendor-model.js";

export const OSCAL_IMPORTERS = VENDOR_WRITERS;
export const OSCAL_READERS = VENDOR_READERS;
// src/app/use-cases and dist/app/use-cases both sit three levels below the package root; the
// schema ships (gzipped, about 30 kB) in src/oscal.
const SCHEMA_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "src",
  "oscal",
  "oscal_complete_schema-1.2.2.json.gz",
);
let validator: OscalValidator | null = null;

/** The validator over NIST's complete OSCAL 1.2.2 schema, compiled once per process (about a second). */
export const importValidator = (): OscalValidator => {
  if (!validator) {
    validator = createOscalValidator(
      JSON.parse(gunzipSync(readFileSync(SCHEMA_PATH)).toString("utf8")) as object,
    );
  }
  return validator;
};

export interface OscalImportInput {
  readonly document: unknown;
  /** For a component definition: the vendor whose CSOCs it describes. */
  readonly vendorId?: string | undefined;
  /** For a profile: the imported catalog it selects from, when its href does not name one. */
  readonly catalogId?: string | undefined;
  /** The file name the document came from (a profile's href may name it). */
  readonly sourceName?: string | undefined;
}

export const frameworkView = (f: ImportedFrameworkRow) => ({
  id: f.id,
  orgId: f.org_id,
  kind: f.kind as "catalog" | "profile",
  oscalUuid: f.oscal_uuid,
  title: f.title,
  version: f.version,
  oscalVersion: f.oscal_version,
  lastModified: f.last_modified,
  sourceName: f.source_name,
  catalogId: f.catalog_id,
  controlCount: f.control_count,
  sha256: f.sha256,
  importedAt: f.created_at,
});

export const sha256Of = (document: unknown) =>
  createHash("sha256").update(JSON.stringify(document)).digest("hex");

export const canImport = (user: UserActor, org: { firm_id: string; id: string }) => {
  try {
    requireEngagementRole(user, { firm_id: org.firm_id, org_id: org.id }, OSCAL_IMPORTERS, "");
    return user.scopes === null || user.scopes.includes("write");
  } catch {
    return false;
  }
};

export type Org = Awaited<ReturnType<typeof loadEvidenceOrg>>;
