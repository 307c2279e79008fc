/**
 * `fieldwork evidence push`: streams a file to a running server as evidence for one or more controls,
 * from a CI pipeline or a terminal, with an API token.
 *
 * The organization: `--org ID`, or, when omitted, the one organization the token's user belongs to
 * (a control owner's or admin's token usually has exactly one). Controls: `--control` takes the
 * control's id or its code (e.g. IAM-03), repeatable. The file goes as a raw
 * `application/octet-stream` body with a Content-Length, so the server refuses a file over its limit
 * before reading it.
 */
import { createReadStream, statSync } from "node:fs";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { basename } from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../../app/config.js";
import { AppError, ERROR_CODES, type ErrorCode } from "../../core/errors.js";
import { env } from "../env.js";
import { serverClient } from "../http.js";
import { printJson } from "../output.js";

interface PushOptions {
  server?: string;
  token?: string;
  org?: string;
  control: string[];
  effectiveDate?: string;
  title?: string;
  description?: string;
  json?: boolean;
}

interface EvidenceItem {
  id: string;
  title: string;
  mediaType: string;
  size: number;
  sha256: string;
  effectiveDate: string;
  controls: { id: string; code: string; title: string }[];
}

/** Files at least this large show a progress line on a terminal. */
const PROGRESS_FROM_BYTES = 8 * 1024 * 1024;

export const human = (bytes: number): string => {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
};

export const statFile = (path: string): number => {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(
      "VALIDATION",
      code === "ENOENT" ? `The file ${path} does not exist.` : `Cannot read the file ${path} (${code}).`,
    );
  }
  if (!stats.isFile()) throw new AppError("VALIDATION", `${path} is not a file.`);
  return stats.size;
};

/** The organization to upload to: --org, or the only organization the token's user belongs to. */
const resolveOrg = async (
  client: ReturnType<typeof serverClient>,
  org: string | undefined,
): Promise<string> => {
  if (org) return org;
  const session = await client.get<{
    memberships: { tenantKind: string; tenantId: string; tenantName: string }[];
  }>("/api/auth/session");
  const orgs = [
    ...new Map(
      session.memberships.filter((m) => m.tenantKind === "org").map((m) => [m.tenantId, m]),
    ).values(),
  ];
  if (orgs.length === 1) return orgs[0]!.tenantId;
  if (orgs.length === 0) {
    throw new AppError(
      "VALIDATION",
      "The token's user belongs to no organization; pass --org with the organization id.",
    );
  }
  throw new AppError(
    "VALIDATION",
    `The token's user belongs to ${orgs.length} organizations (${orgs.map((o) => `${o.tenantName} ${o.tenantId}`).join(", ")}); pass --org.`,
  );
};

export const errorFrom = (status: number, text: string): AppError => {
  let payload: { error?: { code?: string; message?: string } } | null = null;
  try {
    payload = JSON.parse(text);
  } catch {
    // not JSON: fall through
  }
  const code = (ERROR_CODES as readonly string[]).includes(payload?.error?.code ?? "")
    ? (payload?.error?.code as ErrorCode)
    : "INTERNAL";
  return new AppError(code, payload?.error?.message ?? `The server answered ${status}.`);
};

const progressLine = (name: string, sent: number, total: number, started: number): string => {
  const fraction = total === 0 ? 1 : sent / total;
  const width = 30;
  const filled = Math.round(fraction * width);
  const seconds = Math.max((Date.now() - started) / 1000, 0.001);
  return `${name} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${human(sent)} of ${human(total)}, ${human(sent / seconds)}/s`;
};

/** Streams the file as the request body; resolves with the server's answer, even an early refusal. */
export const sendFile = (
  url: URL,
  token: string,
  path: string,
  size: number,
  showProgress: boolean,
): Promise<{ status: number; text: string }> =>
  new Promise((resolve, reject) => {
    const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
    const started = Date.now();
    const name = basename(path);
    let sent = 0;
    let lastDraw = Date.now();
    let drawn = false;
    let settled = false;
    /** Ends the progress line: kept after a success, erased before an error line. */
    const finish = (ok: boolean, fn: () => void) => {
      if (settled) return;
      settled = true;
      if (drawn) process.stderr.write(ok ? "\n" : "\r\x1b[K");
      fn();
    };
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/octet-stream",
          "content-length": String(size),
        },
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          // The server may refuse before reading the whole file (too large, unknown control): stop sending.
          file.destroy();
          req.destroy();
          const status = res.statusCode ?? 0;
          finish(status < 400, () => resolve({ status, text: Buffer.concat(chunks).toString("utf8") }));
        });
        res.on("error", (error) => finish(false, () => reject(error)));
      },
    );
    req.on("error", (error) =>
      finish(false, () =>
        reject(new AppError("UNAVAILABLE", `Cannot reach the server at ${url.origin}: ${error.message}`)),
      ),
    );
    file.on("error", (error) =>
      finish(false, () =>
        reject(new AppError("VALIDATION", `Cannot read the file ${path}: ${error.message}`)),
      ),
    );
    file.on("data", (chunk) => {
      sent += chunk.length;
      if (showProgress && Date.now() - lastDraw > 200) {
        lastDraw = Date.now();
        drawn = true;
        process.stderr.write(`\r${progressLine(name, sent, size, started)}`);
      }
    });
    file.on("end", () => {
      if (drawn) process.stderr.write(`\r${progressLine(name, sent, size, started)}`);
    });
    file.pipe(req);
  });

const push = async (path: string, opts: PushOptions): Promise<void> => {
  if (opts.control.length === 0) {
    throw new AppError("VALIDATION", "Name the control with --control <id or code>, e.g. --control IAM-03.");
  }
  const size = statFile(path);
  const config = loadConfig(env(), {
    ...(opts.server ? { serverUrl: opts.server } : {}),
    ...(opts.token ? { apiToken: opts.token } : {}),
  });
  const client = serverClient(config.serverUrl, config.apiToken);
  const token = config.apiToken!;
  const orgId = await resolveOrg(client, opts.org);
  const url = new URL(`/api/organizations/${encodeURIComponent(orgId)}/evidence`, config.serverUrl);
  url.searchParams.set("controlIds", opts.control.join(","));
  url.searchParams.set("filename", basename(path));
  if (opts.title) url.searchParams.set("title", opts.title);
  if (opts.description) url.searchParams.set("description", opts.description);
  if (opts.effectiveDate) url.searchParams.set("effectiveDate", opts.effectiveDate);
  const showProgress = Boolean(process.stderr.isTTY) && size >= PROGRESS_FROM_BYTES && !opts.json;
  const answer = await sendFile(url, token, path, size, showProgress);
  if (answer.status < 200 || answer.status >= 300) throw errorFrom(answer.status, answer.text);
  const item = JSON.parse(answer.text) as EvidenceItem;
  if (opts.json) {
    printJson(item);
    return;
  }
  const controls = item.controls.map((c) => c.code).join(", ") || "no control";
  process.stdout.write(
    `Uploaded ${basename(path)} as evidence ${item.id} (${item.mediaType}, ${human(item.size)}, sha256 ${item.sha256.slice(0, 16)}…), effective ${item.effectiveDate}, for ${controls}.\n`,
  );
};

const collect = (value: string, previous: string[]): string[] => [
  ...previous,
  ...value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean),
];

export const registerEvidenceCommand = (program: Command): void => {
  const evidence = program
    .command("evidence")
    .description("Send evidence to a running server (needs an API token with the write scope).");
  evidence
    .command("push")
    .argument("<file>", "the file to upload (streamed; any size up to the server's limit)")
    .description(
      "Upload a file as evidence for a control. The organization is --org, or the token user's only organization.",
    )
    .option("--control <id>", "control id or code, e.g. IAM-03 (repeatable)", collect, [])
    .option("--org <id>", "organization id (default: the token user's only organization)")
    .option("--effective-date <date>", "the date the evidence speaks for, YYYY-MM-DD (default today)")
    .option("--title <title>", "title (default: the file name)")
    .option("--description <text>", "description")
    .option("--server <url>", "server address (default FIELDWORK_SERVER or http://127.0.0.1:3000)")
    .option("--token <token>", "API token (default FIELDWORK_TOKEN)")
    .option("--json", "print the created evidence item as JSON")
    .action(async (file: string, opts: PushOptions) => push(file, opts));
};
