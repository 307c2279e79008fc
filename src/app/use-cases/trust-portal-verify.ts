/**
 * The public verification page's use-case: anyone sends a PDF and learns whether it is a report as
 * the firm signed it (or a trust-portal copy of one: the signed revision plus exactly our recipient
 * watermark), and if not, why. Nothing is revealed beyond what the file itself says, except that a
 * valid file's signed revision matches a report Fieldwork issued (firm, date, whether it has been
 * superseded) and whether the very file is a copy the trust portal delivered (and when).
 */
import { AppError, isAppError } from "../../core/errors.js";
import { hitRateLimit } from "../../db/repositories/sessions.js";
import {
  findDownloadsByCopyHash,
  findSignedReportsByDocumentHash,
} from "../../db/repositories/trust-portal.js";
import { verifyReportCopy } from "../../reports/verify-copy.js";
import type { Deps } from "../deps.js";
import { sha256Hex } from "../security/crypto.js";
import type { ClientInfo } from "./trust-portal.js";
import { reportTitle } from "./trust-portal-model.js";

/** Verifications per address per hour: each one parses a PDF and checks an RSA signature. */
export const VERIFICATIONS_PER_HOUR = 60;
/** Largest PDF the page accepts; issued reports are a few megabytes. */
export const VERIFY_MAX_BYTES = 25 * 1024 * 1024;

export interface InvalidVerification {
  readonly status: "invalid";
  readonly reason: string;
  readonly fileSha256: string;
}

const looksLikePdf = (bytes: Buffer): boolean => bytes.subarray(0, 1024).includes("%PDF-");

const knownReport = async (deps: Deps, documentSha256: string, fileSha256: string) => {
  const [report] = await findSignedReportsByDocumentHash(deps.db, documentSha256);
  if (!report) return null;
  const copies = await findDownloadsByCopyHash(deps.db, fileSha256);
  const copy = copies.find((c) => c.report_id === report.id);
  return {
    issuedBy: report.firm_name,
    issuedAt: report.signed_at,
    title: reportTitle(report.kind),
    version: Number(report.version),
    coversUntil: report.covers_until,
    /** issued, or superseded / withdrawn: the file is genuine but no longer the current report. */
    status: report.status,
    deliveredCopyAt: copy?.at ?? null,
  };
};

export const verifyUploadedReport = async (
  deps: Deps,
  input: { body: Buffer | undefined; client: ClientInfo },
) => {
  const hour = new Date(Math.floor(deps.clock().getTime() / 3_600_000) * 3_600_000).toISOString();
  const key = `trust-verify:${input.client.ip ?? "unknown"}`;
  if ((await hitRateLimit(deps.db, key, hour)) > VERIFICATIONS_PER_HOUR) {
    throw new AppError(
      "RATE_LIMITED",
      "Too many verifications from this address in the last hour. Try again later.",
    );
  }
  const bytes = input.body;
  if (!bytes || bytes.length === 0) {
    throw new AppError("VALIDATION", "Send the PDF file as the request body (content type application/pdf).");
  }
  if (!looksLikePdf(bytes)) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      "The file is not a PDF: it has no PDF header. Choose the report's PDF file.",
    );
  }
  const fileSha256 = sha256Hex(bytes);
  let result: Awaited<ReturnType<typeof verifyReportCopy>>;
  try {
    result = await verifyReportCopy(bytes);
  } catch (error) {
    // Whatever the file does to the verifier, the visitor gets a verdict, never a server fault.
    const reason = isAppError(error)
      ? error.message
      : "The file could not be read as a signed PDF; it is damaged or not a report Fieldwork signed.";
    return { status: "invalid", reason, fileSha256 } satisfies InvalidVerification;
  }
  const manifest = result.manifest;
  return {
    status: "valid" as const,
    fileSha256,
    /** SHA-256 of the signed revision: the report as issued. */
    documentSha256: result.documentSha256,
    signer: {
      name: result.signer.name,
      organization: result.signer.organization,
      fingerprint: result.signer.fingerprint,
      notBefore: result.signer.notBefore,
      notAfter: result.signer.notAfter,
    },
    signingTime: result.signingTime,
    reason: result.reason,
    location: result.location,
    manifest: manifest
      ? {
          engagementId: manifest.engagementId,
          reportVersion: manifest.reportVersion,
          root: manifest.root,
          items: manifest.items.length,
        }
      : null,
    /** A recipient copy from the trust portal: the signed report plus exactly our watermark. */
    copy: result.watermark
      ? { watermarkId: result.watermark.id, recipient: result.watermark.recipient }
      : null,
    known: await knownReport(deps, result.documentSha256, fileSha256),
  };
};
