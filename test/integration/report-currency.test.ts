/**
 * Report currency through the HTTP API (issue 5 §6), on SQLite and PostgreSQL. Issued SOC 2 reports
 * and bridge letters are written as rows (issuance itself is tested in reports.test.ts and
 * soc3-bridge.test.ts) with their period end placed relative to today, so the level, the days left and
 * the offers are checked against the real clock; notifications are announced once per level.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { currentUntil } from "../../src/core/report-currency.js";
import { describeEachDatabase } from "../support/databases.js";
import { expectError } from "../support/http.js";
import { ok, setUpWorld, type World } from "./workpaper-fixture.js";

const DAY = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const yearBefore = (iso: string) => `${Number(iso.slice(0, 4)) - 1}${iso.slice(4)}`;
/** A period end whose currency ends `daysLeft` days from today (29 February moves a day). */
const periodEndFor = (daysLeft: number): string => {
  const target = addDays(today(), daysLeft);
  return target.endsWith("-02-29") ? yearBefore(addDays(target, -1)) : yearBefore(target);
};

describeEachDatabase("report currency", (target) => {
  let w: World;
  let engagementId: string;
  let otherEngagementId: string;
  const reportId = "currency-soc2-a";

  const insertReport = async (
    id: string,
    tenant: { firmId: string; orgId: string },
    engagement: string,
    kind: string,
    coversUntil: string,
  ) => {
    const now = new Date().toISOString();
    await w.deps.db
      .insertInto("reports")
      .values({
        id,
        firm_id: tenant.firmId,
        org_id: tenant.orgId,
        engagement_id: engagement,
        kind,
        version: 1,
        status: "issued",
        pdf_sha256: "0".repeat(64),
        pdf_size: 1,
        pages: 1,
        covers_until: coversUntil,
        manifest_root: null,
        document_sha256: null,
        signed_by: null,
        signed_at: now,
        certificate_fingerprint: null,
        public: 0,
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  };

  const notificationsOf = async (userId: string) =>
    (
      await w.deps.db
        .selectFrom("notifications")
        .select(["kind", "title", "link"])
        .where("user_id", "=", userId)
        .where("kind", "like", "report-currency:%")
        .orderBy("created_at")
        .execute()
    ).map((n) => n.kind);

  beforeAll(async () => {
    w = await setUpWorld(target);
    const create = async (s: typeof w.s.manager, orgId: string, start: string, end: string) =>
      (
        await ok(
          s.request("POST", `/api/organizations/${orgId}/engagements`, {
            name: `SOC 2 ${start}`,
            type: "type2",
            periodStart: start,
            periodEnd: end,
          }),
          201,
        )
      ).id as string;
    const end = periodEndFor(45);
    engagementId = await create(w.s.manager, w.tenant.orgId, addDays(end, -364), end);
    await insertReport(reportId, w.tenant, engagementId, "soc2-type2", end);
    const otherEnd = periodEndFor(200);
    otherEngagementId = await create(w.s.otherManager, w.other.orgId, addDays(otherEnd, -364), otherEnd);
    await insertReport("currency-soc2-b", w.other, otherEngagementId, "soc2-type2", otherEnd);
  });
  afterAll(async () => w?.t.close());

  it("shows the firm a 60-day warning with the roll-forward and the bridge letter on offer", async () => {
    const body = await ok(w.s.partner.request("GET", `/api/firms/${w.tenant.firmId}/report-currency`));
    expect(body.today).toBe(today());
    expect(body.warnings).toBe(1);
    expect(body.clients).toHaveLength(1);
    const [c] = body.clients;
    expect(c).toMatchObject({
      organization: { id: w.tenant.orgId },
      report: { id: reportId, engagementId, kind: "soc2-type2", coversUntil: periodEndFor(45) },
      currentUntil: currentUntil(periodEndFor(45)),
      daysLeft: 45,
      level: "60",
      warn: true,
      bridgeLetter: null,
      nextEngagement: null,
      offers: {
        rollForward: true,
        bridgeLetter: true,
        bridgeWindow: { from: addDays(periodEndFor(45), 1), to: today() },
      },
    });
    const other = await ok(w.s.otherManager.request("GET", `/api/firms/${w.other.firmId}/report-currency`));
    expect(other.clients.map((x: { report: { id: string } }) => x.report.id)).toEqual(["currency-soc2-b"]);
    expect(other.clients[0]).toMatchObject({ level: "ok", warn: false, daysLeft: 200 });
    expect(other.warnings).toBe(0);
  });

  it("shows the organization its own report and the reports the bridge-letter builder can cover", async () => {
    const body = await ok(
      w.s.orgAdmin.request("GET", `/api/organizations/${w.tenant.orgId}/report-currency`),
    );
    expect(body.currency).toMatchObject({ level: "60", daysLeft: 45, report: { id: reportId } });
    expect(body.auditor.id).toBe(w.tenant.firmId);
    expect(body.reports.map((r: { id: string }) => r.id)).toEqual([reportId]);
    expect(body.bridgeLetters).toEqual([]);
    // The auditing firm's team reads it too; employees see it on their dashboard.
    await ok(w.s.staff.request("GET", `/api/organizations/${w.tenant.orgId}/report-currency`));
    await ok(w.s.employee.request("GET", `/api/organizations/${w.tenant.orgId}/report-currency`));
  });

  it("answers 404 to other tenants and refuses the signed-out", async () => {
    expectError(
      await w.s.otherOrgAdmin.request("GET", `/api/organizations/${w.tenant.orgId}/report-currency`),
      404,
      "NOT_FOUND",
    );
    expectError(
      await w.s.otherManager.request("GET", `/api/organizations/${w.tenant.orgId}/report-currency`),
      404,
      "NOT_FOUND",
    );
    expectError(
      await w.s.otherManager.request("GET", `/api/firms/${w.tenant.firmId}/report-currency`),
      404,
      "NOT_FOUND",
    );
    expectError(
      await w.s.orgAdmin.request("GET", `/api/firms/${w.tenant.firmId}/report-currency`),
      404,
      "NOT_FOUND",
    );
    const res = await w.t.app.inject({
      method: "GET",
      url: `/api/organizations/${w.tenant.orgId}/report-currency`,
    });
    expect(res.statusCode).toBe(401);
  });

  it("announces each level once to partners, managers and the organization's admins", async () => {
    const kind60 = `report-currency:60:${reportId}`;
    expect(await notificationsOf(w.ids.partner)).toEqual([kind60]);
    expect(await notificationsOf(w.ids.manager)).toEqual([kind60]);
    expect(await notificationsOf(w.ids.orgAdmin)).toEqual([kind60]);
    expect(await notificationsOf(w.ids.staff)).toEqual([]);
    // Loading either dashboard again announces nothing new.
    await ok(w.s.partner.request("GET", `/api/firms/${w.tenant.firmId}/report-currency`));
    await ok(w.s.orgAdmin.request("GET", `/api/organizations/${w.tenant.orgId}/report-currency`));
    expect(await notificationsOf(w.ids.partner)).toEqual([kind60]);
    // Time passes: 10 days left is the 30-day level, announced once more.
    await w.deps.db
      .updateTable("reports")
      .set({ covers_until: periodEndFor(10) })
      .where("id", "=", reportId)
      .execute();
    const body = await ok(
      w.s.orgAdmin.request("GET", `/api/organizations/${w.tenant.orgId}/report-currency`),
    );
    expect(body.currency).toMatchObject({ level: "30", daysLeft: 10 });
    await ok(w.s.manager.request("GET", `/api/firms/${w.tenant.firmId}/report-currency`));
    const kind30 = `report-currency:30:${reportId}`;
    expect(await notificationsOf(w.ids.partner)).toEqual([kind60, kind30]);
    expect(await notificationsOf(w.ids.orgAdmin)).toEqual([kind60, kind30]);
    const listed = await ok(w.s.orgAdmin.request("GET", "/api/notifications"));
    const n = listed.notifications.find((x: { kind: string }) => x.kind === kind30);
    expect(n.title).toMatch(/10 days of report currency left/);
    expect(n.link).toBe(`/engagements/${engagementId}?tab=report`);
    // The other tenant heard nothing about this report.
    const otherAdmin = await ok(w.s.otherOrgAdmin.request("GET", "/api/notifications"));
    expect(otherAdmin.notifications.filter((x: { kind: string }) => x.kind.includes(reportId))).toEqual([]);
  });

  it("stops offering the bridge letter once one covers today, and the roll-forward once next period exists", async () => {
    await insertReport("currency-bridge-a", w.tenant, engagementId, "bridge-letter", today());
    await ok(w.s.manager.request("POST", `/api/engagements/${engagementId}/roll-forward`, {}), 201);
    const body = await ok(
      w.s.orgAdmin.request("GET", `/api/organizations/${w.tenant.orgId}/report-currency`),
    );
    expect(body.currency).toMatchObject({
      bridgeCoversToday: true,
      bridgeLetter: { id: "currency-bridge-a", coversUntil: today() },
      offers: { rollForward: false, bridgeLetter: false },
    });
    expect(body.currency.nextEngagement.id).toEqual(expect.any(String));
    expect(body.bridgeLetters.map((b: { id: string }) => b.id)).toEqual(["currency-bridge-a"]);
  });

  it("shows an expired report as expired with no bridge letter on offer", async () => {
    await w.deps.db
      .updateTable("reports")
      .set({ covers_until: periodEndFor(-3) })
      .where("id", "=", reportId)
      .execute();
    await w.deps.db.deleteFrom("reports").where("id", "=", "currency-bridge-a").execute();
    const body = await ok(w.s.partner.request("GET", `/api/firms/${w.tenant.firmId}/report-currency`));
    expect(body.clients[0]).toMatchObject({
      level: "expired",
      daysLeft: -3,
      offers: { bridgeLetter: false },
    });
    expect(await notificationsOf(w.ids.partner)).toContain(`report-currency:expired:${reportId}`);
  });
});
