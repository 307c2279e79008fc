/**
 * Screenshots of the access review pages for the docs, on the demo client. Until the demo loader
 * runs the access review demo itself, this script loads it into the server's database (SQLite, WAL)
 * from its own process, then signs in as the control owner (a reviewer) and the organization admin.
 *
 *   npm run build && npx tsx scripts/screenshots-governance-access.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { loadConfig } from "../src/app/config.js";
import { loadAccessReviewsDemo } from "../src/app/demo-access-reviews.js";
import { demoActor } from "../src/app/demo-actor.js";
import { openAppContext } from "../src/app/deps.js";
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
const OWNER = "devops@paysetu.example";
const VIEW = { viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1, locale: "en-IN" };

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
const dataDir = mkdtempSync(join(tmpdir(), "fw-shots-access-"));
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
  const existing = await admin.request<{ campaigns: { id: string; status: string }[] }>(
    "GET",
    `/api/organizations/${orgId}/access-reviews`,
  );
  if (existing.body.campaigns.length === 0) {
    const context = await openAppContext(
      loadConfig({}, { dataDir, databaseUrl: undefined, demo: false, logLevel: "silent", runWorker: false }),
    );
    try {
      await loadAccessReviewsDemo(context.deps, {
        orgId,
        orgAdmin: await demoActor(context.deps, ADMIN),
        controlOwner: await demoActor(context.deps, OWNER),
      });
    } finally {
      await context.close();
    }
  }
  const list = await admin.request<{ campaigns: { id: string; status: string }[] }>(
    "GET",
    `/api/organizations/${orgId}/access-reviews`,
  );
  const open = list.body.campaigns.find((c) => c.status === "open")!;
  const signed = list.body.campaigns.find((c) => c.status === "signed_off")!;

  const owner = await (await browser.newContext(VIEW)).newPage();
  await signInUi(owner, server.url, OWNER);
  await owner.goto(`${server.url}/access-reviews`);
  await shot(owner, "access-reviews");
  await owner.goto(`${server.url}/access-reviews/${open.id}`);
  await shot(owner, "access-review-open", true);
  await owner
    .locator('[data-testid="entry-row"][data-account="rahul.contractor"]')
    .getByTestId("entry-revoke")
    .click();
  await owner
    .getByTestId("decision-reason")
    .fill("Contract with the payments migration vendor ended on 15 November.");
  await shot(owner, "access-review-revoke");
  const page = await (await browser.newContext(VIEW)).newPage();
  await signInUi(page, server.url, ADMIN, { secret: secrets.get(ADMIN) });
  await page.goto(`${server.url}/access-reviews/${signed.id}`);
  await shot(page, "access-review-signed-off", true);
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
