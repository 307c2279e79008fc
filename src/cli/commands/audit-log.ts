import type { Command } from "commander";
import { loadConfig } from "../../app/config.js";
import { openAppContext } from "../../app/deps.js";
import { verifyAuditChain } from "../../app/use-cases/audit-trail.js";
import { AppError } from "../../core/errors.js";
import { env } from "../env.js";
import { printJson } from "../output.js";

export const registerAuditLogCommand = (program: Command): void => {
  const auditLog = program.command("audit-log").description("Work with the hash-chained audit trail.");
  auditLog
    .command("verify")
    .description(
      "Recompute the audit trail's hash chain. Exits 0 when intact; names the first altered, removed or reordered event and exits 4 otherwise. Uses FIELDWORK_DATABASE_URL when set.",
    )
    .option("--data-dir <dir>", "data directory of a SQLite installation", "./data")
    .option("--json", "print the result as JSON")
    .action(async (opts: { dataDir: string; json?: boolean }) => {
      const config = loadConfig(env(), { dataDir: opts.dataDir, demo: false });
      const ctx = await openAppContext(config);
      try {
        const showProgress = !opts.json && process.stderr.isTTY;
        const result = await verifyAuditChain(ctx.deps, (checked, total) => {
          if (showProgress) process.stderr.write(`\rchecked ${checked} of ${total} events`);
          return false;
        });
        if (showProgress) process.stderr.write("\n");
        if (opts.json) printJson(result);
        else process.stdout.write(`${result.checked} events checked.\n`);
        if (!result.intact) {
          const brk = result.firstBreak;
          throw new AppError(
            "INTEGRITY",
            `audit chain broken at event #${brk?.seq ?? "?"}${brk?.id ? ` (${brk.id})` : ""}: ${brk?.message ?? "unknown"}`,
            { firstBreak: brk },
          );
        }
        if (!opts.json) process.stdout.write("The audit chain is intact.\n");
      } finally {
        await ctx.close();
      }
    });
};
