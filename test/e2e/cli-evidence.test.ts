import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFieldwork } from "../support/cli.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";

const LIMIT = 1024 * 1024;

describe("fieldwork evidence push (against a running server, with an API token)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-evidence-cli-"));
  const files = mkdtempSync(join(tmpdir(), "fw-evidence-files-"));
  let server: ServerProcess;
  let token: string;
  let orgId: string;
  let controlId: string;

  const api = (path: string) =>
    fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const push = (args: string[], extraEnv: Record<string, string> = {}) =>
    runFieldwork(["evidence", "push", "--server", server.url, ...args], {
      env: { FIELDWORK_TOKEN: token, ...extraEnv },
    });
  /** Errors are one line on stderr starting with "fieldwork:". */
  const oneLine = (stderr: string) => {
    const lines = stderr.trimEnd().split("\n");
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^fieldwork: /);
    return lines[0]!;
  };

  beforeAll(async () => {
    server = await startServerProcess({
      dataDir,
      env: { FIELDWORK_DATABASE_URL: "", FIELDWORK_EVIDENCE_MAX_BYTES: String(LIMIT) },
    });
    // The demo's control owner (no MFA) creates a pipeline token.
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
      body: JSON.stringify({ name: "ci", scopes: ["read", "write"], expiresInDays: 1 }),
    });
    token = ((await created.json()) as { token: string }).token;
    // A control of the organization, written straight into the server's SQLite database.
    controlId = randomUUID();
    const db = new SQLite(join(dataDir, "fieldwork.db"));
    db.pragma("busy_timeout = 5000");
    const now = new Date().toISOString();
    db.prepare(
      `insert into org_controls (id, org_id, library_id, code, domain, title, description, criteria, frequency,
        automation, evidence, attributes, owner_user_id, status, created_at, updated_at)
       values (?, ?, null, 'CLI-01', 'change', 'Deploys are reviewed', 'Test control', '["CC8.1"]', 'monthly',
        'automated', '[]', '[]', null, 'implemented', ?, ?)`,
    ).run(controlId, orgId, now, now);
    db.close();
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  it("streams a file to the server for a control named by code; the organization is the token user's", async () => {
    const path = join(files, "deploy-log.csv");
    const content = Buffer.from(`deploy,reviewer\n${randomUUID()},asha\n${randomUUID()},ravi\n`);
    writeFileSync(path, content);
    const res = await push(["--control", "CLI-01", path]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Uploaded deploy-log\.csv as evidence \S+ \(text\/csv, .*for CLI-01\.\n$/);
    const id = /as evidence (\S+) /.exec(res.stdout)?.[1];
    const down = await api(`/api/evidence/${id}/download`);
    expect(down.status).toBe(200);
    expect(Buffer.from(await down.arrayBuffer()).equals(content)).toBe(true);
  });

  it("takes --org, a control id, --effective-date and --title, and prints JSON", async () => {
    const path = join(files, "scan.bin");
    const content = randomBytes(LIMIT);
    writeFileSync(path, content);
    const res = await push([
      "--org",
      orgId,
      "--control",
      controlId,
      "--effective-date",
      "2026-06-30",
      "--title",
      "Quarterly scan",
      "--json",
      path,
    ]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    const item = JSON.parse(res.stdout);
    expect(item).toMatchObject({
      title: "Quarterly scan",
      effectiveDate: "2026-06-30",
      size: LIMIT,
      source: "pipeline",
      originalName: "scan.bin",
      controls: [{ id: controlId, code: "CLI-01" }],
    });
    const list = (await (
      await api(`/api/organizations/${orgId}/evidence?controlId=${controlId}`)
    ).json()) as {
      items: { id: string }[];
    };
    expect(list.items.map((i) => i.id)).toContain(item.id);
    const down = await api(`/api/evidence/${item.id}/download`);
    expect(Buffer.from(await down.arrayBuffer()).equals(content)).toBe(true);
  });

  it("exits non-zero with one clear line: missing file, too large, bad token, unknown control", async () => {
    const missing = await push(["--control", "CLI-01", join(files, "nope.pdf")]);
    expect(missing.code).toBe(2);
    expect(oneLine(missing.stderr)).toContain("does not exist");

    const big = join(files, "big.bin");
    writeFileSync(big, randomBytes(LIMIT + 1));
    const tooLarge = await push(["--control", "CLI-01", big]);
    expect(tooLarge.code).toBe(2);
    expect(oneLine(tooLarge.stderr)).toMatch(/larger than the evidence size limit of 1 MB \(1048576 bytes\)/);

    const small = join(files, "small.txt");
    writeFileSync(small, "hello");
    const badToken = await push(["--control", "CLI-01", small], { FIELDWORK_TOKEN: "fwk_not-a-real-token" });
    expect(badToken.code).toBe(1);
    oneLine(badToken.stderr);

    const unknown = await push(["--control", "NOPE-42", small]);
    expect(unknown.code).toBe(3);
    expect(oneLine(unknown.stderr)).toContain("NOPE-42");

    const noControl = await push([small]);
    expect(noControl.code).toBe(2);
    expect(oneLine(noControl.stderr)).toContain("--control");

    const noToken = await push(["--control", "CLI-01", small], { FIELDWORK_TOKEN: "" });
    expect(noToken.code).not.toBe(0);
    expect(oneLine(noToken.stderr)).toContain("No API token");

    // Nothing from the failures arrived.
    const list = (await (await api(`/api/organizations/${orgId}/evidence`)).json()) as {
      items: { size: number }[];
    };
    expect(list.items.some((i) => i.size === LIMIT + 1 || i.size === 5)).toBe(false);
  });
});
