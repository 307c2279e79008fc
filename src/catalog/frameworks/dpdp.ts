/**
 * Digital Personal Data Protection Act, 2023 (India), section by section, with the breach rule of the
 * DPDP Rules, 2025, mapped to the criteria. Titles and rationales are ours; the Act's text is not
 * reproduced. The Privacy criteria (P1–P8) carry most links; security and governance duties meet CC1–CC9.
 */
import type { Framework } from "../../core/frameworks.js";
import { group, link, unmapped } from "./india-build.js";

const FIDUCIARY = "Chapter II — Obligations of data fiduciaries";
const CHILDREN = "Chapter II — Children's data";
const SIGNIFICANT = "Chapter II — Significant data fiduciaries";
const PRINCIPAL = "Chapter III — Rights and duties of data principals";
const SPECIAL = "Chapter IV — Special provisions";
const RULES = "DPDP Rules, 2025";

export const DPDP: Framework = {
  id: "dpdp-2023",
  name: "Digital Personal Data Protection Act, 2023 (India)",
  version: "2023 (with the DPDP Rules, 2025)",
  source:
    "The Digital Personal Data Protection Act, 2023 (Act 22 of 2023), by section and sub-section; " +
    "Rule 7 of the DPDP Rules, 2025 (personal data breach intimation)",
  jurisdiction: "India",
  requirements: [
    ...group(FIDUCIARY, [
      ["DPDP-s4", "Lawful purpose: consent or legitimate use"],
      ["DPDP-s5(1)", "Notice with every consent request"],
      ["DPDP-s5(2)", "Notice for consents given before the Act"],
      ["DPDP-s6(1)", "Free, specific, informed, unambiguous consent"],
      ["DPDP-s6(4)", "Withdrawing consent as easy as giving it"],
      ["DPDP-s6(6)", "Stop processing after consent is withdrawn"],
      ["DPDP-s6(7)", "Consent through a registered consent manager"],
      ["DPDP-s6(10)", "Fiduciary proves notice and consent"],
      ["DPDP-s7", "Legitimate uses without consent"],
      ["DPDP-s8(1)", "Fiduciary accountable, processors included"],
      ["DPDP-s8(2)", "Processors engaged only under contract"],
      ["DPDP-s8(3)", "Accurate, complete data for decisions and sharing"],
      ["DPDP-s8(4)", "Technical and organisational measures"],
      ["DPDP-s8(5)", "Reasonable security safeguards against breach"],
      ["DPDP-s8(6)", "Breach intimation to Board and principals"],
      ["DPDP-s8(7)", "Erase when consent ends or purpose is served"],
      ["DPDP-s8(9)", "Publish a contact for data questions"],
      ["DPDP-s8(10)", "Effective grievance redressal mechanism"],
    ]),
    ...group(CHILDREN, [
      ["DPDP-s9(1)", "Verifiable parental or guardian consent"],
      ["DPDP-s9(2)", "No processing harmful to a child"],
      ["DPDP-s9(3)", "No tracking or targeted ads at children"],
    ]),
    ...group(SIGNIFICANT, [
      ["DPDP-s10(1)", "Government notifies significant fiduciaries"],
      ["DPDP-s10(2)(a)", "Data protection officer based in India"],
      ["DPDP-s10(2)(b)", "Independent data auditor"],
      ["DPDP-s10(2)(c)(i)", "Periodic data protection impact assessment"],
      ["DPDP-s10(2)(c)(ii)", "Periodic data protection audit"],
    ]),
    ...group(PRINCIPAL, [
      ["DPDP-s11(1)(a)", "Summary of data held and processing"],
      ["DPDP-s11(1)(b)", "Who the data was shared with"],
      ["DPDP-s12(1)", "Correction, completion and updating on request"],
      ["DPDP-s12(3)", "Erasure on request"],
      ["DPDP-s13", "Grievance redressal for principals"],
      ["DPDP-s14", "Nominating someone to exercise rights"],
      ["DPDP-s15", "Duties of data principals"],
    ]),
    ...group(SPECIAL, [["DPDP-s16", "Cross-border transfer restrictions"]]),
    ...group(RULES, [
      ["DPDP-R7(1)", "Breach intimation to each affected principal"],
      ["DPDP-R7(2)", "Breach intimation and 72-hour report to Board"],
    ]),
  ],
  mappings: [
    link("DPDP-s4", "P3.1", "Collecting only for a lawful purpose is the limit P3.1 sets on collection."),
    link(
      "DPDP-s4",
      "P4.1",
      "Processing must stay within the consented or legitimate purpose, as P4.1 limits use.",
    ),
    link(
      "DPDP-s5(1)",
      "P1.1",
      "The notice names the data, the purpose and how to exercise rights, like a privacy notice.",
    ),
    link(
      "DPDP-s4",
      "P6.1",
      "Sharing with another fiduciary is processing that needs consent or a legitimate use.",
    ),
    link("DPDP-s5(1)", "P2.1", "The notice must accompany the consent request that P2.1 treats as a choice."),
    link(
      "DPDP-s5(2)",
      "P1.1",
      "Existing consents need a fresh notice, so the notice obligation reaches older data.",
    ),
    link(
      "DPDP-s6(1)",
      "P3.2",
      "Consent must be explicit and affirmative before processing, as P3.2 requires.",
    ),
    link(
      "DPDP-s6(1)",
      "P3.1",
      "Consent covers only the data needed for the stated purpose: data minimisation.",
    ),
    link(
      "DPDP-s6(4)",
      "P2.1",
      "P2.1 covers communicating choices, which includes an easy way to withdraw consent.",
    ),
    link(
      "DPDP-s6(6)",
      "P4.1",
      "After withdrawal the purpose has no basis, so use must stop, processors included.",
    ),
    link(
      "DPDP-s6(7)",
      "P2.1",
      "A consent manager is another channel through which choices are given and changed.",
    ),
    link(
      "DPDP-s6(10)",
      "P3.2",
      "Proving consent needs a record of each consent obtained, the evidence P3.2 relies on.",
    ),
    link(
      "DPDP-s7",
      "P3.1",
      "Processing without consent is allowed only for the listed uses: a bound on collection.",
    ),
    link(
      "DPDP-s8(1)",
      "P6.4",
      "The fiduciary answers for its processors, so it must bind and monitor them (P6.4).",
    ),
    link(
      "DPDP-s8(1)",
      "CC1.3",
      "Accountability for compliance has to be assigned to named roles and reporting lines.",
    ),
    link(
      "DPDP-s8(2)",
      "P6.4",
      "A processor contract is where the privacy commitments P6.4 asks for are written.",
    ),
    link(
      "DPDP-s8(2)",
      "CC9.2",
      "Engaging a processor is vendor onboarding; CC9.2 expects contracts and risk review.",
    ),
    link(
      "DPDP-s8(3)",
      "P7.1",
      "Accuracy is demanded when data drives a decision or is shared; P7.1 asks for it generally.",
      "subset-of",
    ),
    link(
      "DPDP-s8(4)",
      "CC5.1",
      "Choosing measures to make the Act effective is selecting control activities.",
    ),
    link(
      "DPDP-s8(4)",
      "CC5.3",
      "Organisational measures are deployed as policies and procedures, as CC5.3 expects.",
    ),
    link(
      "DPDP-s8(5)",
      "CC6.1",
      "Access controls and encryption are the core safeguards against unauthorised access.",
    ),
    link("DPDP-s8(5)", "CC6.7", "Safeguards must cover data in transit and data leaving the system."),
    link("DPDP-s8(5)", "CC7.2", "Preventing breaches needs monitoring to detect misuse early."),
    link(
      "DPDP-s8(5)",
      "C1.1",
      "Personal data is confidential information that must be identified and protected.",
    ),
    link(
      "DPDP-s8(6)",
      "P6.5",
      "A breach at a processor can only be intimated if the processor reports it promptly.",
    ),
    link("DPDP-s8(6)", "P6.6", "Both require telling affected people and the regulator about a breach."),
    link(
      "DPDP-s8(6)",
      "CC7.4",
      "Breach intimation is a step of the incident response programme CC7.4 describes.",
    ),
    link(
      "DPDP-s8(7)",
      "P4.2",
      "Data is kept only while consent and purpose last, the retention limit of P4.2.",
    ),
    link(
      "DPDP-s8(7)",
      "P4.3",
      "Erasure at the end of retention, processors included, is the disposal P4.3 covers.",
    ),
    link(
      "DPDP-s8(7)",
      "C1.2",
      "Erasing personal data no longer needed matches disposal of confidential information.",
    ),
    link(
      "DPDP-s8(9)",
      "P8.1",
      "A published contact is how principals raise the inquiries P8.1 expects handled.",
    ),
    link("DPDP-s8(9)", "P1.1", "The contact for data questions belongs in the notice given to principals."),
    link(
      "DPDP-s8(10)",
      "P8.1",
      "A grievance mechanism is one part of P8.1, which also covers inquiries and monitoring.",
      "subset-of",
    ),
    link("DPDP-s9(1)", "P3.2", "Children's data needs explicit consent from a verified parent or guardian."),
    link(
      "DPDP-s9(2)",
      "P4.1",
      "Limits on use protect children: uses with a detrimental effect are excluded.",
    ),
    link(
      "DPDP-s9(3)",
      "P4.1",
      "Tracking and targeted advertising are uses the purpose limit must exclude for children.",
    ),
    link(
      "DPDP-s10(2)(a)",
      "CC1.3",
      "A DPO answerable to the board is a defined role with authority and a reporting line.",
    ),
    link(
      "DPDP-s10(2)(b)",
      "CC4.1",
      "An independent data audit is a separate evaluation of whether controls work.",
    ),
    link(
      "DPDP-s10(2)(c)(i)",
      "CC3.2",
      "An impact assessment identifies and analyses privacy risks before processing.",
    ),
    link("DPDP-s10(2)(c)(ii)", "CC4.1", "Periodic audits are the separate evaluations CC4.1 describes."),
    link("DPDP-s10(2)(c)(ii)", "CC4.2", "Audit findings must reach those who can correct them, in time."),
    link(
      "DPDP-s11(1)(a)",
      "P5.1",
      "Principals can ask what data is held about them, the access P5.1 grants.",
    ),
    link(
      "DPDP-s11(1)(b)",
      "P6.7",
      "Telling principals who received their data is the accounting P6.7 describes.",
    ),
    link(
      "DPDP-s11(1)(b)",
      "P6.2",
      "Answering needs a record of every disclosure to other fiduciaries and processors.",
    ),
    link("DPDP-s12(1)", "P5.2", "Correction and updating on request is the amendment right of P5.2."),
    link("DPDP-s12(1)", "P7.1", "Acting on corrections keeps personal data accurate, complete and current."),
    link("DPDP-s12(3)", "P4.3", "Erasure on request ends in secure disposal of the data."),
    link(
      "DPDP-s13",
      "P8.1",
      "Principals' grievances must be answered within a set time, as P8.1 expects complaints.",
    ),
    link(
      "DPDP-s16",
      "CC6.7",
      "Restricting the countries data may go to is a control on data movement, as in CC6.7.",
    ),
    link(
      "DPDP-R7(1)",
      "P6.6",
      "Each affected principal is told of the breach, its likely impact and what to do.",
    ),
    link(
      "DPDP-R7(2)",
      "P6.6",
      "The Board gets a prompt intimation and a detailed report, the regulator notice of P6.6.",
    ),
    link("DPDP-R7(2)", "P6.3", "The 72-hour report draws on the breach record that P6.3 expects to be kept."),
    link(
      "DPDP-R7(2)",
      "CC7.4",
      "Meeting a 72-hour reporting deadline must be built into the incident response plan.",
    ),
  ],
  unmapped: [
    unmapped("DPDP-s10(1)", "A designation made by the Government, not a control the entity operates."),
    unmapped(
      "DPDP-s14",
      "No criterion covers a nominee acting for a principal; handle it in the rights-request procedure.",
    ),
    unmapped("DPDP-s15", "Duties of individuals towards the Board and fiduciaries, not of the entity."),
  ],
};
