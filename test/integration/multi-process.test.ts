import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  createTestApp,
  nextMfaCode,
  PASSWORD,
  seedTenant,
  type TestApp,
  type TestTenant,
} from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";

/**
 * No state that matters lives in process memory: two server processes on one database serve the
 * same users. Sign in through one process, act through the other; lockout counters are shared.
 */
describeEachDatabase("two server processes on one database", (target) => {
  let t: TestApp;
  let tenant: TestTenant;
  let a: ServerProcess;
  let b: ServerProcess;
  const dataDirs: string[] = [];
  beforeAll(async () => {
    t = await createTestApp(target);
    tenant = await seedTenant(t);
    // Two processes share the database and the master key, but not the data directory (PostgreSQL);
    // on SQLite they share the data directory's database file.
    const env: Record<string, string> = {
      FIELDWORK_MASTER_KEY: "",
      FIELDWORK_DATABASE_URL: t.databaseUrl ?? "",
    };
    const dirFor = () => {
      if (!t.databaseUrl) return t.dataDir;
      const d = mkdtempSync(join(tmpdir(), "fw-proc-"));
      dataDirs.push(d);
      return d;
    };
    // The seeded TOTP secrets were sealed with the test app's key, so both processes use that key.
    env.FIELDWORK_MASTER_KEY = readFileSync(join(t.dataDir, "master.key"), "utf8").trim();
    [a, b] = await Promise.all([
      startServerProcess({ dataDir: dirFor(), env, args: ["--no-demo"] }),
      startServerProcess({ dataDir: dirFor(), env, args: ["--no-demo"] }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await t?.close();
    for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
  });

  const post = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  it("accepts a session created by the other process, MFA step included", async () => {
    const partner = tenant.users.partner;
    const login = await post(a.url, "/api/auth/login", { email: partner.email, password: PASSWORD });
    expect(login.status).toBe(200);
    const first = (await login.json()) as { state: string; csrfToken: string };
    expect(first.state).toBe("mfa_required");
    const cookie1 = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    // The second step goes to process B.
    const verify = await post(
      b.url,
      "/api/auth/mfa/verify",
      { code: nextMfaCode(partner) },
      { cookie: cookie1, "x-csrf-token": first.csrfToken },
    );
    expect(verify.status).toBe(200);
    const { csrfToken } = (await verify.json()) as { csrfToken: string };
    const cookie = (verify.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    // Act through process A with the session from process B.
    const created = await post(
      a.url,
      `/api/organizations/${tenant.orgId}/engagements`,
      { name: "Made across processes", type: "type1", asOfDate: "2026-12-31" },
      { cookie, "x-csrf-token": csrfToken },
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const read = await fetch(`${b.url}/api/engagements/${id}`, { headers: { cookie } });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { engagement: { name: string } }).engagement.name).toBe(
      "Made across processes",
    );
  });

  it("shares failed-login counters, so lockout holds across processes", async () => {
    const user = tenant.users.employee;
    for (const [i, base] of [a.url, b.url, a.url, b.url].entries()) {
      const res = await post(base, "/api/auth/login", { email: user.email, password: `wrong-${i}` });
      expect(res.status).toBe(401);
    }
    const fifth = await post(a.url, "/api/auth/login", { email: user.email, password: "wrong-5" });
    expect(fifth.status).toBe(423);
    const onB = await post(b.url, "/api/auth/login", { email: user.email, password: PASSWORD });
    expect(onB.status).toBe(423);
  });
});
