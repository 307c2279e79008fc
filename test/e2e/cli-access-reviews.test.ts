/**
 * `fieldwork access-reviews export|list` against a running demo server with an API token: a campaign
 * created over HTTP comes back as CSV (to a file) and JSON; errors are one line on stderr and a
 * non-zero exit.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFieldwork } from "../support/cli.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";
import { DEMO_PASSWORD, signInHttp } from "../support/ui.js";

describe("fieldwork access-reviews (against a running server, with an API token)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-cli-access-"));
  let server: ServerProcess;
  let token: string;
  let orgId: string;
  beforeAll(async () => {
    server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
    const owner = await signInHttp(server.url, "devops@paysetu.example", DEMO_PASSWORD);
    const session = await owner.request<{ memberships: { tenantKind: string; tenantId: string }[] }>(
      "GET",
      "/api/auth/session",
    );
    orgId = session.body.memberships.find((m) => m.tenantKind === "org")!.tenantId;
    const people = (
      await owner.request<{ people: { id: string; email: string }[] }>(
        "GET",
        `/api/organizations/${orgId}/access-reviews`,
      )
    ).body.people;
    const created = await owner.request<{ systems: { id: string }[] }>(
      "POST",
      `/api/organizations/${orgId}/access-reviews`,
      {
        name: "CLI export review",
        dueDate: "2027-01-31",
        systems: [
          { name: "Metabase", ownerUserId: people.find((p) => p.email === "devops@paysetu.example")!.id },
        ],
      },
    );
    await owner.request("POST", `/api/access-review-systems/${created.body.systems[0]!.id}/import`, {
      format: "csv",
      content:
        "account,name,email,entitlements,manager email\nmeera,Meera Pillai,meera@paysetu.example,Analyst; SQL,\n",
    });
    const made = await owner.request<{ token: string }>("POST", "/api/auth/tokens", {
      name: "cli",
      scopes: ["read"],
      expiresInDays: 1,
    });
    token = made.body.token;
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("exports the register as CSV to a file and as JSON to stdout", async () => {
    const out = join(dataDir, "reviews.csv");
    const csv = await runFieldwork([
      "access-reviews",
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
    expect(csv.code, csv.stderr).toBe(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toMatch(/^campaign,campaign_status,due_date,system,system_owner,account,/);
    expect(lines.find((l) => l.startsWith("CLI export review,"))).toMatch(
      /,Metabase,devops@paysetu\.example,meera,Meera Pillai,meera@paysetu\.example,Analyst; SQL,/,
    );
    const json = await runFieldwork(
      ["access-reviews", "export", "--org", orgId, "--format", "json", "--server", server.url],
      {
        env: { FIELDWORK_TOKEN: token },
      },
    );
    expect(json.code, json.stderr).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body.campaigns.map((c: { name: string }) => c.name)).toContain("CLI export review");
    expect(body.entries.find((e: { account: string }) => e.account === "meera")).toMatchObject({
      decision: "pending",
    });
    const list = await runFieldwork([
      "access-reviews",
      "list",
      "--org",
      orgId,
      "--server",
      server.url,
      "--token",
      token,
    ]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/CLI export review\s+draft\s+2027-01-31\s+0\/1 \(0%\)/);
  });

  it("says clearly what is wrong: a bad format, no token, an unknown organization", async () => {
    const bad = await runFieldwork([
      "access-reviews",
      "export",
      "--org",
      orgId,
      "--format",
      "xml",
      "--server",
      server.url,
      "--token",
      token,
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/^fieldwork: --format must be csv or json/);
    const noToken = await runFieldwork(["access-reviews", "export", "--org", orgId, "--server", server.url], {
      env: { FIELDWORK_TOKEN: "" },
    });
    expect(noToken.code).not.toBe(0);
    expect(noToken.stderr).toMatch(/^fieldwork: No API token/);
    const missing = await runFieldwork([
      "access-reviews",
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
    expect(missing.stderr).toMatch(/not found/);
  });
});
