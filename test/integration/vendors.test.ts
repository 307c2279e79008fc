/**
 * The vendor register through the API on a fixed clock: create and edit with who may do what and
 * tenant isolation, review due dates by tier, assurance reports assessed against the engagement's
 * period (gap, staleness, opinion), a review that turns accepted CUECs into controls and stores
 * generated evidence, subservice organizations linked from scoping with their CSOCs for DC7, the
 * owners' task list, and the CSV / JSON export.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listCsocsForEngagement } from "../../src/app/use-cases/vendor-subservice.js";
import { describeEachDatabase } from "../support/databases.js";
import { expectError, type Json } from "../support/http.js";
import { AWS_REPORT, type VendorWorld, vendorWorld } from "./vendors-support.js";

describeEachDatabase("vendors", (target) => {
  let w: VendorWorld;
  let awsId: string;

  beforeAll(async () => {
    w = await vendorWorld(target);
  });
  afterAll(async () => {
    await w?.t.close();
  });

  const base = () => `/api/organizations/${w.tenant.orgId}/vendors`;
  const create = async (body: Record<string, unknown>, who = w.s.admin): Promise<Json> => {
    const res = await who.request("POST", base(), body);
    expect(res.status, JSON.stringify(res.json())).toBe(201);
    return res.json().vendor;
  };

  describe("the register", () => {
    it("creates a vendor with its review due date by tier and shows it in the list", async () => {
      const v = await create({
        name: "Amazon Web Services",
        service: "Cloud hosting in ap-south-1",
        dataCategories: ["Customer transaction data", "Merchant KYC documents"],
        personalData: true,
        tier: 1,
        ownerUserId: w.ids.admin,
        contractStart: "2024-04-01",
        dpaSignedOn: "2024-03-20",
      });
      awsId = v.id;
      expect(v).toMatchObject({
        tier: 1,
        status: "active",
        personalData: true,
        reviewDueOn: "2024-04-01",
        reviewOverdue: true,
        ownerName: expect.stringContaining("org_admin"),
        latestReport: null,
      });
      expect(v.warnings.map((x: Json) => x.code)).toEqual(["no_report"]);
      const low = await create({ name: "Canva", service: "Design tool", tier: 3 }, w.s.owner);
      expect(low.reviewDueOn).toBe("2026-11-27");
      expect(low.warnings).toEqual([]);
      const list = (await w.s.staff.request("GET", base())).json();
      expect(list.vendors.map((x: Json) => x.name)).toEqual(["Amazon Web Services", "Canva"]);
      expect(list.engagement).toMatchObject({ periodStart: "2026-04-01", periodEnd: "2027-03-31" });
      expect(list.permissions.canCreate).toBe(false);
      const filtered = (await w.s.admin.request("GET", `${base()}?tier=3`)).json();
      expect(filtered.vendors.map((x: Json) => x.name)).toEqual(["Canva"]);
      expect(filtered.permissions.canCreate).toBe(true);
      const searched = (await w.s.admin.request("GET", `${base()}?q=kyc`)).json();
      expect(searched.vendors.map((x: Json) => x.name)).toEqual(["Amazon Web Services"]);
    });

    it("refuses bad input, duplicates and people who may not write", async () => {
      expectError(
        await w.s.admin.request("POST", base(), { name: "X", service: "Y", tier: 4 }),
        400,
        "VALIDATION",
      );
      expectError(
        await w.s.admin.request("POST", base(), {
          name: "X",
          service: "Y",
          tier: 2,
          contractStart: "2026-05-01",
          contractEnd: "2026-04-01",
        }),
        400,
        "VALIDATION",
      );
      expectError(
        await w.s.admin.request("POST", base(), { name: "  amazon web   SERVICES ", service: "Y", tier: 2 }),
        409,
        "CONFLICT",
      );
      expectError(
        await w.s.admin.request("POST", base(), { name: "Z", service: "Y", tier: 2, ownerUserId: "nobody" }),
        400,
        "VALIDATION",
      );
      expectError(
        await w.s.staff.request("POST", base(), { name: "Z", service: "Y", tier: 2 }),
        403,
        "FORBIDDEN",
      );
      expectError(await w.s.employee.request("GET", base()), 403, "FORBIDDEN");
      expectError(await w.s.employee.request("GET", `/api/vendors/${awsId}`), 403, "FORBIDDEN");
    });

    it("hides one tenant's vendors from another", async () => {
      expectError(await w.s.otherAdmin.request("GET", base()), 404, "NOT_FOUND");
      expectError(await w.s.otherAdmin.request("GET", `/api/vendors/${awsId}`), 404, "NOT_FOUND");
      expectError(
        await w.s.otherAdmin.request("PATCH", `/api/vendors/${awsId}`, { tier: 2 }),
        404,
        "NOT_FOUND",
      );
      expectError(
        await w.s.otherAdmin.request("POST", `/api/vendors/${awsId}/reports`, AWS_REPORT),
        404,
        "NOT_FOUND",
      );
      expectError(await w.s.otherAdmin.request("GET", `${base()}/export?format=json`), 404, "NOT_FOUND");
    });

    it("edits a vendor and shows the change in its history", async () => {
      const res = await w.s.owner.request("PATCH", `/api/vendors/${awsId}`, {
        tier: 2,
        notes: "Enterprise support plan",
      });
      expect(res.status).toBe(200);
      expect(res.json().vendor).toMatchObject({ tier: 2, notes: "Enterprise support plan" });
      const back = await w.s.admin.request("PATCH", `/api/vendors/${awsId}`, { tier: 1 });
      expect(back.json().vendor.tier).toBe(1);
      const detail = (await w.s.manager.request("GET", `/api/vendors/${awsId}`)).json();
      const actions = detail.history.map((h: Json) => h.action);
      expect(actions).toEqual(["vendor.updated", "vendor.updated", "vendor.created"]);
      expect(detail.history[1].summary).toMatchObject({
        before: { tier: 1, notes: "" },
        after: { tier: 2, notes: "Enterprise support plan" },
      });
      expect(detail.permissions.canEdit).toBe(false);
    });
  });

  describe("assurance reports and reviews", () => {
    let reportId: string;
    let cuecIds: string[];

    it("assesses a report against the engagement's period and warns of the gap", async () => {
      const res = await w.s.admin.request("POST", `/api/vendors/${awsId}/reports`, AWS_REPORT);
      expect(res.status, JSON.stringify(res.json())).toBe(201);
      const report = res.json().report;
      reportId = report.id;
      cuecIds = report.cuecs.map((c: Json) => c.id);
      expect(report.assessment).toMatchObject({
        gapBeforeMonths: 0,
        gapAfterMonths: 9,
        gapAfterElapsedMonths: 5,
        overlapMonths: 3,
        stale: false,
        opinionModified: false,
      });
      const v = (await w.s.admin.request("GET", `/api/vendors/${awsId}`)).json().vendor;
      expect(v.latestReport).toMatchObject({ gapAfterMonths: 9, coveredTo: "2026-06-30" });
      expect(v.warnings).toHaveLength(1);
      expect(v.warnings[0].message).toMatch(/Period gap: the report ends 9 months before our period ends/);
      const warned = (await w.s.admin.request("GET", `${base()}?attention=warning`)).json();
      expect(warned.vendors.map((x: Json) => x.name)).toEqual(["Amazon Web Services"]);
    });

    it("refuses reports with impossible dates", async () => {
      for (const bad of [
        { ...AWS_REPORT, issueDate: "2026-12-01" },
        { ...AWS_REPORT, issueDate: "2026-06-01" },
        { ...AWS_REPORT, periodEnd: null },
        { ...AWS_REPORT, opinion: null },
      ]) {
        expectError(await w.s.admin.request("POST", `/api/vendors/${awsId}/reports`, bad), 400, "VALIDATION");
      }
      expectError(
        await w.s.admin.request("POST", `/api/vendors/${awsId}/reports`, {
          ...AWS_REPORT,
          evidenceId: "nope",
        }),
        404,
        "NOT_FOUND",
      );
    });

    it("turns accepted CUECs into controls and stores the review as evidence", async () => {
      const review = {
        reportId,
        outcome: "acceptable_with_actions",
        conclusion:
          "Report accepted; a bridge letter and the next report are needed for the rest of our period.",
        acceptedCuecs: [{ cuecId: cuecIds[0], criteria: ["CC6.1", "CC6.2"], frequency: "quarterly" }],
      };
      expectError(await w.s.owner.request("POST", `/api/vendors/${awsId}/reviews`, review), 403, "FORBIDDEN");
      expectError(
        await w.s.admin.request("POST", `/api/vendors/${awsId}/reviews`, {
          ...review,
          acceptedCuecs: [{ cuecId: "unknown", criteria: ["CC6.1"] }, { cuecId: cuecIds[1] }],
        }),
        400,
        "VALIDATION",
      );
      const res = await w.s.admin.request("POST", `/api/vendors/${awsId}/reviews`, review);
      expect(res.status, JSON.stringify(res.json())).toBe(201);
      const done = res.json().review;
      expect(done.acceptedCuecs).toEqual([
        expect.objectContaining({ code: "CUEC-AWS-01", criteria: ["CC6.1", "CC6.2"], created: true }),
      ]);
      expect(done.assessment.gapAfterMonths).toBe(9);

      const controls = (
        await w.s.admin.request("GET", `/api/organizations/${w.tenant.orgId}/controls`)
      ).json();
      const cuec = (controls.controls ?? controls).find((c: Json) => c.code === "CUEC-AWS-01");
      expect(cuec).toMatchObject({ domain: "vendors", criteria: ["CC6.1", "CC6.2"], frequency: "quarterly" });

      const detail = (await w.s.staff.request("GET", `/api/vendors/${awsId}`)).json();
      expect(detail.vendor).toMatchObject({
        lastReviewedOn: "2026-11-27",
        reviewDueOn: "2027-11-27",
        reviewOverdue: false,
      });
      expect(detail.reviews[0]).toMatchObject({
        outcome: "acceptable_with_actions",
        reviewedBy: { id: w.ids.admin },
      });
      const evidence = (
        await w.s.staff.request("GET", `/api/evidence/${detail.reviews[0].evidenceId}`)
      ).json();
      const item = evidence.item ?? evidence;
      expect(item).toMatchObject({ source: "generated", effectiveDate: "2026-11-27" });
      expect(item.controls.map((c: Json) => c.code)).toContain("CUEC-AWS-01");

      // A control owner may map a CUEC to an existing control.
      const mapped = await w.s.owner.request("POST", `/api/vendors/${awsId}/reviews`, {
        reportId,
        outcome: "acceptable",
        conclusion: "Encryption at rest is covered by our own control.",
        acceptedCuecs: [{ cuecId: cuecIds[1], controlId: cuec.id }],
      });
      expect(mapped.status, JSON.stringify(mapped.json())).toBe(201);
      expect(mapped.json().review.acceptedCuecs[0]).toMatchObject({ code: "CUEC-AWS-01", created: false });
    });
  });

  describe("subservice organizations", () => {
    it("links scoping's subservice organizations to vendors, creating the missing ones, idempotently", async () => {
      const { addSubserviceOrg } = await import("../../src/app/use-cases/engagements.js");
      const { signInActor } = await import("../support/actors.js");
      const manager = await signInActor(w.t.context.deps, w.tenant.users.engagement_manager.email);
      await addSubserviceOrg(w.t.context.deps, manager, w.engagementId, {
        name: "Okta",
        service: "Workforce identity",
        method: "inclusive",
      });
      const first = (await w.s.admin.request("POST", `${base()}/sync-subservice`)).json();
      expect(first).toEqual({ created: ["Okta"], linked: ["Amazon Web Services", "Okta"] });
      const again = (await w.s.admin.request("POST", `${base()}/sync-subservice`)).json();
      expect(again).toEqual({ created: [], linked: [] });
      const subs = (await w.s.admin.request("GET", `${base()}?subservice=yes`)).json().vendors;
      expect(subs.map((v: Json) => [v.name, v.subserviceMethod, v.tier])).toEqual([
        ["Amazon Web Services", "carve-out", 1],
        ["Okta", "inclusive", 1],
      ]);
      await w.s.admin.request("PATCH", `/api/vendors/${awsId}`, {
        csocs: [{ text: "AWS restricts physical access to its data centres.", criteria: ["CC6.4"] }],
      });
      const csocs = await listCsocsForEngagement(w.t.context.deps, {
        id: w.engagementId,
        org_id: w.tenant.orgId,
      });
      expect(csocs.map((c) => [c.name, c.csocs.length])).toEqual([
        ["Amazon Web Services", 1],
        ["Okta", 0],
      ]);
      expectError(await w.s.otherAdmin.request("POST", `${base()}/sync-subservice`), 404, "NOT_FOUND");
    });
  });

  describe("owners' tasks and export", () => {
    it("lists the signed-in owner's open vendor tasks", async () => {
      const mine = (await w.s.admin.request("GET", `${base()}/my-tasks`)).json().tasks;
      expect(mine.map((x: Json) => x.kind)).toContain("period_gap");
      expect(mine.every((x: Json) => x.vendorName === "Amazon Web Services")).toBe(true);
      const owner = (await w.s.owner.request("GET", `${base()}/my-tasks`)).json().tasks;
      expect(owner).toEqual([]);
      expectError(await w.s.staff.request("GET", `${base()}/my-tasks`), 403, "FORBIDDEN");
    });

    it("exports the register as CSV (formulas defused) and JSON", async () => {
      await w.s.admin.request("POST", base(), { name: '=HYPERLINK("http://x")', service: "Odd", tier: 3 });
      const csv = await w.t.app.inject({
        method: "GET",
        url: `${base()}/export?format=csv`,
        headers: { cookie: w.s.staff.cookie },
      });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers["content-type"]).toMatch(/text\/csv/);
      expect(csv.headers["content-disposition"]).toMatch(/vendors-2026-11-27\.csv/);
      const lines = csv.body.replace(/^\uFEFF/, "").split("\r\n");
      expect(lines[0]).toMatch(/^Name,Service,Tier,Status/);
      expect(lines.some((l) => l.startsWith("Amazon Web Services,") && l.includes("SOC 2 Type 2"))).toBe(
        true,
      );
      expect(csv.body).toContain('"\'=HYPERLINK(""http://x"")"');
      const json = await w.s.manager.request("GET", `${base()}/export?format=json`);
      expect(json.status).toBe(200);
      expect(json.json().vendors.map((v: Json) => v.name)).toContain("Okta");
    });
  });
});
