import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runFieldwork } from "../support/cli.js";
import { startServerProcess } from "../support/process.js";

describe("fieldwork setup", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-setup-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const args = [
    "setup",
    "--firm-name",
    "Acme Assurance LLP",
    "--slug",
    "acme",
    "--registration-number",
    "REG-42",
    "--admin-email",
    "admin@acme.example",
    "--admin-name",
    "Asha Admin",
    "--data-dir",
    dataDir,
  ];

  it("creates a firm and its first admin, who can sign in and must enrol MFA", async () => {
    const res = await runFieldwork([...args, "--json"], { env: { FIELDWORK_DATABASE_URL: "" } });
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { slug: string; temporaryPassword: string };
    expect(out.slug).toBe("acme");
    expect(out.temporaryPassword.length).toBeGreaterThanOrEqual(12);
    const server = await startServerProcess({
      dataDir,
      args: ["--no-demo"],
      env: { FIELDWORK_DATABASE_URL: "" },
    });
    try {
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "admin@acme.example", password: out.temporaryPassword }),
      });
      expect(login.status).toBe(200);
      expect(((await login.json()) as { state: string }).state).toBe("mfa_enrolment_required");
      expect((await fetch(`${server.url}/api/public/firms/acme`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it("refuses a second firm with the same address, and bad values, with one line", async () => {
    const again = await runFieldwork(args, { env: { FIELDWORK_DATABASE_URL: "" } });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^fieldwork: A firm with the address 'acme' already exists/);
    const bad = await runFieldwork([...args.slice(0, 4), "Not A Slug", ...args.slice(5)], {
      env: { FIELDWORK_DATABASE_URL: "" },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    const missing = await runFieldwork(["setup", "--slug", "x"]);
    expect(missing.code).toBe(2);
  });
});
