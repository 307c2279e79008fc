/**
 * Screenshots of the auditor's fieldwork workspace for the docs, on the demo engagement: the audit
 * program, a population with its sample, the test grid, exceptions, the opinion, and the client's
 * exceptions page. The work shown is set up over the API first (program approved, a population
 * imported and sampled, a workpaper with one failed attribute).
 *
 *   npx vite build --config web/vite.config.ts && npx tsx scripts/screenshots-fieldwork.ts
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
  type HttpSession,
  signInHttp,
  signInUi,
  waitForDemoSecrets,
} from "../test/support/ui.js";

const outDir = join(fileURLToPath(new URL("..", import.meta.url)), "docs", "screenshots");
const VIEW = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale: "en-IN" };
const ADMIN = "compliance@paysetu.example";

/** Saves a screenshot; `from` scrolls a test id to the top first (the engagement tabs sit below the fold). */
const shot = async (page: Page, name: string, options: { fullPage?: boolean; from?: string } = {}) => {
  const fullPage = options.fullPage ?? false;
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(500);
  if (options.from) {
    await page
      .getByTestId(options.from)
      .first()
      .evaluate((el) => {
        const view = el.ownerDocument.defaultView;
        view?.scrollTo(0, el.getBoundingClientRect().top + view.scrollY - 72);
      });
    await page.waitForTimeout(200);
  }
  await page.screenshot({
    path: join(outDir, `${name}.png`),
    animations: "disabled",
    caret: "hide",
    fullPage,
  });
  process.stdout.write(`saved docs/screenshots/${name}.png\n`);
};

const must = <T>(res: { status: number; body: T }, what: string): T => {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

const waitJob = async (s: HttpSession, res: { status: number; body: unknown }, what: string) => {
  const { job } = must(res, what) as { job: { id: string } };
  for (;;) {
    const j = must(
      await s.request<{ status: string; result: unknown; error: unknown }>("GET", `/api/jobs/${job.id}`),
      what,
    );
    if (j.status === "succeeded") return j.result as Record<string, string>;
    if (j.status === "failed" || j.status === "cancelled") throw new Error(`${what}: ${JSON.stringify(j)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

const changeTickets = (): string => {
  const rows = ["ticket_id,opened_on,summary,requester,approver,deployed_on"];
  for (let n = 1; n <= 240; n++) {
    const day = new Date(Date.UTC(2026, 3, 1) + Math.floor((n * 364) / 240) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const approver = n % 37 === 0 ? "" : `lead${n % 4}@paysetu.example`;
    rows.push(
      `CHG-${4000 + n},${day},Release ${n} of the merchant API,dev${n % 9}@paysetu.example,${approver},${day}`,
    );
  }
  rows.push(
    "CHG-3999,2026-03-28,Hotfix before the period,dev1@paysetu.example,lead1@paysetu.example,2026-03-28",
  );
  rows.push("CHG-4999,31-13-2026,Release with a broken date,dev2@paysetu.example,lead2@paysetu.example,");
  return `${rows.join("\n")}\n`;
};

assertWebBuilt();
mkdirSync(outDir, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), "fw-shots-fieldwork-"));
const server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
const browser = await launchBrowser();
try {
  const secrets = await waitForDemoSecrets(server.output);
  const manager = await signInHttp(server.url, "manager@mehtaraman.example", DEMO_PASSWORD);
  const staff = await signInHttp(server.url, "staff@mehtaraman.example", DEMO_PASSWORD);
  const engagementId = must(
    await manager.request<{ engagements: { id: string }[] }>("GET", "/api/engagements"),
    "engagements",
  ).engagements[0]!.id;
  const programPath = `/api/engagements/${engagementId}/audit-program`;
  type Program = {
    program: {
      etag: string;
      lines: { controlId: string; code: string; sampleRule: { kind: string } }[];
    } | null;
    currentApproved: unknown;
  };
  let program = must(await manager.request<Program>("GET", programPath), "program");
  if (!program.program) must(await manager.request("POST", `${programPath}/generate`), "generate");
  program = must(await manager.request<Program>("GET", programPath), "program");
  if (!program.currentApproved) {
    must(
      await manager.request("POST", `${programPath}/approve`, { ifMatch: program.program?.etag }),
      "approve",
    );
    must(await manager.request("POST", `${programPath}/request-list`, {}), "request list");
  }
  program = must(await manager.request<Program>("GET", programPath), "program");
  const unopened = must(
    await staff.request<{ unopened: { controlId: string }[] }>(
      "GET",
      `/api/engagements/${engagementId}/workpapers`,
    ),
    "workpapers",
  ).unopened.map((u) => u.controlId);
  const line =
    program.program!.lines.find((l) => l.code.startsWith("CHG") && unopened.includes(l.controlId)) ??
    program.program!.lines.find((l) => l.sampleRule.kind === "frequency" && unopened.includes(l.controlId))!;

  // A population of change tickets, imported and sampled.
  const form = new FormData();
  form.append("file", new Blob([changeTickets()], { type: "text/csv" }), "change-tickets-fy27.csv");
  const upload = await fetch(`${server.url}/api/engagements/${engagementId}/populations/files`, {
    method: "POST",
    headers: { cookie: staff.cookie, "x-csrf-token": staff.csrf },
    body: form,
  });
  const file = (await upload.json()) as { fileSha256: string; fileName: string };
  const imported = await waitJob(
    staff,
    await staff.request("POST", `/api/engagements/${engagementId}/populations`, {
      fileSha256: file.fileSha256,
      fileName: file.fileName,
      controlId: line.controlId,
      name: "Production change tickets FY 2026-27",
      mapping: { date: "opened_on", id: "ticket_id" },
      caMethod: "query",
      caSource:
        "JQL: project = CHG AND type = 'Production change' AND created >= 2026-04-01, exported unedited from Jira",
    }),
    "import",
  );
  const populationId = imported.populationId!;
  const sampled = await waitJob(
    staff,
    await staff.request("POST", `/api/populations/${populationId}/samples`, { method: "random" }),
    "sample",
  );
  await waitJob(
    staff,
    await staff.request("POST", `/api/populations/${populationId}/tests`, {
      rule: {
        description: "Every change is approved by someone other than its requester",
        require: [
          { column: "approver", op: "not_empty" },
          { column: "approver", op: "ne_column", other: "requester" },
        ],
      },
    }),
    "test",
  );
  const wp = must(
    await staff.request<{
      workpaper: { id: string; items: { key: string }[]; attributes: { id: string }[] };
    }>("POST", `/api/engagements/${engagementId}/workpapers`, {
      controlId: line.controlId,
      sampleId: sampled.sampleId,
    }),
    "workpaper",
  ).workpaper;
  // Most of the grid recorded, one failure, a few cells left to do.
  const cells = wp.items.slice(0, -3).flatMap((item, i) =>
    wp.attributes.map((a, j) => ({
      itemKey: item.key,
      attributeId: a.id,
      result: i === 4 && j === 0 ? "fail" : "pass",
      note: i === 4 && j === 0 ? "No approval recorded before deployment." : "",
    })),
  );
  must(await staff.request("PUT", `/api/workpapers/${wp.id}/results`, { cells }), "results");

  const page = await (await browser.newContext(VIEW)).newPage();
  await signInUi(page, server.url, "staff@mehtaraman.example");
  await page.goto(`${server.url}/engagements/${engagementId}?tab=program`);
  await shot(page, "fieldwork-program", { from: "tab-program" });
  await page.goto(`${server.url}/engagements/${engagementId}?tab=populations`);
  await page.getByTestId("import-population").click();
  await page
    .getByTestId("population-upload")
    .locator('input[type="file"]')
    .setInputFiles({
      name: "change-tickets-fy27.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(changeTickets()),
    });
  await page.getByTestId("population-mapping").waitFor();
  await shot(page, "fieldwork-population-mapping", { from: "population-upload" });
  await page.goto(`${server.url}/populations/${populationId}`);
  await page.getByTestId("sample-view").waitFor();
  await shot(page, "fieldwork-population", { fullPage: true });
  await page.goto(`${server.url}/workpapers/${wp.id}`);
  await page.getByTestId("test-grid").waitFor();
  await page
    .getByTestId("grid-cell")
    .nth(wp.attributes.length * 5)
    .click();
  await shot(page, "fieldwork-workpaper", { fullPage: true });
  await page.goto(`${server.url}/engagements/${engagementId}?tab=exceptions`);
  await page.getByTestId("exception-row").first().click();
  await page.getByTestId("exception-detail").waitFor();
  await shot(page, "fieldwork-exceptions", { from: "tab-exceptions" });
  await page.goto(`${server.url}/engagements/${engagementId}?tab=opinion`);
  await shot(page, "fieldwork-opinion", { from: "tab-opinion" });

  const client = await (await browser.newContext(VIEW)).newPage();
  await signInUi(client, server.url, ADMIN, { secret: secrets.get(ADMIN)! });
  await client.goto(`${server.url}/exceptions`);
  await client.locator('[data-testid="exception-row"][data-status="open"]').first().click();
  await client.getByTestId("respond-form").waitFor();
  await shot(client, "fieldwork-client-exceptions");
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
