/**
 * The criteria catalog: all 61 Trust Services Criteria with our own short titles and plain-language
 * guidance (what an auditor expects to see, and the evidence that usually shows it). The AICPA's
 * criterion text and points of focus are copyrighted and are deliberately not held here
 * (SOC2.md §1, copyright warning). The data is validated when this module loads, so a typo in an
 * ID, a missing criterion or a COSO number on the wrong series fails every test and every start.
 */
import * as z from "zod";
import {
  CATEGORY_CODES,
  COSO_SERIES,
  CRITERION_IDS,
  type Criterion,
  findSeries,
  SERIES_IDS,
  seriesOfCriterionId,
} from "../core/criteria.js";
import { AppError } from "../core/errors.js";

const CRITERIA_DATA: readonly unknown[] = [
  {
    id: "CC1.1",
    category: "CC",
    series: "CC1",
    cosoPrinciple: 1,
    title: "Ethics and code of conduct",
    guidance:
      "Leadership sets the tone: there is a written code of conduct, staff acknowledge it when they join and at regular intervals afterwards, and breaches are handled consistently. Auditors look for signed acknowledgements, a disciplinary process, and evidence that reported violations were investigated. Background checks on new hires are often tested here too.",
  },
  {
    id: "CC1.2",
    category: "CC",
    series: "CC1",
    cosoPrinciple: 2,
    title: "Board oversight of internal control",
    guidance:
      "Someone independent of day-to-day management, usually a board or an audit or risk committee, oversees security and internal control. Expect minutes of meetings where security, risk and audit results were discussed, and a charter or terms of reference for the body. Small companies without an independent board should explain who provides this oversight and how.",
  },
  {
    id: "CC1.3",
    category: "CC",
    series: "CC1",
    cosoPrinciple: 3,
    title: "Structure, reporting lines and authority",
    guidance:
      "Management has defined who is responsible for what, with an organization chart, job descriptions and a named owner for security. Auditors inspect the chart, role descriptions and the document that assigns security responsibility, and check that they are kept current.",
  },
  {
    id: "CC1.4",
    category: "CC",
    series: "CC1",
    cosoPrinciple: 4,
    title: "Hiring, training and keeping competent staff",
    guidance:
      "The organization hires people with the skills their roles need and keeps those skills up to date. Typical evidence is job descriptions with requirements, background checks, onboarding records, completion of security awareness training, and performance reviews.",
  },
  {
    id: "CC1.5",
    category: "CC",
    series: "CC1",
    cosoPrinciple: 5,
    title: "Accountability for control duties",
    guidance:
      "People are held to account for the controls they own. Evidence includes performance reviews that cover security duties, acknowledged policies, and records showing that failures to follow policy led to follow-up or sanctions.",
  },
  {
    id: "CC2.1",
    category: "CC",
    series: "CC2",
    cosoPrinciple: 13,
    title: "Reliable information for running controls",
    guidance:
      "The organization gathers and uses reliable information to run its controls, such as accurate asset inventories, system logs and reports. Auditors check that the data feeding key controls is complete and accurate, for example that the user list used in an access review came straight from the system.",
  },
  {
    id: "CC2.2",
    category: "CC",
    series: "CC2",
    cosoPrinciple: 14,
    title: "Internal communication on security",
    guidance:
      "Staff know their security duties and how to raise concerns. Expect policies published where staff can find them, security awareness training, onboarding material, a way to report incidents or concerns (including anonymously), and internal announcements of significant changes.",
  },
  {
    id: "CC2.3",
    category: "CC",
    series: "CC2",
    cosoPrinciple: 15,
    title: "Communication with customers and outside parties",
    guidance:
      "Customers and other outside parties are told what they need to know about the service and its security, and have a way to reach the organization. Evidence includes contracts and terms of service, a published system description or security page, support and incident contact channels, and notices sent to customers about changes or incidents.",
  },
  {
    id: "CC3.1",
    category: "CC",
    series: "CC3",
    cosoPrinciple: 6,
    title: "Objectives clear enough to assess risk",
    guidance:
      "Before risks can be assessed, the organization states what it is trying to achieve, including its commitments to customers and its system requirements. Auditors look for documented objectives, service commitments and system requirements that the risk assessment refers back to.",
  },
  {
    id: "CC3.2",
    category: "CC",
    series: "CC3",
    cosoPrinciple: 7,
    title: "Risk identification and analysis",
    guidance:
      "Risks to those objectives are identified and analysed across the organization, usually in a formal risk assessment repeated at least once a year. Typical evidence is a risk register with likelihood, impact, owners and chosen treatments, and records showing management reviewed it.",
  },
  {
    id: "CC3.3",
    category: "CC",
    series: "CC3",
    cosoPrinciple: 8,
    title: "Fraud risk assessment",
    guidance:
      "The risk assessment considers how fraud could happen, such as misuse of access, manipulated records or theft of assets, and who might have the motive or opportunity. Auditors expect fraud scenarios in the risk register, or a separate fraud risk assessment, together with the controls that address them.",
  },
  {
    id: "CC3.4",
    category: "CC",
    series: "CC3",
    cosoPrinciple: 9,
    title: "Assessing the impact of significant change",
    guidance:
      "Significant changes such as new products, acquisitions, new technology, departures of key staff or new regulations are identified, and their effect on risks and controls is assessed. Evidence includes risk assessment updates triggered by change and management meeting notes that discuss them.",
  },
  {
    id: "CC4.1",
    category: "CC",
    series: "CC4",
    cosoPrinciple: 16,
    title: "Checking that controls work",
    guidance:
      "Management checks that controls are actually working, through ongoing monitoring, internal audits, self-assessments or penetration tests. Auditors inspect internal review reports, penetration test and vulnerability scan results and compliance dashboards, and ask how often each runs.",
  },
  {
    id: "CC4.2",
    category: "CC",
    series: "CC4",
    cosoPrinciple: 17,
    title: "Reporting and fixing control weaknesses",
    guidance:
      "When monitoring finds a control weakness, it is reported to people who can fix it and tracked until it is resolved. Expect a remediation tracker with owners and due dates, reports to senior management or the board, and evidence that issues were closed.",
  },
  {
    id: "CC5.1",
    category: "CC",
    series: "CC5",
    cosoPrinciple: 10,
    title: "Choosing controls that reduce risk",
    guidance:
      "Controls are chosen because they address the risks found in the risk assessment, and together they bring risk down to an acceptable level. Auditors look for a traceable link from the risk register to the controls, and for a mix of preventive and detective controls, with segregation of duties where it matters.",
  },
  {
    id: "CC5.2",
    category: "CC",
    series: "CC5",
    cosoPrinciple: 11,
    title: "General controls over technology",
    guidance:
      "The organization selects general controls over its technology: infrastructure, security management, access, and how systems are acquired, built and maintained. This is usually shown through the controls tested under CC6 to CC8, plus a control framework that maps technology risks to those controls.",
  },
  {
    id: "CC5.3",
    category: "CC",
    series: "CC5",
    cosoPrinciple: 12,
    title: "Policies and procedures that put controls in place",
    guidance:
      "Controls are put into practice through written policies and the procedures that carry them out, each with a named owner. Evidence is the policy set with approval dates and review history, procedures or runbooks, and proof that staff received and acknowledged the policies.",
  },
  {
    id: "CC6.1",
    category: "CC",
    series: "CC6",
    cosoPrinciple: null,
    title: "Logical access protections",
    guidance:
      "Systems and data are protected by logical access controls: an inventory of assets, unique user accounts, strong authentication such as multi-factor, network segmentation and encryption of sensitive data at rest. Auditors inspect system configurations, authentication settings, encryption and key management settings, and the asset inventory.",
  },
  {
    id: "CC6.2",
    category: "CC",
    series: "CC6",
    cosoPrinciple: null,
    title: "User registration and removal",
    guidance:
      "New users are approved before they get an account, and accounts are removed promptly when people leave or no longer need them. Typical evidence is access request tickets with approvals for a sample of new hires, leaver tickets matched against account removal dates, and periodic reviews that catch stale accounts.",
  },
  {
    id: "CC6.3",
    category: "CC",
    series: "CC6",
    cosoPrinciple: null,
    title: "Role-based access and least privilege",
    guidance:
      "Access is granted by role and limited to what each person needs, with changes approved and incompatible duties kept apart. Expect role definitions, approval records for access changes, and periodic user access reviews signed off by managers or system owners.",
  },
  {
    id: "CC6.4",
    category: "CC",
    series: "CC6",
    cosoPrinciple: null,
    title: "Physical access to facilities",
    guidance:
      "Physical access to offices, data centres and equipment is limited to authorized people. Evidence includes badge access lists and their reviews, visitor logs, and, where a cloud provider hosts the infrastructure, that provider's SOC 2 report covering its data centres.",
  },
  {
    id: "CC6.5",
    category: "CC",
    series: "CC6",
    cosoPrinciple: null,
    title: "Secure disposal of hardware and media",
    guidance:
      "Before hardware or storage media is retired, reused or sold, the data on it is destroyed so that it cannot be recovered. Auditors look for a disposal procedure, certificates of destruction from disposal vendors, and asset records showing how each retired device was wiped.",
  },
  {
    id: "CC6.6",
    category: "CC",
    series: "CC6",
    cosoPrinciple: null,
    title: "Protection at the system boundary",
    guidance:
      "The system is protected against threats from outside its boundary, such as the internet and partner networks. Typical evidence is firewall and security group rules, web application firewall or denial-of-service protection settings, VPN or zero-trust access for remote staff, and intrusion detection configuration.",
  },
  {
    id: "CC6.7",
    category: "CC",
    series: "CC6",
    cosoPrinciple: null,
    title: "Protecting data in transit and on removable media",
    guidance:
      "Data moving between systems, across networks or onto removable media is restricted and protected. Expect TLS configuration for external connections, encrypted laptops and backups, data loss prevention or USB controls, and a mobile device management policy.",
  },
  {
    id: "CC6.8",
    category: "CC",
    series: "CC6",
    cosoPrinciple: null,
    title: "Malware and unauthorized software",
    guidance:
      "The organization prevents or detects malware and software that has not been approved. Auditors check that anti-malware or endpoint detection is deployed and alerting, that installing software is restricted, and that critical systems have integrity monitoring.",
  },
  {
    id: "CC7.1",
    category: "CC",
    series: "CC7",
    cosoPrinciple: null,
    title: "Configuration and vulnerability management",
    guidance:
      "Configuration changes and newly disclosed vulnerabilities are detected so that they can be dealt with. Evidence includes hardened configuration baselines, drift monitoring, regular vulnerability scans with their results, and patch records showing findings were fixed within target times.",
  },
  {
    id: "CC7.2",
    category: "CC",
    series: "CC7",
    cosoPrinciple: null,
    title: "Security monitoring",
    guidance:
      "System components are monitored for unusual activity that could point to an attack, an error or a failure. Expect central logging, alert rules in a monitoring or SIEM tool, log retention settings, and a sample of alerts that were raised and followed up.",
  },
  {
    id: "CC7.3",
    category: "CC",
    series: "CC7",
    cosoPrinciple: null,
    title: "Triage of security events",
    guidance:
      "Security events are reviewed to decide whether they are incidents that need a response. Auditors look for a triage procedure with severity definitions, and tickets showing that alerts were assessed, classified and escalated where needed.",
  },
  {
    id: "CC7.4",
    category: "CC",
    series: "CC7",
    cosoPrinciple: null,
    title: "Incident response",
    guidance:
      "There is a written incident response plan with assigned roles, and real incidents are handled according to it: contained, fixed and communicated. Typical evidence is the plan, tickets or post-mortems for incidents during the period, and records of tabletop exercises.",
  },
  {
    id: "CC7.5",
    category: "CC",
    series: "CC7",
    cosoPrinciple: null,
    title: "Recovery and lessons learned after incidents",
    guidance:
      "After an incident the organization restores the affected systems and data and learns from what happened. Evidence includes recovery records, root-cause analyses, lessons-learned reports, and the control changes made as a result.",
  },
  {
    id: "CC8.1",
    category: "CC",
    series: "CC8",
    cosoPrinciple: null,
    title: "Change management",
    guidance:
      "Changes to infrastructure, software and configuration are authorized, tested, approved and deployed in a controlled way, and emergency changes follow a defined path. Auditors sample changes from the period and inspect tickets, pull-request reviews, test results and deployment records, and check that nobody can push unreviewed code to production.",
  },
  {
    id: "CC9.1",
    category: "CC",
    series: "CC9",
    cosoPrinciple: null,
    title: "Business disruption risk",
    guidance:
      "The organization identifies the risks of business disruption and has plans to reduce them, including continuity planning and insurance. Expect a business continuity plan, a business impact analysis, and evidence of cyber insurance or other risk transfer where it is used.",
  },
  {
    id: "CC9.2",
    category: "CC",
    series: "CC9",
    cosoPrinciple: null,
    title: "Vendor and business partner risk",
    guidance:
      "Risks from vendors and business partners are assessed before they are engaged and monitored afterwards. Typical evidence is a vendor inventory with risk ratings, security questionnaires or reviews, contracts with security and confidentiality terms, and yearly reviews of key vendors' SOC reports.",
  },
  {
    id: "A1.1",
    category: "A",
    series: "A1",
    cosoPrinciple: null,
    title: "Capacity monitoring and planning",
    guidance:
      "Capacity is monitored and planned so that the system keeps meeting its availability commitments as demand grows. Evidence includes capacity and performance dashboards, alerts on resource thresholds, autoscaling settings, and capacity planning reviews.",
  },
  {
    id: "A1.2",
    category: "A",
    series: "A1",
    cosoPrinciple: null,
    title: "Backups and recovery infrastructure",
    guidance:
      "The environment and infrastructure that keep the system running are protected, and data is backed up so it can be recovered. Auditors look at backup configuration and success logs, redundancy across zones or sites, environmental protections at facilities (or the hosting provider's report), and the disaster recovery set-up.",
  },
  {
    id: "A1.3",
    category: "A",
    series: "A1",
    cosoPrinciple: null,
    title: "Recovery testing",
    guidance:
      "Recovery procedures are tested to show that systems and data can really be restored within the stated objectives. Typical evidence is restore tests of backups and disaster recovery or failover exercises, with their results and follow-up actions recorded.",
  },
  {
    id: "C1.1",
    category: "C",
    series: "C1",
    cosoPrinciple: null,
    title: "Identifying and protecting confidential information",
    guidance:
      "Confidential information, such as customer data and trade secrets, is identified, classified and protected in line with the organization's commitments. Expect a data classification policy, an inventory of where confidential data is kept, access restrictions and encryption, and non-disclosure agreements.",
  },
  {
    id: "C1.2",
    category: "C",
    series: "C1",
    cosoPrinciple: null,
    title: "Disposal of confidential information",
    guidance:
      "Confidential information is destroyed when it is no longer needed or its retention period ends, as promised to customers. Evidence includes a retention and disposal policy, records of data deleted after contracts ended, and disposal logs or certificates.",
  },
  {
    id: "PI1.1",
    category: "PI",
    series: "PI1",
    cosoPrinciple: null,
    title: "Processing specifications",
    guidance:
      "The organization defines and communicates what correct processing looks like: the data definitions, processing specifications and service descriptions that customers rely on. Auditors inspect product specifications, data dictionaries and the documentation given to customers.",
  },
  {
    id: "PI1.2",
    category: "PI",
    series: "PI1",
    cosoPrinciple: null,
    title: "Input completeness and accuracy",
    guidance:
      "Inputs are checked for completeness and accuracy before they are processed, through validation rules, reconciliations and handling of rejected records. Evidence includes configured edit checks, input reconciliation reports and error queues that were worked.",
  },
  {
    id: "PI1.3",
    category: "PI",
    series: "PI1",
    cosoPrinciple: null,
    title: "Processing completeness, accuracy and timeliness",
    guidance:
      "Data is processed completely, accurately and on time according to the specifications. Expect job monitoring, automated checks and reconciliations between processing stages, and records showing that processing errors were detected and corrected.",
  },
  {
    id: "PI1.4",
    category: "PI",
    series: "PI1",
    cosoPrinciple: null,
    title: "Output completeness, accuracy and delivery",
    guidance:
      "Outputs are complete and accurate and reach only the intended recipients on time. Typical evidence is output reconciliations, delivery logs, and access restrictions on reports and files sent to customers.",
  },
  {
    id: "PI1.5",
    category: "PI",
    series: "PI1",
    cosoPrinciple: null,
    title: "Storage of inputs, processing records and outputs",
    guidance:
      "Inputs, processing records and outputs are stored completely and accurately, protected from unauthorized change, and kept for as long as required. Auditors look at storage integrity controls, retention settings and backups of processing records.",
  },
  {
    id: "P1.1",
    category: "P",
    series: "P1",
    cosoPrinciple: null,
    title: "Privacy notice",
    guidance:
      "People get a clear, current privacy notice explaining what personal information is collected, why, and how it is used, shared and kept. Auditors inspect the published notice, its version history and how changes were communicated.",
  },
  {
    id: "P2.1",
    category: "P",
    series: "P2",
    cosoPrinciple: null,
    title: "Choice and consent",
    guidance:
      "Where people have choices about their personal information, they are told about them and their consent is obtained and recorded as required. Evidence includes consent screens, consent records, and how withdrawals of consent and opt-outs were handled.",
  },
  {
    id: "P3.1",
    category: "P",
    series: "P3",
    cosoPrinciple: null,
    title: "Collection limited to stated purposes",
    guidance:
      "Personal information is collected only for the purposes stated in the privacy notice and by fair and lawful means. Expect a data inventory that links each data element to a purpose, and reviews of collection forms and third-party data sources.",
  },
  {
    id: "P3.2",
    category: "P",
    series: "P3",
    cosoPrinciple: null,
    title: "Explicit consent before collection",
    guidance:
      "When explicit consent is required before collecting personal information, such as sensitive data, it is obtained and recorded, and people are told what happens if they refuse. Evidence includes explicit consent records and the procedures that require them.",
  },
  {
    id: "P4.1",
    category: "P",
    series: "P4",
    cosoPrinciple: null,
    title: "Use limited to stated purposes",
    guidance:
      "Personal information is used only for the purposes people were told about and agreed to. Auditors look for purpose limits written into policy, access restrictions, and reviews of new uses of personal data before they start.",
  },
  {
    id: "P4.2",
    category: "P",
    series: "P4",
    cosoPrinciple: null,
    title: "Retention of personal information",
    guidance:
      "Personal information is kept only as long as its stated purposes or the law require. Expect a retention schedule and evidence that it is enforced, such as automated deletion jobs or periodic purge records.",
  },
  {
    id: "P4.3",
    category: "P",
    series: "P4",
    cosoPrinciple: null,
    title: "Disposal of personal information",
    guidance:
      "Personal information that is no longer needed is disposed of securely so it cannot be recovered. Evidence includes disposal procedures, deletion logs and certificates of destruction.",
  },
  {
    id: "P5.1",
    category: "P",
    series: "P5",
    cosoPrinciple: null,
    title: "Access requests from data subjects",
    guidance:
      "People can ask to see the personal information held about them, and receive it once their identity is confirmed. Auditors sample access requests and check identity verification, response times and the completeness of what was provided.",
  },
  {
    id: "P5.2",
    category: "P",
    series: "P5",
    cosoPrinciple: null,
    title: "Correction of personal information",
    guidance:
      "People can ask to correct or update their personal information, and corrections are passed on to third parties that received the data where appropriate. Evidence includes a log of correction requests, the responses, and the reasons recorded when a request was refused.",
  },
  {
    id: "P6.1",
    category: "P",
    series: "P6",
    cosoPrinciple: null,
    title: "Disclosure to third parties with consent",
    guidance:
      "Personal information is shared with third parties only for purposes people were told about and agreed to. Expect a list of third parties that receive personal data, data processing agreements, and records that tie each disclosure to a stated purpose.",
  },
  {
    id: "P6.2",
    category: "P",
    series: "P6",
    cosoPrinciple: null,
    title: "Record of authorized disclosures",
    guidance:
      "A complete and accurate record is kept of the authorized disclosures of personal information. Auditors inspect the disclosure log and compare it with known data transfers.",
  },
  {
    id: "P6.3",
    category: "P",
    series: "P6",
    cosoPrinciple: null,
    title: "Record of unauthorized disclosures",
    guidance:
      "Unauthorized disclosures of personal information, including breaches, are recorded completely and accurately. Evidence includes an incident or breach register with dates, the data affected and the actions taken.",
  },
  {
    id: "P6.4",
    category: "P",
    series: "P6",
    cosoPrinciple: null,
    title: "Privacy commitments from vendors",
    guidance:
      "Vendors and other third parties that handle personal information commit to protecting it and are checked for compliance. Typical evidence is data processing agreements with privacy terms, vendor privacy assessments and periodic reviews.",
  },
  {
    id: "P6.5",
    category: "P",
    series: "P6",
    cosoPrinciple: null,
    title: "Vendor notice of unauthorized disclosures",
    guidance:
      "Vendors that handle personal information must tell the organization promptly about any unauthorized disclosure. Auditors look for breach notification clauses in vendor contracts and records of notifications received.",
  },
  {
    id: "P6.6",
    category: "P",
    series: "P6",
    cosoPrinciple: null,
    title: "Breach notification",
    guidance:
      "When personal information is breached, affected people, regulators and others are notified as laws and commitments require. Evidence includes a breach notification procedure with its deadlines and records of the notifications made.",
  },
  {
    id: "P6.7",
    category: "P",
    series: "P6",
    cosoPrinciple: null,
    title: "Accounting of data held and disclosed",
    guidance:
      "People can obtain an account of the personal information held about them and the parties it was disclosed to. Auditors check the procedure for producing this account and sample the responses given.",
  },
  {
    id: "P7.1",
    category: "P",
    series: "P7",
    cosoPrinciple: null,
    title: "Accuracy of personal information",
    guidance:
      "Personal information is kept accurate, complete and up to date for its intended use. Expect data quality checks, self-service profile updates and periodic validation of records.",
  },
  {
    id: "P8.1",
    category: "P",
    series: "P8",
    cosoPrinciple: null,
    title: "Privacy complaints and compliance monitoring",
    guidance:
      "People have a way to raise privacy questions, complaints and disputes, and each one is handled and resolved. The organization also monitors its compliance with privacy commitments. Evidence includes the complaint log with resolutions, privacy compliance reviews and the corrective actions taken.",
  },
];

export const CriterionSchema = z.strictObject({
  id: z.enum(CRITERION_IDS),
  category: z.enum(CATEGORY_CODES),
  series: z.enum(SERIES_IDS),
  cosoPrinciple: z.number().int().min(1).max(17).nullable(),
  title: z.string().trim().min(3).max(80),
  guidance: z.string().trim().min(80).max(700),
});

/** The whole list, with the rules that only make sense across entries. */
export const CriteriaCatalogSchema = z.array(CriterionSchema).superRefine((list, ctx) => {
  if (list.length !== CRITERION_IDS.length) {
    ctx.addIssue({
      code: "custom",
      message: `expected exactly ${CRITERION_IDS.length} criteria, found ${list.length}`,
    });
  }
  const seenIds = new Set<string>();
  const seenTitles = new Set<string>();
  const seenCoso = new Set<number>();
  list.forEach((c, index) => {
    const issue = (message: string) => ctx.addIssue({ code: "custom", path: [index], message });
    if (seenIds.has(c.id)) issue(`duplicate criterion ${c.id}`);
    seenIds.add(c.id);
    if (CRITERION_IDS[index] !== undefined && CRITERION_IDS[index] !== c.id) {
      issue(`criterion ${c.id} is out of order; expected ${CRITERION_IDS[index]} at position ${index + 1}`);
    }
    const series = seriesOfCriterionId(c.id);
    if (c.series !== series) issue(`${c.id} belongs to series ${series}, not ${c.series}`);
    const category = findSeries(series)?.category;
    if (c.category !== category) issue(`${c.id} belongs to category ${category}, not ${c.category}`);
    const wantsCoso = COSO_SERIES.includes(series);
    if (wantsCoso && c.cosoPrinciple === null) issue(`${c.id} needs its COSO principle`);
    if (!wantsCoso && c.cosoPrinciple !== null) issue(`${c.id} is not a COSO-aligned criterion`);
    if (c.cosoPrinciple !== null) {
      if (seenCoso.has(c.cosoPrinciple)) issue(`COSO principle ${c.cosoPrinciple} is mapped twice`);
      seenCoso.add(c.cosoPrinciple);
    }
    const titleKey = c.title.toLowerCase();
    if (seenTitles.has(titleKey)) issue(`duplicate title "${c.title}"`);
    seenTitles.add(titleKey);
  });
});

/** Parses catalog data, or fails with every problem listed; a broken catalog is a defect, not input. */
export const parseCriteriaCatalog = (data: unknown): readonly Criterion[] => {
  const result = CriteriaCatalogSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "catalog"}: ${i.message}`);
    throw new AppError("INTERNAL", `The criteria catalog is invalid: ${problems.join("; ")}`);
  }
  return Object.freeze(result.data.map((c) => Object.freeze(c)));
};

export const CRITERIA: readonly Criterion[] = parseCriteriaCatalog(CRITERIA_DATA);

const BY_ID: ReadonlyMap<string, Criterion> = new Map(CRITERIA.map((c) => [c.id, c]));

export const findCriterion = (id: string): Criterion | undefined => BY_ID.get(id);
