/**
 * The readiness workspace through the real UI in Chromium, on the demo client: an employee
 * acknowledges a policy; a control owner uploads evidence and sees readiness move; an importer
 * file produces a failing check that shows on the control.
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

const EMPLOYEE = "employee@paysetu.example";
const OWNER = "devops@paysetu.example";
const ADMIN = "compliance@paysetu.example";

describeInBrowser("readiness workspace in the browser", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-readiness-ui-"));
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let owner: HttpSession;
  let orgId: string;
  beforeAll(async () => {
    assertWebBuilt();
    server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
    browser = await launchBrowser();
    owner = await signInHttp(server.url, OWNER, DEMO_PASSWORD);
    const session = await owner.request<{ memberships: { tenantKind: string; tenantId: string }[] }>(
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

  it("lets an employee read and acknowledge a published policy", async () => {
    const watch = watchConsole(page);
    await signInUi(page, server.url, EMPLOYEE);
    await page.getByTestId("nav-acknowledgements").click();
    const outstanding = page.getByTestId("ack-outstanding");
    await outstanding.waitFor();
    const before = Number(await outstanding.getAttribute("data-count"));
    expect(before).toBeGreaterThan(0);
    const first = page.getByTestId("ack-item").first();
    const title = (await first.locator("p").first().textContent()) ?? "";
    await first.getByTestId("acknowledge-button").click();
    await expect
      .poll(async () => Number(await outstanding.getAttribute("data-count")), { timeout: 10_000 })
      .toBe(before - 1);
    await expect
      .poll(() => page.getByTestId("ack-done").allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining(title.trim())]));
    // The server recorded it: the employee's inbox has one fewer pending item.
    const employee = await signInHttp(server.url, EMPLOYEE, DEMO_PASSWORD);
    const inbox = await employee.request<{ pending?: unknown[]; outstanding?: unknown[] }>(
      "GET",
      "/api/me/acknowledgements",
    );
    expect((inbox.body.pending ?? inbox.body.outstanding ?? []).length).toBe(before - 1);
    expect(watch.problems()).toEqual([]);
  });

  it("moves readiness when a control's owner uploads evidence for a control that blocks it", async () => {
    const watch = watchConsole(page);
    const secrets = await waitForDemoSecrets(server.output);
    const admin = await signInHttp(server.url, ADMIN, DEMO_PASSWORD, secrets.get(ADMIN));
    const controls = await admin.request<{
      controls: { id: string; code: string; status: string; ownerName: string | null }[];
    }>("GET", `/api/organizations/${orgId}/controls`);
    const readiness = await admin.request<{ blockers: { kind: string; target: string }[] }>(
      "GET",
      `/api/organizations/${orgId}/readiness`,
    );
    const blocking = readiness.body.blockers
      .filter((b) => b.kind === "control")
      .map((b) => controls.body.controls.find((c) => c.code === b.target))
      .find((c) => c !== undefined);
    expect(blocking, "the demo has a control that blocks readiness").toBeDefined();
    // Evidence counts only for an implemented control; the admin marks it implemented first.
    if (blocking!.status !== "implemented") {
      expect(
        (await admin.request("PATCH", `/api/controls/${blocking!.id}`, { status: "implemented" })).status,
      ).toBe(200);
    }
    const scoreBefore = (
      await admin.request<{ overall: number }>("GET", `/api/organizations/${orgId}/readiness`)
    ).body.overall;
    const byOwner = blocking!.ownerName === "Vikram Shah";
    await signInUi(page, server.url, byOwner ? OWNER : ADMIN, byOwner ? {} : { secret: secrets.get(ADMIN) });
    const overall = page.getByTestId("readiness-overall");
    await overall.waitFor();
    expect(Number(await overall.getAttribute("data-score"))).toBe(scoreBefore);
    await page.goto(`${server.url}/controls/${blocking!.id}`);
    const form = page.getByTestId("upload-evidence");
    await form.waitFor();
    await form.getByLabel("Title").fill(`${blocking!.code} evidence from the browser test`);
    await form.locator('input[type="file"]').setInputFiles({
      name: "evidence.txt",
      mimeType: "text/plain",
      buffer: Buffer.from(`Evidence for ${blocking!.code}, collected today.\n`),
    });
    await form.getByTestId("upload-submit").click();
    await expect
      .poll(async () => Number(await page.getByTestId("evidence-timeline").getAttribute("data-count")), {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    await page.getByTestId("nav-readiness").click();
    await expect
      .poll(async () => Number(await page.getByTestId("readiness-overall").getAttribute("data-score")), {
        timeout: 10_000,
      })
      .toBeGreaterThan(scoreBefore);
    expect(watch.problems()).toEqual([]);
  });

  it("shows the failing check of an imported AWS credential report on the control", async () => {
    const watch = watchConsole(page);
    const controls = await owner.request<{ controls: { id: string; code: string }[] }>(
      "GET",
      `/api/organizations/${orgId}/controls`,
    );
    const target = controls.body.controls.find((c) => c.code === "IAM-08")!;
    await signInUi(page, server.url, OWNER);
    await page.goto(`${server.url}/controls/${target.id}`);
    await page.getByTestId("run-importer-tab").click();
    const form = page.getByTestId("importer-form");
    await form.waitFor();
    await form.getByTestId("importer-select").click();
    await page.getByRole("option", { name: /credential report/i }).click();
    const today = new Date().toISOString().slice(0, 10);
    const csv = [
      "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated",
      `<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,${today}T08:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
      `browser.test.user,arn:aws:iam::111122223333:user/browser.test.user,2024-01-01T00:00:00Z,true,${today}T08:00:00Z,2024-01-01T00:00:00Z,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    ].join("\n");
    await form
      .locator('input[type="file"]')
      .first()
      .setInputFiles({
        name: "credential-report.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(`${csv}\n`),
      });
    await form.getByTestId("importer-run").click();
    const result = page.getByTestId("import-result");
    await result.waitFor({ timeout: 15_000 });
    const failing = result.locator('[data-testid="import-check"][data-status="fail"]');
    expect(await failing.count()).toBeGreaterThan(0);
    expect((await failing.allTextContents()).join(" ")).toMatch(/MFA/i);
    // The failure also shows on the control itself.
    await page.reload();
    await page.getByTestId("failing-checks").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("failing-checks").textContent()).toMatch(/MFA/i);
    expect(watch.problems()).toEqual([]);
  });
});
