/** The system description of an engagement. */
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";
import type { SystemDescriptionRow } from "../schema-description.js";

export const findSystemDescription = (db: Kysely<DB>, engagementId: string) =>
  db
    .selectFrom("system_descriptions")
    .selectAll()
    .where("engagement_id", "=", engagementId)
    .executeTakeFirst();

export const insertSystemDescription = (db: Kysely<DB>, row: SystemDescriptionRow) =>
  db.insertInto("system_descriptions").values(row).execute();

/** Saves only if the revision is still `expected` (optimistic concurrency); returns whether it saved. */
export const updateSystemDescription = async (
  db: Kysely<DB>,
  engagementId: string,
  expected: number,
  content: string,
  by: string,
  at: string,
) => {
  const r = await db
    .updateTable("system_descriptions")
    .set({ content, revision: expected + 1, updated_by: by, updated_at: at })
    .where("engagement_id", "=", engagementId)
    .where("revision", "=", expected)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
};
