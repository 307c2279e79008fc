/**
 * The offline report tools behind `fieldwork report verify` (and, later, `fieldwork report demo`):
 * no server, no database, no actor — a file on disk. The CLI may not reach src/reports directly
 * (layers), so this is its door.
 */
import { readFile } from "node:fs/promises";
import { AppError } from "../core/errors.js";
import { type SignedPdfVerification, verifySignedPdf } from "../reports/verify.js";

export type { SignedPdfVerification };

/** Reads and verifies a signed report PDF; INTEGRITY with the reason when it is not intact. */
export const verifyReportFile = async (path: string): Promise<SignedPdfVerification> => {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new AppError("NOT_FOUND", `${path}: no such file.`);
    if (code === "EISDIR") throw new AppError("VALIDATION", `${path} is a directory, not a PDF file.`);
    throw new AppError("VALIDATION", `${path} could not be read (${code ?? "unknown error"}).`);
  }
  return verifySignedPdf(bytes);
};
