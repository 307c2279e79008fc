/**
 * `fieldwork population import`: imports a population file into an engagement on a running server,
 * with an API token of the firm's engagement team. The file is streamed (a raw body with a
 * Content-Length, so the server refuses an oversized file before reading it), then the import runs
 * as a server job whose progress is drawn on stderr on a terminal; Ctrl-C cancels the job (nothing is
 * imported) and exits 130. Prints the population's profile, or JSON with --json.
 */
import { basename } from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../../app/config.js";
import { AppError } from "../../core/errors.js";
import { parsePeriod } from "../../core/sample-selection.js";
import { env } from "../env.js";
import { serverClient } from "../http.js";
import { formatTable, printJson } from "../output.js";
import { errorFrom, human, sendFile, statFile } from "./evidence.js";
import { type JobView, watch } from "./jobs.js";

interface ImportOptions {
  engagement: string;
  control: string;
  dateColumn: string;
  idColumn?: string;
  period?: string;
  name?: string;
  caMethod: string;
  caSource?: string;
  server?: string;
  token?: string;
  json?: boolean;
}

interface UploadedFile {
  fileSha256: string;
  fileName: string;
  format: string;
  sizeBytes: number;
  rowCount: number;
  columns: string[];
}

interface PopulationDetail {
  id: string;
  name: string;
  control: { code: string; title: string } | null;
  periodStart: string;
  periodEnd: string;
  fileName: string;
  format: string;
  sizeBytes: number;
  blobSha256: string;
  rowCount: number;
  inPeriodCount: number;
  excludedCount: number;
  unparseableCount: number;
  unparseable: { row: number; column: string; value: string }[];
  mapping: { date: string; id: string | null };
  caMethod: string;
  caSource: string;
}

const CA_METHODS = ["query", "reconciliation", "representation"];

const checkFlags = (opts: ImportOptions) => {
  if (!CA_METHODS.includes(opts.caMethod)) {
    throw new AppError(
      "VALIDATION",
      `--ca-method must be one of ${CA_METHODS.join(", ")} (got "${opts.caMethod}").`,
    );
  }
  if (!opts.caSource || opts.caSource.trim() === "") {
    throw new AppError(
      "VALIDATION",
      "--ca-source is required: the query or report that produced the file (or management's representation), as completeness and accuracy support.",
    );
  }
  return opts.period ? parsePeriod(opts.period) : null;
};

/**
 * Ctrl-C for the whole command: the handler is in place before anything is sent, so an interrupt
 * that arrives while the job is being created (the server may already have queued it) still cancels
 * it once its id is known; the watch then goes on until the job stops.
 */
const interruptible = (client: ReturnType<typeof serverClient>) => {
  let interrupted = false;
  let jobId: string | null = null;
  const cancel = () => {
    if (jobId) client.post(`/api/jobs/${encodeURIComponent(jobId)}/cancel`).catch(() => undefined);
  };
  const onInterrupt = () => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write("\nCancelling the import…\n");
    cancel();
  };
  process.on("SIGINT", onInterrupt);
  return {
    get interrupted() {
      return interrupted;
    },
    jobStarted(id: string) {
      jobId = id;
      if (interrupted) cancel();
    },
    release() {
      process.off("SIGINT", onInterrupt);
    },
  };
};

const printProfile = (p: PopulationDetail) => {
  const lines = [
    `Imported population "${p.name}" (${p.id})`,
    "",
    `File:       ${p.fileName} (${p.format.toUpperCase()}, ${human(p.sizeBytes)})`,
    `SHA-256:    ${p.blobSha256}`,
    `Control:    ${p.control ? `${p.control.code} ${p.control.title}` : "(unknown)"}`,
    `Period:     ${p.periodStart} to ${p.periodEnd}`,
    `Mapping:    date = ${p.mapping.date}${p.mapping.id ? `, id = ${p.mapping.id}` : ""}`,
    `Rows:       ${p.rowCount} (${p.inPeriodCount} in the period, ${p.excludedCount} outside it, ${p.unparseableCount} with an unreadable value)`,
    `C&A:        ${p.caMethod}: ${p.caSource.split("\n")[0]}`,
  ];
  if (p.unparseable.length > 0) {
    lines.push(
      "",
      formatTable(
        ["Row", "Column", "Value"],
        p.unparseable.slice(0, 20).map((u) => [String(u.row), u.column, u.value]),
      ),
    );
    if (p.unparseableCount > 20) lines.push(`… and ${p.unparseableCount - 20} more (see --json)`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
};

const runImport = async (path: string, opts: ImportOptions) => {
  const period = checkFlags(opts);
  const size = statFile(path);
  const config = loadConfig(env(), {
    ...(opts.server ? { serverUrl: opts.server } : {}),
    ...(opts.token ? { apiToken: opts.token } : {}),
  });
  const client = serverClient(config.serverUrl, config.apiToken);
  const interrupt = interruptible(client);
  try {
    await importWith(client, interrupt, path, size, opts, period, config.serverUrl, config.apiToken!);
  } finally {
    interrupt.release();
  }
};

const importWith = async (
  client: ReturnType<typeof serverClient>,
  interrupt: ReturnType<typeof interruptible>,
  path: string,
  size: number,
  opts: ImportOptions,
  period: ReturnType<typeof checkFlags>,
  serverUrl: string,
  apiToken: string,
) => {
  const engagement = encodeURIComponent(opts.engagement);
  const url = new URL(`/api/engagements/${engagement}/populations/files`, serverUrl);
  url.searchParams.set("filename", basename(path));
  const answer = await sendFile(url, apiToken, path, size, Boolean(process.stderr.isTTY) && !opts.json);
  if (answer.status < 200 || answer.status >= 300) throw errorFrom(answer.status, answer.text);
  const file = JSON.parse(answer.text) as UploadedFile;
  if (interrupt.interrupted) {
    throw new AppError(
      "CANCELLED",
      "The import was cancelled before it started; no population was recorded.",
    );
  }
  for (const [flag, column] of [
    ["--date-column", opts.dateColumn],
    ["--id-column", opts.idColumn],
  ] as const) {
    if (column !== undefined && !file.columns.includes(column)) {
      throw new AppError(
        "VALIDATION",
        `${flag} "${column}" is not a column of ${file.fileName}; its columns are ${file.columns.join(", ")}.`,
      );
    }
  }
  const { job } = await client.post<{ job: JobView }>(`/api/engagements/${engagement}/populations`, {
    fileSha256: file.fileSha256,
    fileName: file.fileName,
    controlId: opts.control,
    name: opts.name ?? file.fileName,
    ...(period ? { periodStart: period.start, periodEnd: period.end } : {}),
    mapping: { date: opts.dateColumn, ...(opts.idColumn ? { id: opts.idColumn } : {}) },
    caMethod: opts.caMethod,
    caSource: opts.caSource,
  });
  interrupt.jobStarted(job.id);
  const done = await watch(opts, job.id, 200);
  if (done.status === "cancelled") {
    throw new AppError("CANCELLED", "The import was cancelled; no population was recorded.");
  }
  if (done.status !== "succeeded") {
    throw new AppError("VALIDATION", `The import failed: ${done.error ?? "unknown error"}`);
  }
  const { populationId } = done.result as { populationId: string };
  const population = await client.get<PopulationDetail>(
    `/api/populations/${encodeURIComponent(populationId)}`,
  );
  if (opts.json) printJson(population);
  else printProfile(population);
};

/** `fieldwork population import` (the lead wires this into the `population` command group). */
export const registerPopulationServerCommands = (group: Command): void => {
  group
    .command("import")
    .argument("<file>", "population file: CSV, TSV, JSON lines or xlsx (streamed)")
    .description(
      "Import a population into an engagement on a running server (API token of the firm's engagement team).",
    )
    .requiredOption("--engagement <id>", "engagement id")
    .requiredOption("--control <id>", "the client's control: id or code, e.g. CHG-01")
    .requiredOption("--date-column <col>", "column holding each item's date")
    .option("--id-column <col>", "column identifying each item (default: the row number)")
    .option("--period <start..end>", "period, e.g. 2026-04-01..2027-03-31 (default: the engagement's)")
    .option("--name <name>", "population name (default: the file name)")
    .option("--ca-method <method>", `completeness and accuracy support: ${CA_METHODS.join(", ")}`, "query")
    .option(
      "--ca-source <text>",
      "the query or report that produced the file, or management's representation",
    )
    .option("--server <url>", "server address (default FIELDWORK_SERVER or http://127.0.0.1:3000)")
    .option("--token <token>", "API token (default FIELDWORK_TOKEN)")
    .option("--json", "print the imported population as JSON")
    .action(async (file: string, opts: ImportOptions) => runImport(file, opts));
};
