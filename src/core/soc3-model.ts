/**
 * The SOC 3 report model (SOC2.md §2.5): the general-use report of a Type 2 examination. It holds the
 * service auditor's opinion on management's assertion, management's assertion, and management's
 * description of the system boundaries and principal service commitments and system requirements.
 * It never lists controls, tests or results: those would push the report back towards restricted use.
 * There is no Type 1 SOC 3. Pure: the report date in the input stands in for the clock.
 *
 * The model has the same shape as the SOC 2 model (src/core/report-types.ts), so the SOC 2 layout
 * renders it in the same style.
 */
import { CATEGORY_NAMES } from "./criteria.js";
import { invalid } from "./errors.js";
import type { ReportBlock, ReportInput, ReportModel } from "./report-types.js";
import { formatReportDate } from "./report-wording.js";

/** What a SOC 3 needs: a slice of the SOC 2 report input, so `gatherReportInput` output fits as is. */
export type Soc3Input = Pick<
  ReportInput,
  "firm" | "organization" | "engagement" | "subserviceOrgs" | "opinion" | "report"
> & {
  readonly description: Pick<
    ReportInput["description"],
    "services" | "commitments" | "requirements" | "boundaries" | "cuecs" | "noCuecs"
  >;
};

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const needDate = (value: string | undefined, what: string): string => {
  if (!value || !DATE.test(value)) throw invalid(`${what} must be a date (YYYY-MM-DD).`);
  return value;
};

const validate = (input: Soc3Input): { start: string; end: string } => {
  if (input.engagement.type !== "type2") {
    throw invalid(
      "A SOC 3 report exists only for a Type 2 examination (operating effectiveness over a period); this engagement is Type 1.",
    );
  }
  const start = needDate(input.engagement.periodStart, "The period start");
  const end = needDate(input.engagement.periodEnd, "The period end");
  if (end <= start) throw invalid("The period must end after it starts.");
  const date = needDate(input.report.date, "The report date");
  if (date < end) throw invalid("A SOC 3 report cannot be dated before its period ends.");
  if (input.report.draft) throw invalid("A SOC 3 report is issued for general use; it has no draft.");
  const { kind, basis } = input.opinion;
  if (kind === "adverse" || kind === "disclaimer") {
    throw invalid(
      `The opinion is ${kind === "adverse" ? "adverse" : "a disclaimer"}; a SOC 3 report for general use is issued only with an unmodified or a qualified opinion.`,
    );
  }
  if (kind === "qualified" && !basis?.trim()) throw invalid("A qualified opinion needs its basis paragraph.");
  if (!input.engagement.categories.includes("CC")) {
    throw invalid("Security (the common criteria) is always in scope.");
  }
  if (!input.firm.partner.licenceNumber.trim()) throw invalid("The signing partner needs a licence number.");
  const d = input.description;
  if (!d.boundaries.trim()) {
    throw invalid("The system description has no boundaries (DC3); describe them before issuing a SOC 3.");
  }
  if (!d.commitments.trim()) {
    throw invalid(
      "The system description has no principal service commitments (DC2); state them before issuing a SOC 3.",
    );
  }
  return { start, end };
};

const categoryList = (input: Soc3Input): string => {
  const list = input.engagement.categories.map((c) => CATEGORY_NAMES[c] ?? c);
  return list.length <= 1 ? (list[0] ?? "") : `${list.slice(0, -1).join(", ")} and ${list.at(-1)}`;
};

const paragraphs = (text: string): ReportBlock[] =>
  text
    .split(/\n{2,}/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => ({ kind: "paragraph" as const, text: t }));

interface Words {
  readonly org: string;
  readonly system: string;
  readonly period: string;
  readonly categories: string;
  readonly assertionTitle: string;
}

/** The claim management asserts and the auditor opines on, in one sentence used by both. */
const claim = (w: Words): string =>
  `the controls within ${w.org}'s ${w.system} were effective ${w.period} to provide reasonable assurance that ${w.org}'s service commitments and system requirements were achieved based on the trust services criteria relevant to ${w.categories} (the applicable trust services criteria)`;

/** Subservice organizations (carve-out) and user entity controls the design relies on, in one paragraph. */
const complementaryParagraphs = (input: Soc3Input, w: Words, auditor: boolean): ReportBlock[] => {
  const carveOut = input.subserviceOrgs.filter((s) => s.method === "carve-out").map((s) => s.name);
  const cuecs = !input.description.noCuecs && input.description.cuecs.length > 0;
  if (carveOut.length === 0 && !cuecs) return [];
  const parties = [
    ...(carveOut.length > 0
      ? [`the subservice organization${carveOut.length > 1 ? "s" : ""} ${carveOut.join(", ")}`]
      : []),
    ...(cuecs ? ["its user entities"] : []),
  ].join(" and ");
  return [
    {
      kind: "paragraph",
      text: `Some applicable trust services criteria can be met only if complementary controls that ${w.org} assumes ${parties} operate are effective, together with ${w.org}'s own controls. ${auditor ? "Our examination did not extend to those complementary controls." : "Those complementary controls are not covered by this assertion."}`,
    },
  ];
};

const auditorBlocks = (input: Soc3Input, w: Words): ReportBlock[] => {
  const { firm, opinion } = input;
  const qualified = opinion.kind === "qualified";
  return [
    { kind: "paragraph", text: `To the management of ${w.org}:` },
    { kind: "heading", text: "Scope" },
    {
      kind: "paragraph",
      text: `We have examined ${w.org}'s accompanying assertion titled "${w.assertionTitle}" (the assertion) that ${claim(w)} set out in TSP section 100.`,
    },
    ...complementaryParagraphs(input, w, true),
    { kind: "heading", text: "Service organization's responsibilities" },
    {
      kind: "paragraph",
      text: `${w.org} is responsible for its service commitments and system requirements, for designing, implementing and operating effective controls to achieve them, for selecting the applicable trust services criteria, and for its assertion.`,
    },
    { kind: "heading", text: "Service auditor's responsibilities" },
    {
      kind: "paragraph",
      text: `Our responsibility is to express an opinion, based on our examination, on management's assertion. We conducted our examination in accordance with the attestation standards established by the American Institute of Certified Public Accountants, AT-C section 105 and AT-C section 205. Those standards require that we plan and perform the examination to obtain reasonable assurance about whether management's assertion is fairly stated, in all material respects. We believe the evidence we obtained is sufficient and appropriate to provide a reasonable basis for our opinion.`,
    },
    {
      kind: "paragraph",
      text: `Our examination included obtaining an understanding of the system and of the service commitments and system requirements, assessing the risks that the controls were not effective, and testing their operating effectiveness. We are independent of ${w.org} and have met our other ethical responsibilities.`,
    },
    { kind: "heading", text: "Inherent limitations" },
    {
      kind: "paragraph",
      text: "Any system of internal control has inherent limitations, including human error and the circumvention of controls. Projecting our evaluation of effectiveness to future periods is subject to the risk that controls become inadequate because conditions change.",
    },
    ...(qualified
      ? ([
          { kind: "heading", text: "Basis for qualified opinion" },
          { kind: "paragraph", text: opinion.basis ?? "" },
          { kind: "heading", text: "Qualified opinion" },
          {
            kind: "paragraph",
            text: `In our opinion, except for the effects of the matter described in the basis for qualified opinion paragraph, management's assertion that ${claim(w)} is fairly stated, in all material respects.`,
          },
        ] as ReportBlock[])
      : ([
          { kind: "heading", text: "Opinion" },
          {
            kind: "paragraph",
            text: `In our opinion, management's assertion that ${claim(w)} is fairly stated, in all material respects.`,
          },
        ] as ReportBlock[])),
    {
      kind: "signature",
      lines: [
        firm.name,
        `${firm.partner.name}, partner (licence ${firm.partner.licenceNumber})`,
        firm.city,
        formatReportDate(input.report.date),
      ],
    },
  ];
};

const assertionBlocks = (input: Soc3Input, w: Words): ReportBlock[] => {
  const qualified = input.opinion.kind === "qualified";
  const signer = input.organization.assertionSigner;
  return [
    {
      kind: "paragraph",
      text: `We are responsible for designing, implementing, operating and maintaining effective controls within ${w.org}'s ${w.system} ${w.period} to provide reasonable assurance that our service commitments and system requirements relevant to ${w.categories} were achieved. Section III describes the boundaries of the system and our principal service commitments and system requirements; it identifies the aspects of the system this assertion covers.`,
    },
    {
      kind: "paragraph",
      text: `We have evaluated the effectiveness of those controls ${w.period} based on the applicable trust services criteria set out in TSP section 100.`,
    },
    ...complementaryParagraphs(input, w, false),
    ...(qualified
      ? ([
          { kind: "paragraph", text: input.opinion.basis ?? "" },
          {
            kind: "paragraph",
            text: `Except for the matter described in the preceding paragraph, we assert that ${claim(w)}.`,
            emphasis: true,
          },
        ] as ReportBlock[])
      : ([{ kind: "paragraph", text: `We assert that ${claim(w)}.`, emphasis: true }] as ReportBlock[])),
    { kind: "signature", lines: [signer.name, signer.title, w.org] },
  ];
};

const boundaryBlocks = (input: Soc3Input, w: Words): ReportBlock[] => {
  const d = input.description;
  const blocks: ReportBlock[] = [];
  if (d.services.trim())
    blocks.push({ kind: "heading", text: "Services provided" }, ...paragraphs(d.services));
  blocks.push({ kind: "heading", text: "System boundaries" }, ...paragraphs(d.boundaries));
  if (input.subserviceOrgs.length > 0) {
    blocks.push({
      kind: "paragraph",
      text: `${w.org} relies on these subservice organizations: ${input.subserviceOrgs.map((s) => `${s.name} (${s.services})`).join("; ")}.`,
    });
  }
  blocks.push(
    { kind: "heading", text: "Principal service commitments and system requirements" },
    ...paragraphs(d.commitments),
    ...paragraphs(d.requirements),
  );
  return blocks;
};

/** Builds the SOC 3 model; throws AppError VALIDATION when the input cannot make a sound SOC 3. */
export const buildSoc3Model = (input: Soc3Input): ReportModel => {
  const { start, end } = validate(input);
  const org = input.organization.name;
  const periodText = `${formatReportDate(start)} to ${formatReportDate(end)}`;
  const w: Words = {
    org,
    system: input.organization.systemName,
    period: `throughout the period ${periodText}`,
    categories: categoryList(input),
    assertionTitle: `Assertion of ${org} management`,
  };
  const kind = "SOC 3";
  return {
    meta: {
      title: `${kind} report: ${org}`,
      author: input.firm.name,
      subject: `${kind} report on ${org}'s ${w.system}, ${w.period}`,
      keywords: [
        "SOC 3",
        "general use",
        org,
        `engagement ${input.engagement.id}`,
        `version ${input.report.version}`,
      ],
      creationDate: `${input.report.date}T00:00:00.000Z`,
      engagementId: input.engagement.id,
      version: input.report.version,
      draft: false,
    },
    header: { organization: org, reportKind: kind, period: periodText },
    cover: {
      title: `${kind} report`,
      organization: org,
      system: w.system,
      periodLine: `Throughout the period ${periodText}`,
      categories: `Trust services categories: ${input.engagement.categories.map((c) => CATEGORY_NAMES[c]).join(", ")}`,
      firm: input.firm.name,
      lines: [
        `Report date: ${formatReportDate(input.report.date)}`,
        `Version ${input.report.version}`,
        `Engagement ${input.engagement.id}`,
        input.firm.licence,
        ...(input.firm.peerReview ? [input.firm.peerReview] : []),
        "General use: this report may be shared with anyone.",
      ],
    },
    sections: [
      { id: "I", title: "Independent service auditor's report", blocks: auditorBlocks(input, w) },
      { id: "II", title: w.assertionTitle, blocks: assertionBlocks(input, w) },
      {
        id: "III",
        title: `Boundaries of ${org}'s ${w.system} and its principal service commitments`,
        blocks: boundaryBlocks(input, w),
      },
    ],
  };
};
