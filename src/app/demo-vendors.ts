/**
 * The demo organization's vendor register: a dozen vendors of an Indian payment gateway, AWS and
 * Okta as the engagement's two subservice organizations (carve-out) with their SOC 2 Type 2 reports —
 * AWS's period ends in June 2026, leaving a gap against the FY 2026-27 period that the register warns
 * of — reviews with an accepted CUEC, an expired certificate, and one questionnaire answered by the
 * KYC provider and scored. Everything goes through the use-cases, as people would do it. Vendors
 * other than the well-known platforms are fictitious.
 */
import { QUESTIONS } from "../core/vendor-questionnaire.js";
import type { UserActor } from "./actor.js";
import type { Deps } from "./deps.js";
import type { CreateReportInput, CreateVendorInput } from "./use-cases/vendor-model.js";
import {
  createQuestionnaire,
  scoreQuestionnaire,
  submitPublicQuestionnaire,
} from "./use-cases/vendor-questionnaires.js";
import { addVendorReport, reviewVendor } from "./use-cases/vendor-reviews.js";
import { syncSubserviceVendors } from "./use-cases/vendor-subservice.js";
import { createVendor } from "./use-cases/vendors.js";

export interface VendorsDemoContext {
  readonly orgId: string;
  readonly firmId?: string;
  readonly orgAdmin: UserActor;
  readonly controlOwner: UserActor;
  readonly employee?: UserActor;
}

type VendorSeed = Omit<CreateVendorInput, "status" | "csocs" | "notes" | "personalData" | "dataCategories"> &
  Partial<Pick<CreateVendorInput, "status" | "csocs" | "notes" | "personalData" | "dataCategories">>;

const vendor = (v: VendorSeed): CreateVendorInput => ({
  status: "active",
  csocs: [],
  notes: "",
  personalData: false,
  dataCategories: [],
  ...v,
});

const report = (r: Partial<CreateReportInput> & Pick<CreateReportInput, "kind" | "issueDate" | "auditor">) =>
  ({
    periodStart: null,
    periodEnd: null,
    asOfDate: null,
    opinion: null,
    exceptionsCount: 0,
    exceptionsText: "",
    cuecs: [],
    evidenceId: null,
    ...r,
  }) satisfies CreateReportInput;

export const loadVendorsDemo = async (deps: Deps, ctx: VendorsDemoContext): Promise<void> => {
  const admin = ctx.orgAdmin;
  const devops = ctx.controlOwner;
  const add = async (v: VendorSeed, by: UserActor = admin) =>
    (await createVendor(deps, by, ctx.orgId, vendor(v))).id;

  const aws = await add({
    name: "Amazon Web Services",
    service: "Cloud hosting (EKS, RDS PostgreSQL, S3) in ap-south-1 Mumbai and ap-south-2 Hyderabad",
    dataCategories: [
      "UPI transaction records",
      "Merchant KYC documents",
      "Settlement files",
      "Application logs",
    ],
    personalData: true,
    tier: 1,
    ownerUserId: devops.userId,
    contractStart: "2022-06-01",
    dpaSignedOn: "2022-05-20",
    lastReviewedOn: "2025-12-04",
    subserviceMethod: "carve-out",
    csocs: [
      {
        text: "AWS restricts physical access to its data centres to authorised personnel.",
        criteria: ["CC6.4"],
      },
      { text: "AWS protects its data centres against fire, flood and power loss.", criteria: ["A1.2"] },
      { text: "AWS securely wipes or destroys storage media before disposal.", criteria: ["CC6.5"] },
    ],
  });
  const okta = await add({
    name: "Okta",
    service: "Workforce identity, single sign-on and MFA for all staff",
    dataCategories: ["Employee identities", "Authentication logs"],
    personalData: true,
    tier: 1,
    ownerUserId: admin.userId,
    contractStart: "2023-01-15",
    dpaSignedOn: "2023-01-10",
    subserviceMethod: "carve-out",
    csocs: [
      {
        text: "Okta keeps its identity service available and monitors it for security events.",
        criteria: ["CC7.2"],
      },
      { text: "Okta restricts its own staff's access to customer tenants.", criteria: ["CC6.1"] },
    ],
  });
  const cloudflare = await add(
    {
      name: "Cloudflare",
      service: "WAF, DDoS protection and CDN in front of the merchant APIs",
      dataCategories: ["API traffic in transit", "TLS certificates"],
      personalData: true,
      tier: 1,
      ownerUserId: devops.userId,
      contractStart: "2023-03-01",
      dpaSignedOn: "2023-02-25",
    },
    devops,
  );
  const github = await add(
    {
      name: "GitHub",
      service: "Source code hosting, pull request reviews and GitHub Actions CI",
      dataCategories: ["Source code", "Build secrets (encrypted)"],
      tier: 1,
      ownerUserId: devops.userId,
      contractStart: "2022-04-01",
    },
    devops,
  );
  const bank = await add({
    name: "Axis Bank",
    service: "UPI sponsor bank (PSP) and merchant settlement accounts",
    dataCategories: ["UPI transaction records", "Settlement files", "Merchant bank accounts"],
    personalData: true,
    tier: 1,
    ownerUserId: admin.userId,
    contractStart: "2022-08-01",
    dpaSignedOn: "2022-07-28",
    notes:
      "Regulated by RBI; assurance is its ISO/IEC 27001 certificate and the bank's annual IS audit summary.",
  });
  const freshdesk = await add({
    name: "Freshdesk",
    service: "Merchant support ticketing",
    dataCategories: ["Merchant contact details", "Support conversations"],
    personalData: true,
    tier: 2,
    ownerUserId: admin.userId,
    contractStart: "2023-06-01",
    dpaSignedOn: "2023-06-01",
    lastReviewedOn: "2026-09-22",
  });
  const google = await add({
    name: "Google Workspace",
    service: "E-mail, documents and calendars for staff",
    dataCategories: ["Internal documents", "Employee e-mail"],
    personalData: true,
    tier: 2,
    ownerUserId: admin.userId,
    contractStart: "2022-04-01",
    dpaSignedOn: "2022-04-01",
    lastReviewedOn: "2026-02-10",
  });
  await add({
    name: "Slack",
    service: "Internal chat and on-call alerts",
    dataCategories: ["Internal messages"],
    tier: 3,
    ownerUserId: devops.userId,
    contractStart: "2022-04-01",
    lastReviewedOn: "2025-03-18",
    notes: "Tier 3: no customer data in Slack by policy; SSO through Okta enforced.",
  });
  const kyc = await add({
    name: "VeriKYC Technologies",
    service: "Merchant onboarding KYC: PAN, GSTIN and bank account verification, video KYC",
    dataCategories: ["PAN", "GSTIN", "Bank account details", "Video KYC recordings"],
    personalData: true,
    tier: 1,
    ownerUserId: admin.userId,
    contractStart: "2024-02-01",
    dpaSignedOn: "2024-01-25",
  });
  const sms = await add({
    name: "Sandesh SMS Gateway",
    service: "Transactional SMS and OTP delivery (DLT-registered templates)",
    dataCategories: ["Mobile numbers", "OTP messages"],
    personalData: true,
    tier: 2,
    ownerUserId: devops.userId,
    contractStart: "2023-09-01",
    dpaSignedOn: "2023-09-01",
  });
  await add({
    name: "PayNest HR",
    service: "Payroll, TDS and PF filings for employees",
    dataCategories: ["Employee PAN", "Salary details", "Bank account details"],
    personalData: true,
    tier: 2,
    ownerUserId: admin.userId,
    contractStart: "2026-12-15",
    status: "onboarding",
    notes: "Replacing the spreadsheet payroll from January 2027; DPA under negotiation.",
  });
  await add({
    name: "Satyapan Screening",
    service: "Pre-joining background verification (identity, education, employment, address)",
    dataCategories: ["Candidate identity documents", "Employment history"],
    personalData: true,
    tier: 2,
    ownerUserId: admin.userId,
    contractStart: "2024-05-01",
    dpaSignedOn: "2024-04-22",
    lastReviewedOn: "2026-01-20",
  });

  // The engagement's two subservice organizations are these vendors.
  await syncSubserviceVendors(deps, admin, ctx.orgId);

  // AWS's latest report ends in June 2026: nine months of the FY 2026-27 period are not covered.
  await addVendorReport(
    deps,
    devops,
    aws,
    report({
      kind: "soc2_type2",
      periodStart: "2025-07-01",
      periodEnd: "2026-06-30",
      issueDate: "2026-08-14",
      auditor: "Independent service auditor (AWS SOC 2)",
      opinion: "unmodified",
      cuecs: [
        "Customers manage their IAM users, roles and MFA.",
        "Customers enable encryption at rest for RDS and S3 where they need it.",
        "Customers configure security groups and network ACLs for their workloads.",
      ],
    }),
  );
  const oktaReport = await addVendorReport(
    deps,
    admin,
    okta,
    report({
      kind: "soc2_type2",
      periodStart: "2025-10-01",
      periodEnd: "2026-09-30",
      issueDate: "2026-11-10",
      auditor: "Independent service auditor (Okta SOC 2)",
      opinion: "unmodified",
      exceptionsCount: 1,
      exceptionsText: "One terminated contractor's access was removed four days after the exit date.",
      cuecs: [
        "Customers review the users and administrators of their Okta tenant periodically.",
        "Customers configure sign-on policies that require MFA.",
      ],
    }),
  );
  await reviewVendor(deps, admin, okta, {
    reportId: oktaReport.id,
    outcome: "acceptable_with_actions",
    conclusion:
      "Period October 2025 to September 2026 covers six months of ours; Okta's bridge letter is requested for October onwards. The one exception does not affect our tenant. Quarterly review of Okta administrators added as our control.",
    acceptedCuecs: [
      {
        cuecId: oktaReport.cuecs[0]?.id ?? "",
        controlId: null,
        criteria: ["CC6.2", "CC6.3"],
        frequency: "quarterly",
      },
    ],
  });
  const reviewWithReport = async (
    id: string,
    by: UserActor,
    r: ReturnType<typeof report>,
    conclusion: string,
  ) => {
    const added = await addVendorReport(deps, by, id, r);
    await reviewVendor(deps, by, id, {
      reportId: added.id,
      outcome: "acceptable",
      conclusion,
      acceptedCuecs: [],
    });
  };
  await reviewWithReport(
    cloudflare,
    devops,
    report({
      kind: "soc2_type2",
      periodStart: "2025-10-01",
      periodEnd: "2026-09-30",
      issueDate: "2026-11-05",
      auditor: "Independent service auditor (Cloudflare SOC 2)",
      opinion: "unmodified",
    }),
    "Unmodified opinion, no exceptions; WAF and DDoS controls as expected.",
  );
  await reviewWithReport(
    github,
    devops,
    report({
      kind: "soc2_type2",
      periodStart: "2025-10-01",
      periodEnd: "2026-09-30",
      issueDate: "2026-11-18",
      auditor: "Independent service auditor (GitHub SOC 2)",
      opinion: "unmodified",
    }),
    "Unmodified opinion; branch protection and Actions secrets remain our responsibility and are covered by CHG controls.",
  );
  await reviewWithReport(
    bank,
    admin,
    report({
      kind: "iso27001",
      periodStart: "2024-09-15",
      periodEnd: "2027-09-14",
      issueDate: "2024-09-15",
      auditor: "Accredited certification body",
    }),
    "Certificate valid to September 2027; scope includes UPI switch operations.",
  );
  await addVendorReport(
    deps,
    admin,
    google,
    report({
      kind: "iso27001",
      periodStart: "2025-01-10",
      periodEnd: "2028-01-09",
      issueDate: "2025-01-10",
      auditor: "Accredited certification body",
    }),
  );
  await addVendorReport(
    deps,
    admin,
    freshdesk,
    report({
      kind: "soc2_type2",
      periodStart: "2025-10-01",
      periodEnd: "2026-09-30",
      issueDate: "2026-11-16",
      auditor: "Independent service auditor (Freshworks SOC 2)",
      opinion: "unmodified",
    }),
  );
  // The SMS gateway's certificate lapsed in August: the register shows it as stale.
  await addVendorReport(
    deps,
    devops,
    sms,
    report({
      kind: "iso27001",
      periodStart: "2023-09-01",
      periodEnd: "2026-08-31",
      issueDate: "2023-09-01",
      auditor: "Accredited certification body",
    }),
  );

  // The KYC provider answered the security questionnaire and the compliance lead scored it.
  const link = await createQuestionnaire(deps, admin, kyc, {
    recipientEmail: "security@verikyc.example",
    expiresInDays: 14,
  });
  const weak: Record<string, string> = {
    "acc-2":
      "Quarterly access reviews started in October 2026; the first full cycle completes in January 2027.",
    "ops-1": "Monthly scans are in place; critical fixes take up to 30 days today, 15 days from April 2027.",
    "bcp-1": "Backups are restored monthly; the continuity plan was last exercised as a tabletop in 2025.",
  };
  await submitPublicQuestionnaire(deps, { kind: "public", ip: "127.0.0.1" }, link.token, {
    respondentName: "Farah Khan",
    respondentEmail: "security@verikyc.example",
    answers: QUESTIONS.map((q) => ({
      questionId: q.id,
      answer: weak[q.id] ? "partial" : "yes",
      comment: weak[q.id] ?? "",
    })),
  });
  await scoreQuestionnaire(deps, admin, link.questionnaire.id, {
    reviewerScore: null,
    rating: "medium",
    note: "Good controls over KYC data; access reviews and DR testing are still maturing. Re-check in six months.",
  });
};
