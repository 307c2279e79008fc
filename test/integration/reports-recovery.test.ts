/**
 * Issuing the SOC 2 report with a recovery code instead of the authenticator code (the partner lost
 * the phone), on both databases: the issuance checks the sign dialog shows, a recovery code spent at
 * sign-in refused at signing and the other way round (one pool, single use), a wrong code refused
 * without spending anything, and the audit event naming the factor. The engagement is brought to
 * Issuance as in reports.test.ts: real fieldwork on one control, the stage set directly.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { generateSigningCertificate } from "../../src/reports/certificate.js";
import { verifySignedPdf } from "../../src/reports/verify.js";
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

interface Check {
  guard: string;
  ok: boolean;
  message: string | null;
}

describeEachDatabase("reports: issuance with a recovery code", (target) => {
  let w: World;
  let e: Tenancy;
  let codes: string[] = [];
  const issue = (body: unknown) =>
    w.s.partner.request("POST", `/api/engagements/${e.id}/reports/issue`, body);
  const checks = async () =>
    (await ok(w.s.staff.request("GET", `/api/engagements/${e.id}/reports/issuance-checks`))) as {
      ready: boolean;
      checks: Check[];
      canSign: boolean;
    };
  const unusedCodes = async () =>
    Number(
      (
        await w.deps.db
          .selectFrom("recovery_codes")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("user_id", "=", w.ids.partner)
          .where("used_at", "is", null)
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** Password sign-in, then `code` at the MFA step: the status of the MFA step. */
  const signInWith = async (code: string) => {
    const partner = w.tenant.users.partner;
    const login = await w.t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: partner.email, password: partner.password },
    });
    const cookie = String(login.headers["set-cookie"] ?? "").split(";")[0] ?? "";
    const verify = await w.t.app.inject({
      method: "POST",
      url: "/api/auth/mfa/verify",
      headers: { cookie, "x-csrf-token": login.json().csrfToken },
      payload: { code },
    });
    return verify.statusCode;
  };

  beforeAll(async () => {
    w = await setUpWorld(target);
    e = await newEngagement(w);
    const chg = await addControl(w.deps, e.org_id, "CHG-1", w.ids.owner);
    await addProgram(w.deps, e, [{ controlId: chg, code: "CHG-1", criteria: ["CC8.1"] }]);
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
    await ok(w.s.staff.request("PUT", `/api/workpapers/${wp}/results`, { cells: grid(25, "pass") }));
    await ok(w.s.staff.request("PATCH", `/api/workpapers/${wp}`, { conclusion: "effective" }));
    await ok(w.s.staff.request("POST", `/api/workpapers/${wp}/prepare`));
    await ok(w.s.manager.request("POST", `/api/workpapers/${wp}/review`));
    // The tests run on the real clock: an ended period lets a final report be dated today.
    await w.deps.db
      .updateTable("engagements")
      .set({ period_start: "2025-10-01", period_end: "2026-09-30", stage: "issuance" })
      .where("id", "=", e.id)
      .execute();
    const cert = generateSigningCertificate({
      commonName: "Test partner",
      organization: "Test firm",
      notBefore: new Date(Date.now() - 60_000),
      years: 1,
      password: "firm-cert-password",
      keyBits: 2048,
    });
    await ok(
      w.s.firmAdmin.request("POST", `/api/firms/${w.tenant.firmId}/signing-certificate`, {
        p12Base64: cert.p12.toString("base64"),
        password: "firm-cert-password",
      }),
      201,
    );
    await ok(w.s.staff.request("POST", `/api/engagements/${e.id}/reports/drafts`), 201);
    // The codes the sign-in helper has not spent (it takes them from the front).
    codes = w.tenant.users.partner.recoveryCodes.splice(-3);
  });
  afterAll(async () => w?.t.close());

  it("lists the issuance checks with what still fails, to the engagement team only", async () => {
    const before = await checks();
    expect(before.ready).toBe(false);
    const failing = before.checks.filter((c) => !c.ok).map((c) => c.guard);
    expect(failing).toEqual(["representation-letter-signed", "opinion-decided"]);
    expect(before.checks.find((c) => c.guard === "opinion-decided")?.message).toMatch(/Opinion tab/);
    expect(before.checks.find((c) => c.guard === "signing-certificate")?.ok).toBe(true);
    expect(before.canSign).toBe(false);

    expect(
      (await w.s.orgAdmin.request("GET", `/api/engagements/${e.id}/reports/issuance-checks`)).status,
    ).toBe(403);
    expect(
      (await w.s.otherManager.request("GET", `/api/engagements/${e.id}/reports/issuance-checks`)).status,
    ).toBe(404);

    await acceptRepresentationLetter(w, e);
    await ok(
      w.s.partner.request("POST", `/api/engagements/${e.id}/opinion`, {
        opinion: "adverse",
        basis: "Most criteria are not addressed by any control in scope.",
      }),
      201,
    );
    const after = await checks();
    expect(after.checks.filter((c) => !c.ok)).toEqual([]);
    expect(after.ready).toBe(true);
    const partnerView = await ok(
      w.s.partner.request("GET", `/api/engagements/${e.id}/reports/issuance-checks`),
    );
    expect(partnerView.canSign).toBe(true);
  });

  it("refuses a request with both factors or neither, and a wrong recovery code, spending nothing", async () => {
    const left = await unusedCodes();
    expect((await issue({})).status).toBe(400);
    expect((await issue({ totpCode: "123456", recoveryCode: codes[0] })).status).toBe(400);
    const wrong = await issue({ recoveryCode: "zzzz-zzzz-zzzz" });
    expect(wrong.status).toBe(403);
    expect(wrong.json().error.message).toMatch(/recovery code is not valid or was already used/);
    expect(await unusedCodes()).toBe(left);
    const reports = await ok(w.s.manager.request("GET", `/api/engagements/${e.id}/reports`));
    expect(reports.reports.map((r: { status: string }) => r.status)).toEqual(["draft"]);
  });

  it("refuses at signing a recovery code already spent at sign-in", async () => {
    const spent = codes[0] ?? "";
    expect(await signInWith(spent)).toBe(200);
    const refused = await issue({ recoveryCode: spent });
    expect(refused.status).toBe(403);
    expect(refused.json().error.message).toMatch(/already used/);
  });

  it("issues with an unused recovery code, spends it, and records the factor in the audit trail", async () => {
    const left = await unusedCodes();
    const code = codes[1] ?? "";
    // Written as the partner might type it: upper case, spaces around.
    const issued = (await ok(issue({ recoveryCode: `  ${code.toUpperCase()} ` }), 201)).report;
    expect(issued).toMatchObject({
      status: "issued",
      version: 2,
      secondFactor: "recovery-code",
      recoveryCodesLeft: left - 1,
      signedByName: expect.any(String),
    });
    expect(await unusedCodes()).toBe(left - 1);

    const event = await w.deps.db
      .selectFrom("audit_events")
      .select(["summary", "actor_user_id"])
      .where("action", "=", "report.issued")
      .where("target_id", "=", issued.id)
      .executeTakeFirstOrThrow();
    expect(event.actor_user_id).toBe(w.ids.partner);
    expect(JSON.parse(event.summary).after.secondFactor).toBe("recovery-code");

    const res = await w.t.app.inject({
      method: "GET",
      url: `/api/reports/${issued.id}/pdf`,
      headers: { cookie: w.s.partner.cookie, "x-csrf-token": w.s.partner.csrf },
    });
    const verification = await verifySignedPdf(res.rawPayload);
    expect(verification.manifest?.root).toBe(issued.manifestRoot);

    const list = (await ok(w.s.orgAdmin.request("GET", `/api/engagements/${e.id}/reports`))).reports;
    expect(list[0]).toMatchObject({ status: "issued", signedByName: issued.signedByName });
    const done = await checks();
    expect(done.checks.find((c) => c.guard === "report-not-issued")?.ok).toBe(false);
  });

  it("refuses at sign-in the recovery code spent on signing", async () => {
    expect(await signInWith(codes[1] ?? "")).toBe(401);
    expect(await signInWith(codes[2] ?? "")).toBe(200);
  });
});
