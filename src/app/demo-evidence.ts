/**
 * Demo evidence for the demo client: uploaded files for a set of controls (most fresh, one overdue)
 * and two importer runs on generated exports — an AWS credential report with a console user without
 * MFA (a failing check) and a Trivy scan. Generated here, dated relative to today.
 */
import { Readable } from "node:stream";
import type { UserActor } from "./actor.js";
import type { Deps } from "./deps.js";
import { listControls } from "./use-cases/controls.js";
import { uploadEvidence } from "./use-cases/evidence.js";
import { runImporter } from "./use-cases/evidence-import.js";
import type { UploadPart } from "./use-cases/evidence-model.js";

const daysAgo = (now: Date, days: number): string =>
  new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);

async function* partsOf(
  fields: Record<string, string>,
  files: { name: string; filename: string; body: string }[],
) {
  for (const [name, value] of Object.entries(fields))
    yield { kind: "field", name, value } satisfies UploadPart;
  for (const f of files) {
    yield {
      kind: "file",
      name: f.name,
      filename: f.filename,
      stream: Readable.from([Buffer.from(f.body)]),
    } satisfies UploadPart;
  }
}

const UPLOADS: {
  code: string;
  title: string;
  days: number;
  filename: string;
  body: (date: string) => string;
}[] = [
  {
    code: "IAM-03",
    title: "Okta authentication policy: MFA required for all users and admins",
    days: 12,
    filename: "okta-mfa-policy.json",
    body: (d) =>
      JSON.stringify(
        {
          exportedOn: d,
          policy: "Default policy",
          factorsRequired: ["okta_verify", "webauthn"],
          appliesTo: "Everyone",
        },
        null,
        2,
      ),
  },
  {
    code: "IAM-02",
    title: "AWS IAM account settings: MFA enforced by SCP for console users",
    days: 12,
    filename: "aws-scp-mfa.json",
    body: (d) =>
      JSON.stringify(
        {
          exportedOn: d,
          policyName: "DenyWithoutMFA",
          effect: "Deny",
          condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
        },
        null,
        2,
      ),
  },
  {
    code: "CHG-01",
    title: "Change tickets sample with approvals (Jira export)",
    days: 20,
    filename: "jira-changes.csv",
    body: (d) =>
      `key,summary,approved_by,deployed_on\nPAY-1201,Settlement retry backoff,Kavya R,${d}\nPAY-1207,Upgrade Go to 1.23,Arun M,${d}\n`,
  },
  {
    code: "BCP-02",
    title: "Quarterly restore test of the transactions database",
    days: 200,
    filename: "restore-test.txt",
    body: (d) =>
      `Restore test performed on ${d}: RDS snapshot restored to ap-south-2 in 38 minutes; row counts reconciled.\n`,
  },
  {
    code: "VUL-02",
    title: "Annual penetration test report summary (CERT-In empanelled auditor)",
    days: 60,
    filename: "pentest-summary.txt",
    body: (d) =>
      `Penetration test completed ${d}. 0 critical, 1 high (fixed), 4 medium findings with owners and due dates.\n`,
  },
];

const awsReport = (now: Date): string => {
  const ts = (days: number) => `${daysAgo(now, days)}T09:00:00+00:00`;
  const header =
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
  const rows = [
    `<root_account>,arn:aws:iam::412345678901:root,${ts(900)},not_supported,${ts(200)},not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    `priya.ops,arn:aws:iam::412345678901:user/priya.ops,${ts(400)},true,${ts(2)},${ts(60)},N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    `rahul.dev,arn:aws:iam::412345678901:user/rahul.dev,${ts(300)},true,${ts(5)},${ts(120)},N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    `ci-deployer,arn:aws:iam::412345678901:user/ci/ci-deployer,${ts(250)},false,N/A,N/A,N/A,false,true,${ts(40)},${ts(1)},ap-south-1,ecr,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  ];
  return `${header}\n${rows.join("\n")}\n`;
};

const trivyScan = (now: Date): string =>
  JSON.stringify({
    SchemaVersion: 2,
    CreatedAt: `${daysAgo(now, 3)}T04:00:00Z`,
    ArtifactName: "412345678901.dkr.ecr.ap-south-1.amazonaws.com/payments-api:2026.11.2",
    ArtifactType: "container_image",
    Results: [
      {
        Target: "payments-api (alpine 3.20.3)",
        Class: "os-pkgs",
        Type: "alpine",
        Vulnerabilities: [
          {
            VulnerabilityID: "CVE-2026-10001",
            PkgName: "openssl",
            InstalledVersion: "3.3.2-r0",
            FixedVersion: "3.3.3-r0",
            Severity: "HIGH",
            Status: "fixed",
            Title: "openssl: example issue",
          },
          {
            VulnerabilityID: "CVE-2026-10002",
            PkgName: "busybox",
            InstalledVersion: "1.36.1-r29",
            Severity: "MEDIUM",
            Status: "affected",
            Title: "busybox: example issue",
          },
        ],
      },
    ],
  });

export const loadEvidenceDemo = async (
  deps: Deps,
  ctx: { orgId: string; orgAdmin: UserActor; controlOwner: UserActor },
): Promise<void> => {
  const now = deps.clock();
  const controls = await listControls(deps, ctx.orgAdmin, ctx.orgId);
  const idOf = new Map(controls.map((c) => [c.code, c.id]));
  for (const u of UPLOADS) {
    const controlId = idOf.get(u.code);
    if (!controlId) continue;
    const date = daysAgo(now, u.days);
    await uploadEvidence(
      deps,
      ctx.controlOwner,
      ctx.orgId,
      partsOf({ title: u.title, effectiveDate: date, controlIds: controlId }, [
        { name: "file", filename: u.filename, body: u.body(date) },
      ]),
    );
  }
  // Every other implemented control gets one recent evidence file, so readiness reflects a company
  // a few months from its first audit; a handful stay without evidence to show what blocks readiness.
  const uploaded = new Set(UPLOADS.map((u) => u.code));
  for (const [i, c] of controls.entries()) {
    if (uploaded.has(c.code) || c.status !== "implemented" || i % 9 === 4) continue;
    const days = ["daily", "multiple-daily", "weekly"].includes(c.frequency)
      ? 0
      : c.frequency === "monthly"
        ? 9
        : 21;
    const date = daysAgo(now, days);
    const what = c.evidence[0] ?? c.title;
    await uploadEvidence(
      deps,
      c.ownerUserId === ctx.controlOwner.userId ? ctx.controlOwner : ctx.orgAdmin,
      ctx.orgId,
      partsOf({ title: what, effectiveDate: date, controlIds: c.id }, [
        {
          name: "file",
          filename: `${c.code.toLowerCase()}-${date}.txt`,
          body: `${c.code} ${c.title}\n${what}\nCollected ${date}.\n`,
        },
      ]),
    );
  }
  await runImporter(
    deps,
    ctx.controlOwner,
    ctx.orgId,
    "aws-credential-report",
    partsOf({}, [{ name: "file", filename: "credential-report.csv", body: awsReport(now) }]),
  );
  await runImporter(
    deps,
    ctx.controlOwner,
    ctx.orgId,
    "trivy",
    partsOf({}, [{ name: "file", filename: "trivy-payments-api.json", body: trivyScan(now) }]),
  );
};
