/**
 * The demo access reviews load through the use-cases into an organization with the demo's two
 * reviewers: a signed-off Q2 campaign with two closed revocations and evidence, and an open Q3
 * campaign over AWS, GitHub and Okta, partly decided, with work left for both reviewers.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { systemActor } from "../../src/app/actor.js";
import { loadAccessReviewsDemo } from "../../src/app/demo-access-reviews.js";
import { demoActor } from "../../src/app/demo-actor.js";
import { getAccessReview } from "../../src/app/use-cases/access-review-view.js";
import { listAccessReviews } from "../../src/app/use-cases/access-reviews.js";
import { grantRole } from "../../src/app/use-cases/tenants.js";
import { createTestApp, PASSWORD, seedTenant, type TestApp } from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";

describeEachDatabase("access review demo data", (target) => {
  let t: TestApp;
  let orgId: string;
  beforeAll(async () => {
    t = await createTestApp(target);
    const tenant = await seedTenant(t, "ardemo");
    orgId = tenant.orgId;
    // The demo organization's only reviewers are Neha and Vikram.
    await t.context.deps.db
      .deleteFrom("memberships")
      .where("tenant_kind", "=", "org")
      .where("tenant_id", "=", orgId)
      .execute();
    for (const [email, name, role] of [
      ["compliance@paysetu.example", "Neha Kulkarni", "org_admin"],
      ["devops@paysetu.example", "Vikram Shah", "control_owner"],
    ] as const) {
      await grantRole(
        t.context.deps,
        systemActor("test"),
        "org",
        orgId,
        { firmId: tenant.firmId, orgId },
        { email, name, role, password: PASSWORD },
      );
    }
  });
  afterAll(async () => t?.close());

  it("loads a signed-off Q2 campaign and a partly decided Q3 campaign", async () => {
    const deps = t.context.deps;
    const orgAdmin = await demoActor(deps, "compliance@paysetu.example");
    const controlOwner = await demoActor(deps, "devops@paysetu.example");
    await loadAccessReviewsDemo(deps, { orgId, orgAdmin, controlOwner });
    const list = await listAccessReviews(deps, orgAdmin, orgId);
    const [q3, q2] = list.campaigns;
    expect(q2).toMatchObject({
      name: "Q2 FY 2026-27 user access review",
      status: "signed_off",
      openTasks: 0,
    });
    expect(q2?.signedOffAt?.slice(0, 10)).toBe("2026-10-03");
    expect(q2?.evidenceId).toEqual(expect.any(String));
    const q2Detail = await getAccessReview(deps, orgAdmin, q2?.id ?? "");
    expect(q2Detail.tasks.map((x) => [x.account, x.status])).toEqual([
      ["old-kyc-batch", "closed"],
      ["deepak.rao@paysetu.example", "closed"],
    ]);
    expect(q3).toMatchObject({ name: "Q3 FY 2026-27 user access review", status: "open" });
    const detail = await getAccessReview(deps, orgAdmin, q3?.id ?? "");
    expect(detail.systems.map((s) => s.name)).toEqual([
      "AWS production (ap-south-1)",
      "GitHub (paysetu org)",
      "Okta",
    ]);
    expect(detail.campaign.progress.decided).toBeGreaterThan(0);
    expect(detail.campaign.progress.percent).toBeLessThan(100);
    const pendingBy = (id: string) =>
      detail.entries.filter((e) => e.decision === null && e.reviewer?.id === id).length;
    expect(pendingBy(controlOwner.userId)).toBeGreaterThan(3);
    expect(pendingBy(orgAdmin.userId)).toBeGreaterThan(0);
    // Nobody is asked to review their own account.
    expect(
      detail.entries.filter((e) => e.email === "devops@paysetu.example").map((e) => e.reviewer?.id),
    ).toEqual([orgAdmin.userId]);
  });
});
