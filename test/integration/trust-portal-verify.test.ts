/**
 * The public verification endpoint on both databases: an intact signed report and a trust-portal
 * copy pass (with signer, hashes, manifest, recipient and "known to Fieldwork"); a flipped byte, an
 * appended revision that is not our watermark and an unsigned PDF fail with their reason; what is
 * not a PDF is refused with a code; the body size and the per-address rate are limited.
 */
import { createHash, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Deps } from "../../src/app/deps.js";
import { createEngagement } from "../../src/app/use-cases/engagements.js";
import { blobStoreOf, dataKeyFor } from "../../src/app/use-cases/evidence-model.js";
import { makePdf, signDemoPdf } from "../fixtures/reports-sign/kit.js";
import { signInActor } from "../support/actors.js";
import { createTestApp, seedTenant, signIn, type TestApp, type TestTenant } from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";
import { expectError, type Json } from "../support/http.js";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** Flips one byte in the middle of the first signed range (before the signature value). */
const flipSignedByte = (pdf: Buffer): Buffer => {
  const m = /\/ByteRange\s*\[\s*0\s+(\d+)/.exec(pdf.toString("latin1"));
  const at = Math.floor(Number(m?.[1]) / 2);
  const copy = Buffer.from(pdf);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
};

describeEachDatabase("trust portal verification", (target) => {
  let t: TestApp;
  let deps: Deps;
  let tenant: TestTenant;
  let signed: Buffer;
  let copy: Buffer;
  let watermarkId = "";

  const verify = async (
    payload: Buffer | string,
    contentType = "application/pdf",
    remoteAddress = "192.0.2.10",
  ) => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/public/verify",
      headers: { "content-type": contentType },
      payload,
      remoteAddress,
    });
    return { status: res.statusCode, json: (): Json => res.json() };
  };

  beforeAll(async () => {
    t = await createTestApp(target);
    deps = t.context.deps;
    tenant = await seedTenant(t, "verify");
    const manager = await signInActor(deps, tenant.users.engagement_manager.email);
    const { id: engagementId } = await createEngagement(deps, manager, tenant.orgId, {
      name: "FY27 SOC 2",
      type: "type2",
      periodStart: "2026-04-01",
      periodEnd: "2027-03-31",
      firstReport: false,
      categories: ["CC"],
    });
    signed = Buffer.from(await signDemoPdf());
    const key = await dataKeyFor(deps, tenant.orgId);
    const blob = await blobStoreOf(deps).write(tenant.orgId, key, Readable.from([signed]), {
      maxBytes: 10_000_000,
    });
    const reportId = randomUUID();
    const now = new Date().toISOString();
    await deps.db
      .insertInto("reports")
      .values({
        id: reportId,
        firm_id: tenant.firmId,
        org_id: tenant.orgId,
        engagement_id: engagementId,
        kind: "soc2-type2",
        version: 1,
        status: "issued",
        pdf_sha256: blob.sha256,
        pdf_size: blob.size,
        pages: 2,
        covers_until: "2027-03-31",
        manifest_root: null,
        document_sha256: sha256(signed),
        signed_by: null,
        signed_at: "2027-05-20T10:00:00.000Z",
        certificate_fingerprint: null,
        public: 0,
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    // A real recipient copy, through the portal.
    const asked = await t.app.inject({
      method: "POST",
      url: `/api/public/trust/${tenant.orgId}/requests`,
      payload: {
        reportId,
        name: "Rohan Das",
        email: "rohan@bajaj-fin.example",
        company: "Bajaj Fin Pvt Ltd",
        ndaVersion: "fieldwork-nda-v1",
        ndaAccepted: true,
      },
    });
    const admin = await signIn(t.app, tenant.users.org_admin);
    const approved = await admin.request("POST", `/api/trust-requests/${asked.json().id}/approve`, {});
    const download = await t.app.inject({ method: "GET", url: approved.json().link.url });
    copy = download.rawPayload;
    watermarkId = String(download.headers["x-watermark-id"]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it("passes the signed report as issued, naming signer, hashes, manifest and the issuing firm", async () => {
    const res = await verify(signed);
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      status: "valid",
      fileSha256: sha256(signed),
      documentSha256: sha256(signed),
      signer: { name: "Dana Whitfield, CPA", organization: "Whitfield & Rowe LLP" },
      signingTime: "2026-11-20T15:30:00.000Z",
      manifest: { engagementId: "eng-demo-1", reportVersion: 1, items: 4 },
      copy: null,
      known: {
        issuedBy: expect.stringMatching(/^Firm verify/),
        issuedAt: "2027-05-20T10:00:00.000Z",
        title: "SOC 2 Type 2 report",
        status: "issued",
        deliveredCopyAt: null,
      },
    });
    expect(body.signer.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it("passes a recipient copy and says for whom and that the portal delivered it", async () => {
    const body = (await verify(copy)).json();
    expect(body).toMatchObject({
      status: "valid",
      fileSha256: sha256(copy),
      documentSha256: sha256(signed),
      copy: { watermarkId, recipient: "rohan@bajaj-fin.example" },
      known: { status: "issued" },
    });
    expect(body.known.deliveredCopyAt).toBeTruthy();
  });

  it("fails a flipped byte, a foreign appended revision and an unsigned PDF, with the reason", async () => {
    for (const tampered of [flipSignedByte(signed), flipSignedByte(copy)]) {
      const res = await verify(tampered);
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ status: "invalid", fileSha256: sha256(tampered) });
      expect(res.json().reason).toMatch(/Digest mismatch: the document was changed after it was signed/);
      expect(res.json()).not.toHaveProperty("known");
    }
    const appended = Buffer.concat([signed, Buffer.from("\n1 0 obj\n<< /Evil true >>\nendobj\n%%EOF\n")]);
    expect((await verify(appended)).json()).toMatchObject({
      status: "invalid",
      reason: expect.stringMatching(
        /appended after the signed revision.*not a Fieldwork recipient watermark/s,
      ),
    });
    expect((await verify(Buffer.from(await makePdf()))).json()).toMatchObject({
      status: "invalid",
      reason: "The PDF is not signed: it has no digital signature.",
    });
  });

  it("refuses what is not a PDF with a code, an empty body and an over-large one", async () => {
    const zip = Buffer.from("PK\u0003\u0004 a zip file, not a report");
    expectError(await verify(zip), 415, "UNSUPPORTED_MEDIA_TYPE");
    expectError(
      await verify(JSON.stringify({ pdf: "x" }), "application/json"),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    expectError(await verify("%PDF-1.7 as text", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
    expectError(await verify(Buffer.alloc(0)), 400, "VALIDATION");
    expectError(await verify(Buffer.alloc(25 * 1024 * 1024 + 1, 0x20)), 413, "PAYLOAD_TOO_LARGE");
    // A generic binary upload is read the same way as application/pdf.
    expect((await verify(signed, "application/octet-stream")).json().status).toBe("valid");
  });

  it("limits verifications per address per hour", async () => {
    const zip = Buffer.from("not a pdf");
    for (let i = 0; i < 60; i++)
      expect((await verify(zip, "application/pdf", "203.0.113.9")).status).toBe(415);
    expectError(await verify(signed, "application/pdf", "203.0.113.9"), 429, "RATE_LIMITED");
    expect((await verify(signed, "application/pdf", "203.0.113.10")).status).toBe(200);
  });
});
