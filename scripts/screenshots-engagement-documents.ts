/**
 * Screenshots of engagement documents for the docs, on the demo data: a new engagement of the demo
 * client gets an approved quote and an engagement letter sent by the manager; the firm's Documents
 * tab, the organization admin's acceptance page (filled in), and the acceptance record afterwards.
 *
 *   npx vite build --config web/vite.config.ts && npx tsx scripts/screenshots-engagement-documents.ts
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
const MANAGER = "manager@mehtaraman.example";
const PARTNER = "partner@mehtaraman.example";
const VIEW = { viewport: { width: 1440, height: 1100 }, deviceScaleFactor: 1, locale: "en-IN" };

const shot = async (page: Page, name: string) => {
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(400);
  await page.screenshot({
    path: join(outDir, `${name}.png`),
    animations: "disabled",
    caret: "hide",
    fullPage: true,
  });
  process.stdout.write(`saved docs/screenshots/${name}.png\n`);
};

assertWebBuilt();
mkdirSync(outDir, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), "fw-shots-documents-"));
const server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
const browser = await launchBrowser();
try {
  const secrets = await waitForDemoSecrets(server.output);
  const manager = await signInHttp(server.url, MANAGER, DEMO_PASSWORD);
  const partner = await signInHttp(server.url, PARTNER, DEMO_PASSWORD, secrets.get(PARTNER));
  const engagements = await manager.request<{ engagements: { id: string; organization?: { id: string } }[] }>(
    "GET",
    "/api/engagements",
  );
  const demo = await manager.request<{ engagement: { organization: { id: string } } }>(
    "GET",
    `/api/engagements/${engagements.body.engagements[0]!.id}`,
  );
  const orgId = demo.body.engagement.organization.id;
  const created = await manager.request<{ id: string }>("POST", `/api/organizations/${orgId}/engagements`, {
    name: "Paysetu SOC 2 Type 2 FY 2027-28",
    type: "type2",
    periodStart: "2027-04-01",
    periodEnd: "2028-03-31",
    firstReport: false,
    categories: ["CC", "A", "C"],
    boundary: {
      services: ["UPI payment gateway", "Merchant settlement dashboard"],
      infrastructure: ["AWS ap-south-1"],
      locations: ["Mumbai"],
    },
  });
  const id = created.body.id;
  await manager.request("POST", `/api/engagements/${id}/subservice-orgs`, {
    name: "Amazon Web Services",
    service: "Cloud hosting in ap-south-1",
    method: "carve-out",
  });
  const quote = await manager.request<{ id: string }>("POST", `/api/engagements/${id}/quotes`, {
    employees: 200,
    systems: 9,
    locations: 3,
    vendors: 15,
    currency: "INR",
  });
  await partner.request("POST", `/api/engagements/${id}/quotes/${quote.body.id}/approve`);
  const letter = await manager.request<{ id: string }>("POST", `/api/engagements/${id}/documents`, {
    kind: "engagement-letter",
  });
  await manager.request("POST", `/api/engagement-documents/${letter.body.id}/send`);

  const firm = await (await browser.newContext(VIEW)).newPage();
  await signInUi(firm, server.url, MANAGER);
  await firm.goto(`${server.url}/engagements/${id}?tab=documents`);
  await firm.getByTestId("documents-tab").waitFor();
  await shot(firm, "engagement-documents-firm");

  const org = await (await browser.newContext(VIEW)).newPage();
  await signInUi(org, server.url, ADMIN, { secret: secrets.get(ADMIN) });
  await org.goto(`${server.url}/engagement-documents`);
  await org.getByTestId("pending-document").waitFor();
  await org.getByTestId("accept-name").fill("Neha Kulkarni");
  await org.getByTestId("accept-title").fill("Head of Compliance");
  await org.getByTestId("accept-agree").check();
  await shot(org, "engagement-documents-accept");
  await org.getByTestId("accept-submit").click();
  await org.getByTestId("acceptance-record").first().waitFor();
  await org.goto(`${server.url}/engagements/${id}?tab=documents`);
  await org.getByTestId("acceptance-record").first().waitFor();
  await shot(org, "engagement-documents-accepted");
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
