/**
 * Single sign-on through the real UI in Chromium, on the demo client: its organization admin turns on
 * SSO for paysetu.example against a real OpenID Connect provider on a local port; a new colleague
 * signs in from the login page and joins as an employee; someone from another domain is refused with
 * the reason on the login page.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { describeInBrowser, launchBrowser } from "../support/browser.js";
import { startOidcProvider, type TestOidcProvider } from "../support/oidc-provider.js";
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

describeInBrowser("single sign-on in the browser", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-sso-ui-"));
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let idp: TestOidcProvider;
  let secrets: Map<string, string>;
  let orgId: string;

  beforeAll(async () => {
    assertWebBuilt();
    server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
    secrets = await waitForDemoSecrets(server.output);
    browser = await launchBrowser();
    idp = await startOidcProvider(`${server.url}/api/auth/sso/callback`);
    const admin = await signInHttp(server.url, ADMIN, DEMO_PASSWORD, secrets.get(ADMIN));
    const session = await admin.request<{ memberships: { tenantKind: string; tenantId: string }[] }>(
      "GET",
      "/api/auth/session",
    );
    orgId = session.body.memberships.find((m) => m.tenantKind === "org")!.tenantId;
    const saved = await admin.request("PUT", `/api/organizations/${orgId}/sso`, {
      label: "Paysetu Google Workspace",
      issuerUrl: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      allowedDomains: ["paysetu.example"],
      defaultRole: "employee",
      enabled: true,
    });
    expect(saved.status).toBe(200);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await idp?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  });

  it("signs a new colleague in from the login page and makes them an employee", async () => {
    const watch = watchConsole(page);
    idp.loginAs({ email: "ritika.sharma@paysetu.example", emailVerified: true, name: "Ritika Sharma" });
    await page.goto(`${server.url}/login`);
    await page.getByTestId("sso-open").click();
    await page.getByTestId("sso-email").fill("ritika.sharma@paysetu.example");
    await page.getByTestId("sso-continue").click();
    await page.getByRole("navigation", { name: "Main" }).waitFor({ timeout: 20_000 });
    const session = await page.evaluate(async () => {
      const res = await fetch("/api/auth/session");
      return (await res.json()) as {
        user: { name: string };
        memberships: { tenantId: string; role: string }[];
      };
    });
    expect(session.user.name).toBe("Ritika Sharma");
    expect(session.memberships).toEqual([expect.objectContaining({ tenantId: orgId, role: "employee" })]);
    expect(watch.problems()).toEqual([]);
  });

  it("refuses another domain and says why on the login page", async () => {
    idp.loginAs({ email: "someone@elsewhere.example", emailVerified: true, name: "Someone" });
    await page.goto(`${server.url}/api/auth/sso/start?tenant=org:${orgId}`);
    const error = page.getByTestId("sso-signin-error");
    await error.waitFor({ timeout: 20_000 });
    expect(await error.textContent()).toContain("its domain is not allowed");
    expect(page.url()).toContain("/login");
  });

  it("shows the organization admin the single sign-on settings", async () => {
    await signInUi(page, server.url, ADMIN, { secret: secrets.get(ADMIN) });
    await page.goto(`${server.url}/settings`);
    const card = page.getByTestId("sso-settings");
    await card.waitFor();
    expect(await page.getByTestId("sso-status").textContent()).toBe("Enabled");
    expect(await page.getByTestId("sso-domains").inputValue()).toBe("paysetu.example");
    expect(await page.getByTestId("sso-callback").textContent()).toBe(`${server.url}/api/auth/sso/callback`);
  });
});
