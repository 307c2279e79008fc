/**
 * The `fieldwork` command. Each command lives in src/cli/commands/<name>.ts and is a thin adapter
 * over use-cases in src/app; this file only wires them together and turns errors into one line
 * on stderr with a non-zero exit code.
 */
import { Command, CommanderError } from "commander";
import { AppError } from "../core/errors.js";
import { registerAccessReviewsCommand } from "./commands/access-reviews.js";
import { registerAuditLogCommand } from "./commands/audit-log.js";
import { registerCatalogCommand } from "./commands/catalog.js";
import { registerEngagementCommand } from "./commands/engagement.js";
import { registerEvidenceCommand } from "./commands/evidence.js";
import { registerFrameworksCommand } from "./commands/frameworks.js";
import { registerIncidentsCommand } from "./commands/incidents.js";
import { registerJobsCommand } from "./commands/jobs.js";
import { registerOscalCommand } from "./commands/oscal.js";
import { registerPopulationCommand } from "./commands/population.js";
import { registerPopulationServerCommands } from "./commands/population-server.js";
import { registerQuoteCommand } from "./commands/quote.js";
import { registerReportCommand } from "./commands/report.js";
import { registerRisksCommand } from "./commands/risks.js";
import { registerSampleCommand } from "./commands/sample.js";
import { registerSampleSizeCommand } from "./commands/sample-size.js";
import { registerServeCommand } from "./commands/serve.js";
import { registerSetupCommand } from "./commands/setup.js";
import { registerTotpCommand } from "./commands/totp.js";
import { registerVendorsCommand } from "./commands/vendors.js";
import { reportCliError } from "./errors.js";

export const buildProgram = (): Command => {
  const program = new Command();
  program
    .name("fieldwork")
    .description(
      "Fieldwork: a self-hosted SOC 2 engagement platform, from fixed-price quote to signed report.",
    )
    .version("0.1.0")
    .showHelpAfterError(false)
    .configureOutput({ writeErr: (s) => process.stderr.write(s.replace(/^error: /, "fieldwork: ")) })
    .exitOverride();
  registerServeCommand(program);
  registerSetupCommand(program);
  registerCatalogCommand(program);
  registerQuoteCommand(program);
  registerSampleSizeCommand(program);
  registerSampleCommand(program);
  registerPopulationServerCommands(registerPopulationCommand(program));
  registerAuditLogCommand(program);
  registerEvidenceCommand(program);
  registerJobsCommand(program);
  registerReportCommand(program);
  registerTotpCommand(program);
  registerRisksCommand(program);
  registerVendorsCommand(program);
  registerAccessReviewsCommand(program);
  registerIncidentsCommand(program);
  registerOscalCommand(program);
  registerEngagementCommand(program);
  registerFrameworksCommand(program);
  const inherit = (cmd: Command) => {
    for (const sub of cmd.commands) {
      sub.exitOverride();
      sub.configureOutput({ writeErr: (s) => process.stderr.write(s.replace(/^error: /, "fieldwork: ")) });
      inherit(sub);
    }
  };
  inherit(program);
  return program;
};

export const runCli = async (argv: readonly string[]): Promise<number> => {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[], { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successful exits; anything else is a usage error.
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return 0;
      if (error.code === "commander.help") return 0;
      return 2;
    }
    if (error instanceof AppError || error instanceof Error) return reportCliError(error);
    return reportCliError(error);
  }
};
