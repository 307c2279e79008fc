/**
 * Screenshots of the incident register for the docs, on the demo client (signed in as its control
 * owner). When the demo has no incidents yet (the loader not wired), a closed breach and a live one
 * are recorded through the API first.
 *
 *   npm run build && npx tsx scripts/screenshots-governance-incidents.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { launchBrowser } from "../test/support/browser.js";
import { startServerProcess } from "../test/support/process.js";
import { assertWebBuilt, DEMO_PASSWORD, type HttpSession, signInHttp, signInUi } from "../test/support/ui.js";

const outDir = join(fileURLToPath(new URL("..", import.meta.url)), "docs", "screenshots");
const OWNER = "devops@paysetu.example";
const VIEW = {
  viewport: { width: 1440, height: 900 },
  deviceScaleFactor: 1,
  locale: "en-IN",
  timezoneId: "Asia/Kolkata",
};
const HOUR = 3_600_000;

const shot = async (page: Page, name: string) => {
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(400);
  await page.screenshot({
    path: join(outDir, `${name}.png`),
    animations: "disabled",
    caret: "hide",
  });
  process.stdout.write(`saved docs/screenshots/${name}.png\n`);
};

interface Made {
  incident: { id: string; actions: { id: string }[] };
}

const ok = async <T>(p: Promise<{ status: number; body: T }>): Promise<T> => {
  const res = await p;
  if (res.status >= 300) throw new Error(`API answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
};

const seed = async (s: HttpSession, orgId: string, ownerId: string) => {
  const closed = await ok(
    s.request<Made>("POST", `/api/organizations/${orgId}/incidents`, {
      title: "Merchant KYC documents exposed through a misconfigured S3 bucket",
      summary: "A Terraform module default made the KYC bucket publicly readable for about 34 hours.",
      detectedAt: "2026-06-18T04:10:00.000Z",
      awareAt: "2026-06-18T04:25:00.000Z",
      reportedBy: "AWS Security Hub finding S3.2",
      classification: "breach",
      severity: "SEV2",
      affectedSystems: ["Merchant onboarding service"],
      dataCategories: ["PAN card images", "Cancelled cheques"],
      personalData: true,
      principalsCount: 2310,
      jurisdictions: ["india"],
    }),
  );
  const id = closed.incident.id;
  for (const [clock, sentAt, reference] of [
    ["cert-in", "2026-06-18T09:05:00.000Z", "CERTIn-IR-2026-061847"],
    ["dpdp-board-intimation", "2026-06-18T11:00:00.000Z", "DPB/INT/2026/000412"],
    ["dpdp-principals", "2026-06-18T13:30:00.000Z", "MC-KYC-0618"],
    ["dpdp-board-report", "2026-06-20T10:00:00.000Z", "DPB/RPT/2026/000412"],
  ]) {
    await ok(s.request("POST", `/api/incidents/${id}/notifications`, { clock, sentAt, reference }));
  }
  await ok(
    s.request("POST", `/api/incidents/${id}/timeline`, {
      at: "2026-06-18T04:52:00.000Z",
      phase: "containment",
      note: "Block Public Access on; policy restored.",
    }),
  );
  await ok(
    s.request("PUT", `/api/incidents/${id}/review`, {
      rootCause: "A shared Terraform module gained a public-read default.",
      lessons: "Guardrails belong at the account level.",
    }),
  );
  const withAction = await ok(
    s.request<Made>("POST", `/api/incidents/${id}/actions`, {
      title: "Account-level Block Public Access",
      ownerUserId: ownerId,
      dueDate: "2026-06-26",
    }),
  );
  await ok(
    s.request("PATCH", `/api/incidents/${id}/actions/${withAction.incident.actions[0]!.id}`, {
      status: "done",
    }),
  );
  await ok(s.request("PATCH", `/api/incidents/${id}`, { status: "resolved" }));
  await ok(s.request("POST", `/api/incidents/${id}/close`, {}));
  await ok(
    s.request("PATCH", `/api/incidents/${id}`, {
      disclose: true,
      disclosure: {
        nature: "KYC documents readable from the internet.",
        extent: "2,310 merchants.",
        resolution: "Closed in 30 minutes; guardrails added.",
      },
    }),
  );
  const live = await ok(
    s.request<Made>("POST", `/api/organizations/${orgId}/incidents`, {
      title: "Bulk export of payer contact details through a leaked merchant API key",
      detectedAt: new Date(Date.now() - 2.5 * HOUR).toISOString(),
      awareAt: new Date(Date.now() - 2 * HOUR).toISOString(),
      reportedBy: "API gateway anomaly rule",
      classification: "breach",
      severity: "SEV2",
      affectedSystems: ["Merchant dashboard API"],
      dataCategories: ["Payer UPI IDs", "Payer mobile numbers"],
      personalData: true,
      principalsCount: 18500,
      jurisdictions: ["india", "eu"],
    }),
  );
  await ok(
    s.request("POST", `/api/incidents/${live.incident.id}/timeline`, {
      at: new Date(Date.now() - 1.5 * HOUR).toISOString(),
      phase: "containment",
      note: "Key revoked; source ranges blocked at Cloudflare.",
    }),
  );
  return live.incident.id;
};

assertWebBuilt();
mkdirSync(outDir, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), "fw-shots-incidents-"));
const server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
const browser = await launchBrowser();
try {
  const owner = await signInHttp(server.url, OWNER, DEMO_PASSWORD);
  const { body } = await owner.request<{
    user: { id: string };
    memberships: { tenantKind: string; tenantId: string }[];
  }>("GET", "/api/auth/session");
  const orgId = body.memberships.find((m) => m.tenantKind === "org")!.tenantId;
  const list = await ok(
    owner.request<{ incidents: { id: string; status: string }[] }>(
      "GET",
      `/api/organizations/${orgId}/incidents`,
    ),
  );
  const liveId =
    list.incidents.find((i) => i.status === "open")?.id ?? (await seed(owner, orgId, body.user.id));
  const closedId = (
    await ok(
      owner.request<{ incidents: { id: string; status: string }[] }>(
        "GET",
        `/api/organizations/${orgId}/incidents`,
      ),
    )
  ).incidents.find((i) => i.status === "closed")?.id;
  const page = await (await browser.newContext(VIEW)).newPage();
  await signInUi(page, server.url, OWNER);
  await page.goto(`${server.url}/incidents`);
  await shot(page, "governance-incidents-register");
  await page.goto(`${server.url}/incidents/${liveId}`);
  await shot(page, "governance-incidents-live-clocks");
  if (closedId) {
    await page.goto(`${server.url}/incidents/${closedId}`);
    await page.getByTestId("tab-review").click();
    await page.getByTestId("incident-review").scrollIntoViewIfNeeded();
    await shot(page, "governance-incidents-closed");
  }
  await page.goto(`${server.url}/incidents`);
  await page.getByTestId("new-incident").click();
  await page.getByTestId("incident-form").waitFor();
  await shot(page, "governance-incidents-form");
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
