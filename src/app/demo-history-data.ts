/**
 * What the demo's history says: Paysetu's previous examination (SOC 2 Type 2 for calendar 2025,
 * issued) and a second client of the firm, Kirana Ledger (a Type 1 waiting for the partner's
 * signature). Scopes, system descriptions, the 2025 access-request population with one planted
 * deviation, and the words of the people involved. Deterministic: the same bytes on every machine.
 */
import type { Role } from "../core/roles.js";

/**
 * Enough library controls to address every Security criterion (CC1.1–CC9.2) once, so a small
 * Security-only examination can honestly end in an unmodified opinion.
 */
export const SECURITY_CORE_CONTROLS = [
  "GOV-01",
  "GOV-02",
  "GOV-06",
  "PPL-02",
  "POL-01",
  "RSK-01",
  "RSK-02",
  "RSK-05",
  "AST-03",
  "AST-04",
  "IAM-02",
  "IAM-04",
  "IAM-06",
  "NET-07",
  "ENC-02",
  "END-04",
  "LOG-02",
  "INC-01",
  "INC-04",
  "CHG-01",
  "VND-02",
] as const;

/** The control of the Paysetu 2025 examination tested from a population, with one deviation. */
export const SAMPLED_CONTROL = "IAM-04";

export const KIRANA_ADMIN: { role: Role; name: string; email: string; label: string } = {
  role: "org_admin",
  name: "Meera Venkatesh",
  email: "admin@kiranaledger.example",
  label: "Second client org admin (Kirana Ledger)",
};

const PAYSETU_SERVICES = [
  "UPI payment gateway",
  "Merchant settlement and reconciliation",
  "Merchant dashboard and APIs",
];

export const PAYSETU_2025 = {
  name: "Paysetu SOC 2 Type 2 CY 2025",
  periodStart: "2025-01-01",
  periodEnd: "2025-12-31",
  scope: {
    services: PAYSETU_SERVICES,
    infrastructure: [
      "AWS ap-south-1 (EKS, RDS PostgreSQL, S3)",
      "Cloudflare WAF and CDN",
      "Okta workforce identity",
      "GitHub and GitHub Actions",
    ],
    locations: ["Mumbai office (Lower Parel)", "AWS ap-south-1 Mumbai"],
    handles: {
      personalData: true,
      transactionProcessing: true,
      uptimeCommitments: true,
      confidentialClientData: true,
    },
  },
  quote: { employees: 150, systems: 7, locations: 2, vendors: 12 },
};

const SUBSERVICE_TEXT = {
  aws: {
    csocs: [
      { text: "AWS restricts physical access to its data centres to authorised staff.", criteria: ["CC6.4"] },
      {
        text: "AWS protects the hardware, network and hypervisor beneath the services Paysetu uses.",
        criteria: ["CC6.1", "CC7.2"],
      },
    ],
    monitoring:
      "The Head of Compliance reads AWS's SOC 2 Type 2 report each year, checks its period and exceptions, and confirms the complementary user entity controls AWS expects are in place at Paysetu.",
  },
  okta: {
    csocs: [
      {
        text: "Okta keeps its identity service available and protects the credentials it stores.",
        criteria: ["CC6.1"],
      },
    ],
    monitoring:
      "The security team reviews Okta's SOC 2 Type 2 report each year and follows Okta's trust page for incidents affecting the workforce tenant.",
  },
};

/** Paysetu's description of its system for 2025 (DC1–DC9), complete for a Security-only scope. */
export const paysetu2025Description = (subservice: { aws: string; okta: string }) => ({
  services:
    "Paysetu Technologies provides a UPI payment gateway for online merchants in India: merchants accept UPI collect and intent payments through our APIs and hosted checkout, receive settlement to their bank accounts on T+1, and reconcile transactions and refunds in the merchant dashboard. During 2025 the service was used by about 1,900 merchants.",
  commitments:
    "The merchant agreement commits Paysetu to protect payer and merchant data with encryption in transit and at rest, to restrict access to production systems to authorised staff, to notify merchants of security incidents affecting their data within 24 hours, and to keep payment records for the periods the RBI payment aggregator guidelines require.",
  requirements:
    "To meet those commitments every merchant API call is authenticated with signed keys, production access is limited to on-call engineers using MFA, changes reach production only through reviewed pull requests and the pipeline, logs are kept for 180 days in India, and cyber incidents are reported to CERT-In within six hours.",
  components: {
    infrastructure:
      "Production runs in AWS ap-south-1 (Mumbai) on Amazon EKS with RDS PostgreSQL in a multi-AZ configuration and S3 for settlement files. Cloudflare provides the WAF and CDN in front of the public APIs. The Lower Parel office network has no route to production.",
    software:
      "The payment API, checkout, settlement engine and merchant dashboard are Go and TypeScript services deployed as containers from GitHub through GitHub Actions and Argo CD. Okta provides workforce identity, Datadog monitoring and logs, PagerDuty on-call and Jira change and access tickets.",
    people:
      "About 150 people at the end of 2025: engineering (58), operations and settlements (30), customer support (36), risk and compliance (7) under the Head of Compliance, and corporate functions. The CTO owns security with a three-person security team.",
    procedures:
      "Documented procedures cover onboarding and offboarding with access requests in Jira, quarterly access reviews, change management through pull requests reviewed by someone other than the author, incident response with a CERT-In reporting step, vulnerability remediation by severity and annual vendor reviews.",
    data: "The system processes merchant onboarding data (KYC documents and bank details), payer identifiers (VPA and masked phone numbers), transaction records, settlement files and logs. Restricted data is encrypted with keys held in AWS KMS and is never copied to non-production environments.",
  },
  boundaries:
    "The system covers the payment API, hosted checkout, settlement engine and merchant dashboard with the AWS, Cloudflare and Okta components and the people and procedures that operate them. Sponsor banks, NPCI's UPI switch and merchants' own systems are outside it; AWS and Okta are subservice organizations presented with the carve-out method.",
  incidents: [],
  noIncidents: true,
  controlsNarrative:
    "Controls are organised by the domains of Paysetu's control framework; each addresses the Security criteria listed against it in Section IV.",
  cuecs: [
    {
      text: "Merchants keep their API secret keys confidential and rotate them when staff leave.",
      criteria: ["CC6.1"],
    },
    {
      text: "Merchants review the users of their dashboard accounts at least quarterly.",
      criteria: ["CC6.2"],
    },
  ],
  noCuecs: false,
  subservice: [
    {
      subserviceId: subservice.aws,
      ...SUBSERVICE_TEXT.aws,
      reportType: "soc2-type2" as const,
      reportPeriodStart: "2024-10-01",
      reportPeriodEnd: "2025-09-30",
    },
    {
      subserviceId: subservice.okta,
      ...SUBSERVICE_TEXT.okta,
      reportType: "soc2-type2" as const,
      reportPeriodStart: "2024-10-01",
      reportPeriodEnd: "2025-09-30",
    },
  ],
  notRelevant: [],
  changes: [
    {
      date: "2025-08-18",
      description:
        "The merchant dashboard moved from its own user store to Okta single sign-on for Paysetu staff; merchant users were unaffected.",
    },
  ],
  noChanges: false,
});

/** A small deterministic generator for demo rows (sampling itself uses the core's SHA-256 generator). */
const lcg = (seed: number) => {
  let state = seed >>> 0;
  return (n: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
};

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

const FIRST = ["Aarav", "Diya", "Kabir", "Ira", "Vihaan", "Anika", "Reyansh", "Myra", "Arjun", "Saanvi"];
const LAST = ["Menon", "Bose", "Patil", "Gill", "Rao", "Shetty", "Chopra", "Nair", "Das", "Joshi"];
const ROLES = ["payments-engineer", "support-agent", "settlement-analyst", "data-analyst", "sre"];

/** The request (in the sample drawn with SAMPLE_SEED) whose access was granted before approval. */
export const LATE_APPROVAL_REQUEST = "ACC-2025-0031";
export const SAMPLE_SEED = "paysetu-cy2025-iam04";

/** Access requests for new joiners in 2025 from Jira, one row per request. */
export const accessRequests2025 = (): string => {
  const next = lcg(20250101);
  const rows = [
    "request_id,employee_id,name,role_requested,role_granted,manager_approved_at,owner_approved_at,granted_at",
  ];
  for (let i = 1; i <= 42; i++) {
    const month = 1 + Math.floor(((i - 1) * 12) / 42);
    const day = 2 + next(25);
    const date = `2025-${pad(month)}-${pad(day)}`;
    const role = ROLES[next(ROLES.length)] as string;
    const name = `${FIRST[next(FIRST.length)]} ${LAST[next(LAST.length)]}`;
    const id = `ACC-2025-${pad(i, 4)}`;
    const late = id === LATE_APPROVAL_REQUEST;
    const approved = `${date}T${late ? "16:40" : "10:05"}:00+05:30`;
    const granted = `${date}T${late ? "09:12" : "14:30"}:00+05:30`;
    const owner = role === "sre" || role === "settlement-analyst" ? `${date}T11:20:00+05:30` : "";
    rows.push([id, `E${1300 + i}`, name, role, role, approved, owner, granted].join(","));
  }
  return `${rows.join("\n")}\n`;
};

export const EXCEPTION_2025 = {
  note: "Access was granted at 09:12 and the manager's approval was recorded at 16:40 the same day.",
  cause:
    "The joiner started on a public holiday week and the IT administrator granted the standard support role from the offer letter before the manager approved the Jira request.",
  response:
    "Management agrees. The access matched the approved role and the manager approved it the same day; no customer data was accessed before approval.",
  remediation:
    "Okta group assignment for new joiners is now driven by the approved Jira request through the workflow integration, so access cannot be granted before approval.",
  remediationDate: "2026-02-15",
};

export const DRAFT_COMMENT_2025 = {
  location: "Section III, DC3 (people)",
  body: "Please state the headcount as at 31 December 2025 (150) rather than the current figure.",
  resolution: "Agreed; the description now gives the year-end headcount.",
};

export const KIRANA = {
  org: {
    name: "Kirana Ledger Pvt. Ltd.",
    sector: "it_saas",
    employees: 64,
    city: "Bengaluru",
    country: "India",
    website: "https://kiranaledger.example",
  },
  engagement: { name: "Kirana Ledger SOC 2 Type 1 as of 31 October 2026", asOfDate: "2026-10-31" },
  scope: {
    services: ["Kirana Ledger bookkeeping and GST invoicing", "Supplier payments and credit ledger"],
    infrastructure: ["AWS ap-south-1 (ECS Fargate, Aurora PostgreSQL, S3)", "Google Workspace", "GitHub"],
    locations: ["Bengaluru office (HSR Layout)", "AWS ap-south-1 Mumbai"],
    handles: {
      personalData: true,
      transactionProcessing: true,
      uptimeCommitments: false,
      confidentialClientData: true,
    },
  },
  quote: { employees: 64, systems: 5, locations: 2, vendors: 7 },
};

export const kiranaDescription = (aws: string) => ({
  services:
    "Kirana Ledger is a bookkeeping and GST invoicing application for neighbourhood grocery stores and small retailers in India. Store owners record sales and purchases on an Android app, issue GST invoices, track customer credit (udhaar) and pay suppliers through UPI from the same ledger. About 38,000 stores use the service.",
  commitments:
    "The terms of service commit Kirana Ledger to keep each store's ledger confidential to that store, to encrypt data in transit and at rest, to keep ledgers recoverable for eight years as the GST rules require, and to tell stores of a security incident affecting their data within 72 hours.",
  requirements:
    "To meet those commitments the system authenticates every store with a one-time password and device binding, separates tenants in the database by store id, limits production access to two on-call engineers using MFA, and ships changes only through reviewed pull requests.",
  components: {
    infrastructure:
      "The application runs in AWS ap-south-1 on ECS Fargate with Aurora PostgreSQL and S3 for invoice PDFs, behind an application load balancer. Staff laptops are managed through Google endpoint management; the Bengaluru office has no access to production.",
    software:
      "A Kotlin Android app and a TypeScript web console talk to a Node.js API. Code lives in GitHub and is deployed by GitHub Actions. Google Workspace provides staff identity, Sentry error tracking and Grafana Cloud monitoring.",
    people:
      "Sixty-four people: engineering (22), customer success and field sales (30), finance and compliance (5) and the founders. The CTO is responsible for security, supported by one security engineer.",
    procedures:
      "Written procedures cover access requests and quarterly access reviews, code review and deployment, incident response, backups, vendor reviews and the annual risk assessment, each owned by a named person.",
    data: "Store profiles with GSTIN and phone numbers, sales and purchase entries, customer credit balances, GST invoices and supplier payment records. Store data is classified confidential and is never copied to test environments.",
  },
  boundaries:
    "The system covers the Android app, web console, API and their AWS and Google Workspace components, with the people and procedures that operate them. Stores' own devices, banks and the GST network are outside it; AWS is a subservice organization presented with the carve-out method.",
  incidents: [],
  noIncidents: true,
  controlsNarrative:
    "Controls are grouped by the domains of Kirana Ledger's control framework; Section IV lists the Security criteria each addresses.",
  cuecs: [
    { text: "Stores keep their phones locked and do not share one-time passwords.", criteria: ["CC6.1"] },
  ],
  noCuecs: false,
  subservice: [
    {
      subserviceId: aws,
      ...SUBSERVICE_TEXT.aws,
      monitoring:
        "The CTO reads AWS's SOC 2 Type 2 report each year and checks that the complementary controls AWS expects are operating at Kirana Ledger.",
      reportType: "soc2-type2" as const,
      reportPeriodStart: "2025-10-01",
      reportPeriodEnd: "2026-09-30",
    },
  ],
  notRelevant: [],
  changes: [],
  noChanges: false,
});
