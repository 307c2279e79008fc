/**
 * Helpers for driving the web UI of a real `fieldwork serve` process in Chromium: the demo TOTP
 * secrets from the server's start-up output, sign-in over HTTP (for set-up the test is not about)
 * and in the browser, and a console watcher that fails a test on unexpected page errors.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ConsoleMessage, Page } from "playwright-core";
import { currentTotp } from "../../src/app/security/totp.js";

export const DEMO_PASSWORD = "fieldwork-demo-2026";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The server serves the UI from web/dist; `npm test` builds it first. */
export const assertWebBuilt = (): void => {
  if (!existsSync(`${root}web/dist/index.html`)) {
    throw new Error(
      "web/dist/index.html is missing: build the UI first with `npx vite build --config web/vite.config.ts` (npm test does this).",
    );
  }
};

/** E-mail → TOTP secret from the "Demo sign-in" table the server prints on a first start. */
export const parseDemoSecrets = (output: string): Map<string, string> => {
  const secrets = new Map<string, string>();
  for (const match of output.matchAll(/(\S+@\S+\.example)\s+([A-Z2-7]{32})\b/g)) {
    secrets.set(match[1]!, match[2]!);
  }
  return secrets;
};

/** Waits until the start-up output holds the demo table (it follows the "running at" line). */
export const waitForDemoSecrets = async (output: () => string, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const secrets = parseDemoSecrets(output());
    if (secrets.has("partner@mehtaraman.example") && secrets.has("admin@mehtaraman.example")) return secrets;
    if (Date.now() > deadline) throw new Error(`no demo sign-in table in the server output:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

export const totpNow = (secret: string): string => currentTotp(secret, new Date());

const STEP_MS = 30_000;
const lastStepUsed = new Map<string, number>();

/**
 * A code the server will accept now. Codes are single use (the server remembers the last time
 * step it accepted) and it accepts one step either side of now, so successive sign-ins of one
 * user take the current step, then the next, then wait for the clock.
 */
export const freshTotp = async (secret: string): Promise<string> => {
  const current = Math.floor(Date.now() / STEP_MS);
  const step = Math.max(current, (lastStepUsed.get(secret) ?? -1) + 1);
  if (step > current + 1) {
    // Wait until `step` is at most one step ahead of the server's clock, with a margin.
    await new Promise((r) => setTimeout(r, (step - 1) * STEP_MS - Date.now() + 1_000));
  }
  lastStepUsed.set(secret, step);
  return currentTotp(secret, new Date(step * STEP_MS + STEP_MS / 2));
};

/** A 6-digit code that is valid in none of the steps the server might accept. */
export const wrongTotp = (secret: string): string => {
  const now = Date.now();
  const valid = new Set([-2, -1, 0, 1, 2].map((d) => currentTotp(secret, new Date(now + d * 30_000))));
  let n = (Number(totpNow(secret)) + 500_000) % 1_000_000;
  while (valid.has(String(n).padStart(6, "0"))) n = (n + 1) % 1_000_000;
  return String(n).padStart(6, "0");
};

export interface HttpSession {
  readonly cookie: string;
  readonly csrf: string;
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

const cookieOf = (res: Response): string => (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";

/** Signs in over HTTP (password, then the TOTP code when the user has one) the way the UI does. */
export const signInHttp = async (
  baseUrl: string,
  email: string,
  password: string,
  secret?: string,
): Promise<HttpSession> => {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const first = (await login.json()) as { state: string; csrfToken: string };
  if (login.status !== 200) throw new Error(`sign-in of ${email} failed: ${JSON.stringify(first)}`);
  let cookie = cookieOf(login);
  let csrf = first.csrfToken;
  if (first.state === "mfa_required") {
    if (!secret) throw new Error(`${email} needs a TOTP secret`);
    const verify = await fetch(`${baseUrl}/api/auth/mfa/verify`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "x-csrf-token": csrf },
      body: JSON.stringify({ code: await freshTotp(secret) }),
    });
    const second = (await verify.json()) as { state: string; csrfToken: string };
    if (verify.status !== 200) throw new Error(`MFA of ${email} failed: ${JSON.stringify(second)}`);
    cookie = cookieOf(verify);
    csrf = second.csrfToken;
  } else if (first.state !== "active") {
    throw new Error(`${email} cannot use the API yet: ${first.state}`);
  }
  return {
    cookie,
    csrf,
    async request<T>(method: string, path: string, body?: unknown) {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          cookie,
          "x-csrf-token": csrf,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: (text === "" ? null : JSON.parse(text)) as T };
    },
  };
};

/** The first firm the signed-in user belongs to. */
export const firmIdOf = async (session: HttpSession): Promise<string> => {
  const { body } = await session.request<{ memberships: { tenantKind: string; tenantId: string }[] }>(
    "GET",
    "/api/auth/session",
  );
  const firm = body.memberships.find((m) => m.tenantKind === "firm");
  if (!firm) throw new Error("the user belongs to no firm");
  return firm.tenantId;
};

/**
 * Signs in through the login page: e-mail and password, then the authentication code when the
 * user has an authenticator; resolves on the first page after sign-in.
 */
export const signInUi = async (
  page: Page,
  baseUrl: string,
  email: string,
  options: { password?: string; secret?: string } = {},
): Promise<void> => {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill(options.password ?? DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (options.secret) {
    await page.getByLabel("Authentication code").fill(await freshTotp(options.secret));
    await page.getByRole("button", { name: "Verify" }).click();
  }
  await page.getByRole("navigation", { name: "Main" }).waitFor();
};

export interface ConsoleWatch {
  /** Failed requests the test causes on purpose (a wrong password, a refused move). */
  allow(pattern: RegExp): void;
  /** Unexpected console errors and uncaught page errors so far. */
  problems(): string[];
}

/**
 * Collects console errors and uncaught exceptions. Chromium logs every 4xx response as a console
 * error; the 401 of the session check on a signed-out page is expected, everything else must be
 * allowed explicitly by the test that causes it.
 */
export const watchConsole = (page: Page): ConsoleWatch => {
  const allowed: RegExp[] = [/401 \(Unauthorized\) @ .*\/api\/auth\/session$/];
  const seen: string[] = [];
  page.on("console", (msg: ConsoleMessage) => {
    if (msg.type() !== "error") return;
    seen.push(`${msg.text()} @ ${msg.location().url}`);
  });
  page.on("pageerror", (error) => {
    seen.push(`uncaught: ${error.message}`);
  });
  return {
    allow: (pattern) => {
      allowed.push(pattern);
    },
    problems: () => seen.filter((line) => !allowed.some((p) => p.test(line))),
  };
};
