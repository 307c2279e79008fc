import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFieldwork } from "../support/cli.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";

describe("fieldwork jobs (against a running server, with an API token)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-jobs-"));
  let server: ServerProcess;
  let token: string;
  let firmId: string;
  beforeAll(async () => {
    server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "manager@mehtaraman.example", password: "fieldwork-demo-2026" }),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const session = (await (
      await fetch(`${server.url}/api/auth/session`, { headers: { cookie } })
    ).json()) as {
      memberships: { tenantKind: string; tenantId: string }[];
    };
    firmId = session.memberships.find((m) => m.tenantKind === "firm")!.tenantId;
    const created = await fetch(`${server.url}/api/auth/tokens`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
      body: JSON.stringify({ name: "cli", scopes: ["read", "write"], expiresInDays: 1 }),
    });
    token = ((await created.json()) as { token: string }).token;
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("starts the audit-chain verification job and follows it to the end", async () => {
    const res = await runFieldwork([
      "jobs",
      "verify-audit",
      "--firm",
      firmId,
      "--server",
      server.url,
      "--token",
      token,
      "--json",
    ]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    const job = JSON.parse(res.stdout);
    expect(job).toMatchObject({
      kind: "audit.verify",
      status: "succeeded",
      progress: 1,
      result: { intact: true },
    });
    expect(job.result.checked).toBeGreaterThan(10);
    const shown = await runFieldwork(["jobs", "show", job.id, "--server", server.url, "--json"], {
      env: { FIELDWORK_TOKEN: token },
    });
    expect(JSON.parse(shown.stdout).status).toBe("succeeded");
  });

  it("says clearly when there is no token or the job does not exist", async () => {
    const noToken = await runFieldwork(["jobs", "show", "x", "--server", server.url], {
      env: { FIELDWORK_TOKEN: "" },
    });
    expect(noToken.code).not.toBe(0);
    expect(noToken.stderr).toMatch(/^fieldwork: No API token/);
    const missing = await runFieldwork([
      "jobs",
      "show",
      "no-such-job",
      "--server",
      server.url,
      "--token",
      token,
    ]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/not found/i);
  });
});
