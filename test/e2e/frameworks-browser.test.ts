/**
 * Framework coverage through the real UI in Chromium, on the demo client (issue 6, Done when): the
 * organization admin (MFA) opens Frameworks, sees the SOC 2 + DPDP view first because Paysetu is in
 * India, with the same DPDP coverage the API computes; exports the control matrix as xlsx, and the
 * downloaded file holds the controls the page shows. A control's page lists what else it satisfies.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
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

interface Coverage {
  controls: number;
  summary: { covered: number; partial: number; notCovered: number; percent: number };
  gaps: { requirementId: string }[];
}

/** The controls sheet of a control matrix: each row as header → cell text. */
const controlRows = async (bytes: Buffer): Promise<Record<string, string>[]> => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  for (const ws of wb.worksheets) {
    let headerRow = 0;
    let headers: string[] = [];
    ws.eachRow((row, n) => {
      if (headerRow !== 0) return;
      const cells = (row.values as unknown[]).map((v) => String(v ?? "").trim());
      if (cells.includes("Code") && cells.includes("Status")) {
        headerRow = n;
        headers = cells;
      }
    });
    if (headerRow === 0) continue;
    const rows: Record<string, string>[] = [];
    ws.eachRow((row, n) => {
      if (n <= headerRow) return;
      const values = row.values as unknown[];
      const record: Record<string, string> = {};
      headers.forEach((h, i) => {
        if (h) record[h] = String(values[i] ?? "").trim();
      });
      if (record.Code) rows.push(record);
    });
    return rows;
  }
  throw new Error("no sheet with Code and Status columns in the control matrix");
};

describeInBrowser("framework coverage in the browser", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-frameworks-ui-"));
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let admin: HttpSession;
  let secret: string;
  let orgId: string;
  beforeAll(async () => {
    assertWebBuilt();
    // The demo load takes a while on a busy machine.
    server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" }, timeoutMs: 150_000 });
    browser = await launchBrowser();
    const secrets = await waitForDemoSecrets(server.output);
    secret = secrets.get(ADMIN)!;
    admin = await signInHttp(server.url, ADMIN, DEMO_PASSWORD, secret);
    const session = await admin.request<{ memberships: { tenantKind: string; tenantId: string }[] }>(
      "GET",
      "/api/auth/session",
    );
    orgId = session.body.memberships.find((m) => m.tenantKind === "org")!.tenantId;
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    page = await context.newPage();
  }, 200_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows the organization its DPDP coverage and exports the control matrix it describes", async () => {
    const watch = watchConsole(page);
    await signInUi(page, server.url, ADMIN, { secret });
    await page.getByTestId("nav-frameworks").click();
    // Paysetu is in India: the SOC 2 + DPDP view is the default.
    const view = page.getByTestId("soc2-dpdp");
    await view.waitFor({ timeout: 15_000 });
    await view.getByTestId("soc2-readiness-card").waitFor();
    const summary = view.getByTestId("framework-summary");
    await summary.waitFor();
    expect(await summary.textContent()).toContain("Digital Personal Data Protection Act");

    const api = await admin.request<Coverage>(
      "GET",
      `/api/organizations/${orgId}/framework-coverage?framework=dpdp-2023`,
    );
    expect(api.status).toBe(200);
    expect(api.body.controls).toBeGreaterThan(0);
    const number = async (id: string) => Number(await summary.getByTestId(id).textContent());
    expect(await number("coverage-covered")).toBe(api.body.summary.covered);
    expect(await number("coverage-partial")).toBe(api.body.summary.partial);
    expect(await number("coverage-gaps")).toBe(api.body.summary.notCovered);
    expect(api.body.summary.covered + api.body.summary.partial).toBeGreaterThan(0);
    expect(await view.getByTestId("framework-gap").count()).toBe(api.body.gaps.length);

    const shownCount = Number(
      /(\d+)/.exec((await summary.getByTestId("framework-control-count").textContent()) ?? "")?.[1],
    );
    expect(shownCount).toBe(api.body.controls);
    const shownCodes = [
      ...new Set(
        (await view.getByTestId("requirement-controls").allTextContents())
          .flatMap((t) => t.split(","))
          .map((c) => c.trim())
          .filter((c) => c !== "" && c !== "no control"),
      ),
    ];
    expect(shownCodes.length).toBeGreaterThan(0);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-control-matrix").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const rows = await controlRows(readFileSync(await download.path()));
    const applicable = rows.filter((r) => !/not.applicable/i.test(r.Status ?? ""));
    expect(applicable).toHaveLength(shownCount);
    const codes = new Set(rows.map((r) => r.Code));
    for (const code of shownCodes) expect(codes, `control ${code} shown on the page`).toContain(code);
    expect(watch.problems()).toEqual([]);
  });

  it("lists on a control's page what else it satisfies, DPDP among them", async () => {
    const watch = watchConsole(page);
    const controls = await admin.request<{ controls: { id: string; code: string; criteria: string[] }[] }>(
      "GET",
      `/api/organizations/${orgId}/controls`,
    );
    const control = controls.body.controls.find((c) => c.criteria.includes("CC7.4"));
    expect(control, "the demo has an incident response control").toBeDefined();
    await page.goto(`${server.url}/controls/${control!.id}`);
    const panel = page.getByTestId("control-frameworks");
    await panel.waitFor({ timeout: 15_000 });
    await expect
      .poll(() => panel.getByTestId("control-framework").count(), { timeout: 10_000 })
      .toBeGreaterThan(1);
    const names = await panel.getByTestId("control-framework").allTextContents();
    expect(names.join(" | ")).toContain("Digital Personal Data Protection Act");
    expect(names.join(" | ")).toContain("HIPAA Security Rule");
    expect(watch.problems()).toEqual([]);
  });
});
