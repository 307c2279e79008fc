/**
 * An access review through the real UI in Chromium on the demo server: the reviewer (devops@, a
 * control owner) keeps accounts in bulk and revokes one with a typed reason, closes the revocation
 * task with evidence of removal; the organization admin (compliance@, with MFA) signs off. The
 * campaign is set up over HTTP first, so the test does not depend on the demo's own campaigns.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeInBrowser, launchBrowser } from "../support/browser.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";
import {
  assertWebBuilt,
  DEMO_PASSWORD,
  signInHttp,
  signInUi,
  waitForDemoSecrets,
  watchConsole,
} from "../support/ui.js";

const OWNER = "devops@paysetu.example";
const ADMIN = "compliance@paysetu.example";

const MEMBERS = JSON.stringify([
  { login: "vikram-paysetu", id: 1, type: "User", site_admin: false, role_name: "admin" },
  { login: "ananya-iyer", id: 2, type: "User", site_admin: false, role_name: "member" },
  { login: "qa-vendor-testsprint", id: 3, type: "User", site_admin: false, role_name: "member" },
]);

describeInBrowser("access review in the browser", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-access-ui-"));
  let server: ServerProcess;
  let browser: Browser;
  let secrets: Map<string, string>;
  let campaignId: string;
  beforeAll(async () => {
    assertWebBuilt();
    server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
    secrets = await waitForDemoSecrets(server.output);
    browser = await launchBrowser();
    const admin = await signInHttp(server.url, ADMIN, DEMO_PASSWORD, secrets.get(ADMIN));
    const session = await admin.request<{ memberships: { tenantKind: string; tenantId: string }[] }>(
      "GET",
      "/api/auth/session",
    );
    const orgId = session.body.memberships.find((m) => m.tenantKind === "org")!.tenantId;
    const list = await admin.request<{ people: { id: string; email: string }[] }>(
      "GET",
      `/api/organizations/${orgId}/access-reviews`,
    );
    const owner = list.body.people.find((p) => p.email === OWNER)!;
    const created = await admin.request<{ campaign: { id: string }; systems: { id: string }[] }>(
      "POST",
      `/api/organizations/${orgId}/access-reviews`,
      {
        name: "Browser test: GitHub access review",
        dueDate: "2027-01-15",
        systems: [{ name: "GitHub (paysetu org)", ownerUserId: owner.id }],
      },
    );
    expect(created.status).toBe(201);
    campaignId = created.body.campaign.id;
    const imported = await admin.request(
      "POST",
      `/api/access-review-systems/${created.body.systems[0]!.id}/import`,
      {
        format: "github-members",
        content: MEMBERS,
      },
    );
    expect(imported.status).toBe(200);
    expect((await admin.request("POST", `/api/access-reviews/${campaignId}/launch`)).status).toBe(200);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const newPage = async (): Promise<Page> =>
    (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();

  it("lets the reviewer decide every account with one revocation, close it with evidence, and the admin sign off", async () => {
    const page = await newPage();
    const watch = watchConsole(page);
    await signInUi(page, server.url, OWNER);
    await page.goto(`${server.url}/access-reviews`);
    const task = page.getByTestId("access-review-task").filter({ hasText: "Browser test" });
    await task.getByRole("link").click();
    await page.getByTestId("completion").waitFor();
    expect(await page.getByTestId("completion").getAttribute("data-percent")).toBe("0");

    // Revoke the vendor's account with a typed reason.
    const vendor = page.locator('[data-testid="entry-row"][data-account="qa-vendor-testsprint"]');
    await vendor.getByTestId("entry-revoke").click();
    await page.getByTestId("decision-reason").fill("Testsprint's QA contract ended on 31 October 2026.");
    await page.getByTestId("decision-save").click();
    await expect.poll(() => vendor.getAttribute("data-decision")).toBe("revoke");

    // Keep the rest in bulk.
    await page.getByLabel("Select ananya-iyer").check();
    await page.getByLabel("Select vikram-paysetu").check();
    await page.getByTestId("bulk-keep").click();
    await expect
      .poll(() => page.getByTestId("completion").getAttribute("data-percent"), { timeout: 10_000 })
      .toBe("100");

    // Close the revocation task with evidence of removal.
    const taskRow = page.locator('[data-testid="task-row"][data-account="qa-vendor-testsprint"]');
    await taskRow.getByTestId("close-task").click();
    await page
      .getByTestId("close-task-note")
      .fill(
        "Removed qa-vendor-testsprint from the paysetu GitHub organization on 27 Nov 2026 (audit log entry org.remove_member).",
      );
    await page.getByTestId("close-task-submit").click();
    await expect.poll(() => taskRow.getAttribute("data-status")).toBe("closed");
    await taskRow.getByTestId("task-evidence").waitFor();
    expect(await page.getByTestId("campaign-status").getAttribute("data-status")).toBe("completed");
    // Only an organization admin signs off.
    expect(await page.getByTestId("sign-off").count()).toBe(0);
    expect(watch.problems()).toEqual([]);

    // The organization admin signs off.
    const adminPage = await newPage();
    const adminWatch = watchConsole(adminPage);
    await signInUi(adminPage, server.url, ADMIN, { secret: secrets.get(ADMIN)! });
    await adminPage.goto(`${server.url}/access-reviews/${campaignId}`);
    await adminPage.getByTestId("sign-off").click();
    await adminPage.getByTestId("signed-off").waitFor();
    expect(await adminPage.getByTestId("campaign-status").getAttribute("data-status")).toBe("signed_off");
    expect(await adminPage.getByTestId("completion").getAttribute("data-percent")).toBe("100");
    await expect.poll(() => adminPage.getByTestId("signed-off").textContent()).toMatch(/CC6\.2 and CC6\.3/);
    expect(await adminPage.getByTestId("entry-keep").count()).toBe(0);
    expect(adminWatch.problems()).toEqual([]);
  });
});
