import type { Command } from "commander";
import { loadConfig } from "../../app/config.js";
import { openAppContext } from "../../app/deps.js";
import { setUpFirm } from "../../app/use-cases/setup.js";
import { env } from "../env.js";
import { printJson } from "../output.js";

interface SetupOptions {
  firmName: string;
  slug: string;
  registrationNumber: string;
  peerReviewDate?: string;
  city?: string;
  country: string;
  currency: string;
  adminEmail: string;
  adminName: string;
  dataDir: string;
  json?: boolean;
}

export const registerSetupCommand = (program: Command): void => {
  program
    .command("setup")
    .description(
      "Create a CPA firm and its first firm admin (prints a one-time password; the admin enrols an authenticator at first sign-in).",
    )
    .requiredOption("--firm-name <name>", "the firm's legal name")
    .requiredOption(
      "--slug <slug>",
      "short address of the firm's public page, e.g. 'mehta-raman' for /f/mehta-raman",
    )
    .requiredOption("--registration-number <no>", "the firm's licence or registration number")
    .option("--peer-review-date <YYYY-MM-DD>", "date of the firm's last peer review")
    .option("--city <city>", "city")
    .option("--country <country>", "country", "India")
    .option("--currency <INR|USD>", "default quote currency", "INR")
    .requiredOption("--admin-email <email>", "e-mail of the first firm admin")
    .requiredOption("--admin-name <name>", "name of the first firm admin")
    .option(
      "--data-dir <dir>",
      "data directory of a SQLite installation (FIELDWORK_DATABASE_URL wins)",
      "./data",
    )
    .option("--json", "print the result as JSON")
    .action(async (opts: SetupOptions) => {
      const ctx = await openAppContext(loadConfig(env(), { dataDir: opts.dataDir, demo: false }));
      try {
        const result = await setUpFirm(ctx.deps, {
          name: opts.firmName,
          slug: opts.slug,
          registrationNumber: opts.registrationNumber,
          peerReviewDate: opts.peerReviewDate ?? null,
          city: opts.city ?? null,
          country: opts.country,
          defaultCurrency: opts.currency.toUpperCase(),
          adminEmail: opts.adminEmail,
          adminName: opts.adminName,
        });
        if (opts.json) printJson(result);
        else {
          process.stdout.write(`Created the firm '${opts.firmName}' (public page /f/${result.slug}).\n`);
          process.stdout.write(`Firm admin: ${result.adminEmail}\n`);
          if (result.temporaryPassword)
            process.stdout.write(
              `Temporary password (change it under Settings → Security after signing in): ${result.temporaryPassword}\n`,
            );
          process.stdout.write("Sign in and set up an authenticator app when asked.\n");
        }
      } finally {
        await ctx.close();
      }
    });
};
