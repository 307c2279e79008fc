/**
 * The incident register through the API (issue 7 §4): recording with notification clocks counted
 * from awareness, who may read and write, recording notifications per clock, the timeline and
 * history, post-incident actions as tasks, the closure guard and the generated evidence, tenant isolation,
 * and the CSV and JSON export (the DC4 feed and the demo loader: incidents-dc4.test.ts).
 */
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.js";
import { expectError, type Json } from "../support/http.js";
import { addControl, ok, setUpWorld, type World } from "./workpaper-fixture.js";

const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString().replace(/\.\d{3}Z$/, ".000Z");

const breach = (over: Record<string, unknown> = {}) => ({
  title: "Merchant KYC documents readable from a public bucket",
  summary: "A storage bucket holding KYC scans allowed anonymous reads.",
  detectedAt: ago(3 * HOUR),
  awareAt: ago(2 * HOUR),
  reportedBy: "Security operations (cloud posture alert)",
  classification: "breach",
  severity: "SEV2",
  affectedSystems: ["Merchant onboarding", "S3 kyc-docs"],
  dataCategories: ["PAN card images", "Aadhaar masked copies"],
  personalData: true,
  principalsCount: 1840,
  jurisdictions: ["india"],
  ...over,
});

describeEachDatabase("incident register", (target) => {
  let w: World;
  let orgId: string;
  let base: string;
  let incidentId: string;

  beforeAll(async () => {
    w = await setUpWorld(target);
    orgId = w.tenant.orgId;
    base = `/api/organizations/${orgId}/incidents`;
  });
  afterAll(async () => {
    await w?.t.close();
  });

  describe("recording and clocks", () => {
    it("records a personal data breach in India with CERT-In 6 h and DPDP clocks from awareness", async () => {
      const input = breach();
      const body = await ok(w.s.orgAdmin.request("POST", base, input), 201);
      const i = body.incident;
      incidentId = i.id;
      expect(i).toMatchObject({
        ref: "INC-001",
        status: "open",
        regulators: ["RBI"],
        certInReportable: true,
      });
      const aware = Date.parse(input.awareAt as string);
      const by = Object.fromEntries(i.clocks.map((c: Json) => [c.id, c]));
      expect(Object.keys(by)).toEqual([
        "cert-in",
        "dpdp-board-intimation",
        "dpdp-principals",
        "dpdp-board-report",
      ]);
      expect(by["cert-in"]).toMatchObject({
        status: "pending",
        dueAt: new Date(aware + 6 * HOUR).toISOString(),
      });
      expect(by["cert-in"].msLeft).toBeGreaterThan(3.9 * HOUR);
      expect(by["cert-in"].msLeft).toBeLessThanOrEqual(4 * HOUR);
      expect(by["dpdp-board-report"].dueAt).toBe(new Date(aware + 72 * HOUR).toISOString());
      expect(by["dpdp-principals"]).toMatchObject({ status: "due_now", withoutDelay: true });
      expect(i.clockNotes.some((n: string) => n.startsWith("RBI-regulated"))).toBe(true);
      expect(i.history.map((h: Json) => h.action)).toEqual(["incident.created"]);
    });

    it("shows a clock past its deadline as overdue, and EU data adds the GDPR clock", async () => {
      const body = await ok(
        w.s.owner.request(
          "POST",
          base,
          breach({
            title: "EU cardholder export",
            detectedAt: ago(11 * HOUR),
            awareAt: ago(10 * HOUR),
            jurisdictions: ["eu"],
          }),
        ),
        201,
      );
      const by = Object.fromEntries(body.incident.clocks.map((c: Json) => [c.id, c]));
      expect(by["cert-in"].status).toBe("overdue");
      expect(by["cert-in"].msLeft).toBeLessThan(-3.9 * HOUR);
      expect(by["gdpr-authority"].status).toBe("pending");
      expect(by["dpdp-board-report"]).toBeUndefined();
    });

    it("refuses awareness before detection or in the future, unknown owners and bad timestamps", async () => {
      expectError(
        await w.s.orgAdmin.request("POST", base, breach({ awareAt: ago(5 * HOUR) })),
        400,
        "VALIDATION",
      );
      expectError(
        await w.s.orgAdmin.request(
          "POST",
          base,
          breach({ awareAt: new Date(Date.now() + 2 * HOUR).toISOString() }),
        ),
        400,
        "VALIDATION",
      );
      expectError(
        await w.s.orgAdmin.request("POST", base, breach({ ownerUserId: w.ids.manager })),
        400,
        "VALIDATION",
      );
      expectError(
        await w.s.orgAdmin.request("POST", base, breach({ awareAt: "yesterday" })),
        400,
        "VALIDATION",
      );
    });

    it("lets the auditing firm read but not write; employees and other tenants are kept out", async () => {
      const list = await ok(w.s.staff.request("GET", base));
      expect(list.incidents.length).toBe(2);
      expect(list.permissions.canCreate).toBe(false);
      expectError(await w.s.staff.request("POST", base, breach()), 403, "FORBIDDEN");
      expectError(await w.s.employee.request("GET", base), 403, "FORBIDDEN");
      expectError(await w.s.otherOrgAdmin.request("GET", base), 404, "NOT_FOUND");
      expectError(await w.s.otherManager.request("GET", `/api/incidents/${incidentId}`), 404, "NOT_FOUND");
      expectError(
        await w.s.otherOrgAdmin.request("PATCH", `/api/incidents/${incidentId}`, { severity: "SEV1" }),
        404,
        "NOT_FOUND",
      );
      expectError(await w.s.otherOrgAdmin.request("GET", `${base}/export?format=json`), 404, "NOT_FOUND");
    });

    it("filters by status, personal data and text", async () => {
      await ok(
        w.s.orgAdmin.request(
          "POST",
          base,
          breach({
            title: "UPI switch latency",
            classification: "event",
            personalData: false,
            severity: "SEV3",
          }),
        ),
        201,
      );
      const none = await ok(w.s.orgAdmin.request("GET", `${base}?personalData=no`));
      expect(none.incidents.map((i: Json) => i.title)).toEqual(["UPI switch latency"]);
      expect(none.incidents[0].clocks).toEqual([]);
      const q = await ok(w.s.orgAdmin.request("GET", `${base}?q=cardholder`));
      expect(q.incidents.map((i: Json) => i.ref)).toEqual(["INC-002"]);
      expect((await ok(w.s.orgAdmin.request("GET", `${base}?status=closed`))).incidents).toEqual([]);
    });
  });

  describe("notifications, timeline and history", () => {
    it("records a notification sent for a clock, marking it done with its reference", async () => {
      const sentAt = ago(1 * HOUR);
      const body = await ok(
        w.s.owner.request("POST", `/api/incidents/${incidentId}/notifications`, {
          clock: "cert-in",
          sentAt,
          reference: "CERTIN-2026-11-4471",
        }),
        201,
      );
      const cert = body.incident.clocks.find((c: Json) => c.id === "cert-in");
      expect(cert).toMatchObject({ status: "done", reference: "CERTIN-2026-11-4471", sentAt, late: false });
      expect(body.incident.notifications[0]).toMatchObject({ clock: "cert-in", recipient: "CERT-In" });
    });

    it("refuses unknown or inapplicable clocks and notifications before awareness", async () => {
      const url = `/api/incidents/${incidentId}/notifications`;
      expectError(
        await w.s.owner.request("POST", url, { clock: "rbi", sentAt: ago(HOUR), reference: "x" }),
        400,
        "VALIDATION",
      );
      expectError(
        await w.s.owner.request("POST", url, { clock: "gdpr-authority", sentAt: ago(HOUR), reference: "x" }),
        400,
        "VALIDATION",
      );
      expectError(
        await w.s.owner.request("POST", url, {
          clock: "dpdp-board-intimation",
          sentAt: ago(5 * HOUR),
          reference: "x",
        }),
        400,
        "VALIDATION",
      );
      expectError(
        await w.s.staff.request("POST", url, { clock: "cert-in", sentAt: ago(HOUR), reference: "x" }),
        403,
        "FORBIDDEN",
      );
    });

    it("keeps a timeline in time order and a history of every change", async () => {
      await ok(
        w.s.owner.request("POST", `/api/incidents/${incidentId}/timeline`, {
          at: ago(1.5 * HOUR),
          phase: "containment",
          note: "Bucket made private.",
        }),
        201,
      );
      const body = await ok(
        w.s.owner.request("POST", `/api/incidents/${incidentId}/timeline`, {
          at: ago(2.5 * HOUR),
          phase: "triage",
          note: "Confirmed public ACL.",
        }),
        201,
      );
      expect(body.incident.timeline.map((t: Json) => t.phase)).toEqual(["triage", "containment"]);
      expect(body.incident.history.map((h: Json) => h.action)).toEqual([
        "incident.created",
        "incident.notification_recorded",
        "incident.timeline_added",
        "incident.timeline_added",
      ]);
    });
  });

  describe("post-incident review, actions and closure", () => {
    let actionId: string;
    let evidenceControl: string;

    it("assigns actions as tasks that appear in the owner's task list", async () => {
      const body = await ok(
        w.s.orgAdmin.request("POST", `/api/incidents/${incidentId}/actions`, {
          title: "Turn on account-level Block Public Access",
          ownerUserId: w.ids.owner,
          dueDate: "2026-12-15",
        }),
        201,
      );
      actionId = body.incident.actions[0].id;
      const mine = await ok(w.s.owner.request("GET", `${base}/my-tasks`));
      expect(mine.tasks).toEqual([
        expect.objectContaining({
          id: actionId,
          incidentRef: "INC-001",
          title: "Turn on account-level Block Public Access",
        }),
      ]);
      expect((await ok(w.s.orgAdmin.request("GET", `${base}/my-tasks`))).tasks).toEqual([]);
      expectError(
        await w.s.orgAdmin.request("POST", `/api/incidents/${incidentId}/actions`, {
          title: "x",
          ownerUserId: w.ids.staff,
        }),
        400,
        "VALIDATION",
      );
    });

    it("refuses to close until resolved, reviewed and every action done or accepted", async () => {
      const close = `/api/incidents/${incidentId}/close`;
      expect(expectError(await w.s.orgAdmin.request("POST", close), 409, "GUARD_FAILED").message).toMatch(
        /Resolve/,
      );
      await ok(w.s.orgAdmin.request("PATCH", `/api/incidents/${incidentId}`, { status: "resolved" }));
      const e1 = expectError(await w.s.orgAdmin.request("POST", close), 409, "GUARD_FAILED");
      expect(e1.message).toMatch(/post-incident review/);
      expect(e1.message).toMatch(/Block Public Access/);
      await ok(
        w.s.orgAdmin.request("PUT", `/api/incidents/${incidentId}/review`, {
          rootCause: "A Terraform module defaulted the bucket ACL to public-read.",
          lessons: "Guardrails belong at the account level, not in each module.",
        }),
      );
      expect(expectError(await w.s.orgAdmin.request("POST", close), 409, "GUARD_FAILED").message).toMatch(
        /still open/,
      );
      expectError(
        await w.s.orgAdmin.request("PATCH", `/api/incidents/${incidentId}/actions/${actionId}`, {
          status: "accepted",
        }),
        400,
        "VALIDATION",
      );
    });

    it("closes once the action is done, storing the closure record as evidence for CC7.3–CC7.5", async () => {
      evidenceControl = await addControl(w.deps, orgId, "IR-1");
      await w.deps.db
        .updateTable("org_controls")
        .set({ criteria: JSON.stringify(["CC7.4"]) })
        .where("id", "=", evidenceControl)
        .execute();
      await ok(
        w.s.owner.request("PATCH", `/api/incidents/${incidentId}/actions/${actionId}`, { status: "done" }),
      );
      expect((await ok(w.s.owner.request("GET", `${base}/my-tasks`))).tasks).toEqual([]);
      const body = await ok(w.s.orgAdmin.request("POST", `/api/incidents/${incidentId}/close`));
      expect(body.incident.status).toBe("closed");
      const evidenceId = body.incident.closureEvidenceId;
      expect(evidenceId).toBeTruthy();
      const item = await ok(w.s.staff.request("GET", `/api/evidence/${evidenceId}`));
      const ev = item.item ?? item;
      expect(ev.source).toBe("generated");
      expect(JSON.stringify(ev)).toContain(evidenceControl);
      expect(body.incident.history.at(-1).action).toBe("incident.closed");
    });

    it("keeps a closed record fixed but lets management flag it for disclosure", async () => {
      const url = `/api/incidents/${incidentId}`;
      expectError(await w.s.orgAdmin.request("PATCH", url, { severity: "SEV1" }), 409, "CONFLICT");
      expectError(
        await w.s.orgAdmin.request("POST", `${url}/timeline`, {
          at: ago(HOUR),
          phase: "recovery",
          note: "x",
        }),
        409,
        "CONFLICT",
      );
      expectError(await w.s.orgAdmin.request("POST", `${url}/close`), 409, "CONFLICT");
      expectError(
        await w.s.orgAdmin.request("PATCH", url, { disclose: true, disclosure: { nature: "KYC exposure" } }),
        400,
        "VALIDATION",
      );
      const body = await ok(
        w.s.orgAdmin.request("PATCH", url, {
          disclose: true,
          disclosure: {
            nature: "KYC exposure",
            extent: "1,840 merchants",
            resolution: "Bucket closed; guardrails added.",
          },
        }),
      );
      expect(body.incident.disclose).toBe(true);
    });
  });

  describe("export", () => {
    it("exports the register as CSV with clocks and as JSON, guarding spreadsheet formulas", async () => {
      await ok(
        w.s.orgAdmin.request("POST", base, breach({ title: '=HYPERLINK("x")', personalData: false })),
        201,
      );
      const res = await w.t.app.inject({
        method: "GET",
        url: `${base}/export?format=csv`,
        headers: { cookie: w.s.staff.cookie },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toMatch(/text\/csv/);
      const rows = parse(res.body, { columns: true }) as Record<string, string>[];
      const first = rows.find((r) => r.ref === "INC-001");
      expect(first).toMatchObject({
        status: "closed",
        personal_data: "yes",
        principals_count: "1840",
        disclosed_in_description: "yes",
      });
      expect(first?.notification_clocks).toContain("cert-in: done");
      expect(rows.find((r) => r.title?.includes("HYPERLINK"))?.title).toBe('\'=HYPERLINK("x")');
      const json = await w.t.app.inject({
        method: "GET",
        url: `${base}/export?format=json`,
        headers: { cookie: w.s.staff.cookie },
      });
      const data = json.json();
      expect(data.incidents.length).toBe(rows.length);
      expect(data.incidents.find((i: Json) => i.ref === "INC-001").clocks.length).toBe(4);
    });
  });
});
