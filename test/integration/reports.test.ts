/**
 * Draft, review and issuance of the SOC 2 report (issue 5 §2–3) through the API, on both
 * databases: the firm's certificate (validated, encrypted at rest), a draft the organization
 * downloads and comments on, comments feeding the lifecycle facts, and issuance refused to the
 * wrong people, without a licence, with a wrong or reused code and by the guards, then granted.
 * The engagement is brought to the Issuance stage by a direct update of its stage (the fieldwork
 * is real: one control tested, reviewed and concluded, the partner's opinion decided), not by
 * walking every stage.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { currentTotp } from "../../src/app/security/totp.js";
import { loadEngagementFacts } from "../../src/app/use-cases/engagement-facts.js";
import { generateSigningCertificate } from "../../src/reports/certificate.js";
import { verifySignedPdf } from "../../src/reports/verify.js";
import type { Session } from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";
import {
  acceptRepresentationLetter,
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

const run = promisify(execFile);

const pdfTool = async (tool: "pdftotext" | "pdfsig", bytes: Buffer): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), "fw-report-"));
  try {
    const file = join(dir, "r.pdf");
    await writeFile(file, bytes);
    const args = tool === "pdftotext" ? [file, "-"] : [file];
    const { stdout } = await run(tool, args).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? "" }));
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

describeEachDatabase("reports: draft, review and issuance", (target) => {
  let w: World;
  let e: Tenancy;
  const p12Password = "firm-cert-password";
  const cert = generateSigningCertificate({
    commonName: "Test partner",
    organization: "Test firm",
    notBefore: new Date(Date.now() - 60_000),
    years: 1,
    password: p12Password,
    keyBits: 2048,
  });
  const p12Base64 = cert.p12.toString("base64");
  let draftId = "";

  /** Raw PDF bytes via inject (the JSON helper cannot read them). */
  const download = async (s: Session, id: string) => {
    const res = await w.t.app.inject({
      method: "GET",
      url: `/api/reports/${id}/pdf`,
      headers: { cookie: s.cookie, "x-csrf-token": s.csrf },
    });
    return { status: res.statusCode, body: res.rawPayload, type: res.headers["content-type"] };
  };
  const facts = async () => {
    const row = await w.deps.db
      .selectFrom("engagements")
      .selectAll()
      .where("id", "=", e.id)
      .executeTakeFirstOrThrow();
    return loadEngagementFacts(w.deps.db, row, "2027-02-15");
  };
  const setStage = (stage: string) =>
    w.deps.db.updateTable("engagements").set({ stage }).where("id", "=", e.id).execute();
  const issue = (s: Session, totpCode: string) =>
    s.request("POST", `/api/engagements/${e.id}/reports/issue`, { totpCode });
  const freshCode = async () => {
    const partner = w.tenant.users.partner;
    await w.deps.db
      .updateTable("users")
      .set({ totp_last_step: null })
      .where("id", "=", w.ids.partner)
      .execute();
    return currentTotp(partner.totpSecret ?? "", new Date());
  };

  beforeAll(async () => {
    w = await setUpWorld(target);
    e = await newEngagement(w);
    const chg = await addControl(w.deps, e.org_id, "CHG-1", w.ids.owner);
    await addProgram(w.deps, e, [{ controlId: chg, code: "CHG-1", criteria: ["CC8.1"] }]);
    const population = await addPopulation(w.deps, e, chg, 250);
    const sample = await addSample(w.deps, e, population, chg, 25);
    const wp = (
      await ok(
        w.s.staff.request("POST", `/api/engagements/${e.id}/workpapers`, {
          controlId: chg,
          sampleId: sample,
        }),
        201,
      )
    ).workpaper.id as string;
    await ok(w.s.staff.request("PUT", `/api/workpapers/${wp}/results`, { cells: grid(25, "pass") }));
    await ok(w.s.staff.request("PATCH", `/api/workpapers/${wp}`, { conclusion: "effective" }));
    await ok(w.s.staff.request("POST", `/api/workpapers/${wp}/prepare`));
    await ok(w.s.manager.request("POST", `/api/workpapers/${wp}/review`));
    await ok(
      w.s.partner.request("POST", `/api/engagements/${e.id}/opinion`, {
        opinion: "adverse",
        basis: "Most criteria are not addressed by any control in scope.",
      }),
      201,
    );
    // The tests run on the real clock: an ended period lets a final report be dated today.
    await w.deps.db
      .updateTable("engagements")
      .set({ period_start: "2025-10-01", period_end: "2026-09-30" })
      .where("id", "=", e.id)
      .execute();
  });
  afterAll(async () => w?.t.close());

  it("validates the firm's certificate and stores it encrypted", async () => {
    const url = `/api/firms/${w.tenant.firmId}/signing-certificate`;
    const wrong = await w.s.firmAdmin.request("POST", url, { p12Base64, password: "nope" });
    expect(wrong.status).toBe(400);
    expect(wrong.json().error.message).toMatch(/password is wrong/);
    const junk = await w.s.firmAdmin.request("POST", url, {
      p12Base64: Buffer.from("not a certificate").toString("base64"),
      password: "x",
    });
    expect(junk.status).toBe(400);
    expect(junk.json().error.message).toMatch(/not a PKCS#12/);
    expect((await w.s.staff.request("POST", url, { p12Base64, password: p12Password })).status).toBe(403);
    expect((await w.s.otherManager.request("GET", url)).status).toBe(404);
    expect((await ok(w.s.manager.request("GET", url))).certificate).toBeNull();

    const stored = (await ok(w.s.firmAdmin.request("POST", url, { p12Base64, password: p12Password }), 201))
      .certificate;
    expect(stored.fingerprint).toBe(cert.fingerprint);
    const shown = await ok(w.s.staff.request("GET", url));
    expect(shown.certificate).toMatchObject({ fingerprint: cert.fingerprint, serial: cert.serial });
    expect(JSON.stringify(shown)).not.toMatch(/p12|password/i);

    const rows = await w.deps.db.selectFrom("firm_signing_certificates").selectAll().execute();
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(p12Base64.slice(0, 64));
    expect(dump).not.toContain(cert.p12.toString("hex").slice(0, 64));
    expect(dump).not.toContain(p12Password);
  });

  it("builds a draft the organization downloads (watermarked DRAFT); other tenants get 404", async () => {
    expect((await w.s.orgAdmin.request("POST", `/api/engagements/${e.id}/reports/drafts`)).status).toBe(403);
    const draft = (await ok(w.s.staff.request("POST", `/api/engagements/${e.id}/reports/drafts`), 201))
      .report;
    expect(draft).toMatchObject({
      kind: "soc2-type2",
      version: 1,
      status: "draft",
      coversUntil: "2026-09-30",
    });
    expect(draft.pages).toBeGreaterThan(3);
    draftId = draft.id;
    expect((await facts()).draftSharedWithClient).toBe(true);

    const list = await ok(w.s.owner.request("GET", `/api/engagements/${e.id}/reports`));
    expect(list.reports.map((r: { id: string }) => r.id)).toEqual([draftId]);
    const pdf = await download(w.s.orgAdmin, draftId);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe("application/pdf");
    const text = await pdfTool("pdftotext", pdf.body);
    // The diagonal watermark comes out of pdftotext in pieces ("DR", "AF", "T").
    expect(text.replace(/\s+/g, "")).toContain("DRAFT");
    expect(text).toContain("Draft for management review");
    const events = await w.deps.db
      .selectFrom("audit_events")
      .select("action")
      .where("target_id", "=", draftId)
      .execute();
    expect(events.map((x) => x.action)).toContain("report.downloaded");

    expect((await download(w.s.employee, draftId)).status).toBe(403);
    expect((await download(w.s.otherOrgAdmin, draftId)).status).toBe(404);
    expect((await w.s.otherManager.request("GET", `/api/reports/${draftId}`)).status).toBe(404);
    expect((await w.s.otherManager.request("GET", `/api/engagements/${e.id}/reports`)).status).toBe(404);
  });

  it("takes the organization's comments, which hold the lifecycle until the team resolves them", async () => {
    const c = await ok(
      w.s.orgAdmin.request("POST", `/api/reports/${draftId}/comments`, {
        location: "Section III, DC4",
        body: "The March outage is missing.",
      }),
      201,
    );
    expect((await facts()).draftCommentsOpen).toBe(1);
    expect(
      (await w.s.owner.request("POST", `/api/report-comments/${c.id}/resolve`, { resolution: "x" })).status,
    ).toBe(403);
    expect(
      (await w.s.otherManager.request("POST", `/api/report-comments/${c.id}/resolve`, { resolution: "x" }))
        .status,
    ).toBe(404);

    // A guard names the open comment even at the Issuance stage.
    await setStage("issuance");
    await acceptRepresentationLetter(w, e);
    const blocked = await issue(w.s.partner, "000000");
    expect(blocked.status).toBe(409);
    expect(blocked.json().error.details.failures.map((f: { guard: string }) => f.guard)).toEqual([
      "draft-comments-resolved",
    ]);

    await ok(
      w.s.manager.request("POST", `/api/report-comments/${c.id}/resolve`, {
        resolution: "Added to DC4 in the next draft.",
      }),
    );
    expect((await facts()).draftCommentsOpen).toBe(0);
    const view = await ok(w.s.orgAdmin.request("GET", `/api/reports/${draftId}`));
    expect(view.comments[0]).toMatchObject({
      status: "resolved",
      resolution: "Added to DC4 in the next draft.",
    });

    const v2 = (await ok(w.s.manager.request("POST", `/api/engagements/${e.id}/reports/drafts`), 201)).report;
    expect(v2.version).toBe(2);
    const orgList = (await ok(w.s.orgAdmin.request("GET", `/api/engagements/${e.id}/reports`))).reports;
    expect(orgList.map((r: { version: number }) => r.version)).toEqual([2]);
    const firmList = (await ok(w.s.manager.request("GET", `/api/engagements/${e.id}/reports`))).reports;
    expect(firmList.map((r: { status: string }) => r.status)).toEqual(["draft", "superseded"]);
    expect(
      (await w.s.orgAdmin.request("POST", `/api/reports/${draftId}/comments`, { location: "I", body: "x" }))
        .status,
    ).toBe(404);
    draftId = v2.id;
  });

  it("refuses issuance to staff and managers, without a licence, and while the guards fail", async () => {
    expect((await issue(w.s.staff, "123456")).status).toBe(403);
    expect((await issue(w.s.manager, "123456")).status).toBe(403);
    expect((await issue(w.s.otherManager, "123456")).status).toBe(404);

    const licence = await w.deps.db
      .selectFrom("users")
      .select("cpa_licence_number")
      .where("id", "=", w.ids.partner)
      .executeTakeFirstOrThrow();
    await w.deps.db
      .updateTable("users")
      .set({ cpa_licence_number: null })
      .where("id", "=", w.ids.partner)
      .execute();
    const unlicensed = await issue(w.s.partner, "123456");
    expect(unlicensed.status).toBe(403);
    expect(unlicensed.json().error.message).toMatch(/licence number/);
    await w.deps.db
      .updateTable("users")
      .set({ cpa_licence_number: licence.cpa_licence_number })
      .where("id", "=", w.ids.partner)
      .execute();

    await setStage("control_testing");
    const early = await issue(w.s.partner, await freshCode());
    expect(early.status).toBe(409);
    expect(early.json().error.code).toBe("GUARD_FAILED");
    expect(early.json().error.details.failures.map((f: { guard: string }) => f.guard)).toContain(
      "stage-issuance",
    );
    // The refused request did not spend the code.
    const after = await w.deps.db
      .selectFrom("users")
      .select("totp_last_step")
      .where("id", "=", w.ids.partner)
      .executeTakeFirstOrThrow();
    expect(after.totp_last_step).toBeNull();
    await setStage("issuance");
  });

  it("refuses issuance while the firm has no active certificate, without spending the code", async () => {
    const certs = w.deps.db.updateTable("firm_signing_certificates").where("firm_id", "=", w.tenant.firmId);
    await certs.set({ active: 0 }).execute();
    const refused = await issue(w.s.partner, await freshCode());
    expect(refused.status).toBe(409);
    expect(refused.json().error.message).toMatch(/no signing certificate/);
    await certs.set({ active: 1 }).execute();
    const user = await w.deps.db
      .selectFrom("users")
      .select("totp_last_step")
      .where("id", "=", w.ids.partner)
      .executeTakeFirstOrThrow();
    expect(user.totp_last_step).toBeNull();
  });

  it("refuses a wrong or reused authenticator code", async () => {
    const code = await freshCode();
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    const refused = await issue(w.s.partner, wrong);
    expect(refused.status).toBe(403);
    expect(refused.json().error.message).toMatch(/does not match/);
    const step = Math.floor(Date.now() / 30_000) + 1;
    await w.deps.db
      .updateTable("users")
      .set({ totp_last_step: step })
      .where("id", "=", w.ids.partner)
      .execute();
    const reused = await issue(w.s.partner, code);
    expect(reused.status).toBe(403);
    expect(reused.json().error.message).toMatch(/already used/);
  });

  it("issues a signed report that verifies and pdfsig accepts; the organization admin downloads it", async () => {
    const issued = (await ok(issue(w.s.partner, await freshCode()), 201)).report;
    expect(issued).toMatchObject({ status: "issued", version: 3, certificateFingerprint: cert.fingerprint });
    expect(issued.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await facts()).reportIssued).toBe(true);

    const pdf = await download(w.s.orgAdmin, issued.id);
    expect(pdf.status).toBe(200);
    const verification = await verifySignedPdf(pdf.body);
    expect(verification.manifest?.engagementId).toBe(e.id);
    expect(verification.manifest?.root).toBe(issued.manifestRoot);
    const sig = await pdfTool("pdfsig", pdf.body);
    expect(sig).toContain("Signature is Valid.");
    const text = await pdfTool("pdftotext", pdf.body);
    expect(text.replace(/\s+/g, "")).not.toContain("DRAFT");
    expect(text).not.toContain("Draft for management review");

    expect((await download(w.s.owner, issued.id)).status).toBe(403);
    expect((await download(w.s.otherOrgAdmin, issued.id)).status).toBe(404);
    const again = await issue(w.s.partner, await freshCode());
    expect(again.status).toBe(409);
    expect((await w.s.staff.request("POST", `/api/engagements/${e.id}/reports/drafts`)).status).toBe(409);
    const list = (await ok(w.s.manager.request("GET", `/api/engagements/${e.id}/reports`))).reports;
    expect(list.map((r: { status: string }) => r.status)).toEqual(["issued", "superseded", "superseded"]);
  });
});
