/**
 * Screenshots of the imported frameworks page for the docs, on the demo client: its control owner
 * imports the NIST SP 800-53 rev 5 excerpt, the LOW baseline profile and a vendor's component
 * definition from test/fixtures/oscal, then the page is taken with the catalog and the profile open.
 *
 *   npx vite build --config web/vite.config.ts && npx tsx scripts/screenshots-oscal-import.ts
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { launchBrowser } from "../test/support/browser.js";
import { startServerProcess } from "../test/support/process.js";
import { assertWebBuilt, DEMO_PASSWORD, signInHttp, signInUi } from "../test/support/ui.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const outDir = join(root, "docs", "screenshots");
const OWNER = "devops@paysetu.example";
const VIEW = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale: "en-IN" };
const fixture = (name: string) => readFileSync(join(root, "test", "fixtures", "oscal", name), "utf8");

const shot = async (page: Page, name: string) => {
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(outDir, `${name}.png`), animations: "disabled", caret: "hide" });
  process.stdout.write(`saved docs/screenshots/${name}.png\n`);
};

assertWebBuilt();
mkdirSync(outDir, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), "fw-shots-oscal-"));
const server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
const browser = await launchBrowser();
try {
  const owner = await signInHttp(server.url, OWNER, DEMO_PASSWORD);
  const { body } = await owner.request<{ memberships: { tenantKind: string; tenantId: string }[] }>(
    "GET",
    "/api/auth/session",
  );
  const orgId = body.memberships.find((m) => m.tenantKind === "org")!.tenantId;
  const vendor = await owner.request<{ vendor: { id: string } }>(
    "POST",
    `/api/organizations/${orgId}/vendors`,
    { name: "Kavach Cloud Logging", service: "Log collection and retention, Mumbai", tier: 2 },
  );
  const post = async (query: string, name: string) => {
    const res = await owner.request<unknown>(
      "POST",
      `/api/organizations/${orgId}/oscal/import?${query}`,
      JSON.parse(fixture(name)),
    );
    if (res.status !== 201)
      throw new Error(`import of ${name} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as { framework?: { id: string } };
  };
  await post("sourceName=NIST_SP-800-53_rev5_catalog.json", "nist-800-53-rev5-excerpt.json");
  const profile = await post("", "nist-800-53-rev5-low-excerpt-profile.json");
  await post(`vendorId=${vendor.body.vendor.id}`, "vendor-component-definition.json");
  const page = await (await browser.newContext(VIEW)).newPage();
  await signInUi(page, server.url, OWNER);
  await page.goto(`${server.url}/imported-frameworks`);
  await page.getByTestId("imported-controls").waitFor();
  await shot(page, "oscal-imported-catalog");
  await page.getByTestId(`imported-framework-${profile.framework!.id}`).click();
  await page.getByTestId("imported-control-ia-2.1").waitFor();
  await shot(page, "oscal-imported-profile");
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
