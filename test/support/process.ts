/** Starts real `fieldwork serve` processes for tests that need sockets or several processes. */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });

export interface ServerProcess {
  readonly url: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

export const startServerProcess = async (options: {
  dataDir: string;
  env?: Record<string, string>;
  args?: string[];
  timeoutMs?: number;
}): Promise<ServerProcess> => {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      `${root}bin/fieldwork.js`,
      "serve",
      "--port",
      String(port),
      "--data-dir",
      options.dataDir,
      ...(options.args ?? []),
    ],
    {
      cwd: root,
      env: { ...process.env, FIELDWORK_FROM_SOURCE: "1", FIELDWORK_WORKER_POLL_MS: "100", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  // The first start loads the whole demo (several signed PDFs, DuckDB imports): a few seconds on an
  // idle machine, far more on a busy one, so the bound is generous. It is a hang guard, not a target.
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (!out.includes("Fieldwork is running at")) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${out}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not start in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
};
