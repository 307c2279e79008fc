/**
 * The contract every importer of real evidence meets: turn the bytes of a real export into a dated
 * result with machine checks linked to library controls. Importers are pure (no I/O, no clock: `now`
 * is passed in) and throw AppError("VALIDATION") naming the line or field for malformed input.
 */
export type CheckStatus = "pass" | "fail" | "warn";

export interface ImportCheck {
  /** Stable id, e.g. "aws.console-users-without-mfa". */
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** One sentence a control owner understands, with the counts. */
  readonly message: string;
  /** The rows behind a failure (user names, PR numbers, finding ids…), at most a few hundred. */
  readonly findings: readonly Record<string, string | number | boolean | null>[];
}

export interface ImportResult {
  readonly importer: string;
  /** A short title for the evidence item, e.g. "AWS IAM credential report (12 users)". */
  readonly title: string;
  /** The date the evidence speaks for (YYYY-MM-DD): report generation time, scan time, export date. */
  readonly effectiveDate: string;
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
  readonly checks: readonly ImportCheck[];
  /** Library control ids (src/catalog/control-library.ts) this evidence supports. */
  readonly controlIds: readonly string[];
  /** Counts for display, e.g. { users: 12, withoutMfa: 2 }. */
  readonly stats: Readonly<Record<string, number>>;
}

export interface ImportOptions {
  readonly now: Date;
  /** Importer-specific thresholds, e.g. { keyMaxAgeDays: 90 }. */
  readonly params?: Readonly<Record<string, number | string>>;
}

export interface Importer {
  readonly id: string;
  readonly label: string;
  /** What file(s) it takes, for the UI and errors. */
  readonly accepts: string;
  /** Names of the input files; most importers take one ("file"), the HR/IdP reconciliation two. */
  readonly inputs: readonly string[];
  parse(inputs: Readonly<Record<string, Buffer>>, options: ImportOptions): ImportResult;
}
