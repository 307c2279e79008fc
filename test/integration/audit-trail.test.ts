import { afterAll, beforeAll, expect, it } from "vitest";
import { runNextJob } from "../../src/app/jobs.js";
import { verifyAuditChain } from "../../src/app/use-cases/audit-trail.js";
import { createTestApp, seedTenant, signIn, type TestApp, type TestTenant } from "../support/app.js";
import { runFieldwork } from "../support/cli.js";
import { describeEachDatabase } from "../support/databases.js";

describeEachDatabase("audit trail", (target) => {
  let t: TestApp;
  let tenant: TestTenant;
  let engagementId: string;
  beforeAll(async () => {
    t = await createTestApp(target);
    tenant = await seedTenant(t);
    const manager = await signIn(t.app, tenant.users.engagement_manager);
    const created = await manager.request("POST", `/api/organizations/${tenant.orgId}/engagements`, {
      name: "Audit trail engagement",
      type: "type2",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
    });
    engagementId = created.json().id;
    await manager.request("PATCH", `/api/engagements/${engagementId}/scope`, { services: ["Payments API"] });
  });
  afterAll(async () => t?.close());

  const cli = (args: string[]) =>
    runFieldwork(["audit-log", "verify", "--data-dir", t.dataDir, ...args], {
      env: t.databaseUrl ? { FIELDWORK_DATABASE_URL: t.databaseUrl } : { FIELDWORK_DATABASE_URL: "" },
    });

  it("writes an event with actor, action, target and before/after for each change", async () => {
    const manager = await signIn(t.app, tenant.users.engagement_manager);
    const res = await manager.request("GET", `/api/engagements/${engagementId}/audit-events`);
    expect(res.status).toBe(200);
    const events = res.json().events as {
      action: string;
      actor: string;
      summary: { before?: unknown; after?: unknown };
    }[];
    expect(events.map((e) => e.action)).toEqual(["engagement.scope_updated", "engagement.created"]);
    expect(events[0]?.actor).toContain(tenant.users.engagement_manager.email);
    expect(events[0]?.summary.after).toBeTruthy();
    expect(events[0]?.summary.before).toBeTruthy();
    const filtered = await manager.request(
      "GET",
      `/api/engagements/${engagementId}/audit-events?action=engagement.created`,
    );
    expect(filtered.json().events).toHaveLength(1);
  });

  it("lets the client organization see its own trail but not the firm-only events", async () => {
    const admin = await signIn(t.app, tenant.users.org_admin);
    const res = await admin.request("GET", `/api/organizations/${tenant.orgId}/audit-events`);
    expect(res.status).toBe(200);
    const actions = (res.json().events as { action: string }[]).map((e) => e.action);
    expect(actions).toContain("engagement.created");
    expect(actions).not.toContain("firm.created");
  });

  it("verifies an intact chain through the CLI, with the event count", async () => {
    const total = await verifyAuditChain(t.context.deps);
    expect(total.intact).toBe(true);
    const res = await cli([]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`${total.checked} events checked`);
    expect(res.stdout).toContain("intact");
  });

  it("runs verification as a job with progress", async () => {
    const partner = await signIn(t.app, tenant.users.partner);
    const queued = await partner.request("POST", `/api/firms/${tenant.firmId}/jobs/audit-verify`);
    expect(queued.status).toBe(202);
    expect(queued.json().status).toBe("queued");
    expect(await runNextJob(t.context.deps, "test-worker")).toBe(true);
    const done = await partner.request("GET", `/api/jobs/${queued.json().id}`);
    expect(done.json()).toMatchObject({ status: "succeeded", progress: 1, result: { intact: true } });
  });

  it("names the first altered event and exits non-zero", async () => {
    const db = t.context.deps.db;
    const victim = await db
      .selectFrom("audit_events")
      .select(["seq", "summary"])
      .orderBy("seq")
      .offset(2)
      .limit(1)
      .executeTakeFirstOrThrow();
    await db
      .updateTable("audit_events")
      .set({ summary: '{"after":{"forged":true}}' })
      .where("seq", "=", victim.seq)
      .execute();
    const res = await cli([]);
    expect(res.code).toBe(4);
    expect(res.stderr).toMatch(new RegExp(`event #${victim.seq}\\b.*altered`));
    expect(res.stderr.trim().split("\n")).toHaveLength(1);
    await db
      .updateTable("audit_events")
      .set({ summary: victim.summary })
      .where("seq", "=", victim.seq)
      .execute();
    expect((await cli([])).code).toBe(0);
  });

  it("detects a removed event and a reordering", async () => {
    const db = t.context.deps.db;
    const rows = await db.selectFrom("audit_events").selectAll().orderBy("seq").execute();
    const middle = rows[3]!;
    await db.deleteFrom("audit_events").where("seq", "=", middle.seq).execute();
    const removed = await cli([]);
    expect(removed.code).toBe(4);
    expect(removed.stderr).toContain(`#${middle.seq}`);
    expect(removed.stderr).toMatch(/missing/);
    await db.insertInto("audit_events").values(middle).execute();
    expect((await cli([])).code).toBe(0);
    // Swap the contents of two events while keeping their sequence numbers.
    const a = rows[4]!;
    const b = rows[5]!;
    await db.deleteFrom("audit_events").where("seq", "in", [a.seq, b.seq]).execute();
    await db
      .insertInto("audit_events")
      .values([
        { ...b, seq: a.seq },
        { ...a, seq: b.seq },
      ])
      .execute();
    const swapped = await cli(["--json"]);
    expect(swapped.code).toBe(4);
    expect(JSON.parse(swapped.stdout).firstBreak.seq).toBe(a.seq);
    await db.deleteFrom("audit_events").where("seq", "in", [a.seq, b.seq]).execute();
    await db.insertInto("audit_events").values([a, b]).execute();
  });

  it("detects removal of the newest events through the chain head", async () => {
    const db = t.context.deps.db;
    const last = await db
      .selectFrom("audit_events")
      .selectAll()
      .orderBy("seq", "desc")
      .limit(1)
      .executeTakeFirstOrThrow();
    await db.deleteFrom("audit_events").where("seq", "=", last.seq).execute();
    const res = await cli([]);
    expect(res.code).toBe(4);
    expect(res.stderr).toMatch(/missing/);
    await db.insertInto("audit_events").values(last).execute();
    expect((await cli([])).code).toBe(0);
  });
});
