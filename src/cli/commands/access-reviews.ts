/**
 * `fieldwork access-reviews export|list`: the organization's access review campaigns from a running
 * server, with an API token (--token or FIELDWORK_TOKEN). The export writes the server's CSV or JSON
 * file as it is (every reviewed account with its decision and removal) to stdout or --out FILE; the
 * list prints the campaigns with their progress.
 */
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { loadConfig } from "../../app/config.js";
import { AppError } from "../../core/errors.js";
import { env } from "../env.js";
import { fetchServerText } from "../http.js";
import { formatTable, printJson } from "../output.js";

interface Options {
  server?: string;
  token?: string;
  org: string;
  json?: boolean;
}

const configOf = (opts: Options) =>
  loadConfig(env(), {
    ...(opts.server ? { serverUrl: opts.server } : {}),
    ...(opts.token ? { apiToken: opts.token } : {}),
  });

/** A GET whose answer is a file (CSV or JSON text), errors as the server's AppError. */
const fetchText = (opts: Options, path: string): Promise<string> => {
  const config = configOf(opts);
  return fetchServerText(config.serverUrl, config.apiToken, path);
};

interface CampaignRow {
  id: string;
  name: string;
  status: string;
  dueDate: string;
  overdue: boolean;
  progress: { total: number; decided: number; percent: number };
  openTasks: number;
}

export const registerAccessReviewsCommand = (program: Command): void => {
  const reviews = program
    .command("access-reviews")
    .description(
      "Access review campaigns on a running server (needs an API token: --token or FIELDWORK_TOKEN).",
    );
  const common = (cmd: Command) =>
    cmd
      .requiredOption("--org <id>", "organization id")
      .option("--server <url>", "server address (default FIELDWORK_SERVER or http://127.0.0.1:3000)")
      .option("--token <token>", "API token (default FIELDWORK_TOKEN)");

  common(
    reviews
      .command("export")
      .description("Export every reviewed account with its decision and removal, as CSV or JSON.")
      .option("--format <format>", "csv or json", "csv")
      .option("--campaign <id>", "only this campaign")
      .option("--out <file>", "write to this file instead of stdout"),
  ).action(async (opts: Options & { format: string; campaign?: string; out?: string }) => {
    if (opts.format !== "csv" && opts.format !== "json")
      throw new AppError("VALIDATION", `--format must be csv or json, not "${opts.format}".`);
    const query = new URLSearchParams({
      format: opts.format,
      ...(opts.campaign ? { campaign: opts.campaign } : {}),
    });
    const text = await fetchText(
      opts,
      `/api/organizations/${encodeURIComponent(opts.org)}/access-reviews/export?${query}`,
    );
    if (opts.out) {
      writeFileSync(opts.out, text);
      process.stderr.write(`Wrote ${opts.out}\n`);
    } else process.stdout.write(text);
  });

  common(
    reviews
      .command("list")
      .description("List the campaigns with their status and progress.")
      .option("--json", "print JSON"),
  ).action(async (opts: Options) => {
    const data = JSON.parse(
      await fetchText(opts, `/api/organizations/${encodeURIComponent(opts.org)}/access-reviews`),
    ) as { campaigns: CampaignRow[] };
    if (opts.json) return printJson(data.campaigns);
    process.stdout.write(
      `${formatTable(
        ["ID", "NAME", "STATUS", "DUE", "DECIDED", "OPEN TASKS"],
        data.campaigns.map((c) => [
          c.id,
          c.name,
          c.status,
          `${c.dueDate}${c.overdue ? " (overdue)" : ""}`,
          `${c.progress.decided}/${c.progress.total} (${c.progress.percent}%)`,
          String(c.openTasks),
        ]),
      )}\n`,
    );
  });
};
