/**
 * Rules of the evidence request list (DESIGN.md §4 EvidenceRequest): the status machine and who
 * moves it, reference numbers, what counts as a valid date or text, and the idempotency key.
 */
import { createHash } from "node:crypto";

export const REQUEST_STATUSES = ["open", "submitted", "accepted", "returned"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  open: "Open",
  submitted: "Submitted",
  accepted: "Accepted",
  returned: "Returned",
};

export const isRequestStatus = (s: string): s is RequestStatus =>
  (REQUEST_STATUSES as readonly string[]).includes(s);

/** "Submitted" or "submitted" → submitted; anything else → null. */
export const parseRequestStatus = (text: string): RequestStatus | null => {
  const s = text.trim().toLowerCase();
  return isRequestStatus(s) ? s : null;
};

/**
 * Moves of the status machine: the organization submits (again after a return), the auditor
 * accepts or returns what was submitted. Accepted is final.
 */
export const REQUEST_MOVES = {
  submit: { from: ["open", "returned"], to: "submitted", side: "org" },
  accept: { from: ["submitted"], to: "accepted", side: "firm" },
  return: { from: ["submitted"], to: "returned", side: "firm" },
} as const satisfies Record<
  string,
  { from: readonly RequestStatus[]; to: RequestStatus; side: "firm" | "org" }
>;
export type RequestMove = keyof typeof REQUEST_MOVES;

export const canMove = (move: RequestMove, from: RequestStatus): boolean =>
  (REQUEST_MOVES[move].from as readonly RequestStatus[]).includes(from);

/** Evidence may change while the organization holds the request (open or returned). */
export const evidenceEditable = (status: RequestStatus): boolean =>
  status === "open" || status === "returned";

export const formatRef = (seq: number): string => `REQ-${String(seq).padStart(3, "0")}`;

/** "REQ-007", "req-7" → 7; anything else → null. */
export const parseRef = (text: string): number | null => {
  const m = /^REQ-(\d{1,7})$/i.exec(text.trim());
  if (!m?.[1]) return null;
  const n = Number(m[1]);
  return n >= 1 ? n : null;
};

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export const isCalendarDate = (s: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 9999) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
};

/** Line endings become \n (spreadsheets and XML do not keep \r) and the ends are trimmed. */
export const normaliseText = (s: string): string => s.replace(/\r\n?/g, "\n").trim();

// C0 controls other than tab and newline, the XML non-characters, and unpaired surrogates cannot be
// stored in PostgreSQL text or written to an xlsx file.
const BAD_CHARACTER =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a (normalised) text cannot be stored, or null when it can. */
export const textProblem = (s: string): string | null =>
  BAD_CHARACTER.test(s) ? "contains a control character that cannot be stored" : null;

export interface RequestIdentity {
  readonly controlId: string | null;
  readonly what: string;
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
}

/**
 * The idempotency key: the same control, the same text (ignoring case and runs of spaces) and the
 * same period make the same request.
 */
export const dedupeKey = (r: RequestIdentity): string =>
  createHash("sha256")
    .update(
      JSON.stringify([
        r.controlId ?? "",
        r.what.normalize("NFC").replace(/\s+/g, " ").trim().toLowerCase(),
        r.periodStart ?? "",
        r.periodEnd ?? "",
      ]),
    )
    .digest("hex");

/** Why a period cannot be used, or null. */
export const periodProblem = (start: string | null, end: string | null): string | null =>
  start !== null && end !== null && start > end
    ? `the period ends (${end}) before it starts (${start})`
    : null;
