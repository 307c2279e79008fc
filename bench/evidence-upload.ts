/**
 * Evidence upload benchmark (DESIGN.md §6: hash + encrypt + store 1 GB at ≥ 70 % of `sha256sum`).
 * Creates a file of random bytes, times `sha256sum` and `openssl enc` on it, then uploads it through
 * the real API to a real `fieldwork serve` process (raw octet-stream body, as the CLI sends it) and
 * reports throughput, the ratio to sha256sum and the server's memory (VmRSS sampled during the
 * upload, VmHWM before and after). Also times the verified download. Prints figures; asserts nothing.
 *
 * Usage: npx tsx bench/evidence-upload.ts [--size MB] (default 1024)
 */
import { spawn, spawnSync } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const sizeMb = arg("size", 1024);
const bytes = sizeMb * 1024 * 1024;
const root = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "fw-bench-evidence-"));
const dataDir = join(work, "data");
const file = join(work, "evidence.bin");

const mbps = (n: number, ms: number) => n / (1024 * 1024) / (ms / 1000);
const fmt = (ms: number, n = bytes) =>
  `${(ms / 1000).toFixed(2).padStart(6)} s  ${mbps(n, ms).toFixed(0).padStart(5)} MB/s`;

const timeCommand = (cmd: string, args: string[]): { ms: number; ok: boolean; stderr: string } => {
  const t = performance.now();
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return { ms: performance.now() - t, ok: r.status === 0, stderr: (r.stderr ?? "").trim() };
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });

const procStatus = (pid: number, field: "VmRSS" | "VmHWM"): number => {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
};

/** CPU seconds (user + system) the process has used, from /proc/<pid>/stat. */
const cpuSeconds = (pid: number): { user: number; system: number } => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  // utime and stime in clock ticks (100 per second on Linux)
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
};

// ---- the file ----
{
  const fd = openSync(file, "w");
  const block = Buffer.allocUnsafe(8 * 1024 * 1024);
  for (let written = 0; written < bytes; written += block.length) {
    randomFillSync(block);
    writeSync(fd, block, 0, Math.min(block.length, bytes - written));
  }
  closeSync(fd);
}
console.log(`file: ${sizeMb} MB of random bytes (${bytes} bytes)`);

// ---- the floor: sha256sum and openssl (second run of each, page cache warm) ----
timeCommand("sha256sum", [file]);
const sha = timeCommand("sha256sum", [file]);
console.log(`sha256sum                  ${fmt(sha.ms)}`);
const key = "00".repeat(32);
const gcm = timeCommand("openssl", [
  "enc",
  "-aes-256-gcm",
  "-K",
  key,
  "-iv",
  "00".repeat(12),
  "-in",
  file,
  "-out",
  "/dev/null",
]);
if (gcm.ok) console.log(`openssl enc -aes-256-gcm   ${fmt(gcm.ms)}`);
else {
  console.log(`openssl enc -aes-256-gcm   not available (${gcm.stderr.split("\n")[0]})`);
  const ctr = timeCommand("openssl", [
    "enc",
    "-aes-256-ctr",
    "-K",
    key,
    "-iv",
    "00".repeat(16),
    "-in",
    file,
    "-out",
    "/dev/null",
  ]);
  console.log(`openssl enc -aes-256-ctr   ${fmt(ctr.ms)}  (same AES core, no GHASH)`);
  const speed = spawnSync("openssl", ["speed", "-seconds", "2", "-bytes", "1048576", "-evp", "aes-256-gcm"], {
    encoding: "utf8",
  });
  const line = speed.stdout.split("\n").find((l) => /^AES-256-GCM/i.test(l));
  if (line)
    console.log(
      `openssl speed aes-256-gcm  ${(Number(line.trim().split(/\s+/).at(-1)?.replace("k", "")) / 1024).toFixed(0)} MB/s (in memory, 1 MiB blocks)`,
    );
}

// ---- the server ----
const port = await freePort();
const child = spawn(
  process.execPath,
  [join(root, "bin", "fieldwork.js"), "serve", "--port", String(port), "--data-dir", dataDir],
  {
    cwd: root,
    env: {
      ...process.env,
      FIELDWORK_DATABASE_URL: process.env.FIELDWORK_DATABASE_URL ?? "",
      FIELDWORK_EVIDENCE_MAX_BYTES: String(bytes + 1024),
      FIELDWORK_LOG_LEVEL: "silent",
      // The sources, not a possibly stale build in dist/.
      FIELDWORK_FROM_SOURCE: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  },
);
let out = "";
child.stdout.on("data", (d: Buffer) => (out += d.toString()));
child.stderr.on("data", (d: Buffer) => (out += d.toString()));
const deadline = Date.now() + 60_000;
while (!out.includes("Fieldwork is running at")) {
  if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
  await new Promise((r) => setTimeout(r, 50));
}
const base = `http://127.0.0.1:${port}`;
const pid = child.pid!;

try {
  const login = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "devops@paysetu.example", password: "fieldwork-demo-2026" }),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const session = (await (await fetch(`${base}/api/auth/session`, { headers: { cookie } })).json()) as {
    memberships: { tenantKind: string; tenantId: string }[];
  };
  const orgId = session.memberships.find((m) => m.tenantKind === "org")?.tenantId;
  const token = (
    (await (
      await fetch(`${base}/api/auth/tokens`, {
        method: "POST",
        headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
        body: JSON.stringify({ name: "bench", scopes: ["read", "write"], expiresInDays: 1 }),
      })
    ).json()) as { token: string }
  ).token;

  const hwmBefore = procStatus(pid, "VmHWM");
  const rssBefore = procStatus(pid, "VmRSS");
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, procStatus(pid, "VmRSS"));
  }, 50);

  const cpuBefore = cpuSeconds(pid);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      `${base}/api/organizations/${orgId}/evidence?filename=evidence.bin&title=Benchmark`,
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/octet-stream",
          "content-length": String(bytes),
        },
      },
      (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(req);
  });
  const uploadMs = performance.now() - started;
  const cpuAfter = cpuSeconds(pid);
  const client = process.cpuUsage(clientBefore);
  const serverCpu = { user: cpuAfter.user - cpuBefore.user, system: cpuAfter.system - cpuBefore.system };
  clearInterval(sampler);
  rssPeak = Math.max(rssPeak, procStatus(pid, "VmRSS"));
  const hwmAfter = procStatus(pid, "VmHWM");
  if (answer.status !== 201) throw new Error(`upload failed: ${answer.status} ${answer.body}`);
  const item = JSON.parse(answer.body) as { id: string; sha256: string };

  const dlStart = performance.now();
  const down = await fetch(`${base}/api/evidence/${item.id}/download`, {
    headers: { authorization: `Bearer ${token}` },
  });
  let received = 0;
  for await (const chunk of down.body as unknown as AsyncIterable<Uint8Array>) received += chunk.length;
  const downloadMs = performance.now() - dlStart;

  const ratio = mbps(bytes, uploadMs) / mbps(bytes, sha.ms);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  console.log(
    `upload via API             ${fmt(uploadMs)}  (hash + encrypt + fsync + rename, HTTP on localhost)`,
  );
  console.log(`  ratio to sha256sum       ${(ratio * 100).toFixed(0)} %  (target ≥ 70 %)`);
  console.log(
    `  server CPU               ${serverCpu.user.toFixed(2)} s user + ${serverCpu.system.toFixed(2)} s system in ${(uploadMs / 1000).toFixed(2)} s wall; the uploading client ${((client.user + client.system) / 1e6).toFixed(2)} s (same 2-core machine)`,
  );
  console.log(
    `  server memory            VmRSS ${mb(rssBefore)} before, peak ${mb(rssPeak)} during (+${mb(rssPeak - rssBefore)}); VmHWM ${mb(hwmBefore)} → ${mb(hwmAfter)}`,
  );
  console.log(
    `download (verify + stream) ${fmt(downloadMs, received)}  (${received === bytes ? "all bytes" : `ONLY ${received} bytes`})`,
  );
} finally {
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  rmSync(work, { recursive: true, force: true });
}
