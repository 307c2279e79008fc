/**
 * Frameworks imported from OSCAL and the component definitions imported onto vendors. Every read
 * filters by the organization the caller already loaded.
 */
import type { Insertable, Kysely } from "kysely";
import type { DB } from "../schema.js";
import type {
  ImportedComponentDefinitionsTable,
  ImportedFrameworkControlsTable,
  ImportedFrameworksTable,
} from "../schema-imported-frameworks.js";

const num = <T extends { control_count: number | string }>(row: T): T => ({
  ...row,
  control_count: Number(row.control_count),
});

export const listImportedFrameworks = async (db: Kysely<DB>, orgId: string) =>
  (
    await db
      .selectFrom("imported_frameworks")
      .selectAll()
      .where("org_id", "=", orgId)
      .orderBy("created_at")
      .orderBy("id")
      .execute()
  ).map(num);

export const findImportedFramework = async (db: Kysely<DB>, orgId: string, id: string) => {
  const row = await db
    .selectFrom("imported_frameworks")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? num(row) : undefined;
};

/** An imported framework by id alone: the caller checks access to its organization. */
export const findImportedFrameworkById = async (db: Kysely<DB>, id: string) => {
  const row = await db.selectFrom("imported_frameworks").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? num(row) : undefined;
};

export const findImportedFrameworkByUuid = (db: Kysely<DB>, orgId: string, uuid: string) =>
  db
    .selectFrom("imported_frameworks")
    .select(["id", "kind", "title"])
    .where("org_id", "=", orgId)
    .where("oscal_uuid", "=", uuid)
    .executeTakeFirst();

export const insertImportedFramework = (db: Kysely<DB>, row: Insertable<ImportedFrameworksTable>) =>
  db.insertInto("imported_frameworks").values(row).execute();

export const insertImportedControls = async (
  db: Kysely<DB>,
  rows: readonly Insertable<ImportedFrameworkControlsTable>[],
) => {
  // Batches keep PostgreSQL's and SQLite's bound-parameter limits far away.
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto("imported_framework_controls")
      .values(rows.slice(i, i + 200))
      .execute();
  }
};

export const listImportedControls = async (db: Kysely<DB>, orgId: string, frameworkId: string) =>
  (
    await db
      .selectFrom("imported_framework_controls")
      .selectAll()
      .where("org_id", "=", orgId)
      .where("framework_id", "=", frameworkId)
      .orderBy("position")
      .execute()
  ).map((r) => ({ ...r, position: Number(r.position) }));

export const findComponentImport = (db: Kysely<DB>, orgId: string, vendorId: string, uuid: string) =>
  db
    .selectFrom("imported_component_definitions")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("vendor_id", "=", vendorId)
    .where("oscal_uuid", "=", uuid)
    .executeTakeFirst();

export const listComponentImports = (db: Kysely<DB>, orgId: string) =>
  db
    .selectFrom("imported_component_definitions")
    .selectAll()
    .where("org_id", "=", orgId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();

export const insertComponentImport = (db: Kysely<DB>, row: Insertable<ImportedComponentDefinitionsTable>) =>
  db.insertInto("imported_component_definitions").values(row).execute();

export const updateComponentImport = (
  db: Kysely<DB>,
  orgId: string,
  id: string,
  changes: Partial<ImportedComponentDefinitionsTable>,
) =>
  db
    .updateTable("imported_component_definitions")
    .set(changes)
    .where("org_id", "=", orgId)
    .where("id", "=", id)
    .execute();
