import type { Kysely } from "kysely";

/** Tables of OpenID Connect single sign-on per firm or organization (issue 6 §5). Placeholder until its capability lands; frozen once landed. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against any schema (CONVENTIONS.md §6)
export async function up(_db: Kysely<any>): Promise<void> {}
