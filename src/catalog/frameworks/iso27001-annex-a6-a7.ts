/**
 * ISO/IEC 27001:2022 Annex A, themes 6 (people controls, A.6.1–A.6.8) and 7 (physical controls,
 * A.7.1–A.7.14), with our own short titles and links to the criteria.
 */
import { type IsoPart, isoPart, joinParts } from "./iso27001-build.js";

const PEOPLE = isoPart("Annex A.6 — People controls", [
  [
    "A.6.1",
    "Background checks",
    [
      ["CC1.4", "Verifying candidates before hiring supports employing people suited to their roles."],
      ["CC1.1", "Screening for integrity concerns backs the commitment to ethical conduct."],
    ],
  ],
  [
    "A.6.2",
    "Security terms of employment",
    [
      ["CC1.1", "Staff commit in their contracts to the security and conduct standards of the entity."],
      ["CC1.5", "Contractual duties are a basis for holding people accountable for security."],
    ],
  ],
  [
    "A.6.3",
    "Security training and awareness",
    [
      ["CC2.2", "Awareness programmes communicate security policies and responsibilities to staff."],
      ["CC1.4", "Role-relevant training develops the competence people need for their duties."],
    ],
  ],
  [
    "A.6.4",
    "Sanctions for violations",
    [
      ["CC1.1", "A formal disciplinary process addresses deviations from expected conduct."],
      ["CC1.5", "Consequences for breaching policy hold people accountable for control duties."],
    ],
  ],
  [
    "A.6.5",
    "Duties after leaving",
    [
      ["C1.1", "Confidentiality duties that survive exit keep confidential information protected."],
      ["CC2.2", "Leavers and movers must be told which obligations still bind them."],
    ],
  ],
  [
    "A.6.6",
    "Signed confidentiality undertakings",
    [
      ["C1.1", "Signed confidentiality agreements bind people to protecting confidential information."],
      ["CC9.2", "NDAs with contractors and partners are confidentiality commitments obtained from vendors."],
    ],
  ],
  [
    "A.6.7",
    "Secure teleworking",
    [
      [
        "CC6.6",
        "Remote connections come from outside the boundary and need protected, authenticated access.",
      ],
      ["CC6.7", "Data handled away from the office must be protected on endpoints and in transit."],
    ],
  ],
  [
    "A.6.8",
    "Staff channel for security concerns",
    [
      [
        "CC2.2",
        "A known channel for staff to report security concerns is internal communication the criterion expects.",
      ],
      ["CC7.2", "Reports from staff are a source for detecting anomalies that tools miss."],
    ],
  ],
]);

const PHYSICAL = isoPart("Annex A.7 — Physical controls", [
  [
    "A.7.1",
    "Defined secure perimeters",
    [["CC6.4", "Perimeters around areas with information and equipment restrict physical access to them."]],
  ],
  [
    "A.7.2",
    "Controlled entry points",
    [["CC6.4", "Entry controls let only authorized people into secure areas."]],
  ],
  [
    "A.7.3",
    "Hardening office spaces",
    [
      [
        "CC6.4",
        "Designing offices and rooms to protect what is inside restricts physical access to assets.",
        "subset-of",
      ],
    ],
  ],
  [
    "A.7.4",
    "Premises surveillance",
    [
      ["CC6.4", "Surveillance deters and reveals unauthorized physical entry."],
      ["CC7.2", "Monitoring premises detects physical anomalies such as intrusion."],
    ],
  ],
  [
    "A.7.5",
    "Environmental threat protection",
    [
      [
        "A1.2",
        "Protection from fire, flood and similar hazards is the environmental safeguarding of infrastructure.",
      ],
      ["CC9.1", "Guarding against natural and man-made hazards lowers the chance of business disruption."],
    ],
  ],
  [
    "A.7.6",
    "Rules in secure areas",
    [
      [
        "CC6.4",
        "Working rules inside secure areas complete the restriction of physical access.",
        "subset-of",
      ],
    ],
  ],
  [
    "A.7.7",
    "Tidy desks, locked screens",
    [["C1.1", "Putting papers away and locking screens keeps confidential information out of casual view."]],
  ],
  [
    "A.7.8",
    "Placing equipment safely",
    [
      [
        "A1.2",
        "Siting equipment away from environmental hazards protects the infrastructure availability relies on.",
      ],
      ["CC6.4", "Placement also limits who can physically reach or overlook the equipment."],
    ],
  ],
  [
    "A.7.9",
    "Off-site asset protection",
    [["CC6.7", "Devices taken off-site carry data outside the entity and must be protected in movement."]],
  ],
  [
    "A.7.10",
    "Storage media handling",
    [
      ["CC6.7", "Controlling removable media restricts how data is moved and removed."],
      ["CC6.5", "The control covers disposing of media so the data cannot be recovered."],
    ],
  ],
  [
    "A.7.11",
    "Utility supply resilience",
    [
      [
        "A1.2",
        "Power and other utilities are among the environmental protections for processing.",
        "subset-of",
      ],
    ],
  ],
  [
    "A.7.12",
    "Protecting cables",
    [
      ["A1.2", "Protecting power and data cabling from damage preserves infrastructure availability."],
      ["CC6.4", "Cabling is guarded against physical tapping and tampering."],
    ],
  ],
  [
    "A.7.13",
    "Maintaining equipment",
    [["A1.2", "Correct maintenance keeps processing equipment available and reliable."]],
  ],
  [
    "A.7.14",
    "Sanitising equipment for disposal or reuse",
    [
      [
        "CC6.5",
        "Both require data to be removed beyond recovery before equipment is discarded or reused.",
        "equivalent-to",
      ],
      ["C1.2", "Wiping storage before disposal disposes of the confidential information on it."],
      ["P4.3", "Sanitising equipment securely destroys the personal information it held."],
    ],
  ],
]);

export const ISO27001_ANNEX_A6_A7: IsoPart = joinParts([PEOPLE, PHYSICAL]);
