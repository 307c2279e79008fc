import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(db: Kysely<any>): Promise<void> {
  // The last TOTP time step accepted for the user: a code is never accepted twice (RFC 6238 §5.2).
  await db.schema.alterTable("users").addColumn("totp_last_step", "integer").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("totp_last_step").execute();
}
