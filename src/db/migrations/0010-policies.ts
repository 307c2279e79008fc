import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("policies")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("template_id", "text")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("audience", "text", (c) => c.notNull())
    .addColumn("review_cycle_months", "integer", (c) => c.notNull())
    .addColumn("acknowledge_within_days", "integer", (c) => c.notNull())
    .addColumn("owner_user_id", "text", (c) => c.references("users.id"))
    .addColumn("current_version_id", "text")
    .addColumn("last_reviewed_on", "text")
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("policies_org").on("policies").column("org_id").execute();

  await db.schema
    .createTable("policy_versions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("policy_id", "text", (c) => c.notNull().references("policies.id"))
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("change_note", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("authors", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("approved_by", "text")
    .addColumn("approved_at", "text")
    .addColumn("published_by", "text")
    .addColumn("published_at", "text")
    .addUniqueConstraint("policy_versions_number", ["policy_id", "version"])
    .execute();

  await db.schema
    .createTable("policy_controls")
    .addColumn("policy_id", "text", (c) => c.notNull().references("policies.id"))
    // A control the organization removes drops out of its policies' links rather than blocking the removal.
    .addColumn("org_control_id", "text", (c) => c.notNull().references("org_controls.id").onDelete("cascade"))
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("policy_controls_pk", ["policy_id", "org_control_id"])
    .execute();

  await db.schema
    .createTable("policy_ack_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("policy_id", "text", (c) => c.notNull().references("policies.id"))
    .addColumn("version_id", "text", (c) => c.notNull().references("policy_versions.id"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("requested_at", "text", (c) => c.notNull())
    .addColumn("due_on", "text", (c) => c.notNull())
    .addUniqueConstraint("policy_ack_requests_once", ["version_id", "user_id"])
    .execute();
  await db.schema
    .createIndex("policy_ack_requests_user")
    .on("policy_ack_requests")
    .column("user_id")
    .execute();

  await db.schema
    .createTable("policy_acknowledgements")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("policy_id", "text", (c) => c.notNull().references("policies.id"))
    .addColumn("version_id", "text", (c) => c.notNull().references("policy_versions.id"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("acknowledged_at", "text", (c) => c.notNull())
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .addUniqueConstraint("policy_acknowledgements_once", ["version_id", "user_id"])
    .execute();
  await db.schema
    .createIndex("policy_acknowledgements_org")
    .on("policy_acknowledgements")
    .column("org_id")
    .execute();

  await db.schema
    .createTable("training_assignments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("course_title", "text", (c) => c.notNull())
    .addColumn("assignee_user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("due_on", "text", (c) => c.notNull())
    .addColumn("assigned_by", "text")
    .addColumn("assigned_at", "text", (c) => c.notNull())
    .addColumn("completed_on", "text")
    .addColumn("completion_recorded_by", "text")
    .addColumn("completion_recorded_at", "text")
    .addColumn("certificate_evidence_id", "text")
    .addColumn("certificate_file_name", "text")
    .addColumn("certificate_sha256", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("training_assignments_org")
    .on("training_assignments")
    .column("org_id")
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "training_assignments",
    "policy_acknowledgements",
    "policy_ack_requests",
    "policy_controls",
    "policy_versions",
    "policies",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
