/**
 * `fieldwork population import` against real server processes with an auditor's API token: the file
 * is streamed, imported by the server's worker and its profile printed; a bad column or missing
 * C&A support is one line on stderr with exit 2; Ctrl-C cancels the job and exits 130.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFieldwork } from "../support/cli.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

interface Demo {
  readonly server: ServerProcess;
  readonly dataDir: string;
  readonly token: string;
  readonly engagementId: string;
  readonly controlCode: string;
}

/** A server with the demo data, and an API token of the demo's engagement manager (no MFA). */
const startDemo = async (label: string, env: Record<string, string> = {}): Promise<Demo> => {
  const dataDir = mkdtempSync(join(tmpdir(), `fw-population-${label}-`));
  const server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "", ...env } });
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "manager@mehtaraman.example", password: "fieldwork-demo-2026" }),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const created = await fetch(`${server.url}/api/auth/tokens`, {
    method: "POST",
    headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
    body: JSON.stringify({ name: "fieldwork", scopes: ["read", "write"], expiresInDays: 1 }),
  });
  const token = ((await created.json()) as { token: string }).token;
  const get = async <T>(path: string): Promise<T> =>
    (await (
      await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as T;
  const { engagements } = await get<{ engagements: { id: string; organizationId: string }[] }>(
    "/api/engagements",
  );
  const engagement = engagements[0]!;
  const orgId = engagement.organizationId;
  const { controls } = await get<{ controls: { code: string }[] }>(`/api/organizations/${orgId}/controls`);
  return { server, dataDir, token, engagementId: engagement.id, controlCode: controls[0]!.code };
};

/** Change tickets over the demo period; rows 2 and 5 fall outside it, row 4's date cannot be read. */
const population = (): Buffer => {
  const rows = ["ticket,opened,owner"];
  for (let k = 1; k <= 60; k++) {
    let date = `2026-${String(4 + (k % 9)).padStart(2, "0")}-${String(1 + (k % 27)).padStart(2, "0")}`;
    if (k === 2) date = "2026-01-15";
    if (k === 4) date = "soon";
    if (k === 5) date = "2027-06-01";
    rows.push(`T-${k},${date},owner${k % 3}`);
  }
  return Buffer.from(`${rows.join("\n")}\n`);
};

const countRows = (dataDir: string, sql: string): number => {
  const db = new SQLite(join(dataDir, "fieldwork.db"), { readonly: true });
  db.pragma("busy_timeout = 5000");
  try {
    return Number((db.prepare(sql).get() as { n: number }).n);
  } finally {
    db.close();
  }
};

describe("fieldwork population import (against a running server, with an API token)", () => {
  const files = mkdtempSync(join(tmpdir(), "fw-population-files-"));
  const file = join(files, "tickets.csv");
  const content = population();
  writeFileSync(file, content);
  let demo: Demo;

  const args = (extra: string[] = []) => [
    "population",
    "import",
    "--server",
    demo.server.url,
    "--engagement",
    demo.engagementId,
    "--control",
    demo.controlCode,
    "--date-column",
    "opened",
    "--id-column",
    "ticket",
    "--period",
    "2026-04-01..2027-03-31",
    "--ca-source",
    "select * from tickets where opened between '2026-04-01' and '2027-03-31'",
    ...extra,
    file,
  ];
  const oneLine = (stderr: string) => {
    const lines = stderr.trimEnd().split("\n");
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^fieldwork: /);
    return lines[0]!;
  };

  beforeAll(async () => {
    demo = await startDemo("cli");
  });
  afterAll(async () => {
    await demo?.server.stop();
    if (demo) rmSync(demo.dataDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  it("uploads, imports through the server's job and prints the population as JSON", async () => {
    const res = await runFieldwork(args(["--json"]), { env: { FIELDWORK_TOKEN: demo.token } });
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    const p = JSON.parse(res.stdout);
    expect(p).toMatchObject({
      engagementId: demo.engagementId,
      control: { code: demo.controlCode },
      name: "tickets.csv",
      fileName: "tickets.csv",
      format: "csv",
      blobSha256: createHash("sha256").update(content).digest("hex"),
      periodStart: "2026-04-01",
      periodEnd: "2027-03-31",
      rowCount: 60,
      inPeriodCount: 57,
      excludedCount: 2,
      unparseableCount: 1,
      unparseable: [{ row: 4, column: "opened", value: "soon" }],
      mapping: { date: "opened", id: "ticket" },
      caMethod: "query",
    });
  });

  it("prints the profile for people, with the unreadable rows", async () => {
    const res = await runFieldwork(args(["--name", "Tickets FY26", "--token", demo.token]));
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Imported population "Tickets FY26" \(\S+\)\n/);
    expect(res.stdout).toContain(
      "Rows:       60 (57 in the period, 2 outside it, 1 with an unreadable value)",
    );
    expect(res.stdout).toContain(`SHA-256:    ${createHash("sha256").update(content).digest("hex")}`);
    expect(res.stdout).toMatch(/\n4\s+opened\s+soon\n/);
  });

  it("names an unknown column or missing C&A support in one line with exit 2, importing nothing", async () => {
    const before = countRows(demo.dataDir, "select count(*) as n from populations");
    const wrong = await runFieldwork(
      args().map((a) => (a === "opened" ? "opened_at" : a)),
      { env: { FIELDWORK_TOKEN: demo.token } },
    );
    expect(wrong.code).toBe(2);
    expect(oneLine(wrong.stderr)).toMatch(/--date-column "opened_at".*ticket, opened, owner/);
    const noSource = await runFieldwork(
      args().filter((a, i, all) => a !== "--ca-source" && all[i - 1] !== "--ca-source"),
      { env: { FIELDWORK_TOKEN: demo.token } },
    );
    expect(noSource.code).toBe(2);
    expect(oneLine(noSource.stderr)).toMatch(/--ca-source is required/);
    const badToken = await runFieldwork(args(), { env: { FIELDWORK_TOKEN: "fwk_not-a-token" } });
    expect(badToken.code).toBe(1);
    oneLine(badToken.stderr);
    expect(countRows(demo.dataDir, "select count(*) as n from populations")).toBe(before);
  });
});

describe("fieldwork population import, interrupted", () => {
  let demo: Demo;
  const files = mkdtempSync(join(tmpdir(), "fw-population-files-"));
  const file = join(files, "tickets.csv");
  writeFileSync(file, population());

  beforeAll(async () => {
    // No worker: the import stays queued until the CLI cancels it.
    demo = await startDemo("noworker", { FIELDWORK_RUN_WORKER: "0" });
  });
  afterAll(async () => {
    await demo?.server.stop();
    if (demo) rmSync(demo.dataDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  it("cancels the job on Ctrl-C, records no population and exits 130", async () => {
    // The demo's own imports ran at start-up; the CLI's is the one more.
    const demoJobs = countRows(
      demo.dataDir,
      "select count(*) as n from jobs where kind = 'population.import'",
    );
    const child: ChildProcess = spawn(
      process.execPath,
      [
        `${root}bin/fieldwork.js`,
        "population",
        "import",
        "--server",
        demo.server.url,
        "--engagement",
        demo.engagementId,
        "--control",
        demo.controlCode,
        "--date-column",
        "opened",
        "--ca-source",
        "Ticket export",
        file,
      ],
      {
        cwd: root,
        env: { ...process.env, FIELDWORK_FROM_SOURCE: "1", NO_COLOR: "1", FIELDWORK_TOKEN: demo.token },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const before = countRows(demo.dataDir, "select count(*) as n from populations");
    const exited = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
    const jobs = () =>
      countRows(demo.dataDir, "select count(*) as n from jobs where kind = 'population.import'");
    const deadline = Date.now() + 30_000;
    while (jobs() === demoJobs && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(jobs()).toBe(demoJobs + 1);
    child.kill("SIGINT");
    const code = await exited;
    expect(stderr).toContain("Cancelling the import");
    expect(stderr).toMatch(/fieldwork: The import was cancelled; no population was recorded\.\n$/);
    expect(code).toBe(130);
    expect(
      countRows(
        demo.dataDir,
        "select count(*) as n from jobs where kind = 'population.import' and status = 'cancelled'",
      ),
    ).toBe(1);
    expect(countRows(demo.dataDir, "select count(*) as n from populations")).toBe(before);
  });
});
