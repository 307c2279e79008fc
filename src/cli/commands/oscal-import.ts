/**
 * `fieldwork oscal import FILE --org ID [--vendor ID] [--catalog ID]` against a running server with
 * an API token: a catalog or profile becomes an imported framework of the organization, a component
 * definition the CSOCs of the vendor named by --vendor. The server validates the document against
 * NIST's schema; a refusal prints the JSON path of the first problem.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../../app/config.js";
import { AppError, ERROR_CODES, type ErrorCode } from "../../core/errors.js";
import { env } from "../env.js";

interface ImportOptions {
  org: string;
  vendor?: string;
  catalog?: string;
  server?: string;
  token?: string;
  json?: boolean;
}

interface ImportAnswer {
  model: string;
  framework?: { id: string; kind: string; title: string; controlCount: number };
  componentDefinition?: { id: string; vendorName: string; title: string; imported: number; csocs: unknown[] };
}

/** The server's refusal as an AppError whose message names the path of the first problem. */
const refusal = (status: number, text: string): AppError => {
  let body: { error?: { code?: string; message?: string; details?: unknown } } | null = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  const code = (ERROR_CODES as readonly string[]).includes(body?.error?.code ?? "")
    ? (body?.error?.code as ErrorCode)
    : "INTERNAL";
  let message = body?.error?.message ?? `The server answered ${status}.`;
  const details = body?.error?.details;
  const first = Array.isArray(details) ? (details[0] as { path?: unknown } | undefined) : undefined;
  if (typeof first?.path === "string" && first.path !== "" && !message.includes(first.path)) {
    message = `${message} (at ${first.path})`;
  }
  return new AppError(code, message);
};

export const registerOscalImport = (oscal: Command): void => {
  oscal
    .command("import")
    .description(
      "Import an OSCAL catalog or profile as a framework, or a component definition as a vendor's CSOCs (needs an API token).",
    )
    .argument("<file>", "the OSCAL JSON document")
    .requiredOption("--org <id>", "organization id")
    .option("--vendor <id>", "vendor id (for a component definition)")
    .option("--catalog <id>", "imported catalog id a profile selects from (when its href does not name it)")
    .option("--server <url>", "server address (default FIELDWORK_SERVER or http://127.0.0.1:3000)")
    .option("--token <token>", "API token (default FIELDWORK_TOKEN)")
    .option("--json", "print the server's answer as JSON")
    .action(async (file: string, opts: ImportOptions) => {
      const config = loadConfig(env(), {
        ...(opts.server ? { serverUrl: opts.server } : {}),
        ...(opts.token ? { apiToken: opts.token } : {}),
      });
      if (!config.apiToken) {
        throw new AppError(
          "UNAUTHENTICATED",
          "No API token: pass --token or set FIELDWORK_TOKEN (create one under Settings → API tokens).",
        );
      }
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (error) {
        throw new AppError("VALIDATION", `Cannot read ${file}: ${(error as Error).message}`);
      }
      const query = new URLSearchParams({ sourceName: basename(file) });
      if (opts.vendor) query.set("vendorId", opts.vendor);
      if (opts.catalog) query.set("catalogId", opts.catalog);
      const url = new URL(
        `/api/organizations/${encodeURIComponent(opts.org)}/oscal/import?${query}`,
        config.serverUrl,
      );
      let res: Response;
      try {
        res = await fetch(url, {
          method: "POST",
          headers: { authorization: `Bearer ${config.apiToken}`, "content-type": "application/json" },
          body: text,
        });
      } catch (error) {
        throw new AppError(
          "UNAVAILABLE",
          `Cannot reach the server at ${config.serverUrl}: ${(error as Error).message}`,
        );
      }
      const answer = await res.text();
      if (!res.ok) throw refusal(res.status, answer);
      const body = JSON.parse(answer) as ImportAnswer;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
        return;
      }
      if (body.framework) {
        const f = body.framework;
        process.stdout.write(
          `Imported ${f.kind} “${f.title}” with ${f.controlCount} controls (id ${f.id}).\n`,
        );
      } else if (body.componentDefinition) {
        const c = body.componentDefinition;
        process.stdout.write(
          `Imported “${c.title}” onto ${c.vendorName}: ${c.imported} CSOCs (${c.csocs.length} in all).\n`,
        );
      }
    });
};
