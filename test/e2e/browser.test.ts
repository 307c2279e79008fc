/**
 * The web UI in real Chromium against a real `fieldwork serve` process with the demo data: sign-in
 * with MFA and enrolment, the public enquiry through to a client, creating an engagement, a refused
 * and then allowed stage move, and the audit trail with chain verification.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { describeInBrowser, launchBrowser } from "../support/browser.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";
import {
  assertWebBuilt,
  type ConsoleWatch,
  firmIdOf,
  type HttpSession,
  signInHttp,
  signInUi,
  totpNow,
  waitForDemoSecrets,
  watchConsole,
  wrongTotp,
} from "../support/ui.js";

const PARTNER = "partner@mehtaraman.example";
const ADMIN = "admin@mehtaraman.example";
const MANAGER = "manager@mehtaraman.example";
const DEMO_CLIENT = "Paysetu Technologies Pvt. Ltd.";
const FIRM_NAME = "Mehta Raman & Co. LLP, Certified Public Accountants";
const NEW_PASSWORD = "a-long-enough-passphrase-2026";

const text = async (locator: Locator): Promise<string> => (await locator.innerText()).trim();

/** Waits until the locator shows the text (the UI re-renders after each server answer). */
const waitForText = async (locator: Locator, expected: string | RegExp): Promise<void> => {
  await locator.filter({ hasText: expected }).first().waitFor();
};

describeInBrowser("the web UI against the real server", () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let secrets: Map<string, string>;
  let admin: HttpSession;
  let firmId: string;
  const contexts: BrowserContext[] = [];
  const watches: ConsoleWatch[] = [];
  /** Created in "creating an engagement", used by the stage-move test. */
  const engagementUrl = "";

  const partnerSecret = () => secrets.get(PARTNER)!;

  /** A fresh browser profile (no cookies) with a console watch. */
  const openPage = async (): Promise<{ page: Page; watch: ConsoleWatch }> => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const watch = watchConsole(page);
    watches.push(watch);
    return { page, watch };
  };

  beforeAll(async () => {
    assertWebBuilt();
    dataDir = mkdtempSync(join(tmpdir(), "fw-browser-"));
    server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
    secrets = await waitForDemoSecrets(server.output);
    browser = await launchBrowser();
    admin = await signInHttp(server.url, ADMIN, "fieldwork-demo-2026", secrets.get(ADMIN));
    firmId = await firmIdOf(admin);
  });

  afterEach(async () => {
    const problems = watches.flatMap((w) => w.problems());
    watches.length = 0;
    for (const context of contexts.splice(0)) await context.close();
    expect(problems, "unexpected browser console errors").toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("signs the partner in with MFA: a wrong code shows the server's error, the right one opens the dashboard", async () => {
    const { page, watch } = await openPage();
    watch.allow(/401 \(Unauthorized\) @ .*\/api\/auth\/mfa\/verify$/);
    await page.goto(`${server.url}/`);
    // Signed out: the app sends the visitor to the sign-in page.
    await page.getByRole("heading", { name: "Sign in to Fieldwork" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/login");

    await page.getByLabel("Email").fill(PARTNER);
    await page.getByLabel(/^Password/).fill("fieldwork-demo-2026");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Two-factor authentication" }).waitFor();

    await page.getByLabel("Authentication code").fill(wrongTotp(partnerSecret()));
    await page.getByRole("button", { name: "Verify" }).click();
    const error = page.getByTestId("login-error");
    await error.waitFor();
    expect(await text(error)).toContain("That code is not valid. Enter the current 6-digit code.");
    expect(new URL(page.url()).pathname).toBe("/login");

    await page.getByLabel("Authentication code").fill(totpNow(partnerSecret()));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
    await waitForText(page.getByTestId("page-subtitle"), FIRM_NAME);
    // The demo: one client, one engagement (at Audit program), one new enquiry.
    expect(await text(page.getByTestId("kpi-active-engagements").getByTestId("kpi-value"))).toBe("1");
    expect(await text(page.getByTestId("kpi-clients").getByTestId("kpi-value"))).toBe("1");
    expect(await text(page.getByTestId("kpi-open-enquiries").getByTestId("kpi-value"))).toBe("1");
    expect(await page.getByTestId("pipeline-audit_program").getAttribute("data-count")).toBe("1");
    expect(await text(page.getByTestId("clients-table"))).toContain(DEMO_CLIENT);
  });

  it("enrols a new partner's authenticator: QR, secret, code, ten recovery codes, then the dashboard", async () => {
    const email = "new.partner@mehtaraman.example";
    const created = await admin.request("POST", `/api/firms/${firmId}/members`, {
      email,
      name: "Meera Iyer",
      role: "partner",
      cpaLicenceNumber: "CPA-NY-220417",
      password: NEW_PASSWORD,
    });
    expect(created.status).toBe(201);

    const { page } = await openPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel(/^Password/).fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Set up two-factor authentication" }).waitFor();

    const qr = page.getByTestId("mfa-qr");
    await qr.waitFor();
    expect(await qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml/);
    // The server's SVG decodes as an image (a broken QR would have no size).
    const width = await qr.evaluate(async (img: { decode(): Promise<void>; naturalWidth: number }) => {
      await img.decode();
      return img.naturalWidth;
    });
    expect(width).toBeGreaterThan(100);
    const secretEl = page.getByTestId("mfa-secret");
    const secret = (await secretEl.getAttribute("data-secret")) ?? "";
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // Shown grouped in fours for typing.
    expect((await text(secretEl)).replace(/\s+/g, "")).toBe(secret);

    await page.getByLabel("Authentication code").fill(totpNow(secret));
    await page.getByRole("button", { name: "Confirm" }).click();
    await page.getByTestId("recovery-step").waitFor();
    const codes = await page.getByTestId("recovery-code").allInnerTexts();
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code.trim()).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(new Set(codes).size).toBe(10);

    const next = page.getByRole("button", { name: "Continue" });
    expect(await next.isDisabled()).toBe(true);
    await page.getByLabel("I have saved these codes").check();
    await next.click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await waitForText(page.getByTestId("page-subtitle"), FIRM_NAME);
    await page.getByTestId("user-menu").click();
    await waitForText(page.getByRole("menu"), email);
  });

  it("locks an account after five wrong passwords and shows the server's message verbatim", async () => {
    const email = "locked.out@mehtaraman.example";
    const created = await admin.request("POST", `/api/firms/${firmId}/members`, {
      email,
      name: "Ishaan Kapoor",
      role: "staff_auditor",
      password: NEW_PASSWORD,
    });
    expect(created.status).toBe(201);

    const { page, watch } = await openPage();
    watch.allow(/\b(401 \(Unauthorized\)|423 \(Locked\)) @ .*\/api\/auth\/login$/);
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Email").fill(email);
    const error = page.getByTestId("login-error");
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await page.getByLabel(/^Password/).fill(`wrong password ${attempt}`);
      const answer = page.waitForResponse((r) => r.url().endsWith("/api/auth/login"));
      await page.getByRole("button", { name: "Sign in" }).click();
      expect((await answer).status()).toBe(401);
      await waitForText(error, "The e-mail address or password is not correct.");
    }
    await page.getByLabel(/^Password/).fill("wrong password 5");
    const fifth = page.waitForResponse((r) => r.url().endsWith("/api/auth/login"));
    await page.getByRole("button", { name: "Sign in" }).click();
    const response = await fifth;
    expect(response.status()).toBe(423);
    const message = ((await response.json()) as { error: { message: string } }).error.message;
    expect(message).toMatch(/^Too many failed sign-in attempts: this account is locked for 15 minutes/);
    await waitForText(error, "Account locked");
    expect(await text(error)).toBe(`Account locked\n${message}`);

    // Even the right password is refused now.
    await page.getByLabel(/^Password/).fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await waitForText(error, "This account is locked after 5 failed sign-in attempts.");
    expect(new URL(page.url()).pathname).toBe("/login");
  });
});
