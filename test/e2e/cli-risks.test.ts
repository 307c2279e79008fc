import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFieldwork } from "../support/cli.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";

describe("fieldwork risks (against a running server, with an API token)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-risks-"));
  const files = mkdtempSync(join(tmpdir(), "fw-risks-out-"));
  let server: ServerProcess;
  let token: string;
  let orgId: string;
  const title = `Sponsor bank API outage ${Date.now()}`;

  beforeAll(async () => {
    server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
    // The demo's control owner (no MFA) adds a risk through the API and creates a token.
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
      user: { id: string };
      memberships: { tenantKind: string; tenantId: string }[];
    };
    orgId = session.memberships.find((m) => m.tenantKind === "org")!.tenantId;
    const created = await fetch(`${server.url}/api/organizations/${orgId}/risks`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        title,
        asset: "Payout API",
        category: "vendor",
        threat: "The sponsor bank's payout API is down",
        vulnerability: "One payout bank",
        likelihood: 3,
        impact: 4,
        residualLikelihood: 3,
        residualImpact: 3,
        treatment: "avoid",
        ownerUserId: session.user.id,
        reviewDate: "2030-01-31",
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
    rmSync(files, { recursive: true, force: true });
  });

  it("exports the register as CSV to a file and as JSON to stdout", async () => {
    const out = join(files, "risks.csv");
    const csv = await runFieldwork([
      "risks",
      "export",
      "--org",
      orgId,
      "--format",
      "csv",
      "--out",
      out,
      "--server",
      server.url,
      "--token",
      token,
    ]);
    expect(csv.code).toBe(0);
    expect(csv.stderr).toContain(`Wrote ${out}`);
    const text = readFileSync(out, "utf8").replace(/^\uFEFF/, "");
    expect(text.split("\r\n")[0]).toMatch(/^Ref,Title,Category/);
    expect(text).toContain(title);

    const json = await runFieldwork(
      ["risks", "export", "--org", orgId, "--format", "json", "--server", server.url],
      {
        env: { FIELDWORK_TOKEN: token },
      },
    );
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.organizationId).toBe(orgId);
    expect(parsed.risks.find((r: { title: string }) => r.title === title)).toMatchObject({
      treatment: "avoid",
      inherent: { score: 12, band: "high" },
      residual: { score: 9, band: "medium" },
    });

    const list = await runFieldwork([
      "risks",
      "list",
      "--org",
      orgId,
      "--server",
      server.url,
      "--token",
      token,
    ]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^Ref\s+Title/);
    expect(list.stdout).toContain("high (12)");
  });

  it("fails with one line on stderr for a bad format, an unknown organization or no token", async () => {
    const bad = await runFieldwork([
      "risks",
      "export",
      "--org",
      orgId,
      "--format",
      "xlsx",
      "--server",
      server.url,
      "--token",
      token,
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/^fieldwork: Unknown format 'xlsx'/);
    const missing = await runFieldwork([
      "risks",
      "export",
      "--org",
      "no-such-org",
      "--server",
      server.url,
      "--token",
      token,
    ]);
    expect(missing.code).toBe(3);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toMatch(/not found/i);
    const noToken = await runFieldwork(["risks", "export", "--org", orgId, "--server", server.url], {
      env: { FIELDWORK_TOKEN: "" },
    });
    expect(noToken.code).not.toBe(0);
    expect(noToken.stderr).toMatch(/^fieldwork: No API token/);
  });
});
