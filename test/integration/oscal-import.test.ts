/**
 * OSCAL import through the API on both databases: NIST SP 800-53 rev 5 (an excerpt) as a catalog,
 * then the LOW baseline profile resolved to it by its href, list and view with their controls, a
 * component definition recorded as a vendor's CSOCs (and replaced on re-import), invalid documents
 * refused with the JSON path of the first problem, size and media-type limits, who may do what, and
 * tenant isolation.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

const text = (name: string) => readFileSync(new URL(`../fixtures/oscal/${name}`, import.meta.url), "utf8");
const CATALOG = "nist-800-53-rev5-excerpt.json";
const PROFILE = "nist-800-53-rev5-low-excerpt-profile.json";
const COMPONENT = "vendor-component-definition.json";
const doc = (name: string): Json => JSON.parse(text(name));

describeEachDatabase("OSCAL import", (target) => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let admin: Session;
  let owner: Session;
  let staff: Session;
  let employee: Session;
  let otherAdmin: Session;
  let catalogId: string;
  let profileId: string;
  let vendorId: string;

  const importUrl = (query = "", orgId = tenant.orgId) => `/api/organizations/${orgId}/oscal/import${query}`;
  const raw = (who: Session, url: string, payload: string, type = "application/json") =>
    t.app.inject({
      method: "POST",
      url,
      headers: { cookie: who.cookie, "x-csrf-token": who.csrf, "content-type": type },
      payload,
    });

  beforeAll(async () => {
    t = await createTestApp(target);
    tenant = await seedTenant(t, "osc");
    other = await seedTenant(t, "oscother");
    admin = await signIn(t.app, tenant.users.org_admin);
    owner = await signIn(t.app, tenant.users.control_owner);
    staff = await signIn(t.app, tenant.users.staff_auditor);
    employee = await signIn(t.app, tenant.users.employee);
    otherAdmin = await signIn(t.app, other.users.org_admin);
    const v = await admin.request("POST", `/api/organizations/${tenant.orgId}/vendors`, {
      name: "Kavach Cloud Logging",
      service: "Log collection and retention",
      tier: 2,
      subserviceMethod: "carve-out",
      csocs: [{ text: "Kavach reports breaches affecting our logs within 24 hours.", criteria: ["CC7.3"] }],
    });
    expect(v.status, JSON.stringify(v.json())).toBe(201);
    vendorId = v.json().vendor.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  describe("catalog and profile", () => {
    it("imports the NIST SP 800-53 rev 5 excerpt as a catalog with its controls", async () => {
      const res = await raw(owner, importUrl("?sourceName=NIST_SP-800-53_rev5_catalog.json"), text(CATALOG));
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(body.model).toBe("catalog");
      expect(body.framework).toMatchObject({
        kind: "catalog",
        oscalUuid: "c9a1a8b0-3f57-4d0e-9a4e-6b3c1f2d5e01",
        version: "5.1.1",
        controlCount: 30,
        sourceName: "NIST_SP-800-53_rev5_catalog.json",
        catalogId: null,
      });
      expect(body.framework.sha256).toMatch(/^[0-9a-f]{64}$/);
      catalogId = body.framework.id;
      const view = (await staff.request("GET", `/api/imported-frameworks/${catalogId}`)).json();
      expect(view.controls).toHaveLength(30);
      expect(view.controls[2]).toEqual({
        id: "ac-2.1",
        label: "AC-2(1)",
        title: "Automated System Account Management",
        class: "SP800-53-enhancement",
        groupId: "ac",
        groupTitle: "Access Control",
        parentId: "ac-2",
      });
    });

    it("refuses the same catalog twice", async () => {
      expectError(await admin.request("POST", importUrl(), doc(CATALOG)), 409, "CONFLICT");
    });

    it("imports the LOW baseline profile, resolving its href to the imported catalog", async () => {
      const res = await admin.request("POST", importUrl(), doc(PROFILE));
      expect(res.status, JSON.stringify(res.json())).toBe(201);
      const { framework } = res.json();
      expect(framework).toMatchObject({ kind: "profile", catalogId, controlCount: 22 });
      profileId = framework.id;
      const view = (await staff.request("GET", `/api/imported-frameworks/${profileId}`)).json();
      expect(view.catalog).toEqual({ id: catalogId, title: expect.stringContaining("NIST SP 800-53") });
      const ids = view.controls.map((c: Json) => c.id);
      expect(ids.slice(0, 4)).toEqual(["ac-1", "ac-2", "ac-3", "ac-7"]);
      expect(ids).toContain("ia-2.1");
      expect(ids).not.toContain("ac-6");
    });

    it("refuses a profile whose catalog is not imported, naming the href's path", async () => {
      const p = doc(PROFILE);
      p.profile.uuid = "0b0e6a52-9a4f-4d38-9c61-4c1b1b3f3b11";
      const err = expectError(
        await otherAdmin.request("POST", importUrl("", other.orgId), p),
        400,
        "VALIDATION",
      );
      expect(err.details[0].path).toBe("/profile/imports/0/href");
    });

    it("refuses a profile selecting controls the catalog lacks", async () => {
      const p = doc(PROFILE);
      p.profile.uuid = "5d8f4c7e-1b2a-4e3f-8a9b-0c1d2e3f4a5b";
      p.profile.imports[0]["include-controls"][0]["with-ids"].push("zz-9");
      const err = expectError(
        await admin.request("POST", importUrl(`?catalogId=${catalogId}`), p),
        400,
        "VALIDATION",
      );
      expect(err.message).toContain("zz-9");
      expect(err.details[0].path).toBe("/profile/imports/0");
    });

    it("lists the organization's imported frameworks for its users and its auditors", async () => {
      for (const who of [admin, staff]) {
        const list = (
          await who.request("GET", `/api/organizations/${tenant.orgId}/imported-frameworks`)
        ).json();
        expect(list.frameworks.map((f: Json) => [f.kind, f.controlCount])).toEqual([
          ["catalog", 30],
          ["profile", 22],
        ]);
      }
      const mine = (
        await admin.request("GET", `/api/organizations/${tenant.orgId}/imported-frameworks`)
      ).json();
      expect(mine.permissions.canImport).toBe(true);
      const theirs = (
        await staff.request("GET", `/api/organizations/${tenant.orgId}/imported-frameworks`)
      ).json();
      expect(theirs.permissions.canImport).toBe(false);
    });
  });

  describe("component definition", () => {
    it("records the implemented requirements as the vendor's CSOCs, keeping hand-written ones", async () => {
      const res = await raw(
        owner,
        importUrl(`?vendorId=${vendorId}`),
        text(COMPONENT),
        "application/oscal+json",
      );
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(body.model).toBe("component-definition");
      expect(body.componentDefinition).toMatchObject({ vendorId, imported: 3, replacedEarlierImport: false });
      const vendor = (await staff.request("GET", `/api/vendors/${vendorId}`)).json().vendor;
      expect(vendor.csocs.map((c: Json) => c.criteria)).toEqual([
        ["CC7.3"],
        ["CC7.2"],
        [],
        ["CC6.1", "CC6.3"],
      ]);
      expect(vendor.csocs[1].text).toMatch(/^Kavach Cloud Logging — au-9: Kavach stores ingested logs/);
    });

    it("replaces its own CSOCs when the same definition is imported again", async () => {
      const d = doc(COMPONENT);
      d["component-definition"].components[0]["control-implementations"][0]["implemented-requirements"].pop();
      const res = await admin.request("POST", importUrl(`?vendorId=${vendorId}`), d);
      expect(res.status, JSON.stringify(res.json())).toBe(201);
      expect(res.json().componentDefinition).toMatchObject({ imported: 2, replacedEarlierImport: true });
      const vendor = (await admin.request("GET", `/api/vendors/${vendorId}`)).json().vendor;
      expect(vendor.csocs).toHaveLength(3);
      const list = (
        await admin.request("GET", `/api/organizations/${tenant.orgId}/imported-frameworks`)
      ).json();
      expect(list.componentDefinitions).toEqual([
        expect.objectContaining({ vendorId, vendorName: "Kavach Cloud Logging", csocCount: 2 }),
      ]);
    });

    it("needs a vendor of the organization", async () => {
      expectError(await admin.request("POST", importUrl(), doc(COMPONENT)), 400, "VALIDATION");
      const foreign = await otherAdmin.request(
        "POST",
        importUrl(`?vendorId=${vendorId}`, other.orgId),
        doc(COMPONENT),
      );
      expectError(foreign, 404, "NOT_FOUND");
      expectError(
        await admin.request("POST", importUrl(`?vendorId=${vendorId}`), doc(CATALOG)),
        400,
        "VALIDATION",
      );
    });
  });

  describe("invalid documents", () => {
    it("names the JSON path of the first problem", async () => {
      const d = doc(CATALOG);
      d.catalog.uuid = "7e1c9a3f-0000-4000-8000-000000000001";
      d.catalog.groups[0].controls[3].id = "AC 5";
      const err = expectError(await admin.request("POST", importUrl(), d), 400, "VALIDATION");
      expect(err.details[0].path).toBe("/catalog/groups/0/controls/3/id");
      const missing = doc(COMPONENT);
      delete missing["component-definition"].components[0].title;
      const err2 = expectError(
        await admin.request("POST", importUrl(`?vendorId=${vendorId}`), missing),
        400,
        "VALIDATION",
      );
      expect(err2.details[0]).toEqual({
        path: "/component-definition/components/0",
        message: 'must have the property "title"',
      });
    });

    it("refuses models it does not import, non-OSCAL JSON, non-JSON and oversized bodies", async () => {
      expectError(
        await admin.request("POST", importUrl(), { "system-security-plan": {} }),
        400,
        "VALIDATION",
      );
      const notOscal = expectError(
        await admin.request("POST", importUrl(), { hello: "world" }),
        400,
        "VALIDATION",
      );
      expect(notOscal.details[0].path).toBe("");
      expectError(await admin.request("POST", importUrl(), [1, 2, 3]), 400, "VALIDATION");
      const bad = await raw(admin, importUrl(), "{ not json");
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe("VALIDATION");
      const badOscal = await raw(admin, importUrl(), "{ not json", "application/oscal+json");
      expect(badOscal.statusCode).toBe(400);
      const big = await raw(
        admin,
        importUrl(),
        JSON.stringify({ catalog: { pad: "x".repeat(21 * 1024 * 1024) } }),
      );
      expect(big.statusCode).toBe(413);
      expect(big.json().error.code).toBe("PAYLOAD_TOO_LARGE");
    });
  });

  describe("access and isolation", () => {
    it("lets only the organization's admins and control owners import", async () => {
      expectError(await staff.request("POST", importUrl(), doc(CATALOG)), 403, "FORBIDDEN");
      expectError(await employee.request("POST", importUrl(), doc(CATALOG)), 403, "FORBIDDEN");
      expectError(
        await employee.request("GET", `/api/organizations/${tenant.orgId}/imported-frameworks`),
        403,
        "FORBIDDEN",
      );
    });

    it("answers 404 for another tenant's organization and frameworks", async () => {
      expectError(await otherAdmin.request("POST", importUrl(), doc(CATALOG)), 404, "NOT_FOUND");
      expectError(
        await otherAdmin.request("GET", `/api/organizations/${tenant.orgId}/imported-frameworks`),
        404,
        "NOT_FOUND",
      );
      expectError(await otherAdmin.request("GET", `/api/imported-frameworks/${catalogId}`), 404, "NOT_FOUND");
      expectError(await otherAdmin.request("GET", `/api/imported-frameworks/${profileId}`), 404, "NOT_FOUND");
      expectError(await otherAdmin.request("GET", "/api/imported-frameworks/no-such-id"), 404, "NOT_FOUND");
      // The other tenant can import the same catalog for itself: uuids are unique per organization.
      const theirs = await otherAdmin.request("POST", importUrl("", other.orgId), doc(CATALOG));
      expect(theirs.status).toBe(201);
      // Imported without its file name, the catalog is found as the only one holding every selected id.
      const profile = await otherAdmin.request("POST", importUrl("", other.orgId), doc(PROFILE));
      expect(profile.status, JSON.stringify(profile.json())).toBe(201);
      expect(profile.json().framework.catalogId).toBe(theirs.json().framework.id);
      expectError(
        await admin.request("GET", `/api/imported-frameworks/${theirs.json().framework.id}`),
        404,
        "NOT_FOUND",
      );
    });
  });
});
