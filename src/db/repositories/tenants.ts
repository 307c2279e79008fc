/** Firms (CPA firms) and organizations (their clients). */
import type { Insertable, Kysely } from "kysely";
import type { DB, FirmsTable, OrganizationsTable } from "../schema.js";

export const FIRM_COLUMNS = [
  "id",
  "slug",
  "name",
  "registration_number",
  "peer_review_date",
  "city",
  "country",
  "default_currency",
  "created_at",
] as const;

export const ORG_COLUMNS = [
  "id",
  "firm_id",
  "name",
  "sector",
  "employees",
  "city",
  "country",
  "website",
  "created_at",
] as const;

export const insertFirm = (db: Kysely<DB>, firm: Insertable<FirmsTable>) =>
  db.insertInto("firms").values(firm).execute();

export const findFirm = (db: Kysely<DB>, id: string) =>
  db.selectFrom("firms").select(FIRM_COLUMNS).where("id", "=", id).executeTakeFirst();

export const findFirmBySlug = (db: Kysely<DB>, slug: string) =>
  db.selectFrom("firms").select(FIRM_COLUMNS).where("slug", "=", slug).executeTakeFirst();

export const findFirmsByIds = (db: Kysely<DB>, ids: readonly string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("firms")
        .select(FIRM_COLUMNS)
        .where("id", "in", [...ids])
        .execute();

export const insertOrganization = (db: Kysely<DB>, org: Insertable<OrganizationsTable>) =>
  db.insertInto("organizations").values(org).execute();

/** An organization, only when it is visible to the given firms or organizations. */
export const findVisibleOrganization = (
  db: Kysely<DB>,
  id: string,
  scope: { firmIds: readonly string[]; orgIds: readonly string[] },
) => {
  if (scope.firmIds.length === 0 && scope.orgIds.length === 0) return Promise.resolve(undefined);
  return db
    .selectFrom("organizations")
    .select(ORG_COLUMNS)
    .where("id", "=", id)
    .where((eb) => {
      const ors = [];
      if (scope.firmIds.length > 0) ors.push(eb("firm_id", "in", [...scope.firmIds]));
      if (scope.orgIds.length > 0) ors.push(eb("id", "in", [...scope.orgIds]));
      return eb.or(ors);
    })
    .executeTakeFirst();
};

export const findOrganizationsByIds = (db: Kysely<DB>, ids: readonly string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("organizations")
        .select(ORG_COLUMNS)
        .where("id", "in", [...ids])
        .execute();

export const listFirmOrganizations = (db: Kysely<DB>, firmId: string) =>
  db.selectFrom("organizations").select(ORG_COLUMNS).where("firm_id", "=", firmId).orderBy("name").execute();

/** Firms that audit the organization (independence checks). */
export const firmsAuditingOrganization = async (db: Kysely<DB>, orgId: string): Promise<string[]> => {
  const rows = await db
    .selectFrom("organizations")
    .select("firm_id")
    .where("id", "=", orgId)
    .union(db.selectFrom("engagements").select("firm_id").where("org_id", "=", orgId))
    .execute();
  return [...new Set(rows.map((r) => r.firm_id))];
};

/** Organizations audited by the firm (as clients or through engagements). */
export const organizationsAuditedByFirm = async (db: Kysely<DB>, firmId: string): Promise<string[]> => {
  const rows = await db
    .selectFrom("organizations")
    .select("id")
    .where("firm_id", "=", firmId)
    .union(db.selectFrom("engagements").select("org_id as id").where("firm_id", "=", firmId))
    .execute();
  return [...new Set(rows.map((r) => r.id))];
};
