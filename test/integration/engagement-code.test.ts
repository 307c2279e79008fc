/**
 * Engagement as code through the API: export as fieldwork/v1 YAML, import into a fresh
 * organization (the firm creates the engagement from the file, the organization's admin applies
 * its controls, policies and description) and export again to the identical YAML; who may do what;
 * unknown owners and broken files refused with the path of the problem; tenant isolation.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Deps } from "../../src/app/deps.js";
import {
  adoptControls,
  createControl,
  listControls,
  updateControl,
} from "../../src/app/use-cases/controls.js";
import { addSubserviceOrg, createEngagement } from "../../src/app/use-cases/engagements.js";
import { createPolicy } from "../../src/app/use-cases/policies.js";
import { saveSystemDescription } from "../../src/app/use-cases/system-description.js";
import { CONTROL_LIBRARY } from "../../src/catalog/control-library.js";
import { findUserByEmail } from "../../src/db/repositories/users.js";
import { signInActor } from "../support/actors.js";
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

describeEachDatabase("engagement as code", (target) => {
  let t: TestApp;
  let deps: Deps;
  let a: TestTenant;
  let b: TestTenant;
  let sourceId: string;
  const s: Record<string, Session> = {};

  const getYaml = async (session: Session, url: string) => {
    const res = await t.app.inject({ method: "GET", url, headers: { cookie: session.cookie } });
    return {
      status: res.statusCode,
      body: res.body,
      type: String(res.headers["content-type"]),
      json: () => res.json() as Json,
    };
  };
  const postYaml = async (session: Session, url: string, text: string, contentType = "application/yaml") => {
    const res = await t.app.inject({
      method: "POST",
      url,
      headers: { cookie: session.cookie, "x-csrf-token": session.csrf, "content-type": contentType },
      payload: text,
    });
    return { status: res.statusCode, json: () => res.json() as Json };
  };
  /** Tenant A's e-mail addresses replaced by tenant B's people in the same roles. */
  const toB = (yaml: string) =>
    (["org_admin", "control_owner", "employee"] as const).reduce(
      (text, role) => text.replaceAll(a.users[role].email, b.users[role].email),
      yaml,
    );

  beforeAll(async () => {
    t = await createTestApp(target);
    deps = t.context.deps;
    a = await seedTenant(t, "code-a");
    b = await seedTenant(t, "code-b");
    for (const [key, tenant] of [
      ["a", a],
      ["b", b],
    ] as const) {
      for (const role of [
        "engagement_manager",
        "staff_auditor",
        "org_admin",
        "control_owner",
        "employee",
      ] as const) {
        s[`${key}.${role}`] = await signIn(t.app, tenant.users[role]);
      }
    }
    const manager = await signInActor(deps, a.users.engagement_manager.email);
    const admin = await signInActor(deps, a.users.org_admin.email);
    ({ id: sourceId } = await createEngagement(deps, manager, a.orgId, {
      name: "Paysetu SOC 2 Type 2 FY 2026-27",
      type: "type2",
      periodStart: "2026-04-01",
      periodEnd: "2027-03-31",
      firstReport: true,
      categories: ["CC", "A", "C"],
      boundary: {
        services: ["UPI merchant payments", 'Payment links: "Pay-by-link"'],
        infrastructure: ["AWS ap-south-1 (Mumbai)", "EKS: payments-prod"],
        locations: ["Bengaluru office", "Pune DR site"],
        handles: {
          personalData: true,
          transactionProcessing: true,
          uptimeCommitments: true,
          confidentialClientData: false,
        },
      },
    }));
    const aws = await addSubserviceOrg(deps, manager, sourceId, {
      name: "Amazon Web Services",
      service: "Hosting in ap-south-1",
      method: "carve-out",
    });
    await addSubserviceOrg(deps, manager, sourceId, {
      name: "Razorpay",
      service: "Card acquiring # settlement",
      method: "inclusive",
    });
    await adoptControls(deps, admin, a.orgId, { libraryIds: CONTROL_LIBRARY.slice(0, 4).map((c) => c.id) });
    const owner = await findUserByEmail(deps.db, a.users.control_owner.email);
    await createControl(deps, admin, a.orgId, {
      title: "RBI payment data localisation",
      description:
        "Payment system data is stored only in India: ap-south-1 and the Pune DR site.\nReviewed: quarterly.",
      domain: "assets",
      criteria: ["CC6.1", "C1.1"],
      frequency: "quarterly",
      automation: "manual",
      evidence: ["AWS Config conformance report"],
      attributes: ["All buckets in ap-south-1"],
      ownerUserId: owner!.id,
    });
    const [first] = await listControls(deps, admin, a.orgId);
    await updateControl(deps, admin, first!.id, { status: "implemented", ownerUserId: owner!.id });
    await createPolicy(deps, admin, a.orgId, { templateId: "access-control" });
    await createPolicy(deps, admin, a.orgId, { title: "UPI dispute handling", reviewCycleMonths: 6 });
    await saveSystemDescription(deps, admin, sourceId, {
      revision: 0,
      content: {
        services: "Paysetu runs UPI and card payment acceptance for 40,000 Indian merchants.",
        noIncidents: true,
        cuecs: [{ text: "Merchants protect their API keys.", criteria: ["CC6.1"] }],
        subservice: [
          {
            subserviceId: aws.id,
            csocs: [{ text: "AWS restricts data centre access.", criteria: ["CC6.4"] }],
            monitoring: "Annual SOC 2 review",
            reportType: "soc2-type2",
            reportPeriodStart: "2025-10-01",
            reportPeriodEnd: "2026-09-30",
          },
        ],
      },
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it("exports the engagement as fieldwork/v1 YAML for the firm's team and the organization's admin", async () => {
    const res = await getYaml(s["a.staff_auditor"]!, `/api/engagements/${sourceId}/code.yaml`);
    expect(res.status).toBe(200);
    expect(res.type).toContain("application/yaml");
    expect(res.body).toContain("version: fieldwork/v1");
    expect(res.body).toContain("name: Paysetu SOC 2 Type 2 FY 2026-27");
    expect(res.body).toContain(`owner: ${a.users.control_owner.email}`);
    expect(res.body).toContain("subservice: Amazon Web Services");
    expect(res.body).toMatch(/frameworks:/);
    const admin = await getYaml(s["a.org_admin"]!, `/api/engagements/${sourceId}/code.yaml`);
    expect(admin.body).toBe(res.body);
    expectError(await getYaml(s["a.employee"]!, `/api/engagements/${sourceId}/code.yaml`), 403, "FORBIDDEN");
    expectError(
      await getYaml(s["b.engagement_manager"]!, `/api/engagements/${sourceId}/code.yaml`),
      404,
      "NOT_FOUND",
    );
  });

  it("round-trips: imported into a fresh organization, the export is identical", async () => {
    const exported = (await getYaml(s["a.engagement_manager"]!, `/api/engagements/${sourceId}/code.yaml`))
      .body;
    const file = toB(exported);
    const created = await postYaml(
      s["b.engagement_manager"]!,
      `/api/organizations/${b.orgId}/engagements/import-yaml`,
      file,
    );
    expect(created.status).toBe(201);
    const first = created.json();
    expect(first.applied).toEqual(["engagement", "subserviceOrganizations"]);
    expect(first.skipped.map((x: Json) => x.section)).toEqual(["controls", "policies", "systemDescription"]);
    const url = `/api/organizations/${b.orgId}/engagements/import-yaml?engagementId=${first.engagementId}`;
    const applied = await postYaml(s["b.org_admin"]!, url, file, "text/plain");
    expect(applied.status).toBe(200);
    expect(applied.json()).toMatchObject({
      applied: ["controls", "policies", "systemDescription"],
      skipped: [],
    });
    expect(applied.json().controls.created).toHaveLength(5);
    const again = (await getYaml(s["b.org_admin"]!, `/api/engagements/${first.engagementId}/code.yaml`)).body;
    expect(again).toBe(file);
    // Importing the same file again changes nothing.
    const noop = (await postYaml(s["b.org_admin"]!, url, file)).json();
    expect(noop.applied).toEqual([]);
    expect(noop.unchanged).toEqual([
      "engagement",
      "subserviceOrganizations",
      "controls",
      "policies",
      "systemDescription",
    ]);
    const events = await deps.db
      .selectFrom("audit_events")
      .select(["action"])
      .where("engagement_id", "=", first.engagementId)
      .execute();
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        "engagement.created",
        "controls.imported",
        "policies.imported",
        "system_description.updated",
        "engagement.code_imported",
      ]),
    );
  });

  it("applies a changed control and reports the scope change it may not make", async () => {
    const exported = (await getYaml(s["a.org_admin"]!, `/api/engagements/${sourceId}/code.yaml`)).body;
    const changed = exported
      .replace("title: RBI payment data localisation", "title: RBI and DPDP data localisation")
      .replace("periodEnd: 2027-03-31", "periodEnd: 2027-02-28");
    const res = await postYaml(
      s["a.org_admin"]!,
      `/api/organizations/${a.orgId}/engagements/import-yaml?engagementId=${sourceId}`,
      changed,
    );
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.applied).toEqual(["controls"]);
    expect(body.controls.updated).toEqual(["ORG-01"]);
    expect(body.skipped).toEqual([{ section: "engagement", reason: expect.stringContaining("period_end") }]);
    const after = (await getYaml(s["a.org_admin"]!, `/api/engagements/${sourceId}/code.yaml`)).body;
    expect(after).toContain("title: RBI and DPDP data localisation");
    expect(after).toContain("periodEnd: 2027-03-31");
  });

  it("refuses unknown owners and broken files with the path of the problem, writing nothing", async () => {
    const exported = (await getYaml(s["a.org_admin"]!, `/api/engagements/${sourceId}/code.yaml`)).body;
    const url = `/api/organizations/${b.orgId}/engagements/import-yaml`;
    const unknown = expectError(await postYaml(s["b.engagement_manager"]!, url, exported), 400, "VALIDATION");
    expect(unknown.details[0].path).toMatch(/^controls\[\d+\]\.owner$/);
    expect(unknown.message).toContain(a.users.control_owner.email);
    const syntax = expectError(
      await postYaml(s["b.engagement_manager"]!, url, "version: fieldwork/v1\nengagement: [\n"),
      400,
      "VALIDATION",
    );
    expect(syntax.message).toMatch(/line \d+:\d+/);
    const schema = expectError(
      await postYaml(
        s["b.engagement_manager"]!,
        url,
        toB(exported).replace("frequency: quarterly", "frequency: fortnightly"),
      ),
      400,
      "VALIDATION",
    );
    expect(schema.details[0].path).toMatch(/^controls\[\d+\]\.frequency$/);
    const count = await deps.db
      .selectFrom("engagements")
      .select("id")
      .where("org_id", "=", b.orgId)
      .execute();
    expect(count).toHaveLength(1); // only the round-trip's
  });

  it("leaves creating engagements to the firm and isolates tenants", async () => {
    const file = toB((await getYaml(s["a.org_admin"]!, `/api/engagements/${sourceId}/code.yaml`)).body);
    const url = `/api/organizations/${b.orgId}/engagements/import-yaml`;
    expectError(await postYaml(s["b.org_admin"]!, url, file), 403, "FORBIDDEN");
    expectError(await postYaml(s["b.control_owner"]!, url, file), 403, "FORBIDDEN");
    expectError(await postYaml(s["a.engagement_manager"]!, url, file), 404, "NOT_FOUND");
    expectError(await postYaml(s["b.org_admin"]!, `${url}?engagementId=${sourceId}`, file), 404, "NOT_FOUND");
    const json = await t.app.inject({
      method: "POST",
      url,
      headers: {
        cookie: s["b.engagement_manager"]!.cookie,
        "x-csrf-token": s["b.engagement_manager"]!.csrf,
        "content-type": "application/json",
      },
      payload: JSON.stringify({ yaml: file }),
    });
    expect(json.statusCode).toBe(400);
    // Another tenant learns nothing, whatever the body.
    const foreign = await t.app.inject({
      method: "POST",
      url,
      headers: {
        cookie: s["a.engagement_manager"]!.cookie,
        "x-csrf-token": s["a.engagement_manager"]!.csrf,
        "content-type": "application/json",
      },
      payload: "{}",
    });
    expect(foreign.statusCode).toBe(404);
  });

  it("lets the firm change the scope from the file while the engagement is in Scoping", async () => {
    const exported = (await getYaml(s["a.engagement_manager"]!, `/api/engagements/${sourceId}/code.yaml`))
      .body;
    const changed = exported.replace("periodEnd: 2027-03-31", "periodEnd: 2027-02-28");
    const url = `/api/organizations/${a.orgId}/engagements/import-yaml?engagementId=${sourceId}`;
    const res = await postYaml(s["a.engagement_manager"]!, url, changed);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ applied: ["engagement"], skipped: [] });
    const after = (await getYaml(s["a.staff_auditor"]!, `/api/engagements/${sourceId}/code.yaml`)).body;
    expect(after).toBe(changed);
    const bad = exported.replace("periodEnd: 2027-03-31", "periodEnd: 2026-05-01");
    const refused = expectError(await postYaml(s["a.engagement_manager"]!, url, bad), 400, "VALIDATION");
    expect(refused.details[0].path).toBe("engagement.periodStart");
  });
});
