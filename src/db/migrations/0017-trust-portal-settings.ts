import type { Kysely } from "kysely";

/** Tables of the trust portal's per-organization settings: allow-listed domains (issue 5 §5). Placeholder until its capability lands; frozen once landed. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(_db: Kysely<any>): Promise<void> {}
