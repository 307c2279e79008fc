/**
 * OSCAL export of an engagement with fieldwork data (issue 6 §2) on both databases: every model
 * validates against NIST's OSCAL 1.2.2 schema and carries the engagement's content (scope, the
 * description, the program, the results with the deviation, the exception with management's
 * remediation); the firm team and the organization's admin may export, an employee is refused and
 * another tenant sees nothing.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { FRAMEWORKS } from "../../src/catalog/frameworks/index.js";
import { createOscalValidator } from "../../src/oscal/validate.js";
import { describeEachDatabase } from "../support/databases.js";
import {
  addControl,
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

const validator = createOscalValidator(
  JSON.parse(
    readFileSync(new URL("../fixtures/oscal/oscal_complete_schema-1.2.2.json", import.meta.url), "utf8"),
  ) as object,
);
const ROOTS = {
  catalog: "catalog",
  profile: "profile",
  ssp: "system-security-plan",
  "assessment-plan": "assessment-plan",
  "assessment-results": "assessment-results",
  poam: "plan-of-action-and-milestones",
  mapping: "mapping-collection",
} as const;
type Model = keyof typeof ROOTS;

describeEachDatabase("OSCAL export", (target) => {
  let w: World;
  let e: Tenancy;

  beforeAll(async () => {
    w = await setUpWorld(target);
    e = await newEngagement(w);
    const chg = await addControl(w.deps, e.org_id, "CHG-1", w.ids.owner);
    const iam = await addControl(w.deps, e.org_id, "IAM-1", w.ids.owner);
    await w.deps.db
      .updateTable("org_controls")
      .set({
        description: "Every production change is approved by a second engineer.",
        criteria: '["CC8.1"]',
      })
      .where("id", "=", chg)
      .execute();
    await addProgram(w.deps, e, [
      { controlId: chg, code: "CHG-1", criteria: ["CC8.1"] },
      { controlId: iam, code: "IAM-1", criteria: ["CC6.1"] },
    ]);
    const sample = await addSample(w.deps, e, await addPopulation(w.deps, e, chg, 250), chg, 25);
    const wp = (
      await ok(
        w.s.staff.request("POST", `/api/engagements/${e.id}/workpapers`, {
          controlId: chg,
          sampleId: sample,
        }),
        201,
      )
    ).workpaper.id as string;
    await ok(
      w.s.staff.request("PUT", `/api/workpapers/${wp}/results`, {
        cells: grid(25, "pass", { "row-3:A1": "fail" }),
      }),
    );
    const exc = (await ok(w.s.staff.request("GET", `/api/engagements/${e.id}/exceptions`))).exceptions[0]
      .id as string;
    await ok(
      w.s.staff.request("PATCH", `/api/exceptions/${exc}`, {
        classification: "isolated",
        cause: "Approver on leave",
      }),
    );
    await ok(
      w.s.owner.request("POST", `/api/exceptions/${exc}/responses`, {
        response: "The approver was on leave.",
        remediation: "A deputy approver is now named.",
        remediationDate: "2026-09-30",
      }),
      201,
    );
    await ok(w.s.manager.request("POST", `/api/exceptions/${exc}/decision`, { decision: "accepted" }));
    await ok(
      w.s.staff.request("PATCH", `/api/workpapers/${wp}`, { conclusion: "effective-with-exceptions" }),
    );
    await ok(w.s.staff.request("POST", `/api/workpapers/${wp}/prepare`));
    await ok(w.s.manager.request("POST", `/api/workpapers/${wp}/review`));
    await ok(
      w.s.orgAdmin.request("PUT", `/api/engagements/${e.id}/system-description`, {
        revision: 0,
        content: {
          services: "UPI payment switching for merchants across India.",
          boundaries: "The payment switch, its databases and the merchant dashboard in AWS ap-south-1.",
          components: {
            infrastructure: "AWS ap-south-1",
            software: "",
            people: "",
            procedures: "",
            data: "Payment records",
          },
        },
      }),
    );
  });
  afterAll(async () => w?.t.close());

  const exportAs = async (model: Model, session = w.s.manager) => {
    const res = await w.t.app.inject({
      method: "GET",
      url: `/api/engagements/${e.id}/oscal/${model}`,
      headers: { cookie: session.cookie },
    });
    return { status: res.statusCode, headers: res.headers, text: () => res.body, json: () => res.json() };
  };

  it("exports every model as a document that validates against NIST's OSCAL 1.2.2 schema", async () => {
    for (const model of Object.keys(ROOTS) as Model[]) {
      const res = await exportAs(model);
      expect(res.status, `${model}: ${res.text().slice(0, 300)}`).toBe(200);
      expect(res.headers["content-disposition"]).toBe(`attachment; filename="${model}.json"`);
      const doc = res.json();
      const result = validator.validate(doc);
      expect(result.ok ? [] : result.problems, model).toEqual([]);
      expect(result).toMatchObject({ ok: true, model: ROOTS[model] });
    }
  });

  it("exports a new engagement with no program, description or tests as valid documents too", async () => {
    const fresh = await newEngagement(w);
    for (const model of Object.keys(ROOTS) as Model[]) {
      const res = await w.t.app.inject({
        method: "GET",
        url: `/api/engagements/${fresh.id}/oscal/${model}`,
        headers: { cookie: w.s.staff.cookie },
      });
      expect(res.statusCode, `${model}: ${res.body.slice(0, 300)}`).toBe(200);
      const result = validator.validate(res.json());
      expect(result.ok ? [] : result.problems, model).toEqual([]);
    }
  });

  it("carries the scope, the description, the program, the results and the remediation", async () => {
    const catalog = (await exportAs("catalog")).json().catalog;
    expect(catalog.groups.flatMap((g: { controls: unknown[] }) => g.controls)).toHaveLength(61);
    const profile = (await exportAs("profile")).json().profile;
    const ids = profile.imports[0]["include-controls"][0]["with-ids"] as string[];
    expect(ids).toContain("cc8.1");
    expect(ids.every((id) => id.startsWith("cc"))).toBe(true);
    const ssp = (await exportAs("ssp")).json()["system-security-plan"];
    expect(ssp["system-characteristics"]["authorization-boundary"].description).toMatch(/ap-south-1/);
    const cc81 = ssp["control-implementation"]["implemented-requirements"].find(
      (r: { "control-id": string }) => r["control-id"] === "cc8.1",
    );
    expect(cc81["by-components"][0].description).toMatch(/CHG-1.*second engineer/s);
    const plan = (await exportAs("assessment-plan")).json()["assessment-plan"];
    expect(plan.tasks.map((t: { title: string }) => t.title)).toEqual([
      "Test CHG-1: Control CHG-1",
      "Test IAM-1: Control IAM-1",
    ]);
    expect(plan.tasks[0].description).toMatch(/inspection: Inspect the ticket's approval/);
    const results = (await exportAs("assessment-results")).json()["assessment-results"].results[0];
    expect(results.observations).toHaveLength(1);
    expect(results.observations[0].description).toMatch(/25 item\(s\) tested: 49 passed, 1 failed/);
    expect(results.findings).toHaveLength(1);
    expect(results.findings[0]).toMatchObject({
      title: "EXC-001: deviation in CHG-1",
      target: { "target-id": "cc8.1", status: { state: "not-satisfied" } },
    });
    const poam = (await exportAs("poam")).json()["plan-of-action-and-milestones"];
    expect(poam.risks[0]).toMatchObject({ status: "closed", deadline: "2026-09-30T00:00:00Z" });
    expect(poam.risks[0].remediations[0].description).toMatch(/deputy approver/);
    expect(poam["poam-items"]).toHaveLength(1);
  });

  it("exports every framework's mappings, one map per link with its relationship and rationale", async () => {
    const res = await exportAs("mapping");
    expect(res.status).toBe(200);
    const maps = res.json()["mapping-collection"].mappings as { maps: unknown[] }[];
    expect(maps.length).toBe(FRAMEWORKS.filter((f) => f.mappings.length > 0).length);
    expect(maps.reduce((n, m) => n + m.maps.length, 0)).toBe(
      FRAMEWORKS.reduce((n, f) => n + f.mappings.length, 0),
    );
    const dpdp = FRAMEWORKS.find((f) => f.id === "dpdp-2023")?.mappings[0];
    const all = maps.flatMap((m) => m.maps) as {
      sources: { "id-ref": string }[];
      targets: { "id-ref": string }[];
      relationship: string;
      remarks: string;
    }[];
    expect(
      all.find(
        (m) =>
          m.sources[0]?.["id-ref"] === dpdp?.requirementId &&
          m.targets[0]?.["id-ref"] === dpdp?.criterionId.toLowerCase(),
      ),
    ).toMatchObject({ relationship: dpdp?.relationship, remarks: dpdp?.rationale });
  });

  it("lets the organization's admin export, refuses an employee and hides the engagement from another tenant", async () => {
    expect((await exportAs("poam", w.s.orgAdmin)).status).toBe(200);
    expect((await exportAs("ssp", w.s.partner)).status).toBe(200);
    const employee = await exportAs("ssp", w.s.employee);
    expect(employee.status).toBe(403);
    expect(employee.json().error.code).toBe("FORBIDDEN");
    expect((await exportAs("ssp", w.s.otherManager)).status).toBe(404);
    expect((await exportAs("ssp", w.s.otherOrgAdmin)).status).toBe(404);
    const unknown = await w.s.manager.request("GET", `/api/engagements/${e.id}/oscal/nonsense`);
    expect(unknown.status).toBe(400);
  });
});
