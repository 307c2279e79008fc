import type { Kysely } from "kysely";

/** Tables of the incident register (issue 7 §4): incidents, their timeline, notifications sent and post-incident actions. Frozen once landed. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("incidents")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("detected_at", "text", (c) => c.notNull())
    .addColumn("aware_at", "text", (c) => c.notNull())
    .addColumn("reported_by", "text", (c) => c.notNull())
    .addColumn("classification", "text", (c) => c.notNull())
    .addColumn("severity", "text", (c) => c.notNull())
    .addColumn("affected_systems", "text", (c) => c.notNull())
    .addColumn("data_categories", "text", (c) => c.notNull())
    .addColumn("personal_data", "integer", (c) => c.notNull())
    .addColumn("principals_count", "integer")
    .addColumn("jurisdictions", "text", (c) => c.notNull())
    .addColumn("cert_in_reportable", "integer", (c) => c.notNull())
    .addColumn("regulators", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("owner_user_id", "text", (c) => c.references("users.id"))
    .addColumn("root_cause", "text", (c) => c.notNull())
    .addColumn("lessons", "text", (c) => c.notNull())
    .addColumn("review_completed_at", "text")
    .addColumn("review_completed_by", "text")
    .addColumn("disclose", "integer", (c) => c.notNull())
    .addColumn("disclosure_nature", "text", (c) => c.notNull())
    .addColumn("disclosure_extent", "text", (c) => c.notNull())
    .addColumn("disclosure_resolution", "text", (c) => c.notNull())
    .addColumn("closed_at", "text")
    .addColumn("closed_by", "text")
    .addColumn("closure_evidence_id", "text")
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("incidents_ref", ["org_id", "seq"])
    .execute();
  await db.schema
    .createIndex("incidents_org_aware")
    .on("incidents")
    .columns(["org_id", "aware_at"])
    .execute();

  await db.schema
    .createTable("incident_timeline")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("incident_id", "text", (c) => c.notNull().references("incidents.id"))
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("phase", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("author_user_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("incident_timeline_incident")
    .on("incident_timeline")
    .columns(["incident_id", "at"])
    .execute();

  await db.schema
    .createTable("incident_notifications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("incident_id", "text", (c) => c.notNull().references("incidents.id"))
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("clock", "text", (c) => c.notNull())
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("sent_at", "text", (c) => c.notNull())
    .addColumn("reference", "text", (c) => c.notNull())
    .addColumn("recorded_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("incident_notifications_incident")
    .on("incident_notifications")
    .column("incident_id")
    .execute();

  await db.schema
    .createTable("incident_actions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("incident_id", "text", (c) => c.notNull().references("incidents.id"))
    .addColumn("firm_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("owner_user_id", "text", (c) => c.references("users.id"))
    .addColumn("due_date", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("resolution_note", "text", (c) => c.notNull())
    .addColumn("done_at", "text")
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("incident_actions_incident")
    .on("incident_actions")
    .column("incident_id")
    .execute();
  await db.schema
    .createIndex("incident_actions_owner")
    .on("incident_actions")
    .columns(["org_id", "owner_user_id", "status"])
    .execute();
}
