/**
 * Our own wording for Section I (the service auditor's report) and Section II (management's
 * assertion), shaped like the common practice in SOC2.md §2.2–2.4 but written for Fieldwork. Type 1
 * speaks of design "as of" a date; Type 2 of design and operating effectiveness "throughout the
 * period" (SOC2.md §2.3). Pure.
 */
import type { ReportBlock, ReportInput } from "./report-types.js";

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "2026-03-31" → "31 March 2026" (no locale, so output never depends on the machine). */
export const formatReportDate = (iso: string): string => {
  const [y, m, d] = iso.split("-").map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
};

/** The time frame as it appears in every sentence that needs it. */
export const timeFrame = (input: ReportInput): string => {
  const e = input.engagement;
  return e.type === "type1"
    ? `as of ${formatReportDate(e.asOfDate ?? "")}`
    : `throughout the period ${formatReportDate(e.periodStart ?? "")} to ${formatReportDate(e.periodEnd ?? "")}`;
};

const OPINION_HEADINGS = {
  unmodified: "Opinion",
  qualified: "Qualified opinion",
  adverse: "Adverse opinion",
  disclaimer: "Disclaimer of opinion",
} as const;

const BASIS_HEADINGS = {
  qualified: "Basis for qualified opinion",
  adverse: "Basis for adverse opinion",
  disclaimer: "Basis for disclaimer of opinion",
} as const;

/**
 * The numbered matters the opinion (or the assertion) covers, for this report type. An adverse opinion
 * negates the matters on the controls; the basis paragraph says what else, if anything, is affected.
 */
const opinionMatters = (input: ReportInput, negate: boolean): string[] => {
  const tf = timeFrame(input);
  const sys = `${input.organization.name}'s ${input.organization.systemName}`;
  const were = negate ? "were not" : "were";
  const type2 = input.engagement.type === "type2";
  const matters = [
    `the description presents ${sys} as designed and implemented ${tf}, in accordance with the description criteria (DC 200);`,
    `the controls stated in the description ${were} suitably designed ${tf} to provide reasonable assurance that the service commitments and system requirements would be achieved based on the applicable trust services criteria, if those controls operated effectively${type2 ? "; and" : "."}`,
  ];
  if (type2) {
    matters.push(
      `the controls stated in the description ${negate ? "did not operate" : "operated"} effectively ${tf} to provide reasonable assurance that the service commitments and system requirements were achieved based on the applicable trust services criteria.`,
    );
  }
  return matters.map((m, i) => `(${String.fromCharCode(97 + i)}) ${m}`);
};

const opinionBlocks = (input: ReportInput): ReportBlock[] => {
  const { kind, basis } = input.opinion;
  const blocks: ReportBlock[] = [];
  if (kind !== "unmodified") {
    blocks.push({ kind: "heading", text: BASIS_HEADINGS[kind] });
    blocks.push({ kind: "paragraph", text: basis ?? "" });
  }
  blocks.push({ kind: "heading", text: OPINION_HEADINGS[kind] });
  if (kind === "disclaimer") {
    blocks.push({
      kind: "paragraph",
      text: "Because of the significance of the matter described in the basis for disclaimer of opinion paragraph, we were not able to obtain sufficient appropriate evidence on which to base an opinion. Accordingly, we do not express an opinion on the description, on the design of the controls or, where applicable, on their operating effectiveness.",
    });
    return blocks;
  }
  const lead = {
    unmodified: "In our opinion, in all material respects:",
    qualified:
      "In our opinion, except for the effects of the matter described in the basis for qualified opinion paragraph, in all material respects:",
    adverse:
      "In our opinion, because of the significance of the matter described in the basis for adverse opinion paragraph:",
  }[kind];
  blocks.push({ kind: "paragraph", text: lead });
  blocks.push({ kind: "list", items: opinionMatters(input, kind === "adverse") });
  return blocks;
};

const categoryList = (input: ReportInput, names: Readonly<Record<string, string>>): string => {
  const list = input.engagement.categories.map((c) => names[c] ?? c);
  return list.length <= 1 ? (list[0] ?? "") : `${list.slice(0, -1).join(", ")} and ${list.at(-1)}`;
};

/** Section I: the independent service auditor's report. */
export const sectionOneBlocks = (
  input: ReportInput,
  categoryNames: Readonly<Record<string, string>>,
): ReportBlock[] => {
  const { organization: org, firm, engagement } = input;
  const tf = timeFrame(input);
  const type2 = engagement.type === "type2";
  const carveOut = input.subserviceOrgs.filter((s) => s.method === "carve-out");
  const inclusive = input.subserviceOrgs.filter((s) => s.method === "inclusive");
  const blocks: ReportBlock[] = [
    { kind: "paragraph", text: `To the management of ${org.name}:` },
    { kind: "heading", text: "Scope" },
    {
      kind: "paragraph",
      text: `We have examined ${org.name}'s accompanying description of its ${org.systemName} ${tf} (the description) in Section III, based on the description criteria in DC 200, and the suitability of the design${type2 ? " and the operating effectiveness" : ""} of the controls stated in the description ${tf} to provide reasonable assurance that ${org.name}'s service commitments and system requirements were achieved based on the trust services criteria relevant to ${categoryList(input, categoryNames)} (the applicable trust services criteria) set out in TSP section 100.`,
    },
  ];
  if (carveOut.length > 0) {
    blocks.push({
      kind: "paragraph",
      text: `${org.name} uses the following subservice organizations: ${carveOut.map((s) => `${s.name} (${s.services})`).join("; ")}. The description presents these under the carve-out method: it includes the types of complementary subservice organization controls that ${org.name} assumes they operate, but not their own controls, and our examination did not extend to them.`,
    });
  }
  if (inclusive.length > 0) {
    blocks.push({
      kind: "paragraph",
      text: `The description includes, under the inclusive method, the relevant services and controls of ${inclusive.map((s) => s.name).join(", ")}, and our examination covered them.`,
    });
  }
  if (!input.description.noCuecs && input.description.cuecs.length > 0) {
    blocks.push({
      kind: "paragraph",
      text: `The description states that some applicable trust services criteria can be met only if complementary user entity controls, assumed in ${org.name}'s design, are suitably designed${type2 ? " and operating effectively" : ""}. Our examination did not extend to those controls.`,
    });
  }
  blocks.push(
    { kind: "heading", text: "Service organization's responsibilities" },
    {
      kind: "paragraph",
      text: `${org.name} is responsible for its service commitments and system requirements and for designing, implementing${type2 ? " and operating" : ""} controls that provide reasonable assurance they are achieved. ${org.name} has given the assertion in Section II about the description and the controls, and is responsible for preparing the description and the assertion, for selecting the applicable trust services criteria and for identifying the risks that threaten the achievement of its commitments and requirements.`,
    },
    { kind: "heading", text: "Service auditor's responsibilities" },
    {
      kind: "paragraph",
      text: `Our responsibility is to express an opinion, based on our examination, on the description and on the suitability of the design${type2 ? " and the operating effectiveness" : ""} of the controls. We conducted our examination in accordance with the attestation standards established by the American Institute of Certified Public Accountants, AT-C section 105 and AT-C section 205. Those standards require that we plan and perform the examination to obtain reasonable assurance about whether, in all material respects, the description is presented in accordance with the description criteria and the controls were suitably designed${type2 ? " and operated effectively" : ""} ${tf}. We believe the evidence we obtained is sufficient and appropriate to provide a reasonable basis for our opinion.`,
    },
    {
      kind: "paragraph",
      text: `Our examination included obtaining an understanding of the system and the service commitments and system requirements; assessing the risks that the description is not presented in accordance with the description criteria and that the controls were not suitably designed${type2 ? " or did not operate effectively" : ""}; performing procedures to obtain evidence about whether the description is so presented; and ${type2 ? "testing the operating effectiveness of those controls" : "evaluating the design of those controls"}. We are required to be independent of ${org.name} and to meet our other ethical responsibilities under the relevant ethical requirements.`,
    },
    { kind: "heading", text: "Inherent limitations" },
    {
      kind: "paragraph",
      text: `The description is prepared to meet the common needs of a broad range of users and may not include every aspect of the system that an individual user considers important. Any system of internal control has inherent limitations, including the possibility of human error and of controls being circumvented. ${type2 ? "Projecting our evaluation of operating effectiveness to future periods is subject to the risk that controls become inadequate because conditions change." : "Our opinion on design does not cover whether the controls operated effectively, and projecting it to future dates is subject to the risk that controls become inadequate because conditions change."}`,
    },
  );
  if (type2) {
    blocks.push(
      { kind: "heading", text: "Description of tests of controls" },
      {
        kind: "paragraph",
        text: "The specific controls we tested, the nature, timing and results of those tests, and every deviation we found are listed in Section IV.",
      },
    );
  }
  blocks.push(...opinionBlocks(input));
  blocks.push(
    { kind: "heading", text: "Restricted use" },
    {
      kind: "paragraph",
      text: `This report, including the description of tests of controls and their results in Section IV, is intended solely for the information and use of ${org.name}, its user entities and business partners, and practitioners and regulators who have sufficient knowledge and understanding of the system and the applicable trust services criteria. It is not intended to be, and should not be, used by anyone else.`,
    },
    {
      kind: "signature",
      lines: [
        firm.name,
        `${firm.partner.name}, partner (licence ${firm.partner.licenceNumber})`,
        firm.city,
        formatReportDate(input.report.date),
      ],
    },
  );
  return blocks;
};

/** Section II: management's assertion. */
export const sectionTwoBlocks = (input: ReportInput): ReportBlock[] => {
  const { organization: org } = input;
  return [
    {
      kind: "paragraph",
      text: `We have prepared the accompanying description of ${org.name}'s ${org.systemName} ${timeFrame(input)} (the description) in Section III, based on the description criteria in DC 200. We confirm, to the best of our knowledge and belief, that:`,
    },
    { kind: "list", items: opinionMatters(input, false) },
    {
      kind: "paragraph",
      text: "Management is responsible for the description, for the controls it states, and for this assertion.",
    },
    { kind: "signature", lines: [org.assertionSigner.name, org.assertionSigner.title, org.name] },
  ];
};
