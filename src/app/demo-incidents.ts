/**
 * The demo client's incident register for FY 2026-27, recorded through the use-cases with the
 * clock set to when each step happened:
 * - INC-001, SEV2 breach: merchant KYC documents readable from a misconfigured S3 bucket; CERT-In
 *   told within 6 hours, the Data Protection Board and the merchants without delay and the detailed
 *   report inside 72 hours; reviewed, actions done or accepted, closed (closure record as evidence)
 *   and disclosed in DC4.
 * - INC-002, SEV3 event: UPI switch latency during a peak; reviewed and closed, not disclosed.
 * - INC-003, SEV2 breach still open, aware two hours before the demo loads, so its clocks run live.
 */
import type { UserActor } from "./actor.js";
import type { Deps } from "./deps.js";
import {
  addAction,
  addTimelineEntry,
  closeIncident,
  recordNotificationSent,
  recordReview,
  updateIncidentAction,
} from "./use-cases/incident-response.js";
import { createIncident, updateIncidentRecord } from "./use-cases/incidents.js";

export interface DemoIncidentsContext {
  readonly orgId: string;
  readonly firmId?: string;
  readonly orgAdmin: UserActor;
  readonly controlOwner: UserActor;
  readonly employee?: UserActor;
}

const on = (deps: Deps, iso: string): Deps => ({ ...deps, clock: () => new Date(iso) });

/** Entries as they happened; the audit clock never runs before the incident was recorded (`floor`). */
const timeline = async (
  deps: Deps,
  who: UserActor,
  id: string,
  floor: string,
  entries: readonly [string, string, string][],
) => {
  for (const [at, phase, note] of entries) {
    await addTimelineEntry(on(deps, at > floor ? at : floor), who, id, {
      at,
      phase: phase as "triage",
      note,
    });
  }
};

const kycBreach = async (deps: Deps, ctx: DemoIncidentsContext) => {
  const { orgAdmin: neha, controlOwner: vikram } = ctx;
  const made = await createIncident(on(deps, "2026-06-18T04:30:00.000Z"), vikram, ctx.orgId, {
    title: "Merchant KYC documents exposed through a misconfigured S3 bucket",
    summary:
      "An AWS Security Hub finding showed the production bucket holding merchant onboarding documents allowed public reads. A Terraform change merged on 16 June had replaced the bucket policy with a module default that granted s3:GetObject to everyone. Access logs show 37 downloads from three unknown IP addresses before the bucket was closed.",
    detectedAt: "2026-06-18T04:10:00.000Z",
    awareAt: "2026-06-18T04:25:00.000Z",
    reportedBy: "AWS Security Hub finding S3.2, triaged by the on-call DevOps engineer",
    classification: "breach",
    severity: "SEV2",
    affectedSystems: ["Merchant onboarding service", "S3 bucket paysetu-merchant-kyc-prod"],
    dataCategories: [
      "PAN card images",
      "GST registration certificates",
      "Cancelled cheques (bank account numbers)",
      "Masked Aadhaar copies",
    ],
    personalData: true,
    principalsCount: 2310,
    jurisdictions: ["india"],
    ownerUserId: vikram.userId,
  });
  const id = made.incident.id;
  // Timeline entries (phase, note) and notifications (clock id, reference) in the order they happened.
  const steps: [string, "entry" | "notice", string, string][] = [
    [
      "2026-06-18T04:10:00.000Z",
      "entry",
      "detection",
      "Security Hub raised S3.2 (bucket allows public read) on paysetu-merchant-kyc-prod.",
    ],
    [
      "2026-06-18T04:25:00.000Z",
      "entry",
      "triage",
      "Confirmed the bucket policy granted public s3:GetObject since the Terraform apply of 16 June 18:02 IST; declared a SEV2 breach.",
    ],
    [
      "2026-06-18T04:52:00.000Z",
      "entry",
      "containment",
      "Turned on Block Public Access for the bucket and restored the previous bucket policy; anonymous reads now fail.",
    ],
    [
      "2026-06-18T06:30:00.000Z",
      "entry",
      "eradication",
      "Reverted the module change, rotated the pre-signed URL signing role and reviewed every other bucket: none public.",
    ],
    [
      "2026-06-18T09:05:00.000Z",
      "entry",
      "communication",
      "Reported to CERT-In through the incident reporting form with the indicators (three source IPs).",
    ],
    ["2026-06-18T09:05:00.000Z", "notice", "cert-in", "CERT-In acknowledgement CERTIn-IR-2026-061847"],
    [
      "2026-06-18T11:00:00.000Z",
      "notice",
      "dpdp-board-intimation",
      "Board portal intimation DPB/INT/2026/000412",
    ],
    [
      "2026-06-18T13:30:00.000Z",
      "entry",
      "communication",
      "E-mailed the 2,310 affected merchant proprietors with what was exposed and the steps we took; support FAQ published.",
    ],
    [
      "2026-06-18T13:30:00.000Z",
      "notice",
      "dpdp-principals",
      "Merchant e-mail campaign MC-KYC-0618 (2,310 recipients)",
    ],
    [
      "2026-06-19T12:00:00.000Z",
      "entry",
      "recovery",
      "Onboarding resumed on the corrected bucket after a second review of the policy by Security.",
    ],
    ["2026-06-20T10:00:00.000Z", "notice", "dpdp-board-report", "Detailed report DPB/RPT/2026/000412"],
  ];
  for (const [at, kind, what, text] of steps) {
    if (kind === "entry") await timeline(deps, vikram, id, "2026-06-18T04:30:00.000Z", [[at, what, text]]);
    else await recordNotificationSent(on(deps, at), neha, id, { clock: what, sentAt: at, reference: text });
  }
  const review = on(deps, "2026-06-24T09:30:00.000Z");
  await recordReview(review, neha, id, {
    rootCause:
      "A shared Terraform storage module gained a default bucket policy granting public reads. The change passed review because the plan output did not show the effective policy, and the account had no account-level Block Public Access to stop it.",
    lessons:
      "Guardrails belong at the account level, not in each module. Pipeline checks must fail a plan that makes any bucket public. KYC documents need their own bucket, key and access logging so that exposure can be measured at once.",
  });
  const actions: [string, UserActor, string][] = [
    [
      "Enable S3 Block Public Access at the AWS account level for production and DR accounts",
      vikram,
      "2026-06-26",
    ],
    [
      "Fail Terraform plans that make a bucket public (Conftest policy in GitHub Actions)",
      vikram,
      "2026-07-10",
    ],
    [
      "Move KYC documents to a dedicated bucket with a customer-managed KMS key and object-level logging",
      neha,
      "2026-09-30",
    ],
  ];
  let made2 = made;
  for (const [title, owner, dueDate] of actions) {
    made2 = await addAction(review, neha, id, { title, ownerUserId: owner.userId, dueDate });
  }
  const [a1, a2, a3] = made2.incident.actions;
  if (!a1 || !a2 || !a3) throw new Error("demo incidents: actions missing");
  await updateIncidentAction(on(deps, "2026-06-25T11:00:00.000Z"), vikram, id, a1.id, {
    status: "done",
    note: "SCP and account settings applied; Security Hub S3.1 passes in both accounts.",
  });
  await updateIncidentAction(on(deps, "2026-07-08T10:00:00.000Z"), vikram, id, a2.id, {
    status: "done",
    note: "Policy merged in infra-pipelines PR #482; a test plan with a public bucket fails.",
  });
  await updateIncidentAction(on(deps, "2026-07-09T10:00:00.000Z"), neha, id, a3.id, {
    status: "accepted",
    note: "Scheduled with the Q3 storage migration; until then account-level Block Public Access and the pipeline check cover the risk. Accepted by Neha Kulkarni, Head of Compliance.",
  });
  const closing = on(deps, "2026-07-10T06:00:00.000Z");
  await updateIncidentRecord(closing, neha, id, { status: "resolved" });
  await closeIncident(closing, neha, id);
  await updateIncidentRecord(on(deps, "2026-07-10T06:30:00.000Z"), neha, id, {
    disclose: true,
    disclosure: {
      nature:
        "A storage bucket holding merchant onboarding (KYC) documents was readable from the internet for about 34 hours after an infrastructure change replaced its access policy.",
      extent:
        "Documents of 2,310 merchant proprietors were exposed; access logs show 37 downloads from three unknown addresses. Payment processing and payer data were not affected.",
      resolution:
        "The bucket was closed within 30 minutes of detection; CERT-In, the Data Protection Board and the affected merchants were notified within the required times; account-level public-access blocking and a pipeline check now prevent a recurrence.",
    },
  });
};

const upiLatency = async (deps: Deps, ctx: DemoIncidentsContext) => {
  const { orgAdmin: neha, controlOwner: vikram } = ctx;
  const made = await createIncident(on(deps, "2026-09-03T13:20:00.000Z"), vikram, ctx.orgId, {
    title: "UPI switch latency degradation during the evening peak",
    summary:
      "p99 latency of UPI collect requests rose from 600 ms to 4.2 s for 47 minutes; 1.8% of requests timed out at NPCI and payers retried. No data was affected.",
    detectedAt: "2026-09-03T13:05:00.000Z",
    awareAt: "2026-09-03T13:08:00.000Z",
    reportedBy: "Grafana alert upi-switch-p99, acknowledged by the payments SRE on call",
    classification: "event",
    severity: "SEV3",
    affectedSystems: ["UPI switch", "RDS PostgreSQL payments-primary"],
    dataCategories: [],
    personalData: false,
    certInReportable: false,
    ownerUserId: vikram.userId,
  });
  const id = made.incident.id;
  await timeline(deps, vikram, id, "2026-09-03T13:20:00.000Z", [
    ["2026-09-03T13:05:00.000Z", "detection", "Alert: UPI collect p99 above 2 s for 5 minutes."],
    [
      "2026-09-03T13:15:00.000Z",
      "triage",
      "Connection pool to payments-primary saturated; a reconciliation batch started 40 minutes early.",
    ],
    [
      "2026-09-03T13:52:00.000Z",
      "recovery",
      "Paused the batch; latency back under 700 ms. Merchants informed on the status page.",
    ],
  ]);
  const review = on(deps, "2026-09-05T10:00:00.000Z");
  await recordReview(review, neha, id, {
    rootCause:
      "A cron schedule change moved the reconciliation batch into the evening UPI peak; the batch and the switch share one connection pool.",
    lessons: "Batch work needs its own pool and a schedule guard for peak hours.",
  });
  const withAction = await addAction(review, neha, id, {
    title: "Give the reconciliation batch its own read-replica connection pool",
    ownerUserId: vikram.userId,
    dueDate: "2026-09-20",
  });
  const action = withAction.incident.actions[0];
  if (!action) throw new Error("demo incidents: action missing");
  const done = on(deps, "2026-09-18T09:00:00.000Z");
  await updateIncidentAction(done, vikram, id, action.id, {
    status: "done",
    note: "Batch moved to the replica pool in release 2026.09.3.",
  });
  await updateIncidentRecord(done, neha, id, { status: "resolved" });
  await closeIncident(done, neha, id);
};

const liveBreach = async (deps: Deps, ctx: DemoIncidentsContext) => {
  const now = deps.clock().getTime();
  const iso = (msAgo: number) => new Date(now - msAgo).toISOString();
  const hour = 3_600_000;
  const made = await createIncident(deps, ctx.controlOwner, ctx.orgId, {
    title: "Bulk export of payer contact details through a leaked merchant API key",
    summary:
      "A merchant's dashboard API key, committed to a public repository, was used to page through transaction history including payer VPAs and mobile numbers. The key has been revoked; the extent is being measured.",
    detectedAt: iso(2.5 * hour),
    awareAt: iso(2 * hour),
    reportedBy: "API gateway anomaly rule (request volume per key), raised by the SOC analyst",
    classification: "breach",
    severity: "SEV2",
    affectedSystems: ["Merchant dashboard API", "Transactions service"],
    dataCategories: ["Payer UPI IDs (VPAs)", "Payer mobile numbers", "Transaction amounts"],
    personalData: true,
    principalsCount: 18500,
    jurisdictions: ["india"],
    ownerUserId: ctx.controlOwner.userId,
  });
  await timeline(deps, ctx.controlOwner, made.incident.id, made.incident.createdAt, [
    [
      iso(2.5 * hour),
      "detection",
      "Gateway rule fired: one merchant key made 41,000 list calls in 20 minutes.",
    ],
    [iso(1.75 * hour), "containment", "Revoked the key and blocked the two source IP ranges at Cloudflare."],
  ]);
};

export const loadIncidentsDemo = async (deps: Deps, ctx: DemoIncidentsContext): Promise<void> => {
  await kycBreach(deps, ctx);
  await upiLatency(deps, ctx);
  await liveBreach(deps, ctx);
};
