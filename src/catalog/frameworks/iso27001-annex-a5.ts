/**
 * ISO/IEC 27001:2022 Annex A, theme 5 (organizational controls, A.5.1–A.5.37), with our own short
 * titles and links to the criteria.
 */
import { type IsoPart, isoPart } from "./iso27001-build.js";

export const ISO27001_ANNEX_A5: IsoPart = isoPart("Annex A.5 — Organizational controls", [
  [
    "A.5.1",
    "Approved security policy set",
    [
      [
        "CC5.3",
        "Approved, periodically reviewed policies are the means by which control activities are put in place.",
      ],
      ["CC2.2", "Policies must reach and be acknowledged by the staff they apply to."],
    ],
  ],
  [
    "A.5.2",
    "Defined security duties",
    [
      [
        "CC1.3",
        "Assigning security responsibilities to named roles is part of setting structure and authority.",
      ],
      ["CC1.5", "Defined roles make it possible to hold people accountable for their security duties."],
    ],
  ],
  [
    "A.5.3",
    "Separating conflicting duties",
    [
      ["CC5.1", "Segregation of incompatible duties is a consideration when selecting control activities."],
      [
        "CC6.3",
        "Access is granted so that no one person holds conflicting rights, as the criterion requires.",
      ],
    ],
  ],
  [
    "A.5.4",
    "Management enforces security duties",
    [
      [
        "CC1.1",
        "Managers requiring staff to follow security rules is leadership reinforcing expected conduct.",
      ],
      ["CC1.5", "Management holds staff and contractors to their security responsibilities."],
    ],
  ],
  [
    "A.5.5",
    "Liaison with regulators and authorities",
    [
      [
        "CC2.3",
        "Standing contacts with authorities are a channel for external communication on control matters.",
      ],
      [
        "CC7.4",
        "Knowing whom to call at regulators and law enforcement speeds the communication step of incident response.",
      ],
      [
        "P6.6",
        "Established regulator contacts are the route for breach notices where privacy law requires them.",
      ],
    ],
  ],
  [
    "A.5.6",
    "Links with security communities",
    [
      [
        "CC2.1",
        "Professional forums and interest groups are external sources of relevant security information.",
      ],
      ["CC7.1", "Community advisories are an early way to learn of newly discovered vulnerabilities."],
    ],
  ],
  [
    "A.5.7",
    "Threat information gathering",
    [
      ["CC3.2", "Collected threat information feeds the identification and analysis of risks."],
      [
        "CC2.1",
        "Threat intelligence is external information gathered and turned into something usable for decisions.",
      ],
      ["CC7.2", "Indicators from threat intelligence tune what monitoring looks for."],
    ],
  ],
  [
    "A.5.8",
    "Security in project delivery",
    [
      [
        "CC8.1",
        "Security requirements built into projects shape how system changes are designed and approved.",
      ],
      ["CC3.4", "New projects change the system, and the control has their security impact assessed."],
    ],
  ],
  [
    "A.5.9",
    "Asset and information inventory",
    [
      [
        "CC6.1",
        "An inventory of information assets is the starting point for protecting them with access controls.",
      ],
      [
        "CC2.1",
        "A maintained register of assets and their owners is information the entity relies on to run controls.",
      ],
      ["CC3.2", "Knowing which assets exist and who owns them lets risks to each be identified."],
    ],
  ],
  [
    "A.5.10",
    "Rules for using assets",
    [
      ["CC2.2", "Acceptable-use rules tell staff how they are expected to handle information and equipment."],
      ["CC1.1", "Acceptable use is a written standard of conduct that staff are held to."],
    ],
  ],
  [
    "A.5.11",
    "Asset return at exit",
    [
      ["CC6.4", "Collecting badges, keys and devices from leavers ends their physical means of access."],
      ["CC6.7", "Recovering laptops and media at exit stops information leaving with the person."],
    ],
  ],
  [
    "A.5.12",
    "Sensitivity classification scheme",
    [
      ["C1.1", "Classifying information by sensitivity is how confidential information gets identified."],
      ["CC2.1", "A classification scheme gives information the labels that decide how it is handled."],
    ],
  ],
  [
    "A.5.13",
    "Marking classified information",
    [["C1.1", "Labels make confidential information recognisable so it can be protected.", "subset-of"]],
  ],
  [
    "A.5.14",
    "Secure information exchange",
    [
      [
        "CC6.7",
        "Rules and agreements for transfers by any means restrict and protect information in movement.",
      ],
    ],
  ],
  [
    "A.5.15",
    "Who may access what",
    [
      [
        "CC6.1",
        "Business-driven access rules define how logical access to information and systems is restricted.",
      ],
      ["CC6.3", "Need-to-know and least-privilege principles in the rules govern role-based access."],
    ],
  ],
  [
    "A.5.16",
    "Managing user identities",
    [
      ["CC6.2", "Identities are registered before use and disabled when no longer needed."],
      ["CC6.1", "Unique identities let the system identify and authenticate each user."],
    ],
  ],
  [
    "A.5.17",
    "Managing authentication secrets",
    [
      [
        "CC6.1",
        "Controlled issue and handling of passwords and keys protects the credentials logical access depends on.",
      ],
      ["CC6.2", "Credentials are issued only through a managed process tied to an authorized identity."],
    ],
  ],
  [
    "A.5.18",
    "Granting and reviewing access",
    [
      ["CC6.2", "Access is provisioned on authorization and withdrawn on leaving or change of role."],
      ["CC6.3", "Rights follow role and policy and are reviewed periodically, including privileged ones."],
    ],
  ],
  [
    "A.5.19",
    "Supplier security risk",
    [
      ["CC9.2", "Managing security risks from suppliers' access and services is vendor risk management."],
      ["CC3.2", "Supplier-related risks are considered as part of the overall risk identification."],
    ],
  ],
  [
    "A.5.20",
    "Security terms in supplier contracts",
    [
      ["CC9.2", "Contractual security requirements are how vendor commitments are set and later enforced."],
      ["P6.4", "Supplier agreements are where privacy commitments from processors are obtained."],
      [
        "P6.5",
        "Contracts typically oblige suppliers to report incidents, including unauthorised disclosures.",
      ],
    ],
  ],
  [
    "A.5.21",
    "ICT supply chain security",
    [
      [
        "CC9.2",
        "Extending security expectations down the technology supply chain is one part of vendor risk.",
        "subset-of",
      ],
    ],
  ],
  [
    "A.5.22",
    "Monitoring supplier service delivery",
    [
      [
        "CC9.2",
        "Regularly reviewing suppliers' security performance is the monitoring step of vendor management.",
      ],
      ["CC3.4", "Changes in supplier services are evaluated for their effect on security."],
    ],
  ],
  [
    "A.5.23",
    "Cloud service security",
    [
      ["CC9.2", "Cloud providers are vendors whose acquisition, use and exit are managed for security."],
      [
        "CC6.1",
        "The shared-responsibility split decides which access safeguards the entity must run itself.",
      ],
    ],
  ],
  [
    "A.5.24",
    "Incident response preparation",
    [
      ["CC7.4", "Defined roles, procedures and communication plans form the incident response programme."],
      ["CC7.3", "Preparation includes the procedures for assessing reported events."],
    ],
  ],
  [
    "A.5.25",
    "Triaging security events",
    [
      [
        "CC7.3",
        "Both require assessing events and deciding whether each is a security incident.",
        "equivalent-to",
      ],
    ],
  ],
  [
    "A.5.26",
    "Handling security incidents",
    [
      [
        "CC7.4",
        "Containing, escalating and communicating per documented procedures is responding to incidents.",
      ],
      ["CC7.5", "Returning affected services to a secure state is part of the response the control expects."],
      ["P6.3", "Recording how each incident was handled yields the log of breaches the criterion expects."],
    ],
  ],
  [
    "A.5.27",
    "Lessons from incidents",
    [
      ["CC7.5", "Knowledge gained from incidents improves controls and recovery procedures."],
      ["CC7.4", "Reviewing past incidents tests how well the response programme performed."],
    ],
  ],
  [
    "A.5.28",
    "Preserving incident evidence",
    [
      [
        "CC7.4",
        "Identifying and preserving evidence is one activity of a mature incident response.",
        "subset-of",
      ],
    ],
  ],
  [
    "A.5.29",
    "Safeguards kept during outages",
    [
      [
        "CC9.1",
        "Planning how security holds up during disruption mitigates the impact of business interruptions.",
      ],
      ["CC7.5", "Keeping safeguards in force while services are restored is part of recovering safely."],
    ],
  ],
  [
    "A.5.30",
    "Technology recovery capability",
    [
      ["A1.2", "Technology recovery capability is the recovery infrastructure availability depends on."],
      [
        "A1.3",
        "The control expects continuity arrangements to be exercised and tested against recovery objectives.",
      ],
      ["CC9.1", "Technology continuity planning is a core mitigation of business disruption risk."],
    ],
  ],
  [
    "A.5.31",
    "Legal and contractual obligations",
    [
      [
        "CC3.1",
        "Identified legal, regulatory and contractual duties become the compliance objectives risks are judged against.",
      ],
      [
        "C1.1",
        "Contracts and laws are what define much of the information the entity must treat as confidential.",
      ],
    ],
  ],
  [
    "A.5.32",
    "Respecting intellectual property",
    [["CC3.1", "Licence and copyright compliance is a compliance objective the entity must set and meet."]],
  ],
  [
    "A.5.33",
    "Safeguarding records",
    [
      [
        "PI1.5",
        "Protecting records from loss, falsification and unauthorised release keeps stored data complete and accurate.",
      ],
      ["P4.2", "Retention rules for records include personal information held only as long as required."],
      ["C1.1", "Records often hold confidential information whose protection this control requires."],
    ],
  ],
  [
    "A.5.34",
    "Personal data protection",
    [
      ["P1.1", "Privacy laws the control requires meeting usually oblige a notice to data subjects."],
      ["P3.1", "Applicable privacy requirements commonly limit collection to what the stated purpose needs."],
      ["P4.1", "Meeting privacy obligations includes using personal data only for the purposes given."],
      ["P4.2", "Privacy requirements set how long personal data may be kept."],
      ["P5.1", "Where law grants access rights, meeting them is part of protecting personal data."],
      ["P6.1", "Privacy obligations restrict disclosing personal data to third parties."],
      ["P8.1", "The control expects compliance with privacy requirements to be managed and checked."],
    ],
  ],
  [
    "A.5.35",
    "Independent assessment of the programme",
    [
      ["CC4.1", "Periodic independent review of the security approach is a separate evaluation of controls."],
      ["CC4.2", "Review results go to management so deficiencies can be acted on."],
    ],
  ],
  [
    "A.5.36",
    "Checking policy compliance",
    [
      [
        "CC4.1",
        "Managers and owners regularly check that policies and standards are followed, an ongoing evaluation.",
      ],
      ["CC4.2", "Non-compliance found is analysed and corrected, as deficiency handling requires."],
    ],
  ],
  [
    "A.5.37",
    "Runbooks for operating facilities",
    [
      ["CC5.3", "Documented procedures for operating facilities put control activities into practice."],
      ["CC2.2", "Procedures are made available to the people who need them."],
    ],
  ],
]);
