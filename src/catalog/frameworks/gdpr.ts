/**
 * General Data Protection Regulation: the articles a service organization's controls can speak to
 * (principles, lawful basis and consent, data subject rights, controller and processor duties,
 * security, breaches, impact assessments, the DPO and transfers), with our own short titles, mapped
 * to the criteria. The relationship reads "the article is <relationship> the criterion". The
 * Privacy series (P1–P8) carries most of the weight; CC6/CC7 carry security and breaches.
 */
import type {
  Framework,
  FrameworkMapping,
  FrameworkRequirement,
  Relationship,
} from "../../core/frameworks.js";

const PRINCIPLES = "Chapter II — Principles";
const RIGHTS = "Chapter III — Rights of the data subject";
const CONTROLLER = "Chapter IV — Controller and processor";
const BREACH = "Chapter IV — Security and breaches";
const DPIA_DPO = "Chapter IV — Impact assessment and DPO";
const TRANSFERS = "Chapter V — Transfers";

const req = (id: string, title: string, group: string): FrameworkRequirement => ({ id, title, group });

const requirements: FrameworkRequirement[] = [
  req("GDPR-Art5(1)(a)", "Lawful, fair and transparent processing", PRINCIPLES),
  req("GDPR-Art5(1)(b)", "Purpose limitation", PRINCIPLES),
  req("GDPR-Art5(1)(c)", "Data minimisation", PRINCIPLES),
  req("GDPR-Art5(1)(d)", "Accuracy of personal data", PRINCIPLES),
  req("GDPR-Art5(1)(e)", "Storage limitation", PRINCIPLES),
  req("GDPR-Art5(1)(f)", "Integrity and confidentiality", PRINCIPLES),
  req("GDPR-Art5(2)", "Accountability for the principles", PRINCIPLES),
  req("GDPR-Art6", "A lawful basis for each processing", PRINCIPLES),
  req("GDPR-Art7", "Valid, provable and withdrawable consent", PRINCIPLES),
  req("GDPR-Art8", "Parental consent for children online", PRINCIPLES),
  req("GDPR-Art9", "Special categories of personal data", PRINCIPLES),
  req("GDPR-Art12", "Clear communication and timely answers to requests", RIGHTS),
  req("GDPR-Art13", "Notice when data is collected from the person", RIGHTS),
  req("GDPR-Art14", "Notice when data comes from elsewhere", RIGHTS),
  req("GDPR-Art15", "Right of access", RIGHTS),
  req("GDPR-Art16", "Right to rectification", RIGHTS),
  req("GDPR-Art17", "Right to erasure", RIGHTS),
  req("GDPR-Art18", "Right to restrict processing", RIGHTS),
  req("GDPR-Art19", "Tell recipients of corrections and erasures", RIGHTS),
  req("GDPR-Art20", "Data portability", RIGHTS),
  req("GDPR-Art21", "Right to object", RIGHTS),
  req("GDPR-Art22", "Safeguards on automated decisions and profiling", RIGHTS),
  req("GDPR-Art24", "Controller's responsibility to show compliance", CONTROLLER),
  req("GDPR-Art25", "Data protection by design and by default", CONTROLLER),
  req("GDPR-Art28", "Processor contracts and oversight", CONTROLLER),
  req("GDPR-Art30", "Records of processing activities", CONTROLLER),
  req("GDPR-Art32(1)(a)", "Pseudonymisation and encryption", BREACH),
  req("GDPR-Art32(1)(b)", "Ongoing confidentiality, integrity, availability and resilience", BREACH),
  req("GDPR-Art32(1)(c)", "Restore access to data after an incident", BREACH),
  req("GDPR-Art32(1)(d)", "Regularly test and evaluate security measures", BREACH),
  req("GDPR-Art32(2)", "Security measures sized to the risk", BREACH),
  req("GDPR-Art32(4)", "People with access act only on instructions", BREACH),
  req("GDPR-Art33", "Notify the supervisory authority of a breach within 72 hours", BREACH),
  req("GDPR-Art34", "Tell data subjects of a high-risk breach", BREACH),
  req("GDPR-Art35", "Data protection impact assessment", DPIA_DPO),
  req("GDPR-Art37", "Designate a data protection officer where required", DPIA_DPO),
  req("GDPR-Art38", "Independence and resources of the DPO", DPIA_DPO),
  req("GDPR-Art39", "Tasks of the DPO", DPIA_DPO),
  req("GDPR-Art44", "Transfers outside the EEA only under Chapter V", TRANSFERS),
  req("GDPR-Art45", "Transfers to countries with an adequacy decision", TRANSFERS),
  req("GDPR-Art46", "Transfers under appropriate safeguards", TRANSFERS),
  req("GDPR-Art49", "Transfers on a specific derogation", TRANSFERS),
];

type Link = readonly [criterionId: string, relationship: Relationship, rationale: string];

const LINKS: Record<string, readonly Link[]> = {
  "GDPR-Art5(1)(a)": [
    [
      "P1.1",
      "intersects-with",
      "Transparency is delivered through the privacy notice the criterion requires.",
    ],
    ["P3.1", "intersects-with", "Fair collection overlaps collecting only what the stated objectives allow."],
  ],
  "GDPR-Art5(1)(b)": [
    ["P4.1", "equivalent-to", "Both confine the use of personal data to the purposes stated at collection."],
  ],
  "GDPR-Art5(1)(c)": [
    ["P3.1", "subset-of", "Minimisation is one aspect of collecting only what the privacy objectives need."],
  ],
  "GDPR-Art5(1)(d)": [
    ["P7.1", "equivalent-to", "Both require personal data to be kept accurate, complete and up to date."],
  ],
  "GDPR-Art5(1)(e)": [
    [
      "P4.2",
      "intersects-with",
      "Keeping data no longer than needed is a retention objective of the criterion.",
    ],
    [
      "P4.3",
      "intersects-with",
      "Storage limitation is met in practice by disposing of data securely when due.",
    ],
  ],
  "GDPR-Art5(1)(f)": [
    ["CC6.1", "intersects-with", "Logical access protections keep personal data confidential."],
    [
      "CC6.7",
      "intersects-with",
      "Protecting data in transit and removal preserves its integrity and confidentiality.",
    ],
    ["C1.1", "intersects-with", "Personal data is confidential information to identify and protect."],
  ],
  "GDPR-Art5(2)": [
    [
      "P8.1",
      "intersects-with",
      "Monitoring compliance with privacy commitments is how accountability is shown.",
    ],
    [
      "CC4.1",
      "intersects-with",
      "Evaluations of controls produce the evidence the controller must be able to show.",
    ],
  ],
  "GDPR-Art6": [
    ["P3.1", "intersects-with", "Collection tied to defined objectives supports identifying a lawful basis."],
    ["P2.1", "intersects-with", "Consent, one lawful basis, is obtained and recorded under this criterion."],
  ],
  "GDPR-Art7": [
    ["P2.1", "intersects-with", "Communicating choices and obtaining consent is the core of valid consent."],
    [
      "P3.2",
      "intersects-with",
      "Explicit consent before collection covers the consent that must be provable.",
    ],
  ],
  "GDPR-Art8": [
    ["P3.2", "subset-of", "Parental consent is a specific case of consent required before collection."],
  ],
  "GDPR-Art9": [
    [
      "P3.2",
      "intersects-with",
      "Special-category data usually needs explicit consent, which the criterion covers.",
    ],
    ["C1.1", "intersects-with", "Sensitive data must be identified and given stronger protection."],
  ],
  "GDPR-Art12": [
    [
      "P8.1",
      "intersects-with",
      "Handling enquiries and requests on time is part of the criterion's complaint process.",
    ],
    [
      "P1.1",
      "intersects-with",
      "Clear, plain-language communication applies to the notice the criterion requires.",
    ],
  ],
  "GDPR-Art13": [
    [
      "P1.1",
      "intersects-with",
      "Both call for notice at collection; the article also fixes contents such as the lawful basis.",
    ],
  ],
  "GDPR-Art14": [
    [
      "P1.1",
      "subset-of",
      "Notice for indirectly obtained data is one case of the criterion's privacy notice.",
    ],
    ["P3.1", "intersects-with", "Data from third parties must still fit the entity's collection objectives."],
  ],
  "GDPR-Art15": [
    [
      "P5.1",
      "intersects-with",
      "Both give the person access to their data; the article adds purposes and retention.",
    ],
    ["P6.7", "intersects-with", "Access includes an account of the recipients to whom data was disclosed."],
  ],
  "GDPR-Art16": [
    [
      "P5.2",
      "subset-of",
      "Rectification is the correcting part of the criterion, which also informs third parties.",
    ],
  ],
  "GDPR-Art17": [
    ["P4.3", "intersects-with", "Erasure on request relies on the secure disposal process of the criterion."],
    ["P5.2", "intersects-with", "Erasure requests are handled alongside correction requests."],
  ],
  "GDPR-Art18": [
    [
      "P4.1",
      "intersects-with",
      "Restriction limits use of data, which the use-limitation controls must enforce.",
    ],
  ],
  "GDPR-Art19": [
    ["P5.2", "intersects-with", "The criterion requires informing third parties of corrections made."],
    ["P6.2", "intersects-with", "A record of disclosures identifies the recipients to inform."],
  ],
  "GDPR-Art20": [
    [
      "P5.1",
      "intersects-with",
      "Portability overlaps access: the person gets their data, here in a form they can move.",
    ],
  ],
  "GDPR-Art21": [
    ["P2.1", "intersects-with", "Objection is a choice the entity must communicate and honour."],
    ["P4.1", "intersects-with", "Processing must stop for the purposes objected to."],
  ],
  "GDPR-Art22": [
    ["P2.1", "intersects-with", "Choices about automated decisions must be communicated and respected."],
    [
      "PI1.1",
      "intersects-with",
      "Defined processing specifications make the logic of automated decisions explainable.",
    ],
  ],
  "GDPR-Art24": [
    [
      "CC5.3",
      "intersects-with",
      "Policies and procedures are the measures through which the controller complies.",
    ],
    ["CC1.3", "intersects-with", "Assigned responsibility and authority make compliance someone's job."],
    ["P8.1", "intersects-with", "Monitoring privacy compliance supports demonstrating it."],
  ],
  "GDPR-Art25": [
    ["CC8.1", "intersects-with", "Privacy requirements are built into the design and approval of changes."],
    ["P3.1", "intersects-with", "Default settings collect only what the stated purposes need."],
  ],
  "GDPR-Art28": [
    [
      "P6.4",
      "intersects-with",
      "Both require binding privacy commitments from vendors; the article also sets the processor's own duties.",
    ],
    [
      "CC9.2",
      "intersects-with",
      "Vendor risk assessment covers choosing processors with sufficient guarantees.",
    ],
    [
      "P6.5",
      "intersects-with",
      "Processors must tell the controller of breaches, as the criterion expects of vendors.",
    ],
  ],
  "GDPR-Art30": [
    ["P6.2", "intersects-with", "A record of disclosures is part of the record of processing."],
    ["C1.1", "intersects-with", "An inventory of confidential data underpins the record of processing."],
  ],
  "GDPR-Art32(1)(a)": [
    ["CC6.1", "intersects-with", "Encryption at rest is one of the logical protections of the criterion."],
    ["CC6.7", "intersects-with", "Encryption of data in transmission is required by the criterion."],
  ],
  "GDPR-Art32(1)(b)": [
    ["CC6.1", "intersects-with", "Logical access security protects confidentiality and integrity."],
    ["CC7.2", "intersects-with", "Monitoring for anomalies keeps systems secure on an ongoing basis."],
    ["A1.1", "intersects-with", "Capacity management sustains availability and resilience."],
  ],
  "GDPR-Art32(1)(c)": [
    ["A1.2", "intersects-with", "Backups and recovery infrastructure make timely restoration possible."],
    ["CC7.5", "intersects-with", "Recovery from incidents restores access to personal data."],
  ],
  "GDPR-Art32(1)(d)": [
    ["CC4.1", "subset-of", "Testing security measures is a focused case of evaluating the controls."],
    ["A1.3", "intersects-with", "Testing recovery procedures is one of the tests the article expects."],
  ],
  "GDPR-Art32(2)": [
    ["CC3.2", "intersects-with", "Risk analysis sets how strong the security measures must be."],
    ["CC5.1", "intersects-with", "Control activities are chosen to bring risk to an acceptable level."],
  ],
  "GDPR-Art32(4)": [
    ["CC6.3", "intersects-with", "Role-based access limits people to what their instructions need."],
    ["CC1.5", "intersects-with", "Holding people accountable enforces acting only on instructions."],
  ],
  "GDPR-Art33": [
    [
      "P6.6",
      "intersects-with",
      "The criterion covers notifying regulators of breaches; the article fixes 72 hours.",
    ],
    ["CC7.4", "intersects-with", "The incident response programme includes regulatory notification steps."],
    [
      "P6.3",
      "intersects-with",
      "The article requires documenting every breach, as the criterion records them.",
    ],
  ],
  "GDPR-Art34": [
    ["P6.6", "intersects-with", "Notifying affected data subjects of breaches is within the criterion."],
  ],
  "GDPR-Art35": [
    ["CC3.2", "intersects-with", "A DPIA is a risk assessment focused on data subjects."],
    ["CC3.4", "intersects-with", "New high-risk processing is a significant change to be assessed."],
  ],
  "GDPR-Art37": [
    ["CC1.3", "subset-of", "Designating a DPO is one assignment of responsibility and authority."],
  ],
  "GDPR-Art38": [
    ["CC1.3", "intersects-with", "The DPO's reporting line and independence are part of the structure."],
    ["CC1.2", "intersects-with", "Reporting to the highest management level connects to board oversight."],
  ],
  "GDPR-Art39": [
    ["P8.1", "intersects-with", "Monitoring compliance and handling enquiries are the DPO's core tasks."],
    [
      "CC2.2",
      "intersects-with",
      "Informing and training staff on data protection is internal communication.",
    ],
  ],
  "GDPR-Art44": [
    ["P6.1", "intersects-with", "Transfers abroad are disclosures that must meet stated conditions."],
    ["CC6.7", "intersects-with", "Restricting the movement of data enforces transfer rules."],
  ],
  "GDPR-Art45": [
    [
      "P6.1",
      "intersects-with",
      "Disclosure to a recipient in an adequate country is an authorised disclosure.",
    ],
  ],
  "GDPR-Art46": [
    ["P6.4", "intersects-with", "Contractual clauses with recipients are privacy commitments from vendors."],
    ["P6.1", "intersects-with", "Safeguarded transfers are disclosures made under defined conditions."],
  ],
  "GDPR-Art49": [
    ["P6.1", "intersects-with", "Derogations such as explicit consent mirror disclosure with consent."],
    ["P6.2", "intersects-with", "Transfers on a derogation should be recorded as disclosures."],
  ],
};

const mappings: FrameworkMapping[] = Object.entries(LINKS).flatMap(([requirementId, links]) =>
  links.map(([criterionId, relationship, rationale]) => ({
    requirementId,
    criterionId,
    relationship,
    rationale,
  })),
);

export const GDPR: Framework = {
  id: "gdpr",
  name: "General Data Protection Regulation",
  version: "2016/679",
  source: "Regulation (EU) 2016/679, by article",
  jurisdiction: "EU/EEA",
  requirements,
  mappings,
};
