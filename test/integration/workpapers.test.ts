/**
 * Workpapers through the API: opening one per control on its program line with a sample and its
 * extensions, recording results with the evidence version relied on, failed attributes becoming
 * exceptions with counts (and a data-entry correction voiding one), conclusions that contradict the
 * results refused, preparer and reviewer sign-off with seniority, the lock, reopening with a reason,
 * the review queue, who may see what, and the lifecycle facts the guards read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEngagementFacts } from "../../src/app/use-cases/engagement-facts.js";
import { checkTransition } from "../../src/core/lifecycle.js";
import { describeEachDatabase } from "../support/databases.js";
import { expectError } from "../support/http.js";
import {
  addControl,
  addEvidence,
  addPopulation,
  addPopulationTest,
  addProgram,
  addSample,
  eventsOf,
  grid,
  newEngagement,
  ok,
  setUpWorld,
  type Tenancy,
  type World,
} from "./workpaper-fixture.js";

describeEachDatabase("workpapers", (target) => {
  let w: World;

  beforeAll(async () => {
    w = await setUpWorld(target);
  });
  afterAll(async () => w?.t.close());

  let serial = 0;
  /** A control code unique in the organization (every test shares one client). */
  const unique = (code: string) => `${code}-${++serial}`;

  /** An engagement with one control per code on an approved program, each with a 25-item sample. */
  const engagementWith = async (codes: readonly string[]) => {
    const e = await newEngagement(w);
    const controls: Record<string, string> = {};
    for (const code of codes) controls[code] = await addControl(w.deps, e.org_id, unique(code), w.ids.owner);
    await addProgram(
      w.deps,
      e,
      codes.map((code) => ({ controlId: controls[code] ?? "", code, criteria: ["CC8.1"] })),
    );
    const samples: Record<string, string> = {};
    const populations: Record<string, string> = {};
    for (const code of codes) {
      const controlId = controls[code] ?? "";
      populations[code] = await addPopulation(w.deps, e, controlId);
      samples[code] = await addSample(w.deps, e, populations[code] ?? "", controlId, 25);
    }
    return { e, controls, samples, populations };
  };

  const open = async (e: Tenancy, controlId: string, sampleId?: string, session = w.s.staff) =>
    ok(
      session.request("POST", `/api/engagements/${e.id}/workpapers`, {
        controlId,
        ...(sampleId ? { sampleId } : {}),
      }),
      201,
    );

  const put = (id: string, cells: unknown[], session = w.s.staff) =>
    session.request("PUT", `/api/workpapers/${id}/results`, { cells });

  const get = async (id: string, session = w.s.staff) => ok(session.request("GET", `/api/workpapers/${id}`));

  /** Opens, tests every cell as pass (with the overrides), concludes and returns the workpaper id. */
  const tested = async (
    e: Tenancy,
    controlId: string,
    sampleId: string,
    overrides: Record<string, "pass" | "fail" | "na"> = {},
  ) => {
    const wp = (await open(e, controlId, sampleId)).workpaper;
    await ok(put(wp.id, grid(25, "pass", overrides)));
    return wp.id as string;
  };

  describe("opening", () => {
    it("opens a workpaper on the program line with the sample's items and its extensions", async () => {
      const { e, controls, samples, populations } = await engagementWith(["CHG-01"]);
      const controlId = controls["CHG-01"] ?? "";
      const body = await open(e, controlId, samples["CHG-01"]);
      const wp = body.workpaper;
      expect(wp).toMatchObject({
        status: "open",
        conclusion: null,
        control: { id: controlId, code: expect.stringMatching(/^CHG-01-/) },
        programLine: { programVersion: 1, programStatus: "approved", populationSource: expect.any(String) },
        basis: {
          kind: "sample",
          populationSize: 250,
          sample: { id: samples["CHG-01"], populationHash: "a".repeat(64) },
        },
      });
      expect(wp.attributes.map((a: { id: string }) => a.id)).toEqual(["A1", "A2"]);
      expect(wp.items).toHaveLength(25);
      expect(wp.items[0]).toMatchObject({ key: "row-1", label: "CHG-1", date: "2026-01-10" });
      expect(wp.programLine.procedures.map((p: { method: string }) => p.method)).toEqual([
        "inquiry",
        "inspection",
      ]);
      expect(wp.tally.missingCells).toBe(50);
      expect(body.permissions).toMatchObject({ canEdit: true, canPrepare: true, canReview: false });

      // An extension of the sample (drawn later) adds its items to the workpaper.
      await addSample(w.deps, e, populations["CHG-01"] ?? "", controlId, 10, {
        startRow: 100,
        extendsSampleId: samples["CHG-01"],
        reason: "Deviation found",
      });
      const after = (await get(wp.id)).workpaper;
      expect(after.items).toHaveLength(35);
      expect(after.basis.sample.chain).toHaveLength(2);
      expect(after.items.at(-1).key).toBe("row-109");
      expect((await eventsOf(w.deps, wp.id)).map((v) => v.action)).toEqual(["workpaper.opened"]);
    });

    it("opens a design walkthrough (one design item) and a full-population test (one population item)", async () => {
      const e = await newEngagement(w);
      const design = await addControl(w.deps, e.org_id, unique("ORG-01"));
      const census = await addControl(w.deps, e.org_id, unique("CHG-09"));
      await addProgram(w.deps, e, [
        { controlId: design, code: "ORG-01", criteria: ["CC1.1"] },
        { controlId: census, code: "CHG-09", criteria: ["CC8.1"] },
      ]);
      const walk = (await open(e, design)).workpaper;
      expect(walk.basis.kind).toBe("design");
      expect(walk.items.map((i: { key: string }) => i.key)).toEqual(["design"]);
      const population = await addPopulation(w.deps, e, census, 4000);
      const testId = await addPopulationTest(w.deps, e, population, census, 4000, 3);
      const full = (
        await ok(
          w.s.staff.request("POST", `/api/engagements/${e.id}/workpapers`, {
            controlId: census,
            populationTestId: testId,
          }),
          201,
        )
      ).workpaper;
      expect(full.basis).toMatchObject({
        kind: "population-test",
        populationTest: { rowsTested: 4000, rowsFailing: 3 },
      });
      // A fail on the population item counts the test's failing rows out of the rows tested.
      await ok(put(full.id, [{ itemKey: "population", attributeId: "A1", result: "fail" }]));
      const exc = (await get(full.id)).workpaper.exceptions;
      expect(exc).toEqual([
        expect.objectContaining({ ref: "EXC-001", deviations: 3, tested: 4000, attributeId: "A1" }),
      ]);
    });

    it("refuses a second workpaper for a control, controls outside the program and foreign samples", async () => {
      const { e, controls, samples } = await engagementWith(["CHG-01"]);
      const controlId = controls["CHG-01"] ?? "";
      await open(e, controlId, samples["CHG-01"]);
      const again = await w.s.manager.request("POST", `/api/engagements/${e.id}/workpapers`, { controlId });
      expect(expectError(again, 409, "CONFLICT").details.existingId).toEqual(expect.any(String));
      const stray = await addControl(w.deps, e.org_id, unique("STR-01"));
      const outside = await w.s.staff.request("POST", `/api/engagements/${e.id}/workpapers`, {
        controlId: stray,
      });
      expect(expectError(outside, 400, "VALIDATION").message).toMatch(
        /not in the engagement's audit program/,
      );
      const foreign = await engagementWith(["CHG-01"]);
      const otherSample = await w.s.staff.request("POST", `/api/engagements/${e.id}/workpapers`, {
        controlId: stray,
        sampleId: foreign.samples["CHG-01"],
      });
      expect(otherSample.status).toBe(400);
      const { e: e2, controls: c2 } = await engagementWith(["CHG-02"]);
      const wrongSample = await w.s.staff.request("POST", `/api/engagements/${e2.id}/workpapers`, {
        controlId: c2["CHG-02"],
        sampleId: samples["CHG-01"],
      });
      expectError(wrongSample, 404, "NOT_FOUND");
    });

    it("keeps the client and other firms out: org users are refused, foreign ids are not found", async () => {
      const { e, controls, samples } = await engagementWith(["CHG-01"]);
      const wp = (await open(e, controls["CHG-01"] ?? "", samples["CHG-01"])).workpaper;
      for (const s of [w.s.orgAdmin, w.s.owner, w.s.employee]) {
        expectError(await s.request("GET", `/api/engagements/${e.id}/workpapers`), 403, "FORBIDDEN");
        expectError(await s.request("GET", `/api/workpapers/${wp.id}`), 404, "NOT_FOUND");
        expectError(await put(wp.id, grid(1, "pass"), s), 404, "NOT_FOUND");
      }
      expectError(
        await w.s.orgAdmin.request("POST", `/api/engagements/${e.id}/workpapers`, {
          controlId: controls["CHG-01"],
        }),
        403,
        "FORBIDDEN",
      );
      for (const s of [w.s.otherManager, w.s.otherOrgAdmin]) {
        expectError(await s.request("GET", `/api/workpapers/${wp.id}`), 404, "NOT_FOUND");
        expectError(await s.request("GET", `/api/engagements/${e.id}/workpapers`), 404, "NOT_FOUND");
        expectError(await s.request("POST", `/api/workpapers/${wp.id}/prepare`), 404, "NOT_FOUND");
      }
      // The firm admin reads but does not test.
      expect((await get(wp.id, w.s.firmAdmin)).permissions.canEdit).toBe(false);
      expectError(await put(wp.id, grid(1, "pass"), w.s.firmAdmin), 403, "FORBIDDEN");
    });
  });

  describe("results and evidence", () => {
    it("stores the hash of the evidence version relied on, even after a newer version arrives", async () => {
      const { e, controls, samples } = await engagementWith(["CHG-01", "CHG-02"]);
      const v1 = await addEvidence(w.deps, e.org_id, "1".repeat(64));
      const a = (await open(e, controls["CHG-01"] ?? "", samples["CHG-01"])).workpaper;
      const b = (await open(e, controls["CHG-02"] ?? "", samples["CHG-02"])).workpaper;
      await ok(
        put(a.id, [
          { itemKey: "row-1", attributeId: "A1", result: "pass", note: "Ticket approved", evidenceId: v1 },
        ]),
      );
      // The same evidence item supports a second control.
      await ok(put(b.id, [{ itemKey: "row-2", attributeId: "A2", result: "pass", evidenceId: v1 }]));
      const v2 = await addEvidence(w.deps, e.org_id, "2".repeat(64), { id: v1, seriesId: v1, version: 1 });
      const cell = (await get(a.id)).workpaper.results[0];
      expect(cell).toMatchObject({
        itemKey: "row-1",
        attributeId: "A1",
        result: "pass",
        note: "Ticket approved",
        evidence: { id: v1, sha256: "1".repeat(64), version: 1, supersededBy: v2 },
      });
      // Changing the result keeps the evidence link; citing v2 stores v2's hash.
      await ok(put(a.id, [{ itemKey: "row-1", attributeId: "A1", result: "na" }]));
      expect((await get(a.id)).workpaper.results[0].evidence.sha256).toBe("1".repeat(64));
      await ok(put(a.id, [{ itemKey: "row-1", attributeId: "A1", result: "pass", evidenceId: v2 }]));
      expect((await get(a.id)).workpaper.results[0].evidence).toMatchObject({
        id: v2,
        sha256: "2".repeat(64),
      });
      expect((await get(b.id)).workpaper.results[0].evidence.sha256).toBe("1".repeat(64));
      const stored = await w.deps.db
        .selectFrom("test_results")
        .select(["evidence_sha256"])
        .where("workpaper_id", "=", a.id)
        .executeTakeFirstOrThrow();
      expect(stored.evidence_sha256).toBe("2".repeat(64));
    });

    it("refuses another organization's evidence (404), unknown cells and duplicates (400)", async () => {
      const { e, controls, samples } = await engagementWith(["CHG-01"]);
      const wp = (await open(e, controls["CHG-01"] ?? "", samples["CHG-01"])).workpaper;
      const foreign = await addEvidence(w.deps, w.other.orgId, "f".repeat(64));
      expectError(
        await put(wp.id, [{ itemKey: "row-1", attributeId: "A1", result: "pass", evidenceId: foreign }]),
        404,
        "NOT_FOUND",
      );
      const bad = await put(wp.id, [
        { itemKey: "row-999", attributeId: "A1", result: "pass" },
        { itemKey: "row-1", attributeId: "Z9", result: "pass" },
      ]);
      expect(expectError(bad, 400, "VALIDATION").details.errors).toHaveLength(2);
      const twice = await put(wp.id, [
        { itemKey: "row-1", attributeId: "A1", result: "pass" },
        { itemKey: "row-1", attributeId: "A1", result: "fail" },
      ]);
      expect(expectError(twice, 400, "VALIDATION").message).toMatch(/twice/);
      expect(
        await w.deps.db.selectFrom("test_results").selectAll().where("workpaper_id", "=", wp.id).execute(),
      ).toEqual([]);
    });

    it("turns failed attributes into exceptions whose counts follow the grid; a correction voids one", async () => {
      const { e, controls, samples } = await engagementWith(["CHG-01"]);
      const wp = (await open(e, controls["CHG-01"] ?? "", samples["CHG-01"])).workpaper;
      await ok(put(wp.id, grid(25, "pass", { "row-3:A1": "fail" })));
      let exceptions = (await get(wp.id)).workpaper.exceptions;
      expect(exceptions).toEqual([
        expect.objectContaining({
          ref: "EXC-001",
          attributeId: "A1",
          deviations: 1,
          tested: 25,
          kind: "operating-deviation",
          classification: "pending",
          status: "open",
        }),
      ]);
      // More fails update the counts; n/a items are not tested; another attribute gets its own exception.
      await ok(
        put(wp.id, [
          { itemKey: "row-5", attributeId: "A1", result: "fail" },
          { itemKey: "row-6", attributeId: "A1", result: "na" },
          { itemKey: "row-7", attributeId: "A2", result: "fail" },
        ]),
      );
      exceptions = (await get(wp.id)).workpaper.exceptions;
      expect(
        exceptions.map((x: { ref: string; deviations: number; tested: number }) => [
          x.ref,
          x.deviations,
          x.tested,
        ]),
      ).toEqual([
        ["EXC-001", 2, 24],
        ["EXC-002", 1, 25],
      ]);
      // The control owner heard about each new exception.
      const notes = (await w.s.owner.request("GET", "/api/notifications")).json().notifications;
      expect(
        notes.filter((n: { kind: string }) => n.kind === "exception.created").length,
      ).toBeGreaterThanOrEqual(2);
      // Correcting the only fail of A2 before any response voids EXC-002; a new fail reinstates it.
      await ok(put(wp.id, [{ itemKey: "row-7", attributeId: "A2", result: "pass" }]));
      expect((await get(wp.id)).workpaper.exceptions[1]).toMatchObject({
        ref: "EXC-002",
        status: "void",
        deviations: 0,
      });
      await ok(put(wp.id, [{ itemKey: "row-8", attributeId: "A2", result: "fail" }]));
      expect((await get(wp.id)).workpaper.exceptions[1]).toMatchObject({
        ref: "EXC-002",
        status: "open",
        deviations: 1,
      });
      const second = (await get(wp.id)).workpaper.exceptions[1].id;
      expect((await eventsOf(w.deps, second)).map((v) => v.action)).toEqual([
        "exception.created",
        "exception.voided",
        "exception.reinstated",
      ]);
      // Clearing a cell removes the result.
      await ok(put(wp.id, [{ itemKey: "row-1", attributeId: "A1", result: null }]));
      expect((await get(wp.id)).workpaper.tally.missingCells).toBe(1);
    });

    it("numbers exceptions once per engagement under concurrent fails on different workpapers", async () => {
      const codes = ["C-01", "C-02", "C-03", "C-04"];
      const { e, controls, samples } = await engagementWith(codes);
      const ids = [];
      for (const code of codes) ids.push((await open(e, controls[code] ?? "", samples[code])).workpaper.id);
      const results = await Promise.all(
        ids.map((id) => put(id, [{ itemKey: "row-1", attributeId: "A1", result: "fail" }])),
      );
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      const refs = (
        await ok(w.s.manager.request("GET", `/api/engagements/${e.id}/exceptions`))
      ).exceptions.map((x: { ref: string }) => x.ref);
      expect(refs).toEqual(["EXC-001", "EXC-002", "EXC-003", "EXC-004"]);
    });
  });

  describe("conclusion and sign-off", () => {
    it("refuses conclusions that contradict the results and shows the core's suggestion", async () => {
      const { e, controls, samples } = await engagementWith(["CHG-01"]);
      const id = await tested(e, controls["CHG-01"] ?? "", samples["CHG-01"] ?? "", { "row-4:A1": "fail" });
      const patch = (body: unknown) => w.s.staff.request("PATCH", `/api/workpapers/${id}`, body);
      expect(expectError(await patch({ conclusion: "effective" }), 400, "VALIDATION").message).toMatch(
        /EXC-001 recorded/,
      );
      expect(expectError(await patch({ conclusion: "not-occurred" }), 400, "VALIDATION").message).toMatch(
        /items were tested/,
      );
      const wp = (await get(id)).workpaper;
      expect(wp.conclusion).toBeNull();
      // One deviation in 25 with no cause yet: the auditor must judge.
      expect(wp.suggestion).toMatchObject({ conclusion: null, evaluation: "needs-judgement" });
      const done = await ok(
        patch({ conclusion: "effective-with-exceptions", conclusionNote: "One late approval" }),
      );
      expect(done.workpaper).toMatchObject({
        conclusion: "effective-with-exceptions",
        conclusionNote: "One late approval",
      });
      // The revision guards against a stale screen.
      expectError(await patch({ revision: 1, conclusionNote: "stale" }), 409, "CONFLICT");
    });

    it("prepares only a complete, concluded, classified workpaper and then locks it", async () => {
      const { e, controls, samples } = await engagementWith(["CHG-01"]);
      const wp = (await open(e, controls["CHG-01"] ?? "", samples["CHG-01"])).workpaper;
      await ok(put(wp.id, grid(24, "pass", { "row-2:A2": "fail" })));
      const early = expectError(
        await w.s.staff.request("POST", `/api/workpapers/${wp.id}/prepare`),
        409,
        "GUARD_FAILED",
      );
      expect(early.details.failures.map((f: { check: string }) => f.check)).toEqual([
        "results-complete",
        "conclusion",
        "exceptions-classified",
      ]);
      await ok(put(wp.id, grid(1, "pass", {}, 25)));
      const excId = (await get(wp.id)).workpaper.exceptions[0].id;
      await ok(
        w.s.staff.request("PATCH", `/api/exceptions/${excId}`, {
          classification: "isolated",
          cause: "Approver on leave",
        }),
      );
      await ok(
        w.s.staff.request("PATCH", `/api/workpapers/${wp.id}`, { conclusion: "effective-with-exceptions" }),
      );
      const prepared = await ok(w.s.staff.request("POST", `/api/workpapers/${wp.id}/prepare`));
      expect(prepared.workpaper).toMatchObject({ status: "prepared", preparer: { id: w.ids.staff } });
      expect(prepared.permissions).toMatchObject({ canEdit: false, canReview: false });
      // Locked: results, conclusion and the exception's classification cannot change.
      expect(expectError(await put(wp.id, grid(1, "fail")), 409, "CONFLICT").message).toMatch(/locked/);
      expectError(
        await w.s.staff.request("PATCH", `/api/workpapers/${wp.id}`, { conclusionNote: "x" }),
        409,
        "CONFLICT",
      );
      expectError(
        await w.s.staff.request("PATCH", `/api/exceptions/${excId}`, { cause: "Other" }),
        409,
        "CONFLICT",
      );
      expectError(await w.s.staff.request("POST", `/api/workpapers/${wp.id}/prepare`), 409, "CONFLICT");
      // The review queue lists it; the manager was told.
      const queue = await ok(
        w.s.manager.request("GET", `/api/engagements/${e.id}/workpapers?status=prepared`),
      );
      expect(queue.workpapers.map((x: { id: string }) => x.id)).toEqual([wp.id]);
      expect(queue.workpapers[0]).toMatchObject({
        exceptionCount: 1,
        pendingExceptionCount: 0,
        conclusion: "effective-with-exceptions",
      });
      const all = await ok(w.s.manager.request("GET", `/api/engagements/${e.id}/workpapers`));
      expect(all.workpapers).toHaveLength(1);
      const notes = (await w.s.manager.request("GET", "/api/notifications")).json().notifications;
      expect(notes.some((n: { kind: string }) => n.kind === "workpaper.prepared")).toBe(true);
    });

    it("needs a reviewer who is a different user and senior to the preparer", async () => {
      const { e, controls, samples } = await engagementWith(["CHG-01", "CHG-02"]);
      const byStaff = await tested(e, controls["CHG-01"] ?? "", samples["CHG-01"] ?? "");
      await ok(w.s.staff.request("PATCH", `/api/workpapers/${byStaff}`, { conclusion: "effective" }));
      await ok(w.s.staff.request("POST", `/api/workpapers/${byStaff}/prepare`));
      const review = (id: string, s = w.s.manager) => s.request("POST", `/api/workpapers/${id}/review`);
      expect(expectError(await review(byStaff, w.s.staff), 403, "FORBIDDEN").message).toMatch(/You prepared/);
      expectError(await review(byStaff, w.s.firmAdmin), 403, "FORBIDDEN");
      expectError(await review(byStaff, w.s.orgAdmin), 404, "NOT_FOUND");
      const reviewed = await ok(review(byStaff));
      expect(reviewed.workpaper).toMatchObject({ status: "reviewed", reviewer: { id: w.ids.manager } });
      expectError(await review(byStaff, w.s.partner), 409, "CONFLICT");

      // A manager's workpaper: staff cannot review it, nor the manager; a partner can.
      const byManager = (await open(e, controls["CHG-02"] ?? "", samples["CHG-02"], w.s.manager)).workpaper
        .id;
      await ok(put(byManager, grid(25, "pass"), w.s.manager));
      await ok(w.s.manager.request("PATCH", `/api/workpapers/${byManager}`, { conclusion: "effective" }));
      await ok(w.s.manager.request("POST", `/api/workpapers/${byManager}/prepare`));
      expect(expectError(await review(byManager, w.s.staff), 403, "FORBIDDEN").message).toMatch(/senior/);
      expectError(await review(byManager, w.s.manager), 403, "FORBIDDEN");
      expect((await get(byManager, w.s.partner)).permissions.canReview).toBe(true);
      expect((await ok(review(byManager, w.s.partner))).workpaper.status).toBe("reviewed");
    });

    it("reopens with a reason recorded, clearing the sign-offs and keeping the history", async () => {
      const { e, controls, samples } = await engagementWith(["CHG-01"]);
      const id = await tested(e, controls["CHG-01"] ?? "", samples["CHG-01"] ?? "");
      await ok(w.s.staff.request("PATCH", `/api/workpapers/${id}`, { conclusion: "effective" }));
      await ok(w.s.staff.request("POST", `/api/workpapers/${id}/prepare`));
      await ok(w.s.manager.request("POST", `/api/workpapers/${id}/review`));
      const reopen = (s: typeof w.s.staff, body: unknown) =>
        s.request("POST", `/api/workpapers/${id}/reopen`, body);
      expectError(await reopen(w.s.staff, { reason: "I want to" }), 403, "FORBIDDEN");
      expectError(await reopen(w.s.manager, { reason: "   " }), 400, "VALIDATION");
      const body = await ok(reopen(w.s.partner, { reason: "Sample missed the December changes" }));
      expect(body.workpaper).toMatchObject({
        status: "open",
        preparer: null,
        reviewer: null,
        conclusion: "effective",
      });
      expect(
        body.workpaper.events.map((v: { kind: string; reason: string | null }) => [v.kind, v.reason]),
      ).toEqual([
        ["prepared", null],
        ["reviewed", null],
        ["reopened", "Sample missed the December changes"],
      ]);
      const audit = await eventsOf(w.deps, id);
      expect(audit.map((v) => v.action)).toEqual([
        "workpaper.opened",
        "workpaper.results-recorded",
        "workpaper.concluded",
        "workpaper.prepared",
        "workpaper.reviewed",
        "workpaper.reopened",
      ]);
      expect(JSON.parse(audit.at(-1)?.summary ?? "{}").note).toBe("Sample missed the December changes");
      // Open again: results can change.
      await ok(put(id, [{ itemKey: "row-1", attributeId: "A1", result: "na" }]));
      expectError(await reopen(w.s.manager, { reason: "again" }), 409, "CONFLICT");
    });
  });

  describe("lifecycle facts", () => {
    it("counts design assessment, concluded and reviewed controls, the review queue and exceptions", async () => {
      const { e, controls, samples } = await engagementWith(["CHG-01", "CHG-02"]);
      const factsNow = async () => {
        const row = await w.deps.db
          .selectFrom("engagements")
          .selectAll()
          .where("id", "=", e.id)
          .executeTakeFirstOrThrow();
        return loadEngagementFacts(w.deps.db, row, "2027-01-15");
      };
      let facts = await factsNow();
      expect(facts).toMatchObject({
        controlsDesignAssessed: 0,
        controlsConcluded: 0,
        workpapersAwaitingReview: 0,
        exceptionsOpen: 0,
        exceptionsWithoutResponse: 0,
      });
      const a = await tested(e, controls["CHG-01"] ?? "", samples["CHG-01"] ?? "", { "row-9:A1": "fail" });
      await ok(w.s.staff.request("PATCH", `/api/workpapers/${a}`, { conclusion: "ineffective" }));
      facts = await factsNow();
      expect(facts).toMatchObject({
        controlsDesignAssessed: 1,
        exceptionsOpen: 1,
        exceptionsWithoutResponse: 1,
      });
      const exc = (await get(a)).workpaper.exceptions[0].id;
      await ok(
        w.s.staff.request("PATCH", `/api/exceptions/${exc}`, {
          classification: "systematic",
          markers: ["design-cause"],
        }),
      );
      await ok(w.s.staff.request("POST", `/api/workpapers/${a}/prepare`));
      facts = await factsNow();
      expect(facts).toMatchObject({ exceptionsOpen: 0, workpapersAwaitingReview: 1, controlsConcluded: 0 });
      // The guard out of control testing sees the workpaper awaiting review.
      const atTesting = { ...facts, stage: "control_testing" as const, controlsInScope: 1 };
      const check = checkTransition({
        facts: atTesting,
        to: "exceptions",
        actorRoles: ["engagement_manager"],
      });
      expect(check.allowed).toBe(false);
      if (!check.allowed) expect(check.failures.map((f) => f.guard)).toContain("workpapers-reviewed");
      await ok(w.s.manager.request("POST", `/api/workpapers/${a}/review`));
      facts = await factsNow();
      expect(facts).toMatchObject({ controlsConcluded: 1, workpapersAwaitingReview: 0 });
      const passed = checkTransition({
        facts: { ...facts, stage: "control_testing", controlsInScope: 1 },
        to: "exceptions",
        actorRoles: ["engagement_manager"],
      });
      expect(passed.allowed).toBe(true);
      // Management's response clears exceptionsWithoutResponse; asking again brings it back.
      await ok(
        w.s.owner.request("POST", `/api/exceptions/${exc}/responses`, { response: "We will fix it" }),
        201,
      );
      expect((await factsNow()).exceptionsWithoutResponse).toBe(0);
      await ok(
        w.s.manager.request("POST", `/api/exceptions/${exc}/decision`, {
          decision: "asked-again",
          note: "When?",
        }),
      );
      expect((await factsNow()).exceptionsWithoutResponse).toBe(1);
    });
  });
});
