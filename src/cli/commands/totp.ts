import type { Command } from "commander";
import { currentTotp } from "../../app/security/totp.js";
import { AppError } from "../../core/errors.js";

export const registerTotpCommand = (program: Command): void => {
  program
    .command("totp")
    .description(
      "Print the current 6-digit authenticator code for a TOTP secret (for the demo users; use a real authenticator app otherwise).",
    )
    .argument("<secret>", "base32 TOTP secret")
    .action((secret: string) => {
      if (!/^[A-Z2-7]+=*$/i.test(secret) || secret.length < 16) {
        throw new AppError(
          "VALIDATION",
          "The secret must be a base32 string (letters A–Z and digits 2–7), at least 16 characters.",
        );
      }
      process.stdout.write(`${currentTotp(secret.toUpperCase(), new Date())}\n`);
    });
};
