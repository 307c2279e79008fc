/**
 * `fieldwork oscal export` against the demo server: the demo engagement exports to every OSCAL model,
 * each file validates against NIST's OSCAL 1.2.2 schema, and a refusal exits non-zero with the reason.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOscalValidator } from "../../src/oscal/validate.js";
import { runFieldwork } from "../support/cli.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";

const validator = createOscalValidator(
  JSON.parse(
    readFileSync(new URL("../fixtures/oscal/oscal_complete_schema-1.2.2.json", import.meta.url), "utf8"),
  ) as object,
);
const MODELS = {
  catalog: "catalog",
  profile: "profile",
  ssp: "system-security-plan",
  "assessment-plan": "assessment-plan",
  "assessment-results": "assessment-results",
  poam: "plan-of-action-and-milestones",
  mapping: "mapping-collection",
} as const;

describe("fieldwork oscal export (against the demo server, with an API token)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fw-oscal-"));
  const files = mkdtempSync(join(tmpdir(), "fw-oscal-out-"));
  let server: ServerProcess;
  let token: string;
  let engagementId: string;

  beforeAll(async () => {
    server = await startServerProcess({ dataDir, env: { FIELDWORK_DATABASE_URL: "" } });
    // The demo's engagement manager (no MFA) creates a read token.
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "manager@mehtaraman.example", password: "fieldwork-demo-2026" }),
    });
    expect(login.status).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const list = (await (await fetch(`${server.url}/api/engagements`, { headers: { cookie } })).json()) as {
      engagements: { id: string; name: string }[];
    };
    const demo = list.engagements.find((x) => x.name === "Paysetu SOC 2 Type 2 FY 2026-27");
    expect(demo).toBeDefined();
    engagementId = demo?.id ?? "";
    const tokenRes = await fetch(`${server.url}/api/auth/tokens`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
      body: JSON.stringify({ name: "cli", scopes: ["read"], expiresInDays: 1 }),
    });
    token = ((await tokenRes.json()) as { token: string }).token;
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  it("exports the demo engagement to every model, each valid against NIST's schema", async () => {
    for (const [model, root] of Object.entries(MODELS)) {
      const out = join(files, `${model}.json`);
      const run = await runFieldwork([
        "oscal",
        "export",
        "--engagement",
        engagementId,
        "--model",
        model,
        "--out",
        out,
        "--server",
        server.url,
        "--token",
        token,
      ]);
      expect(run.code, `${model}: ${run.stderr}`).toBe(0);
      expect(run.stderr).toContain(`Wrote ${out}`);
      const result = validator.validate(JSON.parse(readFileSync(out, "utf8")));
      expect(result.ok ? [] : result.problems, model).toEqual([]);
      expect(result).toMatchObject({ ok: true, model: root });
    }
    const results = JSON.parse(readFileSync(join(files, "assessment-results.json"), "utf8"));
    expect(results["assessment-results"].results[0].observations.length).toBeGreaterThan(0);
    const mapping = JSON.parse(readFileSync(join(files, "mapping.json"), "utf8"));
    expect(mapping["mapping-collection"].mappings.length).toBeGreaterThanOrEqual(2);
  });

  it("writes to stdout without --out and exits non-zero on an unknown model or engagement", async () => {
    const stdout = await runFieldwork(
      ["oscal", "export", "--engagement", engagementId, "--model", "profile", "--server", server.url],
      { env: { FIELDWORK_TOKEN: token } },
    );
    expect(stdout.code).toBe(0);
    expect(JSON.parse(stdout.stdout).profile.imports[0].href).toBe("catalog.json");

    const badModel = await runFieldwork(
      ["oscal", "export", "--engagement", engagementId, "--model", "nonsense", "--server", server.url],
      { env: { FIELDWORK_TOKEN: token } },
    );
    expect(badModel.code).not.toBe(0);
    expect(badModel.stderr).toMatch(/Unknown model 'nonsense'/);

    const missing = await runFieldwork(
      ["oscal", "export", "--engagement", "no-such-engagement", "--model", "ssp", "--server", server.url],
      { env: { FIELDWORK_TOKEN: token } },
    );
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/not found/i);
  });
});
