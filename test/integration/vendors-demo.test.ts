/**
 * The demo vendor register loads through the use-cases on a client with the demo's engagement and
 * its two subservice organizations: a dozen vendors, AWS and Okta linked as carve-out subservice
 * organizations, AWS warned of its period gap, Okta's CUEC accepted as a control, one scored
 * questionnaire.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadVendorsDemo } from "../../src/app/demo-vendors.js";
import { addSubserviceOrg } from "../../src/app/use-cases/engagements.js";
import { signInActor } from "../support/actors.js";
import { describeEachDatabase } from "../support/databases.js";
import type { Json } from "../support/http.js";
import { type VendorWorld, vendorWorld } from "./vendors-support.js";

describeEachDatabase("vendor demo data", (target) => {
  let w: VendorWorld;
  beforeAll(async () => {
    w = await vendorWorld(target);
    const deps = w.t.context.deps;
    const manager = await signInActor(deps, w.tenant.users.engagement_manager.email);
    await addSubserviceOrg(deps, manager, w.engagementId, {
      name: "Okta",
      service: "Workforce identity",
      method: "carve-out",
    });
    await loadVendorsDemo(deps, {
      orgId: w.tenant.orgId,
      orgAdmin: await signInActor(deps, w.tenant.users.org_admin.email),
      controlOwner: await signInActor(deps, w.tenant.users.control_owner.email),
    });
  });
  afterAll(async () => {
    await w?.t.close();
  });

  it("shows a dozen vendors with the AWS period gap and the subservice organizations linked", async () => {
    const list = (await w.s.admin.request("GET", `/api/organizations/${w.tenant.orgId}/vendors`)).json();
    expect(list.vendors).toHaveLength(12);
    const byName = new Map<string, Json>(list.vendors.map((v: Json) => [v.name, v]));
    expect(byName.get("Amazon Web Services").warnings[0].message).toMatch(
      /Period gap: the report ends 9 months/,
    );
    expect(byName.get("Okta").warnings).toEqual([]);
    expect(byName.get("Sandesh SMS Gateway").warnings[0].code).toBe("stale");
    expect(
      list.vendors.filter((v: Json) => v.subserviceMethod === "carve-out").map((v: Json) => v.name),
    ).toEqual(["Amazon Web Services", "Okta"]);
    const controls = (await w.s.admin.request("GET", `/api/organizations/${w.tenant.orgId}/controls`)).json();
    expect((controls.controls ?? controls).map((c: Json) => c.code)).toContain("CUEC-OKTA-01");
    const kyc = (
      await w.s.admin.request("GET", `/api/vendors/${byName.get("VeriKYC Technologies").id}`)
    ).json();
    expect(kyc.questionnaires[0]).toMatchObject({ status: "scored", reviewerRating: "medium" });
    expect(kyc.questionnaires[0].computedScore).toBeGreaterThan(80);
  });
});
