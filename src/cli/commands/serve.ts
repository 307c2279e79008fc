import type { Command } from "commander";
import { loadConfig } from "../../app/config.js";
import { DEMO_PASSWORD } from "../../app/demo.js";
import { AppError } from "../../core/errors.js";
import { startServer } from "../../server/start.js";
import { env } from "../env.js";
import { formatTable } from "../output.js";

const parsePort = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new AppError("VALIDATION", `--port must be a whole number from 0 to 65535; got '${value}'.`);
  }
  return n;
};

export const registerServeCommand = (program: Command): void => {
  program
    .command("serve")
    .description(
      "Run the Fieldwork web server (SQLite in ./data unless FIELDWORK_DATABASE_URL is a postgres:// URL).",
    )
    .option("--port <n>", "port to listen on", "3000")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--data-dir <dir>", "data directory (SQLite database, master key, evidence)", "./data")
    .option("--no-demo", "do not load the demo firm, client and engagement on first start")
    .action(async (opts: { port: string; host: string; dataDir: string; demo: boolean }) => {
      const startedAt = performance.now();
      const config = loadConfig(env(), {
        port: parsePort(opts.port),
        host: opts.host,
        dataDir: opts.dataDir,
        ...(opts.demo === false ? { demo: false } : {}),
      });
      const server = await startServer(config, startedAt);
      const out = (line = "") => process.stdout.write(`${line}\n`);
      out(`Fieldwork is running at ${server.url}`);
      out(
        `Database: ${server.context.database.capabilities.label} (started in ${Math.round(server.startupMs)} ms)`,
      );
      if (server.demo) {
        out();
        out(`Demo sign-in — every demo user's password is: ${DEMO_PASSWORD}`);
        out(
          formatTable(
            ["Role", "E-mail", "Authenticator (TOTP) secret"],
            server.demo.map((c) => [c.label, c.email, c.totpSecret ?? "(no MFA required)"]),
          ),
        );
        out();
        out(
          "Partners and admins must use MFA: add the secret to an authenticator app, or get the current code with",
        );
        out("  npx fieldwork totp <secret>");
        out(`The firm's public enquiry page: ${server.url}/f/mehta-raman`);
      }
      out("Press Ctrl+C to stop.");
      await new Promise<void>((resolve) => {
        const shutdown = () => {
          void server.stop().finally(resolve);
        };
        process.once("SIGINT", shutdown);
        process.once("SIGTERM", shutdown);
      });
    });
};
