/**
 * Policy templates: fifteen starting policies written for Fieldwork (not copied from any published
 * set), each with the six sections an auditor expects (Purpose, Scope, Roles and responsibilities,
 * numbered Policy statements, Exceptions, Review), a review cycle, the library controls it supports
 * and who must acknowledge it. `{{organization}}` is replaced with the organization's name when a
 * policy is created from a template. The data is validated when this module loads, so a missing
 * section, a body outside 300–700 words or a malformed control id fails every test and every start.
 */
import { z } from "zod";
import { AppError } from "../core/errors.js";

/** Who must read and acknowledge a policy, and the organization roles that stand for them. */
export const POLICY_AUDIENCES = {
  all_personnel: {
    label: "All personnel",
    roles: ["org_admin", "control_owner", "employee"],
  },
  engineering: {
    label: "Engineering and operations (control owners and admins)",
    roles: ["org_admin", "control_owner"],
  },
  management: {
    label: "Management (organization admins)",
    roles: ["org_admin"],
  },
} as const;
export type PolicyAudience = keyof typeof POLICY_AUDIENCES;
export const POLICY_AUDIENCE_IDS = Object.keys(POLICY_AUDIENCES) as [PolicyAudience, ...PolicyAudience[]];

/** The sections every policy body has, in this order, as level-2 Markdown headings. */
export const POLICY_SECTIONS = [
  "Purpose",
  "Scope",
  "Roles and responsibilities",
  "Policy statements",
  "Exceptions",
  "Review",
] as const;

export const ORGANIZATION_PLACEHOLDER = "{{organization}}";

/**
 * The control-library ids each template supports, kept in one map so they can be checked against
 * src/catalog/control-library.ts (see policy-templates.test.ts).
 */
export const TEMPLATE_CONTROLS: Record<string, readonly string[]> = {
  "information-security": ["POL-01", "POL-02", "POL-03", "GOV-03", "GOV-05"],
  "acceptable-use": ["GOV-01", "END-01", "END-02", "END-05"],
  "access-control": [
    "IAM-01",
    "IAM-02",
    "IAM-03",
    "IAM-04",
    "IAM-05",
    "IAM-06",
    "IAM-07",
    "IAM-09",
    "IAM-10",
  ],
  "change-management": ["CHG-01", "CHG-02", "CHG-03", "CHG-04", "CHG-06", "AST-03"],
  "incident-response": ["INC-01", "INC-02", "INC-03", "INC-04", "INC-05", "INC-06", "PRV-08"],
  "business-continuity": ["BCP-01", "BCP-02", "BCP-03", "BCP-04", "BCP-05", "BCP-06"],
  "vendor-management": ["VND-01", "VND-02", "VND-03", "VND-04", "VND-06"],
  "data-classification": ["AST-02", "AST-04", "AST-05", "PRV-05"],
  encryption: ["ENC-01", "ENC-02", "ENC-03", "ENC-04", "IAM-10"],
  privacy: ["PRV-01", "PRV-02", "PRV-04", "PRV-06", "PRV-11"],
  "risk-assessment": ["RSK-01", "RSK-02", "RSK-03", "RSK-04"],
  "secure-development": ["CHG-05", "PPL-04", "VUL-03", "VUL-04", "AST-03"],
  "logging-monitoring": ["LOG-01", "LOG-02", "LOG-03", "LOG-04", "AVL-02"],
  "vulnerability-management": ["VUL-01", "VUL-02", "VUL-03", "VUL-05", "END-04"],
  "hr-security": ["PPL-01", "PPL-02", "PPL-03", "PPL-05", "PPL-06", "PPL-07", "IAM-05"],
};

export interface PolicyTemplate {
  readonly id: string;
  readonly title: string;
  /** One or two sentences: why the policy exists. */
  readonly purpose: string;
  /** Markdown with the six sections of POLICY_SECTIONS. */
  readonly body: string;
  readonly reviewCycleMonths: number;
  /** Control-library ids such as "IAM-03". */
  readonly controls: readonly string[];
  readonly audience: PolicyAudience;
}

const TEMPLATE_DATA: readonly Omit<PolicyTemplate, "controls">[] = [
  {
    id: "information-security",
    title: "Information Security Policy",
    purpose:
      "Sets out how the organization protects the confidentiality, integrity and availability of its own and its customers' information, and who is accountable for it.",
    reviewCycleMonths: 12,
    audience: "all_personnel",
    body: `## Purpose

This policy states how {{organization}} protects the information it holds for itself and for its customers, and who is accountable for doing so. It is the top-level policy of the security programme; the topic policies (access control, change management, incident response and the others) carry the detailed requirements and take precedence on their topics.

## Scope

This policy applies to all employees, contractors and interns of {{organization}}, to every system, application, cloud account and device that stores or processes company or customer information, and to third parties who use those systems on the organization's behalf.

## Roles and responsibilities

- **Leadership** approves this policy, sets the risk appetite and provides the people and budget the programme needs.
- **Security lead** (named by leadership) runs the programme day to day: keeps the policy set current, coordinates the annual risk assessment, tracks remediation and reports to leadership at least quarterly.
- **Control owners** operate the controls assigned to them and keep the evidence that shows they operated.
- **Managers** make sure their teams complete training and follow the policies.
- **Everyone in scope** reads and acknowledges the policies that apply to them and reports suspected incidents promptly.

## Policy statements

1. Security objectives are set each year, are consistent with the commitments made to customers in contracts and in the system description, and are reviewed by leadership.
2. A named security lead is accountable for the programme, and the responsibility is written into that person's role description.
3. Security policies are approved by management, published where everyone in scope can read them, and acknowledged by each person they apply to within 30 days of joining and after each material revision.
4. Information assets are inventoried, each with a named owner who decides its classification and who may access it.
5. Access to systems follows least privilege and need to know, and is reviewed on the schedule in the Access Control Policy.
6. Risks to information are assessed at least annually and after any significant change; each treatment decision is recorded with an owner and a target date.
7. Controls are monitored during the year. Deficiencies are logged, assigned and tracked to closure, and significant ones are reported to leadership.
8. Customers, regulators and other affected parties are told about security commitments and about incidents that affect them, as contracts and law require, including the CERT-In Directions and the Digital Personal Data Protection Act, 2023 for operations in India.
9. Everyone in scope completes security awareness training when they join and at least once a year.
10. A breach of any security policy may lead to disciplinary action, up to termination of employment or contract, in proportion to its seriousness.

## Exceptions

An exception to any security policy is requested in writing with the reason, the risk it creates and any compensating control. The security lead approves it, and leadership approves high-risk exceptions. Exceptions expire after at most 12 months and are kept in the exceptions register.

## Review

The security lead reviews this policy at least every 12 months and after a significant change to the business, the system or the law. Leadership approves each revision.
`,
  },
  {
    id: "acceptable-use",
    title: "Acceptable Use Policy",
    purpose:
      "Defines how people may use the organization's devices, accounts, networks and data, so that everyday work does not put information at risk.",
    reviewCycleMonths: 12,
    audience: "all_personnel",
    body: `## Purpose

This policy tells everyone who works for {{organization}} what is and is not acceptable when using company devices, accounts, networks and data. Most security incidents start with an ordinary action (a reused password, an unapproved tool, a lost laptop), so clear rules for daily work matter.

## Scope

It applies to all employees, contractors and interns, to company-owned laptops and phones, to personal devices used to reach company systems, and to every company account, including e-mail, chat, source code hosting and cloud consoles.

## Roles and responsibilities

- **Every user** follows this policy and reports lost devices and suspicious messages at once.
- **IT or the security lead** configures devices to the baseline, approves software and handles reports.
- **Managers** make sure their people know these rules and that access ends when someone leaves.

## Policy statements

1. Company systems are provided for business use. Limited personal use is allowed when it does not interfere with work, break the law or put company data at risk.
2. Each person uses only their own accounts. Passwords and MFA devices are never shared, and passwords are kept in the company password manager.
3. Company laptops have full-disk encryption, a screen lock after at most 5 minutes of inactivity, automatic operating-system updates and the endpoint protection agent; users do not disable any of these.
4. Only software from the approved list, or approved through an IT request, is installed on company devices. Browser extensions and AI tools that can read company data need the same approval.
5. Customer and confidential data is stored only in approved company systems. It is never copied to personal e-mail, personal cloud storage, removable media or unapproved AI services.
6. Personal devices may reach company e-mail and chat only through the approved apps with a device passcode; they may not hold source code or customer data.
7. Phishing, unexpected attachments and unusual requests for payments or credentials are reported to the security channel without being opened, forwarded or answered.
8. A lost or stolen device is reported within 1 hour of noticing, so that it can be locked and wiped remotely.
9. Users must not try to bypass security controls, scan networks, test security or access data they have no business need for, unless the security lead has authorised it in writing.
10. Company use of systems may be logged and monitored for security purposes, in line with applicable law; users should not expect privacy in company accounts.
11. On leaving, each person returns all company devices and data and keeps no copies.

## Exceptions

Exceptions (for example a tool not on the approved list for a time-limited project) are requested through IT with the business reason and approved by the security lead. Approved exceptions are recorded with an expiry date.

## Review

The security lead reviews this policy every 12 months, and sooner when new classes of tools (such as AI assistants) come into use.
`,
  },
  {
    id: "access-control",
    title: "Access Control Policy",
    purpose:
      "Ensures that only authorised people and services can reach systems and data, with the least privilege they need, and that access is removed promptly when it is no longer needed.",
    reviewCycleMonths: 12,
    audience: "all_personnel",
    body: `## Purpose

This policy sets the rules by which {{organization}} grants, reviews and removes access to its systems and data, so that each person and service holds only the access their role needs, for only as long as they need it.

## Scope

It covers every production system, cloud account, database, source code repository, internal tool and SaaS application that stores or processes company or customer data, and every human and non-human (service) account on them.

## Roles and responsibilities

- **System owners** decide who may have access to their systems and approve requests.
- **IT or the platform team** creates, changes and removes accounts as approved.
- **Managers** request access for their people, confirm it during reviews and raise leaver requests on time.
- **The security lead** runs the quarterly access reviews and keeps their records.

## Policy statements

1. Every person has a unique named account; shared or generic accounts are not used for interactive access.
2. Access is requested through the ticketing system, approved by the system owner (and the manager for privileged roles) before it is granted, and the approval is kept.
3. Access is granted through roles that give the least privilege the job needs. Production write access and administrative roles are limited to named people in engineering and operations.
4. Multi-factor authentication is required for single sign-on, cloud consoles, source code hosting, VPN and every administrative interface. Where a system supports single sign-on, it is used.
5. Passwords are at least 12 characters, are not reused across systems and are stored only in the company password manager. Default passwords are changed before a system goes live.
6. Privileged access to production is used only when needed, through named accounts, and is logged. Break-glass accounts are sealed, monitored and their use reviewed within 1 business day.
7. Service accounts and API keys have an owner, the narrowest scope that works, are kept in the secrets manager and are rotated at least yearly and whenever someone who knew them leaves.
8. When someone leaves, all access is removed within 1 business day of their last working day, and on the same day for an involuntary departure. Role changes remove access that is no longer needed within 5 business days.
9. System owners review user and privileged access every quarter. Inappropriate access found in a review is removed within 5 business days and the review record shows what was changed.
10. Remote access to internal networks uses the company VPN or zero-trust access with MFA; production systems are not reachable directly from the internet for administration.

## Exceptions

Exceptions, such as a shared account a vendor system requires, are approved by the security lead with a compensating control (for example, password vaulting with checkout logging) and reviewed at each quarterly access review.

## Review

This policy is reviewed every 12 months and whenever the identity provider or the production platform changes materially.
`,
  },
  {
    id: "change-management",
    title: "Change Management Policy",
    purpose:
      "Makes sure that changes to production systems are planned, reviewed, tested and approved before release, and can be traced afterwards.",
    reviewCycleMonths: 12,
    audience: "engineering",
    body: `## Purpose

This policy sets how {{organization}} changes its production systems (application code, infrastructure, configuration and databases) so that every change is authorised, tested and traceable, and unplanned changes are detected.

## Scope

It applies to all changes to systems in the scope of the organization's commitments to customers: application releases, infrastructure-as-code, cloud configuration, database schema and data fixes, and changes to third-party services that affect production.

## Roles and responsibilities

- **Change author** describes the change, tests it and links it to a ticket.
- **Reviewer** (a person other than the author) checks the change and approves it.
- **Engineering manager** approves high-risk changes and emergency changes after the fact.
- **Platform team** maintains the deployment pipeline and the branch protection that enforce this policy.

## Policy statements

1. Every change starts from a ticket or issue that states what is changing and why.
2. Changes are made in version control. The main branch is protected: direct pushes are blocked and merging requires a passing pipeline and approval by at least one reviewer who is not the author.
3. Automated tests, static analysis and dependency checks run on every change; a failing check blocks the merge unless the reviewer records why it is safe to proceed.
4. Changes are deployed only through the automated pipeline. Engineers do not change production by hand except under statement 7.
5. Development, test and production environments are separate. Production customer data is not copied to non-production environments unless it has been masked or the security lead has approved the copy.
6. High-risk changes (database migrations on large tables, authentication, encryption, network boundaries) have a written rollback plan and are approved by the engineering manager before release.
7. An emergency change needed to restore service or close an actively exploited weakness may be deployed with a single approval or, if none is available, by the on-call engineer alone. It is reviewed and approved after the fact within 2 business days.
8. Infrastructure is defined as code where the platform supports it, and configuration drift from the code is detected and reported at least daily.
9. Release records (ticket, pull request, approvals, pipeline run and deploy time) are retained for at least 18 months so that any change in an audit period can be traced.
10. Customers are told in advance about changes that alter the service they receive, as their agreements require.

## Exceptions

A repository or system that cannot meet statement 2 or 4 (for example a vendor-managed appliance) has a documented alternative approved by the security lead, such as a change ticket with manager approval and a configuration export before and after.

## Review

The engineering manager reviews this policy every 12 months and when the deployment pipeline changes.
`,
  },
  {
    id: "incident-response",
    title: "Incident Response Policy",
    purpose:
      "Prepares the organization to detect, contain and recover from security incidents and to notify customers and authorities, including CERT-In and the Data Protection Board of India, on time.",
    reviewCycleMonths: 12,
    audience: "all_personnel",
    body: `## Purpose

This policy sets how {{organization}} recognises, reports, handles and learns from security incidents, and how it meets its notification duties to customers and authorities.

## Scope

It applies to every suspected or confirmed event that threatens the confidentiality, integrity or availability of company or customer information, in any system, device or vendor service the organization relies on, and to everyone in scope of the Information Security Policy.

## Roles and responsibilities

- **Everyone** reports a suspected incident at once through the security channel or the on-call number.
- **Incident commander** (the on-call security or engineering lead) classifies the incident, leads the response and keeps the timeline.
- **Leadership** decides on customer and public communication for high-severity incidents.
- **Legal or the privacy lead** decides which notifications the law or contracts require and sends them.

## Policy statements

1. An incident response plan describes severity levels, roles, contact lists, communication templates and runbooks for likely scenarios; it is tested at least once a year in a tabletop exercise or drill.
2. Suspected incidents are reported immediately. Each one is logged with its time of detection, and the incident commander assigns a severity within 1 hour.
3. Evidence (logs, disk images, messages) is preserved before systems are changed where that is practical, and the chain of custody is recorded.
4. For entities operating in India, cyber incidents of the types listed in the CERT-In Directions of 28 April 2022 are reported to CERT-In within 6 hours of being noticed, using the CERT-In reporting format, and follow-up information is provided as CERT-In asks.
5. A personal data breach is assessed by the privacy lead at once. Under the Digital Personal Data Protection Act, 2023 and its Rules, each affected data principal is informed without delay, and the Data Protection Board of India receives an intimation without delay and a detailed report within 72 hours of the organization becoming aware of the breach.
6. Customers are notified of incidents affecting their data within the time their agreements set, and other regulators as applicable law requires. Each notification sent is recorded with its time and recipient.
7. Containment, eradication and recovery actions are recorded in the incident ticket with who did what and when.
8. Every high or critical incident has a written post-incident review within 10 business days, covering root cause, impact, timeline and corrective actions; the actions are tracked to closure.
9. Incident records are retained for at least 3 years.

## Exceptions

No exceptions are allowed to the notification deadlines in statements 4 to 6. Other exceptions need the security lead's written approval.

## Review

The security lead reviews this policy and the plan every 12 months, after each high or critical incident and whenever notification law changes.
`,
  },
  {
    id: "business-continuity",
    title: "Business Continuity and Disaster Recovery Policy",
    purpose:
      "Keeps the service available to customers through disruptions by setting recovery objectives, backups and regularly tested recovery plans.",
    reviewCycleMonths: 12,
    audience: "engineering",
    body: `## Purpose

This policy makes sure {{organization}} can keep providing its service, or restore it within agreed times, after a disruption such as a cloud region outage, data loss, ransomware or the loss of key people or offices.

## Scope

It covers the production service and the data, infrastructure, vendors and people it depends on, together with the business functions customers rely on, such as support and billing.

## Roles and responsibilities

- **Leadership** approves recovery objectives and accepts residual continuity risk.
- **Platform team** designs for resilience, runs backups and leads technical recovery.
- **Continuity coordinator** (named by leadership) keeps the plan and contact lists current and organises tests.
- **Service owners** keep runbooks for their components up to date.

## Policy statements

1. A business impact analysis identifies critical services and sets a recovery time objective (RTO) and recovery point objective (RPO) for each; these match or beat the commitments in customer agreements.
2. The business continuity and disaster recovery plan describes how to invoke it, who decides, how to communicate with staff and customers, and the steps to recover each critical service.
3. Production data is backed up automatically at least daily, or continuously where the RPO requires it. Backups are encrypted, kept in a separate account or region from the primary copy and protected from deletion by the same credentials.
4. Backups are retained for at least 30 days, with longer retention where customer agreements or law require it.
5. Backup jobs are monitored and a failed backup is investigated within 1 business day.
6. A restore from backup is tested at least quarterly for each critical data store, and the result (time taken, data verified) is recorded.
7. The recovery plan is exercised at least once a year through a failover or a tabletop exercise. Findings become tracked actions.
8. Critical services run across more than one availability zone, and capacity is monitored against thresholds that trigger scaling or review.
9. Critical vendors' own continuity arrangements are reviewed as part of vendor management.
10. Key knowledge is documented in runbooks, and no critical task depends on a single person.

## Exceptions

A service that cannot meet its RTO or RPO is recorded as a risk with an owner and a remediation date, approved by leadership.

## Review

The continuity coordinator reviews this policy, the business impact analysis and the plan every 12 months and after each activation or significant architecture change.
`,
  },
  {
    id: "vendor-management",
    title: "Vendor Management Policy",
    purpose:
      "Ensures that vendors and subservice organizations that handle company or customer data are assessed before use and monitored while they are used.",
    reviewCycleMonths: 12,
    audience: "management",
    body: `## Purpose

This policy sets how {{organization}} selects, contracts with, monitors and exits vendors, so that the risks they bring to company and customer information are understood and kept within the organization's risk appetite.

## Scope

It covers every third party that stores, processes or can access company or customer data, that provides infrastructure or software the service depends on, or that performs a control on the organization's behalf (a subservice organization).

## Roles and responsibilities

- **Vendor owner** (the person who requests the vendor) completes the intake, keeps the relationship and reports issues.
- **The security lead** assesses security risk and approves high-risk vendors.
- **Finance and legal** make sure contracts carry the required terms before payment.
- **Leadership** accepts residual risk for critical vendors.

## Policy statements

1. Every vendor is recorded in the vendor inventory with its owner, the service it provides, the data it can access and a risk rating (critical, high, medium or low).
2. Before a vendor with access to confidential or personal data is engaged, the security lead reviews its security: a current SOC 2 Type 2 or ISO 27001 certificate where one exists, otherwise a security questionnaire and supporting evidence.
3. Contracts with vendors handling confidential or personal data include confidentiality, security obligations, breach notification to the organization within a stated time, data return or deletion at the end, the right to assess, and data processing terms where personal data is involved.
4. For subservice organizations, the organization identifies the complementary user entity controls in their reports and makes sure it operates them.
5. Critical and high-risk vendors are reassessed every year, including reading their latest assurance report and any exceptions in it; medium-risk vendors every two years.
6. Vendor incidents and significant changes to a vendor's service are tracked and assessed for impact.
7. Access that vendors have to company systems follows the Access Control Policy and is removed when the engagement ends.
8. When a vendor relationship ends, company data is returned or deleted and written confirmation is kept.
9. Customers are told about new or changed subprocessors as their agreements require.

## Exceptions

Urgent use of a vendor before assessment needs the security lead's approval, limited to non-confidential data, and the assessment must be completed within 30 days.

## Review

The security lead reviews this policy every 12 months and the vendor inventory every quarter.
`,
  },
  {
    id: "data-classification",
    title: "Data Classification and Retention Policy",
    purpose:
      "Classifies information by sensitivity so that it gets the right protection, and sets how long it is kept and how it is disposed of.",
    reviewCycleMonths: 12,
    audience: "all_personnel",
    body: `## Purpose

This policy gives {{organization}} a simple way to label information by sensitivity, to protect each class appropriately, and to keep it only as long as it is needed.

## Scope

It applies to all information the organization creates, receives or holds, in any form and in any system, including customer data held on customers' behalf and personal data of employees and customers.

## Roles and responsibilities

- **Data owners** classify the information they are responsible for and approve who may access it.
- **Everyone** handles information according to its class.
- **The security lead** maintains the data inventory, the retention schedule and the disposal records.

## Policy statements

1. Information is classified into four classes: **Public** (approved for release), **Internal** (everyday business information), **Confidential** (customer data, contracts, financials, source code, security details) and **Restricted** (credentials, encryption keys, sensitive personal data, payment data).
2. Unlabelled information is treated as Confidential until its owner classifies it.
3. Confidential and Restricted information is encrypted in transit and at rest, accessible only to people with a business need, and never placed in public repositories or unapproved tools.
4. Restricted information is stored only in systems approved for it, access to it is logged, and it is never sent by e-mail or chat in clear text.
5. The data inventory lists the systems holding Confidential and Restricted information, the classes held, the owner and the retention period.
6. Information is kept for the period in the retention schedule and no longer: customer data for the term of the agreement plus at most 90 days unless the customer asks for earlier deletion; personal data only while needed for the purpose it was collected for, or longer only where law requires; security logs as set in the Logging and Monitoring Policy; financial records for 8 years as Indian tax law requires.
7. When a retention period ends, information is deleted from primary systems and left to expire from backups within the backup retention period.
8. Media and devices are wiped with a verified method or physically destroyed before reuse or disposal, and a disposal record is kept.
9. Deletion requests from customers and data principals are completed within the time agreed or required by law, and completion is recorded.

## Exceptions

A legal hold suspends deletion for the information it names; the hold and its release are recorded. Other exceptions need the data owner's and the security lead's approval.

## Review

The security lead reviews this policy and the retention schedule every 12 months.
`,
  },
  {
    id: "encryption",
    title: "Encryption and Key Management Policy",
    purpose:
      "Sets the standards for encrypting data in transit and at rest and for generating, storing, rotating and retiring cryptographic keys.",
    reviewCycleMonths: 12,
    audience: "engineering",
    body: `## Purpose

This policy sets how {{organization}} uses cryptography to protect information and how it manages the keys, because encryption is only as strong as the control over its keys.

## Scope

It covers data in transit and at rest in all production and corporate systems, backups, laptops, and every key, certificate and secret used by them, including keys held in cloud key management services.

## Roles and responsibilities

- **Platform team** implements encryption, operates the key management service and rotates keys.
- **Key custodians** (named platform engineers) are the only people who can administer master keys.
- **The security lead** approves algorithms, reviews exceptions and checks compliance yearly.

## Policy statements

1. Data in transit over public networks uses TLS 1.2 or later with modern cipher suites; TLS 1.0, 1.1 and unauthenticated ciphers are disabled. Internal service traffic carrying Confidential data is also encrypted.
2. Confidential and Restricted data at rest is encrypted with AES-256 or an equivalent approved algorithm. This includes databases, object storage, backups and laptop disks.
3. Passwords are stored only as salted hashes from an approved slow algorithm such as Argon2id, scrypt or bcrypt.
4. Keys are generated in a key management service or hardware security module where available, never hard-coded, and never stored beside the data they protect.
5. Application secrets and API keys are kept in the secrets manager and injected at run time; they are never committed to source control. Secret scanning runs on every repository.
6. Access to key administration is limited to the key custodians, requires MFA and is logged. Nobody who can read the encrypted data alone can also export the master key.
7. Data encryption keys are rotated at least yearly, and at once if compromise is suspected. TLS certificates are renewed automatically before expiry and monitored.
8. Retired keys are kept only as long as needed to decrypt retained data, then destroyed, and the destruction is recorded.
9. Cryptographic libraries come from maintained, widely reviewed sources; custom cryptography is not written.
10. Where law requires data to stay in India (such as the logs covered by the CERT-In Directions), the keys protecting it are held in a region that satisfies the same requirement.

## Exceptions

A system unable to meet these standards (for example a legacy vendor service) is recorded with a compensating control and a remediation plan approved by the security lead.

## Review

The security lead reviews this policy every 12 months and when a relevant algorithm is weakened or deprecated.
`,
  },
  {
    id: "privacy",
    title: "Privacy Notice and Data Subject Rights Policy",
    purpose:
      "Ensures people are told how their personal data is used and can exercise their rights to access, correct and erase it and to raise a grievance.",
    reviewCycleMonths: 12,
    audience: "all_personnel",
    body: `## Purpose

This policy sets how {{organization}} tells people what personal data it collects and why, and how it answers requests from those people (data principals, or data subjects) to exercise their rights.

## Scope

It covers personal data of customers' users, prospects, website visitors, employees and candidates that the organization processes as a data fiduciary (controller), and its help to customers when it processes personal data on their behalf as a processor.

## Roles and responsibilities

- **Privacy lead** (the Data Protection Officer or grievance officer where one is required) owns the privacy notices, handles requests and complaints and keeps records.
- **Engineering** provides the means to find, export, correct and delete a person's data.
- **Everyone** forwards any privacy request or complaint they receive to the privacy lead within 1 business day.

## Policy statements

1. A privacy notice, in clear and plain language, is published on the website and shown where personal data is collected. It states what data is collected, for what purposes, the legal basis or consent relied on, who it is shared with, how long it is kept, how to exercise rights and how to contact the privacy lead.
2. Where consent is the basis, it is free, specific, informed and recorded, and can be withdrawn as easily as it was given. Under the Digital Personal Data Protection Act, 2023, the notice is given with or before the request for consent.
3. Personal data is collected only for the stated purposes and not used for a new purpose without a new notice or consent.
4. People can ask to access a summary of their data and its processing, to correct, complete or update it, to erase it when it is no longer needed, and to nominate another person to act for them where Indian law gives that right.
5. Requests are verified before they are acted on, logged with the date received and answered within 30 days, or sooner where applicable law sets a shorter period.
6. A grievance channel is published. Grievances are acknowledged within 2 business days and resolved within the period the law sets, and the person is told how to escalate to the Data Protection Board of India or another regulator.
7. When the organization acts as a processor, it passes requests it receives to the customer without delay and helps the customer answer them as the agreement requires.
8. Records of requests, their outcome and response times are kept for 3 years.
9. Changes to a privacy notice are dated, and material changes are communicated before they take effect.

## Exceptions

A request may be refused only on a ground the law allows; the refusal and its reason are recorded and explained to the person.

## Review

The privacy lead reviews this policy and the notices every 12 months and when privacy law or processing activities change.
`,
  },
  {
    id: "risk-assessment",
    title: "Risk Assessment Policy",
    purpose:
      "Defines how the organization identifies, analyses and treats risks to its objectives, including fraud and changes in its environment.",
    reviewCycleMonths: 12,
    audience: "management",
    body: `## Purpose

This policy sets how {{organization}} identifies and assesses the risks that could stop it meeting its objectives and its commitments to customers, and how it decides what to do about them.

## Scope

It covers risks to the security, availability, processing integrity, confidentiality and privacy of the service, including risks from vendors, fraud, regulatory change, technology change and the loss of key people.

## Roles and responsibilities

- **Leadership** sets the risk appetite, approves the risk assessment and accepts residual risks above the threshold.
- **The security lead** runs the assessment, keeps the risk register and reports progress.
- **Risk owners** carry out treatment plans for the risks assigned to them.

## Policy statements

1. A formal risk assessment is carried out at least once a year and whenever a significant change occurs, such as a new product, a major architecture change, an acquisition or new regulation.
2. The assessment identifies assets and processes, threats and vulnerabilities, and considers fraud risk: the incentives, opportunities and rationalisations that could lead people to misuse assets or misstate information.
3. Each risk is rated for likelihood and impact on a defined five-point scale, giving an inherent rating, and again after existing controls, giving a residual rating.
4. Every risk has a named owner and a treatment decision: mitigate, transfer, avoid or accept. Mitigation plans have actions with owners and dates.
5. Residual risks rated high or critical are accepted only by leadership, in writing, for at most 12 months.
6. The risk register records the date of each assessment, the ratings, the decisions and their status, and is kept for at least 3 years.
7. The results inform the choice and design of controls, the internal audit or monitoring plan, and the security objectives for the next year.
8. Risks from vendors are assessed under the Vendor Management Policy and reflected in the register.
9. Progress on treatment plans is reviewed by leadership at least quarterly.

## Exceptions

No exceptions are allowed to the annual assessment. Deviations from the method, such as a different rating scale for a specialised area, are documented and approved by the security lead.

## Review

The security lead reviews this policy every 12 months together with the annual risk assessment.
`,
  },
  {
    id: "secure-development",
    title: "Secure Development Policy",
    purpose:
      "Builds security into how software is designed, written, reviewed and released, so that weaknesses are prevented rather than found in production.",
    reviewCycleMonths: 12,
    audience: "engineering",
    body: `## Purpose

This policy sets the security practices {{organization}}'s engineers follow across the software development life cycle, from design to release and maintenance.

## Scope

It applies to all software the organization builds or customises for its service, including infrastructure-as-code, scripts that touch production, and open-source components the software depends on.

## Roles and responsibilities

- **Engineers** follow these practices and fix the security findings in their code.
- **Reviewers** check changes for security as well as correctness.
- **The security lead** maintains the secure coding guidance, runs design reviews for high-risk features and tracks findings.
- **Engineering managers** make time for security work and training in each team's plan.

## Policy statements

1. New features that change authentication, authorisation, encryption, handling of personal or payment data, or the network boundary have a security design review, with a threat model, before implementation starts.
2. Engineers complete secure coding training, covering the OWASP Top 10 and the organization's own guidance, when they join and every year.
3. Code review (required by the Change Management Policy) includes security: input validation, output encoding, authorisation checks on every endpoint, safe handling of secrets and errors.
4. Static analysis, secret scanning and software composition analysis run in the pipeline on every change. Critical and high findings block the merge unless the security lead accepts them in writing.
5. Third-party components come from trusted registries, are pinned to versions in a lock file and are kept up to date; components with no maintenance or with known critical vulnerabilities are replaced.
6. Secrets are never written in code, configuration files in repositories or logs. Logs exclude passwords, tokens and full payment or identity numbers.
7. Test data is synthetic or masked; production personal data is not used in development or testing.
8. Applications are tested by an independent penetration tester at least once a year and after major changes, and the findings are remediated under the Vulnerability Management Policy.
9. Security defects are tracked in the same system as other defects, labelled by severity, and fixed within the timelines of the Vulnerability Management Policy.
10. Built artefacts are produced by the pipeline from reviewed code, and the version deployed to production can always be traced to a commit.

## Exceptions

Exceptions to a blocking check are approved by the security lead with a reason and an expiry date, and are listed in the exceptions register.

## Review

The security lead reviews this policy every 12 months and when the development toolchain changes significantly.
`,
  },
  {
    id: "logging-monitoring",
    title: "Logging and Monitoring Policy",
    purpose:
      "Ensures that security-relevant events are logged, kept long enough (180 days in India under the CERT-In Directions) and monitored so that attacks and failures are detected and investigated.",
    reviewCycleMonths: 12,
    audience: "engineering",
    body: `## Purpose

This policy sets what {{organization}} logs, how long it keeps the logs, how it protects them and how it watches them, so that security events and operational failures are detected quickly and can be investigated afterwards.

## Scope

It covers production applications, infrastructure, cloud control planes, databases, identity providers, endpoints and security tools, and the central logging platform that collects their logs.

## Roles and responsibilities

- **Platform team** configures log sources, runs the logging platform and maintains alert rules.
- **On-call engineers** respond to alerts within the times below.
- **The security lead** defines which events are security-relevant, reviews alert coverage and checks log retention.

## Policy statements

1. Systems in scope log at least: sign-ins and failed sign-ins, MFA changes, privilege changes, access to Restricted data, administrative actions, changes to security configuration, and application errors, each with a timestamp, the identity of the actor and the source address.
2. Logs are sent to the central logging platform, where they are protected from change and deletion by the people whose actions they record.
3. Logs are retained for at least 180 days on a rolling basis and, for entities operating in India, kept within India, as the CERT-In Directions of 28 April 2022 require. Logs are kept for 12 months where customer agreements or the audit period call for it.
4. System clocks are synchronised to a reliable time source; for systems in India, to the NTP servers of the National Informatics Centre or the National Physical Laboratory, or servers traceable to them.
5. Alerts are defined for high-risk events such as repeated failed sign-ins, privilege escalation, disabled logging, unusual data export and infrastructure changes outside the pipeline.
6. Critical alerts page the on-call engineer at any hour and are acknowledged within 15 minutes; other security alerts are triaged within 1 business day.
7. An alert that may be an incident is escalated under the Incident Response Policy, keeping in mind the CERT-In 6-hour reporting window.
8. Service availability and capacity are monitored against thresholds, with alerts before limits are reached.
9. The security lead reviews alert rules and log source coverage every quarter and confirms that every production system is sending logs.
10. Logs are provided to CERT-In or other authorities when lawfully required.

## Exceptions

A system that cannot send logs centrally keeps them locally for the same retention period, with an exception approved by the security lead and reviewed every quarter.

## Review

The security lead reviews this policy every 12 months and after any incident in which missing logs hindered the investigation.
`,
  },
  {
    id: "vulnerability-management",
    title: "Vulnerability Management Policy",
    purpose:
      "Finds vulnerabilities in systems and software through scanning and testing, and fixes them within deadlines set by severity.",
    reviewCycleMonths: 12,
    audience: "engineering",
    body: `## Purpose

This policy sets how {{organization}} finds, rates and fixes vulnerabilities in its infrastructure, applications, dependencies and devices, and the deadlines for fixing them.

## Scope

It covers production and corporate infrastructure, container images, applications and their dependencies, endpoints, and the cloud configuration of every account in scope.

## Roles and responsibilities

- **Platform team** runs the scanners, patches infrastructure and tracks findings.
- **Service owners** fix vulnerabilities in their applications and dependencies.
- **The security lead** sets severity, approves exceptions and reports overdue findings to leadership monthly.

## Policy statements

1. Infrastructure, container images and cloud configuration are scanned automatically at least weekly; dependencies are scanned on every change and daily for new advisories.
2. External and internal penetration tests by an independent tester take place at least once a year and after significant changes.
3. Each finding is rated with CVSS and adjusted for exposure and exploitability: a vulnerability known to be exploited in the wild, or on an internet-facing system, may be raised one level.
4. Findings are fixed, or mitigated with the security lead's agreement, within these times from discovery: **Critical** 7 days (72 hours if actively exploited), **High** 30 days, **Medium** 90 days, **Low** 180 days or the next planned maintenance.
5. Each finding is tracked as a ticket with severity, owner and due date, and is closed only after a rescan or test confirms the fix.
6. Operating systems and software on servers and endpoints receive security updates automatically where possible, and at least monthly otherwise.
7. Software and systems that no longer receive security updates are replaced or isolated before their end of support.
8. Vulnerabilities reported by outside researchers or customers are accepted through a published contact, acknowledged within 3 business days and handled under this policy.
9. Findings past their deadline are reported to leadership monthly with the reason and the new date.

## Exceptions

A finding that cannot be fixed in time needs a risk acceptance approved by the security lead (and leadership for Critical and High), stating the compensating controls and a new date no more than 90 days later.

## Review

The security lead reviews this policy every 12 months, and the remediation deadlines whenever customer commitments change.
`,
  },
  {
    id: "hr-security",
    title: "Human Resources Security and Training Policy",
    purpose:
      "Covers security before, during and after employment: background checks, confidentiality, awareness training and the return of access and assets when people leave.",
    reviewCycleMonths: 12,
    audience: "all_personnel",
    body: `## Purpose

This policy sets how {{organization}} makes sure that the people it hires are suitable for their roles, understand their security responsibilities, stay trained and leave without taking access or information with them.

## Scope

It applies to all employees, contractors, interns and temporary staff, from recruitment to the end of their engagement, and to the people and HR processes that manage them.

## Roles and responsibilities

- **HR** runs background checks, keeps signed agreements and training records, and starts joiner and leaver processes.
- **Hiring managers** define role responsibilities and confirm that their people complete onboarding and training.
- **The security lead** owns the training content and reports completion to leadership.
- **Everyone** completes required training on time and follows the code of conduct.

## Policy statements

1. Each role has a written description that includes its security responsibilities.
2. Before they start, new hires undergo background checks proportionate to the role and allowed by local law, such as identity, education, previous employment and, for privileged roles, criminal record verification. Results are kept with the HR record.
3. Everyone signs a confidentiality agreement and acknowledges the code of conduct and the security policies that apply to them before receiving access to Confidential information.
4. Security awareness training is completed within 30 days of joining and every 12 months after that. It covers phishing, data handling, incident reporting and the acceptable use rules. Role-based training (secure coding, incident response, privacy) is assigned as roles require.
5. Training completion is recorded with the date and, where available, a certificate. Training not completed by its due date is escalated to the person's manager, and access may be suspended after a further 14 days.
6. Phishing simulations or similar checks are run at least twice a year and their results are used to target further training.
7. Performance reviews consider conduct against the code of conduct and security responsibilities.
8. Breaches of policy follow a documented disciplinary process that is applied consistently.
9. On departure, HR notifies IT on or before the last working day, access is removed as the Access Control Policy requires, company assets are returned and an exit checklist is kept. Confidentiality duties continue after departure.

## Exceptions

Where local law prevents a check in statement 2, HR records which check was replaced and by what. Other exceptions need the security lead's approval.

## Review

HR and the security lead review this policy every 12 months.
`,
  },
];

const wordsIn = (markdown: string): number =>
  markdown
    .replace(/[#*`_>-]/g, " ")
    .split(/\s+/)
    .filter((w) => /[A-Za-z0-9]/.test(w)).length;

/** Level-2 headings of a Markdown body, in order. */
export const headingsOf = (markdown: string): string[] =>
  [...markdown.matchAll(/^## (.+)$/gm)].map((m) => (m[1] ?? "").trim());

/** Numbered statements under "Policy statements". */
const statementsOf = (markdown: string): string[] => {
  const section = markdown.split(/^## Policy statements$/m)[1]?.split(/^## /m)[0] ?? "";
  return [...section.matchAll(/^\d+\. (.+)$/gm)].map((m) => m[1] ?? "");
};

export const PolicyTemplateSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,60}$/),
    title: z.string().min(5).max(120),
    purpose: z.string().min(40).max(400),
    body: z.string(),
    reviewCycleMonths: z.number().int().min(1).max(36),
    controls: z.array(z.string().regex(/^[A-Z]{2,5}-\d{2}$/)).min(1),
    audience: z.enum(POLICY_AUDIENCE_IDS),
  })
  .superRefine((t, ctx) => {
    const headings = headingsOf(t.body);
    if (JSON.stringify(headings) !== JSON.stringify(POLICY_SECTIONS)) {
      ctx.addIssue({
        code: "custom",
        path: ["body"],
        message: `sections must be ${POLICY_SECTIONS.join(", ")}; found ${headings.join(", ")}`,
      });
    }
    const words = wordsIn(t.body);
    if (words < 300 || words > 700) {
      ctx.addIssue({ code: "custom", path: ["body"], message: `has ${words} words; keep it to 300–700` });
    }
    const statements = statementsOf(t.body);
    if (statements.length < 5) {
      ctx.addIssue({
        code: "custom",
        path: ["body"],
        message: "needs at least 5 numbered policy statements",
      });
    }
    if (!t.body.includes(ORGANIZATION_PLACEHOLDER)) {
      ctx.addIssue({ code: "custom", path: ["body"], message: `must name ${ORGANIZATION_PLACEHOLDER}` });
    }
  });

/** Validates template data; throws INTERNAL naming the template and what is wrong. */
export const parsePolicyTemplates = (data: readonly unknown[]): PolicyTemplate[] => {
  const templates = data.map((raw, i) => {
    const result = PolicyTemplateSchema.safeParse(raw);
    if (!result.success) {
      const id = (raw as { id?: unknown })?.id ?? `#${i}`;
      const issue = result.error.issues[0];
      throw new AppError(
        "INTERNAL",
        `Policy template ${String(id)}: ${issue?.path.join(".") ?? ""} ${issue?.message ?? "is invalid"}`,
      );
    }
    return result.data;
  });
  const ids = new Set<string>();
  for (const t of templates) {
    if (ids.has(t.id)) throw new AppError("INTERNAL", `Policy template ${t.id} is listed twice.`);
    ids.add(t.id);
  }
  return templates;
};

export const POLICY_TEMPLATES: readonly PolicyTemplate[] = parsePolicyTemplates(
  TEMPLATE_DATA.map((t) => ({ ...t, controls: TEMPLATE_CONTROLS[t.id] ?? [] })),
);

export const findPolicyTemplate = (id: string): PolicyTemplate | undefined =>
  POLICY_TEMPLATES.find((t) => t.id === id);

export const policyTemplateWords = (t: Pick<PolicyTemplate, "body">): number => wordsIn(t.body);
