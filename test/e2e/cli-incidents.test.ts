/**
 * `fieldwork incidents export|list` against a running demo server with an API token: CSV to a file,
 * JSON to stdout, the table, and one-line errors with a non-zero exit.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFieldwork } from "../support/cli.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";

describe("fieldwork incidents (against a running server, with an API token)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-incidents-cli-"));
  let server: ServerProcess;
  let token: string;
  let orgId: string;
  beforeAll(async () => {
    server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "devops@paysetu.example", password: "fieldwork-demo-2026" }),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const headers = { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" };
    const session = (await (
      await fetch(`${server.url}/api/auth/session`, { headers: { cookie } })
    ).json()) as {
      memberships: { tenantKind: string; tenantId: string }[];
    };
    orgId = session.memberships.find((m) => m.tenantKind === "org")!.tenantId;
    const created = await fetch(`${server.url}/api/organizations/${orgId}/incidents`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        title: "Settlement file sent to the wrong bank SFTP folder",
        detectedAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
        awareAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
        reportedBy: "Reconciliation team",
        classification: "breach",
        severity: "SEV2",
        personalData: true,
        jurisdictions: ["india"],
      }),
    });
    expect(created.status).toBe(201);
    const tokenRes = await fetch(`${server.url}/api/auth/tokens`, {
      method: "POST",
      headers,
      body: JSON.stringify({ name: "cli", scopes: ["read"], expiresInDays: 1 }),
    });
    token = ((await tokenRes.json()) as { token: string }).token;
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("exports the register as CSV to a file and as JSON to stdout", async () => {
    const out = join(dataDir, "incidents.csv");
    const common = ["--org", orgId, "--server", server.url, "--token", token];
    const csv = await runFieldwork(["incidents", "export", ...common, "--format", "csv", "--out", out]);
    expect(csv.code).toBe(0);
    expect(csv.stderr).toBe(`Wrote ${out}\n`);
    const rows = parse(readFileSync(out, "utf8"), { columns: true }) as Record<string, string>[];
    const row = rows.find((r) => r.title === "Settlement file sent to the wrong bank SFTP folder");
    expect(row).toMatchObject({ classification: "breach", personal_data: "yes", jurisdictions: "india" });
    expect(row?.notification_clocks).toMatch(/cert-in: pending due /);

    const json = await runFieldwork(["incidents", "export", ...common, "--format", "json"]);
    expect(json.code).toBe(0);
    const data = JSON.parse(json.stdout) as { incidents: { title: string; clocks: { id: string }[] }[] };
    expect(data.incidents.find((i) => i.title.startsWith("Settlement"))?.clocks.map((c) => c.id)).toEqual([
      "cert-in",
      "dpdp-board-intimation",
      "dpdp-principals",
      "dpdp-board-report",
    ]);

    const list = await runFieldwork(["incidents", "list", ...common]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/Settlement file sent to the wrong bank.*dpdp-board-intimation due now/);
  });

  it("fails with one line and a non-zero exit for a bad format, a foreign organization or no token", async () => {
    const bad = await runFieldwork([
      "incidents",
      "export",
      "--org",
      orgId,
      "--server",
      server.url,
      "--token",
      token,
      "--format",
      "xml",
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/csv or json/);
    const foreign = await runFieldwork([
      "incidents",
      "export",
      "--org",
      "no-such-org",
      "--server",
      server.url,
      "--token",
      token,
    ]);
    expect(foreign.code).not.toBe(0);
    expect(foreign.stderr).toMatch(/not found/i);
    const noToken = await runFieldwork(["incidents", "list", "--org", orgId, "--server", server.url], {
      env: { FIELDWORK_TOKEN: "" },
    });
    expect(noToken.code).not.toBe(0);
    expect(noToken.stderr).toMatch(/API token/);
  });
});
