/** The trust portal's settings of an organization: allow-listed domains and the link lifetime. */
import type { Insertable, Kysely } from "kysely";
import type { DB } from "../schema.js";
import type { TrustPortalSettingsTable } from "../schema-trust-portal.js";

export const findTrustSettings = (db: Kysely<DB>, orgId: string) =>
  db
    .selectFrom("trust_portal_settings")
    .select(["org_id", "firm_id", "allowed_domains", "link_days", "updated_by", "updated_at"])
    .where("org_id", "=", orgId)
    .executeTakeFirst();

export const upsertTrustSettings = (db: Kysely<DB>, row: Insertable<TrustPortalSettingsTable>) =>
  db
    .insertInto("trust_portal_settings")
    .values(row)
    .onConflict((oc) =>
      oc.column("org_id").doUpdateSet({
        allowed_domains: row.allowed_domains,
        link_days: row.link_days,
        updated_by: row.updated_by ?? null,
        updated_at: row.updated_at,
      }),
    )
    .execute();
