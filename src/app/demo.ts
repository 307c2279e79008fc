/**
 * Demo data for a first start on an empty database: a CPA firm, a Mumbai fintech client, a Type 2
 * engagement and an enquiry. Every record goes through the same use-cases as real work, so the
 * audit trail is real too. Privileged demo users get TOTP secrets generated here and printed at
 * start (kept in data/demo-credentials.json, mode 0600) — demo data, never for production.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Role } from "../core/roles.js";
import { findFirmBySlug } from "../db/repositories/tenants.js";
import { findUserByEmail, updateUser } from "../db/repositories/users.js";
import { type Actor, systemActor } from "./actor.js";
import { inTransaction, recordEvent } from "./audit.js";
import { loadAccessReviewsDemo } from "./demo-access-reviews.js";
import { demoActor } from "./demo-actor.js";
import { loadEngagementDocumentsDemo } from "./demo-engagement-documents.js";
import { loadFieldworkDemo } from "./demo-fieldwork.js";
import { loadHistoryDemo } from "./demo-history.js";
import { KIRANA_ADMIN } from "./demo-history-data.js";
import { loadIncidentsDemo } from "./demo-incidents.js";
import { loadReadinessDemo } from "./demo-readiness.js";
import { loadRisksDemo } from "./demo-risks.js";
import { loadVendorsDemo } from "./demo-vendors.js";
import type { Deps } from "./deps.js";
import { encryptSecret } from "./security/crypto.js";
import { newTotpSecret } from "./security/totp.js";
import { addSubserviceOrg, createEngagement, updateEngagementScope } from "./use-cases/engagements.js";
import { submitEnquiry } from "./use-cases/enquiries.js";
import { moveEngagementStage } from "./use-cases/move-stage.js";
import { approveEngagementQuote, createEngagementQuote } from "./use-cases/quotes.js";
import { createFirm, createOrganization, grantRole } from "./use-cases/tenants.js";

export const DEMO_PASSWORD = "fieldwork-demo-2026";
export const DEMO_FIRM_SLUG = "mehta-raman";

export interface DemoCredential {
  readonly role: Role;
  readonly label: string;
  readonly email: string;
  readonly totpSecret: string | null;
}

const PEOPLE: {
  role: Role;
  /** "kirana": the second client's people, added by the history loader (demo-history.ts). */
  tenant: "firm" | "org" | "kirana";
  name: string;
  email: string;
  licence?: string;
  label: string;
}[] = [
  {
    role: "partner",
    tenant: "firm",
    name: "Priya Raghavan",
    email: "partner@mehtaraman.example",
    licence: "CPA-NY-118204",
    label: "Partner",
  },
  {
    role: "firm_admin",
    tenant: "firm",
    name: "Arjun Mehta",
    email: "admin@mehtaraman.example",
    label: "Firm admin",
  },
  {
    role: "engagement_manager",
    tenant: "firm",
    name: "Kavya Nair",
    email: "manager@mehtaraman.example",
    label: "Engagement manager",
  },
  {
    role: "staff_auditor",
    tenant: "firm",
    name: "Rohan Desai",
    email: "staff@mehtaraman.example",
    label: "Staff auditor",
  },
  {
    role: "org_admin",
    tenant: "org",
    name: "Neha Kulkarni",
    email: "compliance@paysetu.example",
    label: "Client org admin",
  },
  {
    role: "control_owner",
    tenant: "org",
    name: "Vikram Shah",
    email: "devops@paysetu.example",
    label: "Client control owner",
  },
  {
    role: "employee",
    tenant: "org",
    name: "Sana Sheikh",
    email: "employee@paysetu.example",
    label: "Client employee",
  },
  { ...KIRANA_ADMIN, tenant: "kirana" },
];

const credentialsPath = (deps: Deps) => join(deps.config.dataDir, "demo-credentials.json");

export const readDemoCredentials = (deps: Deps): DemoCredential[] | null => {
  const path = credentialsPath(deps);
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, "utf8")) as DemoCredential[];
};

/** Loads the demo unless the database already has a firm. Returns the credentials to print. */
export const loadDemoIfEmpty = async (deps: Deps): Promise<DemoCredential[] | null> => {
  const anyFirm = await deps.db.selectFrom("firms").select("id").limit(1).executeTakeFirst();
  if (anyFirm) return (await findFirmBySlug(deps.db, DEMO_FIRM_SLUG)) ? readDemoCredentials(deps) : null;
  const system: Actor = systemActor("demo data");
  const { id: firmId } = await createFirm(deps, system, {
    name: "Mehta Raman & Co. LLP, Certified Public Accountants",
    slug: DEMO_FIRM_SLUG,
    registrationNumber: "Firm reg. 2019-CPA-0417",
    peerReviewDate: "2025-09-30",
    city: "Mumbai",
    country: "India",
    defaultCurrency: "INR",
  });
  await (await import("./use-cases/signing-certificates.js")).giveDemoFirmCertificate(deps, system, firmId);
  for (const p of PEOPLE.filter((x) => x.tenant === "firm")) {
    await grantRole(
      deps,
      system,
      "firm",
      firmId,
      { firmId, orgId: null },
      {
        email: p.email,
        name: p.name,
        role: p.role,
        password: DEMO_PASSWORD,
        ...(p.licence ? { cpaLicenceNumber: p.licence } : {}),
      },
    );
  }
  const manager = await demoActor(deps, "manager@mehtaraman.example");
  const partner = await demoActor(deps, "partner@mehtaraman.example");
  const { id: orgId } = await createOrganization(deps, manager, firmId, {
    name: "Paysetu Technologies Pvt. Ltd.",
    sector: "fintech_bfsi",
    employees: 180,
    city: "Mumbai",
    country: "India",
    website: "https://paysetu.example",
  });
  for (const p of PEOPLE.filter((x) => x.tenant === "org")) {
    await grantRole(
      deps,
      system,
      "org",
      orgId,
      { firmId, orgId },
      {
        email: p.email,
        name: p.name,
        role: p.role,
        password: DEMO_PASSWORD,
      },
    );
  }
  // Paysetu's issued CY 2025 report and a second client ready for signing; before FY 2026-27, so
  // the current engagement stays the newest.
  await loadHistoryDemo(deps, { firmId, orgId, password: DEMO_PASSWORD });
  const { id: engagementId } = await createEngagement(deps, manager, orgId, {
    name: "Paysetu SOC 2 Type 2 FY 2026-27",
    type: "type2",
    periodStart: "2026-04-01",
    periodEnd: "2027-03-31",
    // Paysetu's CY 2025 report (the demo's history) was its first.
    firstReport: false,
    categories: ["CC", "A", "C", "PI"],
  });
  await updateEngagementScope(deps, manager, engagementId, {
    services: [
      "UPI payment gateway",
      "Merchant settlement and reconciliation",
      "Merchant dashboard and APIs",
    ],
    infrastructure: [
      "AWS ap-south-1 (EKS, RDS PostgreSQL, S3)",
      "Cloudflare WAF and CDN",
      "Okta workforce identity",
      "GitHub and GitHub Actions",
    ],
    locations: ["Mumbai office (Lower Parel)", "AWS ap-south-1 Mumbai", "AWS ap-south-2 Hyderabad (DR)"],
    handles: {
      personalData: true,
      transactionProcessing: true,
      uptimeCommitments: true,
      confidentialClientData: true,
    },
  });
  await addSubserviceOrg(deps, manager, engagementId, {
    name: "Amazon Web Services",
    service: "Cloud hosting (IaaS/PaaS) in ap-south-1 and ap-south-2",
    method: "carve-out",
  });
  await addSubserviceOrg(deps, manager, engagementId, {
    name: "Okta",
    service: "Workforce identity and single sign-on",
    method: "carve-out",
  });
  const quote = await createEngagementQuote(deps, manager, engagementId, {
    employees: 180,
    systems: 8,
    locations: 3,
    vendors: 14,
    hosting: "cloud",
    maturity: "medium",
    evidenceReadiness: "medium",
    currency: "INR",
  });
  await approveEngagementQuote(deps, partner, engagementId, quote.id);
  const orgAdmin = await demoActor(deps, "compliance@paysetu.example");
  await loadEngagementDocumentsDemo(deps, { engagementId, partner, orgAdmin });
  await moveEngagementStage(deps, partner, engagementId, { to: "audit_program" });
  const controlOwner = await demoActor(deps, "devops@paysetu.example");
  const employee = await demoActor(deps, "employee@paysetu.example");
  await loadReadinessDemo(deps, { orgId, engagementId, orgAdmin, controlOwner, employee });
  // Governance registers (issue 7): risks, vendors (after the subservice organizations), access reviews.
  await loadRisksDemo(deps, { orgId, orgAdmin, controlOwner, employee });
  await loadVendorsDemo(deps, { orgId, firmId, orgAdmin, controlOwner });
  await loadAccessReviewsDemo(deps, { orgId, orgAdmin, controlOwner, employee });
  await loadIncidentsDemo(deps, { orgId, orgAdmin, controlOwner, employee });
  await loadFieldworkDemo(deps, {
    engagementId,
    manager,
    staff: await demoActor(deps, "staff@mehtaraman.example"),
    orgAdmin,
  });
  await submitEnquiry(deps, { kind: "public", ip: "127.0.0.1" }, DEMO_FIRM_SLUG, {
    company: "Chai Cloud Software Pvt. Ltd.",
    contactName: "Ananya Iyer",
    email: "ananya@chaicloud.example",
    city: "Bengaluru",
    requestMeeting: true,
    meetingNote: "Two enterprise customers in the US have asked for a SOC 2 report by March.",
    answers: {
      type: "type1",
      categories: ["CC", "C"],
      periodMonths: 12,
      employees: 45,
      systems: 4,
      locations: 1,
      vendors: 6,
      hosting: "cloud",
      maturity: "medium",
      evidenceReadiness: "low",
      currency: "INR",
      sector: "it_saas",
      handles: {
        personalData: true,
        transactionProcessing: false,
        uptimeCommitments: true,
        confidentialClientData: true,
      },
    },
  });
  // Privileged roles must use MFA: enrol them now with fresh secrets and print those at start.
  const credentials: DemoCredential[] = [];
  for (const p of PEOPLE) {
    let totpSecret: string | null = null;
    if (["partner", "firm_admin", "org_admin"].includes(p.role)) {
      totpSecret = newTotpSecret();
      const user = await findUserByEmail(deps.db, p.email);
      if (user) {
        const sealed = encryptSecret(deps.masterKey, totpSecret);
        await inTransaction(deps, async (trx) => {
          await updateUser(trx, user.id, {
            totp_secret_enc: sealed,
            totp_enabled_at: deps.clock().toISOString(),
          });
          await recordEvent(trx, deps, system, {
            action: "user.mfa_enrolled",
            targetType: "user",
            targetId: user.id,
            after: { method: "totp", note: "demo user enrolled at set-up" },
          });
        });
      }
    }
    credentials.push({ role: p.role, label: p.label, email: p.email, totpSecret });
  }
  const path = credentialsPath(deps);
  writeFileSync(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return credentials;
};
