/**
 * Tables of the reports capability (issue 5): the firm's signing certificate (stored encrypted),
 * reports with their versions and signatures, comments on drafts, and the trust portal's access
 * requests and downloads. Every row carries its tenant ids.
 */
import type { Selectable } from "kysely";

/** The firm's PKCS#12 signing certificate, encrypted with the master key (AES-256-GCM). */
export interface FirmSigningCertificatesTable {
  id: string;
  firm_id: string;
  /** base64 of nonce ‖ ciphertext ‖ tag of the PKCS#12 bytes. */
  p12_encrypted: string;
  /** base64 of nonce ‖ ciphertext ‖ tag of the PKCS#12 password. */
  password_encrypted: string;
  subject: string;
  serial: string;
  /** SHA-256 of the certificate (DER), hex. */
  fingerprint: string;
  not_before: string;
  not_after: string;
  /** 1 for the current certificate of the firm (one at a time). */
  active: number;
  created_by: string | null;
  created_at: string;
}

export interface ReportsTable {
  id: string;
  firm_id: string;
  org_id: string;
  engagement_id: string;
  /** soc2-type1 | soc2-type2 | soc3 | bridge-letter */
  kind: string;
  version: number;
  /** draft | issued | superseded | withdrawn */
  status: string;
  /** The PDF in the organization's encrypted blob store. */
  pdf_sha256: string;
  pdf_size: number;
  pages: number;
  /** The period end or as-of date the report speaks for (currency is counted from it). */
  covers_until: string | null;
  manifest_root: string | null;
  /** SHA-256 of the signed PDF file as issued. */
  document_sha256: string | null;
  signed_by: string | null;
  signed_at: string | null;
  certificate_fingerprint: string | null;
  /** 1 when anyone may download it from the trust portal (SOC 3). */
  public: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReportCommentsTable {
  id: string;
  report_id: string;
  firm_id: string;
  org_id: string;
  engagement_id: string;
  n: number;
  author_user_id: string | null;
  /** firm | org */
  author_side: string;
  /** Where in the report, e.g. "Section III, DC4" (free text). */
  location: string;
  body: string;
  /** open | resolved */
  status: string;
  resolution: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  created_at: string;
}

export interface ReportAccessRequestsTable {
  id: string;
  report_id: string;
  firm_id: string;
  org_id: string;
  requester_name: string;
  requester_email: string;
  requester_company: string;
  nda_version: string;
  nda_accepted_at: string;
  ip: string | null;
  user_agent: string | null;
  /** pending | approved | declined | revoked */
  status: string;
  /** SHA-256 of the download token (the token itself is shown once). */
  token_hash: string | null;
  expires_at: string | null;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  created_at: string;
}

export interface ReportDownloadsTable {
  id: string;
  report_id: string;
  firm_id: string;
  org_id: string;
  access_request_id: string | null;
  /** Who the copy was watermarked for (email or "public"). */
  recipient: string;
  /** The id printed in the watermark and the metadata of that copy. */
  watermark_id: string;
  /** SHA-256 of the copy served. */
  copy_sha256: string;
  ip: string | null;
  user_agent: string | null;
  at: string;
}

export interface ReportTables {
  firm_signing_certificates: FirmSigningCertificatesTable;
  reports: ReportsTable;
  report_comments: ReportCommentsTable;
  report_access_requests: ReportAccessRequestsTable;
  report_downloads: ReportDownloadsTable;
}

export type FirmSigningCertificateRow = Selectable<FirmSigningCertificatesTable>;
export type ReportRow = Selectable<ReportsTable>;
export type ReportCommentRow = Selectable<ReportCommentsTable>;
export type ReportAccessRequestRow = Selectable<ReportAccessRequestsTable>;
export type ReportDownloadRow = Selectable<ReportDownloadsTable>;
