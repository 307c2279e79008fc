/**
 * `fieldwork vendors …` against a running server with an API token: `list` prints the register
 * with its warnings, `export` writes it as CSV or JSON to a file or standard output.
 */
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { loadConfig } from "../../app/config.js";
import { AppError } from "../../core/errors.js";
import { env } from "../env.js";
import { serverClient } from "../http.js";
import { formatTable, printJson } from "../output.js";
import { errorFrom } from "./evidence.js";

interface ServerOptions {
  server?: string;
  token?: string;
}

const configOf = (opts: ServerOptions) =>
  loadConfig(env(), {
    ...(opts.server ? { serverUrl: opts.server } : {}),
    ...(opts.token ? { apiToken: opts.token } : {}),
  });

interface VendorRow {
  name: string;
  tier: number;
  status: string;
  subserviceMethod: string | null;
  reviewDueOn: string;
  reviewOverdue: boolean;
  warnings: { message: string }[];
}

/** The file body of an export, refusing an error answer with its message (never writing it as data). */
const download = async (opts: ServerOptions, orgId: string, format: string): Promise<Buffer> => {
  const config = configOf(opts);
  if (!config.apiToken) {
    throw new AppError(
      "UNAUTHENTICATED",
      "No API token: pass --token or set FIELDWORK_TOKEN (create one under Settings → API tokens).",
    );
  }
  const url = new URL(
    `/api/organizations/${encodeURIComponent(orgId)}/vendors/export?format=${format}`,
    config.serverUrl,
  );
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${config.apiToken}` } });
  } catch (error) {
    throw new AppError(
      "UNAVAILABLE",
      `Cannot reach the server at ${config.serverUrl}: ${(error as Error).message}`,
    );
  }
  const body = Buffer.from(await res.arrayBuffer());
  if (!res.ok) throw errorFrom(res.status, body.toString("utf8"));
  return body;
};

export const registerVendorsCommand = (program: Command): void => {
  const vendors = program
    .command("vendors")
    .description("Work with an organization's vendor register on a running server (needs an API token).");
  const common = (cmd: Command) =>
    cmd
      .requiredOption("--org <id>", "organization id")
      .option("--server <url>", "server address (default FIELDWORK_SERVER or http://127.0.0.1:3000)")
      .option("--token <token>", "API token (default FIELDWORK_TOKEN)");

  common(vendors.command("export").description("Export the vendor register as CSV or JSON."))
    .option("--format <format>", "csv or json", "csv")
    .option("--out <file>", "write to this file instead of standard output")
    .action(async (opts: ServerOptions & { org: string; format: string; out?: string }) => {
      if (opts.format !== "csv" && opts.format !== "json") {
        throw new AppError("VALIDATION", `Unknown format ${opts.format}: use csv or json.`);
      }
      const body = await download(opts, opts.org, opts.format);
      if (opts.out) {
        await writeFile(opts.out, body);
        process.stderr.write(`Wrote ${opts.out} (${body.length} bytes).\n`);
      } else {
        process.stdout.write(body);
      }
    });

  common(vendors.command("list").description("List the vendors with review due dates and warnings."))
    .option("--json", "print JSON")
    .action(async (opts: ServerOptions & { org: string; json?: boolean }) => {
      const config = configOf(opts);
      const client = serverClient(config.serverUrl, config.apiToken);
      const res = await client.get<{ vendors: VendorRow[] }>(
        `/api/organizations/${encodeURIComponent(opts.org)}/vendors`,
      );
      if (opts.json) {
        printJson(res.vendors);
        return;
      }
      const rows = res.vendors.map((v) => [
        v.name,
        String(v.tier),
        v.status,
        v.subserviceMethod ?? "",
        `${v.reviewDueOn}${v.reviewOverdue ? " (overdue)" : ""}`,
        v.warnings.map((w) => w.message).join(" "),
      ]);
      process.stdout.write(
        `${formatTable(["Vendor", "Tier", "Status", "Subservice", "Review due", "Warnings"], rows)}\n`,
      );
    });
};
