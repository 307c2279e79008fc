/**
 * The demo risk register loads through the use-cases on both databases: fifteen risks, an approved
 * acceptance, the approved 2025 assessment with its evidence and the 2026 draft showing movement.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadRisksDemo } from "../../src/app/demo-risks.js";
import { listRiskAssessments } from "../../src/app/use-cases/risk-assessments.js";
import { listRisks, myRiskTasks } from "../../src/app/use-cases/risks.js";
import { signInActor } from "../support/actors.js";
import { createTestApp, seedTenant, signIn, type TestApp } from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";

describeEachDatabase("risk register demo", (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(async () => t?.close());

  it("loads a register with an accepted risk, an approved 2025 assessment and a 2026 draft", async () => {
    const tenant = await seedTenant(t, "rdemo");
    const admin = await signIn(t.app, tenant.users.org_admin);
    const libraryIds = [
      "RSK-01",
      "RSK-02",
      "RSK-03",
      "RSK-05",
      "BCP-01",
      "BCP-04",
      "BCP-06",
      "AVL-02",
      "AVL-03",
    ];
    expect(
      (await admin.request("POST", `/api/organizations/${tenant.orgId}/controls/adopt`, { libraryIds }))
        .status,
    ).toBe(200);
    const deps = t.context.deps;
    const orgAdmin = await signInActor(deps, tenant.users.org_admin.email);
    const controlOwner = await signInActor(deps, tenant.users.control_owner.email);
    await loadRisksDemo(deps, { orgId: tenant.orgId, orgAdmin, controlOwner });

    const { risks } = await listRisks(deps, orgAdmin, tenant.orgId, { basis: "residual" });
    expect(risks).toHaveLength(15);
    expect(risks.filter((r) => r.status === "closed")).toHaveLength(1);
    const accepted = risks.find((r) => r.treatment === "accept");
    expect(accepted?.acceptance).toMatchObject({ approver: { id: orgAdmin.userId }, expired: false });
    expect(accepted?.acceptance?.approvedAt).not.toBeNull();
    expect(risks.some((r) => r.treatment === "transfer" && r.transferTo)).toBe(true);
    expect(risks.filter((r) => r.fraud).length).toBeGreaterThanOrEqual(3);
    const list = await listRiskAssessments(deps, orgAdmin, tenant.orgId);
    expect(list.assessments.map((a) => [a.year, a.status])).toEqual([
      [2026, "draft"],
      [2025, "approved"],
    ]);
    expect(list.sinceLastApproved?.counts).toEqual({ new: 1, closed: 1, up: 1, down: 2 });
    const tasks = await myRiskTasks(deps, controlOwner, tenant.orgId);
    expect(tasks.tasks.filter((x) => x.kind === "review_overdue")).toHaveLength(2);
  });
});
