/**
 * The report input gathered from a small engagement built through the use-cases (issue 5 §1) and
 * the manifest items it relies on (§2): a Type 2 with one control tested, one exception answered
 * and accepted, the workpaper reviewed, and one control untested. A draft shows the deviation and
 * response and says testing is not completed for the other; a final request is refused; another
 * firm does not see the engagement; changing a result changes the workpaper's manifest hash.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { UserActor } from "../../src/app/actor.js";
import { collectManifestItems } from "../../src/app/report-manifest-items.js";
import { gatherReportInput } from "../../src/app/use-cases/report-data.js";
import { AppError } from "../../src/core/errors.js";
import { diffManifestItems, manifestRoot } from "../../src/core/report-manifest.js";
import { buildReportModel } from "../../src/core/report-model.js";
import { signInActor } from "../support/actors.js";
import { describeEachDatabase } from "../support/databases.js";
import {
  addControl,
  addEvidence,
  addPopulation,
  addProgram,
  addSample,
  grid,
  newEngagement,
  ok,
  setUpWorld,
  type Tenancy,
  type World,
} from "./workpaper-fixture.js";

const rejects = async (p: Promise<unknown>, code: string, message?: RegExp): Promise<AppError> => {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).message).toMatch(message);
  return error as AppError;
};

describeEachDatabase("report data", (target) => {
  let w: World;
  let e: Tenancy;
  let partner: UserActor;
  let wp: string;
  let evidenceId: string;
  const request = { reportDate: "2027-02-15", version: 1, draft: true };

  beforeAll(async () => {
    w = await setUpWorld(target);
    partner = await signInActor(w.deps, w.tenant.users.partner.email);
    e = await newEngagement(w);
    const chg = await addControl(w.deps, e.org_id, "CHG-1", w.ids.owner);
    const iam = await addControl(w.deps, e.org_id, "IAM-1", w.ids.owner);
    await w.deps.db
      .updateTable("org_controls")
      .set({ description: "Every production change is approved by a second engineer." })
      .where("id", "=", chg)
      .execute();
    await addProgram(w.deps, e, [
      { controlId: chg, code: "CHG-1", criteria: ["CC8.1"] },
      { controlId: iam, code: "IAM-1", criteria: ["CC6.1"] },
    ]);
    const population = await addPopulation(w.deps, e, chg, 250);
    const sample = await addSample(w.deps, e, population, chg, 25);
    wp = (
      await ok(
        w.s.staff.request("POST", `/api/engagements/${e.id}/workpapers`, {
          controlId: chg,
          sampleId: sample,
        }),
        201,
      )
    ).workpaper.id as string;
    evidenceId = await addEvidence(w.deps, e.org_id, "b".repeat(64));
    const cells = grid(25, "pass", { "row-3:A1": "fail" }).map((c) =>
      c.itemKey === "row-1" ? { ...c, evidenceId } : c,
    );
    await ok(w.s.staff.request("PUT", `/api/workpapers/${wp}/results`, { cells }));
    const exc = (await ok(w.s.staff.request("GET", `/api/engagements/${e.id}/exceptions`))).exceptions[0]
      .id as string;
    await ok(
      w.s.staff.request("PATCH", `/api/exceptions/${exc}`, { classification: "isolated", cause: "Leave" }),
    );
    await ok(
      w.s.owner.request("POST", `/api/exceptions/${exc}/responses`, {
        response: "The approver was on leave.",
        remediation: "A deputy approver is now named.",
      }),
      201,
    );
    await ok(w.s.manager.request("POST", `/api/exceptions/${exc}/decision`, { decision: "accepted" }));
    await ok(
      w.s.staff.request("PATCH", `/api/workpapers/${wp}`, { conclusion: "effective-with-exceptions" }),
    );
    await ok(w.s.staff.request("POST", `/api/workpapers/${wp}/prepare`));
    await ok(w.s.manager.request("POST", `/api/workpapers/${wp}/review`));
  });
  afterAll(async () => w?.t.close());

  it("gathers a Type 2 draft with the tested control's deviation and response, the rest not completed", async () => {
    const input = await gatherReportInput(w.deps, partner, e.id, request);
    expect(input.firm.partner).toEqual({
      name: partner.name,
      licenceNumber: expect.stringMatching(/^CPA-/),
    });
    expect(input.engagement).toMatchObject({
      id: e.id,
      type: "type2",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
    });
    expect(input.criteria.some((c) => c.id === "CC8.1")).toBe(true);
    const [chg, iam] = input.controls;
    expect(chg).toMatchObject({
      code: "CHG-1",
      description: "Every production change is approved by a second engineer.",
      criteria: ["CC8.1"],
      deviations: [{ ref: "EXC-001", deviations: 1, tested: 25, classification: "isolated" }],
    });
    expect(chg?.tests).toEqual([
      expect.objectContaining({ method: "inquiry", populationSize: null, sampleSize: null }),
      expect.objectContaining({
        method: "inspection",
        populationSize: 250,
        sampleSize: 25,
        deviationRefs: ["EXC-001"],
      }),
    ]);
    expect(iam).toMatchObject({ code: "IAM-1", testingNotCompleted: true });
    expect(iam?.tests).toBeUndefined();
    expect(input.managementResponses).toEqual([
      {
        deviationRef: "EXC-001",
        response: "The approver was on leave. A deputy approver is now named.",
        respondent: (await signInActor(w.deps, w.tenant.users.control_owner.email)).name,
      },
    ]);
    // No decision yet: the draft carries the advice (adverse: most criteria have no control here),
    // with the advice's reasons as its basis. The core builds a model from it.
    expect(input.opinion.kind).toBe("adverse");
    expect(input.opinion.basis).toMatch(/^Draft: the partner has not decided the opinion yet.*not met/);
    const model = buildReportModel(input);
    const controlBlocks = model.sections.flatMap((s) => s.blocks).filter((b) => b.kind === "control");
    expect(controlBlocks.find((b) => b.code === "IAM-1")?.tests?.[0]?.result).toBe(
      "Testing not completed at the date of this draft.",
    );
    expect(model.cover.lines.join(" ")).toMatch(/Testing of 1 of 2 controls is not completed/);
  });

  it("refuses a final report while a control is untested, naming it", async () => {
    await rejects(
      gatherReportInput(w.deps, partner, e.id, { ...request, draft: false }),
      "VALIDATION",
      /IAM-1/,
    );
  });

  it("uses the partner's latest decision once recorded", async () => {
    const basis = "Most criteria are not addressed by any control in scope.";
    await ok(
      w.s.partner.request("POST", `/api/engagements/${e.id}/opinion`, { opinion: "adverse", basis }),
      201,
    );
    const input = await gatherReportInput(w.deps, partner, e.id, request);
    expect(input.opinion).toEqual({ kind: "adverse", basis });
  });

  it("is NOT_FOUND for another firm and refused to the client", async () => {
    const other = await signInActor(w.deps, w.other.users.partner.email);
    await rejects(gatherReportInput(w.deps, other, e.id, request), "NOT_FOUND");
    const client = await signInActor(w.deps, w.tenant.users.org_admin.email);
    await rejects(gatherReportInput(w.deps, client, e.id, request), "FORBIDDEN");
  });

  it("lists evidence, population, sample and workpaper hashes; a changed result changes the workpaper's", async () => {
    const before = await collectManifestItems(w.deps.db, e.id);
    expect(before.map((i) => i.kind).sort()).toEqual(["evidence", "population", "sample", "workpaper"]);
    expect(before.find((i) => i.kind === "evidence")).toEqual({
      kind: "evidence",
      id: evidenceId,
      sha256: "b".repeat(64),
    });
    expect(before.find((i) => i.kind === "population")?.sha256).toBe("a".repeat(64));
    // Deterministic: the same rows give the same items.
    expect(manifestRoot(await collectManifestItems(w.deps.db, e.id))).toBe(manifestRoot(before));
    await w.deps.db
      .updateTable("test_results")
      .set({ result: "pass" })
      .where("workpaper_id", "=", wp)
      .where("item_key", "=", "row-3")
      .where("attribute_id", "=", "A1")
      .execute();
    const after = await collectManifestItems(w.deps.db, e.id);
    expect(diffManifestItems(before, after)).toEqual([
      expect.objectContaining({ kind: "workpaper", id: wp, problem: "changed" }),
    ]);
  });
});
