/**
 * Screenshots of single sign-on for the docs, on the demo client: the login page with the SSO entry,
 * a refused sign-in, and the organization admin's settings (against a local OpenID Connect provider).
 *
 *   npm run build && npx tsx scripts/screenshots-sso.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { launchBrowser } from "../test/support/browser.js";
import { startOidcProvider } from "../test/support/oidc-provider.js";
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

const shot = async (page: Page, name: string) => {
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(outDir, `${name}.png`), animations: "disabled", caret: "hide" });
  process.stdout.write(`saved docs/screenshots/${name}.png\n`);
};

assertWebBuilt();
mkdirSync(outDir, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), "fw-shots-sso-"));
const server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
const browser = await launchBrowser();
const idp = await startOidcProvider(`${server.url}/api/auth/sso/callback`);
try {
  const secrets = await waitForDemoSecrets(server.output);
  const admin = await signInHttp(server.url, ADMIN, DEMO_PASSWORD, secrets.get(ADMIN));
  const { body } = await admin.request<{ memberships: { tenantKind: string; tenantId: string }[] }>(
    "GET",
    "/api/auth/session",
  );
  const orgId = body.memberships.find((m) => m.tenantKind === "org")!.tenantId;
  await admin.request("PUT", `/api/organizations/${orgId}/sso`, {
    label: "Paysetu Google Workspace",
    issuerUrl: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    allowedDomains: ["paysetu.example"],
    defaultRole: "employee",
    enabled: true,
  });
  const login = await (await browser.newContext(VIEW)).newPage();
  await login.goto(`${server.url}/login`);
  await login.getByTestId("sso-open").click();
  await login.getByTestId("sso-email").fill("ritika.sharma@paysetu.example");
  await shot(login, "sso-login");
  idp.loginAs({ email: "someone@elsewhere.example", emailVerified: true, name: "Someone" });
  const refused = await (await browser.newContext(VIEW)).newPage();
  await refused.goto(`${server.url}/api/auth/sso/start?tenant=org:${orgId}`);
  await refused.getByTestId("sso-signin-error").waitFor();
  await shot(refused, "sso-refused");
  const page = await (await browser.newContext(VIEW)).newPage();
  await signInUi(page, server.url, ADMIN, { secret: secrets.get(ADMIN) });
  await page.goto(`${server.url}/settings#sso`);
  await page.getByTestId("sso-settings").scrollIntoViewIfNeeded();
  await shot(page, "sso-settings");
} finally {
  await browser.close();
  await idp.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
