/**
 * Auditor fieldwork through the real UI in Chromium, on the demo engagement: a staff auditor
 * uploads a population, maps its date column, draws a sample, records the test grid from the
 * keyboard with one failed attribute and signs the workpaper off as preparer; the client's admin
 * responds to the exception; the engagement manager accepts the response and reviews the workpaper.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeInBrowser, launchBrowser } from "../support/browser.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";
import {
  assertWebBuilt,
  type ConsoleWatch,
  DEMO_PASSWORD,
  type HttpSession,
  signInHttp,
  signInUi,
  waitForDemoSecrets,
  watchConsole,
} from "../support/ui.js";

const STAFF = "staff@mehtaraman.example";
const MANAGER = "manager@mehtaraman.example";
const CLIENT_ADMIN = "compliance@paysetu.example";
const SAMPLE_SIZE = 25;

interface ProgramLine {
  controlId: string;
  code: string;
  attributes: { id: string; text: string }[];
  sampleRule: { kind: string };
}
interface ProgramPage {
  program: { status: string; etag?: string; lines: ProgramLine[] } | null;
  currentApproved: unknown;
}

/**
 * A change-ticket export: five tickets a month across the twelve months of the demo period, two
 * tickets dated outside it and one whose date cannot be read.
 */
const populationCsv = (): string => {
  const rows = ["ticket_id,opened_on,requester,approver,approved_on"];
  let n = 0;
  for (let m = 0; m < 12; m++) {
    const year = m < 9 ? 2026 : 2027;
    const month = String(((m + 3) % 12) + 1).padStart(2, "0");
    for (const day of ["03", "09", "14", "20", "26"]) {
      n += 1;
      rows.push(
        `CHG-${1000 + n},${year}-${month}-${day},dev${n % 7}@paysetu.example,lead${n % 3}@paysetu.example,${year}-${month}-${day}`,
      );
    }
  }
  rows.push("CHG-0998,2026-03-20,dev1@paysetu.example,lead1@paysetu.example,2026-03-21");
  rows.push("CHG-2001,2027-04-05,dev2@paysetu.example,lead2@paysetu.example,2027-04-05");
  rows.push("CHG-2002,not-a-date,dev3@paysetu.example,lead0@paysetu.example,");
  return `${rows.join("\n")}\n`;
};

const text = async (locator: Locator): Promise<string> => ((await locator.textContent()) ?? "").trim();

/** Picks an option of a Mantine Select whose input carries `testId`. */
const choose = async (page: Page, scope: Locator, testId: string, option: string | RegExp) => {
  await scope.getByTestId(testId).click();
  await page.getByRole("option", { name: option }).first().click();
};

describeInBrowser("auditor fieldwork in the browser", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-fieldwork-ui-"));
  let server: ServerProcess;
  let browser: Browser;
  let secrets: Map<string, string>;
  let manager: HttpSession;
  let engagementId: string;
  let line: ProgramLine;
  let workpaperId = "";
  let exceptionRef = "";
  const contexts: BrowserContext[] = [];
  const watches: ConsoleWatch[] = [];

  const openPage = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    watches.push(watchConsole(page));
    return page;
  };

  beforeAll(async () => {
    assertWebBuilt();
    server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
    browser = await launchBrowser();
    secrets = await waitForDemoSecrets(server.output);
    manager = await signInHttp(server.url, MANAGER, DEMO_PASSWORD);
    const engagements = await manager.request<{ engagements: { id: string }[] }>("GET", "/api/engagements");
    engagementId = engagements.body.engagements[0]!.id;
    // The demo engagement needs an approved audit program; create it if the demo has none.
    const path = `/api/engagements/${engagementId}/audit-program`;
    let program = (await manager.request<ProgramPage>("GET", path)).body;
    if (!program.program) {
      expect((await manager.request("POST", `${path}/generate`)).status).toBe(200);
      program = (await manager.request<ProgramPage>("GET", path)).body;
    }
    if (!program.currentApproved) {
      const approved = await manager.request("POST", `${path}/approve`, { ifMatch: program.program?.etag });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      program = (await manager.request<ProgramPage>("GET", path)).body;
    }
    // A sampled control nobody has tested yet (the demo may hold workpapers of its own).
    const workpapers = await manager.request<{ unopened: { controlId: string }[] }>(
      "GET",
      `/api/engagements/${engagementId}/workpapers`,
    );
    const populations = await manager.request<{ populations: { controlId: string }[] }>(
      "GET",
      `/api/engagements/${engagementId}/populations`,
    );
    const unopened = new Set(workpapers.body.unopened.map((u) => u.controlId));
    const withPopulation = new Set(populations.body.populations.map((p) => p.controlId));
    const candidates = (program.program?.lines ?? []).filter(
      (l) =>
        unopened.has(l.controlId) &&
        !withPopulation.has(l.controlId) &&
        ["frequency", "statistical"].includes(l.sampleRule.kind) &&
        l.attributes.length >= 1 &&
        l.attributes.length <= 4,
    );
    expect(candidates.length, "a sampled control without a workpaper").toBeGreaterThan(0);
    line = candidates[candidates.length - 1]!;
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("lets a staff auditor import a population, map its date column and draw a sample", async () => {
    const page = await openPage();
    await signInUi(page, server.url, STAFF);
    await page.goto(`${server.url}/engagements/${engagementId}?tab=populations`);
    await page.getByTestId("import-population").click();
    const upload = page.getByTestId("population-upload");
    await upload.locator('input[type="file"]').setInputFiles({
      name: "change-tickets.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(populationCsv()),
    });
    const mapping = page.getByTestId("population-mapping");
    await mapping.waitFor();
    expect(await mapping.getByTestId("population-preview").locator("th").allInnerTexts()).toContain(
      "ticket_id (id)",
    );
    await mapping.getByTestId("population-control").fill(line.code);
    await page.getByRole("option", { name: new RegExp(`^${line.code} `) }).click();
    await choose(page, mapping, "population-date-column", "opened_on");
    await mapping
      .getByTestId("population-ca-source")
      .fill("JQL: project = CHG AND created >= 2026-04-01 AND created <= 2027-03-31, exported unedited");
    await mapping.getByTestId("population-create").click();

    // The import job runs; the population page opens on success.
    await page.getByTestId("population-page").waitFor({ timeout: 30_000 });
    const figure = (id: string) => page.getByTestId(id).getAttribute("data-value");
    expect(await figure("population-rows")).toBe("63");
    expect(await figure("population-in-period")).toBe("60");
    expect(await figure("population-excluded")).toBe("2");
    expect(await figure("population-unparseable")).toBe("1");
    expect(await page.getByTestId("unparseable-row").getAttribute("data-row")).toBe("63");
    expect(await text(page.getByTestId("population-hash"))).toMatch(/^[0-9a-f]{64}$/);

    const draw = page.getByTestId("draw-sample");
    await draw.getByTestId("sample-size").fill(String(SAMPLE_SIZE));
    await draw.getByTestId("draw-sample-submit").click();
    const sample = page.getByTestId("sample-view");
    await sample.waitFor({ timeout: 30_000 });
    expect(await sample.getAttribute("data-size")).toBe(String(SAMPLE_SIZE));
    expect(await sample.getByTestId("sample-item").count()).toBe(SAMPLE_SIZE);
    expect(await sample.getAttribute("data-seed")).toMatch(/^[0-9a-f]{64}$/);
    // Stratified across the period: every stratum's selections add up to the sample.
    const selected = await sample
      .getByTestId("stratum-row")
      .evaluateAll((rows) => rows.map((r) => Number(r.querySelectorAll("td")[2]?.textContent ?? "0")));
    expect(selected.reduce((a, b) => a + b, 0)).toBe(SAMPLE_SIZE);

    await sample.getByTestId("sample-workpaper").click();
    await page.getByTestId("workpaper-page").waitFor();
    workpaperId = (await page.getByTestId("workpaper-page").getAttribute("data-id")) ?? "";
    expect(workpaperId).not.toBe("");
    expect(watches.flatMap((w) => w.problems())).toEqual([]);
  });

  it("records the grid from the keyboard with one failure and signs the workpaper off as preparer", async () => {
    const page = await openPage();
    await signInUi(page, server.url, STAFF);
    await page.goto(`${server.url}/workpapers/${workpaperId}`);
    const grid = page.getByTestId("test-grid");
    await grid.waitFor();
    const attributes = line.attributes.length;
    expect(await grid.getByTestId("grid-row").count()).toBe(SAMPLE_SIZE);

    await grid.getByTestId("grid-cell").first().click();
    for (let c = 0; c < attributes; c++) {
      if (c > 0) {
        await page.keyboard.press("ArrowRight");
        await page.keyboard.press("PageUp");
      }
      for (let r = 0; r < SAMPLE_SIZE; r++) {
        // The first item fails the first attribute; every other cell passes.
        await page.keyboard.press(c === 0 && r === 0 ? "f" : "p");
      }
    }
    // Back to the failed cell: Enter opens its note.
    await page.keyboard.press("PageUp");
    await page.keyboard.press("Home");
    await page.keyboard.press("Enter");
    const dialog = page.getByTestId("cell-dialog");
    await dialog
      .getByTestId("cell-note")
      .fill("No approver recorded on the ticket before the change was made.");
    await dialog.getByTestId("cell-save").click();
    await dialog.waitFor({ state: "detached" });

    const total = SAMPLE_SIZE * attributes;
    await expect
      .poll(async () => page.getByTestId("grid-save-state").getAttribute("data-state"), { timeout: 15_000 })
      .toBe("saved");
    expect(await page.getByTestId("grid-progress").getAttribute("data-done")).toBe(String(total));
    const failed = grid.locator('[data-testid="grid-cell"][data-result="fail"]');
    expect(await failed.count()).toBe(1);
    expect(await grid.locator('[data-testid="grid-cell"][data-result="pass"]').count()).toBe(total - 1);

    // The failure became an exception counted against the items tested.
    const exception = page.getByTestId("workpaper-exception");
    await exception.waitFor();
    exceptionRef = (await exception.getAttribute("data-ref")) ?? "";
    expect(exceptionRef).toMatch(/^EXC-\d{3}$/);
    expect(await text(exception)).toContain(`1 of ${SAMPLE_SIZE}`);
    await exception.click();
    const detail = page.getByTestId("exception-detail");
    await detail.getByTestId("exception-cause").fill("The approver was on leave and no delegate was named");
    await detail.getByTestId("exception-classification").getByText("Isolated").click();
    await detail.getByTestId("exception-save").click();
    await expect
      .poll(() => page.getByTestId("workpaper-exception").getAttribute("data-classification"))
      .toBe("isolated");
    await page.keyboard.press("Escape");

    const conclusion = page.getByTestId("workpaper-conclusion");
    await expect
      .poll(() => conclusion.getByTestId("suggested-conclusion").getAttribute("data-suggested"))
      .toBe("effective-with-exceptions");
    await conclusion.getByRole("button", { name: "Use the suggestion" }).click();
    await conclusion
      .getByTestId("conclusion-note")
      .fill(`One deviation in ${SAMPLE_SIZE} items, isolated with an identified cause; disclosed.`);
    await conclusion.getByTestId("conclusion-save").click();
    await expect
      .poll(() => page.getByTestId("conclusion").first().getAttribute("data-conclusion"))
      .toBe("effective-with-exceptions");

    await page.getByTestId("prepare-workpaper").click();
    await expect.poll(() => page.getByTestId("workpaper-page").getAttribute("data-status")).toBe("prepared");
    await page.getByTestId("workpaper-locked").waitFor();
    expect(await text(page.getByTestId("preparer"))).toContain("Rohan Desai");
    expect(watches.flatMap((w) => w.problems())).toEqual([]);
  });

  it("lets the client's admin respond to the exception", async () => {
    const page = await openPage();
    await signInUi(page, server.url, CLIENT_ADMIN, { secret: secrets.get(CLIENT_ADMIN)! });
    await page.getByTestId("nav-exceptions").click();
    const row = page.locator(`[data-testid="exception-row"][data-ref="${exceptionRef}"]`);
    await row.waitFor();
    expect(await row.getAttribute("data-status")).toBe("open");
    expect(await text(row)).toContain(`1 of ${SAMPLE_SIZE}`);
    await row.click();
    const form = page.getByTestId("respond-form");
    await form.getByTestId("respond-response").fill("The approver was on leave; no delegate had been named.");
    await form
      .getByTestId("respond-remediation")
      .fill("Delegation of change approval is now mandatory in the leave workflow.");
    await form.getByTestId("respond-date").fill("2026-12-15");
    await form.getByTestId("respond-submit").click();
    await expect
      .poll(() => page.getByTestId("exception-detail").getAttribute("data-status"))
      .toBe("responded");
    await page.getByTestId("exception-response").first().waitFor();
    expect(await row.getAttribute("data-status")).toBe("responded");
    expect(watches.flatMap((w) => w.problems())).toEqual([]);
  });

  it("lets the engagement manager accept the response and review the workpaper", async () => {
    const page = await openPage();
    await signInUi(page, server.url, MANAGER);
    await page.goto(`${server.url}/engagements/${engagementId}?tab=exceptions`);
    const row = page.locator(`[data-testid="exception-row"][data-ref="${exceptionRef}"]`);
    await row.click();
    const detail = page.getByTestId("exception-detail");
    await detail.getByTestId("exception-response").waitFor();
    await detail.getByTestId("accept-response").click();
    await expect.poll(() => detail.getAttribute("data-status")).toBe("accepted");
    await expect.poll(() => row.getAttribute("data-status")).toBe("accepted");
    // Remediation never erases the deviation: the counts stay.
    expect(await text(detail.getByTestId("exception-counts"))).toBe(`1 of ${SAMPLE_SIZE} items`);
    await page.keyboard.press("Escape");

    await page.getByTestId("tab-workpapers").click();
    await page
      .getByTestId("workpaper-filter")
      .getByText(/Review queue/)
      .click();
    const queued = page.locator(`[data-testid="workpaper-row"][data-id="${workpaperId}"]`);
    await queued.waitFor();
    expect(await queued.getAttribute("data-status")).toBe("prepared");
    await queued.click();
    await page.getByTestId("review-workpaper").click();
    await expect.poll(() => page.getByTestId("workpaper-page").getAttribute("data-status")).toBe("reviewed");
    const history = await page
      .getByTestId("signoff-event")
      .evaluateAll((items) => items.map((i) => i.getAttribute("data-kind")));
    expect(history).toEqual(["prepared", "reviewed"]);

    // The server agrees: reviewed by the manager after the staff auditor prepared it.
    const wp = await manager.request<{
      workpaper: { status: string; preparer: { name: string }; reviewer: { name: string } };
    }>("GET", `/api/workpapers/${workpaperId}`);
    expect(wp.body.workpaper.status).toBe("reviewed");
    expect(wp.body.workpaper.preparer.name).not.toBe(wp.body.workpaper.reviewer.name);
    expect(watches.flatMap((w) => w.problems())).toEqual([]);
  });
  it("lets the engagement manager roll the engagement forward to next year", async () => {
    const page = await openPage();
    await signInUi(page, server.url, MANAGER);
    await page.goto(`${server.url}/engagements/${engagementId}`);
    await page.getByTestId("roll-forward").click();
    await page.getByTestId("roll-forward-confirm").click();
    await page.waitForURL(
      (url) => url.pathname.startsWith("/engagements/") && !url.pathname.endsWith(engagementId),
    );
    // The demo's period is April 2026 to March 2027: the next one starts the day after.
    await expect.poll(async () => text(page.getByTestId("engagement-period"))).toMatch(/1 Apr 2027/);
    const next = await manager.request<{
      engagement: { previousEngagementId?: string | null; stage: string };
    }>("GET", `/api/engagements/${new URL(page.url()).pathname.split("/").pop()}`);
    expect(next.status).toBe(200);
    // A second roll-forward of the same engagement is refused with the reason.
    await page.goto(`${server.url}/engagements/${engagementId}`);
    await page.getByTestId("roll-forward").click();
    await page.getByTestId("roll-forward-confirm").click();
    await expect.poll(async () => text(page.getByTestId("roll-forward-error"))).toMatch(/already/i);
    expect(watches.flatMap((w) => w.problems()).filter((p) => !p.includes("409"))).toEqual([]);
  });
});
