/**
 * Report currency and the builders through the real UI in Chromium, on the demo data: Paysetu's CY
 * 2025 report (current until 31 December 2026). The partner's dashboard lists it at the level the API
 * computes and the SOC 3 builder shows the published SOC 3; the organization admin follows the banner
 * to the bridge-letter builder, previews, signs and issues a letter, and the banner stops offering one.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { describeInBrowser, launchBrowser } from "../support/browser.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";
import {
  assertWebBuilt,
  DEMO_PASSWORD,
  type HttpSession,
  signInHttp,
  signInUi,
  waitForDemoSecrets,
  watchConsole,
} from "../support/ui.js";

const ADMIN = "compliance@paysetu.example";
const PARTNER = "partner@mehtaraman.example";

interface OrgCurrency {
  currency: {
    level: string;
    warn: boolean;
    offers: { bridgeLetter: boolean };
    report: { engagementId: string };
  } | null;
}

describeInBrowser("report currency and builders in the browser", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-currency-ui-"));
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let secrets: Map<string, string>;
  let admin: HttpSession;
  let orgId: string;
  const currency = async () =>
    (await admin.request<OrgCurrency>("GET", `/api/organizations/${orgId}/report-currency`)).body.currency;

  beforeAll(async () => {
    assertWebBuilt();
    server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
    browser = await launchBrowser();
    secrets = await waitForDemoSecrets(server.output);
    admin = await signInHttp(server.url, ADMIN, DEMO_PASSWORD, secrets.get(ADMIN));
    const session = await admin.request<{ memberships: { tenantKind: string; tenantId: string }[] }>(
      "GET",
      "/api/auth/session",
    );
    orgId = session.body.memberships.find((m) => m.tenantKind === "org")!.tenantId;
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  });

  it("lists the client on the partner's dashboard and shows the published SOC 3 in the builder", async () => {
    const c = await currency();
    expect(c?.warn).toBe(true);
    const watch = watchConsole(page);
    await signInUi(page, server.url, PARTNER, { secret: secrets.get(PARTNER) });
    const row = page.getByTestId("currency-row").filter({ hasText: "Paysetu" });
    await row.waitFor();
    expect(await row.getAttribute("data-level")).toBe(c?.level);
    await row.getByRole("link", { name: "SOC 2 Type 2", exact: true }).click();
    const builder = page.getByTestId("soc3-builder");
    await builder.waitFor();
    await expect.poll(() => builder.getByTestId("soc3-issued").textContent()).toContain("Public");
    expect(await builder.textContent()).toContain("System boundaries and principal service commitments");
    expect(watch.problems()).toEqual([]);
  });

  it("lets the organization admin issue a bridge letter from the banner", async () => {
    const watch = watchConsole(page);
    await signInUi(page, server.url, ADMIN, { secret: secrets.get(ADMIN) });
    await page.getByTestId("report-currency-banner").waitFor();
    await page.getByTestId("currency-bridge-letter").click();
    await page.getByTestId("bridge-letter-builder").waitFor();
    await page.getByTestId("bridge-signer-title").fill("Chief Executive Officer");
    await page.getByTestId("bridge-changes").fill("Moved the UPI switch to a second availability zone.");
    // The demo's disclosed incident after the period end (July 2026, merchant KYC documents) comes
    // from the incident register, so management need not confirm that there were none.
    expect(await page.getByTestId("bridge-letter-builder").textContent()).toContain(
      "merchant onboarding (KYC) documents",
    );
    expect(await page.getByTestId("bridge-preview").isDisabled()).toBe(false);
    await page.getByTestId("bridge-preview").click();
    const preview = page.getByTestId("bridge-letter-preview");
    await preview.waitFor();
    expect(await preview.textContent()).toContain("Moved the UPI switch to a second availability zone.");
    expect(await preview.textContent()).toContain("does not replace a SOC report");
    await page.getByTestId("bridge-issue").click();
    await page.getByTestId("bridge-issue-confirm").click();
    await page.getByTestId("bridge-letters-issued").waitFor();
    expect(await page.getByTestId("bridge-letters-issued").textContent()).toContain("Neha Kulkarni");
    expect((await currency())?.offers.bridgeLetter).toBe(false);
    await page.goto(`${server.url}/`);
    await page.getByTestId("report-currency-banner").waitFor();
    expect(await page.getByTestId("currency-bridge-letter").count()).toBe(0);
    expect(watch.problems()).toEqual([]);
  });
});
