import type { Kysely } from "kysely";

/** Tables of the risk register and annual risk assessments (issue 7 §1). Frozen once landed. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("risks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("firm_id", "text", (c) => c.notNull().references("firms.id"))
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("asset", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("threat", "text", (c) => c.notNull())
    .addColumn("vulnerability", "text", (c) => c.notNull())
    .addColumn("likelihood", "integer", (c) => c.notNull())
    .addColumn("impact", "integer", (c) => c.notNull())
    .addColumn("residual_likelihood", "integer", (c) => c.notNull())
    .addColumn("residual_impact", "integer", (c) => c.notNull())
    .addColumn("treatment", "text", (c) => c.notNull())
    .addColumn("treatment_plan", "text", (c) => c.notNull())
    .addColumn("transfer_to", "text")
    .addColumn("accept_approver_user_id", "text", (c) => c.references("users.id"))
    .addColumn("accept_expires_on", "text")
    .addColumn("accept_approved_at", "text")
    .addColumn("owner_user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("review_date", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("fraud", "integer", (c) => c.notNull())
    .addColumn("closed_at", "text")
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("risks_number", ["org_id", "seq"])
    .execute();
  await db.schema.createIndex("risks_owner").on("risks").columns(["org_id", "owner_user_id"]).execute();

  await db.schema
    .createTable("risk_controls")
    .addColumn("risk_id", "text", (c) => c.notNull().references("risks.id"))
    // A control the organization removes drops out of the risks it mitigated rather than blocking removal.
    .addColumn("control_id", "text", (c) => c.notNull().references("org_controls.id").onDelete("cascade"))
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id"))
    .addPrimaryKeyConstraint("risk_controls_pk", ["risk_id", "control_id"])
    .execute();
  await db.schema.createIndex("risk_controls_org").on("risk_controls").column("org_id").execute();

  await db.schema
    .createTable("risk_assessments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("firm_id", "text", (c) => c.notNull().references("firms.id"))
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("scope_note", "text", (c) => c.notNull())
    .addColumn("fraud_consideration", "text")
    .addColumn("significant_changes", "text", (c) => c.notNull())
    .addColumn("no_significant_changes", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("started_by", "text", (c) => c.references("users.id"))
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("approved_by", "text", (c) => c.references("users.id"))
    .addColumn("approved_at", "text")
    .addColumn("snapshot", "text")
    .addColumn("snapshot_sha256", "text")
    .addColumn("evidence_id", "text")
    .addUniqueConstraint("risk_assessments_year", ["org_id", "year"])
    .execute();
}
