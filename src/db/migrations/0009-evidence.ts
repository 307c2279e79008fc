import type { Kysely } from "kysely";

// Placeholder reserved for a capability in progress; replaced before it lands (see docs/ARCHITECTURE.md).
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(_db: Kysely<any>): Promise<void> {}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(_db: Kysely<any>): Promise<void> {}
