/**
 * The demo client's access reviews: the Q2 FY 2026-27 campaign, signed off in October with two
 * revocations carried out, and the open Q3 campaign over AWS (credential report), GitHub (org members)
 * and Okta (user export), partly decided by Vikram (devops@, control owner) and Neha (compliance@,
 * admin). Everything goes through the same use-cases as real work; the Q2 steps run on their dates.
 */
import type { UserActor } from "./actor.js";
import type { Deps } from "./deps.js";
import {
  closeRevocationTask,
  decideAccessReviewEntries,
  signOffAccessReview,
} from "./use-cases/access-review-decisions.js";
import {
  createAccessReview,
  importAccessReviewAccounts,
  launchAccessReview,
} from "./use-cases/access-reviews.js";

export interface DemoAccessReviewContext {
  readonly orgId: string;
  readonly firmId?: string;
  readonly orgAdmin: UserActor;
  readonly controlOwner: UserActor;
  readonly employee?: UserActor;
}

const AWS_HEADER =
  "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
const ARN = "arn:aws:iam::482913570146";
const awsUser = (user: string, console: boolean, mfa: boolean, key: boolean) =>
  [
    user,
    user === "<root_account>" ? `${ARN}:root` : `${ARN}:user/${user}`,
    "2024-02-12T05:30:00+00:00",
    user === "<root_account>" ? "not_supported" : String(console),
    console ? "2026-10-28T04:10:00+00:00" : "N/A",
    "2026-06-01T04:00:00+00:00",
    "N/A",
    String(mfa),
    String(key),
    key ? "2026-08-14T00:00:00+00:00" : "N/A",
    key ? "2026-10-30T11:00:00+00:00" : "N/A",
    key ? "ap-south-1" : "N/A",
    key ? "s3" : "N/A",
    "false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
  ].join(",");

const awsReport = (users: [string, boolean, boolean, boolean][]) =>
  [AWS_HEADER, ...users.map((u) => awsUser(...u))].join("\n");

const GITHUB = JSON.stringify([
  { login: "vikram-paysetu", id: 81123, type: "User", site_admin: false, role_name: "admin" },
  { login: "ananya-iyer", id: 81154, type: "User", site_admin: false, role_name: "member" },
  { login: "rohit-backend", id: 81177, type: "User", site_admin: false, role_name: "member" },
  { login: "priya-mobile", id: 81190, type: "User", site_admin: false, role_name: "member" },
  { login: "qa-vendor-testsprint", id: 90412, type: "User", site_admin: false, role_name: "member" },
]);

const okta = (rows: string[]) =>
  ["Username,First name,Last name,Primary email,Status,Groups,Manager email", ...rows].join("\n");

const OKTA_Q3 = okta([
  "compliance@paysetu.example,Neha,Kulkarni,compliance@paysetu.example,ACTIVE,Okta Admins; Finance Ops,",
  "devops@paysetu.example,Vikram,Shah,devops@paysetu.example,ACTIVE,Engineering; AWS Admins,compliance@paysetu.example",
  "ananya.iyer@paysetu.example,Ananya,Iyer,ananya.iyer@paysetu.example,ACTIVE,Engineering,devops@paysetu.example",
  "rohit.menon@paysetu.example,Rohit,Menon,rohit.menon@paysetu.example,ACTIVE,Engineering; Production Read,devops@paysetu.example",
  "sana.sheikh@paysetu.example,Sana,Sheikh,sana.sheikh@paysetu.example,ACTIVE,Customer Support; Razorpay Dashboard,compliance@paysetu.example",
  "farhan.ali@paysetu.example,Farhan,Ali,farhan.ali@paysetu.example,ACTIVE,Collections; Finance Ops,compliance@paysetu.example",
]);

const OKTA_Q2 = okta([
  "compliance@paysetu.example,Neha,Kulkarni,compliance@paysetu.example,ACTIVE,Okta Admins; Finance Ops,",
  "devops@paysetu.example,Vikram,Shah,devops@paysetu.example,ACTIVE,Engineering; AWS Admins,compliance@paysetu.example",
  "sana.sheikh@paysetu.example,Sana,Sheikh,sana.sheikh@paysetu.example,ACTIVE,Customer Support,compliance@paysetu.example",
  "deepak.rao@paysetu.example,Deepak,Rao,deepak.rao@paysetu.example,ACTIVE,Collections; Finance Ops,compliance@paysetu.example",
]);

const on = (deps: Deps, iso: string): Deps => ({ ...deps, clock: () => new Date(iso) });

type Review = Awaited<ReturnType<typeof createAccessReview>>;
const idsOf = (r: Review, accounts: string[]) =>
  accounts.map((a) => {
    const e = r.entries.find((x) => x.account === a);
    if (!e) throw new Error(`demo access review: no entry ${a}`);
    return e.id;
  });
const systemId = (r: Review, name: string) => {
  const s = r.systems.find((x) => x.name === name);
  if (!s) throw new Error(`demo access review: no system ${name}`);
  return s.id;
};

const loadQ2 = async (deps: Deps, ctx: DemoAccessReviewContext) => {
  const { orgAdmin: neha, controlOwner: vikram } = ctx;
  const d1 = on(deps, "2026-09-08T05:00:00Z");
  let r = await createAccessReview(d1, neha, ctx.orgId, {
    name: "Q2 FY 2026-27 user access review",
    dueDate: "2026-09-30",
    systems: [
      { name: "AWS production (ap-south-1)", ownerUserId: vikram.userId },
      { name: "Okta", ownerUserId: neha.userId },
    ],
  });
  await importAccessReviewAccounts(d1, vikram, systemId(r, "AWS production (ap-south-1)"), {
    format: "aws-credential-report",
    content: awsReport([
      ["<root_account>", false, true, false],
      ["vikram.shah", true, true, false],
      ["ci-github-actions", false, false, true],
      ["old-kyc-batch", false, false, true],
    ]),
  });
  await importAccessReviewAccounts(d1, neha, systemId(r, "Okta"), { format: "okta-users", content: OKTA_Q2 });
  r = await launchAccessReview(d1, neha, r.campaign.id);
  const d2 = on(deps, "2026-09-22T09:30:00Z");
  await decideAccessReviewEntries(d2, vikram, r.campaign.id, {
    entryIds: idsOf(r, ["<root_account>", "ci-github-actions", "compliance@paysetu.example"]),
    decision: "keep",
  });
  await decideAccessReviewEntries(d2, vikram, r.campaign.id, {
    entryIds: idsOf(r, ["old-kyc-batch"]),
    decision: "revoke",
    reason: "KYC batch job moved to an IAM role in August; the user's access key is no longer needed.",
  });
  await decideAccessReviewEntries(d2, neha, r.campaign.id, {
    entryIds: idsOf(r, ["vikram.shah", "devops@paysetu.example", "sana.sheikh@paysetu.example"]),
    decision: "keep",
  });
  r = await decideAccessReviewEntries(d2, neha, r.campaign.id, {
    entryIds: idsOf(r, ["deepak.rao@paysetu.example"]),
    decision: "revoke",
    reason:
      "Deepak moved to the lending subsidiary on 1 September; Collections access is no longer required.",
  });
  const d3 = on(deps, "2026-09-26T11:00:00Z");
  for (const t of r.tasks) {
    const actor = t.account === "old-kyc-batch" ? vikram : neha;
    r = await closeRevocationTask(d3, actor, t.id, {
      note:
        t.account === "old-kyc-batch"
          ? "Deleted IAM user old-kyc-batch and its access key on 26 Sep 2026 (CloudTrail DeleteUser event, change ticket CHG-2291)."
          : "Deactivated deepak.rao in Okta and removed the Collections and Finance Ops groups on 26 Sep 2026 (ticket ITSD-1874).",
    });
  }
  await signOffAccessReview(on(deps, "2026-10-03T07:15:00Z"), neha, r.campaign.id);
};

const loadQ3 = async (deps: Deps, ctx: DemoAccessReviewContext) => {
  const { orgAdmin: neha, controlOwner: vikram } = ctx;
  const d1 = on(deps, "2026-11-02T05:00:00Z");
  let r = await createAccessReview(d1, neha, ctx.orgId, {
    name: "Q3 FY 2026-27 user access review",
    dueDate: "2026-12-31",
    systems: [
      { name: "AWS production (ap-south-1)", ownerUserId: vikram.userId },
      { name: "GitHub (paysetu org)", ownerUserId: vikram.userId },
      { name: "Okta", ownerUserId: neha.userId },
    ],
  });
  await importAccessReviewAccounts(d1, vikram, systemId(r, "AWS production (ap-south-1)"), {
    format: "aws-credential-report",
    content: awsReport([
      ["<root_account>", false, true, false],
      ["vikram.shah", true, true, false],
      ["neha.kulkarni", true, true, false],
      ["ci-github-actions", false, false, true],
      ["terraform-deployer", false, false, true],
      ["rahul.contractor", true, false, false],
    ]),
  });
  await importAccessReviewAccounts(d1, vikram, systemId(r, "GitHub (paysetu org)"), {
    format: "github-members",
    content: GITHUB,
  });
  await importAccessReviewAccounts(d1, neha, systemId(r, "Okta"), { format: "okta-users", content: OKTA_Q3 });
  r = await launchAccessReview(d1, neha, r.campaign.id);
  const d2 = on(deps, "2026-11-12T10:00:00Z");
  await decideAccessReviewEntries(d2, vikram, r.campaign.id, {
    entryIds: idsOf(r, [
      "<root_account>",
      "neha.kulkarni",
      "ci-github-actions",
      "ananya-iyer",
      "compliance@paysetu.example",
    ]),
    decision: "keep",
  });
  // The admin decides the entries of Vikram's own accounts, which he should not review himself.
  await decideAccessReviewEntries(d2, neha, r.campaign.id, {
    entryIds: idsOf(r, ["vikram.shah", "vikram-paysetu", "devops@paysetu.example"]),
    decision: "keep",
  });
};

export const loadAccessReviewsDemo = async (deps: Deps, ctx: DemoAccessReviewContext): Promise<void> => {
  await loadQ2(deps, ctx);
  await loadQ3(deps, ctx);
};
