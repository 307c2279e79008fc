/**
 * The management representation letter (written representations at the end of fieldwork, under
 * AT-C 205) and the electronic acceptance record appended to any accepted letter. Our own wording.
 * Pure: the letter date and the acceptance time are arguments.
 */
import type { LetterModel } from "./bridge-letter.js";
import {
  coverageEnd,
  DOCUMENT_KIND_LABELS,
  type DocumentKind,
  examinationTimeFrame,
  kindName,
  type LetterScope,
  listed,
  needLetterDate,
  possessive,
  systemName,
} from "./engagement-letters.js";
import { invalid } from "./errors.js";
import type { ReportBlock } from "./report-types.js";
import { formatReportDate } from "./report-wording.js";

export interface RepresentationLetterInput {
  readonly firm: { readonly name: string };
  readonly organization: { readonly name: string };
  readonly engagement: LetterScope;
  readonly letterDate: string;
  /** The engagement's exceptions, by number (EXC-001), so management confirms it knows each one. */
  readonly exceptions: readonly {
    readonly ref: string;
    readonly control: string;
    readonly summary: string;
  }[];
  /** Incidents disclosed in the system description (DC4). */
  readonly incidents: readonly { readonly date: string; readonly nature: string }[];
  /** Complementary user entity controls listed in the description. */
  readonly cuecCount: number;
  readonly version: number;
}

const clip = (text: string, max = 220): string => {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length <= max ? one : `${one.slice(0, max - 1).trimEnd()}…`;
};

/** The representation letter from management to the firm; throws VALIDATION on unsound dates. */
export const buildRepresentationLetter = (input: RepresentationLetterInput): LetterModel => {
  const e = input.engagement;
  const letterDate = needLetterDate(input.letterDate, "The letter date");
  // The lifecycle asks for the letter only once testing has begun, which for a Type 2 is after the
  // period ends; a letter dated earlier still speaks of events up to its own date.
  const end = needLetterDate(coverageEnd(e), e.type === "type1" ? "The as-of date" : "The period end");
  const firm = input.firm.name;
  const org = input.organization.name;
  const kind = kindName(e);
  const frame = examinationTimeFrame(e);
  const subs = e.subserviceOrgs.map(
    (s) => `${s.name} (${s.method === "inclusive" ? "inclusive" : "carve-out"})`,
  );
  const blocks: ReportBlock[] = [
    { kind: "paragraph", text: `To ${firm}:` },
    {
      kind: "paragraph",
      text: `We provide this letter in connection with your examination of ${possessive(org)} ${systemName(e)} for the purpose of a ${kind} report ${frame}. We confirm, to the best of our knowledge and belief, having made the enquiries we considered necessary, the following representations as of the date of this letter.`,
    },
    { kind: "heading", text: "Responsibility for the description and the controls" },
    {
      kind: "list",
      items: [
        "We are responsible for preparing the description of the system in accordance with the description criteria, and for the completeness and accuracy of the description.",
        e.type === "type1"
          ? `We are responsible for designing and implementing controls that were suitably designed ${frame}.`
          : `We are responsible for designing, implementing and operating controls that were suitably designed and operated effectively ${frame}.`,
        "We have provided our written assertion, which accompanies the description, and we stand by it as of the date of this letter.",
      ],
    },
    { kind: "heading", text: "Information and access" },
    {
      kind: "list",
      items: [
        "We have given you all information relevant to the examination, including records, populations, evidence and documentation of controls, and unrestricted access to the people from whom you sought evidence.",
        "The populations and reports we produced for your tests are complete and accurate.",
      ],
    },
    { kind: "heading", text: "Deviations, incidents, fraud and non-compliance" },
    {
      kind: "paragraph",
      text:
        input.exceptions.length > 0
          ? `We have disclosed to you every deviation from the controls of which we are aware. The following ${input.exceptions.length === 1 ? "exception was" : `${input.exceptions.length} exceptions were`} identified in the examination, and we have provided our response to each:`
          : "We have disclosed to you every deviation from the controls of which we are aware. No exceptions were identified in the examination as of the date of this letter.",
    },
    ...(input.exceptions.length > 0
      ? [
          {
            kind: "list" as const,
            items: input.exceptions.map((x) => `${x.ref} (${x.control}): ${clip(x.summary)}`),
          },
        ]
      : []),
    {
      kind: "paragraph",
      text:
        input.incidents.length > 0
          ? "We have disclosed every system incident that resulted from controls not being suitably designed or not operating effectively, or that otherwise caused a significant failure to meet our service commitments and system requirements, namely:"
          : "We are aware of no system incident that resulted from controls not being suitably designed or not operating effectively, or that otherwise caused a significant failure to meet our service commitments and system requirements.",
    },
    ...(input.incidents.length > 0
      ? [
          {
            kind: "list" as const,
            items: input.incidents.map(
              (i) =>
                `${/^\d{4}-\d{2}-\d{2}$/.test(i.date) ? formatReportDate(i.date) : i.date || "Undated"}: ${clip(i.nature)}`,
            ),
          },
        ]
      : []),
    {
      kind: "list",
      items: [
        "We have disclosed any fraud or suspected fraud involving management, employees who have significant roles in the controls, or others, where it could affect the description or the controls.",
        "We have disclosed any known instance of non-compliance with laws, regulations or contracts, and any communication from regulators, that could affect the description or the controls.",
      ],
    },
    { kind: "heading", text: "Subsequent events" },
    {
      kind: "paragraph",
      text:
        letterDate > end
          ? `We have disclosed any event after ${formatReportDate(end)} up to the date of this letter that could affect the description, the controls or our assertion, including significant changes to the system.`
          : "We have disclosed any event up to the date of this letter that could affect the description, the controls or our assertion, including significant changes to the system.",
    },
    { kind: "heading", text: "Complementary controls and subservice organizations" },
    {
      kind: "list",
      items: [
        input.cuecCount > 0
          ? `The description identifies all complementary user entity controls that the design of our controls assumes (${input.cuecCount} listed).`
          : "The design of our controls assumes no complementary user entity controls, and the description says so.",
        subs.length > 0
          ? `The description identifies every subservice organization whose services are relevant to the criteria, namely ${listed(subs)}, and for those presented using the carve-out method, the complementary subservice organization controls assumed.`
          : "No subservice organization provides services relevant to the criteria in scope.",
      ],
    },
  ];
  const title = "Management representation letter";
  return {
    meta: {
      title: `${title}: ${org}, ${kind} ${frame}`,
      author: org,
      subject: `Written representations of ${possessive(org)} management to ${firm} for the ${kind} examination ${frame}`,
      keywords: ["representation letter", kind, org, `engagement ${e.id}`, `version ${input.version}`],
      creationDate: `${letterDate}T00:00:00.000Z`,
    },
    letterhead: org,
    date: formatReportDate(letterDate),
    title,
    blocks,
    signature: [`Management of ${org}`, "Signed electronically; name and title on the acceptance record"],
    footnote: `Version ${input.version} for "${e.name}". Accepted electronically with multi-factor re-confirmation; the acceptance record is appended to the accepted copy.`,
    kindLabel: title,
    footerLabel: `representation letter v${input.version}`,
    signatureCaption: `Signed for the management of ${org}`,
  };
};

export interface AcceptanceRecordInput {
  readonly kind: DocumentKind;
  readonly letterhead: string;
  readonly documentTitle: string;
  readonly version: number;
  readonly documentSha256: string;
  readonly organization: string;
  readonly acceptedBy: {
    readonly name: string;
    readonly title: string;
    readonly userId: string;
    readonly email: string;
  };
  readonly ip: string | null;
  readonly userAgent: string | null;
  /** ISO timestamp of the acceptance. */
  readonly acceptedAt: string;
  /** How the acceptor re-confirmed: "session", "authenticator code", or a loader's note. */
  readonly confirmation: string;
}

/** The page appended to an accepted letter; states who accepted which bytes, when and from where. */
export const buildAcceptanceRecord = (input: AcceptanceRecordInput): LetterModel => {
  if (!/^[0-9a-f]{64}$/.test(input.documentSha256))
    throw invalid("The document hash must be a SHA-256 in hex.");
  const day = input.acceptedAt.slice(0, 10);
  needLetterDate(day, "The acceptance time");
  const label = DOCUMENT_KIND_LABELS[input.kind];
  return {
    meta: {
      title: `Acceptance record: ${input.documentTitle}`,
      author: input.organization,
      subject: `Electronic acceptance of ${label.toLowerCase()} version ${input.version}`,
      keywords: ["acceptance record", label, `version ${input.version}`],
      creationDate: input.acceptedAt,
    },
    letterhead: input.letterhead,
    date: formatReportDate(day),
    title: "Electronic acceptance record",
    blocks: [
      {
        kind: "paragraph",
        text: `${input.acceptedBy.name}, ${input.acceptedBy.title}, accepted the document below on behalf of ${input.organization} by typing their name and title and confirming agreement in Fieldwork.`,
      },
      {
        kind: "list",
        items: [
          `Document: ${input.documentTitle} (${label}, version ${input.version})`,
          `SHA-256 of the document as presented: ${input.documentSha256}`,
          `Accepted by: ${input.acceptedBy.name}, ${input.acceptedBy.title} <${input.acceptedBy.email}>`,
          `User id: ${input.acceptedBy.userId}`,
          `Time (UTC): ${input.acceptedAt}`,
          `Network address: ${input.ip ?? "not recorded"}`,
          `Browser or client: ${clip(input.userAgent ?? "not recorded", 300)}`,
          `Confirmation: ${input.confirmation}`,
        ],
      },
      {
        kind: "paragraph",
        text: "The pages before this record are the document exactly as presented for acceptance; its SHA-256 above identifies those bytes.",
      },
    ],
    signature: [input.acceptedBy.name, input.acceptedBy.title, input.organization],
    footnote: "Recorded by Fieldwork at the time of acceptance.",
    kindLabel: "Acceptance record",
    footerLabel: `${label.toLowerCase()} v${input.version}, acceptance`,
    signatureCaption: "Accepted electronically by",
  };
};
