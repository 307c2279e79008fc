/**
 * The control library: controls a service organization can adopt for a SOC 2 examination, written by
 * us in our own words. Each control names what it does, the criteria it addresses, how often it runs,
 * who owns it, the evidence that proves it operated and the attributes an auditor tests per sample.
 * Public libraries (SOC2.md §5) were read for orientation only; no control text or mapping table was
 * copied. Where Indian law adds a concrete duty (CERT-In Directions of April 2022, the Digital
 * Personal Data Protection Act 2023 and its Rules), the relevant control says so.
 *
 * Validated on load, like the criteria catalog: a malformed id, an unknown criterion or a duplicated
 * title fails every test and every start.
 */
import * as z from "zod";
import { CONTROL_DOMAINS, type ControlDomain, FREQUENCIES, type LibraryControl } from "../core/controls.js";
import { type CategoryCode, CRITERION_IDS } from "../core/criteria.js";
import { AppError } from "../core/errors.js";
import { findCriterion } from "./criteria.js";

/** The id prefix of each domain: "IAM-04" belongs to identity and access. */
export const DOMAIN_PREFIXES: Readonly<Record<ControlDomain, string>> = {
  governance: "GOV",
  people: "PPL",
  policy: "POL",
  assets: "AST",
  risk: "RSK",
  identity: "IAM",
  network: "NET",
  encryption: "ENC",
  endpoints: "END",
  vulnerability: "VUL",
  logging: "LOG",
  incident: "INC",
  change: "CHG",
  continuity: "BCP",
  vendors: "VND",
  availability: "AVL",
  processing: "PIN",
  privacy: "PRV",
};

const CONTROL_DATA: readonly unknown[] = [
  // -------------------------------------------------------------------------------------------
  // Governance
  {
    id: "GOV-01",
    domain: "governance",
    title: "Code of conduct and ethics reporting line",
    description:
      "A written code of conduct sets the behaviour expected of everyone who works for the company, and every employee and contractor accepts it when they join and again each year. A confidential channel lets staff report suspected misconduct without fear of retaliation, and each report is logged and investigated.",
    criteria: ["CC1.1", "CC1.5", "CC2.2"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "HR Manager",
    evidence: [
      "Current code of conduct with its approval date",
      "Acknowledgement report from the HR system listing each person and the date they accepted the code",
      "Ethics report log with the investigation outcome of each report",
    ],
    attributes: [
      "The sampled person accepted the current code of conduct within 30 days of joining or of the annual refresh",
      "The reporting channel was published to staff and reachable during the period",
      "Each sampled ethics report was investigated and closed with a recorded outcome",
    ],
  },
  {
    id: "GOV-02",
    domain: "governance",
    title: "Board oversight of security and risk",
    description:
      "The board, or a committee it appoints that is independent of day-to-day management, receives a security and risk briefing every quarter. The briefing covers the risk register, incidents, audit findings and the progress of remediation, and the minutes record the questions raised and the decisions taken.",
    criteria: ["CC1.2"],
    frequency: "quarterly",
    automation: "manual",
    ownerRole: "CEO",
    evidence: [
      "Board or committee charter that gives it oversight of security and internal control",
      "Minutes of each quarterly meeting showing the security and risk agenda item",
      "Slides or briefing pack presented to the board",
    ],
    attributes: [
      "A security and risk briefing was held in the sampled quarter",
      "At least one attendee was independent of the management team that runs the controls",
      "Minutes record the topics discussed and any actions assigned",
    ],
  },
  {
    id: "GOV-03",
    domain: "governance",
    title: "Organization structure and named security ownership",
    description:
      "Management keeps an organization chart with reporting lines and formally names the person accountable for the security programme. The chart and the assignment of security responsibilities are reviewed each year and whenever the leadership changes.",
    criteria: ["CC1.3"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "CEO",
    evidence: [
      "Organization chart with the date it was last reviewed",
      "Signed appointment or charter naming the security programme owner",
      "Record of the annual review of roles and responsibilities",
    ],
    attributes: [
      "The organization chart was reviewed within the last 12 months",
      "A named individual was accountable for security throughout the period",
      "Reporting lines in the chart match the HR system for a sample of staff",
    ],
  },
  {
    id: "GOV-04",
    domain: "governance",
    title: "Quarterly internal control self-assessment",
    description:
      "Each quarter the compliance function tests a rotating set of controls against their attributes, separately from the people who operate them. Results are recorded against each control so that management can see which controls work as designed.",
    criteria: ["CC4.1"],
    frequency: "quarterly",
    automation: "manual",
    ownerRole: "Compliance Manager",
    evidence: [
      "Self-assessment plan listing the controls selected for the quarter",
      "Completed test worksheets with the samples inspected and the conclusion for each control",
    ],
    attributes: [
      "The self-assessment for the sampled quarter was completed and dated",
      "The tester was not the owner of the control being tested",
      "Every failed test was raised as a deficiency",
    ],
  },
  {
    id: "GOV-05",
    domain: "governance",
    title: "Control deficiency tracking to closure",
    description:
      "Deficiencies found by self-assessment, audits, penetration tests or incidents are logged in one tracker with a severity, an owner and a target date. Management reviews open items every month and escalates overdue or significant ones to the board.",
    criteria: ["CC4.2"],
    frequency: "monthly",
    automation: "manual",
    ownerRole: "Compliance Manager",
    evidence: [
      "Deficiency tracker export with severity, owner, target date and status",
      "Monthly review notes or meeting minutes covering open deficiencies",
      "Board pack showing escalated deficiencies",
    ],
    attributes: [
      "The sampled deficiency was logged with an owner and a target date",
      "The deficiency was resolved by its target date or the delay was approved",
      "Significant deficiencies were reported to the board in the next briefing",
    ],
  },
  {
    id: "GOV-06",
    domain: "governance",
    title: "System description kept current",
    description:
      "A description of the system in scope (services, commitments, infrastructure, software, people, procedures, data, boundaries and subservice organizations) is maintained as a controlled document. It is reviewed at least once a year and after any significant change, and it is shared with staff and, under confidentiality, with customers.",
    criteria: ["CC2.2", "CC2.3"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "Compliance Manager",
    evidence: [
      "Current system description with its version history and approver",
      "Architecture and data-flow diagrams referenced by the description",
      "Record of where the description is published internally and how customers can obtain it",
    ],
    attributes: [
      "The description was reviewed and approved within the last 12 months",
      "The components listed match the production inventory for a sample of systems",
      "Significant changes during the period were reflected in the description",
    ],
  },
  {
    id: "GOV-07",
    domain: "governance",
    title: "Security commitments in customer agreements",
    description:
      "Customer contracts state the company's security, availability and confidentiality commitments and tell customers how to report problems or complaints. Legal keeps the standard terms current and records any negotiated deviation so that commitments remain consistent with what the system can deliver.",
    criteria: ["CC2.3"],
    frequency: "event",
    automation: "manual",
    ownerRole: "Head of Legal",
    evidence: [
      "Standard master services agreement and its security exhibit",
      "Register of signed customer agreements with any non-standard security terms",
      "Public trust or support page describing how customers report issues",
    ],
    attributes: [
      "The sampled new customer signed an agreement that includes the security commitments",
      "Any non-standard security term was approved by Legal and the security owner",
    ],
  },
  {
    id: "GOV-08",
    domain: "governance",
    title: "Legal and regulatory obligations register",
    description:
      "Legal maintains a register of the laws, regulations and contractual frameworks that apply to the service, such as the CERT-In Directions, the Digital Personal Data Protection Act and customer-imposed standards. Each obligation is mapped to an owner and to the controls that meet it, and the register is reviewed every year and when a new law takes effect.",
    criteria: ["CC3.1", "CC2.1"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "Head of Legal",
    evidence: [
      "Obligations register with owners and mapped controls",
      "Record of the annual review with the changes made",
    ],
    attributes: [
      "The register was reviewed within the last 12 months",
      "Each sampled obligation has an owner and at least one mapped control",
      "A law that took effect during the period was added to the register",
    ],
  },
  // -------------------------------------------------------------------------------------------
  // People
  {
    id: "PPL-01",
    domain: "people",
    title: "Background verification before start date",
    description:
      "Before a new employee or long-term contractor receives system access, an approved agency verifies identity, education, previous employment and, where the law allows, criminal records. Access is provisioned only once the check has cleared or a documented risk acceptance is on file.",
    criteria: ["CC1.4"],
    frequency: "event",
    automation: "manual",
    ownerRole: "HR Manager",
    evidence: [
      "Background verification reports from the screening agency for new hires",
      "HR system list of hires in the period with start dates and check completion dates",
    ],
    attributes: [
      "The check for the sampled hire was completed before their first day of access",
      "Adverse findings were reviewed and the decision recorded",
    ],
  },
  {
    id: "PPL-02",
    domain: "people",
    title: "Role descriptions with security duties",
    description:
      "Every role has a written description that states the skills it requires and the security responsibilities that come with it. Hiring managers use the description for recruitment, and HR reviews the set every year.",
    criteria: ["CC1.3", "CC1.4"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "HR Manager",
    evidence: [
      "Role descriptions for engineering, operations and support positions",
      "Record of the annual review of role descriptions",
    ],
    attributes: [
      "The sampled employee's role has a current written description",
      "The description states the security responsibilities of the role",
    ],
  },
  {
    id: "PPL-03",
    domain: "people",
    title: "Security awareness training at hire and every year",
    description:
      "All staff complete security awareness training within 30 days of joining and again every year, covering phishing, data handling, incident reporting and the acceptable use of systems. The learning platform assigns the course, tracks completion and sends reminders, and quarterly phishing simulations reinforce the lessons.",
    criteria: ["CC1.4", "CC2.2"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "CISO",
    evidence: [
      "Learning platform completion report listing each person, course and completion date",
      "Current training content or syllabus",
      "Phishing simulation results by campaign",
    ],
    attributes: [
      "The sampled new hire completed training within 30 days of joining",
      "The sampled existing employee completed training within the last 12 months",
      "Staff who failed a phishing simulation were assigned follow-up training",
    ],
  },
  {
    id: "PPL-04",
    domain: "people",
    title: "Secure development training for engineers",
    description:
      "Engineers who write or review production code complete role-specific training on secure coding and common web application weaknesses when they join and every year. Completion is tracked in the learning platform alongside general awareness training.",
    criteria: ["CC1.4"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "Head of Engineering",
    evidence: [
      "Completion report for the secure development course",
      "List of engineers with commit access to production repositories",
    ],
    attributes: [
      "The sampled engineer with commit access completed the course within the last 12 months",
      "The course content was reviewed for current threats within the last 12 months",
    ],
  },
  {
    id: "PPL-05",
    domain: "people",
    title: "Performance reviews include security responsibilities",
    description:
      "Annual performance reviews assess how each person met their security and control responsibilities alongside their other goals. Control owners have their control duties written into their objectives so that they are held to account for them.",
    criteria: ["CC1.5", "CC1.4"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "HR Manager",
    evidence: [
      "Performance review template showing the security section",
      "Completion report of the annual review cycle",
    ],
    attributes: [
      "The sampled employee received a performance review in the last 12 months",
      "The review for a control owner addressed their control duties",
    ],
  },
  {
    id: "PPL-06",
    domain: "people",
    title: "Disciplinary process for policy violations",
    description:
      "Breaches of security policy or the code of conduct are handled through a documented disciplinary process that scales the response to the seriousness of the breach. HR records each case, the investigation and the sanction applied.",
    criteria: ["CC1.5", "CC1.1"],
    frequency: "event",
    automation: "manual",
    ownerRole: "HR Manager",
    evidence: [
      "Disciplinary policy with its approval date",
      "Case log of policy violations with the action taken",
    ],
    attributes: [
      "The sampled violation was investigated and a decision recorded",
      "The action taken was consistent with the disciplinary policy",
    ],
  },
  {
    id: "PPL-07",
    domain: "people",
    title: "Confidentiality agreements signed at onboarding",
    description:
      "Employees and contractors sign a confidentiality and intellectual property agreement before they receive access to company or customer information. HR keeps the signed copy and confirms it before IT provisions accounts.",
    criteria: ["CC1.1", "C1.1"],
    frequency: "event",
    automation: "manual",
    ownerRole: "HR Manager",
    evidence: [
      "Signed confidentiality agreements for new hires and contractors",
      "Onboarding checklist showing the agreement was received before access",
    ],
    attributes: [
      "The sampled hire signed the agreement on or before the date access was granted",
      "The signed version is the current approved template",
    ],
  },
  // -------------------------------------------------------------------------------------------
  // Policy
  {
    id: "POL-01",
    domain: "policy",
    title: "Security policy set approved every year",
    description:
      "The company maintains a set of security policies covering access, change, operations, incident response, continuity, vendors, data handling and acceptable use. Each policy has an owner, is reviewed at least once a year and is approved by senior management before it takes effect.",
    criteria: ["CC5.3", "CC5.1"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "CISO",
    evidence: [
      "Policy index listing each policy, its owner, version and approval date",
      "Approval record for each policy from the designated approver",
    ],
    attributes: [
      "Each sampled policy was reviewed and approved within the last 12 months",
      "The approver had the authority named in the policy governance procedure",
      "Each policy has a named owner",
    ],
  },
  {
    id: "POL-02",
    domain: "policy",
    title: "Policies published and acknowledged by staff",
    description:
      "Approved policies are published on the internal portal that all staff can reach, and staff acknowledge them at onboarding and after each annual review. Material policy changes are announced so that people know what changed and when it applies.",
    criteria: ["CC2.2", "CC5.3"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "Compliance Manager",
    evidence: [
      "Screenshot of the internal portal showing the current policy versions",
      "Acknowledgement report with each person and the policy versions they accepted",
      "Announcement of the latest policy changes to staff",
    ],
    attributes: [
      "The sampled person acknowledged the current policies within 30 days of joining or of their publication",
      "The published version matches the approved version",
    ],
  },
  {
    id: "POL-03",
    domain: "policy",
    title: "Approved and time-limited policy exceptions",
    description:
      "Any deviation from a policy is requested through a form that states the risk and the compensating measures, and it must be approved by the security owner before it applies. Exceptions expire after at most 12 months and are reviewed again before renewal.",
    criteria: ["CC5.3", "CC3.2"],
    frequency: "event",
    automation: "manual",
    ownerRole: "CISO",
    evidence: [
      "Exception register with requester, risk, compensating measures, approver and expiry",
      "Approval records for exceptions granted in the period",
    ],
    attributes: [
      "The sampled exception was approved before it took effect",
      "The sampled exception had an expiry date no more than 12 months out",
      "Expired exceptions were closed or renewed with a new approval",
    ],
  },
  {
    id: "POL-04",
    domain: "policy",
    title: "Documented operating procedures",
    description:
      "Recurring operational tasks such as deployments, access changes, backups and on-call handover follow written procedures kept in the engineering wiki. Procedure owners review them yearly and after a task goes wrong.",
    criteria: ["CC5.3"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "Head of Engineering",
    evidence: [
      "Index of operating procedures with owners and last review dates",
      "Sample procedures for deployment, backup and access administration",
    ],
    attributes: [
      "The sampled procedure was reviewed within the last 12 months",
      "The procedure matches how the task was actually performed in a sampled instance",
    ],
  },
  // -------------------------------------------------------------------------------------------
  // Assets and data
  {
    id: "AST-01",
    domain: "assets",
    title: "Inventory of hardware, cloud and software assets",
    description:
      "An inventory of laptops, cloud resources and production software is built automatically from the device management tool and the cloud provider's APIs. Each asset has an owner and a classification, and the IT team reconciles the inventory against purchase and HR records every quarter.",
    criteria: ["CC2.1", "CC6.1"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "IT Manager",
    evidence: [
      "Asset inventory export with owner, classification and last-seen date",
      "Quarterly reconciliation worksheet with the differences resolved",
    ],
    attributes: [
      "A sampled production resource appears in the inventory with an owner",
      "A sampled employee laptop appears in the inventory and is assigned to that employee",
      "Differences found in the quarterly reconciliation were resolved",
    ],
  },
  {
    id: "AST-02",
    domain: "assets",
    title: "Data classification and handling rules",
    description:
      "A classification scheme sorts information into public, internal, confidential and restricted, and states how each class must be stored, shared and destroyed. Customer data is classified as confidential or restricted, and the data inventory records where each class lives.",
    criteria: ["C1.1", "CC2.1"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "CISO",
    evidence: [
      "Data classification standard with handling rules per class",
      "Data inventory listing systems, the classes of data they hold and their owners",
    ],
    attributes: [
      "The standard was reviewed within the last 12 months",
      "Each sampled system holding customer data is listed in the data inventory with its class",
    ],
  },
  {
    id: "AST-03",
    domain: "assets",
    title: "Production data kept out of non-production",
    description:
      "Customer data is not copied into development, test or staging environments; those environments use synthetic or masked data. Any exception needs security approval, a time limit and the same protections as production.",
    criteria: ["C1.1", "CC6.7"],
    frequency: "quarterly",
    automation: "manual",
    ownerRole: "Head of Engineering",
    evidence: [
      "Data handling standard prohibiting production data in lower environments",
      "Quarterly scan or attestation of non-production databases for customer data",
      "Approved exceptions with their expiry",
    ],
    attributes: [
      "The quarterly check found no unapproved customer data in non-production",
      "Any exception was approved before the data was copied",
    ],
  },
  {
    id: "AST-04",
    domain: "assets",
    title: "Secure wiping and destruction of retired equipment",
    description:
      "Laptops, disks and other media are wiped with a verified method or physically destroyed before they are reused, sold or discarded. Each disposal is recorded against the asset, with a certificate when a disposal vendor is used.",
    criteria: ["CC6.5", "C1.2"],
    frequency: "event",
    automation: "manual",
    ownerRole: "IT Manager",
    evidence: [
      "Disposal log linking each retired asset to the wipe or destruction record",
      "Certificates of destruction from the disposal vendor",
    ],
    attributes: [
      "The sampled retired asset has a wipe or destruction record",
      "The asset was marked as disposed in the inventory",
    ],
  },
  {
    id: "AST-05",
    domain: "assets",
    title: "Customer data deleted when a contract ends",
    description:
      "When a customer leaves, their data is exported to them on request and then deleted from production within the period the contract states, with backups expiring on their normal schedule. The deletion job's output is kept as proof and the customer receives written confirmation.",
    criteria: ["C1.2", "CC6.5"],
    frequency: "event",
    automation: "automated",
    ownerRole: "Head of Engineering",
    evidence: [
      "List of customers who terminated in the period with their deletion dates",
      "Deletion job logs for terminated tenants",
      "Deletion confirmations sent to customers",
    ],
    attributes: [
      "The sampled terminated customer's data was deleted within the contractual period",
      "The customer was sent a confirmation of deletion",
    ],
  },
  // -------------------------------------------------------------------------------------------
  // Risk
  {
    id: "RSK-01",
    domain: "risk",
    title: "Annual risk assessment",
    description:
      "Once a year management identifies threats to its service commitments, rates each risk for likelihood and impact and decides how to treat it. The assessment explicitly considers fraud and misuse by insiders and changes in the business, technology, vendors and law since the last assessment.",
    criteria: ["CC3.1", "CC3.2", "CC3.3", "CC3.4"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "CISO",
    evidence: [
      "Risk assessment report with the method, scoring scale and date",
      "Risk register with likelihood, impact, owner and treatment for each risk",
      "Management sign-off of the assessment",
    ],
    attributes: [
      "The risk assessment was completed within the last 12 months",
      "Fraud scenarios and significant changes were considered",
      "Each high risk has an owner and a treatment decision",
    ],
  },
  {
    id: "RSK-02",
    domain: "risk",
    title: "Risk treatment and control selection",
    description:
      "For each risk above the accepted level, management chooses controls, including general controls over technology, that bring it down to an acceptable level. The risk register links each treated risk to its controls, and residual risks are formally accepted by an executive.",
    criteria: ["CC5.1", "CC5.2"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "CISO",
    evidence: ["Risk register showing treatments and linked controls", "Signed acceptance of residual risks"],
    attributes: [
      "Each sampled high risk is linked to at least one control or a signed acceptance",
      "The control set includes technology controls for access, change and operations",
    ],
  },
  {
    id: "RSK-03",
    domain: "risk",
    title: "Risk review of significant changes",
    description:
      "Significant changes such as a new product line, a major architecture change, an acquisition, a new critical vendor or a new law trigger a documented risk review before they go ahead. Findings are added to the risk register and, where needed, new controls are planned.",
    criteria: ["CC3.4"],
    frequency: "event",
    automation: "manual",
    ownerRole: "CISO",
    evidence: [
      "Change risk reviews completed during the period",
      "Risk register entries created or updated from those reviews",
    ],
    attributes: [
      "The sampled significant change had a risk review before it went live",
      "Risks found in the review were recorded in the register",
    ],
  },
  {
    id: "RSK-04",
    domain: "risk",
    title: "Quarterly risk register review",
    description:
      "The security owner and risk owners review the risk register every quarter, update ratings and check that treatment actions are on track. New risks raised from incidents, audits or threat reports are added during the review.",
    criteria: ["CC3.2", "CC4.1"],
    frequency: "quarterly",
    automation: "manual",
    ownerRole: "CISO",
    evidence: [
      "Risk register change history showing quarterly updates",
      "Minutes or notes of the quarterly risk review",
    ],
    attributes: [
      "A risk review took place in the sampled quarter",
      "Treatment actions past their due date were escalated",
    ],
  },
  {
    id: "RSK-05",
    domain: "risk",
    title: "Cyber insurance cover",
    description:
      "The company holds cyber liability insurance sized to the financial impact of a serious breach or outage identified in the risk assessment. Finance reviews the cover and limits at each renewal.",
    criteria: ["CC9.1"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "CFO",
    evidence: [
      "Current cyber insurance policy schedule with limits and period",
      "Renewal review notes comparing cover with assessed risk",
    ],
    attributes: [
      "The policy was in force throughout the period",
      "The cover was reviewed at the latest renewal",
    ],
  },
  // -------------------------------------------------------------------------------------------
  // Identity and access
  {
    id: "IAM-01",
    domain: "identity",
    title: "Unique accounts through single sign-on",
    description:
      "Every person signs in to company and production systems with their own named account through the central identity provider. Shared and generic accounts are not allowed for people, and applications that cannot use single sign-on are listed with their own compensating login rules.",
    criteria: ["CC6.1"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "IT Manager",
    evidence: [
      "Identity provider application list showing which systems use single sign-on",
      "User export from a sampled system showing only named accounts",
    ],
    attributes: [
      "Accounts in the sampled system map one-to-one to named people or documented service accounts",
      "The sampled system authenticates through the identity provider or is on the exception list",
    ],
  },
  {
    id: "IAM-02",
    domain: "identity",
    title: "Multi-factor authentication for all workforce accounts",
    description:
      "The identity provider requires a second factor for every workforce sign-in, preferring phishing-resistant methods such as security keys or platform authenticators. SMS codes are not accepted, and the policy applies to contractors as well as employees.",
    criteria: ["CC6.1", "CC6.6"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "IT Manager",
    evidence: [
      "Identity provider MFA policy export showing enforcement for all users",
      "Report of users and their enrolled factors",
    ],
    attributes: [
      "The MFA policy applied to all users throughout the period with no exempt group",
      "Every sampled active user has at least one enrolled second factor",
    ],
  },
  {
    id: "IAM-03",
    domain: "identity",
    title: "Strong authentication and time-bound elevation for privileged access",
    description:
      "Administrative access to cloud consoles, production hosts, databases and the identity provider requires phishing-resistant multi-factor authentication every time. Engineers hold no standing administrator rights; they request elevation through an approval workflow that grants it for a few hours and logs the session.",
    criteria: ["CC6.1", "CC6.3", "CC6.6"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Cloud provider and identity provider configuration showing MFA required for administrative roles",
      "Elevation request log with approver, duration and reason",
      "List of accounts holding standing administrator rights",
    ],
    attributes: [
      "Administrative sign-in to the sampled system required a second factor",
      "The sampled elevation was approved by someone other than the requester and expired as configured",
      "Standing administrator accounts are limited to documented break-glass accounts",
    ],
  },
  {
    id: "IAM-04",
    domain: "identity",
    title: "Access granted only on an approved request",
    description:
      "New access to production systems and customer data is requested through a ticket that names the role needed, and the person's manager and the system owner approve it before IT grants it. Standard role bundles are assigned automatically from the HR system for day-one tools.",
    criteria: ["CC6.2", "CC6.3"],
    frequency: "event",
    automation: "manual",
    ownerRole: "IT Manager",
    evidence: [
      "Access request tickets with requester, role, approvals and grant date",
      "System audit log showing when each sampled access was granted",
    ],
    attributes: [
      "Access was approved by the user's manager before it was granted",
      "The access granted matches the role requested and approved",
      "The system owner approved access to production or customer data",
    ],
  },
  {
    id: "IAM-05",
    domain: "identity",
    title: "Access removed promptly when people leave or move",
    description:
      "When HR records a departure, the identity provider account is suspended automatically on the last working day and remaining accounts are removed within one business day. When someone changes role, access they no longer need is removed within five business days.",
    criteria: ["CC6.2", "CC6.3"],
    frequency: "event",
    automation: "automated",
    ownerRole: "IT Manager",
    evidence: [
      "HR termination report for the period with termination dates",
      "Identity provider deactivation log with timestamps",
      "Offboarding tickets showing removal from systems outside single sign-on",
    ],
    attributes: [
      "The sampled leaver's identity provider account was disabled by the end of their last working day",
      "All other accounts of the leaver were removed within one business day",
      "Access no longer needed after a role change was removed within five business days",
    ],
  },
  {
    id: "IAM-06",
    domain: "identity",
    title: "Quarterly user access review",
    description:
      "Every quarter, system owners review the complete user list of each in-scope system, pulled directly from the system, and confirm that every account and permission is still needed. Access marked for removal is revoked and the revocation is checked before the review is closed.",
    criteria: ["CC6.2", "CC6.3", "CC2.1"],
    frequency: "quarterly",
    automation: "manual",
    ownerRole: "CISO",
    evidence: [
      "User listings extracted from each in-scope system with the extraction date",
      "Review sign-off by the system owner with decisions per account",
      "Tickets showing removal of access marked for revocation",
    ],
    attributes: [
      "The review covered every in-scope system in the sampled quarter",
      "The user list was complete and came directly from the system",
      "Access marked for removal was revoked within 10 business days",
    ],
  },
  {
    id: "IAM-07",
    domain: "identity",
    title: "Role-based access with least privilege",
    description:
      "Permissions are granted through defined roles rather than to individuals, and each role carries only what its holders need for their work. The role matrix is owned by the security team and reviewed every year against how the roles are actually used.",
    criteria: ["CC6.3", "CC6.1"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "CISO",
    evidence: [
      "Role matrix listing each role, its permissions and the systems it covers",
      "Identity provider group configuration matching the matrix",
      "Record of the annual role matrix review",
    ],
    attributes: [
      "The sampled user's permissions come from roles in the matrix, not direct grants",
      "The role matrix was reviewed within the last 12 months",
    ],
  },
  {
    id: "IAM-08",
    domain: "identity",
    title: "Segregation of incompatible duties",
    description:
      "No single person can both write and approve a production change, or both request and approve their own access. Conflicting role combinations are defined in the role matrix and checked automatically, and any unavoidable conflict has a documented compensating review.",
    criteria: ["CC6.3"],
    frequency: "quarterly",
    automation: "manual",
    ownerRole: "CISO",
    evidence: [
      "List of conflicting role combinations",
      "Quarterly report of users holding conflicting roles with the compensating reviews",
    ],
    attributes: [
      "No sampled user held a conflicting combination without a documented compensating review",
      "The conflict check ran in the sampled quarter",
    ],
  },
  {
    id: "IAM-09",
    domain: "identity",
    title: "Password and authentication standard",
    description:
      "Passwords must be at least 12 characters, are screened against known breached passwords and are stored by systems only as salted hashes with a slow algorithm. Accounts lock or slow down after repeated failed sign-ins, and staff use the company password manager.",
    criteria: ["CC6.1"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "IT Manager",
    evidence: [
      "Identity provider password policy configuration",
      "Application configuration showing password hashing and lockout settings",
    ],
    attributes: [
      "The configured minimum length and lockout settings meet the standard",
      "The production application stores passwords only as salted slow hashes",
    ],
  },
  {
    id: "IAM-10",
    domain: "identity",
    title: "Service accounts and secrets management",
    description:
      "Service accounts, API keys and database credentials are stored in a secrets manager, each with a named owner, and never in source code. Secrets are rotated at least every year and immediately when someone with access to them leaves, and a scanner blocks commits that contain secrets.",
    criteria: ["CC6.1", "CC6.2"],
    frequency: "quarterly",
    automation: "automated",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Secrets manager inventory with owners and last rotation dates",
      "Secret scanning configuration and its findings for the period",
    ],
    attributes: [
      "Each sampled service account has a named owner",
      "Each sampled secret was rotated within the last 12 months",
      "Secrets detected in code were revoked and rotated",
    ],
  },
  // -------------------------------------------------------------------------------------------
  // Network and infrastructure
  {
    id: "NET-01",
    domain: "network",
    title: "Segmented production network",
    description:
      "Production runs in its own cloud accounts and private networks, separate from corporate and development environments. Databases and internal services have no public addresses, and only the load balancers accept traffic from the internet.",
    criteria: ["CC6.1", "CC6.6"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Network architecture diagram with trust zones",
      "Infrastructure-as-code or console export of network and security group rules",
    ],
    attributes: [
      "Production databases have no publicly routable address",
      "Inbound internet traffic reaches only the documented entry points",
    ],
  },
  {
    id: "NET-02",
    domain: "network",
    title: "Quarterly review of firewall and security group rules",
    description:
      "Every quarter, infrastructure engineers review inbound and outbound rules on firewalls and security groups and remove any that are no longer justified. Rules that allow broad access need a written reason that is re-confirmed at each review.",
    criteria: ["CC6.6"],
    frequency: "quarterly",
    automation: "manual",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Rule export used for the review with the reviewer's decisions",
      "Change tickets removing rules marked for deletion",
    ],
    attributes: [
      "The review took place in the sampled quarter",
      "Each sampled broad rule has a current written justification",
    ],
  },
  {
    id: "NET-03",
    domain: "network",
    title: "Edge protection with a web application firewall",
    description:
      "Public endpoints sit behind a managed web application firewall and denial-of-service protection that filter common attacks and abusive traffic before it reaches the application. Rule sets are updated by the provider and reviewed by the team when alerts spike.",
    criteria: ["CC6.6", "CC7.2"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Web application firewall configuration and attached endpoints",
      "Blocked-request report for a sample month",
    ],
    attributes: [
      "Every public endpoint in the inventory is behind the firewall",
      "The managed rule set was enabled throughout the period",
    ],
  },
  {
    id: "NET-04",
    domain: "network",
    title: "Administrative access through a controlled gateway",
    description:
      "Engineers reach production hosts and databases only through a bastion or zero-trust access gateway that checks identity, device posture and multi-factor authentication. Direct SSH or database ports are closed to the internet, and gateway sessions are logged.",
    criteria: ["CC6.1", "CC6.6"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Gateway configuration showing identity and device checks",
      "Security group rules showing administrative ports closed to the internet",
      "Sample of gateway session logs",
    ],
    attributes: [
      "Administrative ports on production hosts are not reachable from the internet",
      "Sampled administrative sessions went through the gateway and were logged",
    ],
  },
  {
    id: "NET-05",
    domain: "network",
    title: "Hardened baseline configuration",
    description:
      "Servers, container images and managed services are built from hardened templates defined in code, based on a recognised benchmark. Drift from the baseline is detected automatically and either corrected or raised as a finding.",
    criteria: ["CC6.1", "CC7.1"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Baseline templates in the infrastructure repository",
      "Configuration compliance report showing drift findings and their resolution",
    ],
    attributes: [
      "Sampled production resources were built from the current baseline",
      "Detected drift was corrected or tracked as a finding",
    ],
  },
  {
    id: "NET-06",
    domain: "network",
    title: "Cloud configuration posture monitoring",
    description:
      "A cloud security posture tool checks every production account continuously for risky settings such as public storage buckets, open ports, disabled logging or unencrypted volumes. Findings are routed to the infrastructure team with the same remediation deadlines as vulnerabilities.",
    criteria: ["CC7.1", "CC7.2"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Head of Infrastructure",
    evidence: ["Posture tool account coverage list", "Findings report with status and remediation dates"],
    attributes: [
      "All production accounts were monitored throughout the period",
      "Sampled high findings were fixed within the remediation deadline",
    ],
  },
  {
    id: "NET-07",
    domain: "network",
    title: "Office physical access control",
    description:
      "Offices are entered with personal badges, visitors sign in and are escorted, and network and server rooms are restricted to named staff. Badge access lists are reviewed every quarter and badges are deactivated when people leave.",
    criteria: ["CC6.4"],
    frequency: "quarterly",
    automation: "manual",
    ownerRole: "Facilities Manager",
    evidence: [
      "Badge system access list with the quarterly review sign-off",
      "Visitor log for a sample of days",
      "Badge deactivation records for leavers",
    ],
    attributes: [
      "The badge access list was reviewed in the sampled quarter",
      "The sampled leaver's badge was deactivated by their last working day",
      "Access to restricted rooms is limited to the named staff",
    ],
  },
  // -------------------------------------------------------------------------------------------
  // Encryption
  {
    id: "ENC-01",
    domain: "encryption",
    title: "Encryption in transit with TLS 1.2 or higher",
    description:
      "All external and internal connections that carry customer data use TLS 1.2 or higher with modern cipher suites, and older protocol versions are disabled at the load balancer. HTTP requests are redirected to HTTPS and browsers are told to use HTTPS only.",
    criteria: ["CC6.1", "CC6.7"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Load balancer TLS policy showing TLS 1.2 as the minimum",
      "External TLS scan report of public endpoints",
      "Database and service connection settings requiring TLS",
    ],
    attributes: [
      "Public endpoints refuse TLS 1.1 and earlier",
      "Connections from the application to the database require TLS",
    ],
  },
  {
    id: "ENC-02",
    domain: "encryption",
    title: "Encryption at rest with AES-256",
    description:
      "Databases, object storage, volumes and backups that hold customer data are encrypted at rest with AES-256 using keys held in the cloud key management service. Encryption is enforced by policy so that unencrypted storage cannot be created.",
    criteria: ["CC6.1", "C1.1"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Storage and database configuration showing AES-256 encryption enabled",
      "Cloud policy that denies creation of unencrypted storage",
    ],
    attributes: [
      "Each sampled data store holding customer data is encrypted at rest",
      "The preventive policy was in effect throughout the period",
    ],
  },
  {
    id: "ENC-03",
    domain: "encryption",
    title: "Key management and rotation",
    description:
      "Encryption keys are created and held in a managed key service, never exported, and rotated automatically at least once a year. Permission to use or administer keys is limited to named roles and every key operation is logged.",
    criteria: ["CC6.1"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Key service inventory with rotation settings",
      "Key policies listing the roles that may use and administer each key",
    ],
    attributes: [
      "Automatic rotation is enabled for each sampled key",
      "Only the named roles can administer the sampled key",
    ],
  },
  {
    id: "ENC-04",
    domain: "encryption",
    title: "Certificate lifecycle monitoring",
    description:
      "TLS certificates are issued and renewed automatically, and monitoring alerts the team 30 days before any certificate expires. Private keys for certificates are never stored in repositories or shared over chat.",
    criteria: ["CC6.7"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Head of Infrastructure",
    evidence: ["Certificate inventory with issuer and expiry dates", "Expiry alert configuration"],
    attributes: [
      "No public certificate expired during the period",
      "The expiry alert was configured for every certificate in the inventory",
    ],
  },
  {
    id: "ENC-05",
    domain: "encryption",
    title: "Protected transfer of customer files",
    description:
      "Files exchanged with customers or partners travel over encrypted channels such as SFTP or expiring, access-controlled links, never as plain email attachments. The approved channels are listed in the data handling standard and checked when a new integration is set up.",
    criteria: ["CC6.7", "C1.1"],
    frequency: "event",
    automation: "manual",
    ownerRole: "CISO",
    evidence: [
      "Data handling standard listing approved transfer channels",
      "Configuration of the file transfer service",
      "Data loss prevention alerts for attachments containing customer data",
    ],
    attributes: [
      "The sampled customer file exchange used an approved encrypted channel",
      "Shared links for the sampled transfer expired as configured",
    ],
  },
  // -------------------------------------------------------------------------------------------
  // Endpoints
  {
    id: "END-01",
    domain: "endpoints",
    title: "Device management enrolment for company laptops",
    description:
      "Every company laptop is enrolled in the device management service before it is handed over, which enforces the security configuration and reports compliance. Devices that fall out of compliance lose access to company systems until they are fixed.",
    criteria: ["CC6.1", "CC6.8"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "IT Manager",
    evidence: [
      "Device management enrolment report compared with the asset inventory",
      "Conditional access policy that blocks non-compliant devices",
    ],
    attributes: [
      "Each sampled laptop in the inventory is enrolled",
      "A non-compliant device was blocked from signing in",
    ],
  },
  {
    id: "END-02",
    domain: "endpoints",
    title: "Disk encryption and screen lock on laptops",
    description:
      "Device management enforces full-disk encryption and an automatic screen lock after no more than 15 minutes of inactivity on every laptop. Recovery keys are escrowed centrally so that a lost device can be remotely locked or wiped.",
    criteria: ["CC6.1", "CC6.7"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "IT Manager",
    evidence: [
      "Device compliance report showing encryption status per device",
      "Configuration profile enforcing screen lock",
    ],
    attributes: [
      "Each sampled laptop reports full-disk encryption enabled",
      "The screen lock profile applies to all enrolled devices",
    ],
  },
  {
    id: "END-03",
    domain: "endpoints",
    title: "Endpoint detection and anti-malware",
    description:
      "Endpoint detection and response software runs on all laptops and production hosts, with signatures and behaviour rules updated automatically. Detections raise alerts to the security team, and devices that stop reporting are investigated.",
    criteria: ["CC6.8", "CC7.2"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "CISO",
    evidence: [
      "Endpoint agent coverage report compared with the asset inventory",
      "Detection alerts for the period with their triage outcome",
    ],
    attributes: [
      "Each sampled device runs the agent and reported in the last 7 days",
      "Sampled detections were triaged by the security team",
    ],
  },
  {
    id: "END-04",
    domain: "endpoints",
    title: "Operating system and browser patching on endpoints",
    description:
      "Device management pushes operating system and browser updates and requires them to be installed within 14 days of release, or 3 days for actively exploited flaws. Devices that miss the deadline are flagged and followed up.",
    criteria: ["CC6.8", "CC7.1"],
    frequency: "weekly",
    automation: "automated",
    ownerRole: "IT Manager",
    evidence: [
      "Patch compliance report by device and operating system version",
      "Update enforcement policy in the device management service",
    ],
    attributes: [
      "Each sampled device ran a supported operating system version",
      "Each sampled device installed the critical update within the deadline",
    ],
  },
  {
    id: "END-05",
    domain: "endpoints",
    title: "Restricted software installation and removable media",
    description:
      "Staff can install only software from an approved catalogue, and administrator rights on laptops are removed by default. Writing data to USB storage is blocked unless the security team grants a time-limited exception.",
    criteria: ["CC6.8", "CC6.7"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "IT Manager",
    evidence: [
      "Device management configuration for the software catalogue and local administrator rights",
      "Removable media policy configuration",
      "Exception list for USB write access",
    ],
    attributes: [
      "Sampled standard users have no local administrator rights",
      "USB write access is blocked on sampled devices without an approved exception",
    ],
  },
  // -------------------------------------------------------------------------------------------
  // Vulnerability management
  {
    id: "VUL-01",
    domain: "vulnerability",
    title: "Weekly vulnerability scanning of infrastructure",
    description:
      "An authenticated scanner checks all production hosts, containers and public endpoints for known vulnerabilities at least once a week. Results feed the vulnerability tracker automatically, and the scan scope is reconciled with the asset inventory each quarter.",
    criteria: ["CC7.1"],
    frequency: "weekly",
    automation: "automated",
    ownerRole: "Security Engineer",
    evidence: [
      "Scanner schedule and target configuration",
      "Scan reports for sampled weeks",
      "Quarterly comparison of scan targets with the asset inventory",
    ],
    attributes: [
      "A scan completed in each sampled week",
      "The scan covered every production asset in the inventory",
    ],
  },
  {
    id: "VUL-02",
    domain: "vulnerability",
    title: "Remediation within severity deadlines",
    description:
      "Vulnerabilities are fixed within deadlines set by severity: critical within 7 days, high within 30 days, medium within 90 days and low at the owner's discretion. Anything that cannot meet its deadline needs an approved exception, and the security team reports deadline performance every month.",
    criteria: ["CC7.1", "CC4.2"],
    frequency: "monthly",
    automation: "manual",
    ownerRole: "Security Engineer",
    evidence: [
      "Vulnerability tracker export with severity, found date, fixed date and owner",
      "Monthly remediation report against the deadlines",
      "Approved exceptions for vulnerabilities past their deadline",
    ],
    attributes: [
      "The sampled critical or high vulnerability was fixed within its deadline",
      "Vulnerabilities past their deadline had an approved exception",
      "The monthly report was produced and reviewed in the sampled month",
    ],
  },
  {
    id: "VUL-03",
    domain: "vulnerability",
    title: "Annual independent penetration test",
    description:
      "An independent firm tests the application and its external infrastructure at least once a year and after major architectural changes; companies serving Indian regulated customers often choose a CERT-In empanelled auditor. Findings go into the vulnerability tracker with the normal deadlines and are retested once fixed.",
    criteria: ["CC4.1", "CC7.1"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "CISO",
    evidence: [
      "Penetration test report with scope, dates and tester",
      "Tracker entries for each finding with fix dates",
      "Retest letter confirming fixes",
    ],
    attributes: [
      "A penetration test was completed within the last 12 months by a party independent of the engineering team",
      "The test scope included the in-scope production application",
      "Critical and high findings were fixed and retested",
    ],
  },
  {
    id: "VUL-04",
    domain: "vulnerability",
    title: "Code, dependency and image scanning in the pipeline",
    description:
      "Every build runs static analysis, dependency checks and container image scanning before code can be merged or deployed. Builds with critical findings fail unless a reviewer records why the finding does not apply.",
    criteria: ["CC7.1", "CC8.1"],
    frequency: "event",
    automation: "automated",
    ownerRole: "Head of Engineering",
    evidence: [
      "Pipeline configuration showing the scanning stages and failure thresholds",
      "Scan results attached to sampled pull requests",
    ],
    attributes: [
      "The sampled change passed the scanning stages before deployment",
      "Any overridden critical finding has a recorded justification",
    ],
  },
  {
    id: "VUL-05",
    domain: "vulnerability",
    title: "Vulnerability disclosure and threat advisory intake",
    description:
      "A published disclosure policy and security contact let outside researchers report weaknesses, and each report is acknowledged and triaged. The security team also follows vendor bulletins and CERT-In advisories and logs the ones that affect the company's systems.",
    criteria: ["CC7.1", "CC2.3"],
    frequency: "event",
    automation: "manual",
    ownerRole: "Security Engineer",
    evidence: [
      "Published disclosure policy and security contact",
      "Log of external reports and applicable advisories with triage decisions",
    ],
    attributes: [
      "The sampled external report was acknowledged and triaged",
      "An applicable advisory was assessed and tracked to remediation",
    ],
  },
  // -------------------------------------------------------------------------------------------
  // Logging and monitoring
  {
    id: "LOG-01",
    domain: "logging",
    title: "Central log collection in a SIEM",
    description:
      "Logs from the identity provider, cloud control plane, production hosts, databases, application and security tools are forwarded to a central SIEM. Log sources are listed in an inventory, and the SIEM alerts when a source stops sending.",
    criteria: ["CC7.2", "CC2.1"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Security Engineer",
    evidence: [
      "SIEM log source inventory with last-received timestamps",
      "Alert rule for silent log sources",
    ],
    attributes: [
      "Each sampled in-scope system sends logs to the SIEM",
      "A log source outage raised an alert and was restored",
    ],
  },
  {
    id: "LOG-02",
    domain: "logging",
    title: "Log retention and protection",
    description:
      "Security logs are kept for at least one year, and for ICT systems covered by the CERT-In Directions a rolling 180 days is held within India. Logs are stored write-once or with access limited to the security team, so that nobody can alter or delete them unnoticed.",
    criteria: ["CC7.2", "CC6.1"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Security Engineer",
    evidence: [
      "SIEM and storage retention settings",
      "Storage location settings showing the region for logs held in India",
      "Access policy for the log store",
    ],
    attributes: [
      "Logs from 180 days before the test date can be retrieved for a sampled system",
      "Only the security team can modify or delete stored logs",
    ],
  },
  {
    id: "LOG-03",
    domain: "logging",
    title: "Security alerting and triage",
    description:
      "Detection rules in the SIEM raise alerts for suspicious events such as impossible travel, privilege changes, disabled logging and mass data export. An on-call analyst triages every alert within the set response time and records whether it is benign or escalated as an incident.",
    criteria: ["CC7.2", "CC7.3"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Security Engineer",
    evidence: ["Detection rule list with owners", "Alert queue export with triage times and outcomes"],
    attributes: [
      "The sampled alert was triaged within the defined response time",
      "Alerts classified as incidents were handed to the incident process",
    ],
  },
  {
    id: "LOG-04",
    domain: "logging",
    title: "Synchronised clocks across systems",
    description:
      "All servers and network devices take their time from a common trusted source, so that events can be correlated across logs. Systems covered by the CERT-In Directions synchronise to the NTP service of NIC or NPL or a source traceable to them.",
    criteria: ["CC7.2"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Time synchronisation configuration in the baseline templates",
      "Monitoring output showing clock offset for production hosts",
    ],
    attributes: [
      "Sampled hosts are configured to use the approved time source",
      "Clock offset stayed within the alert threshold for sampled hosts",
    ],
  },
  {
    id: "LOG-05",
    domain: "logging",
    title: "Audit trail of production configuration changes",
    description:
      "The cloud audit trail and the application's own admin audit log record who changed what in production and when. Changes to security-relevant settings such as identity policies, network rules and logging raise an alert for review.",
    criteria: ["CC7.1", "CC7.2"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Cloud audit trail configuration enabled for all regions and accounts",
      "Alert rules for security-relevant configuration changes",
      "Sample of alerts with their review outcome",
    ],
    attributes: [
      "The audit trail was enabled throughout the period for all production accounts",
      "A sampled security-relevant change raised an alert that was reviewed",
    ],
  },
  // -------------------------------------------------------------------------------------------
  // Incident response
  {
    id: "INC-01",
    domain: "incident",
    title: "Incident response plan with defined roles",
    description:
      "A written plan defines what counts as a security incident, severity levels, the response team, escalation paths and the communication rules. It is reviewed every year and after any major incident, and the people named in it are told of their roles.",
    criteria: ["CC7.3", "CC7.4"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "CISO",
    evidence: [
      "Incident response plan with version and approval date",
      "On-call roster and escalation contacts",
    ],
    attributes: [
      "The plan was reviewed and approved within the last 12 months",
      "The plan defines severity levels and who decides them",
    ],
  },
  {
    id: "INC-02",
    domain: "incident",
    title: "Incident logging and classification",
    description:
      "Every suspected incident, however it was detected, is opened as a ticket in the incident tracker and given a severity by the incident lead. The ticket records the timeline, affected systems and data, and the decisions taken.",
    criteria: ["CC7.3"],
    frequency: "event",
    automation: "manual",
    ownerRole: "CISO",
    evidence: ["Incident tracker export for the period", "Timelines recorded in sampled incident tickets"],
    attributes: [
      "The sampled incident was logged with a severity and an incident lead",
      "The timeline records detection, containment and resolution times",
    ],
  },
  {
    id: "INC-03",
    domain: "incident",
    title: "Containment, recovery and closure of incidents",
    description:
      "The incident lead directs containment, eradication and recovery according to the plan, and the incident is closed only when systems are restored and verified. Evidence gathered during the response is preserved.",
    criteria: ["CC7.4", "CC7.5"],
    frequency: "event",
    automation: "manual",
    ownerRole: "CISO",
    evidence: [
      "Sampled incident tickets showing containment and recovery steps",
      "Verification records before closure",
    ],
    attributes: [
      "The sampled incident was handled according to the plan for its severity",
      "Recovery was verified before the incident was closed",
    ],
  },
  {
    id: "INC-04",
    domain: "incident",
    title: "Post-incident review with corrective actions",
    description:
      "Every high or critical incident gets a blameless review within 10 business days that establishes the root cause and the lessons learned. Corrective actions are logged with owners and deadlines and followed to completion.",
    criteria: ["CC7.5", "CC4.2"],
    frequency: "event",
    automation: "manual",
    ownerRole: "CISO",
    evidence: [
      "Post-incident review documents for high and critical incidents",
      "Corrective action tickets with status",
    ],
    attributes: [
      "A review was completed within 10 business days of closing the sampled incident",
      "Corrective actions were assigned owners and completed or tracked",
    ],
  },
  {
    id: "INC-05",
    domain: "incident",
    title: "Regulator and customer incident notification",
    description:
      "The incident lead decides on external notification using a checklist of legal and contractual duties: reportable cyber incidents go to CERT-In within 6 hours of being noticed, and affected customers are told within the time their contract sets. Each notification is recorded with its time and content.",
    criteria: ["CC7.4", "CC2.3"],
    frequency: "event",
    automation: "manual",
    ownerRole: "CISO",
    evidence: [
      "Notification checklist with legal and contractual deadlines",
      "Copies of notifications sent to CERT-In and customers with timestamps",
    ],
    attributes: [
      "The notification decision for the sampled incident was recorded",
      "Required notifications were sent within their legal or contractual deadline",
    ],
  },
  {
    id: "INC-06",
    domain: "incident",
    title: "Annual incident response exercise",
    description:
      "The response team runs at least one tabletop or simulated incident exercise every year based on a realistic scenario. Gaps found in the plan or the tooling are logged as improvements.",
    criteria: ["CC7.4", "CC7.5"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "CISO",
    evidence: [
      "Exercise scenario, attendee list and date",
      "After-action report with the improvements raised",
    ],
    attributes: [
      "An exercise was held within the last 12 months",
      "Improvements from the exercise were tracked to completion",
    ],
  },
  // -------------------------------------------------------------------------------------------
  // Change management
  {
    id: "CHG-01",
    domain: "change",
    title: "Peer review and approval of every production change",
    description:
      "Code and infrastructure changes are made through pull requests that at least one qualified reviewer other than the author approves before merge. Branch protection on production repositories prevents direct pushes and self-approval.",
    criteria: ["CC8.1"],
    frequency: "event",
    automation: "automated",
    ownerRole: "Head of Engineering",
    evidence: [
      "Branch protection settings of production repositories",
      "List of changes deployed in the period with pull request, author and approver",
    ],
    attributes: [
      "The sampled change was approved by someone other than the author before it was merged",
      "Branch protection was enabled throughout the period",
      "The deployed change matches the approved pull request",
    ],
  },
  {
    id: "CHG-02",
    domain: "change",
    title: "Automated testing before deployment",
    description:
      "The delivery pipeline runs unit, integration and security tests for every change and deploys only builds that pass. Failed builds cannot be promoted to production without an emergency change record.",
    criteria: ["CC8.1"],
    frequency: "event",
    automation: "automated",
    ownerRole: "Head of Engineering",
    evidence: [
      "Pipeline configuration showing required test stages",
      "Pipeline runs for sampled deployments",
    ],
    attributes: [
      "All required tests passed for the sampled deployment",
      "The pipeline configuration required passing tests throughout the period",
    ],
  },
  {
    id: "CHG-03",
    domain: "change",
    title: "Separate development, staging and production",
    description:
      "Development, staging and production run in separate accounts with separate credentials, and changes are promoted through staging before they reach production. Developers have no routine write access to production.",
    criteria: ["CC8.1", "CC6.1"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Account structure showing separate environments",
      "Production access list showing who holds write access",
    ],
    attributes: [
      "Production is in its own account with its own credentials",
      "The sampled change was deployed to staging before production",
    ],
  },
  {
    id: "CHG-04",
    domain: "change",
    title: "Emergency change procedure",
    description:
      "An urgent fix may skip the normal approval only when the on-call lead declares an emergency, and it is reviewed and approved retrospectively within two business days. Emergency changes are counted and reviewed monthly for misuse.",
    criteria: ["CC8.1"],
    frequency: "event",
    automation: "manual",
    ownerRole: "Head of Engineering",
    evidence: [
      "Emergency change records with declaration and retrospective approval",
      "Monthly emergency change report",
    ],
    attributes: [
      "The sampled emergency change was approved retrospectively within two business days",
      "The emergency was declared by an authorised person",
    ],
  },
  {
    id: "CHG-05",
    domain: "change",
    title: "Security design review for significant changes",
    description:
      "New features or architecture changes that touch authentication, customer data, encryption or external integrations get a security design review before build starts. The review records threats considered and required controls, which become acceptance criteria.",
    criteria: ["CC8.1", "CC3.4"],
    frequency: "event",
    automation: "manual",
    ownerRole: "Security Engineer",
    evidence: [
      "Design review records with threats and required controls",
      "Tickets showing the required controls delivered",
    ],
    attributes: [
      "The sampled significant change had a security design review before release",
      "Required controls from the review were delivered or formally accepted as risks",
    ],
  },
  {
    id: "CHG-06",
    domain: "change",
    title: "Customer notice of material changes",
    description:
      "Customers are told in advance of planned maintenance, breaking API changes and changes to subprocessors or security commitments, through the status page, release notes or email. The notice period follows the customer agreement.",
    criteria: ["CC2.3"],
    frequency: "event",
    automation: "manual",
    ownerRole: "Head of Product",
    evidence: [
      "Release notes and maintenance notices for the period",
      "Customer agreement clause on change notification",
    ],
    attributes: [
      "The sampled material change was announced within the agreed notice period",
      "The notice reached the channel the agreement specifies",
    ],
  },
  // -------------------------------------------------------------------------------------------
  // Continuity and backup
  {
    id: "BCP-01",
    domain: "continuity",
    title: "Business continuity and disaster recovery plan",
    description:
      "A continuity and recovery plan sets recovery time and recovery point objectives for each critical service and describes how to restore them, who decides and how customers are informed. It is reviewed and approved every year and after the annual recovery exercise.",
    criteria: ["CC9.1", "A1.2", "CC7.5"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Continuity and recovery plan with recovery objectives and approval date",
      "Contact and escalation list used in the plan",
    ],
    attributes: [
      "The plan was reviewed and approved within the last 12 months",
      "Recovery objectives are stated for every critical service",
    ],
  },
  {
    id: "BCP-02",
    domain: "continuity",
    title: "Automated daily backups",
    description:
      "Production databases and file stores are backed up automatically at least daily, with point-in-time recovery where the service supports it. Backups are encrypted, copied to a second region and kept for at least 35 days, and failed jobs alert the on-call engineer.",
    criteria: ["A1.2", "CC9.1"],
    frequency: "daily",
    automation: "automated",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Backup configuration with schedule, retention and cross-region copy",
      "Backup job history for sampled days",
      "Alert configuration for failed backups",
    ],
    attributes: [
      "A successful backup exists for each sampled day",
      "Backups are copied to a second region",
      "Failed backup jobs raised an alert and were rerun",
    ],
  },
  {
    id: "BCP-03",
    domain: "continuity",
    title: "Quarterly backup restore test",
    description:
      "Each quarter an engineer restores a production backup into an isolated environment and checks that the data is complete and usable. The time taken is compared with the recovery time objective and problems are fixed.",
    criteria: ["A1.3", "A1.2"],
    frequency: "quarterly",
    automation: "manual",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Restore test records with backup date, restore time and validation checks",
      "Tickets for problems found during the test",
    ],
    attributes: [
      "A restore test was performed in the sampled quarter",
      "The restored data was validated for completeness",
      "The restore time was within the recovery time objective or the gap was tracked",
    ],
  },
  {
    id: "BCP-04",
    domain: "continuity",
    title: "Annual disaster recovery exercise",
    description:
      "Once a year the team runs a recovery exercise that fails over or rebuilds a critical service in another region following the plan. Results are measured against the recovery objectives and lessons feed back into the plan.",
    criteria: ["A1.3", "CC9.1"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Exercise plan, participants and timeline",
      "Results report with achieved recovery times and lessons learned",
    ],
    attributes: [
      "An exercise was performed within the last 12 months",
      "Achieved recovery times were compared with the objectives",
      "Lessons learned were added to the plan",
    ],
  },
  {
    id: "BCP-05",
    domain: "continuity",
    title: "Business impact analysis",
    description:
      "A business impact analysis identifies the critical services, their dependencies and the cost of their unavailability over time. It sets the recovery objectives in the plan and is refreshed every year.",
    criteria: ["CC9.1", "CC3.2"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Business impact analysis with critical services and dependencies",
      "Approval of the analysis by management",
    ],
    attributes: [
      "The analysis was updated within the last 12 months",
      "Recovery objectives in the plan match those derived in the analysis",
    ],
  },
  {
    id: "BCP-06",
    domain: "continuity",
    title: "Redundant production infrastructure",
    description:
      "Production runs across at least two availability zones with load balancing and managed database failover, so that the loss of one zone does not stop the service. Redundancy is defined in infrastructure code so that it cannot be removed without review.",
    criteria: ["A1.2"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Infrastructure code or console export showing multi-zone deployment",
      "Database failover configuration",
    ],
    attributes: [
      "Each sampled critical component runs in at least two zones",
      "Database failover is enabled",
    ],
  },
  // -------------------------------------------------------------------------------------------
  // Vendors
  {
    id: "VND-01",
    domain: "vendors",
    title: "Vendor due diligence before onboarding",
    description:
      "Before a new vendor receives company or customer data, the security team rates its risk and reviews its security evidence, such as a SOC 2 report, ISO 27001 certificate or questionnaire. Vendors are recorded in an inventory with their risk tier, the data they hold and a business owner.",
    criteria: ["CC9.2"],
    frequency: "event",
    automation: "manual",
    ownerRole: "Compliance Manager",
    evidence: [
      "Vendor inventory with risk tier, data shared and owner",
      "Completed due diligence records for vendors onboarded in the period",
    ],
    attributes: [
      "The sampled new vendor was assessed before it received data",
      "The vendor appears in the inventory with a risk tier and owner",
    ],
  },
  {
    id: "VND-02",
    domain: "vendors",
    title: "Annual review of critical vendors",
    description:
      "Each year the security team obtains and reads the current assurance report of every critical vendor and subservice organization, noting exceptions and the complementary controls the company must operate. Issues are raised with the vendor or added to the risk register.",
    criteria: ["CC9.2", "CC4.1"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "Compliance Manager",
    evidence: [
      "Assurance reports collected for critical vendors",
      "Review memos noting exceptions and complementary controls",
    ],
    attributes: [
      "Each sampled critical vendor was reviewed within the last 12 months",
      "Exceptions in the vendor's report were assessed for impact",
      "Complementary controls the vendor relies on are mapped to company controls",
    ],
  },
  {
    id: "VND-03",
    domain: "vendors",
    title: "Security and confidentiality terms in vendor contracts",
    description:
      "Contracts with vendors that handle company or customer data include security requirements, confidentiality duties, breach notification, audit rights and return or deletion of data at the end. Legal checks these terms before signature.",
    criteria: ["CC9.2", "C1.1"],
    frequency: "event",
    automation: "manual",
    ownerRole: "Head of Legal",
    evidence: ["Vendor contract template or security addendum", "Signed contracts for sampled vendors"],
    attributes: [
      "The sampled vendor contract includes security and confidentiality terms",
      "The contract requires the vendor to report breaches",
    ],
  },
  {
    id: "VND-04",
    domain: "vendors",
    title: "Subprocessor list shared with customers",
    description:
      "The company publishes the list of subprocessors that handle customer data and gives customers notice before adding one. The list is kept in step with the vendor inventory.",
    criteria: ["CC2.3", "CC9.2"],
    frequency: "event",
    automation: "manual",
    ownerRole: "Head of Legal",
    evidence: [
      "Published subprocessor list with change history",
      "Notices sent to customers for new subprocessors",
    ],
    attributes: [
      "The sampled new subprocessor was announced within the agreed notice period",
      "The published list matches the vendor inventory",
    ],
  },
  {
    id: "VND-05",
    domain: "vendors",
    title: "Data centre assurance from the cloud provider",
    description:
      "Physical security and environmental protection of the data centres are carved out to the cloud provider. Each year the company reviews the provider's assurance report for physical access, power, cooling and fire protection and records the complementary controls it must run.",
    criteria: ["CC6.4", "A1.2", "CC9.2"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "Compliance Manager",
    evidence: [
      "Cloud provider assurance report for the period",
      "Review memo covering physical and environmental controls",
    ],
    attributes: [
      "The provider's report covering the period was reviewed",
      "Relevant exceptions in the report were assessed",
    ],
  },
  {
    id: "VND-06",
    domain: "vendors",
    title: "Vendor offboarding",
    description:
      "When a vendor relationship ends, its access to company systems is removed and the vendor is asked to return or delete company and customer data and confirm it in writing. The vendor is marked inactive in the inventory.",
    criteria: ["CC9.2", "C1.2"],
    frequency: "event",
    automation: "manual",
    ownerRole: "Compliance Manager",
    evidence: [
      "Offboarding checklist for terminated vendors",
      "Vendor confirmations of data return or deletion",
    ],
    attributes: [
      "The sampled terminated vendor's access was removed",
      "A written confirmation of data deletion or return was obtained",
    ],
  },
  // -------------------------------------------------------------------------------------------
  // Availability
  {
    id: "AVL-01",
    domain: "availability",
    title: "Capacity planning review",
    description:
      "Every quarter the infrastructure team reviews usage trends for compute, storage, database and network against forecast growth and current limits. Actions to add capacity or raise quotas are planned before utilisation reaches the agreed thresholds.",
    criteria: ["A1.1"],
    frequency: "quarterly",
    automation: "manual",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Capacity review notes with utilisation graphs and forecasts",
      "Tickets for capacity actions raised by the review",
    ],
    attributes: [
      "A capacity review took place in the sampled quarter",
      "Resources above the threshold had a planned action",
    ],
  },
  {
    id: "AVL-02",
    domain: "availability",
    title: "Uptime and performance monitoring with on-call paging",
    description:
      "Synthetic checks and service metrics watch availability, latency and error rates around the clock. Breaches of alert thresholds page the on-call engineer, who acknowledges within the response time set in the runbook.",
    criteria: ["A1.1", "CC7.2"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Head of Infrastructure",
    evidence: [
      "Monitoring and alert rule configuration",
      "On-call schedule for the period",
      "Paging history with acknowledgement times",
    ],
    attributes: [
      "Every production service has availability checks",
      "Sampled pages were acknowledged within the response time",
    ],
  },
  {
    id: "AVL-03",
    domain: "availability",
    title: "Automatic scaling and resource limits",
    description:
      "Application tiers scale automatically with load between configured minimum and maximum sizes, and per-tenant rate limits stop one customer from exhausting shared capacity. Scaling settings are defined in infrastructure code and reviewed with the capacity plan.",
    criteria: ["A1.1"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Head of Infrastructure",
    evidence: ["Autoscaling configuration for production tiers", "Rate limit configuration"],
    attributes: [
      "Autoscaling is enabled for the sampled production tier",
      "Rate limits are configured for the public API",
    ],
  },
  {
    id: "AVL-04",
    domain: "availability",
    title: "Availability reporting and status page",
    description:
      "A public status page shows the current state of the service and past incidents, and monthly availability is measured against the service level in customer agreements. Missed service levels are reported to management and credited to customers as the contract requires.",
    criteria: ["A1.1", "CC2.3"],
    frequency: "monthly",
    automation: "manual",
    ownerRole: "Head of Customer Support",
    evidence: ["Monthly availability report against the service level", "Status page history for the period"],
    attributes: [
      "Availability was measured for the sampled month",
      "Outages in the monitoring data appear on the status page",
    ],
  },
  // -------------------------------------------------------------------------------------------
  // Processing integrity
  {
    id: "PIN-01",
    domain: "processing",
    title: "Published processing specifications",
    description:
      "Product and API documentation describe what the service does with the data it receives, the formats it accepts, the validation applied and the outputs and timings customers can expect. Documentation is updated as part of every release that changes processing.",
    criteria: ["PI1.1"],
    frequency: "event",
    automation: "manual",
    ownerRole: "Head of Product",
    evidence: [
      "Current API reference and product documentation",
      "Release checklist requiring documentation updates",
    ],
    attributes: [
      "The documentation describes inputs, processing and outputs for the sampled feature",
      "The sampled release that changed processing updated the documentation",
    ],
  },
  {
    id: "PIN-02",
    domain: "processing",
    title: "Input validation at every entry point",
    description:
      "The API and import functions check each input against a schema for type, range, format and required fields, and reject invalid input with a clear error rather than storing it. Rejected records are logged so that customers and support can correct them.",
    criteria: ["PI1.2"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Head of Engineering",
    evidence: [
      "Validation schemas in the source code for the sampled endpoints",
      "Automated tests that submit invalid input",
      "Rejected-input log sample",
    ],
    attributes: [
      "Invalid input submitted to the sampled endpoint was rejected",
      "The validation tests passed in the release pipeline",
    ],
  },
  {
    id: "PIN-03",
    domain: "processing",
    title: "Processing job monitoring and reconciliation",
    description:
      "Background jobs and data pipelines record counts of records received, processed and failed, and a daily reconciliation checks that the numbers agree. Failed or stuck jobs alert the engineering team and are retried or fixed with the affected records identified.",
    criteria: ["PI1.3"],
    frequency: "daily",
    automation: "automated",
    ownerRole: "Head of Engineering",
    evidence: [
      "Reconciliation reports for sampled days",
      "Alerts for failed jobs and the tickets that resolved them",
    ],
    attributes: [
      "The reconciliation for the sampled day balanced or the difference was investigated",
      "The sampled failed job was resolved and affected records reprocessed",
    ],
  },
  {
    id: "PIN-04",
    domain: "processing",
    title: "Output completeness and delivery checks",
    description:
      "Reports, exports and webhooks are checked for completeness before delivery, for example record counts and checksums, and delivery failures are retried and alerted. Scheduled outputs that miss their delivery time are flagged to support.",
    criteria: ["PI1.4"],
    frequency: "daily",
    automation: "automated",
    ownerRole: "Head of Engineering",
    evidence: ["Delivery logs with status and retry counts", "Alerts for failed or late deliveries"],
    attributes: [
      "The sampled output matched the source record count",
      "The sampled failed delivery was retried or the customer was informed",
    ],
  },
  {
    id: "PIN-05",
    domain: "processing",
    title: "Integrity of stored data",
    description:
      "Database constraints, transactions and checksums on stored files keep inputs, intermediate results and outputs complete and unaltered while they are held. A weekly job verifies checksums of stored files and reports any mismatch.",
    criteria: ["PI1.5"],
    frequency: "weekly",
    automation: "automated",
    ownerRole: "Head of Engineering",
    evidence: ["Database schema showing constraints on key tables", "Checksum verification job results"],
    attributes: [
      "The verification job ran in the sampled week",
      "Any mismatch found was investigated and resolved",
    ],
  },
  // -------------------------------------------------------------------------------------------
  // Privacy
  {
    id: "PRV-01",
    domain: "privacy",
    title: "Privacy notice published and kept current",
    description:
      "A privacy notice tells people what personal data is collected, why, how long it is kept, who it is shared with and how to exercise their rights. It is reviewed every year and whenever processing changes; for Indian data principals it itemises the data and purposes as the DPDP Act requires and is offered in English or a language of the Eighth Schedule on request.",
    criteria: ["P1.1"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "Data Protection Officer",
    evidence: ["Published privacy notice with version history", "Review record for the notice"],
    attributes: [
      "The notice was reviewed within the last 12 months",
      "The notice describes every category of personal data in the data inventory",
    ],
  },
  {
    id: "PRV-02",
    domain: "privacy",
    title: "Consent capture and withdrawal",
    description:
      "Where processing relies on consent, the product asks for it with a clear, specific request before collecting the data and records when and to what each person agreed. Withdrawing consent is as easy as giving it and stops the related processing.",
    criteria: ["P2.1", "P3.2"],
    frequency: "continuous",
    automation: "automated",
    ownerRole: "Data Protection Officer",
    evidence: [
      "Consent records with timestamp, version and purpose",
      "Screens showing the consent request and the withdrawal option",
    ],
    attributes: [
      "Consent was recorded before data was collected for the sampled person",
      "The sampled withdrawal stopped the related processing",
    ],
  },
  {
    id: "PRV-03",
    domain: "privacy",
    title: "Data minimisation in collection",
    description:
      "New forms, fields and integrations that collect personal data are reviewed to confirm each item is needed for a stated purpose. Fields that are no longer needed are removed.",
    criteria: ["P3.1"],
    frequency: "event",
    automation: "manual",
    ownerRole: "Data Protection Officer",
    evidence: [
      "Privacy reviews of new collection points",
      "Data inventory showing the purpose of each collected field",
    ],
    attributes: [
      "The sampled new collection point had a privacy review before launch",
      "Each collected field has a documented purpose",
    ],
  },
  {
    id: "PRV-04",
    domain: "privacy",
    title: "Record of processing purposes",
    description:
      "A record of processing lists each use of personal data with its purpose, legal basis, categories of data and recipients. New uses are checked against the purposes stated in the notice before they start, and the record is reviewed every year.",
    criteria: ["P4.1"],
    frequency: "annual",
    automation: "manual",
    ownerRole: "Data Protection Officer",
    evidence: ["Record of processing with review date", "Privacy reviews of new uses of personal data"],
    attributes: [
      "The record was reviewed within the last 12 months",
      "The sampled use of personal data matches a purpose in the notice",
    ],
  },
  {
    id: "PRV-05",
    domain: "privacy",
    title: "Retention schedule applied to personal data",
    description:
      "A retention schedule sets how long each category of personal data is kept, and automated jobs delete or anonymise data when its period ends. The job results are reviewed every month.",
    criteria: ["P4.2", "P4.3"],
    frequency: "monthly",
    automation: "automated",
    ownerRole: "Data Protection Officer",
    evidence: ["Retention schedule by data category", "Deletion job logs for sampled months"],
    attributes: [
      "The deletion job ran in the sampled month",
      "No sampled record was held beyond its retention period",
    ],
  },
  {
    id: "PRV-06",
    domain: "privacy",
    title: "Access and correction requests from individuals",
    description:
      "People can ask to see, correct or erase their personal data through a published channel, and their identity is verified before anything is disclosed or changed. Requests are answered within the legal deadline, corrections are passed to recipients of the data, and each request is logged.",
    criteria: ["P5.1", "P5.2", "P6.7"],
    frequency: "event",
    automation: "manual",
    ownerRole: "Data Protection Officer",
    evidence: [
      "Request log with received, verified and completed dates",
      "Responses sent for sampled requests",
    ],
    attributes: [
      "The requester's identity was verified before data was disclosed",
      "The sampled request was completed within the legal deadline",
      "Corrections were passed on to third parties that had received the data",
    ],
  },
  {
    id: "PRV-07",
    domain: "privacy",
    title: "Authorised disclosures to third parties and their log",
    description:
      "Personal data is disclosed to third parties only for purposes stated in the notice or with consent, and each disclosure outside routine processing, such as a response to a lawful request from an authority, is approved and logged. The log lets the company tell a person what was shared about them.",
    criteria: ["P6.1", "P6.2", "P6.7"],
    frequency: "event",
    automation: "manual",
    ownerRole: "Data Protection Officer",
    evidence: [
      "Disclosure log with recipient, data, purpose and approver",
      "Procedure for handling requests from authorities",
    ],
    attributes: [
      "The sampled disclosure had a permitted purpose or consent",
      "The sampled disclosure was approved and logged",
    ],
  },
  {
    id: "PRV-08",
    domain: "privacy",
    title: "Personal data breach register and notification",
    description:
      "Every actual or suspected personal data breach is recorded in a breach register with its facts, effects and remedial action. Notifications follow the applicable law: under the DPDP Act the Data Protection Board and each affected data principal are told without delay, with the Board's detailed report within 72 hours, and GDPR breaches go to the supervisory authority within 72 hours.",
    criteria: ["P6.3", "P6.6"],
    frequency: "event",
    automation: "manual",
    ownerRole: "Data Protection Officer",
    evidence: [
      "Breach register for the period",
      "Copies of notifications to the regulator and affected people with timestamps",
    ],
    attributes: [
      "The sampled breach was recorded in the register",
      "Required notifications were sent within the legal deadline",
    ],
  },
  {
    id: "PRV-09",
    domain: "privacy",
    title: "Privacy commitments from processors",
    description:
      "Vendors that process personal data sign a data processing agreement that limits their use of the data, requires equivalent protection and obliges them to report breaches to the company promptly. Compliance is checked in the annual vendor review.",
    criteria: ["P6.4", "P6.5"],
    frequency: "event",
    automation: "manual",
    ownerRole: "Data Protection Officer",
    evidence: [
      "Signed data processing agreements for processors",
      "Annual vendor review notes covering privacy terms",
    ],
    attributes: [
      "The sampled processor signed a data processing agreement before receiving personal data",
      "The agreement requires the processor to report breaches to the company",
    ],
  },
  {
    id: "PRV-10",
    domain: "privacy",
    title: "Accuracy of personal data",
    description:
      "People can update their own profile data in the product, and records used for decisions are validated at entry. A quarterly check finds and fixes incomplete or outdated records, such as bounced email addresses.",
    criteria: ["P7.1"],
    frequency: "quarterly",
    automation: "manual",
    ownerRole: "Data Protection Officer",
    evidence: [
      "Self-service profile update screens",
      "Quarterly data quality check results with corrections",
    ],
    attributes: [
      "The quarterly data quality check ran in the sampled quarter",
      "Issues found were corrected or tracked",
    ],
  },
  {
    id: "PRV-11",
    domain: "privacy",
    title: "Privacy grievances and compliance monitoring",
    description:
      "A published grievance contact, the grievance officer required by the DPDP Act for Indian users, receives privacy questions and complaints, and each is logged and answered within the set time. Each year the privacy owner reviews compliance with privacy commitments and reports the results and corrective actions to management.",
    criteria: ["P8.1"],
    frequency: "event",
    automation: "manual",
    ownerRole: "Data Protection Officer",
    evidence: ["Complaint log with resolutions and dates", "Annual privacy compliance review report"],
    attributes: [
      "The sampled complaint was answered within the set time",
      "The privacy compliance review was completed within the last 12 months",
    ],
  },
];

const DOMAIN_IDS = CONTROL_DOMAINS.map((d) => d.id) as [ControlDomain, ...ControlDomain[]];

/** "GOV-01" … "PRV-99": a three-letter domain prefix and a two-digit number. */
export const CONTROL_ID_PATTERN = /^[A-Z]{3}-\d{2}$/;

const text = (min: number, max: number) => z.string().trim().min(min).max(max);

export const LibraryControlSchema = z.strictObject({
  id: z.string().regex(CONTROL_ID_PATTERN, "must look like GOV-01"),
  domain: z.enum(DOMAIN_IDS),
  title: text(8, 90),
  description: text(100, 700),
  criteria: z
    .array(z.enum(CRITERION_IDS))
    .min(1)
    .max(6)
    .refine((ids) => new Set(ids).size === ids.length, "lists a criterion twice"),
  frequency: z.enum(FREQUENCIES),
  automation: z.enum(["automated", "manual"]),
  ownerRole: text(3, 60),
  evidence: z.array(text(10, 200)).min(2).max(4),
  attributes: z.array(text(10, 200)).min(2).max(4),
});

/** The whole library, with the rules that only make sense across entries. */
export const ControlLibrarySchema = z.array(LibraryControlSchema).superRefine((list, ctx) => {
  const seenIds = new Set<string>();
  const seenTitles = new Set<string>();
  const perDomain = new Map<ControlDomain, number>();
  list.forEach((c, index) => {
    const issue = (message: string) => ctx.addIssue({ code: "custom", path: [index], message });
    if (seenIds.has(c.id)) issue(`duplicate control ${c.id}`);
    seenIds.add(c.id);
    const prefix = DOMAIN_PREFIXES[c.domain];
    if (!c.id.startsWith(`${prefix}-`))
      issue(`${c.id} is in domain ${c.domain}, whose ids start with ${prefix}-`);
    const titleKey = c.title.toLowerCase();
    if (seenTitles.has(titleKey)) issue(`duplicate title "${c.title}"`);
    seenTitles.add(titleKey);
    perDomain.set(c.domain, (perDomain.get(c.domain) ?? 0) + 1);
  });
  for (const domain of DOMAIN_IDS) {
    if ((perDomain.get(domain) ?? 0) < 2) {
      ctx.addIssue({ code: "custom", message: `domain ${domain} needs at least 2 controls` });
    }
  }
});

/** Parses library data, or fails with every problem listed; a broken library is a defect, not input. */
export const parseControlLibrary = (data: unknown): readonly LibraryControl[] => {
  const result = ControlLibrarySchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "library"}: ${i.message}`);
    throw new AppError("INTERNAL", `The control library is invalid: ${problems.join("; ")}`);
  }
  return Object.freeze(
    result.data.map((c) =>
      Object.freeze({
        ...c,
        criteria: Object.freeze([...c.criteria]),
        evidence: Object.freeze([...c.evidence]),
        attributes: Object.freeze([...c.attributes]),
      }),
    ),
  );
};

export const CONTROL_LIBRARY: readonly LibraryControl[] = parseControlLibrary(CONTROL_DATA);

const BY_ID: ReadonlyMap<string, LibraryControl> = new Map(CONTROL_LIBRARY.map((c) => [c.id, c]));

export const findLibraryControl = (id: string): LibraryControl | undefined => BY_ID.get(id);

/**
 * The controls relevant to an engagement's categories: those that address at least one criterion of
 * a category in scope. Security's common criteria are always in scope (SOC2.md §1.2), so a control
 * mapped only to privacy criteria appears only when Privacy is chosen. Library order is kept.
 */
export const libraryControlsForCategories = (categories: readonly CategoryCode[]): LibraryControl[] => {
  const wanted = new Set<CategoryCode>(["CC", ...categories]);
  return CONTROL_LIBRARY.filter((c) =>
    c.criteria.some((id) => {
      const category = findCriterion(id)?.category;
      return category !== undefined && wanted.has(category);
    }),
  );
};
