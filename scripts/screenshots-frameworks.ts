/**
 * Screenshots of the framework pages for the docs, on the demo client signed in as its organization
 * admin: the SOC 2 + DPDP view, GDPR by framework, and "What else it satisfies" on a control.
 *
 *   npm run build && npx tsx scripts/screenshots-frameworks.ts
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
const VIEW = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale: "en-IN" };

const shot = async (page: Page, name: string, fullPage = false) => {
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(400);
  await page.screenshot({
    path: join(outDir, `${name}.png`),
    animations: "disabled",
    caret: "hide",
    fullPage,
  });
  process.stdout.write(`saved docs/screenshots/${name}.png\n`);
};

assertWebBuilt();
mkdirSync(outDir, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), "fw-shots-frameworks-"));
const server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" }, timeoutMs: 150_000 });
const browser = await launchBrowser();
try {
  const secrets = await waitForDemoSecrets(server.output);
  const admin = await signInHttp(server.url, ADMIN, DEMO_PASSWORD, secrets.get(ADMIN));
  const { body } = await admin.request<{ memberships: { tenantKind: string; tenantId: string }[] }>(
    "GET",
    "/api/auth/session",
  );
  const orgId = body.memberships.find((m) => m.tenantKind === "org")!.tenantId;
  const controls = await admin.request<{ controls: { id: string; code: string; criteria: string[] }[] }>(
    "GET",
    `/api/organizations/${orgId}/controls`,
  );
  const page = await (await browser.newContext(VIEW)).newPage();
  await signInUi(page, server.url, ADMIN, { secret: secrets.get(ADMIN) });
  await page.goto(`${server.url}/frameworks`);
  await page.getByTestId("framework-summary").first().waitFor();
  await shot(page, "frameworks-soc2-dpdp");
  await page.goto(`${server.url}/frameworks?fwtab=frameworks&framework=gdpr`);
  await page.getByTestId("framework-summary").first().waitFor();
  await shot(page, "frameworks-gdpr");
  await page.goto(`${server.url}/frameworks?fwtab=frameworks&framework=hipaa-security`);
  await page.getByTestId("framework-requirements").first().waitFor();
  await shot(page, "frameworks-hipaa-full", true);
  const incident =
    controls.body.controls.find((c) => c.criteria.includes("CC7.4")) ?? controls.body.controls[0]!;
  await page.goto(`${server.url}/controls/${incident.id}`);
  const panel = page.getByTestId("control-frameworks");
  await panel.waitFor();
  await panel.getByTestId("control-framework").first().click();
  await panel.scrollIntoViewIfNeeded();
  await shot(page, "frameworks-control-panel");
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
