/**
 * Exceptions and the opinion through the API: what the client sees and how it responds, the
 * auditor asking again and accepting, remediation never changing the deviation, classification rules
 * with the core's suggestion, sample extensions, the opinion advice reacting to a systematic
 * exception, and the partner-only decision with its basis and history.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CRITERIA } from "../../src/catalog/criteria.js";
import { describeEachDatabase } from "../support/databases.js";
import { expectError, type Json } from "../support/http.js";
import {
  addControl,
  addPopulation,
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

describeEachDatabase("exceptions and opinion", (target) => {
  let w: World;
  let serial = 0;

  beforeAll(async () => {
    w = await setUpWorld(target);
  });
  afterAll(async () => w?.t.close());

  const code = (prefix: string) => `${prefix}-${++serial}`;

  /** An engagement whose control X covers `criteria`, with a 25-item sample from 250 rows and an open workpaper. */
  const tested = async (
    e: Tenancy,
    controlId: string,
    overrides: Record<string, "pass" | "fail" | "na"> = {},
  ): Promise<{ wp: string; sample: string; population: string }> => {
    const population = await addPopulation(w.deps, e, controlId);
    const sample = await addSample(w.deps, e, population, controlId, 25);
    const wp = (
      await ok(
        w.s.staff.request("POST", `/api/engagements/${e.id}/workpapers`, { controlId, sampleId: sample }),
        201,
      )
    ).workpaper.id as string;
    await ok(
      w.s.staff.request("PUT", `/api/workpapers/${wp}/results`, { cells: grid(25, "pass", overrides) }),
    );
    return { wp, sample, population };
  };

  const oneControl = async (overrides: Record<string, "pass" | "fail" | "na"> = { "row-3:A1": "fail" }) => {
    const e = await newEngagement(w);
    const controlId = await addControl(w.deps, e.org_id, code("CHG"), w.ids.owner);
    await addProgram(w.deps, e, [{ controlId, code: "CHG", criteria: ["CC8.1"] }]);
    const t = await tested(e, controlId, overrides);
    const list = await ok(w.s.staff.request("GET", `/api/engagements/${e.id}/exceptions`));
    return { e, controlId, ...t, exc: list.exceptions[0]?.id as string };
  };

  const getExc = async (id: string, s = w.s.staff): Promise<Json> =>
    ok(s.request("GET", `/api/exceptions/${id}`));

  describe("the client's side", () => {
    it("shows the organization its exceptions without the auditors' working notes", async () => {
      const { e, exc } = await oneControl();
      await ok(w.s.staff.request("PATCH", `/api/exceptions/${exc}`, { cause: "Approver on leave" }));
      const list = await ok(w.s.orgAdmin.request("GET", `/api/engagements/${e.id}/exceptions`));
      expect(list.exceptions).toHaveLength(1);
      const seen = list.exceptions[0];
      expect(seen).toMatchObject({
        ref: "EXC-001",
        kind: "operating-deviation",
        deviations: 1,
        tested: 25,
        cause: "Approver on leave",
        status: "open",
        responses: [],
      });
      for (const key of [
        "classification",
        "markers",
        "extension",
        "workpaperId",
        "attributeId",
        "suggestion",
      ]) {
        expect(seen).not.toHaveProperty(key);
      }
      const detail = await getExc(exc, w.s.owner);
      expect(detail.exception).not.toHaveProperty("suggestion");
      expect(detail.permissions).toMatchObject({ canRespond: true, canDecide: false, canEdit: false });
      // The auditors see everything.
      expect((await getExc(exc)).exception).toMatchObject({ classification: "pending", markers: [] });
      // Employees see no exceptions; other tenants find nothing.
      expectError(await w.s.employee.request("GET", `/api/engagements/${e.id}/exceptions`), 403, "FORBIDDEN");
      expectError(await w.s.employee.request("GET", `/api/exceptions/${exc}`), 403, "FORBIDDEN");
      for (const s of [w.s.otherOrgAdmin, w.s.otherManager]) {
        expectError(await s.request("GET", `/api/exceptions/${exc}`), 404, "NOT_FOUND");
        expectError(
          await s.request("POST", `/api/exceptions/${exc}/responses`, { response: "x" }),
          404,
          "NOT_FOUND",
        );
        expectError(await s.request("GET", `/api/engagements/${e.id}/exceptions`), 404, "NOT_FOUND");
      }
      // The owner was told about the new exception.
      const notes = (await w.s.owner.request("GET", "/api/notifications")).json().notifications;
      expect(
        notes.some(
          (n: { kind: string; link: string }) => n.kind === "exception.created" && n.link.includes(exc),
        ),
      ).toBe(true);
    });

    it("responds, is asked again, responds again and is accepted; remediation never erases the deviation", async () => {
      const { wp, exc } = await oneControl();
      const respond = (
        s = w.s.owner,
        body: unknown = { response: "Approved late", remediation: "Reminder set" },
      ) => s.request("POST", `/api/exceptions/${exc}/responses`, body);
      const decide = (body: unknown, s = w.s.manager) =>
        s.request("POST", `/api/exceptions/${exc}/decision`, body);

      expectError(await respond(w.s.manager), 403, "FORBIDDEN");
      expectError(await respond(w.s.owner, { response: "  " }), 400, "VALIDATION");
      const first = await ok(
        respond(w.s.owner, {
          response: "The approver was on leave",
          remediation: "Added a deputy approver",
          remediationDate: "2026-08-01",
        }),
        201,
      );
      expect(first.exception).toMatchObject({ status: "responded", deviations: 1, tested: 25 });
      expect(first.exception.responses[0]).toMatchObject({
        n: 1,
        remediationDate: "2026-08-01",
        decision: null,
      });
      expectError(await respond(), 409, "CONFLICT");
      expectError(await decide({ decision: "accepted" }, w.s.owner), 403, "FORBIDDEN");
      expectError(await decide({ decision: "asked-again" }), 400, "VALIDATION");
      const again = await ok(
        decide({ decision: "asked-again", note: "Which changes did the deputy approve?" }),
      );
      expect(again.exception.status).toBe("asked-again");
      expect(again.exception.responses[0]).toMatchObject({
        decision: "asked-again",
        decisionNote: expect.stringMatching(/deputy/),
      });
      const second = await ok(respond(w.s.orgAdmin, { response: "Only CHG-3", remediation: "" }), 201);
      expect(second.exception.responses.map((r: { n: number }) => r.n)).toEqual([1, 2]);
      const accepted = await ok(decide({ decision: "accepted" }, w.s.staff));
      expect(accepted.exception).toMatchObject({ status: "accepted", deviations: 1, tested: 25 });
      expectError(await respond(), 409, "CONFLICT");
      expectError(await decide({ decision: "accepted" }), 409, "CONFLICT");
      // Remediation did not change the deviation, and the answered deviation cannot be corrected away.
      const auditor = (await getExc(exc)).exception;
      expect(auditor).toMatchObject({ deviations: 1, tested: 25, classification: "pending" });
      const erase = await w.s.staff.request("PUT", `/api/workpapers/${wp}/results`, {
        cells: [{ itemKey: "row-3", attributeId: "A1", result: "pass" }],
      });
      expect(expectError(erase, 409, "CONFLICT").message).toMatch(/management's response/);
      expect((await eventsOf(w.deps, exc)).map((v) => v.action)).toEqual([
        "exception.created",
        "exception.responded",
        "exception.asked-again",
        "exception.responded",
        "exception.response-accepted",
      ]);
      // The team heard about the responses; the responder heard about the question.
      const managerNotes = (await w.s.manager.request("GET", "/api/notifications")).json().notifications;
      expect(
        managerNotes.filter((n: { kind: string }) => n.kind === "exception.responded").length,
      ).toBeGreaterThanOrEqual(2);
      const ownerNotes = (await w.s.owner.request("GET", "/api/notifications")).json().notifications;
      expect(ownerNotes.some((n: { kind: string }) => n.kind === "exception.asked-again")).toBe(true);
    });

    it("hides a voided exception from the client", async () => {
      const { wp, exc, e } = await oneControl();
      await ok(
        w.s.staff.request("PUT", `/api/workpapers/${wp}/results`, {
          cells: [{ itemKey: "row-3", attributeId: "A1", result: "pass" }],
        }),
      );
      expect((await getExc(exc)).exception.status).toBe("void");
      expectError(await w.s.owner.request("GET", `/api/exceptions/${exc}`), 404, "NOT_FOUND");
      expect((await ok(w.s.owner.request("GET", `/api/engagements/${e.id}/exceptions`))).exceptions).toEqual(
        [],
      );
      expectError(
        await w.s.staff.request("PATCH", `/api/exceptions/${exc}`, { cause: "x" }),
        409,
        "CONFLICT",
      );
    });
  });

  describe("the auditors' side", () => {
    it("classifies with markers, shows the core's suggestion and refuses inconsistent classifications", async () => {
      const { exc } = await oneControl();
      const detail = await getExc(exc);
      expect(detail.exception.suggestion).toMatchObject({
        classification: "isolated",
        kind: "operating-deviation",
        extendSample: {
          suggestedAdditional: 25,
          message: expect.stringMatching(/Extend the sample by 25 items \(to 50\)/),
        },
      });
      const patch = (body: unknown) => w.s.staff.request("PATCH", `/api/exceptions/${exc}`, body);
      expect(expectError(await patch({ classification: "systematic" }), 400, "VALIDATION").message).toMatch(
        /marker/,
      );
      expectError(
        await patch({ classification: "isolated", markers: ["recurring-cause"] }),
        400,
        "VALIDATION",
      );
      expectError(await patch({ markers: ["bogus"] }), 400, "VALIDATION");
      expectError(
        await w.s.owner.request("PATCH", `/api/exceptions/${exc}`, { cause: "x" }),
        403,
        "FORBIDDEN",
      );
      const done = await ok(
        patch({
          classification: "systematic",
          markers: ["design-cause"],
          kind: "design-deficiency",
          cause: "No deputy approver is defined",
          description: "A change was deployed before approval",
        }),
      );
      expect(done.exception).toMatchObject({
        classification: "systematic",
        markers: ["design-cause"],
        kind: "design-deficiency",
        description: "A change was deployed before approval",
      });
      expect(done.exception.suggestion).toMatchObject({
        conclusion: "ineffective",
        kind: "design-deficiency",
      });
      const audit = await eventsOf(w.deps, exc);
      expect(JSON.parse(audit.at(-1)?.summary ?? "{}").before).toMatchObject({
        classification: "pending",
        markers: [],
      });
    });

    it("evaluates a statistical plan against the deviations it allows", async () => {
      const e = await newEngagement(w);
      const controlId = await addControl(w.deps, e.org_id, code("STAT"));
      // 95 % confidence, 10 % tolerable, 0 % expected: 29 items, no deviation allowed (Table A-1).
      await addProgram(w.deps, e, [
        {
          controlId,
          code: "STAT",
          criteria: ["CC8.1"],
          sampleRule: { kind: "statistical", confidence: 95, tolerable: 10, expected: 0 },
        },
      ]);
      const population = await addPopulation(w.deps, e, controlId, 5000);
      const sample = await addSample(w.deps, e, population, controlId, 29);
      const wp = (
        await ok(
          w.s.staff.request("POST", `/api/engagements/${e.id}/workpapers`, { controlId, sampleId: sample }),
          201,
        )
      ).workpaper.id;
      await ok(
        w.s.staff.request("PUT", `/api/workpapers/${wp}/results`, {
          cells: grid(29, "pass", { "row-4:A2": "fail" }),
        }),
      );
      const exc = (await ok(w.s.staff.request("GET", `/api/engagements/${e.id}/exceptions`))).exceptions[0]
        .id;
      await ok(w.s.staff.request("PATCH", `/api/exceptions/${exc}`, { cause: "Self-approved change" }));
      const paper = (await ok(w.s.staff.request("GET", `/api/workpapers/${wp}`))).workpaper;
      expect(paper.suggestion).toMatchObject({
        conclusion: "ineffective",
        extendSample: { suggestedAdditional: 29 },
      });
      expect(paper.suggestion.reasons.join(" ")).toMatch(/allows 0 deviations/);
      expect((await getExc(exc)).exception.suggestion.extendSample.suggestedAdditional).toBe(29);
    });

    it("records the sample extension, whose items join the workpaper", async () => {
      const { e, wp, sample, population, controlId, exc } = await oneControl();
      const extension = await addSample(w.deps, e, population, controlId, 25, {
        startRow: 300,
        extendsSampleId: sample,
        reason: "One deviation found",
      });
      const post = (body: unknown) => w.s.staff.request("POST", `/api/exceptions/${exc}/extension`, body);
      expect(expectError(await post({ sampleId: sample, reason: "x" }), 400, "VALIDATION").message).toMatch(
        /extends no/,
      );
      const stranger = await addSample(w.deps, e, await addPopulation(w.deps, e, controlId), controlId, 5);
      const strangerExt = await addSample(w.deps, e, population, controlId, 5, {
        startRow: 900,
        extendsSampleId: stranger,
      });
      expectError(await post({ sampleId: strangerExt, reason: "x" }), 400, "VALIDATION");
      const foreign = await oneControl();
      expectError(await post({ sampleId: foreign.sample, reason: "x" }), 404, "NOT_FOUND");
      const done = await ok(post({ sampleId: extension, reason: "Isolated? test 25 more" }));
      expect(done.exception.extension).toEqual({
        sampleId: extension,
        added: 25,
        reason: "Isolated? test 25 more",
      });
      const paper = (await ok(w.s.staff.request("GET", `/api/workpapers/${wp}`))).workpaper;
      expect(paper.items).toHaveLength(50);
      // Testing the extension's items updates the exception's count of items tested.
      await ok(
        w.s.staff.request("PUT", `/api/workpapers/${wp}/results`, { cells: grid(25, "pass", {}, 300) }),
      );
      expect((await getExc(exc)).exception).toMatchObject({ deviations: 1, tested: 50 });
    });
  });

  describe("the opinion", () => {
    const ccIds = CRITERIA.filter((c) => c.category === "CC").map((c) => c.id);

    it("advises from conclusions and exceptions, reacts to a systematic exception, and lets only the partner decide", async () => {
      const e = await newEngagement(w);
      const x = await addControl(w.deps, e.org_id, code("GOV"));
      const y = await addControl(w.deps, e.org_id, code("IAM"));
      await addProgram(w.deps, e, [
        { controlId: x, code: "GOV", criteria: ccIds.filter((id) => id !== "CC6.1") },
        { controlId: y, code: "IAM", criteria: ["CC6.1"] },
      ]);
      const view = (q = "", s = w.s.manager) => ok(s.request("GET", `/api/engagements/${e.id}/opinion${q}`));
      // Untested controls still need the auditor's judgement: every criterion is open, nothing is met.
      const before = await view();
      expect(new Set(before.advice.perCriterion.map((c: { advice: string }) => c.advice))).toEqual(
        new Set(["met-with-exceptions"]),
      );
      expect(before.notes.join(" ")).toMatch(/has no workpaper yet/);
      // Without any program no control addresses any criterion: adverse.
      const bare = await newEngagement(w);
      const none = await ok(w.s.manager.request("GET", `/api/engagements/${bare.id}/opinion`));
      expect(none.advice.overall).toBe("adverse");
      expect(none.notes.join(" ")).toMatch(/no audit program/);

      const gx = await tested(e, x);
      await ok(w.s.staff.request("PATCH", `/api/workpapers/${gx.wp}`, { conclusion: "effective" }));
      const gy = await tested(e, y, { "row-3:A1": "fail" });
      const excId = (await ok(w.s.staff.request("GET", `/api/engagements/${e.id}/exceptions`))).exceptions[0]
        .id;
      await ok(
        w.s.staff.request("PATCH", `/api/exceptions/${excId}`, {
          classification: "isolated",
          cause: "Leave",
        }),
      );
      await ok(
        w.s.staff.request("PATCH", `/api/workpapers/${gy.wp}`, { conclusion: "effective-with-exceptions" }),
      );
      const clean = await view();
      expect(clean.advice.overall).toBe("unmodified");
      const cc61 = clean.advice.perCriterion.find((c: { id: string }) => c.id === "CC6.1");
      expect(cc61).toMatchObject({
        advice: "met-with-exceptions",
        controls: [{ controlId: y, deviations: 1 }],
      });
      expect(clean.advice.perCriterion).toHaveLength(ccIds.length);

      // The auditors find the deviation systematic: CC6.1 is no longer met, the advice is qualified.
      await ok(
        w.s.staff.request("PATCH", `/api/exceptions/${excId}`, {
          classification: "systematic",
          markers: ["recurring-cause"],
        }),
      );
      const modified = await view();
      expect(modified.advice.overall).toBe("qualified");
      expect(modified.advice.perCriterion.find((c: { id: string }) => c.id === "CC6.1").advice).toBe(
        "not-met",
      );
      expect((await view("?scopeLimitation=pervasive")).advice.overall).toBe("disclaimer");

      // Only the partner decides; a modified opinion needs its basis.
      const decide = (body: unknown, s = w.s.partner) =>
        s.request("POST", `/api/engagements/${e.id}/opinion`, body);
      expectError(await decide({ opinion: "qualified", basis: "x" }, w.s.manager), 403, "FORBIDDEN");
      expectError(await decide({ opinion: "qualified", basis: "x" }, w.s.staff), 403, "FORBIDDEN");
      expectError(await decide({ opinion: "qualified", basis: "x" }, w.s.orgAdmin), 403, "FORBIDDEN");
      expectError(await decide({ opinion: "qualified", basis: "x" }, w.s.otherManager), 404, "NOT_FOUND");
      expect(expectError(await decide({ opinion: "qualified" }), 400, "VALIDATION").message).toMatch(/basis/);
      const first = await ok(
        decide({ opinion: "qualified", basis: "Access provisioning (CC6.1) did not operate effectively." }),
        201,
      );
      expect(first.current).toMatchObject({
        opinion: "qualified",
        adviceAtTheTime: "qualified",
        scopeLimitation: "none",
      });
      // Departing from the advice needs a reason too.
      expect(expectError(await decide({ opinion: "unmodified" }), 400, "VALIDATION").message).toMatch(
        /advice is qualified/,
      );
      await ok(decide({ opinion: "unmodified", basis: "Deviation judged immaterial after extension." }), 201);
      const history = await view();
      expect(history.history.map((d: { opinion: string }) => d.opinion)).toEqual(["unmodified", "qualified"]);
      expect(history.current.opinion).toBe("unmodified");
      expect(history.permissions.canDecide).toBe(false);
      expect((await view("", w.s.partner)).permissions.canDecide).toBe(true);
      expectError(await w.s.orgAdmin.request("GET", `/api/engagements/${e.id}/opinion`), 403, "FORBIDDEN");
      const audit = await w.deps.db
        .selectFrom("audit_events")
        .select(["action"])
        .where("engagement_id", "=", e.id)
        .where("action", "=", "opinion.decided")
        .execute();
      expect(audit).toHaveLength(2);
    });
  });
});
