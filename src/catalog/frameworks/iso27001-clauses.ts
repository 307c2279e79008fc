/**
 * ISO/IEC 27001:2022 clauses 4–10: the management-system requirements, with our own short titles,
 * mapped to the criteria. The clauses govern how security is run (context, leadership, risk,
 * support, audit, review, improvement), so they land mostly on CC1–CC5; the technical criteria
 * are reached through Annex A.
 */
import { type IsoPart, isoPart, joinParts } from "./iso27001-build.js";

const CONTEXT = isoPart("Clause 4 — Context", [
  [
    "4.1",
    "Internal and external issues",
    [
      [
        "CC3.1",
        "Knowing the issues that bear on the organization is the footing for objectives precise enough to reveal risks.",
      ],
      [
        "CC3.2",
        "The internal and external factors found here are the ones the risk identification must then consider.",
      ],
    ],
  ],
  [
    "4.2",
    "Interested-party requirements",
    [
      [
        "CC3.1",
        "Legal, customer and other party requirements become the compliance and service objectives the criterion expects.",
      ],
    ],
  ],
  [
    "4.3",
    "Setting the programme scope",
    [
      ["CC3.1", "A documented scope fixes which operations and locations the security objectives cover."],
      [
        "CC2.3",
        "The scope statement plays the role of the system boundary that SOC 2 users rely on to read the report.",
      ],
    ],
  ],
  [
    "4.4",
    "Running the management system",
    [
      [
        "CC5.1",
        "The management system is the vehicle through which controls are chosen and kept matched to risk.",
      ],
      [
        "CC5.3",
        "Establishing and maintaining the system means putting its processes into policies and procedures that operate.",
      ],
    ],
  ],
]);

const LEADERSHIP = isoPart("Clause 5 — Leadership", [
  [
    "5.1",
    "Top management commitment",
    [
      ["CC1.1", "Visible commitment from top management is the tone at the top the criterion looks for."],
      [
        "CC1.3",
        "Top management must integrate security into processes and direct people, which sets structure and authority.",
      ],
      ["CC2.2", "Leaders are required to communicate why effective security matters to the workforce."],
    ],
  ],
  [
    "5.2",
    "Top-level security policy",
    [
      ["CC5.3", "The policy sets the expectations that lower-level procedures then put into effect."],
      ["CC2.2", "The policy must be communicated within the organization."],
      [
        "CC2.3",
        "The policy must be available to interested parties where appropriate, an external communication.",
      ],
    ],
  ],
  [
    "5.3",
    "Assigned roles and authority",
    [
      [
        "CC1.3",
        "Assigning and communicating responsibilities and authorities for security is the core of this criterion too.",
      ],
      [
        "CC2.2",
        "The assignments must be communicated, which is internal communication of control responsibilities.",
      ],
    ],
  ],
]);

const PLANNING = isoPart("Clause 6 — Planning", [
  [
    "6.1.1",
    "Risk and opportunity planning",
    [
      [
        "CC3.2",
        "Determining the risks the management system must address overlaps entity-wide risk identification.",
      ],
      [
        "CC5.1",
        "Planning actions to address those risks is the selection of responses the criterion describes.",
      ],
    ],
  ],
  [
    "6.1.2",
    "Risk assessment method",
    [
      [
        "CC3.2",
        "A defined, repeatable assessment that identifies, analyses and evaluates security risks serves this criterion directly.",
      ],
      [
        "CC3.3",
        "ISO's risk identification covers insider misuse but never names fraud, so it only partly meets the fraud criterion.",
      ],
      [
        "CC3.1",
        "Risk acceptance criteria are set in advance, tying the assessment to the organization's stated tolerances.",
      ],
    ],
  ],
  [
    "6.1.3",
    "Risk treatment and applicability",
    [
      [
        "CC5.1",
        "Choosing the controls needed to treat each assessed risk is control selection against risk.",
      ],
      [
        "CC3.2",
        "Treatment decisions (reduce, accept, transfer, avoid) are the risk responses that follow the analysis.",
      ],
      ["CC9.1", "Transfer through insurance and other treatments mitigate losses from disruptive events."],
    ],
  ],
  [
    "6.2",
    "Measurable security objectives",
    [
      [
        "CC3.1",
        "Objectives that are measurable and consistent with the policy are specified clearly enough to assess risk against.",
      ],
      ["CC2.2", "The objectives must be communicated, so people know what they are working towards."],
    ],
  ],
  [
    "6.3",
    "Planned management-system changes",
    [["CC3.4", "Changes to the security programme are planned and assessed before they are made."]],
  ],
]);

const SUPPORT = isoPart("Clause 7 — Support", [
  [
    "7.1",
    "Providing adequate resources",
    [
      [
        "CC1.4",
        "Staffing the programme with enough capable people is the workforce part of resource provision.",
      ],
    ],
  ],
  [
    "7.2",
    "Skills for security roles",
    [
      [
        "CC1.4",
        "Defining needed competence, training to close gaps and keeping records is how competent staff are secured.",
      ],
    ],
  ],
  [
    "7.3",
    "Staff security awareness",
    [
      [
        "CC2.2",
        "Making staff aware of the policy and their contribution is internal communication of security duties.",
      ],
      [
        "CC1.5",
        "Staff must understand the consequences of not conforming, which underpins holding them accountable.",
      ],
    ],
  ],
  [
    "7.4",
    "Communication plan",
    [
      [
        "CC2.2",
        "Deciding what to communicate internally, when and by whom covers the internal side of communication.",
      ],
      ["CC2.3", "The same plan covers communication with customers, suppliers and authorities."],
    ],
  ],
  [
    "7.5.1",
    "Required documentation",
    [
      [
        "CC5.3",
        "Documenting the processes the programme relies on gives policies and procedures a written form.",
      ],
      ["CC2.1", "Documented information is the reliable record management uses to run and check controls."],
    ],
  ],
  [
    "7.5.2",
    "Document creation and approval",
    [
      [
        "CC5.3",
        "Review and approval of documents before use keeps policies and procedures current and authorized.",
      ],
    ],
  ],
  [
    "7.5.3",
    "Document control and retention",
    [
      ["CC5.3", "Version control, retention and disposition keep the operative procedures the right ones."],
      [
        "CC2.2",
        "Documents must be available where needed, so people can find the procedures they must follow.",
      ],
      [
        "PI1.5",
        "Protecting records from loss and improper change keeps stored information complete and accurate.",
      ],
    ],
  ],
]);

const OPERATION = isoPart("Clause 8 — Operation", [
  [
    "8.1",
    "Operating planned processes",
    [
      [
        "CC5.3",
        "Processes must run as planned with evidence that they did, which is procedures being carried out.",
      ],
      [
        "CC8.1",
        "Planned changes are controlled and unintended ones reviewed, overlapping change management.",
      ],
      [
        "CC9.2",
        "Externally provided processes relevant to security must be controlled, as vendor management requires.",
      ],
    ],
  ],
  [
    "8.2",
    "Periodic risk assessments",
    [
      ["CC3.2", "Assessments are repeated at planned intervals, keeping the risk picture current."],
      ["CC3.4", "An assessment is also due when significant changes are proposed or occur."],
    ],
  ],
  [
    "8.3",
    "Carrying out risk treatment",
    [
      [
        "CC5.1",
        "The chosen controls are actually put in place, completing control selection and deployment.",
      ],
      ["CC5.2", "Many treatments are technology controls, whose implementation this step covers."],
    ],
  ],
]);

const EVALUATION = isoPart("Clause 9 — Performance evaluation", [
  [
    "9.1",
    "Measuring security performance",
    [
      ["CC4.1", "Deciding what to monitor and measure, how and when, is an ongoing evaluation of controls."],
      [
        "CC2.1",
        "Measurement results are the quality information that tells management whether controls work.",
      ],
    ],
  ],
  [
    "9.2.1",
    "Audits run by the organization",
    [
      [
        "CC4.1",
        "Internal audits at planned intervals are separate evaluations of whether the controls conform and work.",
      ],
    ],
  ],
  [
    "9.2.2",
    "Audit programme and reporting",
    [
      [
        "CC4.1",
        "A programme with criteria, scope and objective auditors structures the separate evaluations.",
      ],
      [
        "CC4.2",
        "Audit results must be reported to the relevant managers, the communication of deficiencies.",
      ],
    ],
  ],
  [
    "9.3.1",
    "Leadership's periodic review",
    [
      [
        "CC1.2",
        "Where top management includes the board, its review is oversight; ISO does not demand board independence.",
      ],
      [
        "CC4.1",
        "Reviewing whether the programme remains suitable and effective is an overall evaluation of control.",
      ],
    ],
  ],
  [
    "9.3.2",
    "What management reviews",
    [
      ["CC4.2", "Audit results, nonconformities and corrective actions must come before management."],
      ["CC3.4", "Changes in internal and external issues are a required review input."],
    ],
  ],
  [
    "9.3.3",
    "Decisions from management review",
    [["CC4.2", "Decisions on improvements and changes follow from deficiencies management has examined."]],
  ],
]);

const IMPROVEMENT = isoPart("Clause 10 — Improvement", [
  [
    "10.1",
    "Making the programme better",
    [["CC4.2", "Improving the programme acts on what evaluations found wanting."]],
  ],
  [
    "10.2",
    "Correcting nonconformities",
    [
      [
        "CC4.2",
        "Reacting to nonconformities, finding causes and checking corrective actions took effect match this criterion.",
      ],
      ["CC5.3", "Corrective action updates the procedures that failed, keeping them effective."],
    ],
  ],
]);

export const ISO27001_CLAUSES: IsoPart = joinParts([
  CONTEXT,
  LEADERSHIP,
  PLANNING,
  SUPPORT,
  OPERATION,
  EVALUATION,
  IMPROVEMENT,
]);
