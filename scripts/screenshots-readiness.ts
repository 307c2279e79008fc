/**
 * Screenshots of the readiness workspace for the docs, on the demo client (signed in as its
 * organization admin, and as an employee for the acknowledgement inbox).
 *
 *   npx vite build --config web/vite.config.ts && npx tsx scripts/screenshots-readiness.ts
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

const shot = async (page: Page, name: string) => {
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(outDir, `${name}.png`), animations: "disabled", caret: "hide" });
  process.stdout.write(`saved docs/screenshots/${name}.png\n`);
};

assertWebBuilt();
mkdirSync(outDir, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), "fw-shots-readiness-"));
const server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
const browser = await launchBrowser();
try {
  const secrets = await waitForDemoSecrets(server.output);
  const admin = await signInHttp(server.url, ADMIN, DEMO_PASSWORD, secrets.get(ADMIN));
  const { body } = await admin.request<{ memberships: { tenantKind: string; tenantId: string }[] }>(
    "GET",
    "/api/auth/session",
  );
  const orgId = body.memberships.find((m) => m.tenantKind === "org")!.tenantId;
  const controls = await admin.request<{ controls: { id: string; code: string }[] }>(
    "GET",
    `/api/organizations/${orgId}/controls`,
  );
  const engagements = await admin.request<{ engagements: { id: string }[] }>("GET", "/api/engagements");
  const engagementId = engagements.body.engagements[0]!.id;
  const page = await (await browser.newContext(VIEW)).newPage();
  await signInUi(page, server.url, ADMIN, { secret: secrets.get(ADMIN) });
  await shot(page, "readiness");
  await page.goto(`${server.url}/controls`);
  await shot(page, "controls");
  const iam02 = controls.body.controls.find((c) => c.code === "IAM-02")!;
  await page.goto(`${server.url}/controls/${iam02.id}`);
  await shot(page, "control-evidence");
  await page.goto(`${server.url}/policies`);
  await shot(page, "policies");
  await page.goto(`${server.url}/engagements/${engagementId}?tab=description`);
  await shot(page, "system-description");
  const employee = await (await browser.newContext(VIEW)).newPage();
  await signInUi(employee, server.url, "employee@paysetu.example");
  await employee.goto(`${server.url}/acknowledgements`);
  await shot(employee, "acknowledgements");
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
