import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFieldwork } from "../support/cli.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";

const fixture = (name: string) => new URL(`../fixtures/oscal/${name}`, import.meta.url);

describe("fieldwork oscal import (against a running server, with an API token)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-oscal-cli-"));
  const files = mkdtempSync(join(tmpdir(), "fw-oscal-files-"));
  let server: ServerProcess;
  let token: string;
  let orgId: string;
  let vendorId: string;

  const oscal = (args: string[], extraEnv: Record<string, string> = {}) =>
    runFieldwork(["oscal", "import", ...args, "--server", server.url], {
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
    // The demo's control owner (no MFA) creates a token and a vendor through the API.
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
      body: JSON.stringify({ name: "Kavach Cloud Logging", service: "Log retention, Mumbai", tier: 2 }),
    });
    expect(vendor.status).toBe(201);
    vendorId = ((await vendor.json()) as { vendor: { id: string } }).vendor.id;
    // The profile's back-matter names the catalog's file: import it under that name.
    copyFileSync(fixture("nist-800-53-rev5-excerpt.json"), join(files, "NIST_SP-800-53_rev5_catalog.json"));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  it("imports the catalog, then the profile that names it, then a component definition onto a vendor", async () => {
    const catalog = await oscal([join(files, "NIST_SP-800-53_rev5_catalog.json"), "--org", orgId]);
    expect(catalog.code, catalog.stderr).toBe(0);
    expect(catalog.stdout).toMatch(
      /^Imported catalog “Electronic Version of NIST SP 800-53 Rev 5.*” with 30 controls/,
    );
    const profile = await oscal([
      fixture("nist-800-53-rev5-low-excerpt-profile.json").pathname,
      "--org",
      orgId,
    ]);
    expect(profile.code, profile.stderr).toBe(0);
    expect(profile.stdout).toMatch(
      /^Imported profile “NIST Special Publication 800-53 Revision 5 LOW.*” with 22 controls/,
    );
    const component = await oscal([
      fixture("vendor-component-definition.json").pathname,
      "--org",
      orgId,
      "--vendor",
      vendorId,
      "--json",
    ]);
    expect(component.code, component.stderr).toBe(0);
    const answer = JSON.parse(component.stdout);
    expect(answer.componentDefinition).toMatchObject({ vendorName: "Kavach Cloud Logging", imported: 3 });
    const list = await fetch(`${server.url}/api/organizations/${orgId}/imported-frameworks`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await list.json()) as { frameworks: { kind: string }[] };
    expect(body.frameworks.map((f) => f.kind)).toEqual(["catalog", "profile"]);
  });

  it("fails with one line naming the path of the first problem, and on a foreign organization or no token", async () => {
    const doc = JSON.parse(readFileSync(fixture("nist-800-53-rev5-excerpt.json"), "utf8"));
    doc.catalog.uuid = "1d7a4f5e-2b3c-4d5e-8f9a-0b1c2d3e4f5a";
    doc.catalog.groups[1].controls[0].title = 42;
    const bad = join(files, "bad.json");
    writeFileSync(bad, JSON.stringify(doc));
    const invalid = await oscal([bad, "--org", orgId]);
    expect(invalid.code).toBe(2);
    expect(oneLine(invalid.stderr)).toContain("/catalog/groups/1/controls/0/title");
    const notJson = join(files, "notes.json");
    writeFileSync(notJson, "catalog: yes");
    const garbage = await oscal([notJson, "--org", orgId]);
    expect(garbage.code).toBe(2);
    expect(oneLine(garbage.stderr)).toMatch(/not valid JSON/);
    const foreign = await oscal([bad, "--org", "no-such-org"]);
    expect(foreign.code).toBe(3);
    const noToken = await oscal([bad, "--org", orgId], { FIELDWORK_TOKEN: "" });
    expect(noToken.code).not.toBe(0);
    expect(oneLine(noToken.stderr)).toMatch(/No API token/);
  });
});
