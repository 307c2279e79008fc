import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFieldwork } from "../support/cli.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";

describe("fieldwork vendors (against a running server, with an API token)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-vendors-cli-"));
  const outDir = mkdtempSync(join(tmpdir(), "fw-vendors-out-"));
  let server: ServerProcess;
  let token: string;
  let orgId: string;

  const vendors = (args: string[], extraEnv: Record<string, string> = {}) =>
    runFieldwork(["vendors", ...args, "--server", server.url], {
      env: { FIELDWORK_TOKEN: token, ...extraEnv },
    });
  const oneLine = (stderr: string) => {
    const lines = stderr.trimEnd().split("\n");
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^fieldwork: /);
    return lines[0]!;
  };

  beforeAll(async () => {
    server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
    // The demo's control owner (no MFA) creates a token and adds a vendor through the API.
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "devops@paysetu.example", password: "fieldwork-demo-2026" }),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const session = (await (
      await fetch(`${server.url}/api/auth/session`, { headers: { cookie } })
    ).json()) as {
      memberships: { tenantKind: string; tenantId: string }[];
    };
    orgId = session.memberships.find((m) => m.tenantKind === "org")!.tenantId;
    const created = await fetch(`${server.url}/api/auth/tokens`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
      body: JSON.stringify({ name: "cli", scopes: ["read", "write"], expiresInDays: 1 }),
    });
    token = ((await created.json()) as { token: string }).token;
    const vendor = await fetch(`${server.url}/api/organizations/${orgId}/vendors`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Exotel Telephony", service: "IVR and call masking, Mumbai", tier: 2 }),
    });
    expect(vendor.status).toBe(201);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  });

  it("exports the register as CSV to standard output", async () => {
    const res = await vendors(["export", "--org", orgId]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    const lines = res.stdout.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toMatch(/^Name,Service,Tier,Status,Subservice method/);
    expect(lines.some((l) => l.startsWith("Exotel Telephony,IVR and call masking,"))).toBe(false);
    expect(lines.some((l) => l.startsWith('Exotel Telephony,"IVR and call masking, Mumbai",2,active'))).toBe(
      true,
    );
  });

  it("exports JSON to a file and lists the register", async () => {
    const out = join(outDir, "vendors.json");
    const res = await vendors(["export", "--org", orgId, "--format", "json", "--out", out]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/^Wrote .*vendors\.json/);
    const doc = JSON.parse(readFileSync(out, "utf8"));
    expect(doc.orgId).toBe(orgId);
    expect(doc.vendors.map((v: { name: string }) => v.name)).toContain("Exotel Telephony");
    const list = await vendors(["list", "--org", orgId]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^Vendor\s+Tier\s+Status/);
    expect(list.stdout).toMatch(/Exotel Telephony\s+2\s+active/);
  });

  it("fails with one line and a non-zero exit on a bad format, a foreign organization or no token", async () => {
    const format = await vendors(["export", "--org", orgId, "--format", "xlsx"]);
    expect(format.code).toBe(2);
    expect(oneLine(format.stderr)).toMatch(/Unknown format xlsx/);
    const foreign = await vendors(["export", "--org", "no-such-org"]);
    expect(foreign.code).toBe(3);
    expect(oneLine(foreign.stderr)).toMatch(/Organization was not found/);
    expect(foreign.stdout).toBe("");
    const noToken = await vendors(["export", "--org", orgId], { FIELDWORK_TOKEN: "" });
    expect(noToken.code).not.toBe(0);
    expect(oneLine(noToken.stderr)).toMatch(/No API token/);
  });
});
