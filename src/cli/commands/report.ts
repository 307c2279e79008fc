/**
 * `fieldwork report …`: offline work on report PDFs. `verify FILE.pdf` checks the PAdES signature
 * and the embedded evidence manifest and exits 0 for an intact report, 4 (INTEGRITY) with the
 * reason otherwise. `--deep` (recomputing the manifest from stored items) needs the database and
 * comes with the reports use-cases. `demo` (the signed demo report) will be registered here too.
 */
import type { Command } from "commander";
import { type SignedPdfVerification, verifyReportFile } from "../../app/reports-offline.js";
import { AppError } from "../../core/errors.js";
import { printJson } from "../output.js";

interface VerifyFlags {
  json?: boolean;
  deep?: boolean;
  dataDir?: string;
}

const describeVerification = (file: string, r: SignedPdfVerification): string => {
  const signer = [r.signer.name, r.signer.organization].filter(Boolean).join(", ") || "(unnamed)";
  const lines = [
    `${file}: signature valid, whole document signed.`,
    `Signer:            ${signer}`,
    `Certificate:       serial ${r.signer.serial}, SHA-256 ${r.signer.fingerprint}`,
    `Signing time:      ${r.signingTime ?? "(not stated)"}`,
    `Document SHA-256:  ${r.documentSha256}`,
  ];
  if (r.reason) lines.push(`Reason:            ${r.reason}`);
  if (r.manifest) {
    lines.push(
      `Manifest root:     ${r.manifest.root}`,
      `Manifest:          engagement ${r.manifest.engagementId}, report version ${r.manifest.reportVersion}, ${r.manifest.items.length} items`,
    );
  } else lines.push("Manifest:          none embedded");
  lines.push(
    "The certificate is named above; whether it is the firm's is checked against the fingerprint the firm publishes.",
  );
  return `${lines.join("\n")}\n`;
};

export const registerReportCommand = (program: Command): Command => {
  const report = program
    .command("report")
    .description("Work with SOC 2 report PDFs: verify a signed report.");
  report
    .command("verify")
    .description(
      "Check a signed report's PAdES signature and embedded evidence manifest. Exits 0 when intact; prints the reason and exits 4 for an altered, re-saved, unsigned or badly signed file.",
    )
    .argument("<file>", "the report PDF")
    .option("--json", "print the verification result as JSON")
    .option("--deep", "also recompute the manifest root from the stored items (needs the database)")
    .option("--data-dir <dir>", "data directory of a SQLite installation, for --deep")
    .action(async (file: string, flags: VerifyFlags) => {
      if (flags.deep || flags.dataDir !== undefined) {
        throw new AppError(
          "VALIDATION",
          "report verify --deep is not available yet: it needs the reports use-cases; run without --deep to check the signature and manifest.",
        );
      }
      const result = await verifyReportFile(file);
      if (flags.json) printJson(result);
      else process.stdout.write(describeVerification(file, result));
    });
  // `report demo --out FILE.pdf [--type 1|2]` is registered here when the demo report lands.
  return report;
};
