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
  freshTotp,
  type HttpSession,
  signInHttp,
  signInUi,
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

/** The text as a person sees it (Playwright's rendered text, not the DOM's textContent). */
// biome-ignore lint/performance/useDomNodeTextContent: the test reads what is on screen, layout included.
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
  let engagementUrl = "";

  const partnerSecret = () => secrets.get(PARTNER)!;

  /** The partner's signed-in browser state, kept from the sign-in test (TOTP codes work once). */
  let partnerState: Awaited<ReturnType<BrowserContext["storageState"]>> | undefined;

  /** A fresh browser profile (no cookies unless a saved state is given) with a console watch. */
  const openPage = async (
    storageState?: typeof partnerState,
  ): Promise<{ page: Page; watch: ConsoleWatch }> => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      ...(storageState ? { storageState } : {}),
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const watch = watchConsole(page);
    watches.push(watch);
    return { page, watch };
  };

  /** The partner, signed in: with the saved session, or through the sign-in page. */
  const openPartnerPage = async (): Promise<{ page: Page; watch: ConsoleWatch }> => {
    const opened = await openPage(partnerState);
    if (!partnerState) await signInUi(opened.page, server.url, PARTNER, { secret: partnerSecret() });
    return opened;
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
    if (process.env.FW_DEBUG_OUTPUT) process.stderr.write(server?.output() ?? "");
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("signs the partner in with MFA: a wrong code shows the server's error, the right one opens the dashboard", async () => {
    const { page, watch } = await openPage();
    watch.allow(/401 \(Unauthorized\) @ .*\/api\/auth\/mfa\/verify$/);
    await page.goto(`${server.url}/`);
    // Signed out: the app sends the visitor to the sign-in page.
    await page.getByRole("heading", { name: "Sign in to Fieldwork", exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/login");

    await page.getByLabel("Email").fill(PARTNER);
    await page.getByLabel(/^Password/).fill("fieldwork-demo-2026");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Two-factor authentication", exact: true }).waitFor();

    await page.getByLabel("Authentication code").fill(wrongTotp(partnerSecret()));
    await page.getByRole("button", { name: "Verify" }).click();
    const error = page.getByTestId("login-error");
    await error.waitFor();
    expect(await text(error)).toContain("That code is not valid. Enter the current 6-digit code.");
    expect(new URL(page.url()).pathname).toBe("/login");
    // A wrong code is not an expired session: the user stays on this step.
    await page.getByRole("button", { name: "Use a different account" }).waitFor();

    await page.getByLabel("Authentication code").fill(await freshTotp(partnerSecret()));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("heading", { name: "Dashboard", exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
    await waitForText(page.getByTestId("page-subtitle"), FIRM_NAME);
    // The demo: two clients (Paysetu, and Kirana Ledger waiting at Issuance), one active engagement
    // (at Audit program; Paysetu's CY 2025 is issued), one new enquiry.
    expect(await text(page.getByTestId("kpi-active-engagements").getByTestId("kpi-value"))).toBe("1");
    expect(await text(page.getByTestId("kpi-clients").getByTestId("kpi-value"))).toBe("2");
    expect(await text(page.getByTestId("kpi-open-enquiries").getByTestId("kpi-value"))).toBe("1");
    expect(await page.getByTestId("pipeline-audit_program").getAttribute("data-count")).toBe("1");
    expect(await text(page.getByTestId("clients-table"))).toContain(DEMO_CLIENT);
    partnerState = await page.context().storageState();
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
    await page.getByRole("heading", { name: "Set up two-factor authentication", exact: true }).waitFor();

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

    await page.getByLabel("Authentication code").fill(await freshTotp(secret));
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
    await page.getByRole("heading", { name: "Dashboard", exact: true }).waitFor();
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

  it("takes a public enquiry with a live quote, and the partner converts it into a client in Scoping", async () => {
    const company = "Tiffin Ledger Technologies Pvt. Ltd.";
    const visitor = await openPage();
    const pub = visitor.page;
    await pub.goto(`${server.url}/f/mehta-raman`);
    await pub
      .getByRole("heading", { name: "SOC 2 examination: get a fixed-price quote", exact: true })
      .waitFor();
    expect(await text(pub.getByTestId("firm-name"))).toBe(FIRM_NAME);

    const quote = pub.getByTestId("live-quote");
    const total = quote.getByTestId("quote-total");
    await total.waitFor();
    const firstTotal = await text(total);
    expect(firstTotal).toMatch(/^₹[\d,]+$/);

    await pub.getByLabel(/^Company/).fill(company);
    await pub.getByLabel(/^Your name/).fill("Rhea Menon");
    await pub.getByLabel(/^Email/).fill("rhea@tiffinledger.example");
    await pub.getByLabel(/^City/).fill("Pune");
    await pub.getByRole("textbox", { name: "Sector" }).click();
    await pub.getByRole("option", { name: "Fintech and BFSI" }).click();
    await pub.getByLabel(/^Employees/).fill("240");
    await pub.getByLabel(/^Systems/).fill("9");
    await pub.getByLabel("Transaction processing").check();
    await pub.getByLabel("Personal data").check();
    // The quote follows the answers: more people and systems cost more.
    await pub.waitForFunction(
      ([before]) => {
        const el = (
          globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }
        ).document.querySelector('[data-testid="live-quote"] [data-testid="quote-total"]');
        return el !== null && el.textContent !== before;
      },
      [firstTotal],
    );
    const liveTotal = await text(total);
    const amount = (s: string) => Number(s.replace(/[^\d]/g, ""));
    expect(amount(liveTotal)).toBeGreaterThan(amount(firstTotal));
    const drivers = pub.getByTestId("quote-drivers");
    expect(await drivers.getByTestId("driver-explanation").count()).toBeGreaterThanOrEqual(3);
    expect(await text(drivers)).toContain("Employees");
    // Transaction processing makes Processing Integrity a recommendation; take the advice.
    await waitForText(pub.getByTestId("category-PI"), "Recommended");
    const repriced = pub.waitForResponse(
      (r) =>
        r.url().endsWith("/api/public/firms/mehta-raman/quote") && /"PI"/.test(r.request().postData() ?? ""),
    );
    await pub.getByTestId("use-recommended").click();
    expect(await pub.getByTestId("category-PI").getByRole("checkbox").isChecked()).toBe(true);
    expect((await repriced).status()).toBe(200);
    await pub.getByTestId("quote-loading").waitFor({ state: "detached" });
    const quotedTotal = await text(total);

    await pub
      .getByLabel(/^Anything we should know/)
      .fill("Our bank partner wants a Type 2 report by December.");
    await pub.getByRole("button", { name: "Request a scoping meeting" }).click();
    const thanks = pub.getByTestId("enquiry-thanks");
    await thanks.waitFor();
    expect(await text(thanks)).toContain("Thank you, Rhea");
    expect(await text(thanks)).toContain("rhea@tiffinledger.example");
    expect(await text(thanks)).toContain(quotedTotal);

    const { page } = await openPage();
    await signInUi(page, server.url, PARTNER, { secret: partnerSecret() });
    await page.getByTestId("nav-enquiries").click();
    await page.getByRole("heading", { name: "Enquiries", exact: true }).waitFor();
    const row = page.getByTestId("enquiries-table").getByTestId("enquiry-row").filter({ hasText: company });
    await row.waitFor();
    expect(await text(row)).toContain("Rhea Menon");
    expect(await text(row)).toContain(quotedTotal);
    await row.getByRole("link", { name: company }).click();

    const detail = page.getByTestId("enquiry-detail");
    await detail.waitFor();
    const answers = detail.getByTestId("enquiry-answers");
    expect(await text(answers)).toMatch(/Employees\s+240/);
    expect(await text(answers)).toMatch(/Systems\s+9/);
    expect(await text(answers)).toMatch(/Sector\s+Fintech and BFSI/);
    expect(await text(answers)).toMatch(/Transaction processing/i);
    expect(await text(answers)).toContain("Processing Integrity");
    expect(await text(detail)).toContain("Our bank partner wants a Type 2 report by December.");
    expect(await text(detail.getByTestId("quote-total"))).toBe(quotedTotal);

    await detail.getByRole("button", { name: "Convert to client" }).click();
    await page.waitForURL(/\/engagements\/[0-9a-f-]{36}$/);
    await page.getByTestId("engagement-name").waitFor();
    expect(await text(page.getByTestId("engagement-name"))).toBe(`${company} SOC 2 Type 2`);
    expect(await text(page.getByTestId("engagement-client"))).toBe(company);
    expect(await page.getByTestId("stage-step-scoping").getAttribute("data-status")).toBe("current");
    // The scope starts from the questionnaire: the categories and what the service handles.
    const scope = page.getByTestId("scope-form");
    expect(await scope.getByTestId("category-PI").getByRole("checkbox").isChecked()).toBe(true);
    expect(await scope.getByLabel("Transaction processing").isChecked()).toBe(true);
    expect(await scope.getByLabel("Personal data").isChecked()).toBe(true);
    expect(await scope.getByLabel("Uptime commitments").isChecked()).toBe(false);
    expect(await scope.getByRole("textbox", { name: "Sector" }).inputValue()).toBe("Fintech and BFSI");

    // The enquiry is now converted, and the client is on the client list.
    await page.getByTestId("nav-clients").click();
    await page.getByRole("heading", { name: "Clients", exact: true }).waitFor();
    await waitForText(page.getByTestId("clients-table").getByTestId("client-row"), company);
    await page.getByTestId("nav-enquiries").click();
    const converted = page
      .getByTestId("enquiries-table")
      .getByTestId("enquiry-row")
      .filter({ hasText: company });
    await waitForText(converted, /converted/i);
  });

  it("creates an engagement as the engagement manager; the server refuses a period that is too short", async () => {
    const { page, watch } = await openPage();
    watch.allow(/400 \(Bad Request\) @ .*\/api\/organizations\/[^/]+\/engagements$/);
    await signInUi(page, server.url, MANAGER);
    await page.getByRole("link", { name: "New engagement" }).click();
    await page.getByRole("heading", { name: "New engagement", exact: true }).waitFor();

    await page.getByRole("textbox", { name: "Client" }).click();
    await page.getByRole("option", { name: DEMO_CLIENT }).click();
    await page.getByLabel(/^Engagement name/).fill("Paysetu SOC 2 Type 2 H1 2026-27");
    await page.getByText("Type 2", { exact: true }).click();
    await page.getByLabel(/^Period start/).fill("2026-04-01");
    await page.getByLabel(/^Period end/).fill("2026-05-15");
    await page.getByTestId("category-A").getByRole("checkbox").check();
    await page.getByRole("button", { name: "Create engagement" }).click();

    const error = page.getByTestId("form-error");
    await error.waitFor();
    expect(await text(error)).toContain(
      "A Type 2 period must be between 3 and 12 months; 2026-04-01 to 2026-05-15 is",
    );
    expect(new URL(page.url()).pathname).toBe("/engagements/new");

    await page.getByLabel(/^Period end/).fill("2026-09-30");
    await page.getByRole("button", { name: "Create engagement" }).click();
    await page.waitForURL(/\/engagements\/[0-9a-f-]{36}$/);
    engagementUrl = page.url();
    await page.getByTestId("engagement-name").waitFor();
    expect(await text(page.getByTestId("engagement-name"))).toBe("Paysetu SOC 2 Type 2 H1 2026-27");
    expect(await text(page.getByTestId("engagement-client"))).toBe(DEMO_CLIENT);
    expect(await text(page.getByTestId("engagement-period"))).toBe("1 Apr 2026 – 30 Sep 2026");
    const statuses = await page
      .getByTestId("stage-stepper")
      .locator("[data-status]")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-status")));
    expect(statuses).toEqual(["current", ...Array(9).fill("upcoming")]);
    expect(await text(page.getByTestId("scope-form").getByTestId("period-months"))).toBe(
      "Period length: 6 months",
    );
    const security = page.getByTestId("scope-form").getByTestId("category-CC").getByRole("checkbox");
    expect(await security.isChecked()).toBe(true);
    expect(await security.isDisabled()).toBe(true);
    const availability = page.getByTestId("scope-form").getByTestId("category-A").getByRole("checkbox");
    expect(await availability.isChecked()).toBe(true);
    expect(
      await page.getByTestId("scope-form").getByTestId("category-C").getByRole("checkbox").isChecked(),
    ).toBe(false);
  });

  it("refuses a stage move with every reason, then moves once scope, quote and letter are done", async () => {
    expect(engagementUrl, "the engagement from the previous test").not.toBe("");
    const { page, watch } = await openPartnerPage();
    watch.allow(/409 \(Conflict\) @ .*\/api\/engagements\/[^/]+\/stage$/);
    await page.goto(engagementUrl);
    await page.getByTestId("engagement-name").waitFor();

    await page.getByRole("button", { name: "Move to Audit program" }).click();
    const refusal = page.getByTestId("stage-refusal");
    await refusal.waitFor();
    expect(await text(refusal)).toContain("The engagement cannot move to Audit program yet");
    const items = refusal.getByTestId("stage-refusal-item");
    const guards = await items.evaluateAll((els) => els.map((el) => el.getAttribute("data-guard")));
    expect(guards).toEqual(["service-in-scope", "quote-approved", "engagement-letter-signed"]);
    const messages = await items.allInnerTexts();
    expect(messages[0]).toMatch(/No service is inside the system boundary/);
    expect(messages[1]).toMatch(/quote has not been approved by a partner/);
    expect(messages[2]).toMatch(/engagement letter has not been signed/);
    expect(await page.getByTestId("stage-step-scoping").getAttribute("data-status")).toBe("current");
    await page.reload();
    await page.getByTestId("engagement-name").waitFor();
    expect(await page.getByTestId("stage-step-scoping").getAttribute("data-status")).toBe("current");

    // Scope: one service inside the system boundary.
    const services = page.getByTestId("boundary-services");
    await services.fill("Merchant payouts API");
    await services.press("Enter");
    await waitForText(page.getByTestId("scope-dirty"), "You have unsaved changes.");
    await page.getByRole("button", { name: "Save scope" }).click();
    await waitForText(page.getByTestId("scope-dirty"), "All changes saved.");
    await page
      .locator('[data-testid="blocker"][data-guard="service-in-scope"]')
      .waitFor({ state: "detached" });
    expect(await text(page.getByTestId("system-boundary"))).toContain("Merchant payouts API");

    // Quote: price it, then approve it (the partner).
    await page.getByTestId("tab-quote").click();
    await page.getByTestId("no-quote").waitFor();
    await page.getByLabel(/^Employees/).fill("180");
    await page.getByRole("button", { name: "Create quote" }).click();
    const card = page.getByTestId("engagement-quote");
    await card.waitFor();
    expect(await text(card.getByTestId("quote-total"))).toMatch(/^₹[\d,]+$/);
    expect(await text(card)).toMatch(/\bDraft\b/i);
    await card.getByRole("button", { name: "Approve quote" }).click();
    const approved = page.getByTestId("quote-approved");
    await approved.waitFor();
    expect(await text(approved)).toContain("Approved by Priya Raghavan");
    await page.locator('[data-testid="blocker"][data-guard="quote-approved"]').waitFor({ state: "detached" });

    // The signed engagement letter, recorded by the partner from the blocker list.
    await page.getByRole("button", { name: "Record signed letter" }).click();
    await page.getByTestId("no-blockers").waitFor();
    await waitForText(page.getByTestId("next-step"), "Engagement letter signed");

    await page.getByRole("button", { name: "Move to Audit program" }).click();
    await page.locator('[data-testid="stage-step-audit_program"][data-status="current"]').waitFor();
    expect(await page.getByTestId("stage-step-scoping").getAttribute("data-status")).toBe("done");

    // The next move needs an approved audit program, which does not exist yet.
    await page.getByRole("button", { name: "Move to System description review" }).click();
    await refusal.waitFor();
    const next = await refusal.getByTestId("stage-refusal-item").allInnerTexts();
    expect(next.join("\n")).toMatch(/The audit program has not been approved/);
    expect(await page.getByTestId("stage-step-audit_program").getAttribute("data-status")).toBe("current");
  });

  it("shows these actions in the audit trail and verifies the hash chain intact", async () => {
    const { page } = await openPartnerPage();
    await page.goto(`${server.url}/`);
    await page.getByTestId("nav-audit-trail").click();
    await page.getByRole("heading", { name: "Audit trail", exact: true }).waitFor();
    await page.getByTestId("audit-event").first().waitFor();
    const actions = await page
      .getByTestId("audit-event")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-action")));
    for (const action of [
      "enquiry.received",
      "enquiry.converted",
      "engagement.created",
      "engagement.scope_updated",
      "quote.created",
      "quote.approved",
      "engagement.letter_signed",
      "engagement.stage_changed",
    ]) {
      expect(actions, action).toContain(action);
    }
    // Newest first: the move to Audit program is the latest change to an engagement.
    const moved = page.locator('[data-testid="audit-event"][data-action="engagement.stage_changed"]').first();
    expect(await text(moved)).toContain("Priya Raghavan");
    expect(await text(moved)).toMatch(/scoping.*→.*audit_program/s);

    // Filter by action.
    await page.getByTestId("audit-filter-action").fill("quote.approved");
    await page.waitForFunction(() => {
      const doc = (
        globalThis as unknown as {
          document: { querySelectorAll(s: string): { getAttribute(a: string): string | null }[] };
        }
      ).document;
      const rows = [...doc.querySelectorAll('[data-testid="audit-event"]')];
      return rows.length > 0 && rows.every((r) => r.getAttribute("data-action") === "quote.approved");
    });

    await page.getByRole("button", { name: "Verify chain" }).click();
    const result = page.getByTestId("verify-result");
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute("data-intact")).toBe("true");
    expect(await text(result)).toContain("The chain is intact");
    expect(await text(result)).toMatch(/\d+ events checked/);
  });
});
