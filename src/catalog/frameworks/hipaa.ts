/**
 * HIPAA Security Rule (45 CFR 164.308–164.316): each standard and implementation specification,
 * with our own short titles ("(R)" required, "(A)" addressable), mapped to the criteria. The
 * relationship reads "the provision is <relationship> the criterion". ePHI is confidential
 * information, so C1 joins CC6–CC9 and A1 where the rule asks for protection of health data.
 */
import type {
  Framework,
  FrameworkMapping,
  FrameworkRequirement,
  Relationship,
} from "../../core/frameworks.js";

const ADMIN = "164.308 — Administrative safeguards";
const PHYSICAL = "164.310 — Physical safeguards";
const TECHNICAL = "164.312 — Technical safeguards";
const ORGANIZATIONAL = "164.314 — Organizational requirements";
const DOCUMENTATION = "164.316 — Policies and documentation";

type Row = readonly [id: string, title: string, links: readonly Link[]];
type Link = readonly [criterionId: string, relationship: Relationship, rationale: string];

const ADMIN_ROWS: readonly Row[] = [
  [
    "164.308(a)(1)(i)",
    "Security management process",
    [
      [
        "CC3.2",
        "intersects-with",
        "A security management process starts from identifying and analysing risks.",
      ],
      ["CC5.1", "intersects-with", "Controls are chosen to reduce the risks found to an acceptable level."],
    ],
  ],
  [
    "164.308(a)(1)(ii)(A)",
    "Risk analysis (R)",
    [
      ["CC3.2", "subset-of", "A risk analysis of ePHI is a scoped case of the entity-wide risk analysis."],
      ["CC3.1", "intersects-with", "Risks are assessed against clearly stated security objectives."],
    ],
  ],
  [
    "164.308(a)(1)(ii)(B)",
    "Risk management (R)",
    [
      [
        "CC5.1",
        "intersects-with",
        "Measures selected to bring risk to a reasonable level are control activities.",
      ],
      ["CC3.2", "intersects-with", "The criterion includes deciding how identified risks are responded to."],
    ],
  ],
  [
    "164.308(a)(1)(ii)(C)",
    "Sanction policy (R)",
    [
      [
        "CC1.5",
        "intersects-with",
        "Sanctions for policy breaches hold people accountable for control duties.",
      ],
      ["CC1.1", "intersects-with", "Enforcing standards of conduct includes sanctions for violations."],
    ],
  ],
  [
    "164.308(a)(1)(ii)(D)",
    "Information system activity review (R)",
    [
      [
        "CC7.2",
        "intersects-with",
        "Reviewing logs and access reports is monitoring components for anomalies.",
      ],
      ["CC4.1", "intersects-with", "Regular reviews of activity are ongoing evaluations of controls."],
    ],
  ],
  [
    "164.308(a)(2)",
    "Assigned security responsibility",
    [["CC1.3", "subset-of", "Naming a security official is one assignment of responsibility and authority."]],
  ],
  [
    "164.308(a)(3)(i)",
    "Workforce security",
    [
      ["CC6.2", "intersects-with", "Only authorised workforce members are registered and given credentials."],
      ["CC6.3", "intersects-with", "Access fits each person's role, keeping others away from ePHI."],
    ],
  ],
  [
    "164.308(a)(3)(ii)(A)",
    "Authorization and supervision (A)",
    [
      ["CC6.3", "intersects-with", "Access is granted by role and approval before use."],
      ["CC1.3", "intersects-with", "Supervision follows the defined reporting lines."],
    ],
  ],
  [
    "164.308(a)(3)(ii)(B)",
    "Workforce clearance procedure (A)",
    [
      [
        "CC1.4",
        "intersects-with",
        "Screening before hire is part of attracting and retaining competent, trustworthy people.",
      ],
      ["CC6.2", "intersects-with", "Access is issued only after the person is cleared and registered."],
    ],
  ],
  [
    "164.308(a)(3)(ii)(C)",
    "Termination procedures (A)",
    [
      ["CC6.2", "intersects-with", "The criterion requires removing access when it is no longer authorised."],
      ["CC6.3", "intersects-with", "Access changes and removals follow role changes and exits."],
    ],
  ],
  [
    "164.308(a)(4)(i)",
    "Information access management",
    [
      ["CC6.1", "intersects-with", "Logical access architecture restricts who can reach ePHI."],
      ["CC6.3", "intersects-with", "Access to ePHI is granted by role under least privilege."],
    ],
  ],
  [
    "164.308(a)(4)(ii)(A)",
    "Isolate clearinghouse functions (R)",
    [
      [
        "CC6.1",
        "intersects-with",
        "Segmenting systems keeps clearinghouse data apart from the wider organization.",
      ],
    ],
  ],
  [
    "164.308(a)(4)(ii)(B)",
    "Access authorization (A)",
    [
      ["CC6.2", "intersects-with", "Access is authorised before credentials are issued."],
      ["CC6.3", "intersects-with", "Authorisation is based on role and least privilege."],
    ],
  ],
  [
    "164.308(a)(4)(ii)(C)",
    "Access establishment and modification (A)",
    [["CC6.3", "equivalent-to", "Both cover granting, reviewing and changing access rights by role."]],
  ],
  [
    "164.308(a)(5)(i)",
    "Security awareness and training",
    [
      ["CC2.2", "intersects-with", "Training communicates security responsibilities to the workforce."],
      ["CC1.4", "intersects-with", "Training develops the competence people need for their control duties."],
    ],
  ],
  [
    "164.308(a)(5)(ii)(A)",
    "Security reminders (A)",
    [["CC2.2", "subset-of", "Periodic reminders are one form of internal communication on security."]],
  ],
  [
    "164.308(a)(5)(ii)(B)",
    "Protection from malicious software (A)",
    [["CC6.8", "equivalent-to", "Both require preventing and detecting malicious software."]],
  ],
  [
    "164.308(a)(5)(ii)(C)",
    "Log-in monitoring (A)",
    [["CC7.2", "subset-of", "Watching log-in attempts is one kind of anomaly monitoring."]],
  ],
  [
    "164.308(a)(5)(ii)(D)",
    "Password management (A)",
    [["CC6.1", "intersects-with", "Authentication mechanisms and password rules protect logical access."]],
  ],
  [
    "164.308(a)(6)(i)",
    "Security incident procedures",
    [
      ["CC7.3", "intersects-with", "Procedures decide which security events are incidents."],
      ["CC7.4", "intersects-with", "A defined response programme handles incidents."],
    ],
  ],
  [
    "164.308(a)(6)(ii)",
    "Response and reporting (R)",
    [
      [
        "CC7.4",
        "intersects-with",
        "Responding to, mitigating and documenting incidents is the response programme.",
      ],
      ["CC7.5", "intersects-with", "Mitigating harmful effects includes recovering from the incident."],
    ],
  ],
  [
    "164.308(a)(7)(i)",
    "Contingency plan",
    [
      ["CC9.1", "intersects-with", "A contingency plan mitigates the risk of business disruption."],
      ["A1.2", "intersects-with", "Recovery infrastructure and backups underpin the plan."],
    ],
  ],
  [
    "164.308(a)(7)(ii)(A)",
    "Data backup plan (R)",
    [["A1.2", "intersects-with", "Retrievable exact copies of ePHI are the backups the criterion requires."]],
  ],
  [
    "164.308(a)(7)(ii)(B)",
    "Disaster recovery plan (R)",
    [
      ["A1.2", "intersects-with", "Recovery infrastructure supports restoring lost data."],
      ["CC9.1", "intersects-with", "Recovery planning is part of mitigating disruption risk."],
    ],
  ],
  [
    "164.308(a)(7)(ii)(C)",
    "Emergency mode operation plan (R)",
    [
      [
        "CC9.1",
        "intersects-with",
        "Keeping critical processes running securely during an emergency mitigates disruption.",
      ],
    ],
  ],
  [
    "164.308(a)(7)(ii)(D)",
    "Testing and revision procedures (A)",
    [["A1.3", "equivalent-to", "Both require testing recovery plans and revising them."]],
  ],
  [
    "164.308(a)(7)(ii)(E)",
    "Applications and data criticality analysis (A)",
    [
      ["CC9.1", "intersects-with", "Ranking systems by criticality shapes disruption mitigation."],
      ["CC3.2", "intersects-with", "Criticality is an input to the risk analysis."],
    ],
  ],
  [
    "164.308(a)(8)",
    "Periodic technical and nontechnical evaluation",
    [
      ["CC4.1", "subset-of", "A periodic security evaluation is a focused case of evaluating the controls."],
      [
        "CC3.4",
        "intersects-with",
        "Evaluations are repeated when operational or environmental changes occur.",
      ],
    ],
  ],
  [
    "164.308(b)(1)",
    "Business associate contracts",
    [
      ["CC9.2", "intersects-with", "Assurances from business associates are part of vendor risk management."],
      [
        "P6.4",
        "intersects-with",
        "Commitments on protecting health data are privacy commitments from vendors.",
      ],
    ],
  ],
  [
    "164.308(b)(3)",
    "Written contract or other arrangement (R)",
    [["CC9.2", "intersects-with", "A written agreement documents the vendor's security obligations."]],
  ],
];

const PHYSICAL_ROWS: readonly Row[] = [
  [
    "164.310(a)(1)",
    "Facility access controls",
    [["CC6.4", "equivalent-to", "Both limit physical access to facilities housing information systems."]],
  ],
  [
    "164.310(a)(2)(i)",
    "Contingency operations (A)",
    [
      [
        "CC6.4",
        "intersects-with",
        "Facility access must be managed during restoration under the contingency plan.",
      ],
      ["CC9.1", "intersects-with", "Physical access in an emergency is part of disruption planning."],
    ],
  ],
  [
    "164.310(a)(2)(ii)",
    "Facility security plan (A)",
    [
      [
        "CC6.4",
        "intersects-with",
        "A facility plan documents physical safeguards against unauthorised entry.",
      ],
      [
        "A1.2",
        "intersects-with",
        "Protecting equipment from tampering and theft supports environmental protection.",
      ],
    ],
  ],
  [
    "164.310(a)(2)(iii)",
    "Access control and validation procedures (A)",
    [["CC6.4", "intersects-with", "Validating a person's access by role is restricting physical access."]],
  ],
  [
    "164.310(a)(2)(iv)",
    "Maintenance records (A)",
    [
      ["CC6.4", "intersects-with", "Records of repairs to doors, locks and walls support physical security."],
      [
        "CC8.1",
        "intersects-with",
        "Changes to physical security components are documented like other changes.",
      ],
    ],
  ],
  [
    "164.310(b)",
    "Workstation use",
    [
      ["CC5.3", "intersects-with", "Workstation use is set through policies and procedures."],
      ["CC6.1", "intersects-with", "Rules for workstations that reach ePHI are part of logical protection."],
    ],
  ],
  [
    "164.310(c)",
    "Workstation security",
    [
      ["CC6.4", "intersects-with", "Physically securing workstations restricts access to protected assets."],
      ["CC6.8", "intersects-with", "Endpoint safeguards keep workstations free of unauthorised software."],
    ],
  ],
  [
    "164.310(d)(1)",
    "Device and media controls",
    [
      ["CC6.5", "intersects-with", "Media leaving service must first be made unrecoverable."],
      ["CC6.7", "intersects-with", "Movement and removal of media with ePHI is restricted."],
    ],
  ],
  [
    "164.310(d)(2)(i)",
    "Disposal (R)",
    [
      ["CC6.5", "equivalent-to", "Both require disposing of media so that data cannot be recovered."],
      ["C1.2", "intersects-with", "Disposing of confidential data when due includes ePHI on media."],
    ],
  ],
  [
    "164.310(d)(2)(ii)",
    "Media re-use (R)",
    [
      [
        "CC6.5",
        "intersects-with",
        "Removing ePHI before re-use is the same wiping step as before retirement.",
      ],
    ],
  ],
  [
    "164.310(d)(2)(iii)",
    "Accountability for hardware and media (A)",
    [
      ["CC6.1", "intersects-with", "An inventory of assets is part of the logical access architecture."],
      ["CC6.7", "intersects-with", "Recording movements of hardware and media restricts their removal."],
    ],
  ],
  [
    "164.310(d)(2)(iv)",
    "Data backup and storage before moves (A)",
    [["A1.2", "intersects-with", "An exact retrievable copy before moving equipment is a backup."]],
  ],
];

const TECHNICAL_ROWS: readonly Row[] = [
  [
    "164.312(a)(1)",
    "Access control",
    [
      [
        "CC6.1",
        "subset-of",
        "Technical access control over ePHI is one application of logical access security.",
      ],
      ["CC6.3", "intersects-with", "Access is granted only as each role needs."],
    ],
  ],
  [
    "164.312(a)(2)(i)",
    "Unique user identification (R)",
    [
      ["CC6.1", "intersects-with", "Unique identifiers are the basis of authentication and accountability."],
      ["CC6.2", "intersects-with", "Each user is registered individually before credentials are issued."],
    ],
  ],
  [
    "164.312(a)(2)(ii)",
    "Emergency access procedure (R)",
    [
      ["CC6.1", "intersects-with", "Controlled break-glass access is part of the access architecture."],
      ["CC9.1", "intersects-with", "Reaching ePHI during an emergency is planning for disruption."],
    ],
  ],
  [
    "164.312(a)(2)(iii)",
    "Automatic logoff (A)",
    [["CC6.1", "subset-of", "Session time-outs are one logical access safeguard."]],
  ],
  [
    "164.312(a)(2)(iv)",
    "Encryption and decryption (A)",
    [
      ["CC6.1", "intersects-with", "Encryption of stored data is a logical protection of the criterion."],
      ["C1.1", "intersects-with", "Encrypting ePHI protects confidential information."],
    ],
  ],
  [
    "164.312(b)",
    "Audit controls",
    [
      [
        "CC7.2",
        "intersects-with",
        "Recording and examining activity is the monitoring the criterion requires.",
      ],
      ["CC7.1", "intersects-with", "Detecting configuration changes relies on recorded system activity."],
    ],
  ],
  [
    "164.312(c)(1)",
    "Integrity",
    [
      [
        "PI1.5",
        "intersects-with",
        "Protecting stored data from improper change keeps it complete and accurate.",
      ],
      ["CC6.1", "intersects-with", "Access restrictions prevent improper alteration or destruction."],
    ],
  ],
  [
    "164.312(c)(2)",
    "Mechanism to authenticate ePHI (A)",
    [
      ["PI1.5", "intersects-with", "Checksums or signatures confirm stored data has not been altered."],
      ["CC7.1", "intersects-with", "Integrity monitoring detects unauthorised changes."],
    ],
  ],
  [
    "164.312(d)",
    "Person or entity authentication",
    [["CC6.1", "intersects-with", "Verifying identity before access is authentication under the criterion."]],
  ],
  [
    "164.312(e)(1)",
    "Transmission security",
    [["CC6.7", "subset-of", "Network transmission is one of the movements of data the criterion protects."]],
  ],
  [
    "164.312(e)(2)(i)",
    "Integrity controls in transit (A)",
    [["CC6.7", "intersects-with", "Protection of transmitted data includes detecting its modification."]],
  ],
  [
    "164.312(e)(2)(ii)",
    "Encryption in transit (A)",
    [["CC6.7", "subset-of", "Encrypting transmissions is one way the criterion protects data in transit."]],
  ],
];

const ORGANIZATIONAL_ROWS: readonly Row[] = [
  [
    "164.314(a)(1)",
    "Business associate contracts or other arrangements",
    [
      ["CC9.2", "intersects-with", "The contract terms are part of managing vendor risk."],
      ["P6.4", "intersects-with", "Vendors commit to protecting health data as the criterion requires."],
    ],
  ],
  [
    "164.314(a)(2)(i)",
    "Business associate contract terms",
    [
      [
        "P6.5",
        "intersects-with",
        "Business associates must report security incidents and breaches to the entity.",
      ],
      [
        "CC9.2",
        "intersects-with",
        "Requiring subcontractors to agree to the same terms extends vendor oversight.",
      ],
    ],
  ],
  [
    "164.314(b)(1)",
    "Requirements for group health plans",
    [
      [
        "CC2.3",
        "intersects-with",
        "Plan documents set out security obligations of the sponsor, an external party.",
      ],
      ["P6.4", "intersects-with", "The plan sponsor commits to safeguarding ePHI it receives."],
    ],
  ],
];

const DOCUMENTATION_ROWS: readonly Row[] = [
  [
    "164.316(a)",
    "Policies and procedures",
    [["CC5.3", "equivalent-to", "Both require deploying controls through written policies and procedures."]],
  ],
  [
    "164.316(b)(1)",
    "Documentation",
    [
      ["CC5.3", "intersects-with", "Policies, procedures and required actions are kept in written form."],
      [
        "CC2.1",
        "intersects-with",
        "Documented assessments and activities are quality information for control.",
      ],
    ],
  ],
  [
    "164.316(b)(2)(i)",
    "Retain documentation for six years (R)",
    [
      [
        "CC2.1",
        "intersects-with",
        "Keeping documentation available over time preserves the information used.",
      ],
    ],
  ],
  [
    "164.316(b)(2)(ii)",
    "Make documentation available (R)",
    [["CC2.2", "intersects-with", "Documentation reaches those responsible for implementing procedures."]],
  ],
  [
    "164.316(b)(2)(iii)",
    "Review and update documentation (R)",
    [
      ["CC5.3", "intersects-with", "Policies are reviewed periodically and after changes."],
      ["CC3.4", "intersects-with", "Changes affecting security prompt an update of procedures."],
    ],
  ],
];

const GROUPS: readonly (readonly [string, readonly Row[]])[] = [
  [ADMIN, ADMIN_ROWS],
  [PHYSICAL, PHYSICAL_ROWS],
  [TECHNICAL, TECHNICAL_ROWS],
  [ORGANIZATIONAL, ORGANIZATIONAL_ROWS],
  [DOCUMENTATION, DOCUMENTATION_ROWS],
];

const requirements: FrameworkRequirement[] = GROUPS.flatMap(([group, rows]) =>
  rows.map(([id, title]) => ({ id, title, group })),
);

const mappings: FrameworkMapping[] = GROUPS.flatMap(([, rows]) =>
  rows.flatMap(([requirementId, , links]) =>
    links.map(([criterionId, relationship, rationale]) => ({
      requirementId,
      criterionId,
      relationship,
      rationale,
    })),
  ),
);

export const HIPAA: Framework = {
  id: "hipaa-security",
  name: "HIPAA Security Rule",
  version: "45 CFR Part 164 Subpart C",
  source: "45 CFR 164.308–164.316, by standard and implementation specification",
  jurisdiction: "US healthcare",
  requirements,
  mappings,
};
