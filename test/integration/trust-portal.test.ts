/**
 * The trust portal through the API on both databases: the public listing of issued reports, access
 * requests under the NDA, approval with an expiring link, downloads watermarked for the recipient
 * (checked with poppler: the visible line, the metadata and the signature of the signed revision),
 * the download log, revocation, expiry, declining, tenant isolation and the public SOC 3.
 */
import { execFile } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deps } from "../../src/app/deps.js";
import { createEngagement } from "../../src/app/use-cases/engagements.js";
import { blobStoreOf, dataKeyFor } from "../../src/app/use-cases/evidence-model.js";
import { pdfsig, signDemoPdf } from "../fixtures/reports-sign/kit.js";
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

const run = promisify(execFile);
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describeEachDatabase("trust portal", (target) => {
  let t: TestApp;
  let deps: Deps;
  let tenant: TestTenant;
  let other: TestTenant;
  let orgAdmin: Session;
  let otherAdmin: Session;
  let employee: Session;
  let dir: string;
  const reports = { type2: "", soc3: "", superseded: "", draft: "", foreign: "" };

  /** An engagement of the organization and a signed PDF stored in its blob store as a report row. */
  const addReport = async (
    orgId: string,
    firmId: string,
    engagementId: string,
    kind: string,
    status: string,
    version = 1,
  ) => {
    const pdf = Buffer.from(await signDemoPdf());
    const key = await dataKeyFor(deps, orgId);
    const blob = await blobStoreOf(deps).write(orgId, key, Readable.from([pdf]), { maxBytes: 10_000_000 });
    const id = randomUUID();
    const now = new Date().toISOString();
    await deps.db
      .insertInto("reports")
      .values({
        id,
        firm_id: firmId,
        org_id: orgId,
        engagement_id: engagementId,
        kind,
        version,
        status,
        pdf_sha256: blob.sha256,
        pdf_size: blob.size,
        pages: 2,
        covers_until: "2026-09-30",
        manifest_root: null,
        document_sha256: blob.sha256,
        signed_by: null,
        signed_at: status === "draft" ? null : now,
        certificate_fingerprint: null,
        public: kind === "soc3" ? 1 : 0,
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return id;
  };

  const engagementOf = async (tn: TestTenant) => {
    const manager = await signInActor(deps, tn.users.engagement_manager.email);
    const { id } = await createEngagement(deps, manager, tn.orgId, {
      name: "FY26 SOC 2",
      type: "type2",
      periodStart: "2025-10-01",
      periodEnd: "2026-09-30",
      firstReport: false,
      categories: ["CC"],
    });
    return id;
  };

  const wrap = (res: Awaited<ReturnType<TestApp["app"]["inject"]>>) => ({
    status: res.statusCode,
    json: (): Json => res.json(),
    headers: res.headers,
    rawPayload: res.rawPayload,
  });
  const get = async (url: string) =>
    wrap(await t.app.inject({ method: "GET", url, headers: { "user-agent": "vitest-browser/1.0" } }));
  const post = async (url: string, body: unknown, remoteAddress?: string) =>
    wrap(
      await t.app.inject({
        method: "POST",
        url,
        payload: body as Json,
        ...(remoteAddress ? { remoteAddress } : {}),
      }),
    );
  const tool = async (cmd: string, bytes: Buffer, args: string[] = []) => {
    const file = join(dir, `${randomUUID()}.pdf`);
    await writeFile(file, bytes);
    return (await run(`/usr/bin/${cmd}`, [...args, file, ...(cmd === "pdftotext" ? ["-"] : [])])).stdout;
  };

  const asker = (n: string) => ({
    reportId: reports.type2,
    name: `Asha Rao ${n}`,
    email: `asha.${n}@acme-payments.example`,
    company: "Acme Payments Pvt Ltd",
    ndaVersion: "fieldwork-nda-v1",
    ndaAccepted: true,
  });
  const submit = async (n: string) => {
    const res = await post(`/api/public/trust/${tenant.orgId}/requests`, asker(n));
    expect(res.status).toBe(201);
    return res.json() as { id: string; secret: string };
  };

  beforeAll(async () => {
    t = await createTestApp(target);
    deps = t.context.deps;
    dir = await mkdtemp(join(tmpdir(), "fw-trust-"));
    tenant = await seedTenant(t, "trust");
    other = await seedTenant(t, "trust-other");
    const eng = await engagementOf(tenant);
    reports.type2 = await addReport(tenant.orgId, tenant.firmId, eng, "soc2-type2", "issued", 2);
    reports.soc3 = await addReport(tenant.orgId, tenant.firmId, eng, "soc3", "issued");
    reports.superseded = await addReport(tenant.orgId, tenant.firmId, eng, "soc2-type2", "superseded");
    reports.draft = await addReport(tenant.orgId, tenant.firmId, eng, "soc2-type1", "draft");
    reports.foreign = await addReport(
      other.orgId,
      other.firmId,
      await engagementOf(other),
      "soc2-type2",
      "issued",
    );
    orgAdmin = await signIn(t.app, tenant.users.org_admin);
    otherAdmin = await signIn(t.app, other.users.org_admin);
    employee = await signIn(t.app, tenant.users.employee);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("lists only the organization's issued reports, without sign-in", async () => {
    const res = await get(`/api/public/trust/${tenant.orgId}`);
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.organization.name).toMatch(/^Client trust/);
    expect(body.reports.map((r: Json) => r.id).sort()).toEqual([reports.type2, reports.soc3].sort());
    expect(body.reports.find((r: Json) => r.id === reports.soc3)).toMatchObject({
      public: true,
      title: "SOC 3 report",
    });
    expect(body.reports.find((r: Json) => r.id === reports.type2)).toMatchObject({ public: false });
    expect(body.nda.version).toBe("fieldwork-nda-v1");
    expect(body.nda.text).toMatch(/confidential/);
    expectError(await get(`/api/public/trust/${randomUUID()}`), 404, "NOT_FOUND");
  });

  it("refuses a request without NDA acceptance, with stale terms, a personal address or for another org's report", async () => {
    const url = `/api/public/trust/${tenant.orgId}/requests`;
    const { ndaAccepted: _, ...noNda } = asker("x");
    expectError(await post(url, noNda), 400, "VALIDATION");
    expectError(await post(url, { ...asker("x"), ndaAccepted: false }), 400, "VALIDATION");
    expectError(await post(url, { ...asker("x"), ndaVersion: "fieldwork-nda-v0" }), 400, "VALIDATION");
    expectError(await post(url, { ...asker("x"), email: "asha@gmail.com" }), 400, "VALIDATION");
    expectError(await post(url, { ...asker("x"), reportId: reports.soc3 }), 400, "VALIDATION");
    expectError(await post(url, { ...asker("x"), reportId: reports.foreign }), 404, "NOT_FOUND");
    expectError(await post(url, { ...asker("x"), reportId: reports.superseded }), 404, "NOT_FOUND");
  });

  it("approve → link → a watermarked, logged copy whose signed revision pdfsig still validates", async () => {
    const { id, secret } = await submit("a");
    const pending = await get(`/api/public/trust/requests/${id}?secret=${secret}`);
    expect(pending.json()).toMatchObject({ status: "pending", link: null });
    expectError(await get(`/api/public/trust/requests/${id}?secret=wrong`), 404, "NOT_FOUND");

    const queue = await orgAdmin.request("GET", `/api/organizations/${tenant.orgId}/trust/requests`);
    expect(queue.status).toBe(200);
    const row = queue.json().requests.find((r: Json) => r.id === id);
    expect(row).toMatchObject({
      status: "pending",
      email: "asha.a@acme-payments.example",
      company: "Acme Payments Pvt Ltd",
      ndaVersion: "fieldwork-nda-v1",
      reportTitle: "SOC 2 Type 2 report",
    });
    expect(row.ndaAcceptedAt).toBeTruthy();
    expect(row.ip).toBeTruthy();

    const approved = await orgAdmin.request("POST", `/api/trust-requests/${id}/approve`, {});
    expect(approved.status).toBe(200);
    const link = approved.json().link;
    const days = (Date.parse(link.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    const polled = (await get(`/api/public/trust/requests/${id}?secret=${secret}`)).json();
    expect(polled).toMatchObject({ status: "approved", link: { url: link.url } });

    const download = await get(link.url);
    expect(download.status).toBe(200);
    expect(download.headers["content-type"]).toBe("application/pdf");
    const body = download.rawPayload;
    const watermarkId = String(download.headers["x-watermark-id"]);
    expect(watermarkId).toMatch(/^WM-[0-9A-F]{12}$/);
    const text = await tool("pdftotext", body);
    const line = `Provided to Asha Rao a <asha.a@acme-payments.example>, Acme Payments Pvt Ltd — ${watermarkId} — ${new Date().toISOString().slice(0, 10)}`;
    expect(text.split("\n").filter((l) => l === line)).toHaveLength(2);
    expect(await tool("pdfinfo", body, ["-custom"])).toMatch(
      new RegExp(`FieldworkWatermark:\\s*${watermarkId}`),
    );
    const sig = await pdfsig(body);
    expect(sig).toContain("Signature Validation: Signature is Valid.");
    expect(sig).toContain("Not total document signed");

    const log = await orgAdmin.request("GET", `/api/organizations/${tenant.orgId}/trust/downloads`);
    expect(log.json().downloads).toContainEqual(
      expect.objectContaining({
        reportId: reports.type2,
        accessRequestId: id,
        recipient: "asha.a@acme-payments.example",
        watermarkId,
        copySha256: sha256(body),
        userAgent: "vitest-browser/1.0",
      }),
    );
    expectError(await orgAdmin.request("POST", `/api/trust-requests/${id}/approve`, {}), 409, "CONFLICT");
  });

  it("refuses revoked, replaced and expired links with the reason", async () => {
    const { id } = await submit("b");
    const first = (await orgAdmin.request("POST", `/api/trust-requests/${id}/approve`, { days: 3 })).json()
      .link.url;
    expect((await get(first)).status).toBe(200);
    expect(
      (await orgAdmin.request("POST", `/api/trust-requests/${id}/revoke`, { note: "Contract ended" })).status,
    ).toBe(200);
    expect(expectError(await get(first), 404, "NOT_FOUND").details).toEqual({ reason: "revoked" });

    // Approving again gives a new link; the revoked one stays dead.
    await new Promise((r) => setTimeout(r, 5));
    const second = (await orgAdmin.request("POST", `/api/trust-requests/${id}/approve`, {})).json().link.url;
    expect(second).not.toBe(first);
    expect(expectError(await get(first), 404, "NOT_FOUND").details).toEqual({ reason: "unknown" });
    await deps.db
      .updateTable("report_access_requests")
      .set({ expires_at: new Date(Date.now() - 60_000).toISOString() })
      .where("id", "=", id)
      .execute();
    expect(expectError(await get(second), 404, "NOT_FOUND").details).toEqual({ reason: "expired" });
    const queue = (await orgAdmin.request("GET", `/api/organizations/${tenant.orgId}/trust/requests`)).json();
    expect(queue.requests.find((r: Json) => r.id === id)).toMatchObject({ status: "expired", link: null });
    expect(
      expectError(await get(`/api/public/trust/downloads/${"x".repeat(43)}`), 404, "NOT_FOUND").details,
    ).toEqual({
      reason: "unknown",
    });
  });

  it("declines with a note the requester sees", async () => {
    const { id, secret } = await submit("c");
    const res = await orgAdmin.request("POST", `/api/trust-requests/${id}/decline`, {
      note: "Not a customer",
    });
    expect(res.json()).toEqual({ id, status: "declined" });
    expect((await get(`/api/public/trust/requests/${id}?secret=${secret}`)).json()).toMatchObject({
      status: "declined",
      decisionNote: "Not a customer",
      link: null,
    });
    expectError(await orgAdmin.request("POST", `/api/trust-requests/${id}/decline`, {}), 409, "CONFLICT");
    expectError(await orgAdmin.request("POST", `/api/trust-requests/${id}/revoke`, {}), 409, "CONFLICT");
  });

  it("hides the queue, the log and the decisions from other tenants and from non-admins", async () => {
    const { id } = await submit("d");
    expectError(
      await otherAdmin.request("GET", `/api/organizations/${tenant.orgId}/trust/requests`),
      404,
      "NOT_FOUND",
    );
    expectError(
      await otherAdmin.request("GET", `/api/organizations/${tenant.orgId}/trust/downloads`),
      404,
      "NOT_FOUND",
    );
    for (const action of ["approve", "decline", "revoke"]) {
      expectError(
        await otherAdmin.request("POST", `/api/trust-requests/${id}/${action}`, {}),
        404,
        "NOT_FOUND",
      );
    }
    expectError(await employee.request("POST", `/api/trust-requests/${id}/approve`, {}), 403, "FORBIDDEN");
    expectError(await get(`/api/organizations/${tenant.orgId}/trust/requests`), 401, "UNAUTHENTICATED");
    const mine = (await otherAdmin.request("GET", `/api/organizations/${other.orgId}/trust/requests`)).json();
    expect(mine.requests).toEqual([]);
  });

  it("serves the SOC 3 to anyone as a logged public copy, and nothing else that way", async () => {
    const res = await get(`/api/public/trust/${tenant.orgId}/reports/${reports.soc3}/download`);
    expect(res.status).toBe(200);
    const watermarkId = String(res.headers["x-watermark-id"]);
    expect(await tool("pdftotext", res.rawPayload)).toContain(`Public copy — ${watermarkId} — `);
    const log = (await orgAdmin.request("GET", `/api/organizations/${tenant.orgId}/trust/downloads`)).json();
    expect(log.downloads).toContainEqual(
      expect.objectContaining({
        reportId: reports.soc3,
        recipient: "public",
        watermarkId,
        accessRequestId: null,
      }),
    );
    for (const id of [reports.type2, reports.foreign, reports.draft]) {
      expectError(await get(`/api/public/trust/${tenant.orgId}/reports/${id}/download`), 404, "NOT_FOUND");
    }
  });

  describe("rate limit", () => {
    it("refuses the eleventh request from one address in an hour", async () => {
      const url = `/api/public/trust/${tenant.orgId}/requests`;
      for (let i = 0; i < 10; i++) expect((await post(url, asker(`r${i}`), "203.0.113.77")).status).toBe(201);
      expectError(await post(url, asker("r10"), "203.0.113.77"), 429, "RATE_LIMITED");
    });
  });
});
