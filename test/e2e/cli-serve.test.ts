import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runFieldwork } from "../support/cli.js";
import { startServerProcess } from "../support/process.js";

describe("fieldwork serve", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-serve-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("loads the demo on the first start of an empty data directory and prints how to sign in", async () => {
    const server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
    try {
      const out = server.output();
      expect(out).toContain("Demo sign-in");
      for (const role of [
        "Partner",
        "Firm admin",
        "Engagement manager",
        "Staff auditor",
        "Client org admin",
        "Client control owner",
        "Client employee",
      ]) {
        expect(out).toContain(role);
      }
      expect(out).toMatch(/partner@mehtaraman\.example\s+[A-Z2-7]{32}/);
      const health = await fetch(`${server.url}/api/health`);
      expect(await health.json()).toMatchObject({ status: "ok", database: "sqlite" });
      const docs = await fetch(`${server.url}/api/docs`);
      expect(((await docs.json()) as { openapi: string }).openapi).toBe("3.1.0");
      const firm = await fetch(`${server.url}/api/public/firms/mehta-raman`);
      expect(firm.status).toBe(200);
      expect(statSync(join(dataDir, "fieldwork.db")).size).toBeGreaterThan(0);
      expect(statSync(join(dataDir, "master.key")).mode & 0o777).toBe(0o600);
    } finally {
      await server.stop();
    }
  });

  it("keeps the data on the next start and does not load the demo twice", async () => {
    const server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
    try {
      const res = await fetch(`${server.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "manager@mehtaraman.example", password: "fieldwork-demo-2026" }),
      });
      expect(res.status).toBe(200);
      const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const list = await fetch(`${server.url}/api/engagements`, { headers: { cookie } });
      const { engagements } = (await list.json()) as { engagements: { name: string; stage: string }[] };
      // The current engagement first (newest), then the demo's history: Kirana Ledger and CY 2025.
      expect(engagements.map((e) => e.name)).toEqual([
        "Paysetu SOC 2 Type 2 FY 2026-27",
        "Kirana Ledger SOC 2 Type 1 as of 31 October 2026",
        "Paysetu SOC 2 Type 2 CY 2025",
      ]);
      expect(engagements[0]).toMatchObject({
        name: "Paysetu SOC 2 Type 2 FY 2026-27",
        stage: "audit_program",
      });
    } finally {
      await server.stop();
    }
  });

  it("starts without demo data with --no-demo", async () => {
    const empty = mkdtempSync(join(tmpdir(), "fw-nodemo-"));
    const server = await startServerProcess({
      dataDir: empty,
      args: ["--no-demo"],
      env: { FIELDWORK_DATABASE_URL: "" },
    });
    try {
      expect(server.output()).not.toContain("Demo sign-in");
      expect((await fetch(`${server.url}/api/public/firms/mehta-raman`)).status).toBe(404);
    } finally {
      await server.stop();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("refuses a bad port with one line and exit code 2", async () => {
    const res = await runFieldwork(["serve", "--port", "99999", "--data-dir", dataDir]);
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split("\n")).toHaveLength(1);
    expect(res.stderr).toMatch(/^fieldwork: --port/);
  });
});

describe("fieldwork --help", () => {
  it("lists every command", async () => {
    const res = await runFieldwork(["--help"]);
    expect(res.code).toBe(0);
    for (const cmd of ["serve", "catalog", "quote", "audit-log", "totp"]) expect(res.stdout).toContain(cmd);
  });

  it("shows each command's own help", async () => {
    const res = await runFieldwork(["serve", "--help"]);
    expect(res.code).toBe(0);
    for (const flag of ["--port", "--host", "--data-dir", "--no-demo"]) expect(res.stdout).toContain(flag);
    const verify = await runFieldwork(["audit-log", "verify", "--help"]);
    expect(verify.stdout).toContain("--data-dir");
  });

  it("rejects an unknown command with exit code 2", async () => {
    const res = await runFieldwork(["frobnicate"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^fieldwork: unknown command/);
  });

  it("prints a TOTP code for a secret and rejects a bad one", async () => {
    const ok = await runFieldwork(["totp", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim()).toMatch(/^\d{6}$/);
    const bad = await runFieldwork(["totp", "not-base32!"]);
    expect(bad.code).toBe(2);
  });
});
