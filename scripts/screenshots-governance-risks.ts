/**
 * Screenshots of the risk register for the docs, on the demo client signed in as its organization
 * admin: the register with the heat map, a cell filter, a risk with its history, the assessments
 * with the trend, and an approved assessment. If the demo does not load the register yet, the
 * script loads it into the server's database itself.
 *
 *   npx vite build --config web/vite.config.ts && npx tsx scripts/screenshots-governance-risks.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { loadConfig } from "../src/app/config.js";
import { demoActor } from "../src/app/demo-actor.js";
import { loadRisksDemo } from "../src/app/demo-risks.js";
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
const VIEW = { viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1, locale: "en-IN" };

const shot = async (page: Page, name: string) => {
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(500);
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
const dataDir = mkdtempSync(join(tmpdir(), "fw-shots-risks-"));
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
  let list = await admin.request<{ total: number; risks: { id: string; ref: string; treatment: string }[] }>(
    "GET",
    `/api/organizations/${orgId}/risks`,
  );
  if (list.body.total === 0) {
    const context = await openAppContext(
      loadConfig({}, { dataDir, demo: false, logLevel: "silent", runWorker: false }),
    );
    try {
      await loadRisksDemo(context.deps, {
        orgId,
        orgAdmin: await demoActor(context.deps, ADMIN),
        controlOwner: await demoActor(context.deps, "devops@paysetu.example"),
      });
    } finally {
      await context.close();
    }
    list = await admin.request("GET", `/api/organizations/${orgId}/risks`);
  }
  const assessments = await admin.request<{ assessments: { id: string; status: string }[] }>(
    "GET",
    `/api/organizations/${orgId}/risk-assessments`,
  );
  const page = await (await browser.newContext(VIEW)).newPage();
  await signInUi(page, server.url, ADMIN, { secret: secrets.get(ADMIN) });
  await page.goto(`${server.url}/risks`);
  await page.getByTestId("risks-table").waitFor();
  await shot(page, "governance-risks-register");
  await page.getByTestId("heat-cell-4-4").click();
  await shot(page, "governance-risks-cell-filter");
  await page.getByTestId("risk-add").click();
  await page.getByTestId("risk-form").waitFor();
  await page.getByTestId("risk-treatment").click();
  await page.getByRole("option", { name: "Accept" }).click();
  await page.waitForTimeout(300);
  await page.screenshot({
    path: join(outDir, "governance-risks-form.png"),
    animations: "disabled",
    caret: "hide",
  });
  process.stdout.write("saved docs/screenshots/governance-risks-form.png\n");
  await page.keyboard.press("Escape");
  const kyc = list.body.risks.find((r) => r.treatment === "accept") ?? list.body.risks[0]!;
  await page.goto(`${server.url}/risks/${kyc.id}`);
  await page.getByTestId("risk-history").waitFor();
  await shot(page, "governance-risks-detail");
  await page.goto(`${server.url}/risks?tab=assessments`);
  await page.getByTestId("assessments-table").waitFor();
  await shot(page, "governance-risks-assessments");
  const approved = assessments.body.assessments.find((a) => a.status === "approved");
  if (approved) {
    await page.goto(`${server.url}/risks/assessments/${approved.id}`);
    await page.getByTestId("assessment-approved").waitFor();
    await shot(page, "governance-risks-assessment-approved");
  }
  const draft = assessments.body.assessments.find((a) => a.status === "draft");
  if (draft) {
    await page.goto(`${server.url}/risks/assessments/${draft.id}`);
    await page.getByTestId("assessment-detail").waitFor();
    await shot(page, "governance-risks-assessment-draft");
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
