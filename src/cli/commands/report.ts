/**
 * `fieldwork report …`: offline work on report PDFs. `verify FILE.pdf` checks the PAdES signature
 * and the embedded evidence manifest and exits 0 for an intact report, 4 (INTEGRITY) with the
 * reason otherwise. `--deep` also recomputes the manifest's items from the database and names
 * each that changed since signing (exit 4). `demo --out FILE.pdf [--type 1|2]` writes the signed demo report.
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../../app/config.js";
import {
  deepVerifyReportFile,
  type ManifestDifference,
  type SignedPdfVerification,
  verifyReportFile,
  writeDemoReport,
} from "../../app/reports-offline.js";
import { AppError } from "../../core/errors.js";
import { env } from "../env.js";
import { printJson } from "../output.js";

interface VerifyFlags {
  json?: boolean;
  deep?: boolean;
  dataDir?: string;
}

const describeDifference = (d: ManifestDifference): string => {
  if (d.problem === "missing")
    return `Missing:           ${d.kind} ${d.id} (listed in the manifest, no longer stored)`;
  if (d.problem === "unlisted")
    return `Unlisted:          ${d.kind} ${d.id} (stored now, not in the manifest)`;
  return `Changed:           ${d.kind} ${d.id} (signed ${d.expected}, stored ${d.actual})`;
};

const describeVerification = (
  file: string,
  r: SignedPdfVerification & { watermark?: { id: string; recipient: string } | null },
): string => {
  const signer = [r.signer.name, r.signer.organization].filter(Boolean).join(", ") || "(unnamed)";
  const lines = [
    r.watermark
      ? `${file}: signature valid; a recipient's copy: the signed report plus only its watermark (${r.watermark.id}, for ${r.watermark.recipient}).`
      : `${file}: signature valid, whole document signed.`,
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
    .option(
      "--deep",
      "also recompute the manifest's items from the database (FIELDWORK_DATABASE_URL, or the SQLite file in --data-dir) and name each that differs; exits 4 on a difference",
    )
    .option("--data-dir <dir>", "data directory of a SQLite installation, for --deep (default ./data)")
    .action(async (file: string, flags: VerifyFlags) => {
      if (!flags.deep) {
        if (flags.dataDir !== undefined) throw new AppError("VALIDATION", "--data-dir is for --deep only.");
        const result = await verifyReportFile(file);
        if (flags.json) printJson(result);
        else process.stdout.write(describeVerification(file, result));
        return;
      }
      const config = loadConfig(env(), { dataDir: flags.dataDir ?? "./data", demo: false });
      const deep = await deepVerifyReportFile(file, config);
      if (flags.json) printJson(deep);
      else {
        process.stdout.write(describeVerification(file, deep.verification));
        process.stdout.write(
          deep.differences.length === 0
            ? `Stored items:      all ${deep.verification.manifest?.items.length ?? 0} unchanged (root ${deep.storedRoot})\n`
            : `${deep.differences.map(describeDifference).join("\n")}\n`,
        );
      }
      if (deep.differences.length > 0) {
        const first = deep.differences[0];
        throw new AppError(
          "INTEGRITY",
          `${deep.differences.length} stored item(s) differ from the signed manifest, first ${first?.kind} ${first?.id} (${first?.problem}).`,
          { differences: deep.differences },
        );
      }
    });
  report
    .command("demo")
    .description(
      "Write the demo engagement's signed report without a server: Type 2 is a DRAFT of the demo engagement as it stands today (period still running); Type 1 is a final design-only report as of a date.",
    )
    .requiredOption("--out <file>", "where to write the PDF")
    .option("--type <type>", "1 or 2", "2")
    .option("--json", "print the result as JSON")
    .action(async (flags: { out: string; type: string; json?: boolean }) => {
      if (flags.type !== "1" && flags.type !== "2") {
        throw new AppError("VALIDATION", `--type must be 1 or 2 (got "${flags.type}").`);
      }
      const r = await writeDemoReport(resolve(flags.out), flags.type === "1" ? "type1" : "type2");
      if (flags.json) {
        printJson(r);
        return;
      }
      process.stdout.write(
        [
          `${r.path}`,
          `Report:            SOC 2 ${r.type === "type1" ? "Type 1" : "Type 2"}${r.draft ? " (DRAFT)" : ""}, ${r.organization}`,
          `Signer:            ${r.signer}, ${r.firm} (self-signed demo certificate)`,
          `Pages:             ${r.pages}`,
          `Document SHA-256:  ${r.documentSha256}`,
          `Manifest:          ${r.manifestItems} items, root ${r.manifestRoot}`,
          "",
        ].join("\n"),
      );
    });
  return report;
};
