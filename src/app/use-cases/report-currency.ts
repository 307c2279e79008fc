/**
 * Report currency per organization (issue 5 §6): its latest issued SOC 2 report, the last day it is
 * current (src/core/report-currency.ts), the warning level, the newest bridge letter after it, and
 * whether next period's engagement exists; from that, the offers (roll-forward for the firm, a bridge
 * letter for the organization's management). The firm dashboard reads every client's; the
 * organization's dashboard reads its own.
 *
 * Notifications: when either dashboard loads, each report at a warning level is announced once per
 * level to the firm's partners and engagement managers and to the organization's admins (the
 * notification kind carries the level and the report id, and the report row is locked while checking,
 * so two processes never announce the same level twice). There is no background sweep: a level
 * nobody looks at is announced the next time a dashboard of that firm or organization is opened.
 */
import { notFound } from "../../core/errors.js";
import { type CurrencyLevel, reportCurrency } from "../../core/report-currency.js";
import { formatReportDate } from "../../core/report-wording.js";
import { FIRM_ROLES } from "../../core/roles.js";
import { listEngagements } from "../../db/repositories/engagements.js";
import {
  type CurrencyReportRow,
  listIssuedCurrencyReports,
  lockReportRow,
  usersNotifiedOf,
} from "../../db/repositories/report-currency.js";
import { findVisibleOrganization, listFirmOrganizations } from "../../db/repositories/tenants.js";
import type { EngagementRow } from "../../db/schema.js";
import { type Actor, rolesIn, systemActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireFirmRole, requireUser, scopeOf } from "../authz.js";
import { type Deps, todayIso } from "../deps.js";
import { deliverEmails, notifyUsers, usersWithRoles } from "../notify.js";

const KIND_NAME: Record<string, string> = { "soc2-type1": "SOC 2 Type 1", "soc2-type2": "SOC 2 Type 2" };

const reportView = (r: CurrencyReportRow) => ({
  id: r.id,
  engagementId: r.engagement_id,
  engagementName: r.engagement_name,
  kind: r.kind as "soc2-type1" | "soc2-type2",
  version: Number(r.version),
  periodStart: r.kind === "soc2-type2" ? r.period_start : null,
  coversUntil: r.covers_until ?? "",
  signedAt: r.signed_at,
});

const letterView = (r: CurrencyReportRow) => ({
  id: r.id,
  engagementId: r.engagement_id,
  engagementName: r.engagement_name,
  version: Number(r.version),
  coversUntil: r.covers_until ?? "",
  signedAt: r.signed_at,
  signedBy: r.signed_by_name,
});

const endOf = (e: EngagementRow): string => e.period_end ?? e.as_of_date ?? "";

/** The currency of one organization from its issued reports and engagements; null without a SOC 2 report. */
const currencyOf = (
  rows: readonly CurrencyReportRow[],
  engagements: readonly EngagementRow[],
  today: string,
) => {
  // Rows come newest period first: the first SOC 2 report is the one that counts.
  const latest = rows.find((r) => r.kind !== "bridge-letter");
  if (!latest?.covers_until) return null;
  const end = latest.covers_until;
  const letter = rows.find((r) => r.kind === "bridge-letter" && (r.covers_until ?? "") > end) ?? null;
  const next = engagements.find((e) => e.id !== latest.engagement_id && endOf(e) > end) ?? null;
  const c = reportCurrency({
    report: { kind: latest.kind as "soc2-type1" | "soc2-type2", coversUntil: end },
    today,
    nextPeriodExists: next !== null,
    bridgeCoversUntil: letter?.covers_until ?? null,
  });
  return {
    report: reportView(latest),
    ...c,
    bridgeLetter: letter ? letterView(letter) : null,
    nextEngagement: next ? { id: next.id, name: next.name } : null,
  };
};

export type OrgCurrency = NonNullable<ReturnType<typeof currencyOf>>;

const levelWords = (c: OrgCurrency): string =>
  c.level === "expired"
    ? `stopped being current on ${formatReportDate(c.currentUntil)}`
    : `is current until ${formatReportDate(c.currentUntil)} (${c.daysLeft} day${c.daysLeft === 1 ? "" : "s"} left)`;

/** Announces the warning level of one organization's report once per level and recipient. */
const announce = async (
  deps: Deps,
  c: OrgCurrency,
  tenant: { firmId: string; orgId: string; orgName: string },
): Promise<string[]> => {
  const level: CurrencyLevel = c.level;
  if (level === "ok") return [];
  const kind = `report-currency:${level}:${c.report.id}`;
  const [firmSide, orgSide] = await Promise.all([
    usersWithRoles(deps.db, "firm", tenant.firmId, ["partner", "engagement_manager"]),
    usersWithRoles(deps.db, "org", tenant.orgId, ["org_admin"]),
  ]);
  const already = await usersNotifiedOf(deps.db, kind, [...firmSide, ...orgSide]);
  if ([...firmSide, ...orgSide].every((u) => already.has(u))) return [];
  const report = KIND_NAME[c.report.kind] ?? "SOC 2";
  const link = `/engagements/${c.report.engagementId}?tab=report`;
  return inTransaction(deps, async (trx) => {
    await lockReportRow(trx, c.report.id);
    const seen = await usersNotifiedOf(trx, kind, [...firmSide, ...orgSide]);
    const firmTo = firmSide.filter((u) => !seen.has(u));
    const orgTo = orgSide.filter((u) => !seen.has(u));
    if (firmTo.length + orgTo.length === 0) return [];
    const title =
      level === "expired"
        ? `${tenant.orgName}: the ${report} report has expired`
        : `${tenant.orgName}: ${c.daysLeft} days of report currency left`;
    const ids = [
      ...(await notifyUsers(trx, deps, firmTo, {
        kind,
        title,
        body: `The ${report} report of ${c.report.engagementName} ${levelWords(c)}. ${
          c.offers.rollForward
            ? "Roll the engagement forward to the next period so the next report follows without a gap."
            : `The next period's engagement (${c.nextEngagement?.name ?? ""}) is under way.`
        }`,
        link,
        firmId: tenant.firmId,
        orgId: tenant.orgId,
      })),
      ...(await notifyUsers(trx, deps, orgTo, {
        kind,
        title,
        body: `Your ${report} report ${levelWords(c)}. ${
          c.offers.bridgeLetter
            ? "Management can issue a bridge letter for the gap since the period ended; ask your auditor about the next examination."
            : "Ask your auditor about the next examination."
        }`,
        link,
        orgId: tenant.orgId,
      })),
    ];
    await recordEvent(trx, deps, systemActor("report currency"), {
      action: "report.currency-warned",
      targetType: "report",
      targetId: c.report.id,
      firmId: tenant.firmId,
      orgId: tenant.orgId,
      engagementId: c.report.engagementId,
      after: { level, currentUntil: c.currentUntil, daysLeft: c.daysLeft, recipients: ids.length },
    });
    return ids;
  });
};

const announceAll = async (
  deps: Deps,
  items: readonly { currency: OrgCurrency; firmId: string; orgId: string; orgName: string }[],
): Promise<void> => {
  const ids: string[] = [];
  for (const i of items) ids.push(...(await announce(deps, i.currency, i)));
  await deliverEmails(deps, ids);
};

const groupByOrg = (rows: readonly CurrencyReportRow[]): Map<string, CurrencyReportRow[]> => {
  const byOrg = new Map<string, CurrencyReportRow[]>();
  for (const r of rows) byOrg.set(r.org_id, [...(byOrg.get(r.org_id) ?? []), r]);
  return byOrg;
};

/** Every client of the firm with an issued SOC 2 report, most urgent first. */
export const getFirmReportCurrency = async (deps: Deps, actor: Actor, firmId: string) => {
  const user = requireUser(actor);
  requireFirmRole(user, firmId, FIRM_ROLES, "Firm", "see the firm's report currency");
  const today = todayIso(deps);
  const [orgs, rows, engagements] = await Promise.all([
    listFirmOrganizations(deps.db, firmId),
    listIssuedCurrencyReports(deps.db, { firmId }),
    listEngagements(deps.db, { firmId }),
  ]);
  const byOrg = groupByOrg(rows);
  const clients = orgs
    .map((o) => {
      const currency = currencyOf(
        byOrg.get(o.id) ?? [],
        engagements.filter((e) => e.org_id === o.id),
        today,
      );
      return currency ? { organization: { id: o.id, name: o.name }, ...currency } : null;
    })
    .filter((c) => c !== null)
    .sort((a, b) => a.daysLeft - b.daysLeft);
  await announceAll(
    deps,
    clients.map((c) => ({ currency: c, firmId, orgId: c.organization.id, orgName: c.organization.name })),
  );
  return { today, clients, warnings: clients.filter((c) => c.warn).length };
};

/**
 * The organization's own report currency, its issued SOC 2 reports (the bridge-letter builder
 * chooses among them) and its bridge letters. Firm users of the organization's firm see what their
 * firm issued; the organization's members see everything issued for it.
 */
export const getOrgReportCurrency = async (deps: Deps, actor: Actor, orgId: string) => {
  const user = requireUser(actor);
  const org = await findVisibleOrganization(deps.db, orgId, scopeOf(user));
  if (!org) throw notFound("Organization");
  const member = rolesIn(user, "org", org.id).length > 0;
  const today = todayIso(deps);
  const [all, engagements] = await Promise.all([
    listIssuedCurrencyReports(deps.db, { orgId: org.id }),
    listEngagements(deps.db, { orgId: org.id }),
  ]);
  const firmIds = scopeOf(user).firmIds;
  const rows = member ? all : all.filter((r) => firmIds.includes(r.firm_id));
  const currency = currencyOf(rows, engagements, today);
  const latestFirm = rows.find((r) => r.kind !== "bridge-letter")?.firm_id ?? org.firm_id;
  const firm = await deps.db
    .selectFrom("firms")
    .select(["id", "name"])
    .where("id", "=", latestFirm)
    .executeTakeFirst();
  if (currency) {
    await announceAll(deps, [{ currency, firmId: latestFirm, orgId: org.id, orgName: org.name }]);
  }
  return {
    today,
    organization: { id: org.id, name: org.name },
    auditor: firm ? { id: firm.id, name: firm.name } : null,
    currency,
    reports: rows.filter((r) => r.kind !== "bridge-letter").map(reportView),
    bridgeLetters: rows.filter((r) => r.kind === "bridge-letter").map(letterView),
  };
};
