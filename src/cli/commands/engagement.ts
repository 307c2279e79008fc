/**
 * `fieldwork engagement export|import`: engagement as code against a running server, with an API
 * token (--token or FIELDWORK_TOKEN). Export writes the server's fieldwork/v1 YAML as it is; import
 * sends a file and prints what was applied, left unchanged or skipped (and why).
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { loadConfig } from "../../app/config.js";
import { AppError, ERROR_CODES, type ErrorCode } from "../../core/errors.js";
import { env } from "../env.js";
import { fetchServerText, serverClient } from "../http.js";
import { printJson } from "../output.js";

interface Options {
  server?: string;
  token?: string;
}

interface ImportResult {
  engagementId: string;
  created: boolean;
  applied: string[];
  unchanged: string[];
  skipped: { section: string; reason: string }[];
  controls: { created: string[]; updated: string[] };
  policies: { created: string[]; updated: string[] };
  warnings: string[];
}

const configOf = (opts: Options) =>
  loadConfig(env(), {
    ...(opts.server ? { serverUrl: opts.server } : {}),
    ...(opts.token ? { apiToken: opts.token } : {}),
  });

/** POSTs YAML text; the server's error envelope becomes an AppError (its message names the path). */
const postYaml = async (opts: Options, path: string, text: string): Promise<ImportResult> => {
  const config = configOf(opts);
  serverClient(config.serverUrl, config.apiToken); // refuses a missing token with the usual message
  let res: Response;
  try {
    res = await fetch(new URL(path, config.serverUrl), {
      method: "POST",
      headers: { authorization: `Bearer ${config.apiToken}`, "content-type": "application/yaml" },
      body: text,
    });
  } catch (error) {
    throw new AppError(
      "UNAVAILABLE",
      `Cannot reach the server at ${config.serverUrl}: ${(error as Error).message}`,
    );
  }
  const payload = (await res.json().catch(() => null)) as
    | (ImportResult & { error?: { code?: string; message?: string } })
    | null;
  if (!res.ok) {
    const code = (ERROR_CODES as readonly string[]).includes(payload?.error?.code ?? "")
      ? (payload?.error?.code as ErrorCode)
      : "INTERNAL";
    throw new AppError(code, payload?.error?.message ?? `The server answered ${res.status}.`);
  }
  if (!payload) throw new AppError("INTERNAL", "The server's answer was not JSON.");
  return payload;
};

const summary = (r: ImportResult): string => {
  const lines = [`${r.created ? "Created" : "Updated"} engagement ${r.engagementId}`];
  if (r.applied.length) lines.push(`Applied: ${r.applied.join(", ")}`);
  if (r.unchanged.length) lines.push(`Unchanged: ${r.unchanged.join(", ")}`);
  const counts = (what: string, c: { created: string[]; updated: string[] }) =>
    c.created.length + c.updated.length > 0
      ? [`${what}: ${c.created.length} created, ${c.updated.length} updated`]
      : [];
  lines.push(...counts("Controls", r.controls), ...counts("Policies", r.policies));
  for (const s of r.skipped) lines.push(`Skipped ${s.section}: ${s.reason}`);
  for (const w of r.warnings) lines.push(`Warning: ${w}`);
  return `${lines.join("\n")}\n`;
};

export const registerEngagementCommand = (program: Command): void => {
  const engagement = program
    .command("engagement")
    .description("Engagement as code on a running server (needs an API token: --token or FIELDWORK_TOKEN).");
  const common = (cmd: Command) =>
    cmd
      .option("--server <url>", "server address (default FIELDWORK_SERVER or http://127.0.0.1:3000)")
      .option("--token <token>", "API token (default FIELDWORK_TOKEN)");

  common(engagement.command("export").description("Export an engagement as fieldwork/v1 YAML."))
    .requiredOption("--engagement <id>", "engagement id")
    .option("--out <file>", "write to this file instead of stdout")
    .action(async (opts: Options & { engagement: string; out?: string }) => {
      const config = configOf(opts);
      const yaml = await fetchServerText(
        config.serverUrl,
        config.apiToken,
        `/api/engagements/${encodeURIComponent(opts.engagement)}/code.yaml`,
      );
      if (opts.out) {
        writeFileSync(opts.out, yaml);
        process.stderr.write(`Wrote ${opts.out}\n`);
      } else process.stdout.write(yaml);
    });

  common(
    engagement
      .command("import")
      .argument("<file>", "a fieldwork/v1 YAML file")
      .description(
        "Import a YAML file: a new engagement (the firm's partner or manager), or into --engagement (the organization's admin applies controls, policies and the description).",
      ),
  )
    .requiredOption("--org <id>", "organization id")
    .option("--engagement <id>", "apply the file to this engagement instead of creating one")
    .option("--json", "print the result as JSON")
    .action(async (file: string, opts: Options & { org: string; engagement?: string; json?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (error) {
        throw new AppError("NOT_FOUND", `Cannot read ${file}: ${(error as Error).message}`);
      }
      const query = opts.engagement ? `?engagementId=${encodeURIComponent(opts.engagement)}` : "";
      const result = await postYaml(
        opts,
        `/api/organizations/${encodeURIComponent(opts.org)}/engagements/import-yaml${query}`,
        text,
      );
      if (opts.json) return printJson(result);
      process.stdout.write(summary(result));
    });
};
