/**
 * The trust portal and the verification page through the real UI in Chromium, on the demo data:
 * an outsider requests Paysetu's SOC 2 Type 2 report under the NDA, the organization admin (MFA)
 * approves it on the Trust portal page, the outsider downloads the copy watermarked for them
 * (checked with poppler); then /verify fails a copy with one flipped byte, naming the reason, and
 * passes the intact one with its recipient.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { pdfsig } from "../fixtures/reports-sign/kit.js";
import { describeInBrowser, launchBrowser } from "../support/browser.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";
import {
  assertWebBuilt,
  DEMO_PASSWORD,
  signInHttp,
  signInUi,
  waitForDemoSecrets,
  watchConsole,
} from "../support/ui.js";

const run = promisify(execFile);
const ADMIN = "compliance@paysetu.example";
const OUTSIDER = {
  name: "Ananya Krishnan",
  email: "ananya.k@bharatpay-partners.example",
  company: "BharatPay Partners Pvt Ltd",
};

/** Flips one byte in the middle of the first signed range (before the signature value). */
const flipSignedByte = (pdf: Buffer): Buffer => {
  const m = /\/ByteRange\s*\[\s*0\s+(\d+)/.exec(pdf.toString("latin1"));
  if (!m?.[1]) throw new Error("the file has no signature");
  const at = Math.floor(Number(m[1]) / 2);
  const copy = Buffer.from(pdf);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
};

describeInBrowser("trust portal and verification in the browser", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-trust-ui-"));
  let server: ServerProcess;
  let browser: Browser;
  let secrets: Map<string, string>;
  let orgId = "";
  /** The watermarked copy the outsider downloaded in the first test. */
  let copy: Buffer | null = null;

  const newPage = async (): Promise<Page> =>
    (await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true })).newPage();

  beforeAll(async () => {
    assertWebBuilt();
    server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
    browser = await launchBrowser();
    secrets = await waitForDemoSecrets(server.output);
    const admin = await signInHttp(server.url, ADMIN, DEMO_PASSWORD, secrets.get(ADMIN));
    const session = await admin.request<{ memberships: { tenantKind: string; tenantId: string }[] }>(
      "GET",
      "/api/auth/session",
    );
    orgId = session.body.memberships.find((m) => m.tenantKind === "org")!.tenantId;
    const portal = await fetch(`${server.url}/api/public/trust/${orgId}`);
    const reports = portal.ok ? ((await portal.json()) as { reports: { kind: string }[] }).reports : [];
    if (!reports.some((r) => r.kind === "soc2-type2")) {
      throw new Error(
        `the demo has no issued SOC 2 Type 2 report for Paysetu on its trust portal (GET /api/public/trust/${orgId} answered ${portal.status})`,
      );
    }
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("lets an outsider request the SOC 2 report under the NDA, the admin approve it, and the outsider download a watermarked copy", async () => {
    const outsider = await newPage();
    const outsiderWatch = watchConsole(outsider);
    await outsider.goto(`${server.url}/trust/${orgId}`);
    const card = outsider.getByTestId("trust-report-soc2-type2");
    await card.getByTestId("trust-request-access").click();
    const form = card.getByTestId("trust-request-form");
    await form.getByLabel("Your name").fill(OUTSIDER.name);
    await form.getByLabel("Work e-mail").fill(OUTSIDER.email);
    await form.getByRole("textbox", { name: "Company" }).fill(OUTSIDER.company);
    await expect.poll(() => form.getByTestId("trust-request-submit").isDisabled()).toBe(true);
    await expect.poll(() => form.getByTestId("trust-nda-text").textContent()).toMatch(/confidential/);
    await form.getByTestId("trust-nda-accept").check();
    await form.getByTestId("trust-request-submit").click();
    const status = outsider.getByTestId("trust-request-status");
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/pending/);
    const statusUrl = outsider.url();
    expect(statusUrl).toMatch(/request=.*secret=/);

    const admin = await newPage();
    const adminWatch = watchConsole(admin);
    await signInUi(admin, server.url, ADMIN, { secret: secrets.get(ADMIN)! });
    await admin.goto(`${server.url}/trust-access`);
    const row = admin.locator(`[data-testid="trust-request-row"][data-email="${OUTSIDER.email}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain("fieldwork-nda-v1");
    await row.getByTestId("trust-approve").click();
    await expect.poll(() => row.getAttribute("data-status"), { timeout: 10_000 }).toBe("approved");

    await outsider.goto(statusUrl);
    const download = outsider.getByTestId("trust-download");
    await download.waitFor({ timeout: 10_000 });
    const [file] = await Promise.all([outsider.waitForEvent("download"), download.click()]);
    const path = await file.path();
    const bytes = await readFile(path);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const pdfPath = join(dataDir, "copy.pdf");
    writeFileSync(pdfPath, bytes);
    const text = (await run("/usr/bin/pdftotext", [pdfPath, "-"])).stdout;
    expect(text).toMatch(
      new RegExp(
        `Provided to ${OUTSIDER.name} <${OUTSIDER.email.replace(/\./g, "\\.")}>, ${OUTSIDER.company} — WM-[0-9A-F]{12} — \\d{4}-\\d{2}-\\d{2}`,
      ),
    );
    const info = (await run("/usr/bin/pdfinfo", ["-custom", pdfPath])).stdout;
    expect(info).toMatch(new RegExp(`FieldworkRecipient:\\s*${OUTSIDER.email.replace(/\./g, "\\.")}`));
    expect(await pdfsig(bytes)).toContain("Signature Validation: Signature is Valid.");
    copy = bytes;

    // The organization sees who downloaded it.
    await admin.getByRole("tab", { name: "Download log" }).click();
    await expect
      .poll(() => admin.getByTestId("trust-downloads").textContent(), { timeout: 10_000 })
      .toContain(OUTSIDER.email);
    // Approving without SMTP says the link was not e-mailed: a warning, not an error in the console.
    expect(adminWatch.problems()).toEqual([]);
    expect(outsiderWatch.problems()).toEqual([]);
  }, 120_000);

  it("fails a tampered copy on /verify with the reason and passes the intact one", async () => {
    expect(copy, "the first test downloaded a copy").not.toBeNull();
    const intact = copy!;
    const page = await newPage();
    const watch = watchConsole(page);
    await page.goto(`${server.url}/verify`);
    await page.getByTestId("verify-file-input").setInputFiles({
      name: "soc2-tampered.pdf",
      mimeType: "application/pdf",
      buffer: flipSignedByte(intact),
    });
    const result = page.getByTestId("verify-result");
    await expect.poll(() => result.getAttribute("data-status"), { timeout: 15_000 }).toBe("invalid");
    expect(await page.getByTestId("verify-reason").textContent()).toMatch(/changed after it was signed/);

    // The intact copy, dropped onto the page.
    // Runs in the page (a string: this project's TypeScript has no DOM types).
    const transfer = await page.evaluateHandle(`(() => {
      const data = Uint8Array.from(atob("${intact.toString("base64")}"), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], "soc2-copy.pdf", { type: "application/pdf" }));
      return dt;
    })()`);
    await page.getByTestId("verify-dropzone").dispatchEvent("drop", { dataTransfer: transfer });
    await expect.poll(() => result.getAttribute("data-status"), { timeout: 15_000 }).toBe("valid");
    expect(await page.getByTestId("verify-recipient").textContent()).toBe(OUTSIDER.email);
    expect(await page.getByTestId("verify-signer").textContent()).toMatch(/\S/);
    expect(await page.getByTestId("verify-known").textContent()).toMatch(/Mehta Raman/);
    expect(watch.problems()).toEqual([]);
  }, 60_000);
});
