/**
 * The offline report tools behind `fieldwork report verify` and `fieldwork report demo`: no
 * server and no actor. `verify` reads a file on disk; `verify --deep` also opens the installation's
 * database and recomputes the manifest items of the report's engagement, to name what changed
 * since signing. The CLI may not reach src/reports directly (layers), so this is its door.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { AppError } from "../core/errors.js";
import { diffManifestItems, type ManifestDifference, manifestRoot } from "../core/report-manifest.js";
import type { SignedPdfVerification } from "../reports/verify.js";
import { type ReportCopyVerification, verifyReportCopy } from "../reports/verify-copy.js";
import type { Config } from "./config.js";
import { openAppContext, sqlitePathFor } from "./deps.js";
import { collectManifestItems } from "./report-manifest-items.js";

export { type DemoReportResult, writeDemoReport } from "./report-demo.js";
export type { ManifestDifference, SignedPdfVerification };

/** Reads and verifies a signed report PDF; INTEGRITY with the reason when it is not intact. */
export const verifyReportFile = async (path: string): Promise<ReportCopyVerification> => {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new AppError("NOT_FOUND", `${path}: no such file.`);
    if (code === "EISDIR") throw new AppError("VALIDATION", `${path} is a directory, not a PDF file.`);
    throw new AppError("VALIDATION", `${path} could not be read (${code ?? "unknown error"}).`);
  }
  return verifyReportCopy(bytes);
};

export interface DeepVerification {
  readonly verification: SignedPdfVerification;
  readonly engagementId: string;
  /** The root of the items as stored now. */
  readonly storedRoot: string;
  /** Empty when every item the manifest lists is stored unchanged and nothing was added. */
  readonly differences: readonly ManifestDifference[];
}

/**
 * Verifies the file, then recomputes its engagement's manifest items from the database of
 * `config` (FIELDWORK_DATABASE_URL, or the SQLite file in the data directory) and compares them.
 */
export const deepVerifyReportFile = async (path: string, config: Config): Promise<DeepVerification> => {
  const verification = await verifyReportFile(path);
  const manifest = verification.manifest;
  if (!manifest) {
    throw new AppError(
      "INTEGRITY",
      `${path} carries no evidence manifest, so there is nothing to recompute.`,
    );
  }
  if (!config.databaseUrl && !existsSync(sqlitePathFor(config))) {
    throw new AppError("NOT_FOUND", `${config.dataDir} holds no Fieldwork database (fieldwork.db).`);
  }
  const ctx = await openAppContext(config);
  try {
    const engagement = await ctx.deps.db
      .selectFrom("engagements")
      .select("id")
      .where("id", "=", manifest.engagementId)
      .executeTakeFirst();
    if (!engagement) {
      throw new AppError("NOT_FOUND", `Engagement ${manifest.engagementId} is not in this database.`);
    }
    const stored = await collectManifestItems(ctx.deps.db, manifest.engagementId);
    return {
      verification,
      engagementId: manifest.engagementId,
      storedRoot: manifestRoot(stored),
      differences: diffManifestItems(manifest.items, stored),
    };
  } finally {
    await ctx.close();
  }
};
