/**
 * Populations through the API on both databases: upload with a mapping preview, import as a job
 * (hash, row counts, rows outside the period, unparseable dates with their row numbers), nothing
 * left behind when an import is cancelled or fails, who may do what, and bad input answered 4xx.
 * Samples, tests and reconciliations are in populations-analysis.test.ts.
 */
import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deps } from "../../src/app/deps.js";
import { blobStoreOf } from "../../src/app/use-cases/evidence-model.js";
import { listWorkDirs } from "../../src/app/use-cases/populations-files.js";
import { requestJobCancel } from "../../src/db/repositories/jobs.js";
import {
  createTestApp,
  type Session,
  seedTenant,
  signIn,
  type TestApp,
  type TestTenant,
} from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";
import { expectError, type Json } from "../support/http.js";
import { changesCsv, createControl, PopulationClient } from "./populations-support.js";

describeEachDatabase("populations", (target) => {
  let t: TestApp;
  let deps: Deps;
  let tenant: TestTenant;
  let other: TestTenant;
  let manager: Session;
  let staff: Session;
  let firmAdmin: Session;
  let orgAdmin: Session;
  let owner: Session;
  let outsider: Session;
  let api: PopulationClient;
  let engagementId: string;
  let controlId: string;

  beforeAll(async () => {
    t = await createTestApp(target);
    deps = t.context.deps;
    tenant = await seedTenant(t, "pop");
    other = await seedTenant(t, "otherpop");
    manager = await signIn(t.app, tenant.users.engagement_manager);
    staff = await signIn(t.app, tenant.users.staff_auditor);
    firmAdmin = await signIn(t.app, tenant.users.firm_admin);
    orgAdmin = await signIn(t.app, tenant.users.org_admin);
    owner = await signIn(t.app, tenant.users.control_owner);
    outsider = await signIn(t.app, other.users.staff_auditor);
    api = new PopulationClient(t, deps);
    controlId = await createControl(deps, tenant.orgId, "CHG-01", "daily");
    engagementId = await api.newEngagement(manager, tenant.orgId);
  });
  afterAll(async () => t?.close());

  const csv = changesCsv();

  describe("upload and preview", () => {
    it("stores the file and returns its SHA-256, format, columns and first rows", async () => {
      const res = await api.upload(staff, engagementId, csv, "changes.csv");
      expect(res.status, JSON.stringify(res.json())).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({
        fileSha256: createHash("sha256").update(csv).digest("hex"),
        fileName: "changes.csv",
        format: "csv",
        sizeBytes: csv.length,
        columns: ["change_id", "created", "author", "approver", "approved_at", "deployed_at"],
      });
      expect(body.preview.length).toBeGreaterThan(0);
      expect(body.preview.length).toBeLessThanOrEqual(20);
      expect(JSON.stringify(body.preview)).toContain("CHG-0001");
      expect(await listWorkDirs(deps)).toEqual([]);
    });

    it("takes a multipart form and detects JSON lines by content", async () => {
      const lines = Buffer.from('{"user":"a","left_on":"2026-02-01"}\n{"user":"b","left_on":"2026-03-01"}\n');
      const res = await api.uploadMultipart(manager, engagementId, lines, "leavers.export");
      expect(res.status, JSON.stringify(res.json())).toBe(201);
      expect(res.json()).toMatchObject({ format: "jsonl", fileName: "leavers.export" });
      expect(res.json().columns).toEqual(expect.arrayContaining(["user", "left_on"]));
    });

    it("refuses the organization's people (403), the firm admin (403) and other firms (404)", async () => {
      for (const session of [orgAdmin, owner, firmAdmin]) {
        expectError(await api.upload(session, engagementId, csv, "changes.csv"), 403, "FORBIDDEN");
      }
      expectError(await api.upload(outsider, engagementId, csv, "changes.csv"), 404, "NOT_FOUND");
    });

    it("answers a file that is not a population with 400, and a body that is not a file with 415", async () => {
      const broken = Buffer.from('id,date\n1,"2026-01-01\n2,2026-01-02\n');
      expectError(await api.upload(staff, engagementId, broken, "broken.csv"), 400, "VALIDATION");
      const res = await staff.request("POST", `/api/engagements/${engagementId}/populations/files`, { a: 1 });
      expectError(res, 415, "UNSUPPORTED_MEDIA_TYPE");
      expect(await listWorkDirs(deps)).toEqual([]);
    });
  });

  describe("import as a job", () => {
    it("records the population with its hash, counts, excluded and unparseable rows, in one audit event", async () => {
      const population = await api.importPopulation(staff, engagementId, csv, {
        controlId: "CHG-01",
        mapping: { date: "created", id: "change_id" },
      });
      expect(population).toMatchObject({
        engagementId,
        controlId,
        control: { code: "CHG-01" },
        blobSha256: createHash("sha256").update(csv).digest("hex"),
        format: "csv",
        periodStart: "2026-01-01",
        periodEnd: "2026-12-31",
        rowCount: 400,
        excludedCount: 2,
        unparseableCount: 2,
        inPeriodCount: 396,
        mapping: { date: "created", id: "change_id" },
        caMethod: "query",
        reconciliation: null,
        samples: [],
        tests: [],
      });
      expect(population.unparseable).toEqual([
        { row: 10, column: "created", value: "not a date" },
        { row: 11, column: "created", value: "31/02/2026" },
      ]);
      expect(population.columns).toContain("deployed_at");
      const listed = (await manager.request("GET", `/api/engagements/${engagementId}/populations`)).json();
      expect(listed.populations.map((p: Json) => p.id)).toContain(population.id);
      const events = await api.eventsOf(population.id);
      expect(events.map((e) => e.action)).toEqual(["population.imported"]);
      expect(events[0]).toMatchObject({ engagement_id: engagementId, org_id: tenant.orgId });
      expect(await listWorkDirs(deps)).toEqual([]);
    });

    it("lets the firm's engagement team follow and cancel the job, not the client", async () => {
      const { job } = await api.startImport(manager, engagementId, csv, { controlId });
      expect(job.status).toBe("queued");
      expect((await staff.request("GET", `/api/jobs/${job.id}`)).status).toBe(200);
      expectError(await orgAdmin.request("GET", `/api/jobs/${job.id}`), 404, "NOT_FOUND");
      expectError(await outsider.request("GET", `/api/jobs/${job.id}`), 404, "NOT_FOUND");
      const before = await api.countPopulations(engagementId);
      const cancelled = await staff.request("POST", `/api/jobs/${job.id}/cancel`);
      expect(cancelled.json()).toMatchObject({ status: "cancelled" });
      expect(await api.runJobs()).toBe(0);
      expect(await api.countPopulations(engagementId)).toBe(before);
    });

    it("stops a running import when it is cancelled and records nothing, leaving no plaintext behind", async () => {
      const { job } = await api.startImport(staff, engagementId, csv, { controlId });
      const before = await api.countPopulations(engagementId);
      // Cancellation requested while the worker holds the job: the handler sees it at its next progress.
      await requestJobCancel(deps.db, job.id);
      await api.runJobs();
      expect((await staff.request("GET", `/api/jobs/${job.id}`)).json()).toMatchObject({
        status: "cancelled",
      });
      expect(await api.countPopulations(engagementId)).toBe(before);
      expect(await listWorkDirs(deps)).toEqual([]);
    });

    it("fails the job and records nothing when the file cannot be profiled with the mapping", async () => {
      const lines = Buffer.from('{"user":"a","left_on":"2026-02-01"}\n{"user":"b","left_on":"2026-03-01"}\n');
      const before = await api.countPopulations(engagementId);
      const { job } = await api.startImport(staff, engagementId, lines, {
        controlId,
        fileName: "leavers.jsonl",
        mapping: { date: "no_such_column" },
      });
      await api.runJobs();
      const done = (await staff.request("GET", `/api/jobs/${job.id}`)).json();
      expect(done.status).toBe("failed");
      expect(done.error).toMatch(/no_such_column/);
      expect(await api.countPopulations(engagementId)).toBe(before);
      expect(await listWorkDirs(deps)).toEqual([]);
    });
  });

  describe("bad input", () => {
    let sha: string;
    const body = (over: Record<string, unknown> = {}) => ({
      fileSha256: sha,
      fileName: "changes.csv",
      controlId,
      name: "Changes",
      mapping: { date: "created", id: "change_id" },
      caMethod: "query",
      caSource: "select * from changes",
      ...over,
    });
    const create = (session: Session, over: Record<string, unknown> = {}) =>
      session.request("POST", `/api/engagements/${engagementId}/populations`, body(over));

    beforeAll(async () => {
      sha = (await api.upload(staff, engagementId, csv, "changes.csv")).json().fileSha256;
    });

    it("names an unknown control, column, file, period or C&A method with 400", async () => {
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ controlId: "NOPE-99" }, /controlId/],
        [{ mapping: { date: "when" } }, /mapping\.date.*created/],
        [{ mapping: { date: "created", id: "ticket" } }, /mapping\.id/],
        [{ fileSha256: "a".repeat(64) }, /fileSha256/],
        [{ periodStart: "2026-06-01", periodEnd: "2026-01-01" }, /period/i],
        [{ periodStart: "2026-02-30" }, /periodStart/],
        [{ caMethod: "inquiry" }, /caMethod/],
        [{ caSource: "   " }, /caSource/],
        [{ name: "" }, /name/],
      ];
      const before = await api.countJobs();
      for (const [over, message] of cases) {
        const error = expectError(await create(staff, over), 400, "VALIDATION");
        expect(`${error.message} ${JSON.stringify(error.details ?? {})}`).toMatch(message);
      }
      expect(await api.countJobs()).toBe(before);
    });

    it("refuses a control of another organization, and the population of another firm's engagement", async () => {
      const foreign = await createControl(deps, other.orgId, "CHG-09", "daily");
      expectError(await create(staff, { controlId: foreign }), 400, "VALIDATION");
      expectError(await create(outsider), 404, "NOT_FOUND");
      expectError(await create(orgAdmin), 403, "FORBIDDEN");
      expectError(
        await api.request(outsider, "GET", `/api/engagements/${engagementId}/populations`),
        404,
        "NOT_FOUND",
      );
    });

    it("keeps populations to the engagement team: read 403 for the client, 404 for other firms", async () => {
      const population = await api.importPopulation(staff, engagementId, csv, { controlId });
      expectError(await owner.request("GET", `/api/populations/${population.id}`), 403, "FORBIDDEN");
      expectError(await outsider.request("GET", `/api/populations/${population.id}`), 404, "NOT_FOUND");
      expectError(await outsider.request("DELETE", `/api/populations/${population.id}`), 404, "NOT_FOUND");
      expectError(await staff.request("GET", `/api/populations/${randomUUID()}`), 404, "NOT_FOUND");
    });

    it("deletes a population nothing uses, and its audit event says so", async () => {
      const population = await api.importPopulation(staff, engagementId, csv, { controlId });
      const res = await manager.request("DELETE", `/api/populations/${population.id}`);
      expect(res.status).toBe(200);
      expectError(await manager.request("GET", `/api/populations/${population.id}`), 404, "NOT_FOUND");
      expect((await api.eventsOf(population.id)).map((e) => e.action)).toEqual([
        "population.imported",
        "population.deleted",
      ]);
      // The file itself stays: other populations of the organization were imported from the same bytes.
      expect(await blobStoreOf(deps).exists(tenant.orgId, population.blobSha256)).toBe(true);
    });
  });
});
