/**
 * Screenshots of the trust portal and the verification page for the docs, on the demo client:
 * the public portal with the request form, a request approved at once for an allow-listed domain,
 * the organization admin's queue and settings, and /verify with an intact and a tampered copy.
 *
 *   npx vite build --config web/vite.config.ts && npx tsx scripts/screenshots-trust.ts
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
  signInHttp,
  signInUi,
  waitForDemoSecrets,
} from "../test/support/ui.js";

const outDir = join(fileURLToPath(new URL("..", import.meta.url)), "docs", "screenshots");
const ADMIN = "compliance@paysetu.example";
const VIEW = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale: "en-IN" };

const shot = async (page: Page, name: string, fullPage = false) => {
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(400);
  await page.screenshot({
    path: join(outDir, `${name}.png`),
    animations: "disabled",
    caret: "hide",
    fullPage,
  });
  process.stdout.write(`saved docs/screenshots/${name}.png\n`);
};

const ask = async (
  base: string,
  orgId: string,
  reportId: string,
  who: { name: string; email: string; company: string },
) => {
  const res = await fetch(`${base}/api/public/trust/${orgId}/requests`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ reportId, ...who, ndaVersion: "fieldwork-nda-v1", ndaAccepted: true }),
  });
  return (await res.json()) as { id: string; secret: string; link: { url: string } | null };
};

assertWebBuilt();
mkdirSync(outDir, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), "fw-shots-trust-"));
const server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
const browser = await launchBrowser();
try {
  const secrets = await waitForDemoSecrets(server.output);
  const admin = await signInHttp(server.url, ADMIN, DEMO_PASSWORD, secrets.get(ADMIN));
  const { body } = await admin.request<{ memberships: { tenantKind: string; tenantId: string }[] }>(
    "GET",
    "/api/auth/session",
  );
  const orgId = body.memberships.find((m) => m.tenantKind === "org")!.tenantId;
  const portal = (await (await fetch(`${server.url}/api/public/trust/${orgId}`)).json()) as {
    reports: { id: string; kind: string }[];
  };
  const soc2 = portal.reports.find((r) => r.kind === "soc2-type2");
  if (!soc2) throw new Error("the demo has no issued SOC 2 Type 2 report on Paysetu's trust portal");
  await admin.request("PUT", `/api/organizations/${orgId}/trust/settings`, {
    allowedDomains: ["hdfcbank.example", "razorpay.example"],
    linkDays: 14,
  });
  // Some history for the queue: one pending, one approved by the admin, one allow-listed.
  await ask(server.url, orgId, soc2.id, {
    name: "Rahul Verma",
    email: "rahul.verma@cred-vendor-risk.example",
    company: "Cred Vendor Risk Pvt Ltd",
  });
  const approved = await ask(server.url, orgId, soc2.id, {
    name: "Sneha Kulkarni",
    email: "sneha.k@icici-procurement.example",
    company: "ICICI Procurement Services",
  });
  const decided = await admin.request<{ link: { url: string } }>(
    "POST",
    `/api/trust-requests/${approved.id}/approve`,
    { note: "Existing merchant-acquiring partner" },
  );
  const copy = Buffer.from(await (await fetch(`${server.url}${decided.body.link.url}`)).arrayBuffer());
  const auto = await ask(server.url, orgId, soc2.id, {
    name: "Priya Nair",
    email: "priya.nair@hdfcbank.example",
    company: "HDFC Bank Ltd",
  });

  const outsider = await (await browser.newContext(VIEW)).newPage();
  await outsider.goto(`${server.url}/trust/${orgId}`);
  const card = outsider.getByTestId("trust-report-soc2-type2");
  await card.getByTestId("trust-request-access").click();
  await card.getByLabel("Your name").fill("Ananya Krishnan");
  await card.getByLabel("Work e-mail").fill("ananya.k@bharatpay-partners.example");
  await card.getByRole("textbox", { name: "Company" }).fill("BharatPay Partners Pvt Ltd");
  await shot(outsider, "trust-portal", true);
  await outsider.goto(`${server.url}/trust/${orgId}?request=${auto.id}&secret=${auto.secret}`);
  await outsider.getByTestId("trust-download").waitFor();
  await shot(outsider, "trust-portal-approved");

  const page = await (await browser.newContext(VIEW)).newPage();
  await signInUi(page, server.url, ADMIN, { secret: secrets.get(ADMIN) });
  await page.goto(`${server.url}/trust-access`);
  await page.getByTestId("trust-requests").waitFor();
  await shot(page, "trust-access");
  await page.getByTestId("trust-settings-tab").click();
  await page.getByTestId("trust-settings").waitFor();
  await shot(page, "trust-settings");

  const verify = await (await browser.newContext(VIEW)).newPage();
  await verify.goto(`${server.url}/verify`);
  await verify.getByTestId("verify-file-input").setInputFiles({
    name: "paysetu-soc2-type2-copy.pdf",
    mimeType: "application/pdf",
    buffer: copy,
  });
  await verify.getByTestId("verify-result").waitFor();
  await shot(verify, "verify-valid", true);
  const tampered = Buffer.from(copy);
  const range = /\/ByteRange\s*\[\s*0\s+(\d+)/.exec(copy.toString("latin1"));
  const at = Math.floor(Number(range?.[1]) / 2);
  tampered[at] = (tampered[at] ?? 0) ^ 0x01;
  await verify.getByTestId("verify-file-input").setInputFiles({
    name: "paysetu-soc2-type2-edited.pdf",
    mimeType: "application/pdf",
    buffer: tampered,
  });
  await verify.locator('[data-testid="verify-result"][data-status="invalid"]').waitFor();
  await shot(verify, "verify-invalid");
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
