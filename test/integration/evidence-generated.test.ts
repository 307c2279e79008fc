/**
 * Evidence that Fieldwork generates (register snapshots, accepted letters) on both databases: the
 * bytes are encrypted in the organization's blob store and come back exactly; the item is linked
 * to the organization's controls named by id, by library id or by the criteria they serve, and
 * appears with source "generated" beside uploads.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { inTransaction } from "../../src/app/audit.js";
import { insertGeneratedEvidence, writeGeneratedBlob } from "../../src/app/use-cases/evidence-generated.js";
import {
  createTestApp,
  type Session,
  seedTenant,
  signIn,
  type TestApp,
  type TestTenant,
} from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

describeEachDatabase("generated evidence", (target) => {
  let t: TestApp;
  let tenant: TestTenant;
  let admin: Session;
  let other: Session;

  beforeAll(async () => {
    t = await createTestApp(target);
    tenant = await seedTenant(t, "gen");
    const foreign = await seedTenant(t, "genb");
    const manager = await signIn(t.app, tenant.users.engagement_manager);
    admin = await signIn(t.app, tenant.users.org_admin);
    other = await signIn(t.app, foreign.users.org_admin);
    const created = await manager.request("POST", `/api/organizations/${tenant.orgId}/engagements`, {
      name: "Generated evidence",
      type: "type2",
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
      categories: ["CC"],
    });
    expect(created.status).toBe(201);
    const adopted = await admin.request("POST", `/api/organizations/${tenant.orgId}/controls/adopt`, {
      engagementId: created.json().id,
    });
    expect(adopted.status).toBe(200);
  });
  afterAll(async () => t?.close());

  const generate = async (bytes: Buffer, links: { criterionIds?: string[]; controlIds?: string[] }) => {
    const deps = t.context.deps;
    const user = await deps.db
      .selectFrom("users")
      .select(["id", "name"])
      .where("email", "=", tenant.users.org_admin.email)
      .executeTakeFirstOrThrow();
    const blob = await writeGeneratedBlob(deps, tenant.orgId, bytes);
    return inTransaction(deps, (trx) =>
      insertGeneratedEvidence(trx, deps, { userId: user.id, name: user.name }, tenant.orgId, blob, {
        title: "Risk assessment 2026 (approved snapshot)",
        fileName: "risk-assessment-2026.json",
        mediaType: "application/json",
        effectiveDate: "2026-06-30",
        generator: "risk-assessment",
        ...links,
      }),
    );
  };

  it("links the item to every active control mapped to the named criteria and serves the exact bytes", async () => {
    const bytes = Buffer.from(JSON.stringify({ marker: "generated-evidence-plaintext-7f3a", risks: 3 }));
    const item = await generate(bytes, { criterionIds: ["CC3.1", "CC3.2"] });
    expect(item.source).toBe("generated");
    expect(item.controls.length).toBeGreaterThan(0);

    const controls = (await admin.request("GET", `/api/organizations/${tenant.orgId}/controls`)).json();
    const rows = (controls.controls ?? controls) as { id: string; criteria: string[] }[];
    const expected = rows.filter((c) => c.criteria.some((id) => id === "CC3.1" || id === "CC3.2"));
    expect(item.controls.map((c: { id: string }) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());

    const shown = await admin.request("GET", `/api/evidence/${item.id}`);
    expect(shown.status).toBe(200);
    expect(shown.json()).toMatchObject({
      source: "generated",
      sha256: item.sha256,
      effectiveDate: "2026-06-30",
    });
    const raw = await t.app.inject({
      method: "GET",
      url: `/api/evidence/${item.id}/download`,
      headers: { cookie: admin.cookie, "x-csrf-token": admin.csrf },
    });
    expect(raw.statusCode).toBe(200);
    expect(Buffer.compare(raw.rawPayload, bytes)).toBe(0);
    // Encrypted at rest: the marker is nowhere in plaintext under the data directory.
    for (const file of filesUnder(t.dataDir)) {
      expect(readFileSync(file).includes("generated-evidence-plaintext-7f3a")).toBe(false);
    }
    expect((await other.request("GET", `/api/evidence/${item.id}`)).status).toBe(404);
  });

  it("links only what is named: a control id links that control alone, and no names link none", async () => {
    const controls = (await admin.request("GET", `/api/organizations/${tenant.orgId}/controls`)).json();
    const first = ((controls.controls ?? controls) as { id: string }[])[0]!;
    const one = await generate(Buffer.from("one control"), { controlIds: [first.id] });
    expect(one.controls.map((c: { id: string }) => c.id)).toEqual([first.id]);
    const none = await generate(Buffer.from("no control"), {});
    expect(none.controls).toEqual([]);
    const listed = await admin.request("GET", `/api/organizations/${tenant.orgId}/evidence?source=generated`);
    expect(listed.status).toBe(200);
    const items = (listed.json().items ?? listed.json()) as { id: string }[];
    expect(items.map((i) => i.id)).toEqual(expect.arrayContaining([one.id, none.id]));
  });
});
