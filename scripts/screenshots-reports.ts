/**
 * Screenshots of report currency and the SOC 3 and bridge-letter builders for the docs, on the demo
 * data: Paysetu's CY 2025 report is current until 31 December 2026, so the firm dashboard lists it and
 * the organization's dashboard shows the banner; the partner sees the SOC 3 builder and the
 * organization admin previews a bridge letter.
 *
 *   npm run build && npx tsx scripts/screenshots-reports.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { launchBrowser } from "../test/support/browser.js";
import { startServerProcess } from "../test/support/process.js";
import {
  assertWebBuilt,
  DEMO_PASSWORD,
  signInHttp,
  signInUi,
  waitForDemoSecrets,
} from "../test/support/ui.js";

const outDir = join(fileURLToPath(new URL("..", import.meta.url)), "docs", "screenshots");
const ADMIN = "compliance@paysetu.example";
const PARTNER = "partner@mehtaraman.example";
const VIEW = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale: "en-IN" };

const shot = async (page: Page, name: string, testId?: string) => {
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(400);
  const path = join(outDir, `${name}.png`);
  if (testId) await page.getByTestId(testId).first().screenshot({ path, animations: "disabled" });
  else await page.screenshot({ path, animations: "disabled", caret: "hide", fullPage: true });
  process.stdout.write(`saved docs/screenshots/${name}.png\n`);
};

assertWebBuilt();
mkdirSync(outDir, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), "fw-shots-reports-"));
const server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
const browser = await launchBrowser();
try {
  const secrets = await waitForDemoSecrets(server.output);
  const admin = await signInHttp(server.url, ADMIN, DEMO_PASSWORD, secrets.get(ADMIN));
  const list = await admin.request<{ engagements: { id: string; name: string }[] }>(
    "GET",
    "/api/engagements",
  );
  const previous = list.body.engagements.find((e) => e.name.includes("2025"));
  if (!previous) throw new Error("the demo has no 2025 engagement with an issued report");

  const partner = await (await browser.newContext(VIEW)).newPage();
  await signInUi(partner, server.url, PARTNER, { secret: secrets.get(PARTNER) });
  await partner.getByTestId("report-currency-card").waitFor();
  await shot(partner, "reports-currency-firm-card", "report-currency-card");
  await partner.goto(`${server.url}/engagements/${previous.id}?tab=report`);
  await partner.getByTestId("soc3-builder").waitFor();
  await shot(partner, "reports-soc3-builder", "soc3-builder");

  const org = await (await browser.newContext(VIEW)).newPage();
  await signInUi(org, server.url, ADMIN, { secret: secrets.get(ADMIN) });
  await org.getByTestId("report-currency-banner").waitFor();
  await org.setViewportSize({ width: 1440, height: 700 });
  await shot(org, "reports-currency-org-banner", "report-currency-banner");
  await org.getByTestId("currency-bridge-letter").click();
  await org.getByTestId("bridge-letter-builder").waitFor();
  await org.getByTestId("bridge-signer-title").fill("Chief Executive Officer");
  await org
    .getByTestId("bridge-changes")
    .fill("Moved the UPI switch to a second AWS Mumbai availability zone.");
  await org.getByTestId("bridge-none-confirmed").check();
  await org.getByTestId("bridge-preview").click();
  await org.getByTestId("bridge-letter-preview").waitFor();
  await shot(org, "reports-bridge-letter-builder", "bridge-letter-builder");
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
