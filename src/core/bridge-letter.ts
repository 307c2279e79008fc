/**
 * The bridge (gap) letter (SOC2.md §2.6): written and signed by the organization's management, not by
 * the service auditor, it carries no assurance. It covers the gap from the end of the period (or the
 * as-of date) of the latest report to a chosen date no more than 12 months later, names the covered
 * report, lists the changes and incidents since then (or states that management knows of none),
 * reminds readers of the complementary user entity controls, and says it does not replace a SOC
 * report. Pure: the letter date stands in for the clock.
 */
import { invalid } from "./errors.js";
import type { ReportBlock } from "./report-types.js";
import { formatReportDate } from "./report-wording.js";

export interface BridgeLetterInput {
  readonly organization: { readonly name: string; readonly systemName: string };
  readonly coveredReport: {
    readonly kind: "soc2-type1" | "soc2-type2";
    /** Type 2: the period start; Type 1 has none. */
    readonly periodStart?: string;
    /** Type 2: the period end; Type 1: the as-of date. The gap starts the day after. */
    readonly periodEnd: string;
    /** The service auditor (the CPA firm) that issued it. */
    readonly auditor: string;
    /** When the report was issued (YYYY-MM-DD), if known. */
    readonly issuedOn?: string;
  };
  /** Last day the letter speaks for (YYYY-MM-DD). */
  readonly coversUntil: string;
  /** The letter's date (YYYY-MM-DD): the day management signs it. */
  readonly letterDate: string;
  /** Changes to the system and its controls since the period end, as management words them. */
  readonly changes: readonly string[];
  /** Incidents since the period end. */
  readonly incidents: readonly string[];
  /** Management confirms that an empty list of changes or incidents really means there were none. */
  readonly noChangesConfirmed: boolean;
  /** Complementary user entity controls from the system description. */
  readonly cuecs: readonly string[];
  readonly signer: { readonly name: string; readonly title: string };
  readonly engagementId: string;
  readonly version: number;
}

export interface LetterModel {
  readonly meta: {
    readonly title: string;
    readonly author: string;
    readonly subject: string;
    readonly keywords: readonly string[];
    readonly creationDate: string;
  };
  readonly letterhead: string;
  readonly date: string;
  readonly title: string;
  readonly blocks: readonly ReportBlock[];
  /** Signature lines: name, title, organization. */
  readonly signature: readonly string[];
  /** Small print under the signature. */
  readonly footnote: string;
  /** Right of the running header; "Management letter" when absent (engagement letters name themselves). */
  readonly kindLabel?: string;
  /** Footer text after the letterhead; "bridge letter" when absent. */
  readonly footerLabel?: string;
  /** Caption above the signature lines; "Signed for management" when absent. */
  readonly signatureCaption?: string;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const needDate = (value: string | undefined, what: string): string => {
  if (!value || !DATE.test(value)) throw invalid(`${what} must be a date (YYYY-MM-DD).`);
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const back = new Date(Date.UTC(y, m - 1, d));
  if (back.getUTCDate() !== d) throw invalid(`${what} is not a real date (${value}).`);
  return value;
};

const shift = (iso: string, days: number): string => {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};

/** The same calendar day a year later; 29 February becomes 28 February. */
export const oneYearAfter = (iso: string): string => {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y + 1, m - 1, d));
  return next.getUTCDate() === d
    ? next.toISOString().slice(0, 10)
    : new Date(Date.UTC(y + 1, m - 1, d - 1)).toISOString().slice(0, 10);
};

const clean = (items: readonly string[]): string[] => items.map((s) => s.trim()).filter(Boolean);

const validate = (input: BridgeLetterInput): void => {
  const end = needDate(input.coveredReport.periodEnd, "The covered report's period end");
  if (input.coveredReport.kind === "soc2-type2") {
    const start = needDate(input.coveredReport.periodStart, "The covered report's period start");
    if (end <= start) throw invalid("The covered report's period must end after it starts.");
  }
  const until = needDate(input.coversUntil, "coversUntil");
  const letterDate = needDate(input.letterDate, "The letter date");
  if (until <= end) {
    throw invalid(
      `coversUntil must be after the covered report's period end (${formatReportDate(end)}): the letter covers the gap after it.`,
    );
  }
  const limit = oneYearAfter(end);
  if (until > limit) {
    throw invalid(
      `coversUntil is more than 12 months after the period end; a bridge letter may cover the gap up to ${formatReportDate(limit)}. Beyond that a new examination is needed.`,
    );
  }
  if (until > letterDate) {
    throw invalid(
      `coversUntil (${formatReportDate(until)}) is after the letter's date (${formatReportDate(letterDate)}); management can only speak for days that have passed.`,
    );
  }
  if (!input.signer.name.trim() || !input.signer.title.trim()) {
    throw invalid("The letter needs the name and title of the member of management who signs it.");
  }
  const empty = clean(input.changes).length === 0 || clean(input.incidents).length === 0;
  if (empty && !input.noChangesConfirmed) {
    throw invalid(
      "No changes or no incidents are listed: confirm (noChangesConfirmed) that management knows of none in the gap, or list them.",
    );
  }
};

/** "Acme's", but "PayRail Technologies'" for a name that ends in s. */
const possessive = (name: string): string => (name.endsWith("s") ? `${name}'` : `${name}'s`);

const kindName = (kind: BridgeLetterInput["coveredReport"]["kind"]): string =>
  kind === "soc2-type2" ? "SOC 2 Type 2" : "SOC 2 Type 1";

/** Builds the letter; throws AppError VALIDATION when the gap or the confirmations are not sound. */
export const buildBridgeLetter = (input: BridgeLetterInput): LetterModel => {
  validate(input);
  const org = input.organization.name;
  const r = input.coveredReport;
  const kind = kindName(r.kind);
  const reportTime =
    r.kind === "soc2-type2"
      ? `for the period ${formatReportDate(r.periodStart ?? "")} to ${formatReportDate(r.periodEnd)}`
      : `as of ${formatReportDate(r.periodEnd)}`;
  const gapStart = formatReportDate(shift(r.periodEnd, 1));
  const gapEnd = formatReportDate(input.coversUntil);
  const gap = `from ${gapStart} to ${gapEnd}`;
  const changes = clean(input.changes);
  const incidents = clean(input.incidents);
  const blocks: ReportBlock[] = [
    { kind: "paragraph", text: "To the user entities of our services and their auditors:" },
    {
      kind: "paragraph",
      text: `${r.auditor} examined ${possessive(org)} ${input.organization.systemName} and issued a ${kind} report ${reportTime}${r.issuedOn ? `, dated ${formatReportDate(r.issuedOn)}` : ""}. This letter, written by ${possessive(org)} management, covers the period ${gap} (the gap period), between the end of that report's period and the date this letter speaks for.`,
    },
    { kind: "heading", text: "Changes to the system and its controls" },
    changes.length > 0
      ? { kind: "list", items: changes }
      : {
          kind: "paragraph",
          text: `Management is not aware of any significant changes to the system or its controls ${gap}.`,
        },
    { kind: "heading", text: "Incidents" },
    incidents.length > 0
      ? { kind: "list", items: incidents }
      : {
          kind: "paragraph",
          text: `Management is not aware of any incident ${gap} that resulted from controls not being suitably designed or not operating effectively, or that otherwise caused a significant failure to meet our service commitments and system requirements.`,
        },
    { kind: "heading", text: "Complementary user entity controls" },
    input.cuecs.length > 0
      ? {
          kind: "paragraph",
          text: "The design of our controls continues to assume that user entities operate the following complementary controls; they remain the user entities' responsibility:",
        }
      : {
          kind: "paragraph",
          text: "The design of our controls assumes no complementary user entity controls; user entities remain responsible for their own controls over their use of our services.",
        },
    ...(input.cuecs.length > 0 ? [{ kind: "list" as const, items: clean(input.cuecs) }] : []),
    { kind: "heading", text: "What this letter is not" },
    {
      kind: "paragraph",
      text: `This letter is management's own statement. It does not replace a SOC report: no service auditor has examined the gap period, and ${r.auditor} gives no opinion on, and no assurance about, anything in this letter. Read it together with the full ${kind} report ${reportTime}.`,
      emphasis: true,
    },
  ];
  const title = `Bridge letter: ${org}, ${gap}`;
  return {
    meta: {
      title,
      author: org,
      subject: `Bridge letter of ${possessive(org)} management covering ${gap}, after the ${kind} report ${reportTime}`,
      keywords: ["bridge letter", kind, org, `engagement ${input.engagementId}`, `version ${input.version}`],
      creationDate: `${input.letterDate}T00:00:00.000Z`,
    },
    letterhead: org,
    date: formatReportDate(input.letterDate),
    title: `Bridge letter for the period ${gap}`,
    blocks,
    signature: [input.signer.name.trim(), input.signer.title.trim(), org],
    footnote: `Signed electronically on ${formatReportDate(input.letterDate)} by ${input.signer.name.trim()} on behalf of ${possessive(org)} management. Not signed by ${r.auditor}.`,
  };
};
