/**
 * A partner signs and issues a report through the real UI in Chromium, on the demo data: Kirana
 * Ledger's Type 1 waits at Issuance with every guard holding. The partner (MFA) opens its Report tab,
 * sees every issuance check pass in the sign dialog, confirms with the authenticator code and sees the
 * issued report's version, signer, signing time and fingerprints. The PDF downloaded through the
 * page's session passes poppler's pdfsig and `fieldwork report verify`. Paysetu's CY 2025 report (the
 * demo's history) shows as issued on its engagement page.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { describeInBrowser, launchBrowser } from "../support/browser.js";
import { runFieldwork } from "../support/cli.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";
import {
  assertWebBuilt,
  DEMO_PASSWORD,
  freshTotp,
  type HttpSession,
  signInHttp,
  signInUi,
  waitForDemoSecrets,
  watchConsole,
} from "../support/ui.js";

const PARTNER = "partner@mehtaraman.example";
const PARTNER_NAME = "Priya Raghavan";
const KIRANA = "Kirana Ledger SOC 2 Type 1 as of 31 October 2026";
const PAYSETU_2025 = "Paysetu SOC 2 Type 2 CY 2025";

const run = promisify(execFile);

describeInBrowser("a partner signs and issues a report in the browser", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-report-ui-"));
  const work = mkdtempSync(join(tmpdir(), "fw-report-pdf-"));
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let secret = "";
  let partner: HttpSession;
  let firmId = "";
  const engagementIds = new Map<string, string>();

  beforeAll(async () => {
    assertWebBuilt();
    server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" }, timeoutMs: 90_000 });
    browser = await launchBrowser();
    secret = (await waitForDemoSecrets(server.output)).get(PARTNER) ?? "";
    partner = await signInHttp(server.url, PARTNER, DEMO_PASSWORD, secret);
    const list = await partner.request<{ engagements: { id: string; name: string }[] }>(
      "GET",
      "/api/engagements",
    );
    for (const e of list.body.engagements) engagementIds.set(e.name, e.id);
    const session = await partner.request<{ memberships: { tenantKind: string; tenantId: string }[] }>(
      "GET",
      "/api/auth/session",
    );
    firmId = session.body.memberships.find((m) => m.tenantKind === "firm")?.tenantId ?? "";
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });
  beforeEach(async () => {
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.setDefaultTimeout(20_000);
  });

  it("shows Paysetu's CY 2025 report issued and signed on its engagement page", async () => {
    const watch = watchConsole(page);
    await signInUi(page, server.url, PARTNER, { secret });
    await page.goto(`${server.url}/engagements/${engagementIds.get(PAYSETU_2025)}?tab=report`);
    const issued = page.getByTestId("issued-report");
    await issued.waitFor();
    expect(await page.getByTestId("issued-signer").textContent()).toBe(PARTNER_NAME);
    expect(await page.getByTestId("issued-version").textContent()).toBe("2");
    expect(await page.getByTestId("reports-table").textContent()).toMatch(/SOC 2 Type 2.*issued/);
    // No second issuance: the sign button is gone once the report is issued.
    expect(await page.getByTestId("open-issue-dialog").count()).toBe(0);
    expect(watch.problems()).toEqual([]);
  }, 90_000);

  it("lets the partner see the guards pass, sign with the authenticator and download a valid PDF", async () => {
    const watch = watchConsole(page);
    await signInUi(page, server.url, PARTNER, { secret });
    const kiranaId = engagementIds.get(KIRANA);
    expect(kiranaId, "the demo's Kirana Ledger engagement").toBeDefined();
    await page.goto(`${server.url}/engagements/${kiranaId}?tab=report`);
    await page.getByTestId("open-issue-dialog").click();

    const checks = page.getByTestId("issuance-checks");
    await checks.waitFor();
    expect(await checks.getAttribute("data-ready")).toBe("true");
    const guards = await page
      .getByTestId("issuance-check")
      .evaluateAll((rows) => rows.map((r) => [r.getAttribute("data-guard"), r.getAttribute("data-ok")]));
    expect(guards.length).toBeGreaterThanOrEqual(10);
    expect(guards.filter(([, ok]) => ok !== "true")).toEqual([]);
    expect(guards.map(([g]) => g)).toEqual(
      expect.arrayContaining(["representation-letter-signed", "workpapers-reviewed", "signing-certificate"]),
    );
    expect(await page.getByTestId("issuance-ready").textContent()).toBe("Every check passes");

    await page.getByTestId("issue-totp").locator("input").first().click();
    await page.keyboard.type(await freshTotp(secret));
    await page.getByTestId("issue-submit").click();

    const issued = page.getByTestId("issued-report");
    await issued.waitFor();
    const certificate = await partner.request<{ certificate: { fingerprint: string } }>(
      "GET",
      `/api/firms/${firmId}/signing-certificate`,
    );
    expect(await page.getByTestId("issued-version").textContent()).toBe("2");
    expect(await page.getByTestId("issued-signer").textContent()).toBe(PARTNER_NAME);
    expect(await page.getByTestId("issued-signed-at").textContent()).toMatch(/\d/);
    expect(await page.getByTestId("issued-fingerprint").textContent()).toBe(
      certificate.body.certificate.fingerprint,
    );
    const documentSha = (await page.getByTestId("issued-sha256").textContent()) ?? "";
    expect(documentSha).toMatch(/^[0-9a-f]{64}$/);

    // The PDF through the page's own session (the link the partner clicks).
    const href = (await page.getByTestId("issued-download").getAttribute("href")) ?? "";
    const res = await page.context().request.get(`${server.url}${href}`);
    expect(res.status()).toBe(200);
    const pdf = await res.body();
    expect(createHash("sha256").update(pdf).digest("hex")).toBe(documentSha);
    const file = join(work, "kirana-type1.pdf");
    writeFileSync(file, pdf);
    const sig = await run("pdfsig", [file]);
    expect(sig.stdout).toContain("Signature is Valid.");
    const verify = await runFieldwork(["report", "verify", file]);
    expect(verify.stderr).toBe("");
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain("signature valid, whole document signed");
    // Signed with the firm's certificate, the one the firm's settings show.
    expect(verify.stdout).toContain(`SHA-256 ${certificate.body.certificate.fingerprint}`);
    expect(verify.stdout).toContain("Reason:            SOC 2 Type 1 report issued");
    expect(verify.stdout).toContain(`Document SHA-256:  ${documentSha}`);

    // Issued once: the engagement's reports now hold it, and no sign button is offered again.
    expect(await page.getByTestId("open-issue-dialog").count()).toBe(0);
    const reports = await partner.request<{ reports: { status: string; version: number }[] }>(
      "GET",
      `/api/engagements/${kiranaId}/reports`,
    );
    expect(reports.body.reports.find((r) => r.status === "issued")?.version).toBe(2);
    expect(watch.problems()).toEqual([]);
  }, 120_000);
});
