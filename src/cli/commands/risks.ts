/**
 * `fieldwork risks export|list`: the organization's risk register from a running server, with an
 * API token (--token or FIELDWORK_TOKEN). The export writes the server's CSV or JSON file as it is
 * (to stdout, or to --out FILE); the list prints a table.
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

interface RiskRow {
  ref: string;
  title: string;
  category: string;
  inherent: { score: number; band: string };
  residual: { score: number; band: string };
  treatment: string;
  owner: { name: string | null };
  reviewDate: string;
  reviewOverdue: boolean;
  status: string;
}

export const registerRisksCommand = (program: Command): void => {
  const risks = program
    .command("risks")
    .description("The risk register on a running server (needs an API token: --token or FIELDWORK_TOKEN).");
  const common = (cmd: Command) =>
    cmd
      .requiredOption("--org <id>", "organization id")
      .option("--server <url>", "server address (default FIELDWORK_SERVER or http://127.0.0.1:3000)")
      .option("--token <token>", "API token (default FIELDWORK_TOKEN)");

  common(risks.command("export").description("Export the register as CSV or JSON."))
    .option("--format <format>", "csv or json", "csv")
    .option("--out <file>", "write to this file instead of stdout")
    .action(async (opts: Options & { format: string; out?: string }) => {
      if (opts.format !== "csv" && opts.format !== "json") {
        throw new AppError("VALIDATION", `Unknown format '${opts.format}': use csv or json.`);
      }
      const body = await fetchText(
        opts,
        `/api/organizations/${encodeURIComponent(opts.org)}/risks/export?format=${opts.format}`,
      );
      if (opts.out) {
        writeFileSync(opts.out, body);
        process.stderr.write(`Wrote ${opts.out}\n`);
      } else process.stdout.write(body);
    });

  common(risks.command("list").description("List the register's risks."))
    .option("--json", "print JSON")
    .action(async (opts: Options) => {
      const config = configOf(opts);
      const res = await serverClient(config.serverUrl, config.apiToken).get<{ risks: RiskRow[] }>(
        `/api/organizations/${encodeURIComponent(opts.org)}/risks`,
      );
      if (opts.json) return printJson(res.risks);
      process.stdout.write(
        `${formatTable(
          ["Ref", "Title", "Category", "Inherent", "Residual", "Treatment", "Owner", "Review", "Status"],
          res.risks.map((r) => [
            r.ref,
            r.title.length > 48 ? `${r.title.slice(0, 45)}...` : r.title,
            r.category,
            `${r.inherent.band} (${r.inherent.score})`,
            `${r.residual.band} (${r.residual.score})`,
            r.treatment,
            r.owner.name ?? "",
            `${r.reviewDate}${r.reviewOverdue ? " overdue" : ""}`,
            r.status,
          ]),
        )}\n`,
      );
    });
};
