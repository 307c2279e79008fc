/**
 * Screenshots of the web UI for the docs: starts a fresh `fieldwork serve` with the demo data,
 * signs in as the demo partner in Chromium at 1440×900 and saves PNGs into docs/screenshots/.
 *
 *   npx vite build --config web/vite.config.ts   # the server serves the built UI
 *   npx tsx scripts/screenshots.ts
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { chromiumAvailable, launchBrowser } from "../test/support/browser.js";
import { startServerProcess } from "../test/support/process.js";
import {
  assertWebBuilt,
  DEMO_PASSWORD,
  freshTotp,
  signInHttp,
  waitForDemoSecrets,
} from "../test/support/ui.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const outDir = join(root, "docs", "screenshots");
const PARTNER = "partner@mehtaraman.example";
// Indian English, like the demo firm: dates in the date pickers read dd/mm/yyyy.
const VIEW = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale: "en-IN" };
const MANAGER = "manager@mehtaraman.example";

const main = async () => {
  if (!chromiumAvailable()) throw new Error("Chromium is needed (apt-get install chromium).");
  assertWebBuilt();
  mkdirSync(outDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), "fw-screenshots-"));
  const server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
  const browser = await launchBrowser();
  try {
    const secrets = await waitForDemoSecrets(server.output);
    const partnerSecret = secrets.get(PARTNER)!;
    const context = await browser.newContext(VIEW);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const saved: string[] = [];
    const shot = async (name: string, p: Page = page) => {
      // No hover tooltips; let transitions and debounced quotes settle.
      await p.mouse.move(1439, 899);
      await p.waitForTimeout(400);
      const path = join(outDir, name);
      await p.screenshot({ path, animations: "disabled", caret: "hide" });
      saved.push(`${name} (${Math.round(statSync(path).size / 1024)} kB)`);
    };

    // The public enquiry page, as a prospect sees it (no sign-in).
    const visitor = await browser.newContext(VIEW);
    const pub = await visitor.newPage();
    await pub.goto(`${server.url}/f/mehta-raman`);
    await pub.getByLabel(/^Company/).fill("Tiffin Ledger Technologies Pvt. Ltd.");
    await pub.getByLabel(/^Your name/).fill("Rhea Menon");
    await pub.getByLabel(/^Email/).fill("rhea@tiffinledger.example");
    await pub.getByLabel(/^City/).fill("Pune");
    await pub.getByRole("textbox", { name: "Sector" }).click();
    await pub.getByRole("option", { name: "Fintech and BFSI" }).click();
    await pub.getByLabel(/^Employees/).fill("240");
    await pub.getByLabel("Transaction processing").check();
    await pub.getByTestId("live-quote").getByTestId("quote-total").waitFor();
    await pub.waitForTimeout(800);
    await pub.getByTestId("quote-loading").waitFor({ state: "detached" });
    await pub.evaluate("window.scrollTo(0, 0)");
    await shot("public-enquiry.png", pub);
    await visitor.close();

    // Sign-in: the password step, then the authentication-code step.
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Email").fill(PARTNER);
    await page.getByLabel(/^Password/).fill(DEMO_PASSWORD);
    await shot("login.png");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel("Authentication code").waitFor();
    await shot("login-mfa.png");
    await page.getByLabel("Authentication code").fill(await freshTotp(partnerSecret));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByTestId("kpi-clients").waitFor();
    await page.getByTestId("pipeline").waitFor();
    await shot("dashboard.png");

    // Two engagements in Scoping, created by the engagement manager over the API: one with its
    // scope filled in (the scope is editable only in Scoping), one fresh (for a refused move).
    const manager = await signInHttp(server.url, MANAGER, DEMO_PASSWORD);
    const { body: list } = await manager.request<{ engagements: { organizationId: string }[] }>(
      "GET",
      "/api/engagements",
    );
    const orgId = list.engagements[0]?.organizationId;
    if (!orgId) throw new Error("the demo engagement has no organization id");
    const create = async (body: Record<string, unknown>) => {
      const res = await manager.request<{ id: string }>(
        "POST",
        `/api/organizations/${orgId}/engagements`,
        body,
      );
      if (res.status !== 201) throw new Error(`engagement not created: ${JSON.stringify(res.body)}`);
      return res.body.id;
    };
    const scoped = await create({
      name: "Paysetu SOC 2 Type 2 H2 2027",
      type: "type2",
      periodStart: "2027-04-01",
      periodEnd: "2027-09-30",
      firstReport: false,
      categories: ["CC", "A", "C"],
      boundary: {
        services: ["UPI payment gateway", "Merchant settlement and reconciliation"],
        infrastructure: ["AWS ap-south-1 (EKS, RDS PostgreSQL)", "Okta workforce identity", "GitHub Actions"],
        locations: ["Mumbai office (Lower Parel)", "AWS ap-south-1"],
        handles: {
          personalData: true,
          transactionProcessing: true,
          uptimeCommitments: true,
          confidentialClientData: false,
        },
      },
    });
    const fresh = await create({
      name: "Paysetu SOC 2 Type 1 2026",
      type: "type1",
      asOfDate: "2026-12-31",
      firstReport: true,
      categories: ["CC", "C"],
    });

    const tabsAtTop = async () => {
      // Scroll so the tabs sit just under the header, with their content below.
      const top = await page
        .getByTestId("tab-scope")
        .evaluate((tab: { getBoundingClientRect(): { top: number } }) => tab.getBoundingClientRect().top);
      await page.evaluate(`window.scrollBy(0, ${Math.round(top) - 72})`);
    };
    await page.goto(`${server.url}/engagements/${scoped}`);
    await page.getByTestId("system-boundary").waitFor();
    await tabsAtTop();
    await shot("engagement-scope.png");

    // The demo engagement's approved quote.
    await page.getByTestId("nav-engagements").click();
    await page.getByRole("link", { name: "Paysetu SOC 2 Type 2 FY 2026-27" }).first().click();
    await page.getByTestId("engagement-name").waitFor();
    await page.getByTestId("tab-quote").click();
    await page.getByTestId("engagement-quote").waitFor();
    await tabsAtTop();
    await shot("engagement-quote.png");

    // A refused move on the fresh engagement.
    await page.goto(`${server.url}/engagements/${fresh}`);
    await page.getByRole("button", { name: "Move to Audit program" }).click();
    await page.getByTestId("stage-refusal").waitFor();
    await shot("engagement-refusal.png");

    // Enquiries with the demo enquiry open.
    await page.getByTestId("nav-enquiries").click();
    await page.getByTestId("enquiry-row").first().getByRole("link").click();
    await page.getByTestId("enquiry-detail").waitFor();
    await shot("enquiries.png");
    await page.keyboard.press("Escape");

    // The audit trail after verifying the chain.
    await page.getByTestId("nav-audit-trail").click();
    await page.getByTestId("audit-event").first().waitFor();
    await page.getByRole("button", { name: "Verify chain" }).click();
    await page.getByTestId("verify-result").waitFor({ timeout: 30_000 });
    await shot("audit-trail.png");

    process.stdout.write(`Saved in ${outDir}:\n${saved.map((s) => `  ${s}`).join("\n")}\n`);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
