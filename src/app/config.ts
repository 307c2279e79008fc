import { isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { AppError } from "../core/errors.js";

/**
 * The one configuration schema (DESIGN.md §3). It is parsed once at start from the environment
 * and command-line overrides; nothing else in the code reads process.env.
 */
const boolFromEnv = z
  .union([z.boolean(), z.enum(["1", "0", "true", "false", "yes", "no"])])
  .transform((v) => v === true || v === "1" || v === "true" || v === "yes");

export const ConfigSchema = z.object({
  dataDir: z.string().min(1).default("./data"),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "FIELDWORK_DATABASE_URL must be a postgres:// URL")
    .optional(),
  host: z.string().min(1).default("127.0.0.1"),
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  demo: boolFromEnv.default(true),
  publicUrl: z.url().optional(),
  smtpUrl: z
    .string()
    .regex(/^smtps?:\/\//, "FIELDWORK_SMTP_URL must be an smtp:// or smtps:// URL")
    .optional(),
  mailFrom: z.string().default("Fieldwork <fieldwork@localhost>"),
  masterKey: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, "FIELDWORK_MASTER_KEY must be 64 hex characters (32 bytes)")
    .optional(),
  trustProxy: boolFromEnv.default(false),
  sessionTtlHours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  bodyLimitBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** Largest evidence file accepted (bytes); uploads are streamed, so this bounds disk, not memory. */
  evidenceMaxBytes: z.coerce
    .number()
    .int()
    .min(1)
    .default(100 * 1024 * 1024),
  /** Largest population file accepted (bytes); streamed like evidence. A 10-million-row export is ~1 GB. */
  populationMaxBytes: z.coerce
    .number()
    .int()
    .min(1)
    .default(4 * 1024 * 1024 * 1024),
  workerPollMs: z.coerce.number().int().min(20).max(60_000).default(500),
  runWorker: boolFromEnv.default(true),
  /** For CLI commands that talk to a running server. */
  serverUrl: z.url().default("http://127.0.0.1:3000"),
  apiToken: z.string().optional(),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("warn"),
});

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigOverrides = Partial<z.input<typeof ConfigSchema>>;

const ENV_KEYS: Record<string, keyof Config> = {
  FIELDWORK_DATA_DIR: "dataDir",
  FIELDWORK_DATABASE_URL: "databaseUrl",
  FIELDWORK_HOST: "host",
  FIELDWORK_PORT: "port",
  FIELDWORK_DEMO: "demo",
  FIELDWORK_PUBLIC_URL: "publicUrl",
  FIELDWORK_SMTP_URL: "smtpUrl",
  FIELDWORK_MAIL_FROM: "mailFrom",
  FIELDWORK_MASTER_KEY: "masterKey",
  FIELDWORK_TRUST_PROXY: "trustProxy",
  FIELDWORK_SESSION_TTL_HOURS: "sessionTtlHours",
  FIELDWORK_EVIDENCE_MAX_BYTES: "evidenceMaxBytes",
  FIELDWORK_POPULATION_MAX_BYTES: "populationMaxBytes",
  FIELDWORK_WORKER_POLL_MS: "workerPollMs",
  FIELDWORK_RUN_WORKER: "runWorker",
  FIELDWORK_LOG_LEVEL: "logLevel",
  FIELDWORK_SERVER: "serverUrl",
  FIELDWORK_TOKEN: "apiToken",
};

export const loadConfig = (
  env: Readonly<Record<string, string | undefined>>,
  overrides: ConfigOverrides = {},
): Config => {
  const fromEnv: Record<string, unknown> = {};
  for (const [envKey, key] of Object.entries(ENV_KEYS)) {
    const value = env[envKey];
    if (value !== undefined && value !== "") fromEnv[key] = value;
  }
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const parsed = ConfigSchema.safeParse({ ...fromEnv, ...defined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") ?? "configuration";
    throw new AppError("VALIDATION", `Invalid configuration ${where}: ${issue?.message ?? "invalid"}`);
  }
  const config = parsed.data;
  return { ...config, dataDir: isAbsolute(config.dataDir) ? config.dataDir : resolve(config.dataDir) };
};

/** Cookies are marked Secure when the public address is https (behind TLS). */
export const isBehindTls = (config: Config): boolean => config.publicUrl?.startsWith("https://") ?? false;
