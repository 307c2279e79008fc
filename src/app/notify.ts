/**
 * Notifications: written in the transaction of the change (in-app), then e-mailed after commit
 * through the configured SMTP server. Each e-mail is claimed by a conditional update first, so two
 * server processes never send the same one twice.
 */
import type { Kysely } from "kysely";
import type { Role, TenantKind } from "../core/roles.js";
import type { DB } from "../db/schema.js";
import type { Deps } from "./deps.js";

export interface NewNotification {
  readonly kind: string;
  readonly title: string;
  readonly body: string;
  readonly link?: string | null;
  readonly firmId?: string | null;
  readonly orgId?: string | null;
}

export const notifyUsers = async (
  trx: Kysely<DB>,
  deps: Pick<Deps, "clock" | "newId">,
  userIds: readonly string[],
  n: NewNotification,
): Promise<string[]> => {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return [];
  const at = deps.clock().toISOString();
  const rows = unique.map((userId) => ({
    id: deps.newId(),
    user_id: userId,
    firm_id: n.firmId ?? null,
    org_id: n.orgId ?? null,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link ?? null,
    read_at: null,
    emailed_at: null,
    created_at: at,
  }));
  await trx.insertInto("notifications").values(rows).execute();
  return rows.map((r) => r.id);
};

/** Users holding any of `roles` in a tenant. */
export const usersWithRoles = async (
  db: Kysely<DB>,
  tenantKind: TenantKind,
  tenantId: string,
  roles: readonly Role[],
): Promise<string[]> => {
  if (roles.length === 0) return [];
  const rows = await db
    .selectFrom("memberships")
    .select("user_id")
    .where("tenant_kind", "=", tenantKind)
    .where("tenant_id", "=", tenantId)
    .where("role", "in", [...roles])
    .execute();
  return [...new Set(rows.map((r) => r.user_id))];
};

/** Sends the e-mails of the given notifications (after their transaction committed). Never throws. */
export const deliverEmails = async (deps: Deps, notificationIds: readonly string[]): Promise<number> => {
  if (!deps.mailer.enabled || notificationIds.length === 0) return 0;
  let sent = 0;
  for (const id of notificationIds) {
    const claim = await deps.db
      .updateTable("notifications")
      .set({ emailed_at: deps.clock().toISOString() })
      .where("id", "=", id)
      .where("emailed_at", "is", null)
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) continue;
    const row = await deps.db
      .selectFrom("notifications")
      .innerJoin("users", "users.id", "notifications.user_id")
      .select(["users.email", "notifications.title", "notifications.body", "notifications.link"])
      .where("notifications.id", "=", id)
      .executeTakeFirst();
    if (!row) continue;
    const base = deps.config.publicUrl ?? `http://${deps.config.host}:${deps.config.port}`;
    try {
      await deps.mailer.send({
        to: row.email,
        subject: `[Fieldwork] ${row.title}`,
        text: `${row.body}${row.link ? `\n\nOpen in Fieldwork: ${base}${row.link}` : ""}\n`,
      });
      sent += 1;
    } catch {
      // Leave it claimed but unsent would lose it: release the claim so a later delivery retries.
      await deps.db.updateTable("notifications").set({ emailed_at: null }).where("id", "=", id).execute();
    }
  }
  return sent;
};

export const listNotifications = (db: Kysely<DB>, userId: string, limit = 50) =>
  db
    .selectFrom("notifications")
    .select(["id", "kind", "title", "body", "link", "read_at", "created_at", "firm_id", "org_id"])
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
