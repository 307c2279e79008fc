/**
 * API latency benchmark: p50/p99 of the firm dashboard and the engagement page against the static
 * /api/health route on the same server, in the same run (DESIGN.md §6). Prints figures and ratios;
 * asserts nothing. Usage: npx tsx bench/api.ts [--requests N] [--concurrency C]
 * (set FIELDWORK_DATABASE_URL to measure PostgreSQL).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/app/config.js";
import { readDemoCredentials } from "../src/app/demo.js";
import { currentTotp } from "../src/app/security/totp.js";
import { startServer } from "../src/server/start.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const requests = arg("requests", 2000);
const concurrency = arg("concurrency", 16);

const dataDir = mkdtempSync(join(tmpdir(), "fw-bench-"));
const t0 = performance.now();
const server = await startServer(
  loadConfig(process.env, { dataDir, port: 0, logLevel: "silent", runWorker: false }),
  t0,
);
console.log(`start-up with demo load: ${server.startupMs.toFixed(0)} ms (${server.context.database.kind})`);

const creds = readDemoCredentials(server.context.deps) ?? [];
const partner = creds.find((c) => c.role === "partner");
const post = async (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
const login = await post("/api/auth/login", { email: partner?.email, password: "fieldwork-demo-2026" });
const first = (await login.json()) as { csrfToken: string };
const c1 = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
const verify = await post(
  "/api/auth/mfa/verify",
  { code: currentTotp(partner?.totpSecret ?? "", new Date()) },
  { cookie: c1, "x-csrf-token": first.csrfToken },
);
const cookie = (verify.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
const session = (await (await fetch(`${server.url}/api/auth/session`, { headers: { cookie } })).json()) as {
  memberships: { tenantKind: string; tenantId: string }[];
};
const firmId = session.memberships.find((m) => m.tenantKind === "firm")?.tenantId;
const engagements = (await (
  await fetch(`${server.url}/api/engagements`, { headers: { cookie } })
).json()) as {
  engagements: { id: string }[];
};
const engagementId = engagements.engagements[0]?.id;

const measure = async (label: string, path: string) => {
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < requests) {
      next += 1;
      const s = performance.now();
      const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      times.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0;
  const row = { label, p50: pct(50), p99: pct(99), rps: times.length / elapsed };
  console.log(
    `${label.padEnd(22)} p50 ${row.p50.toFixed(2).padStart(7)} ms  p99 ${row.p99.toFixed(2).padStart(7)} ms  ${row.rps.toFixed(0).padStart(6)} req/s`,
  );
  return row;
};

console.log(`${requests} requests per route, concurrency ${concurrency}`);
const health = await measure("GET /api/health", "/api/health");
const dashboard = await measure("firm dashboard", `/api/firms/${firmId}/dashboard`);
const engagement = await measure("engagement page", `/api/engagements/${engagementId}`);
for (const r of [dashboard, engagement]) {
  console.log(`${r.label}: p99 ${(r.p99 / health.p99).toFixed(2)}× health`);
}
await server.stop();
rmSync(dataDir, { recursive: true, force: true });
