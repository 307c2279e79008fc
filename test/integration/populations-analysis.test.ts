/**
 * Work on imported populations through the API on both databases: samples that equal the CLI's
 * (`fieldwork sample` on the same file, seed and method), sizes from the audit program line,
 * extensions that add only new items with the reason recorded, full-population tests listing every
 * failing row, reconciliations listing every unmatched row, and a job cancelled mid-analysis that
 * writes nothing.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deps } from "../../src/app/deps.js";
import { JOB_HANDLERS } from "../../src/app/jobs.js";
import { readPopulationFile } from "../../src/app/population-file.js";
import { listWorkDirs } from "../../src/app/use-cases/populations-files.js";
import { extensionSeed } from "../../src/app/use-cases/populations-sample-jobs.js";
import { deriveSeed, type SelectionMethod, selectSample } from "../../src/core/sample-selection.js";
import { frequencySampleSize } from "../../src/core/sample-size.js";
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

const PERIOD = { start: "2026-01-01", end: "2026-12-31" };

describeEachDatabase("population samples, tests and reconciliations", (target) => {
  let t: TestApp;
  let deps: Deps;
  let tenant: TestTenant;
  let manager: Session;
  let staff: Session;
  let owner: Session;
  let outsider: Session;
  let api: PopulationClient;
  let engagementId: string;
  let controlId: string;
  let population: Json;
  const csv = changesCsv();
  const files = mkdtempSync(join(tmpdir(), "fw-population-files-"));
  const csvPath = join(files, "changes.csv");
  writeFileSync(csvPath, csv);

  /** What `fieldwork sample` selects from the same file (its JS path), as {row, id, date}. */
  const cliSample = async (seed: string, method: SelectionMethod) => {
    const read = await readPopulationFile(csvPath, {
      dateColumn: "created",
      idColumn: "change_id",
      period: PERIOD,
    });
    const sizing = frequencySampleSize({ frequency: "daily", populationSize: read.items.length });
    return selectSample({
      items: read.items,
      period: PERIOD,
      size: sizing.size,
      method,
      frequency: "daily",
      seed,
    }).items;
  };
  const keyOf = (items: Json[]) => items.map((i) => ({ row: i.row, id: i.id, date: i.date }));

  const sample = async (body: Record<string, unknown>, session = staff): Promise<Json> => {
    const result = await api.runJob(session, `/api/populations/${population.id}/samples`, body);
    return (await session.request("GET", `/api/samples/${result.sampleId}`)).json();
  };

  beforeAll(async () => {
    t = await createTestApp(target);
    deps = t.context.deps;
    tenant = await seedTenant(t, "smp");
    const other = await seedTenant(t, "othersmp");
    manager = await signIn(t.app, tenant.users.engagement_manager);
    staff = await signIn(t.app, tenant.users.staff_auditor);
    owner = await signIn(t.app, tenant.users.control_owner);
    outsider = await signIn(t.app, other.users.engagement_manager);
    api = new PopulationClient(t, deps);
    controlId = await createControl(deps, tenant.orgId, "CHG-01", "daily");
    engagementId = await api.newEngagement(manager, tenant.orgId);
    population = await api.importPopulation(staff, engagementId, csv, { controlId });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(files, { recursive: true, force: true });
  });

  describe("samples", () => {
    it("draws, by default, the daily rule's 25 items with the derived seed: the very items the CLI draws", async () => {
      const s = await sample({});
      const seed = deriveSeed(engagementId, controlId, population.blobSha256);
      expect(s).toMatchObject({
        populationId: population.id,
        method: "random",
        frequency: "daily",
        size: 25,
        seed,
      });
      expect(s.rule).toMatchObject({ source: "frequency", seedSource: "derived" });
      expect(keyOf(s.items)).toEqual(keyOf(await cliSample(seed, "random")));
      expect(s.items[0].values).toHaveProperty("approver");
      expect(s.strata).toHaveLength(12);
      expect((await api.eventsOf(s.id)).map((e) => e.action)).toEqual(["sample.selected"]);
      expect(await listWorkDirs(deps)).toEqual([]);
    });

    it("gives the same items for the same seed and method, again and again, and other items for another seed", async () => {
      const a = await sample({ method: "systematic", seed: "re-perform-1" });
      const b = await sample({ method: "systematic", seed: "re-perform-1" });
      const c = await sample({ method: "systematic", seed: "re-perform-2" });
      expect(b.items).toEqual(a.items);
      expect(keyOf(a.items)).toEqual(keyOf(await cliSample("re-perform-1", "systematic")));
      expect(keyOf(c.items)).not.toEqual(keyOf(a.items));
      expect(a.rule).toMatchObject({ seedSource: "given" });
    });

    it("takes the size from the control's line in the audit program, and tests everything when asked", async () => {
      const programId = randomUUID();
      const now = new Date().toISOString();
      const base = { firm_id: tenant.firmId, org_id: tenant.orgId, engagement_id: engagementId };
      await deps.db
        .insertInto("audit_programs")
        .values({
          id: programId,
          ...base,
          version: 1,
          status: "draft",
          reason: null,
          created_by: null,
          created_at: now,
          updated_at: now,
          approved_by: null,
          approved_at: null,
        })
        .execute();
      await deps.db
        .insertInto("program_controls")
        .values({
          id: randomUUID(),
          program_id: programId,
          ...base,
          control_id: controlId,
          position: 1,
          code: "CHG-01",
          title: "Changes are approved",
          criteria: "[]",
          frequency: "daily",
          automation: "manual",
          procedures: "[]",
          attributes: "[]",
          population_source: "Change tickets",
          sample_rule: JSON.stringify({ kind: "statistical", confidence: 95, tolerable: 10, expected: 0 }),
          updated_at: now,
        })
        .execute();
      const s = await sample({});
      expect(s).toMatchObject({ size: 29, method: "random" });
      expect(s.rule).toMatchObject({ source: "program", programVersion: 1 });
      const all = await sample({ method: "all" });
      expect(all).toMatchObject({ method: "all", size: 396 });
      const given = await sample({ size: 7 });
      expect(given).toMatchObject({ size: 7, rule: { source: "given" } });
    });

    it("extends a sample with new items only, deterministically, recording the reason", async () => {
      const root = await sample({ seed: "extend-me" });
      const first = await api.runJob(staff, `/api/samples/${root.id}/extend`, {
        additional: 5,
        reason: "Two deviations in the first 25 items",
      });
      const ext = (await staff.request("GET", `/api/samples/${first.sampleId}`)).json();
      expect(ext).toMatchObject({
        extendsSampleId: root.id,
        size: 5,
        seed: extensionSeed(root.seed, 1),
        reason: "Two deviations in the first 25 items",
        method: root.method,
      });
      const rootRows = new Set(root.items.map((i: Json) => i.row));
      expect(ext.items.filter((i: Json) => rootRows.has(i.row))).toEqual([]);
      const events = await api.eventsOf(ext.id);
      expect(events.map((e) => e.action)).toEqual(["sample.extended"]);
      expect(JSON.parse(events[0]!.summary).note).toBe("Two deviations in the first 25 items");
      // Extending the extension hangs the next one off the original, avoiding both earlier draws.
      const second = await api.runJob(staff, `/api/samples/${ext.id}/extend`, {
        additional: 3,
        reason: "More",
      });
      const ext2 = (await staff.request("GET", `/api/samples/${second.sampleId}`)).json();
      expect(ext2).toMatchObject({ extendsSampleId: root.id, size: 3, seed: extensionSeed(root.seed, 2) });
      const taken = new Set([...rootRows, ...ext.items.map((i: Json) => i.row)]);
      expect(ext2.items.filter((i: Json) => taken.has(i.row))).toEqual([]);
      const detail = (await staff.request("GET", `/api/populations/${population.id}`)).json();
      expect(detail.samples.map((s: Json) => s.id)).toEqual(
        expect.arrayContaining([root.id, ext.id, ext2.id]),
      );
      expect(detail.permissions.canDelete).toBe(false);
      expectError(await manager.request("DELETE", `/api/populations/${population.id}`), 409, "CONFLICT");
    });

    it("extends a nearly complete sample with exactly the items left, then has nothing more to add", async () => {
      const root = await sample({ size: 390, seed: "almost-all" });
      expect(root.size).toBe(390);
      const result = await api.runJob(staff, `/api/samples/${root.id}/extend`, {
        additional: 10,
        reason: "All",
      });
      const ext = (await staff.request("GET", `/api/samples/${result.sampleId}`)).json();
      const inRoot = new Set(root.items.map((i: Json) => i.row));
      const expected = Array.from({ length: 400 }, (_, k) => k + 1).filter(
        (row) => ![3, 7, 10, 11].includes(row) && !inRoot.has(row),
      );
      expect(ext.items.map((i: Json) => i.row).sort((a: number, b: number) => a - b)).toEqual(expected);
      expect(ext.size).toBe(6);
      const again = await staff.request("POST", `/api/samples/${root.id}/extend`, {
        additional: 1,
        reason: "More",
      });
      expectError(again, 409, "CONFLICT");
    });

    it("keeps samples to the engagement team and refuses bad input with 4xx", async () => {
      const url = `/api/populations/${population.id}/samples`;
      expectError(await owner.request("POST", url, {}), 403, "FORBIDDEN");
      expectError(await outsider.request("POST", url, {}), 404, "NOT_FOUND");
      for (const body of [{ size: 0 }, { method: "haphazard" }, { frequency: "hourly" }, { seed: "" }]) {
        expectError(await staff.request("POST", url, body), 400, "VALIDATION");
      }
      const s = await sample({ size: 3 });
      expectError(await owner.request("GET", `/api/samples/${s.id}`), 403, "FORBIDDEN");
      expectError(await outsider.request("GET", `/api/samples/${s.id}`), 404, "NOT_FOUND");
      expectError(
        await outsider.request("POST", `/api/samples/${s.id}/extend`, { additional: 1, reason: "x" }),
        404,
        "NOT_FOUND",
      );
      for (const body of [
        { additional: 0, reason: "x" },
        { additional: 2, reason: " " },
        { additional: 2 },
      ]) {
        expectError(await staff.request("POST", `/api/samples/${s.id}/extend`, body), 400, "VALIDATION");
      }
    });
  });

  describe("full-population tests", () => {
    const rule = {
      id: "CHG-approval",
      description: "Approved by someone other than the author, before deployment",
      require: [
        { column: "approver", op: "not_empty" },
        { column: "approver", op: "ne_column", other: "author" },
        { column: "approved_at", op: "on_or_before_column", other: "deployed_at" },
      ],
    };

    it("tests every row in the period and lists each failing row with its values", async () => {
      const result = await api.runJob(staff, `/api/populations/${population.id}/tests`, { rule });
      expect(result).toMatchObject({ rowsTested: 396, rowsFailing: 3 });
      const test = (await staff.request("GET", `/api/population-tests/${result.testId}`)).json();
      expect(test).toMatchObject({ populationId: population.id, rowsTested: 396, rowsFailing: 3, rule });
      expect(test.description).toContain("Approved by someone other than the author");
      expect(test.failing.map((f: Json) => f.row)).toEqual([20, 30, 40]);
      expect(test.failing[0].values).toMatchObject({ change_id: "CHG-0020" });
      expect((await api.eventsOf(test.id)).map((e) => e.action)).toEqual(["population.tested"]);
      const detail = (await staff.request("GET", `/api/populations/${population.id}`)).json();
      expect(detail.tests.map((x: Json) => x.id)).toContain(test.id);
      expectError(await owner.request("GET", `/api/population-tests/${test.id}`), 403, "FORBIDDEN");
      expectError(await outsider.request("GET", `/api/population-tests/${test.id}`), 404, "NOT_FOUND");
    });

    it("refuses an invalid rule or an unknown column with 400 before any job is queued", async () => {
      const url = `/api/populations/${population.id}/tests`;
      const before = await api.countJobs();
      for (const body of [
        {},
        { rule: { require: [] } },
        { rule: { require: [{ column: "approver", op: "sounds_fine" }] } },
        { rule: { require: [{ column: "reviewer", op: "not_empty" }] } },
        { rule, joinPopulationId: population.id },
      ]) {
        expectError(await staff.request("POST", url, body), 400, "VALIDATION");
      }
      expect(await api.countJobs()).toBe(before);
      expectError(await owner.request("POST", url, { rule }), 403, "FORBIDDEN");
      expectError(await outsider.request("POST", url, { rule }), 404, "NOT_FOUND");
    });
  });

  describe("reconciliation and joins", () => {
    const leavers = Buffer.from(
      "employee_id,name,left_on\nE1,Asha,2026-02-01\nE2,Ravi,2026-03-10\nE3,Meera,2026-04-15\nE4,Kiran,2026-05-20\nE5,Dev,2026-06-30\n",
    );
    const disabled = Buffer.from(
      "user_id,disabled_at\ne1,2026-02-01T10:00:00Z\nE2,2026-03-12T09:00:00Z\nE4,2026-05-20T18:00:00Z\nU9,2026-07-01T00:00:00Z\n",
    );
    let left: Json;
    let right: Json;

    beforeAll(async () => {
      const hr = await createControl(deps, tenant.orgId, "HR-02", "event");
      left = await api.importPopulation(staff, engagementId, leavers, {
        controlId: hr,
        fileName: "leavers.csv",
        mapping: { date: "left_on", id: "employee_id" },
      });
      right = await api.importPopulation(staff, engagementId, disabled, {
        controlId: hr,
        fileName: "idp-disabled.csv",
        mapping: { date: "disabled_at", id: "user_id" },
      });
    });

    it("records every unmatched row on each side and shows the result on the population", async () => {
      const result = await api.runJob(staff, `/api/populations/${left.id}/reconcile`, {
        otherPopulationId: right.id,
        key: "employee_id",
        otherKey: "user_id",
      });
      expect(result).toMatchObject({ matched: 3, unmatchedLeft: 2, unmatchedRight: 1 });
      const detail = (await staff.request("GET", `/api/populations/${left.id}`)).json();
      expect(detail.reconciliation).toMatchObject({
        otherPopulationId: right.id,
        key: "employee_id",
        otherKey: "user_id",
        leftRows: 5,
        rightRows: 4,
        matched: 3,
        unmatchedLeftCount: 2,
        unmatchedRightCount: 1,
        clean: false,
      });
      expect(detail.reconciliation.unmatchedLeft.map((r: Json) => r.values.employee_id)).toEqual([
        "E3",
        "E5",
      ]);
      expect(detail.reconciliation.unmatchedRight.map((r: Json) => r.row)).toEqual([4]);
      expect((await api.eventsOf(left.id)).map((e) => e.action)).toContain("population.reconciled");
      // The second population is now part of the first one's C&A support.
      expectError(await manager.request("DELETE", `/api/populations/${right.id}`), 409, "CONFLICT");
    });

    it("joins a second population in a test: leavers whose access was not removed within 24 hours", async () => {
      const result = await api.runJob(staff, `/api/populations/${left.id}/tests`, {
        rule: {
          description: "Access removed within 24 hours of leaving",
          require: [{ column: "disabled_at", op: "within_hours_after", other: "left_on", hours: 24 }],
        },
        joinPopulationId: right.id,
        on: ["employee_id", "user_id"],
      });
      expect(result).toMatchObject({ rowsTested: 5, rowsFailing: 3 });
      const test = (await staff.request("GET", `/api/population-tests/${result.testId}`)).json();
      expect(test.joinPopulationId).toBe(right.id);
      expect(test.failing.map((f: Json) => f.row)).toEqual([2, 3, 5]);
    });

    it("refuses a key that is not a column, the population itself, or a population of another engagement", async () => {
      const url = `/api/populations/${left.id}/reconcile`;
      const ok = { otherPopulationId: right.id, key: "employee_id", otherKey: "user_id" };
      for (const body of [
        { ...ok, key: "staff_no" },
        { ...ok, otherKey: "employee_id" },
        { ...ok, otherPopulationId: left.id },
        { ...ok, otherPopulationId: randomUUID() },
        { ...ok, filter: { column: "name", op: "likes" } },
      ]) {
        expectError(await staff.request("POST", url, body), 400, "VALIDATION");
      }
      expectError(await outsider.request("POST", url, ok), 404, "NOT_FOUND");
    });
  });

  it("writes nothing when cancelled in the middle of the analysis", async () => {
    const handler = JOB_HANDLERS["population.test"]!;
    let calls = 0;
    class Stop extends Error {}
    const ctx = {
      progress: async () => {
        calls += 1;
        if (calls > 1) throw new Stop();
      },
    };
    const before = await deps.db.selectFrom("population_tests").select("id").execute();
    const input = {
      engagementId,
      populationId: population.id,
      joinPopulationId: null,
      on: null,
      rule: { require: [{ column: "approver", op: "not_empty" }] },
      startedBy: { userId: randomUUID(), name: "Tester", email: "tester@example.com" },
    };
    await expect(handler(deps, input, ctx)).rejects.toBeInstanceOf(Stop);
    expect(calls).toBeGreaterThan(1);
    expect(await deps.db.selectFrom("population_tests").select("id").execute()).toEqual(before);
    expect(await listWorkDirs(deps)).toEqual([]);
  });
});
