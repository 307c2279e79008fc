/**
 * The incident register through the real UI in Chromium on the demo server: a control owner records
 * a personal data breach of Indian data principals and sees its notification deadlines (CERT-In
 * 6 hours, the DPDP Board and people without delay, the Board's detailed report in 72 hours) with
 * their due times, records the CERT-In notification, and finds the incident in the register.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeInBrowser, launchBrowser } from "../support/browser.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";
import { assertWebBuilt, DEMO_PASSWORD, signInHttp, signInUi, watchConsole } from "../support/ui.js";

const OWNER = "devops@paysetu.example";
const HOUR = 3_600_000;

describeInBrowser("incident register in the browser", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-incidents-ui-"));
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    assertWebBuilt();
    server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
    browser = await launchBrowser();
    page = await (
      await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: "Asia/Kolkata" })
    ).newPage();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** What the page shows for an instant: "18 Jun 2026, 09:55" in the browser's zone (format.ts). */
  const shown = (iso: string) =>
    page.evaluate((value) => {
      const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
      const d = new Date(value);
      const pad = (n: number) => String(n).padStart(2, "0");
      return `${d.getDate()} ${months[d.getMonth()]} ${d.getFullYear()}, ${pad(d.getHours())}:${pad(d.getMinutes())}`;
    }, iso);

  it("records a personal data breach and shows its CERT-In and DPDP deadlines with due times", async () => {
    const watch = watchConsole(page);
    await signInUi(page, server.url, OWNER);
    await page.getByTestId("nav-incidents").click();
    await page.getByTestId("new-incident").click();
    const form = page.getByTestId("incident-form");
    await form.waitFor();
    await page.getByTestId("incident-title").fill("Payer VPAs exposed in a debug log shipped to a vendor");
    await page.getByTestId("incident-reported-by").fill("SOC analyst on shift");
    await page.getByTestId("incident-classification").click();
    await page.getByRole("option", { name: "Breach" }).click();
    await page.getByTestId("incident-severity").click();
    await page.getByRole("option", { name: "SEV2" }).click();
    await form.getByText("Personal data involved").click();
    expect(await page.getByTestId("incident-personal-data").isChecked()).toBe(true);
    await page.getByTestId("incident-principals").fill("5200");
    expect(await page.getByTestId("jurisdiction-india").isChecked()).toBe(true);
    await page.getByTestId("incident-save").click();

    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}$/);
    const id = page.url().split("/").at(-1) ?? "";
    const api = await signInHttp(server.url, OWNER, DEMO_PASSWORD);
    const { body } = await api.request<{ incident: { awareAt: string; ref: string } }>(
      "GET",
      `/api/incidents/${id}`,
    );
    const aware = Date.parse(body.incident.awareAt);

    const cert = page.getByTestId("clock-cert-in");
    await cert.waitFor();
    expect(await cert.getAttribute("data-status")).toBe("pending");
    expect(await cert.getByTestId("clock-due").textContent()).toBe(
      `Due ${await shown(new Date(aware + 6 * HOUR).toISOString())}`,
    );
    expect(await cert.getByTestId("clock-countdown").textContent()).toMatch(/^(5 h \d+ min|6 h 0 min) left$/);

    const report = page.getByTestId("clock-dpdp-board-report");
    expect(await report.getByTestId("clock-due").textContent()).toBe(
      `Due ${await shown(new Date(aware + 72 * HOUR).toISOString())}`,
    );
    expect(await report.getByTestId("clock-countdown").textContent()).toMatch(/^(2 d 23 h|3 d 0 h) left$/);
    for (const withoutDelay of ["clock-dpdp-board-intimation", "clock-dpdp-principals"]) {
      const card = page.getByTestId(withoutDelay);
      expect(await card.getAttribute("data-status")).toBe("due_now");
      expect(await card.getByTestId("clock-countdown").textContent()).toBe("Due now: without delay");
    }

    // Recording CERT-In's acknowledgement marks that clock done.
    await cert.getByTestId("record-cert-in").click();
    await page.getByTestId("notification-reference").fill("CERTIn-IR-2026-112233");
    await page.getByTestId("notification-save").click();
    await expect.poll(() => cert.getAttribute("data-status"), { timeout: 10_000 }).toBe("done");
    expect(await cert.textContent()).toContain("CERTIn-IR-2026-112233");

    // The register lists it with the most urgent open clock.
    await page.getByTestId("nav-incidents").click();
    const row = page.getByTestId("incident-row").filter({ hasText: body.incident.ref });
    await row.waitFor();
    expect(await row.getByTestId("next-deadline").textContent()).toContain("DPDP");
    expect(watch.problems()).toEqual([]);
  });
});
