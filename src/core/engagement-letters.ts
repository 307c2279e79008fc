/**
 * The engagement letter (the agreed terms of a SOC 2 examination under AT-C 105 and AT-C 205) and the
 * management representation letter (management's written representations to the service auditor),
 * as letter models built from engagement facts, plus the electronic acceptance record appended to an
 * accepted letter. Our own wording, no standard's text. Pure: dates are arguments, never the clock.
 */
import type { LetterModel } from "./bridge-letter.js";
import { CATEGORY_NAMES, type CategoryCode } from "./criteria.js";
import { invalid } from "./errors.js";
import type { ReportBlock } from "./report-types.js";
import { formatReportDate } from "./report-wording.js";

export const DOCUMENT_KINDS = ["engagement-letter", "representation-letter"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_KIND_LABELS: Readonly<Record<DocumentKind, string>> = {
  "engagement-letter": "Engagement letter",
  "representation-letter": "Management representation letter",
};

export interface LetterScope {
  readonly id: string;
  readonly name: string;
  readonly type: "type1" | "type2";
  readonly asOfDate: string | null;
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
  readonly categories: readonly CategoryCode[];
  /** Services inside the system boundary. */
  readonly services: readonly string[];
  readonly subserviceOrgs: readonly { readonly name: string; readonly method: string }[];
}

export interface PhaseFees {
  readonly planning: number;
  readonly fieldwork: number;
  readonly reporting: number;
}

export interface EngagementLetterInput {
  readonly firm: {
    readonly name: string;
    readonly registrationNumber: string;
    readonly city: string | null;
    readonly country: string;
    /** The partner responsible for the engagement, who signs the letter for the firm. */
    readonly partner: string | null;
  };
  readonly organization: { readonly name: string; readonly city: string | null; readonly country: string };
  readonly engagement: LetterScope;
  /** From the approved fixed-price quote. */
  readonly fee: { readonly currency: string; readonly total: number; readonly phases: PhaseFees };
  /** Free text agreed with the client; the default bills by phase. */
  readonly paymentTerms?: string | null;
  readonly timeline: { readonly fieldworkStart: string; readonly reportBy: string };
  readonly letterDate: string;
  readonly version: number;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const needLetterDate = (value: string | null | undefined, what: string): string => {
  if (!value || !DATE.test(value)) throw invalid(`${what} must be a date (YYYY-MM-DD).`);
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  if (new Date(Date.UTC(y, m - 1, d)).getUTCDate() !== d)
    throw invalid(`${what} is not a real date (${value}).`);
  return value;
};

const addDays = (iso: string, days: number): string => {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};

/** The last day the examination speaks for: the as-of date (Type 1) or the period end (Type 2). */
export const coverageEnd = (e: Pick<LetterScope, "type" | "asOfDate" | "periodEnd">): string | null =>
  e.type === "type1" ? e.asOfDate : e.periodEnd;

/** Days from the end of the period (or the as-of date) to the planned report date, by default. */
export const DEFAULT_REPORT_DAYS = 60;

/**
 * The planned timeline when the firm names none: Type 2 fieldwork starts the day after the period
 * ends (event populations close then); Type 1 fieldwork starts on the as-of date; the report is
 * planned 60 days after the end. Explicit dates win, but the report cannot precede fieldwork and
 * Type 2 fieldwork cannot start before the period ends.
 */
export const plannedTimeline = (
  e: Pick<LetterScope, "type" | "asOfDate" | "periodEnd">,
  chosen: { readonly fieldworkStart?: string | null; readonly reportBy?: string | null } = {},
): { fieldworkStart: string; reportBy: string } => {
  const end = needLetterDate(coverageEnd(e), e.type === "type1" ? "The as-of date" : "The period end");
  const fieldworkStart = chosen.fieldworkStart
    ? needLetterDate(chosen.fieldworkStart, "The planned fieldwork start")
    : e.type === "type1"
      ? end
      : addDays(end, 1);
  const reportBy = chosen.reportBy
    ? needLetterDate(chosen.reportBy, "The planned report date")
    : addDays(end, DEFAULT_REPORT_DAYS);
  if (e.type === "type2" && fieldworkStart <= end) {
    throw invalid(
      `Testing of operating effectiveness starts after the period ends (${formatReportDate(end)}); plan fieldwork on or after ${formatReportDate(addDays(end, 1))}.`,
    );
  }
  if (reportBy < fieldworkStart) {
    throw invalid("The planned report date cannot precede the planned start of fieldwork.");
  }
  return { fieldworkStart, reportBy };
};

/** "INR 12,40,000" (Indian grouping for rupees), "USD 48,500" otherwise; no locale dependence. */
export const formatFee = (currency: string, amount: number): string => {
  const whole = Math.round(amount).toString();
  if (currency !== "INR" || whole.length <= 3)
    return `${currency} ${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}`;
  const last3 = whole.slice(-3);
  const rest = whole.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ",");
  return `${currency} ${rest},${last3}`;
};

export const listed = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;

export const possessive = (name: string): string => (name.endsWith("s") ? `${name}'` : `${name}'s`);

/** "SOC 2 Type 2 examination ... throughout the period 1 April 2026 to 31 March 2027". */
export const examinationTimeFrame = (e: LetterScope): string =>
  e.type === "type1"
    ? `as of ${formatReportDate(needLetterDate(e.asOfDate, "The as-of date"))}`
    : `throughout the period ${formatReportDate(needLetterDate(e.periodStart, "The period start"))} to ${formatReportDate(needLetterDate(e.periodEnd, "The period end"))}`;

export const kindName = (e: LetterScope): string => (e.type === "type1" ? "SOC 2 Type 1" : "SOC 2 Type 2");

export const categoryList = (e: LetterScope): string => listed(e.categories.map((c) => CATEGORY_NAMES[c]));

export const systemName = (e: LetterScope): string =>
  e.services.length > 0 ? `system supporting ${listed(e.services)}` : "system";

const subjectMatter = (e: LetterScope): string =>
  e.type === "type1"
    ? `whether the description of the ${systemName(e)} is presented in accordance with the description criteria (DC 200) and whether the controls stated in it were suitably designed ${examinationTimeFrame(e)} to provide reasonable assurance that the service commitments and system requirements would be achieved under the trust services criteria for ${categoryList(e)}`
    : `whether the description of the ${systemName(e)} is presented in accordance with the description criteria (DC 200) and whether the controls stated in it were suitably designed and operated effectively ${examinationTimeFrame(e)} to provide reasonable assurance that the service commitments and system requirements were achieved under the trust services criteria for ${categoryList(e)}`;

const subserviceSentence = (e: LetterScope): string => {
  if (e.subserviceOrgs.length === 0) return "No subservice organization is named in the scope.";
  const carve = e.subserviceOrgs.filter((s) => s.method !== "inclusive").map((s) => s.name);
  const incl = e.subserviceOrgs.filter((s) => s.method === "inclusive").map((s) => s.name);
  return [
    carve.length > 0
      ? `The services of ${listed(carve)} are presented using the carve-out method: their controls are outside the examination, and the complementary subservice organization controls assumed in the design are named in the description.`
      : "",
    incl.length > 0
      ? `The services of ${listed(incl)} are presented using the inclusive method: their relevant controls are inside the description and are tested, and their management also provides an assertion and written representations.`
      : "",
  ]
    .filter(Boolean)
    .join(" ");
};

const feeBlocks = (input: EngagementLetterInput): ReportBlock[] => {
  const { currency, total, phases } = input.fee;
  if (!(total > 0))
    throw invalid("The engagement letter needs the approved quote's fee (greater than zero).");
  const terms =
    input.paymentTerms?.trim() ||
    `The fee is invoiced in three instalments: ${formatFee(currency, phases.planning)} for planning on acceptance of this letter, ${formatFee(currency, phases.fieldwork)} for fieldwork when fieldwork begins, and ${formatFee(currency, phases.reporting)} for reporting when the report is issued; each invoice is payable within 30 days.`;
  return [
    { kind: "heading", text: "Fees" },
    {
      kind: "paragraph",
      text: `Our fee for the examination is fixed at ${formatFee(currency, total)} (excluding applicable taxes), as set out in the quote approved for this engagement. It changes only if the scope changes (the period, the categories, the system boundary or the subservice organizations), in which case we agree a revised quote with you in writing before the work it covers.`,
    },
    { kind: "paragraph", text: `Payment terms: ${terms}` },
  ];
};

/** The engagement letter from the firm to the organization; throws VALIDATION on unsound facts. */
export const buildEngagementLetter = (input: EngagementLetterInput): LetterModel => {
  const e = input.engagement;
  const letterDate = needLetterDate(input.letterDate, "The letter date");
  if (!e.categories.includes("CC"))
    throw invalid("Every SOC 2 examination covers Security; add it to the scope.");
  if (e.services.length === 0) throw invalid("Name at least one service inside the system boundary first.");
  const timeline = plannedTimeline(e, input.timeline);
  const firm = input.firm.name;
  const org = input.organization.name;
  const kind = kindName(e);
  const frame = examinationTimeFrame(e);
  const blocks: ReportBlock[] = [
    {
      kind: "paragraph",
      text: `To the management of ${org}${input.organization.city ? `, ${input.organization.city}` : ""}:`,
    },
    {
      kind: "paragraph",
      text: `This letter sets out the terms on which ${firm} (registration ${input.firm.registrationNumber}) will examine ${possessive(org)} ${systemName(e)} and report on it in a ${kind} report ${frame}. It takes effect when management accepts it.`,
    },
    { kind: "heading", text: "The service and its subject matter" },
    {
      kind: "paragraph",
      text: `We will perform an examination under the AICPA attestation standards AT-C 105 and AT-C 205 and express an opinion on ${subjectMatter(e)}.`,
    },
    { kind: "paragraph", text: `System boundary: ${listed(e.services)}. ${subserviceSentence(e)}` },
    { kind: "heading", text: "Objective" },
    {
      kind: "paragraph",
      text: `The objective is to obtain reasonable assurance about whether management's assertion is fairly stated, in all material respects, and to issue a report with our opinion${e.type === "type2" ? ", including a description of our tests of controls and their results" : ""}.`,
    },
    { kind: "heading", text: "Our responsibilities" },
    {
      kind: "list",
      items: [
        "Plan and perform the examination to obtain reasonable assurance, applying professional judgement and scepticism.",
        e.type === "type1"
          ? "Evaluate the description and test the design and implementation of the controls as of the date."
          : "Evaluate the description, test the design of the controls, and test their operating effectiveness over the period using sampling and full-population tests where suitable.",
        "Communicate identified deviations to management as they are found and give management the opportunity to respond before the report is issued.",
        "Keep confidential the information we obtain, except as law or professional standards require.",
      ],
    },
    { kind: "heading", text: "Management's responsibilities" },
    {
      kind: "paragraph",
      text: `The examination rests on management accepting these responsibilities, which ${possessive(org)} management acknowledges by accepting this letter:`,
    },
    {
      kind: "list",
      items: [
        "Preparing the description of the system in accordance with the description criteria, including complementary user entity controls and the treatment of subservice organizations.",
        `Providing a written assertion about the description and the controls ${frame}, to accompany our report.`,
        "Designing, implementing and operating effective controls to achieve the service commitments and system requirements.",
        "Giving us access to all information relevant to the examination, to the people we need to speak with, and to evidence, populations and systems in time for the planned timeline.",
        "Providing written representations at the end of fieldwork, including disclosure of known deviations, incidents, fraud, non-compliance with laws and regulations, and subsequent events.",
      ],
    },
    { kind: "heading", text: "Inherent limitations" },
    {
      kind: "paragraph",
      text: "Controls can be circumvented by collusion or management override, and they may fail through human error. An examination tests controls and does not detect every deviation or fraud. Conclusions about the operation of controls do not project to future periods, because systems and controls change.",
    },
    { kind: "heading", text: "Use of the report" },
    {
      kind: "paragraph",
      text: `The ${kind} report is intended only for ${possessive(org)} management, its user entities and their auditors, and prospective user entities and others with sufficient knowledge of the system, and is not to be used by anyone else. A SOC 3 report for general use may be agreed separately.`,
    },
    ...feeBlocks(input),
    { kind: "heading", text: "Timeline" },
    {
      kind: "list",
      items: [
        e.type === "type1"
          ? `As-of date of the examination: ${formatReportDate(e.asOfDate ?? "")}.`
          : `Period covered: ${formatReportDate(e.periodStart ?? "")} to ${formatReportDate(e.periodEnd ?? "")}.`,
        `Planned start of fieldwork: ${formatReportDate(timeline.fieldworkStart)}.`,
        `Planned report date: ${formatReportDate(timeline.reportBy)}, provided the evidence and representations are received on time.`,
      ],
    },
    { kind: "heading", text: "Independence" },
    {
      kind: "paragraph",
      text: `${firm} and the members of the engagement team are independent of ${org} under the AICPA Code of Professional Conduct. No member of the engagement team holds a role in ${possessive(org)} organization, and we do not design, implement or operate ${possessive(org)} controls.`,
    },
    { kind: "heading", text: "How to accept" },
    {
      kind: "paragraph",
      text: `An organization administrator of ${org} accepts this letter in Fieldwork by typing their full name and title and confirming agreement. The acceptance record (name, title, time, network address and the SHA-256 of this document) is appended to the accepted copy, which both parties keep as evidence of the engagement.`,
      emphasis: true,
    },
  ];
  const title = `Engagement letter: ${kind} examination ${frame}`;
  return {
    meta: {
      title,
      author: firm,
      subject: `Terms of the ${kind} examination of ${org} ${frame}`,
      keywords: ["engagement letter", kind, org, `engagement ${e.id}`, `version ${input.version}`],
      creationDate: `${letterDate}T00:00:00.000Z`,
    },
    letterhead: firm,
    date: formatReportDate(letterDate),
    title,
    blocks,
    signature: [
      input.firm.partner ?? firm,
      input.firm.partner ? "Engagement partner" : "",
      [input.firm.city, input.firm.country].filter(Boolean).join(", "),
    ].filter(Boolean),
    footnote: `Version ${input.version} of the engagement letter for "${e.name}". A later version supersedes this one unless this one has been accepted.`,
    kindLabel: "Engagement letter",
    footerLabel: `engagement letter v${input.version}`,
    signatureCaption: `For ${firm}`,
  };
};
