import type { Kysely } from "kysely";

/** Tables of frameworks imported from OSCAL catalogs and profiles, and vendors' component definitions (issue 6 §2). Placeholder until its capability lands; frozen once landed. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(_db: Kysely<any>): Promise<void> {}
