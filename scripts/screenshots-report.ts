/**
 * Screenshots of report issuance for the docs, on the demo data, signed in as the demo partner:
 * the sign dialog on Kirana Ledger's Type 1 with every issuance check passing, the same dialog
 * offering a recovery code, and Paysetu's issued CY 2025 report with its signature details.
 *
 *   npx vite build --config web/vite.config.ts && npx tsx scripts/screenshots-report.ts
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
const PARTNER = "partner@mehtaraman.example";
const VIEW = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale: "en-IN" };

const shot = async (page: Page, name: string) => {
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(outDir, `${name}.png`), animations: "disabled", caret: "hide" });
  process.stdout.write(`saved docs/screenshots/${name}.png\n`);
};

assertWebBuilt();
mkdirSync(outDir, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), "fw-shots-report-"));
const server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" }, timeoutMs: 90_000 });
const browser = await launchBrowser();
try {
  const secret = (await waitForDemoSecrets(server.output)).get(PARTNER);
  const partner = await signInHttp(server.url, PARTNER, DEMO_PASSWORD, secret);
  const { body } = await partner.request<{ engagements: { id: string; name: string }[] }>(
    "GET",
    "/api/engagements",
  );
  const idOf = (prefix: string) => body.engagements.find((e) => e.name.startsWith(prefix))?.id ?? "";
  const page = await (await browser.newContext(VIEW)).newPage();
  await signInUi(page, server.url, PARTNER, { secret });
  await page.goto(`${server.url}/engagements/${idOf("Kirana Ledger")}?tab=report`);
  await page.getByTestId("open-issue-dialog").click();
  await page.getByTestId("issuance-checks").waitFor();
  await shot(page, "report-sign-dialog");
  await page.getByTestId("issue-toggle-recovery").click();
  await page.getByTestId("issue-recovery-code").waitFor();
  await shot(page, "report-sign-recovery-code");
  await page.keyboard.press("Escape");
  await page.goto(`${server.url}/engagements/${idOf("Paysetu SOC 2 Type 2 CY 2025")}?tab=report`);
  await page.getByTestId("issued-report").waitFor();
  await shot(page, "report-issued");
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
