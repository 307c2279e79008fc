/**
 * Screenshots of the vendor register for the docs, on the demo client with the demo vendors (loaded
 * here when the demo does not load them yet): the list, AWS with its period gap, the KYC provider's
 * scored questionnaire, and the public questionnaire page a vendor opens.
 *
 *   npx vite build --config web/vite.config.ts && npx tsx scripts/screenshots-governance-vendors.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { loadConfig } from "../src/app/config.js";
import { loadDemoIfEmpty } from "../src/app/demo.js";
import { demoActor } from "../src/app/demo-actor.js";
import { loadVendorsDemo } from "../src/app/demo-vendors.js";
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
const dataDir = mkdtempSync(join(tmpdir(), "fw-shots-vendors-"));
// The demo first, in process, with the vendor register when the demo has none yet.
const context = await openAppContext(
  loadConfig({}, { dataDir, demo: true, logLevel: "silent", runWorker: false }),
);
await loadDemoIfEmpty(context.deps);
const orgAdmin = await demoActor(context.deps, ADMIN);
const orgId = orgAdmin.memberships.find((m) => m.tenantKind === "org")?.tenantId ?? "";
const existing = await context.deps.db
  .selectFrom("vendors")
  .select("id")
  .where("org_id", "=", orgId)
  .execute();
if (existing.length === 0) {
  await loadVendorsDemo(context.deps, {
    orgId,
    orgAdmin,
    controlOwner: await demoActor(context.deps, OWNER),
  });
}
await context.close();

const server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
const browser = await launchBrowser();
try {
  const secrets = await waitForDemoSecrets(server.output);
  const owner = await signInHttp(server.url, OWNER, DEMO_PASSWORD);
  const list = await owner.request<{ vendors: { id: string; name: string }[] }>(
    "GET",
    `/api/organizations/${orgId}/vendors`,
  );
  const idOf = (name: string) => list.body.vendors.find((v) => v.name === name)?.id ?? "";
  const page = await (await browser.newContext(VIEW)).newPage();
  await signInUi(page, server.url, ADMIN, { secret: secrets.get(ADMIN) });
  await page.goto(`${server.url}/vendors`);
  await page.getByTestId("vendors-table").waitFor();
  await shot(page, "governance-vendors-list");
  await page.goto(`${server.url}/vendors/${idOf("Amazon Web Services")}`);
  await page.getByTestId("vendor-warning").first().waitFor();
  await shot(page, "governance-vendors-aws-gap");
  await page.goto(`${server.url}/vendors/${idOf("VeriKYC Technologies")}`);
  await page.getByTestId("questionnaire-row").first().getByRole("button", { name: "Answers" }).click();
  await page.getByTestId("questionnaire-detail").waitFor();
  await shot(page, "governance-vendors-questionnaire-scored");
  // A fresh link, opened by the vendor without an account.
  const link = await owner.request<{ path: string }>(
    "POST",
    `/api/vendors/${idOf("Sandesh SMS Gateway")}/questionnaires`,
    {
      expiresInDays: 14,
    },
  );
  const vendorPage = await (await browser.newContext(VIEW)).newPage();
  await vendorPage.goto(`${server.url}${link.body.path}`);
  await vendorPage.getByTestId("questionnaire-form").waitFor();
  await shot(vendorPage, "governance-vendors-questionnaire-public");
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
