/**
 * The demo client's readiness workspace: controls adopted for the Type 2 scope with owners and
 * realistic statuses, and a system description that is almost complete. Everything goes through the
 * same use-cases as real work (and writes the same audit events).
 */
import type { UserActor } from "./actor.js";
import { loadEvidenceDemo } from "./demo-evidence.js";
import type { Deps } from "./deps.js";
import { adoptControls, listControls, updateControl } from "./use-cases/controls.js";
import { createPolicy } from "./use-cases/policies.js";
import { acknowledgePolicyVersion } from "./use-cases/policy-acknowledgements.js";
import { approvePolicyVersion, publishPolicyVersion } from "./use-cases/policy-versions.js";
import { saveSystemDescription } from "./use-cases/system-description.js";
import { assignTraining } from "./use-cases/training.js";

export interface DemoReadinessContext {
  readonly orgId: string;
  readonly engagementId: string;
  readonly orgAdmin: UserActor;
  readonly controlOwner: UserActor;
  readonly employee: UserActor;
}

/** Published and acknowledged by the employee; the rest of the set is published but not yet read. */
const PUBLISHED = [
  "information-security",
  "acceptable-use",
  "access-control",
  "incident-response",
  "change-management",
];
const ACKNOWLEDGED = ["information-security", "acceptable-use"];
/** Drafted by the control owner, waiting for the admin's approval. */
const DRAFTS = ["vendor-management", "business-continuity"];

const loadPolicies = async (deps: Deps, ctx: DemoReadinessContext): Promise<void> => {
  const meta = { userAgent: "Fieldwork demo data" };
  for (const templateId of [...PUBLISHED, ...DRAFTS]) {
    const { versionId } = await createPolicy(deps, ctx.controlOwner, ctx.orgId, { templateId });
    if (!PUBLISHED.includes(templateId)) continue;
    await approvePolicyVersion(deps, ctx.orgAdmin, versionId);
    await publishPolicyVersion(deps, ctx.orgAdmin, versionId);
    if (ACKNOWLEDGED.includes(templateId))
      await acknowledgePolicyVersion(deps, ctx.employee, versionId, meta);
  }
  await assignTraining(deps, ctx.orgAdmin, ctx.orgId, {
    courseTitle: "Security awareness 2026: phishing, UPI fraud patterns and reporting incidents",
    assigneeUserIds: [ctx.employee.userId, ctx.controlOwner.userId],
    dueOn: "2026-12-31",
  });
};

const OWNER_DOMAINS = new Set([
  "identity",
  "change",
  "vulnerability",
  "logging",
  "network",
  "endpoints",
  "encryption",
]);
/** A few controls still in progress, so readiness has something to show. */
const IN_PROGRESS = new Set(["BCP-03", "VND-03", "RSK-04", "LOG-03", "PPL-05"]);
const NOT_STARTED = new Set(["AVL-04", "PIN-05", "VUL-05"]);

export const loadReadinessDemo = async (deps: Deps, ctx: DemoReadinessContext): Promise<void> => {
  await loadPolicies(deps, ctx);
  await loadControlsAndDescription(deps, ctx);
  await loadEvidenceDemo(deps, ctx);
};

const loadControlsAndDescription = async (deps: Deps, ctx: DemoReadinessContext): Promise<void> => {
  await adoptControls(deps, ctx.orgAdmin, ctx.orgId, { engagementId: ctx.engagementId });
  const controls = await listControls(deps, ctx.orgAdmin, ctx.orgId);
  for (const c of controls) {
    const status = NOT_STARTED.has(c.code)
      ? "not_started"
      : IN_PROGRESS.has(c.code)
        ? "in_progress"
        : "implemented";
    await updateControl(deps, ctx.orgAdmin, c.id, {
      ownerUserId: OWNER_DOMAINS.has(c.domain) ? ctx.controlOwner.userId : ctx.orgAdmin.userId,
      status,
    });
  }
  await saveSystemDescription(deps, ctx.orgAdmin, ctx.engagementId, {
    revision: 0,
    content: {
      services:
        "Paysetu Technologies provides a UPI payment gateway for online merchants in India: merchants accept UPI collect and intent payments through our APIs and hosted checkout, receive settlement to their bank accounts on T+1, and reconcile transactions, refunds and chargebacks in the merchant dashboard. The service is used by about 2,400 merchants, mostly e-commerce, edtech and insurance distributors.",
      commitments:
        "We commit to merchants, in the merchant agreement and on our trust page, to keep the payment APIs available 99.95% of each month outside announced maintenance, to settle captured payments on the next banking day, to protect card-holder and payer data with encryption in transit and at rest, to notify merchants of security incidents affecting their data within 24 hours, and to keep payment records for the periods the RBI payment aggregator guidelines require.",
      requirements:
        "To meet those commitments the system must authenticate every merchant API call with signed keys, restrict production access to on-call engineers with MFA, deploy changes only through reviewed pull requests and the automated pipeline, replicate the transaction database to a second AWS region, reconcile settlements daily against the sponsor bank's files, retain logs for 180 days in India, and report cyber incidents to CERT-In within six hours.",
      components: {
        infrastructure:
          "Production runs in AWS ap-south-1 (Mumbai) on Amazon EKS with RDS PostgreSQL in a multi-AZ configuration and S3 for settlement files; disaster recovery replicas run in ap-south-2 (Hyderabad). Cloudflare provides the WAF and CDN in front of the public APIs. Office networks in Lower Parel have no access to production.",
        software:
          "The payment API, checkout, settlement engine and merchant dashboard are services written in Go and TypeScript, deployed as containers from GitHub through GitHub Actions and Argo CD. Supporting software includes Okta for workforce identity, Datadog for monitoring and logs, PagerDuty for on-call, Jira for change tickets and Google Workspace.",
        people:
          "About 180 people: engineering (70) in platform, payments and data teams; operations and settlements (35); customer support (40); risk and compliance (8) led by the Head of Compliance, who reports to the CEO and the board's audit committee; and corporate functions. The CTO owns security with a four-person security team.",
        procedures:
          "Documented procedures cover onboarding and offboarding with access requests in Jira, quarterly access reviews, change management through pull requests with a reviewer other than the author, incident response with a CERT-In reporting step, daily settlement reconciliation, vulnerability remediation by severity, backups and quarterly restore tests, and vendor reviews before onboarding and every year.",
        data: "The system processes merchant onboarding data (KYC documents and bank details), payer identifiers (VPA and masked phone numbers), transaction records, settlement and refund files, and logs. Data is classified as restricted, confidential or internal; restricted data is encrypted with keys in AWS KMS and is never copied to non-production environments.",
      },
      boundaries:
        "The system covers the payment API, hosted checkout, settlement engine and merchant dashboard with their supporting AWS, Cloudflare and Okta components and the people and procedures that operate them. The sponsor banks, NPCI's UPI switch and merchants' own systems are outside the boundary; AWS and Okta are subservice organizations presented with the carve-out method.",
      incidents: [
        {
          date: "2026-06-14",
          nature:
            "A WAF rule deployed without the usual staged rollout blocked legitimate merchant API calls.",
          extent: "About 6% of payment requests failed for 47 minutes; no data was exposed.",
          resolution:
            "The rule was rolled back, WAF changes now follow the change-management procedure with a staged rollout, and affected merchants were informed within 24 hours.",
        },
      ],
      cuecs: [
        {
          text: "Merchants keep their API secret keys confidential and rotate them when staff leave.",
          criteria: ["CC6.1"],
        },
        {
          text: "Merchants review the users of their dashboard accounts at least quarterly.",
          criteria: ["CC6.2", "CC6.3"],
        },
        {
          text: "Merchants reconcile their settlement reports and raise discrepancies within 7 days.",
          criteria: ["PI1.4"],
        },
      ],
      subservice: [],
      controlsNarrative:
        "Controls are organised by the domains of our control framework; each addresses the trust services criteria listed against it in Section IV.",
    },
  });
};
