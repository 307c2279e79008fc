/** The organization's controls. */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { DB } from "../schema.js";
import type { OrgControlsTable } from "../schema-controls.js";

export const insertOrgControls = (db: Kysely<DB>, rows: Insertable<OrgControlsTable>[]) =>
  rows.length === 0
    ? Promise.resolve()
    : db
        .insertInto("org_controls")
        .values(rows)
        .execute()
        .then(() => undefined);

export const listOrgControls = (db: Kysely<DB>, orgId: string) =>
  db.selectFrom("org_controls").selectAll().where("org_id", "=", orgId).orderBy("code").execute();

export const findOrgControl = (db: Kysely<DB>, orgId: string, id: string) =>
  db
    .selectFrom("org_controls")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("id", "=", id)
    .executeTakeFirst();

/** A control by id, only if its organization is one of `orgIds` or audited by one of `firmIds`. */
export const findVisibleOrgControl = (
  db: Kysely<DB>,
  id: string,
  scope: { firmIds: readonly string[]; orgIds: readonly string[] },
) => {
  if (scope.firmIds.length === 0 && scope.orgIds.length === 0) return Promise.resolve(undefined);
  return db
    .selectFrom("org_controls")
    .innerJoin("organizations", "organizations.id", "org_controls.org_id")
    .selectAll("org_controls")
    .select("organizations.firm_id as firm_id")
    .where("org_controls.id", "=", id)
    .where((eb) => {
      const ors = [];
      if (scope.firmIds.length > 0) ors.push(eb("organizations.firm_id", "in", [...scope.firmIds]));
      if (scope.orgIds.length > 0) ors.push(eb("org_controls.org_id", "in", [...scope.orgIds]));
      return eb.or(ors);
    })
    .executeTakeFirst();
};

export const updateOrgControl = (db: Kysely<DB>, id: string, changes: Updateable<OrgControlsTable>) =>
  db.updateTable("org_controls").set(changes).where("id", "=", id).execute();
