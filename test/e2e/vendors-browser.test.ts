/**
 * The vendor register through the real UI in Chromium, on the demo client: the organization admin
 * (with MFA) opens Vendors and sees AWS — a subservice organization whose SOC 2 report ends months
 * before the engagement period does — flagged with a period gap in the list and on its page, with
 * the gap in months. When the demo has no vendor register, the control owner records AWS first.
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

const ADMIN = "compliance@paysetu.example";
const OWNER = "devops@paysetu.example";
const AWS = "Amazon Web Services";

interface VendorRow {
  id: string;
  name: string;
  warnings: { code: string; message: string }[];
}

describeInBrowser("vendor register in the browser", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-vendors-ui-"));
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    assertWebBuilt();
    server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    const owner = await signInHttp(server.url, OWNER, DEMO_PASSWORD);
    const session = await owner.request<{ memberships: { tenantKind: string; tenantId: string }[] }>(
      "GET",
      "/api/auth/session",
    );
    const orgId = session.body.memberships.find((m) => m.tenantKind === "org")!.tenantId;
    const list = await owner.request<{ vendors: VendorRow[] }>("GET", `/api/organizations/${orgId}/vendors`);
    if (!list.body.vendors.some((v) => v.name === AWS)) {
      // The engagement's subservice organizations become vendors; AWS's report ends in June 2026.
      await owner.request("POST", `/api/organizations/${orgId}/vendors/sync-subservice`);
      const again = await owner.request<{ vendors: VendorRow[] }>(
        "GET",
        `/api/organizations/${orgId}/vendors`,
      );
      const aws = again.body.vendors.find((v) => v.name === AWS)!;
      const added = await owner.request("POST", `/api/vendors/${aws.id}/reports`, {
        kind: "soc2_type2",
        periodStart: "2025-07-01",
        periodEnd: "2026-06-30",
        issueDate: "2026-08-14",
        auditor: "Independent service auditor",
        opinion: "unmodified",
      });
      expect(added.status).toBe(201);
    }
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows the organization admin AWS's period gap in the list and on its page, in months", async () => {
    const watch = watchConsole(page);
    const secrets = await waitForDemoSecrets(server.output);
    await signInUi(page, server.url, ADMIN, { secret: secrets.get(ADMIN) });
    await page.getByTestId("nav-vendors").click();
    const row = page.locator(`[data-testid="vendor-row"][data-name="${AWS}"]`);
    await row.waitFor();
    const badge = row.locator('[data-testid="vendor-warning-badge"][data-code="period_gap"]');
    await expect.poll(() => badge.textContent()).toMatch(/Period gap · 9 mo after/);

    await row.getByRole("link", { name: AWS }).click();
    const warning = page.locator('[data-testid="vendor-warning"][data-code="period_gap"]');
    await warning.waitFor();
    const text = (await warning.textContent()) ?? "";
    expect(text).toMatch(/the report ends 9 months before our period ends \(2027-03-31\)/);
    expect(text).toMatch(/gap 0 months before, 9 months after/);
    await expect.poll(() => page.getByTestId("report-gap").first().textContent()).toMatch(/9 months after/);
    expect(watch.problems()).toEqual([]);
  });
});
