/**
 * Tenant isolation, route by route (DESIGN.md §4): every API route that takes an id is called by
 * every role of tenant A with tenant B's real ids and a valid body, and must answer 404 NOT_FOUND
 * without changing anything of B's. Lists of A never show B's ids.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNextJob } from "../../src/app/jobs.js";
import { ROLES, type Role } from "../../src/core/roles.js";
import {
  createTestApp,
  PASSWORD,
  type Session,
  seedTenant,
  signIn,
  type TestApp,
  type TestTenant,
} from "../support/app.js";
import { describeEachDatabase } from "../support/databases.js";
import { fillParams, type Json, routeParams, tokenSession } from "../support/http.js";

/** One valid request per route with a path parameter. A new route must be added here. */
const INTRUDER_RISK = {
  title: "Intruder risk",
  asset: "A",
  category: "operational",
  threat: "X",
  vulnerability: "Y",
  likelihood: 3,
  impact: 3,
  residualLikelihood: 2,
  residualImpact: 2,
  treatment: "avoid",
  ownerUserId: "intruder",
  reviewDate: "2030-01-31",
};

const FIXTURES = join(import.meta.dirname, "..", "fixtures");

const INTRUDER_SSO = (defaultRole: string) => ({
  label: "Intruder SSO",
  issuerUrl: "https://login.intruder.example",
  clientId: "c",
  clientSecret: "s",
  allowedDomains: [],
  defaultRole,
});

/** Routes with a path parameter that names reference data shared by every tenant, not tenant data. */
const REFERENCE_ROUTES = ["GET /api/frameworks/:frameworkId"];

const INTRUDER_INCIDENT = {
  title: "Intruder incident",
  detectedAt: "2026-03-10T04:00:00Z",
  awareAt: "2026-03-10T05:00:00Z",
  reportedBy: "Intruder",
  classification: "breach",
  severity: "SEV2",
};

/** A valid request per route (body and query string), so a refusal can only be the tenant check. */
const SAMPLE_REQUESTS: Record<string, { body?: unknown; query?: string }> = {
  "DELETE /api/auth/tokens/:id": {},
  "POST /api/notifications/:id/read": {},
  "GET /api/firms/:firmId/dashboard": {},
  "GET /api/firms/:firmId/members": {},
  "POST /api/firms/:firmId/members": {
    body: {
      email: "intruder.staff@example.com",
      name: "Intruder",
      role: "staff_auditor",
      password: PASSWORD,
    },
  },
  "POST /api/firms/:firmId/organizations": {
    body: { name: "Intruder Client", sector: "it_saas", employees: 10, city: "Pune", country: "India" },
  },
  "GET /api/firms/:firmId/enquiries": {},
  "POST /api/enquiries/:id/convert": {},
  "POST /api/enquiries/:id/decline": { body: { reason: "Not a fit for us." } },
  "GET /api/firms/:firmId/audit-events": {},
  "POST /api/firms/:firmId/jobs/audit-verify": {},
  "GET /api/organizations/:orgId": {},
  "POST /api/organizations/:orgId/members": {
    body: { email: "intruder.admin@example.com", name: "Intruder Admin", role: "org_admin" },
  },
  "GET /api/organizations/:orgId/audit-events": {},
  "GET /api/jobs/:id": {},
  "POST /api/jobs/:id/cancel": {},
  "POST /api/organizations/:orgId/engagements": {
    body: { name: "Intruder engagement", type: "type1", asOfDate: "2026-12-31", categories: ["CC"] },
  },
  "GET /api/engagements/:id": {},
  "PATCH /api/engagements/:id/scope": {
    body: { name: "Renamed by intruder", categories: ["CC", "A"], services: ["Intruder service"] },
  },
  "POST /api/engagements/:id/subservice-orgs": {
    body: { name: "Intruder Cloud", service: "Hosting", method: "carve-out" },
  },
  "DELETE /api/engagements/:id/subservice-orgs/:subId": {},
  "POST /api/engagements/:id/engagement-letter": {},
  "POST /api/engagements/:id/stage": { body: { to: "audit_program" } },
  "POST /api/engagements/:id/quotes": {
    body: {
      employees: 200,
      systems: 5,
      locations: 2,
      vendors: 4,
      hosting: "cloud",
      maturity: "medium",
      evidenceReadiness: "medium",
      currency: "INR",
    },
  },
  "POST /api/engagements/:id/quotes/:quoteId/approve": {},
  "GET /api/engagements/:id/audit-events": {},
  "GET /api/engagements/:id/requests": {},
  "POST /api/engagements/:id/requests": { body: { what: "Intruder request" } },
  "POST /api/engagements/:id/requests/bulk": { body: { items: [{ what: "Intruder bulk request" }] } },
  "GET /api/engagements/:id/requests/export": {},
  "POST /api/engagements/:id/requests/import": {},
  "GET /api/requests/:id": {},
  "PATCH /api/requests/:id": { body: { what: "Renamed by intruder", dueDate: "2099-01-01" } },
  "POST /api/requests/:id/submit": {},
  "POST /api/requests/:id/accept": {},
  "POST /api/requests/:id/return": { body: { reason: "Returned by an intruder" } },
  "POST /api/requests/:id/comments": { body: { text: "Intruder comment" } },
  "POST /api/requests/:id/evidence": { body: { attach: ["intruder-evidence"] } },
  "POST /api/organizations/:orgId/evidence": {},
  "GET /api/organizations/:orgId/evidence": {},
  "GET /api/evidence/:id": {},
  "GET /api/evidence/:id/download": {},
  "POST /api/evidence/:id/links": { body: { controlIds: ["IAM-02"] } },
  "DELETE /api/evidence/:id/links/:controlId": {},
  "POST /api/evidence/:id/versions": {},
  "GET /api/organizations/:orgId/evidence-freshness": {},
  "GET /api/organizations/:orgId/importers": {},
  "POST /api/organizations/:orgId/importers/:importerId": {},
  "GET /api/organizations/:orgId/controls": {},
  "POST /api/organizations/:orgId/controls/adopt": { body: { libraryIds: ["GOV-01"] } },
  "POST /api/organizations/:orgId/controls": {
    body: {
      title: "Foreign control",
      description: "Should never be created in another tenant.",
      domain: "governance",
      criteria: ["CC1.1"],
      frequency: "annual",
      automation: "manual",
    },
  },
  "GET /api/controls/:id": {},
  "PATCH /api/controls/:id": { body: { status: "implemented" } },
  "GET /api/organizations/:orgId/coverage": {},
  "GET /api/organizations/:orgId/readiness": {},
  "GET /api/engagements/:id/system-description": {},
  "PUT /api/engagements/:id/system-description": { body: { revision: 0, content: { noIncidents: true } } },
  "GET /api/organizations/:orgId/policies": {},
  "POST /api/organizations/:orgId/policies": { body: { title: "Intruder policy" } },
  "GET /api/policies/:id": {},
  "PATCH /api/policies/:id": { body: { reviewCycleMonths: 1 } },
  "PUT /api/policies/:id/draft": { body: { body: "## Purpose\n\nRewritten by an intruder." } },
  "POST /api/policies/:id/review": { body: {} },
  "GET /api/policy-versions/:id": {},
  "POST /api/policy-versions/:id/approve": {},
  "POST /api/policy-versions/:id/publish": {},
  "POST /api/policy-versions/:id/acknowledge": {},
  "GET /api/organizations/:orgId/acknowledgement-coverage": {},
  "GET /api/organizations/:orgId/training": {},
  "POST /api/organizations/:orgId/training": {
    body: { courseTitle: "Intruder course", assigneeUserIds: ["intruder"], dueOn: "2099-12-31" },
  },
  "POST /api/organizations/:orgId/training/:assignmentId/complete": { body: { completedOn: "2026-01-01" } },
  "GET /api/engagements/:id/audit-program": {},
  "POST /api/engagements/:id/audit-program/generate": {},
  "POST /api/engagements/:id/audit-program/lines": { body: { controlId: "IAM-02" } },
  "PATCH /api/engagements/:id/audit-program/lines/:lineId": { body: { populationSource: "Intruder source" } },
  "DELETE /api/engagements/:id/audit-program/lines/:lineId": {},
  "POST /api/engagements/:id/audit-program/approve": {},
  "POST /api/engagements/:id/audit-program/versions": { body: { reason: "Intruder version" } },
  "POST /api/engagements/:id/audit-program/request-list": {},
  "POST /api/engagements/:id/roll-forward": {},
  "POST /api/engagements/:id/populations/files": {},
  "POST /api/engagements/:id/populations": {
    body: {
      fileSha256: "0".repeat(64),
      fileName: "intruder.csv",
      controlId: "IAM-02",
      name: "Intruder population",
      mapping: { date: "created" },
      caMethod: "query",
      caSource: "select * from intruder",
    },
  },
  "GET /api/engagements/:id/populations": {},
  "GET /api/populations/:id": {},
  "DELETE /api/populations/:id": {},
  "POST /api/populations/:id/samples": { body: {} },
  "GET /api/samples/:id": {},
  "POST /api/samples/:id/extend": { body: { additional: 1, reason: "Intruder extension" } },
  "POST /api/populations/:id/tests": {
    body: { rule: { require: [{ column: "created", op: "not_empty" }] } },
  },
  "GET /api/population-tests/:id": {},
  "POST /api/populations/:id/reconcile": {
    body: { otherPopulationId: "intruder", key: "created", otherKey: "created" },
  },
  "GET /api/engagements/:id/workpapers": {},
  "POST /api/engagements/:id/workpapers": { body: { controlId: "IAM-02" } },
  "GET /api/workpapers/:id": {},
  "PATCH /api/workpapers/:id": { body: { conclusionNote: "Intruder note" } },
  "PUT /api/workpapers/:id/results": {
    body: { cells: [{ itemKey: "design", attributeId: "A1", result: "fail" }] },
  },
  "POST /api/workpapers/:id/prepare": {},
  "POST /api/workpapers/:id/review": {},
  "POST /api/workpapers/:id/reopen": { body: { reason: "Intruder reopening" } },
  "GET /api/engagements/:id/exceptions": {},
  "GET /api/exceptions/:id": {},
  "PATCH /api/exceptions/:id": { body: { cause: "Intruder cause" } },
  "POST /api/exceptions/:id/responses": { body: { response: "Intruder response" } },
  "POST /api/exceptions/:id/decision": { body: { decision: "accepted" } },
  "POST /api/exceptions/:id/extension": { body: { sampleId: "intruder", reason: "Intruder extension" } },
  "GET /api/engagements/:id/opinion": {},
  "POST /api/engagements/:id/opinion": { body: { opinion: "qualified", basis: "Intruder basis" } },
  "GET /api/firms/:firmId/signing-certificate": {},
  "POST /api/firms/:firmId/signing-certificate": { body: { p12Base64: "AA==", password: "intruder" } },
  "GET /api/engagements/:id/reports": {},
  "POST /api/engagements/:id/reports/drafts": {},
  "POST /api/engagements/:id/reports/issue": { body: { totpCode: "123456" } },
  "GET /api/reports/:id": {},
  "GET /api/reports/:id/pdf": {},
  "POST /api/reports/:id/comments": { body: { location: "Section I", body: "Intruder comment" } },
  "POST /api/report-comments/:id/resolve": { body: { resolution: "Resolved by an intruder" } },
  "POST /api/engagements/:id/soc3": {},
  "POST /api/engagements/:id/bridge-letters": {
    body: { coversUntil: "2026-01-31", noChangesConfirmed: true, signerName: "Intruder", signerTitle: "CEO" },
  },
  "GET /api/engagements/:id/soc3/latest.pdf": {},
  "GET /api/engagements/:id/bridge-letters/latest.pdf": {},
  "GET /api/organizations/:orgId/trust/requests": {},
  "GET /api/organizations/:orgId/trust/downloads": {},
  "POST /api/trust-requests/:id/approve": { body: {} },
  "POST /api/trust-requests/:id/decline": { body: {} },
  "POST /api/trust-requests/:id/revoke": { body: {} },
  "GET /api/engagements/:id/reports/issuance-checks": {},
  "GET /api/engagements/:id/soc3/preview": {},
  "GET /api/engagements/:id/bridge-letters/draft": {},
  "POST /api/engagements/:id/bridge-letters/preview": {
    body: { coversUntil: "2026-09-30", signerName: "Intruder", signerTitle: "CEO", noChangesConfirmed: true },
  },
  "GET /api/firms/:firmId/report-currency": {},
  "GET /api/organizations/:orgId/report-currency": {},
  "GET /api/organizations/:orgId/trust/settings": {},
  "PUT /api/organizations/:orgId/trust/settings": {
    body: { allowedDomains: ["intruder.example"], linkDays: 7 },
  },
  "GET /api/engagements/:id/documents": {},
  "POST /api/engagements/:id/documents": { body: { kind: "engagement-letter" } },
  "GET /api/engagement-documents/:docId": {},
  "POST /api/engagement-documents/:docId/send": {},
  "POST /api/engagement-documents/:docId/accept": {
    body: { fullName: "Intruder", title: "CEO", agree: true, totpCode: "123456" },
  },
  "POST /api/engagement-documents/:docId/decline": { body: { reason: "Declined by an intruder" } },
  "GET /api/engagement-documents/:docId/pdf": {},
  "GET /api/organizations/:orgId/risks": {},
  "POST /api/organizations/:orgId/risks": { body: INTRUDER_RISK },
  "GET /api/organizations/:orgId/risks/export": {},
  "GET /api/organizations/:orgId/risks/my-tasks": {},
  "GET /api/risks/:id": {},
  "PATCH /api/risks/:id": { body: { title: "Renamed by an intruder" } },
  "POST /api/risks/:id/approve-acceptance": {},
  "GET /api/organizations/:orgId/risk-assessments": {},
  "POST /api/organizations/:orgId/risk-assessments": { body: { year: 2024 } },
  "GET /api/risk-assessments/:id": {},
  "PATCH /api/risk-assessments/:id": { body: { fraudConsideration: "Intruder text" } },
  "POST /api/risk-assessments/:id/approve": {},
  "GET /api/risk-assessments/:id/snapshot": {},
  "GET /api/organizations/:orgId/vendors": {},
  "POST /api/organizations/:orgId/vendors": { body: { name: "Intruder vendor", service: "X", tier: 2 } },
  "GET /api/organizations/:orgId/vendors/export": {},
  "GET /api/organizations/:orgId/vendors/my-tasks": {},
  "POST /api/organizations/:orgId/vendors/sync-subservice": {},
  "GET /api/vendors/:id": {},
  "PATCH /api/vendors/:id": { body: { name: "Renamed by an intruder" } },
  "POST /api/vendors/:id/reports": {
    body: {
      kind: "soc2_type2",
      periodStart: "2025-01-01",
      periodEnd: "2025-12-31",
      issueDate: "2026-02-15",
      auditor: "Intruder LLP",
      opinion: "unmodified",
    },
  },
  "POST /api/vendors/:id/reviews": { body: { outcome: "acceptable", conclusion: "Reviewed by an intruder" } },
  "POST /api/vendors/:id/subservice-link": { body: { subserviceOrgId: "intruder" } },
  "POST /api/vendors/:id/questionnaires": { body: {} },
  "GET /api/vendor-questionnaires/:id": {},
  "POST /api/vendor-questionnaires/:id/score": { body: { rating: "low", note: "Scored by an intruder" } },
  "POST /api/vendor-questionnaires/:id/revoke": {},
  "GET /api/organizations/:orgId/access-reviews": {},
  "POST /api/organizations/:orgId/access-reviews": {
    body: {
      name: "Intruder campaign",
      dueDate: "2099-12-31",
      systems: [{ name: "X", ownerUserId: "intruder" }],
    },
  },
  "GET /api/organizations/:orgId/access-reviews/my-tasks": {},
  "GET /api/organizations/:orgId/access-reviews/export": {},
  "GET /api/access-reviews/:id": {},
  "PATCH /api/access-reviews/:id": { body: { name: "Renamed by an intruder" } },
  "POST /api/access-reviews/:id/systems": { body: { name: "Intruder system", ownerUserId: "intruder" } },
  "POST /api/access-review-systems/:id/import": { body: { format: "csv", content: "account\nintruder\n" } },
  "POST /api/access-reviews/:id/launch": {},
  "POST /api/access-reviews/:id/decisions": {
    body: { entryIds: ["intruder"], decision: "revoke", reason: "Revoked by an intruder" },
  },
  "POST /api/access-reviews/:id/reminders": {},
  "POST /api/access-reviews/:id/sign-off": {},
  "POST /api/access-review-tasks/:id/close": { body: { note: "Closed by an intruder, with a note" } },
  "GET /api/organizations/:orgId/incidents": {},
  "POST /api/organizations/:orgId/incidents": { body: INTRUDER_INCIDENT },
  "GET /api/organizations/:orgId/incidents/my-tasks": {},
  "GET /api/organizations/:orgId/incidents/export": {},
  "GET /api/incidents/:id": {},
  "PATCH /api/incidents/:id": { body: { title: "Renamed by an intruder" } },
  "POST /api/incidents/:id/timeline": {
    body: { at: "2026-03-10T06:00:00Z", phase: "triage", note: "Intruder" },
  },
  "POST /api/incidents/:id/notifications": {
    body: { clock: "cert-in", sentAt: "2026-03-10T06:00:00Z", recipient: "Intruder", reference: "X" },
  },
  "PUT /api/incidents/:id/review": { body: { rootCause: "Intruder", lessons: "Intruder" } },
  "POST /api/incidents/:id/actions": { body: { title: "Intruder action", ownerUserId: "intruder" } },
  "PATCH /api/incidents/:id/actions/:actionId": { body: { status: "done" } },
  "POST /api/incidents/:id/close": {},
  "GET /api/organizations/:orgId/framework-coverage": { query: "?framework=dpdp-2023" },
  "GET /api/controls/:id/frameworks": {},
  "GET /api/engagements/:id/oscal/:model": {},
  "POST /api/organizations/:orgId/oscal/import": { body: {} },
  "GET /api/organizations/:orgId/imported-frameworks": {},
  "GET /api/imported-frameworks/:id": {},
  "GET /api/organizations/:orgId/spreadsheets/control-matrix.xlsx": {},
  "GET /api/engagements/:id/spreadsheets/workpapers.xlsx": {},
  "GET /api/engagements/:id/spreadsheets/exceptions.xlsx": {},
  "GET /api/engagements/:id/code.yaml": {},
  "POST /api/organizations/:orgId/engagements/import-yaml": { body: {} },
  "GET /api/firms/:firmId/sso": {},
  "PUT /api/firms/:firmId/sso": { body: INTRUDER_SSO("staff_auditor") },
  "DELETE /api/firms/:firmId/sso": {},
  "GET /api/organizations/:orgId/sso": {},
  "PUT /api/organizations/:orgId/sso": { body: INTRUDER_SSO("employee") },
  "DELETE /api/organizations/:orgId/sso": {},
};

interface TenantIds {
  firmId: string;
  orgId: string;
  engagementId: string;
  quoteId: string;
  subId: string;
  enquiryId: string;
  jobId: string;
  notificationId: string;
  tokenId: string;
  requestId: string;
  controlId: string;
  evidenceId: string;
  policyId: string;
  policyVersionId: string;
  trainingId: string;
  lineId: string;
  populationId: string;
  sampleId: string;
  populationTestId: string;
  workpaperId: string;
  exceptionId: string;
  reportId: string;
  reportCommentId: string;
  trustRequestId: string;
  docId: string;
  riskId: string;
  riskAssessmentId: string;
  vendorId: string;
  questionnaireId: string;
  accessReviewId: string;
  accessReviewSystemId: string;
  accessReviewTaskId: string;
  incidentId: string;
  incidentActionId: string;
  importedFrameworkId: string;
}

/** The id a route parameter stands for, by parameter name and the resource the route is under. */
const idFor = (ids: TenantIds, url: string, name: string): string => {
  const resource = url.split("/")[2];
  if (name === "firmId") return ids.firmId;
  if (name === "orgId") return ids.orgId;
  if (name === "subId") return ids.subId;
  if (name === "quoteId") return ids.quoteId;
  if (name === "controlId") return ids.controlId;
  // Importers are not tenant data; the organization in the same URL is B's.
  if (name === "importerId") return "aws-credential-report";
  if (name === "assignmentId") return ids.trainingId;
  if (name === "lineId") return ids.lineId;
  if (name === "docId") return ids.docId;
  if (name === "actionId") return ids.incidentActionId;
  // OSCAL models are a fixed list, not tenant data; the engagement in the same URL is B's.
  if (name === "model") return "ssp";
  if (name === "id") {
    const byResource: Record<string, string> = {
      engagements: ids.engagementId,
      enquiries: ids.enquiryId,
      jobs: ids.jobId,
      notifications: ids.notificationId,
      auth: ids.tokenId,
      requests: ids.requestId,
      controls: ids.controlId,
      evidence: ids.evidenceId,
      policies: ids.policyId,
      "policy-versions": ids.policyVersionId,
      populations: ids.populationId,
      samples: ids.sampleId,
      "population-tests": ids.populationTestId,
      workpapers: ids.workpaperId,
      exceptions: ids.exceptionId,
      reports: ids.reportId,
      "report-comments": ids.reportCommentId,
      "trust-requests": ids.trustRequestId,
      risks: ids.riskId,
      "risk-assessments": ids.riskAssessmentId,
      vendors: ids.vendorId,
      "vendor-questionnaires": ids.questionnaireId,
      "access-reviews": ids.accessReviewId,
      "access-review-systems": ids.accessReviewSystemId,
      "access-review-tasks": ids.accessReviewTaskId,
      incidents: ids.incidentId,
      "imported-frameworks": ids.importedFrameworkId,
    };
    const id = resource ? byResource[resource] : undefined;
    if (id) return id;
  }
  throw new Error(`No tenant-B id is known for :${name} in ${url}; add it to idFor().`);
};

const enquiryBody = (company: string) => ({
  company,
  contactName: "Asha Rao",
  email: "asha.rao@prospect.example",
  phone: "+91 98200 00000",
  city: "Pune",
  answers: {
    type: "type2",
    categories: ["CC", "PI"],
    periodMonths: 6,
    employees: 80,
    systems: 4,
    locations: 1,
    vendors: 3,
    sector: "fintech_bfsi",
    handles: { transactionProcessing: true },
  },
  requestMeeting: true,
});

describeEachDatabase("tenant isolation", (target) => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let bIds: TenantIds;
  let bToken: string;
  let aEngagementId: string;
  let bFirmName: string;
  let paramRoutes: { method: string; url: string }[];

  /** Everything of B's that a cross-tenant call could change, read straight from the database. */
  const snapshotB = async () => {
    const db = t.context.deps.db;
    const count = async (q: Promise<{ n: string | number | bigint }>) => Number((await q).n);
    return {
      engagements: await db
        .selectFrom("engagements")
        .selectAll()
        .where("firm_id", "=", bIds.firmId)
        .orderBy("id")
        .execute(),
      quotes: await db
        .selectFrom("quotes")
        .selectAll()
        .where("firm_id", "=", bIds.firmId)
        .orderBy("id")
        .execute(),
      subserviceOrgs: await db
        .selectFrom("subservice_orgs")
        .selectAll()
        .where("firm_id", "=", bIds.firmId)
        .orderBy("id")
        .execute(),
      controls: await db
        .selectFrom("org_controls")
        .selectAll()
        .where("org_id", "=", bIds.orgId)
        .orderBy("id")
        .execute(),
      descriptions: await db
        .selectFrom("system_descriptions")
        .selectAll()
        .where("org_id", "=", bIds.orgId)
        .orderBy("id")
        .execute(),
      policies: await db
        .selectFrom("policies")
        .selectAll()
        .where("org_id", "=", bIds.orgId)
        .orderBy("id")
        .execute(),
      policyVersions: await db
        .selectFrom("policy_versions")
        .selectAll()
        .where("org_id", "=", bIds.orgId)
        .orderBy("id")
        .execute(),
      acknowledgements: await db
        .selectFrom("policy_acknowledgements")
        .selectAll()
        .where("org_id", "=", bIds.orgId)
        .orderBy("id")
        .execute(),
      training: await db
        .selectFrom("training_assignments")
        .selectAll()
        .where("org_id", "=", bIds.orgId)
        .orderBy("id")
        .execute(),
      evidence: await db
        .selectFrom("evidence_items")
        .selectAll()
        .where("org_id", "=", bIds.orgId)
        .orderBy("id")
        .execute(),
      evidenceLinks: await db
        .selectFrom("evidence_links")
        .selectAll()
        .where("org_id", "=", bIds.orgId)
        .orderBy("evidence_id")
        .orderBy("control_id")
        .execute(),
      evidenceRequests: await db
        .selectFrom("evidence_requests")
        .selectAll()
        .where("firm_id", "=", bIds.firmId)
        .orderBy("id")
        .execute(),
      requestComments: await db
        .selectFrom("evidence_request_comments")
        .selectAll()
        .where("firm_id", "=", bIds.firmId)
        .orderBy("id")
        .execute(),
      fieldwork: await Promise.all(
        (
          [
            "audit_programs",
            "program_controls",
            "populations",
            "samples",
            "population_tests",
            "workpapers",
            "workpaper_events",
            "test_results",
            "fieldwork_exceptions",
            "exception_responses",
            "opinion_decisions",
            "reports",
            "report_comments",
            "report_access_requests",
            "report_downloads",
            "engagement_documents",
            "risks",
            "risk_assessments",
            "vendors",
            "vendor_reports",
            "vendor_reviews",
            "vendor_questionnaires",
            "access_review_campaigns",
            "access_review_systems",
            "access_review_entries",
            "access_review_tasks",
            "incidents",
            "incident_timeline",
            "incident_notifications",
            "incident_actions",
            "imported_frameworks",
            "imported_component_definitions",
            "sso_providers",
          ] as const
        ).map((table) =>
          db.selectFrom(table).selectAll().where("firm_id", "=", bIds.firmId).orderBy("id").execute(),
        ),
      ),
      importedControls: await db
        .selectFrom("imported_framework_controls")
        .selectAll()
        .where("org_id", "=", bIds.orgId)
        .orderBy("framework_id")
        .orderBy("control_id")
        .execute(),
      trustSettings: await db
        .selectFrom("trust_portal_settings")
        .selectAll()
        .where("org_id", "=", bIds.orgId)
        .execute(),
      organizations: await db
        .selectFrom("organizations")
        .selectAll()
        .where("firm_id", "=", bIds.firmId)
        .orderBy("id")
        .execute(),
      enquiries: await db
        .selectFrom("enquiries")
        .select(["id", "status", "converted_org_id", "updated_at"])
        .where("firm_id", "=", bIds.firmId)
        .orderBy("id")
        .execute(),
      jobs: await db
        .selectFrom("jobs")
        .select(["id", "status", "cancel_requested", "finished_at"])
        .where("firm_id", "=", bIds.firmId)
        .orderBy("id")
        .execute(),
      notification: await db
        .selectFrom("notifications")
        .select(["id", "read_at"])
        .where("id", "=", bIds.notificationId)
        .executeTakeFirst(),
      token: await db
        .selectFrom("api_tokens")
        .select(["id", "revoked_at"])
        .where("id", "=", bIds.tokenId)
        .executeTakeFirst(),
      memberships: await db
        .selectFrom("memberships")
        .select(["user_id", "tenant_kind", "tenant_id", "role"])
        .where((eb) => eb.or([eb("tenant_id", "=", bIds.firmId), eb("tenant_id", "=", bIds.orgId)]))
        .orderBy("user_id")
        .orderBy("role")
        .execute(),
      auditEvents: await count(
        db
          .selectFrom("audit_events")
          .select((eb) => eb.fn.countAll().as("n"))
          .where((eb) => eb.or([eb("firm_id", "=", bIds.firmId), eb("org_id", "=", bIds.orgId)]))
          .executeTakeFirstOrThrow(),
      ),
      intruderUsers: await count(
        db
          .selectFrom("users")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("email", "like", "intruder.%")
          .executeTakeFirstOrThrow(),
      ),
    };
  };
  let before: Awaited<ReturnType<typeof snapshotB>>;

  /** Every id of B's, as strings that must never appear in anything A receives. */
  const bSecrets = (): string[] => [...Object.values(bIds), bToken, b.firmSlug, bFirmName, "B Prospect"];

  beforeAll(async () => {
    t = await createTestApp(target);
    a = await seedTenant(t, "a");
    b = await seedTenant(t, "b");

    const bManager = await signIn(t.app, b.users.engagement_manager);
    const bPartner = await signIn(t.app, b.users.partner);
    const created = await bManager.request("POST", `/api/organizations/${b.orgId}/engagements`, {
      name: "B SOC 2 Type 2",
      type: "type2",
      periodStart: "2026-01-01",
      periodEnd: "2026-06-30",
      categories: ["CC", "C"],
      boundary: { services: ["Payments API"], infrastructure: ["AWS"], locations: ["Mumbai"] },
    });
    expect(created.status).toBe(201);
    const engagementId = created.json().id as string;
    const quote = await bManager.request("POST", `/api/engagements/${engagementId}/quotes`, {
      employees: 120,
      systems: 3,
      locations: 1,
      vendors: 2,
    });
    expect(quote.status).toBe(201);
    const sub = await bManager.request("POST", `/api/engagements/${engagementId}/subservice-orgs`, {
      name: "AWS",
      service: "Infrastructure hosting",
      method: "carve-out",
    });
    expect(sub.status).toBe(201);
    const enquiry = await t.app.inject({
      method: "POST",
      url: `/api/public/firms/${b.firmSlug}/enquiries`,
      remoteAddress: "10.20.0.1",
      payload: enquiryBody("B Prospect Pvt Ltd"),
    });
    expect(enquiry.statusCode).toBe(201);
    const job = await bPartner.request("POST", `/api/firms/${b.firmId}/jobs/audit-verify`);
    expect(job.status).toBe(202);
    const notifications = (await bPartner.request("GET", "/api/notifications")).json();
    const notification = (notifications.notifications as Json[]).find((n) => n.kind === "enquiry.received");
    expect(notification).toBeDefined();
    const token = await bManager.request("POST", "/api/auth/tokens", {
      name: "b-ci",
      scopes: ["read", "write"],
      expiresInDays: 30,
    });
    expect(token.status).toBe(201);
    bToken = token.json().token;
    const dashboard = (await bPartner.request("GET", `/api/firms/${b.firmId}/dashboard`)).json();
    bFirmName = dashboard.firm.name;

    const bAdmin = await signIn(t.app, b.users.org_admin);
    const adopted = await bAdmin.request("POST", `/api/organizations/${b.orgId}/controls/adopt`, {
      engagementId,
    });
    expect(adopted.status).toBe(200);
    const bControls = (await bAdmin.request("GET", `/api/organizations/${b.orgId}/controls`)).json();
    const controlId = (bControls.controls as Json[])[0]?.id as string;
    const bEvidence = await t.app.inject({
      method: "POST",
      url: `/api/organizations/${b.orgId}/evidence?controlIds=${controlId}&filename=b.txt`,
      headers: {
        cookie: bAdmin.cookie,
        "x-csrf-token": bAdmin.csrf,
        "content-type": "application/octet-stream",
      },
      payload: "B's evidence",
    });
    expect(bEvidence.statusCode).toBe(201);

    const bPolicyAdmin = await signIn(t.app, b.users.org_admin);
    const bPolicy = await bPolicyAdmin.request("POST", `/api/organizations/${b.orgId}/policies`, {
      templateId: "acceptable-use",
    });
    expect(bPolicy.status).toBe(201);
    const bEmployee = await t.context.deps.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", b.users.employee.email)
      .executeTakeFirstOrThrow();
    const bTraining = await bPolicyAdmin.request("POST", `/api/organizations/${b.orgId}/training`, {
      courseTitle: "B awareness",
      assigneeUserIds: [bEmployee.id],
      dueOn: "2099-12-31",
    });
    expect(bTraining.status).toBe(201);

    const bRequest = await bManager.request("POST", `/api/engagements/${engagementId}/requests`, {
      what: "B's access review",
      dueDate: "2026-03-31",
    });
    expect(bRequest.status).toBe(201);

    // Fieldwork: a program line, a population with a sample and a full-population test, a workpaper
    // with a failed attribute and so an exception.
    const bStaff = await signIn(t.app, b.users.staff_auditor);
    const program = await bStaff.request("POST", `/api/engagements/${engagementId}/audit-program/generate`);
    expect(program.status, JSON.stringify(program.json())).toBe(200);
    const line = (program.json().program.lines as Json[])[0] as Json;
    const csv = "id,created\nC-1,2026-02-03\nC-2,2026-03-04\nC-3,2026-05-06\n";
    const uploaded = await t.app.inject({
      method: "POST",
      url: `/api/engagements/${engagementId}/populations/files?filename=b.csv`,
      headers: {
        cookie: bStaff.cookie,
        "x-csrf-token": bStaff.csrf,
        "content-type": "application/octet-stream",
      },
      payload: csv,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const runJobs = async () => {
      while (await runNextJob(t.context.deps, "isolation-worker")) {}
    };
    const imported = await bStaff.request("POST", `/api/engagements/${engagementId}/populations`, {
      fileSha256: uploaded.json().fileSha256,
      fileName: "b.csv",
      controlId: line.controlId,
      name: "B changes",
      mapping: { date: "created", id: "id" },
      caMethod: "query",
      caSource: "select id, created from changes",
    });
    expect(imported.status, JSON.stringify(imported.json())).toBe(202);
    await runJobs();
    const importJob = (await bStaff.request("GET", `/api/jobs/${imported.json().job.id}`)).json();
    const populationId = importJob.result.populationId as string;
    const sampled = await bStaff.request("POST", `/api/populations/${populationId}/samples`, {});
    expect(sampled.status).toBe(202);
    const tested = await bStaff.request("POST", `/api/populations/${populationId}/tests`, {
      rule: { require: [{ column: "created", op: "not_empty" }] },
    });
    expect(tested.status).toBe(202);
    await runJobs();
    const sampleJob = (await bStaff.request("GET", `/api/jobs/${sampled.json().job.id}`)).json();
    const testJob = (await bStaff.request("GET", `/api/jobs/${tested.json().job.id}`)).json();
    const workpaper = await bStaff.request("POST", `/api/engagements/${engagementId}/workpapers`, {
      controlId: line.controlId,
    });
    expect(workpaper.status, JSON.stringify(workpaper.json())).toBe(201);
    const wp = workpaper.json().workpaper as Json;
    const firstItem = (wp.items as Json[])[0] as Json;
    const firstAttribute = (wp.attributes as Json[])[0] as Json;
    const failed = await bStaff.request("PUT", `/api/workpapers/${wp.id}/results`, {
      cells: [
        { itemKey: firstItem.key, attributeId: firstAttribute.id, result: "fail", note: "No approval" },
      ],
    });
    expect(failed.status, JSON.stringify(failed.json())).toBe(200);
    const bExceptions = (await bStaff.request("GET", `/api/engagements/${engagementId}/exceptions`)).json();
    // Reports: an issued report row of B's (no PDF is needed to reach the tenant check), a comment on
    // it, and a trust-portal access request made through the public route.
    const now = new Date().toISOString();
    const reportId = "b-report-1";
    await t.context.deps.db
      .insertInto("reports")
      .values({
        id: reportId,
        firm_id: b.firmId,
        org_id: b.orgId,
        engagement_id: engagementId,
        kind: "soc2-type2",
        version: 1,
        status: "issued",
        pdf_sha256: "a".repeat(64),
        pdf_size: 1,
        pages: 1,
        covers_until: "2026-06-30",
        manifest_root: null,
        document_sha256: null,
        signed_by: null,
        signed_at: null,
        certificate_fingerprint: null,
        public: 0,
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await t.context.deps.db
      .insertInto("report_comments")
      .values({
        id: "b-report-comment-1",
        report_id: reportId,
        firm_id: b.firmId,
        org_id: b.orgId,
        engagement_id: engagementId,
        n: 1,
        author_user_id: null,
        author_side: "org",
        location: "Section III",
        body: "B's comment",
        status: "open",
        resolution: null,
        resolved_by: null,
        resolved_at: null,
        created_at: now,
      })
      .execute();
    const trustRequest = await t.app.inject({
      method: "POST",
      url: `/api/public/trust/${b.orgId}/requests`,
      remoteAddress: "10.20.0.9",
      payload: {
        reportId,
        name: "Asha Customer",
        email: "asha@customer.example",
        company: "Customer Pvt Ltd",
        ndaVersion: "fieldwork-nda-v1",
        ndaAccepted: true,
      },
    });
    expect(trustRequest.statusCode, trustRequest.body).toBe(201);
    // Engagement documents: a letter row of B's (generating one needs an approved quote, which
    // would change B's quote; the row is enough to reach the tenant check).
    const docId = "b-engagement-letter-1";
    await t.context.deps.db
      .insertInto("engagement_documents")
      .values({
        id: docId,
        firm_id: b.firmId,
        org_id: b.orgId,
        engagement_id: engagementId,
        kind: "engagement-letter",
        version: 1,
        status: "sent",
        title: "Engagement letter",
        letter_date: "2026-01-05",
        facts: "{}",
        pdf_sha256: "b".repeat(64),
        pdf_size: 1,
        generated_by: null,
        generated_at: now,
        sent_by: null,
        sent_at: now,
        accepted_by: null,
        accepted_name: null,
        accepted_title: null,
        accepted_ip: null,
        accepted_user_agent: null,
        accepted_at: null,
        accepted_confirmation: null,
        accepted_pdf_sha256: null,
        accepted_pdf_size: null,
        evidence_id: null,
        declined_by: null,
        declined_at: null,
        decline_reason: null,
        superseded_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    // Governance registers: a risk and an assessment, a vendor with a questionnaire, an access
    // review with a system and a revocation task, an incident with an action.
    const userId = async (email: string) =>
      (
        await t.context.deps.db
          .selectFrom("users")
          .select("id")
          .where("email", "=", email)
          .executeTakeFirstOrThrow()
      ).id;
    const bAdminId = await userId(b.users.org_admin.email);
    const bOwnerId = await userId(b.users.control_owner.email);
    const bOwner = await signIn(t.app, b.users.control_owner);
    const risk = await bAdmin.request("POST", `/api/organizations/${b.orgId}/risks`, {
      ...INTRUDER_RISK,
      title: "B risk",
      ownerUserId: bAdminId,
    });
    expect(risk.status, JSON.stringify(risk.json())).toBe(201);
    const assessment = await bAdmin.request("POST", `/api/organizations/${b.orgId}/risk-assessments`, {
      year: 2025,
    });
    expect(assessment.status, JSON.stringify(assessment.json())).toBe(201);
    const vendor = await bAdmin.request("POST", `/api/organizations/${b.orgId}/vendors`, {
      name: "B vendor",
      service: "Hosting",
      tier: 2,
    });
    expect(vendor.status, JSON.stringify(vendor.json())).toBe(201);
    const questionnaire = await bAdmin.request(
      "POST",
      `/api/vendors/${vendor.json().vendor.id}/questionnaires`,
      {},
    );
    expect(questionnaire.status, JSON.stringify(questionnaire.json())).toBe(201);
    const campaign = await bAdmin.request("POST", `/api/organizations/${b.orgId}/access-reviews`, {
      name: "B Q1",
      dueDate: "2099-12-31",
      systems: [{ name: "GitHub", ownerUserId: bOwnerId }],
    });
    expect(campaign.status, JSON.stringify(campaign.json())).toBe(201);
    const campaignId = campaign.json().campaign.id as string;
    const systemId = (campaign.json().systems as Json[])[0]?.id as string;
    const accounts = await bAdmin.request("POST", `/api/access-review-systems/${systemId}/import`, {
      format: "csv",
      content: "account,entitlements\nleaver,admin\n",
    });
    expect(accounts.status, JSON.stringify(accounts.json())).toBeLessThan(300);
    const launched = await bAdmin.request("POST", `/api/access-reviews/${campaignId}/launch`);
    expect(launched.status, JSON.stringify(launched.json())).toBeLessThan(300);
    const entries = (launched.json().entries ?? launched.json().campaign?.entries) as Json[] | undefined;
    const entryId =
      entries?.[0]?.id ??
      (
        await t.context.deps.db
          .selectFrom("access_review_entries")
          .select("id")
          .where("campaign_id", "=", campaignId)
          .executeTakeFirstOrThrow()
      ).id;
    const revoked = await bOwner.request("POST", `/api/access-reviews/${campaignId}/decisions`, {
      entryIds: [entryId],
      decision: "revoke",
      reason: "Left the company",
    });
    expect(revoked.status, JSON.stringify(revoked.json())).toBeLessThan(300);
    const task = await t.context.deps.db
      .selectFrom("access_review_tasks")
      .select("id")
      .where("campaign_id", "=", campaignId)
      .executeTakeFirstOrThrow();
    const incident = await bAdmin.request("POST", `/api/organizations/${b.orgId}/incidents`, {
      ...INTRUDER_INCIDENT,
      title: "B incident",
    });
    expect(incident.status, JSON.stringify(incident.json())).toBe(201);
    const incidentId = incident.json().incident.id as string;
    const action = await bAdmin.request("POST", `/api/incidents/${incidentId}/actions`, {
      title: "B action",
      ownerUserId: bOwnerId,
    });
    expect(action.status, JSON.stringify(action.json())).toBeLessThan(300);
    const imported800 = await t.app.inject({
      method: "POST",
      url: `/api/organizations/${b.orgId}/oscal/import`,
      headers: { cookie: bAdmin.cookie, "x-csrf-token": bAdmin.csrf, "content-type": "application/json" },
      payload: readFileSync(join(FIXTURES, "oscal", "nist-800-53-rev5-excerpt.json")),
    });
    expect(imported800.statusCode, imported800.body).toBe(201);
    // A job that stays queued (the worker above ran the earlier ones), for the cancel route.
    const queuedJob = await bPartner.request("POST", `/api/firms/${b.firmId}/jobs/audit-verify`);
    expect(queuedJob.status).toBe(202);

    bIds = {
      requestId: bRequest.json().id,
      firmId: b.firmId,
      orgId: b.orgId,
      engagementId,
      quoteId: quote.json().id,
      subId: sub.json().id,
      enquiryId: enquiry.json().id,
      jobId: queuedJob.json().id,
      notificationId: notification.id,
      tokenId: token.json().id,
      policyId: bPolicy.json().policy.id,
      policyVersionId: bPolicy.json().openVersion.id,
      trainingId: bTraining.json().ids[0],
      controlId,
      evidenceId: bEvidence.json().id,
      lineId: line.id as string,
      populationId,
      sampleId: sampleJob.result.sampleId as string,
      populationTestId: testJob.result.testId as string,
      workpaperId: wp.id as string,
      exceptionId: (bExceptions.exceptions as Json[])[0]?.id as string,
      reportId,
      reportCommentId: "b-report-comment-1",
      trustRequestId: trustRequest.json().id as string,
      docId,
      riskId: risk.json().risk.id as string,
      riskAssessmentId: assessment.json().assessment.id as string,
      vendorId: vendor.json().vendor.id as string,
      questionnaireId: questionnaire.json().questionnaire.id as string,
      accessReviewId: campaignId,
      accessReviewSystemId: systemId,
      accessReviewTaskId: task.id,
      incidentId,
      incidentActionId: (action.json().incident.actions as Json[])[0]?.id as string,
      importedFrameworkId: imported800.json().framework.id as string,
    };

    // A has data of its own, so its lists are not trivially empty.
    const aManager = await signIn(t.app, a.users.engagement_manager);
    const aCreated = await aManager.request("POST", `/api/organizations/${a.orgId}/engagements`, {
      name: "A SOC 2 Type 1",
      type: "type1",
      asOfDate: "2026-09-30",
    });
    expect(aCreated.status).toBe(201);
    aEngagementId = aCreated.json().id;

    paramRoutes = t.app.apiRoutes.filter(
      (r) =>
        r.url.includes(":") &&
        !r.url.startsWith("/api/public/") &&
        !REFERENCE_ROUTES.includes(`${r.method} ${r.url}`),
    );
    before = await snapshotB();
  });
  afterAll(async () => t?.close());

  it("has a sample request for every route with a path parameter, and none for routes that are gone", () => {
    expect(paramRoutes.length).toBeGreaterThanOrEqual(20);
    const keys = paramRoutes.map((r) => `${r.method} ${r.url}`);
    const missing = keys.filter((k) => !(k in SAMPLE_REQUESTS));
    expect(missing, "add these routes to SAMPLE_REQUESTS in tenant-isolation.test.ts").toEqual([]);
    const stale = Object.keys(SAMPLE_REQUESTS).filter((k) => !keys.includes(k));
    expect(stale, "these SAMPLE_REQUESTS entries match no route").toEqual([]);
    // Every parameter of every route resolves to one of B's real ids.
    for (const r of paramRoutes)
      for (const p of routeParams(r.url)) expect(idFor(bIds, r.url, p)).toBeTruthy();
  });

  const sweep = async (session: Session) => {
    const leaks: string[] = [];
    for (const route of paramRoutes) {
      const key = `${route.method} ${route.url}`;
      const sample = SAMPLE_REQUESTS[key];
      if (!sample) {
        leaks.push(`${key}: no sample request`);
        continue;
      }
      const url = fillParams(route.url, (name) => idFor(bIds, route.url, name)) + (sample.query ?? "");
      const res = await session.request(route.method, url, sample.body);
      const body = res.json();
      if (res.status !== 404 || body?.error?.code !== "NOT_FOUND") {
        leaks.push(`${key} -> ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
      } else {
        const text = JSON.stringify(body);
        for (const secret of bSecrets()) if (text.includes(secret)) leaks.push(`${key} echoes ${secret}`);
      }
    }
    return leaks;
  };

  describe.each(ROLES.map((role) => [role]))("as tenant A's %s", (role: Role) => {
    it("every route with B's ids answers 404 NOT_FOUND", async () => {
      const session = await signIn(t.app, a.users[role]);
      expect(await sweep(session)).toEqual([]);
    });

    it("lists never contain B's ids", async () => {
      const session = await signIn(t.app, a.users[role]);
      const firmRole = ["firm_admin", "partner", "engagement_manager", "staff_auditor"].includes(role);
      const urls = [
        "/api/engagements",
        "/api/notifications",
        "/api/auth/tokens",
        "/api/auth/session",
        "/api/me/acknowledgements",
        ...(firmRole
          ? [
              `/api/firms/${a.firmId}/dashboard`,
              `/api/firms/${a.firmId}/members`,
              `/api/firms/${a.firmId}/audit-events?limit=500`,
            ]
          : [`/api/organizations/${a.orgId}`, `/api/organizations/${a.orgId}/audit-events?limit=500`]),
        ...(["firm_admin", "partner", "engagement_manager"].includes(role)
          ? [`/api/firms/${a.firmId}/enquiries`]
          : []),
      ];
      for (const url of urls) {
        const res = await session.request("GET", url);
        expect(res.status, url).toBe(200);
        const text = JSON.stringify(res.json());
        for (const secret of bSecrets()) expect(text, `${url} leaks ${secret}`).not.toContain(secret);
      }
      // A's own engagement is visible, so the lists are real.
      const mine = (await session.request("GET", "/api/engagements")).json().engagements as Json[];
      expect(mine.map((e) => e.id)).toEqual([aEngagementId]);
    });
  });

  it("an API token of tenant A with the write scope is refused every B id too", async () => {
    const manager = await signIn(t.app, a.users.engagement_manager);
    const created = await manager.request("POST", "/api/auth/tokens", {
      name: "a-ci",
      scopes: ["read", "write"],
      expiresInDays: 7,
    });
    expect(created.status).toBe(201);
    expect(await sweep(tokenSession(t.app, created.json().token))).toEqual([]);
  });

  it("mixing A's own engagement with B's quote or subservice organization is refused", async () => {
    const partner = await signIn(t.app, a.users.partner);
    const approve = await partner.request(
      "POST",
      `/api/engagements/${aEngagementId}/quotes/${bIds.quoteId}/approve`,
    );
    expect(approve.status).toBe(404);
    expect(approve.json().error.code).toBe("NOT_FOUND");
    const remove = await partner.request(
      "DELETE",
      `/api/engagements/${aEngagementId}/subservice-orgs/${bIds.subId}`,
    );
    expect(remove.status).toBe(404);
    expect(remove.json().error.code).toBe("NOT_FOUND");
  });

  it("left all of B's data unchanged", async () => {
    const after = await snapshotB();
    expect(after).toEqual(before);
    const engagement = after.engagements.find((e) => e.id === bIds.engagementId);
    expect(engagement?.stage).toBe("scoping");
    expect(engagement?.name).toBe("B SOC 2 Type 2");
    expect(engagement?.engagement_letter_signed_at).toBeNull();
    expect(after.quotes.map((q) => q.status)).toEqual(["draft"]);
    expect(after.subserviceOrgs.map((s) => s.id)).toEqual([bIds.subId]);
    expect(after.enquiries.map((e) => e.status)).toEqual(["new"]);
    expect(after.jobs.every((j) => Number(j.cancel_requested) === 0)).toBe(true);
    expect(after.jobs.find((j) => j.id === bIds.jobId)?.status).toBe("queued");
    expect(after.notification?.read_at).toBeNull();
    expect(after.token?.revoked_at).toBeNull();
    expect(after.intruderUsers).toBe(0);
    // B's token still works, and B still sees its own engagement.
    const res = await tokenSession(t.app, bToken).request("GET", `/api/engagements/${bIds.engagementId}`);
    expect(res.status).toBe(200);
    expect(res.json().engagement.stage).toBe("scoping");
    expect(res.json().quote.status).toBe("draft");
  });
});
