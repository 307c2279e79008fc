/**
 * `fieldwork incidents export|list`: the organization's incident register from a running server,
 * with an API token (--token or FIELDWORK_TOKEN). The export writes the server's CSV or JSON file
 * as it is (to stdout, or to --out FILE); the list prints a table with the next notification due.
 */
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { loadConfig } from "../../app/config.js";
import { AppError } from "../../core/errors.js";
import { env } from "../env.js";
import { fetchServerText, serverClient } from "../http.js";
import { formatTable, printJson } from "../output.js";

interface Options {
  server?: string;
  token?: string;
  org: string;
  json?: boolean;
}

interface ClockRow {
  id: string;
  status: string;
  dueAt: string;
}

interface IncidentRow {
  ref: string;
  title: string;
  severity: string;
  classification: string;
  status: string;
  awareAt: string;
  owner: { name: string | null } | null;
  clocks: ClockRow[];
}

const configOf = (opts: Options) =>
  loadConfig(env(), {
    ...(opts.server ? { serverUrl: opts.server } : {}),
    ...(opts.token ? { apiToken: opts.token } : {}),
  });

/** "cert-in overdue", "dpdp-board-report due 2026-07-17T10:00Z", or "all done". */
const nextClock = (clocks: readonly ClockRow[]): string => {
  const open = clocks.filter((c) => c.status !== "done").sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const first = open.find((c) => c.status === "overdue") ?? open[0];
  if (!first) return clocks.length > 0 ? "all done" : "";
  if (first.status === "overdue") return `${first.id} overdue`;
  if (first.status === "due_now") return `${first.id} due now`;
  return `${first.id} due ${first.dueAt.slice(0, 16)}Z`;
};

export const registerIncidentsCommand = (program: Command): void => {
  const incidents = program
    .command("incidents")
    .description(
      "The incident register on a running server (needs an API token: --token or FIELDWORK_TOKEN).",
    );
  const common = (cmd: Command) =>
    cmd
      .requiredOption("--org <id>", "organization id")
      .option("--server <url>", "server address (default FIELDWORK_SERVER or http://127.0.0.1:3000)")
      .option("--token <token>", "API token (default FIELDWORK_TOKEN)");

  common(incidents.command("export").description("Export the register as CSV or JSON."))
    .option("--format <format>", "csv or json", "csv")
    .option("--out <file>", "write to this file instead of stdout")
    .action(async (opts: Options & { format: string; out?: string }) => {
      if (opts.format !== "csv" && opts.format !== "json") {
        throw new AppError("VALIDATION", `Unknown format '${opts.format}': use csv or json.`);
      }
      const config = configOf(opts);
      const body = await fetchServerText(
        config.serverUrl,
        config.apiToken,
        `/api/organizations/${encodeURIComponent(opts.org)}/incidents/export?format=${opts.format}`,
      );
      if (opts.out) {
        writeFileSync(opts.out, body);
        process.stderr.write(`Wrote ${opts.out}\n`);
      } else process.stdout.write(body);
    });

  common(
    incidents.command("list").description("List the register's incidents with the next notification due."),
  )
    .option("--json", "print JSON")
    .action(async (opts: Options) => {
      const config = configOf(opts);
      const res = await serverClient(config.serverUrl, config.apiToken).get<{ incidents: IncidentRow[] }>(
        `/api/organizations/${encodeURIComponent(opts.org)}/incidents`,
      );
      if (opts.json) return printJson(res.incidents);
      process.stdout.write(
        `${formatTable(
          ["Ref", "Title", "Severity", "Class", "Status", "Aware", "Owner", "Next notification"],
          res.incidents.map((i) => [
            i.ref,
            i.title.length > 44 ? `${i.title.slice(0, 41)}...` : i.title,
            i.severity,
            i.classification,
            i.status,
            `${i.awareAt.slice(0, 16)}Z`,
            i.owner?.name ?? "",
            nextClock(i.clocks),
          ]),
        )}\n`,
      );
    });
};
