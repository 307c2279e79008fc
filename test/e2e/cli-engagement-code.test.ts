import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFieldwork } from "../support/cli.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";

/** The `engagement:` block of a file: everything before `controls:`. */
const engagementBlock = (yaml: string) =>
  yaml.slice(yaml.indexOf("engagement:"), yaml.indexOf("\ncontrols:"));

describe("fieldwork engagement export|import (against a running server, with an API token)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-code-"));
  const files = mkdtempSync(join(tmpdir(), "fw-code-out-"));
  let server: ServerProcess;
  let token: string;
  let orgId: string;
  let engagementId: string;
  const cli = (args: string[]) => runFieldwork([...args, "--server", server.url, "--token", token]);

  beforeAll(async () => {
    server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" }, timeoutMs: 100_000 });
    // The demo's engagement manager (no MFA) creates a token that can read and write.
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "manager@mehtaraman.example", password: "fieldwork-demo-2026" }),
    });
    expect(login.status).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const list = (await (await fetch(`${server.url}/api/engagements`, { headers: { cookie } })).json()) as {
      engagements: { id: string; name: string; organizationId: string }[];
    };
    const demo = list.engagements.find((e) => e.name === "Paysetu SOC 2 Type 2 FY 2026-27");
    expect(demo).toBeDefined();
    engagementId = demo!.id;
    orgId = demo!.organizationId;
    const tokenRes = await fetch(`${server.url}/api/auth/tokens`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
      body: JSON.stringify({ name: "cli", scopes: ["read", "write"], expiresInDays: 1 }),
    });
    expect(tokenRes.status).toBe(201);
    token = ((await tokenRes.json()) as { token: string }).token;
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  it("exports the demo engagement and imports it as a new engagement with the same scope", async () => {
    const out = join(files, "paysetu.yaml");
    const exported = await cli(["engagement", "export", "--engagement", engagementId, "--out", out]);
    expect(exported.stderr).toContain(`Wrote ${out}`);
    expect(exported.code).toBe(0);
    const yaml = readFileSync(out, "utf8");
    expect(yaml).toContain("version: fieldwork/v1");
    expect(yaml).toContain("name: Paysetu SOC 2 Type 2 FY 2026-27");
    expect(yaml).toMatch(/\ncontrols:\n {2}- code: /);

    const imported = await cli(["engagement", "import", out, "--org", orgId, "--json"]);
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);
    const result = JSON.parse(imported.stdout) as {
      unchanged: string[];
      engagementId: string;
      created: boolean;
      applied: string[];
      skipped: { section: string }[];
    };
    expect(result.created).toBe(true);
    expect(result.applied).toContain("engagement");
    // The organization's controls and policies are shared by its engagements, so they already match;
    // the new engagement's description is its admin's to write, and the manager's import says so.
    expect(result.unchanged).toEqual(expect.arrayContaining(["controls", "policies"]));
    expect(result.skipped.map((s) => s.section)).toEqual(["systemDescription"]);

    const again = await cli(["engagement", "export", "--engagement", result.engagementId]);
    expect(again.code).toBe(0);
    expect(engagementBlock(again.stdout)).toBe(engagementBlock(yaml));
    // The organization's controls are shared by its engagements, so they export identically.
    expect(again.stdout.slice(again.stdout.indexOf("\ncontrols:"), again.stdout.indexOf("\npolicies:"))).toBe(
      yaml.slice(yaml.indexOf("\ncontrols:"), yaml.indexOf("\npolicies:")),
    );
  });

  it("refuses an invalid file with the path of the problem and a failing exit code", async () => {
    const yaml = (await cli(["engagement", "export", "--engagement", engagementId])).stdout;
    const bad = join(files, "bad.yaml");
    writeFileSync(bad, yaml.replace(/frequency: \S+/, "frequency: fortnightly"));
    const res = await cli(["engagement", "import", bad, "--org", orgId, "--engagement", engagementId]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/controls\[0\]\.frequency/);
    const broken = join(files, "broken.yaml");
    writeFileSync(broken, "version: fieldwork/v1\nengagement: {name: x\n");
    const syntax = await cli(["engagement", "import", broken, "--org", orgId]);
    expect(syntax.code).not.toBe(0);
    expect(syntax.stderr).toMatch(/line \d+:\d+/);
  });
});
