/**
 * `fieldwork oscal export|import` against a running server with an API token (--token or
 * FIELDWORK_TOKEN). The export writes the server's OSCAL 1.2.2 JSON document as it is, to --out FILE
 * or stdout; the import is registered by oscal-import.ts.
 */
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { loadConfig } from "../../app/config.js";
import { AppError } from "../../core/errors.js";
import { env } from "../env.js";
import { fetchServerText } from "../http.js";
import { registerOscalImport } from "./oscal-import.js";

/** The models the server exports (GET /api/engagements/:id/oscal/:model). */
const MODELS = ["catalog", "profile", "ssp", "assessment-plan", "assessment-results", "poam", "mapping"];

interface ExportOptions {
  engagement: string;
  model: string;
  out?: string;
  server?: string;
  token?: string;
}

export const registerOscalExport = (oscal: Command): void => {
  oscal
    .command("export")
    .description("Export an engagement as an OSCAL 1.2.2 JSON document (needs an API token).")
    .requiredOption("--engagement <id>", "engagement id")
    .requiredOption("--model <model>", MODELS.join("|"))
    .option("--out <file>", "write to this file instead of stdout")
    .option("--server <url>", "server address (default FIELDWORK_SERVER or http://127.0.0.1:3000)")
    .option("--token <token>", "API token (default FIELDWORK_TOKEN)")
    .action(async (opts: ExportOptions) => {
      if (!MODELS.includes(opts.model)) {
        throw new AppError("VALIDATION", `Unknown model '${opts.model}': use one of ${MODELS.join(", ")}.`);
      }
      const config = loadConfig(env(), {
        ...(opts.server ? { serverUrl: opts.server } : {}),
        ...(opts.token ? { apiToken: opts.token } : {}),
      });
      const body = await fetchServerText(
        config.serverUrl,
        config.apiToken,
        `/api/engagements/${encodeURIComponent(opts.engagement)}/oscal/${opts.model}`,
      );
      if (opts.out) {
        writeFileSync(opts.out, body);
        process.stderr.write(`Wrote ${opts.out}\n`);
      } else process.stdout.write(body);
    });
};

export const registerOscalCommand = (program: Command): void => {
  const oscal = program
    .command("oscal")
    .description(
      "OSCAL 1.2.2: export an engagement's documents, import catalogs, profiles and component definitions.",
    );
  registerOscalExport(oscal);
  registerOscalImport(oscal);
};
