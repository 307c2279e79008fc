/**
 * ISO/IEC 27001:2022 Annex A, theme 8 (technological controls, A.8.1–A.8.34), with our own short
 * titles and links to the criteria.
 */
import { type IsoPart, isoPart } from "./iso27001-build.js";

export const ISO27001_ANNEX_A8: IsoPart = isoPart("Annex A.8 — Technological controls", [
  [
    "A.8.1",
    "Protecting endpoint devices",
    [
      [
        "CC6.1",
        "Laptops and phones are access points whose configuration and login protect the information on them.",
      ],
      ["CC6.7", "Endpoint safeguards such as encryption protect data carried on portable devices."],
    ],
  ],
  [
    "A.8.2",
    "Restricting privileged access",
    [
      [
        "CC6.3",
        "Allocating administrator rights sparingly and by role applies least privilege where it matters most.",
      ],
      ["CC6.1", "Restricting privileged accounts protects the access control system itself."],
    ],
  ],
  [
    "A.8.3",
    "Enforcing access in systems",
    [
      ["CC6.1", "Enforcing the access policy in systems restricts logical access to information."],
      [
        "C1.1",
        "Restricting who can read information protects confidential data from unauthorized disclosure.",
      ],
    ],
  ],
  [
    "A.8.4",
    "Guarding code repositories",
    [
      ["CC6.1", "Read and write access to source code and build tools is restricted."],
      ["CC8.1", "Protecting code repositories keeps unauthorized changes out of the release path."],
    ],
  ],
  [
    "A.8.5",
    "Strong authentication",
    [
      ["CC6.1", "Sound authentication methods are how the system confirms who is requesting access."],
      ["CC6.6", "Stronger authentication such as MFA for remote and external access protects the boundary."],
    ],
  ],
  [
    "A.8.6",
    "Capacity monitoring and planning",
    [
      [
        "A1.1",
        "Both call for watching resource use and adjusting capacity to present and expected demand.",
        "equivalent-to",
      ],
    ],
  ],
  [
    "A.8.7",
    "Anti-malware defences",
    [
      [
        "CC6.8",
        "Detecting and blocking malware, backed by user awareness, prevents malicious software from running.",
      ],
    ],
  ],
  [
    "A.8.8",
    "Vulnerability handling",
    [
      [
        "CC7.1",
        "Learning of technical vulnerabilities and assessing exposure is what the criterion's detection covers.",
      ],
      ["CC8.1", "Patching found vulnerabilities is carried out through controlled changes."],
      ["CC3.2", "Evaluating exposure to each vulnerability feeds the analysis of risk."],
    ],
  ],
  [
    "A.8.9",
    "Secure configuration baselines",
    [
      ["CC7.1", "Defined baselines let configuration drift that weakens security be detected."],
      ["CC8.1", "Configuration changes are managed and recorded against the approved baseline."],
    ],
  ],
  [
    "A.8.10",
    "Deleting data when no longer needed",
    [
      ["C1.2", "Deleting confidential information once its retention need ends is its disposal."],
      ["P4.3", "Personal data is deleted securely when no longer required."],
      ["CC6.5", "Deletion from systems and devices is done so the data cannot be recovered."],
    ],
  ],
  [
    "A.8.11",
    "Masking sensitive data",
    [
      ["C1.1", "Masking or pseudonymising hides confidential values from people who do not need them."],
      ["CC6.1", "Masking limits what an authorized user can see, a finer-grained access restriction."],
    ],
  ],
  [
    "A.8.12",
    "Stopping data exfiltration",
    [
      ["CC6.7", "Leakage prevention restricts unauthorized movement and removal of information."],
      ["C1.1", "Blocking exfiltration protects confidential information from disclosure."],
    ],
  ],
  [
    "A.8.13",
    "Backups of data and systems",
    [
      ["A1.2", "Backups of data and software are one of the recovery safeguards the criterion lists."],
      ["A1.3", "Test restores check that backed-up data comes back complete, part of testing recovery."],
      ["CC7.5", "Restoring from tested backups is how data is recovered after an incident."],
      ["PI1.5", "Backups keep stored inputs and outputs recoverable completely and accurately."],
    ],
  ],
  [
    "A.8.14",
    "Redundant processing facilities",
    [
      ["A1.2", "Redundant infrastructure is the alternate processing capacity availability relies on."],
      ["CC9.1", "Removing single points of failure mitigates the risk of business disruption."],
    ],
  ],
  [
    "A.8.15",
    "Activity logging",
    [
      ["CC7.2", "Recording events and activity is the raw material for monitoring anomalies."],
      ["CC7.3", "Protected logs are what investigators examine to decide whether an event is an incident."],
    ],
  ],
  [
    "A.8.16",
    "Monitoring for anomalies",
    [
      [
        "CC7.2",
        "Watching networks, systems and applications for unusual behaviour is the monitoring the criterion asks for.",
      ],
      ["CC7.3", "Anomalies found are evaluated as potential incidents."],
    ],
  ],
  [
    "A.8.17",
    "Common time source",
    [
      [
        "CC7.2",
        "Consistent time across systems lets events from different sources be correlated.",
        "subset-of",
      ],
    ],
  ],
  [
    "A.8.18",
    "Controlling powerful utilities",
    [
      ["CC6.3", "Utilities that can bypass controls are limited to the few roles that need them."],
      ["CC6.8", "Restricting such tools prevents their use to make unauthorized changes to software."],
    ],
  ],
  [
    "A.8.19",
    "Controlled software installation",
    [
      [
        "CC6.8",
        "Restricting who can install software on production systems keeps unauthorized software out.",
      ],
      ["CC8.1", "Installing software on operational systems goes through authorized change."],
    ],
  ],
  [
    "A.8.20",
    "Network protection",
    [
      [
        "CC6.6",
        "Securing and managing networks guards the system against threats from outside its boundary.",
      ],
      ["CC6.1", "Network controls restrict logical access to connected systems."],
    ],
  ],
  [
    "A.8.21",
    "Network provider safeguards",
    [
      ["CC6.6", "Security features of network services protect connections crossing the boundary."],
      ["CC9.2", "Security levels for network services are set in agreements with their providers."],
    ],
  ],
  [
    "A.8.22",
    "Network segmentation",
    [
      ["CC6.1", "Splitting networks into zones restricts access between groups of systems."],
      ["CC6.6", "Segments separate external-facing services from internal ones."],
    ],
  ],
  [
    "A.8.23",
    "Blocking harmful websites",
    [
      ["CC6.8", "Blocking malicious websites reduces exposure to malicious software."],
      ["CC6.6", "Controlling outbound web traffic is protection at the system boundary."],
    ],
  ],
  [
    "A.8.24",
    "Encryption and key management",
    [
      ["CC6.1", "Encrypting stored data and protecting keys are logical access safeguards for data at rest."],
      ["CC6.7", "Encryption protects information while it is transmitted."],
      ["C1.1", "Cryptography keeps confidential information unreadable to unauthorized parties."],
    ],
  ],
  [
    "A.8.25",
    "Building security into development",
    [
      [
        "CC8.1",
        "Security built into each development stage governs how changes are designed, built and tested.",
      ],
      ["CC5.2", "Secure development is a general technology control over acquiring and building systems."],
    ],
  ],
  [
    "A.8.26",
    "Security needs for applications",
    [
      ["CC8.1", "Security requirements are set and approved before applications are built or acquired."],
      ["PI1.2", "Such requirements commonly include validation of inputs for completeness and accuracy."],
    ],
  ],
  [
    "A.8.27",
    "Secure architecture principles",
    [
      ["CC6.1", "Engineering principles shape the architecture that protects information assets."],
      ["CC8.1", "Principles are applied when designing system changes."],
    ],
  ],
  [
    "A.8.28",
    "Safe coding practices",
    [
      ["CC8.1", "Secure coding practices apply to developing each software change."],
      ["PI1.3", "Validating data and handling errors in code supports complete and accurate processing."],
    ],
  ],
  [
    "A.8.29",
    "Security testing before release",
    [
      ["CC8.1", "Changes are tested for security before they are accepted into production."],
      ["CC7.1", "Pre-release testing finds vulnerabilities before they reach live systems."],
    ],
  ],
  [
    "A.8.30",
    "Supervising contracted developers",
    [
      ["CC9.2", "Directing and monitoring contracted developers is vendor management."],
      ["CC8.1", "Outsourced code still enters through the entity's controlled change process."],
    ],
  ],
  [
    "A.8.31",
    "Keeping production apart from development",
    [
      ["CC8.1", "Testing changes away from production before release is part of controlled change."],
      ["CC6.3", "Keeping developers out of production separates conflicting duties in access."],
    ],
  ],
  [
    "A.8.32",
    "Controlled changes",
    [
      [
        "CC8.1",
        "Changes to systems and facilities follow procedures for approval, testing and implementation.",
      ],
    ],
  ],
  [
    "A.8.33",
    "Protecting test data",
    [
      ["CC8.1", "Choosing and protecting test data keeps confidential information safe during development."],
      ["C1.1", "Production data copied for tests remains confidential and must stay protected."],
    ],
  ],
  [
    "A.8.34",
    "Audit testing without disruption",
    [
      ["CC4.1", "Technical audits and evaluations are planned so they do not harm operations."],
      ["CC6.3", "Auditors receive limited, time-bound access under least privilege."],
    ],
  ],
]);
