import type { Command } from "commander";
import { loadConfig } from "../../app/config.js";
import { AppError } from "../../core/errors.js";
import { env } from "../env.js";
import { serverClient } from "../http.js";
import { printJson } from "../output.js";

export interface JobView {
  id: string;
  kind: string;
  status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
  progress: number;
  message: string | null;
  result: unknown;
  error: string | null;
}

export interface ServerOptions {
  server?: string;
  token?: string;
  json?: boolean;
}

const clientFor = (opts: ServerOptions) => {
  const config = loadConfig(env(), {
    ...(opts.server ? { serverUrl: opts.server } : {}),
    ...(opts.token ? { apiToken: opts.token } : {}),
  });
  return serverClient(config.serverUrl, config.apiToken);
};

const bar = (fraction: number): string => {
  const width = 30;
  const filled = Math.round(fraction * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%`;
};

/** Polls a job until it ends, drawing progress on stderr; the exit code reflects the outcome. */
export const watch = async (opts: ServerOptions, id: string, intervalMs = 500): Promise<JobView> => {
  const client = clientFor(opts);
  const tty = process.stderr.isTTY;
  for (;;) {
    const job = await client.get<JobView>(`/api/jobs/${encodeURIComponent(id)}`);
    const line = `${job.kind} ${bar(job.progress)} ${job.message ?? ""}`;
    if (tty) process.stderr.write(`\r${line.padEnd(100)}`);
    if (["succeeded", "failed", "cancelled"].includes(job.status)) {
      if (tty) process.stderr.write("\n");
      return job;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
};

const finish = (job: JobView, json: boolean | undefined) => {
  if (json) printJson(job);
  else
    process.stdout.write(`${job.kind} ${job.status}${job.result ? `: ${JSON.stringify(job.result)}` : ""}\n`);
  if (job.status !== "succeeded") {
    throw new AppError("CONFLICT", `The job ${job.status}${job.error ? `: ${job.error}` : ""}.`);
  }
};

export const registerJobsCommand = (program: Command): void => {
  const jobs = program
    .command("jobs")
    .description(
      "Follow background jobs on a running server (needs an API token: --token or FIELDWORK_TOKEN).",
    );
  const common = (cmd: Command) =>
    cmd
      .option("--server <url>", "server address (default FIELDWORK_SERVER or http://127.0.0.1:3000)")
      .option("--token <token>", "API token (default FIELDWORK_TOKEN)")
      .option("--json", "print JSON");
  common(
    jobs.command("show").argument("<id>", "job id").description("Show a job's status and progress."),
  ).action(async (id: string, opts: ServerOptions) => {
    const job = await clientFor(opts).get<JobView>(`/api/jobs/${encodeURIComponent(id)}`);
    if (opts.json) printJson(job);
    else process.stdout.write(`${job.kind} ${job.status} ${bar(job.progress)} ${job.message ?? ""}\n`);
  });
  common(jobs.command("watch").argument("<id>", "job id").description("Follow a job until it ends.")).action(
    async (id: string, opts: ServerOptions) => finish(await watch(opts, id), opts.json),
  );
  common(
    jobs.command("cancel").argument("<id>", "job id").description("Cancel a queued or running job."),
  ).action(async (id: string, opts: ServerOptions) => {
    const job = await clientFor(opts).post<JobView>(`/api/jobs/${encodeURIComponent(id)}/cancel`);
    if (opts.json) printJson(job);
    else process.stdout.write(`${job.kind} ${job.status}\n`);
  });
  common(
    jobs
      .command("verify-audit")
      .requiredOption("--firm <id>", "firm id")
      .description("Start verification of the audit chain on the server and follow it."),
  ).action(async (opts: ServerOptions & { firm: string }) => {
    const job = await clientFor(opts).post<JobView>(
      `/api/firms/${encodeURIComponent(opts.firm)}/jobs/audit-verify`,
    );
    finish(await watch(opts, job.id), opts.json);
  });
};
