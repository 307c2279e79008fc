/** Public enquiries to a firm. */
import type { Insertable, Kysely, Updateable } from "kysely";
import type { DB, EnquiriesTable } from "../schema.js";

export const ENQUIRY_COLUMNS = [
  "id",
  "firm_id",
  "company",
  "contact_name",
  "email",
  "phone",
  "sector",
  "city",
  "answers",
  "quote",
  "status",
  "meeting_requested_at",
  "meeting_note",
  "converted_org_id",
  "converted_engagement_id",
  "created_at",
  "updated_at",
] as const;

export const insertEnquiry = (db: Kysely<DB>, e: Insertable<EnquiriesTable>) =>
  db.insertInto("enquiries").values(e).execute();

export const findFirmEnquiry = (db: Kysely<DB>, firmIds: readonly string[], id: string) =>
  firmIds.length === 0
    ? Promise.resolve(undefined)
    : db
        .selectFrom("enquiries")
        .select(ENQUIRY_COLUMNS)
        .where("id", "=", id)
        .where("firm_id", "in", [...firmIds])
        .executeTakeFirst();

export const listFirmEnquiries = (db: Kysely<DB>, firmId: string, limit = 200) =>
  db
    .selectFrom("enquiries")
    .select(ENQUIRY_COLUMNS)
    .where("firm_id", "=", firmId)
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();

export const updateEnquiry = (db: Kysely<DB>, id: string, changes: Updateable<EnquiriesTable>) =>
  db.updateTable("enquiries").set(changes).where("id", "=", id).execute();
