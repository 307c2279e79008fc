/**
 * Issuing the SOC 2 report (issue 5 §2–3): a partner of the firm with a CPA licence number on file,
 * re-confirming with a second factor (a fresh authenticator code, or one of the partner's recovery
 * codes when the phone is lost, consumed exactly as at sign-in), on an engagement at the Issuance
 * stage whose issuance guards still hold (re-checked with the lifecycle's own evaluation), with the
 * firm's active certificate. The final report is rendered without a watermark, the evidence
 * manifest is embedded and the file is signed (PAdES) in the partner's name. The audit event
 * records which factor confirmed the signature.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "../../core/errors.js";
import { checkTransition, STAGE_LABELS, transitionGuards } from "../../core/lifecycle.js";
import { buildReportManifest } from "../../core/report-manifest.js";
import { buildReportModel } from "../../core/report-model.js";
import { listOpinionDecisions } from "../../db/repositories/exceptions.js";
import {
  findActiveCertificate,
  insertReport,
  listEngagementReports,
  nextReportVersion,
  supersedeDrafts,
} from "../../db/repositories/reports.js";
import { consumeRecoveryCode, countUnusedRecoveryCodes } from "../../db/repositories/users.js";
import type { EngagementRow } from "../../db/schema.js";
import { renderReportPdf } from "../../reports/render-pdf.js";
import { signPdf } from "../../reports/sign.js";
import type { Actor, UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireUser, requireWrite, rolesOnEngagement } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { collectManifestItems } from "../report-manifest-items.js";
import { sha256Hex } from "../security/crypto.js";
import { normaliseRecoveryCode } from "../security/totp.js";
import { acceptTotpCode, enrolledTotpSecret, limitCodeAttempts } from "./confirm-totp.js";
import { loadEngagementFacts } from "./engagement-facts.js";
import { engagementType, loadEngagement } from "./engagement-model.js";
import { gatherReportInput } from "./report-data.js";
import { FIRM_TEAM, licensedPartner, pageCount, reportView, storeReportPdf } from "./reports.js";
import { loadFirmSigningIdentity } from "./signing-certificates.js";

export const IssueReportSchema = z
  .object({
    /** The current 6-digit code of the partner's authenticator app. */
    totpCode: z.string().trim().min(1).max(20).optional(),
    /** One of the partner's unused recovery codes, instead of the authenticator code. */
    recoveryCode: z.string().trim().min(1).max(40).optional(),
  })
  .refine((v) => (v.totpCode === undefined) !== (v.recoveryCode === undefined), {
    message:
      "Give either totpCode (the current code of your authenticator app) or recoveryCode (one of your recovery codes), not both.",
  });

/**
 * What confirmed the partner's signature: the authenticator, a recovery code, or (demo data only)
 * the demo loader, which issues the demo's historic report before the demo partner enrols MFA.
 */
export type IssueFactor = "totp" | "recovery-code" | "demo-set-up";

export interface IssueFailure {
  readonly guard: string;
  readonly message: string;
}

/**
 * Every reason the engagement cannot be issued now: it must be at Issuance, not issued already,
 * the guards of the move into Issuance must still hold (work can be reopened after the move), and
 * the partner must have decided the opinion (the final report states it).
 */
export const issuanceFailures = async (deps: Deps, e: EngagementRow): Promise<IssueFailure[]> => {
  const facts = await loadEngagementFacts(deps.db, e, todayIso(deps));
  const failures: IssueFailure[] = [];
  if (facts.reportIssued) {
    failures.push({
      guard: "report-not-issued",
      message: "The report of this engagement is already issued.",
    });
  }
  if (facts.stage !== "issuance") {
    failures.push({
      guard: "stage-issuance",
      message: `The engagement is at ${STAGE_LABELS[facts.stage]}; a partner moves it to Issuance (approving the final draft) before the report is signed.`,
    });
  }
  const check = checkTransition({
    facts: { ...facts, stage: "draft_review", reportIssued: false },
    to: "issuance",
    actorRoles: ["partner"],
  });
  if (!check.allowed) failures.push(...check.failures);
  if ((await listOpinionDecisions(deps.db, e.id)).length === 0) {
    failures.push({
      guard: "opinion-decided",
      message:
        "The partner has not decided the opinion; decide it on the engagement's Opinion tab before signing the report.",
    });
  }
  return failures;
};

const CHECK_LABELS: Readonly<Record<string, string>> = {
  "report-not-issued": "The report is not issued yet",
  "stage-issuance": "The engagement is at the Issuance stage",
  "draft-shared": "The draft was shared with the organization",
  "draft-comments-resolved": "Every comment on the draft is resolved",
  "representation-letter-signed": "Management accepted the representation letter",
  "control-in-scope": "Controls are in scope",
  "controls-concluded": "Every control in scope has a concluded test",
  "workpapers-reviewed": "Every workpaper has its reviewer's sign-off",
  "exceptions-evaluated": "Every exception is evaluated",
  "exceptions-answered": "Every exception has management's response",
  "opinion-decided": "The partner decided the opinion",
  "signing-certificate": "The firm has an active signing certificate",
};

export interface IssuanceCheck {
  readonly guard: string;
  readonly label: string;
  readonly ok: boolean;
  /** What to do, when the check fails. */
  readonly message: string | null;
}

/**
 * The checks the sign dialog shows before the partner confirms: every issuance guard with whether
 * it holds, and the firm's signing certificate. The engagement team sees them; only a partner signs.
 */
export const getIssuanceChecks = async (deps: Deps, actor: Actor, engagementId: string) => {
  const user = requireUser(actor);
  const e = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(user, e, FIRM_TEAM, "see the issuance checks");
  const failures = await issuanceFailures(deps, e);
  if (!(await findActiveCertificate(deps.db, e.firm_id))) {
    failures.push({
      guard: "signing-certificate",
      message:
        "The firm has no signing certificate. A firm admin or partner uploads one under Report signing.",
    });
  }
  const guards = [
    "report-not-issued",
    "stage-issuance",
    ...transitionGuards(engagementType(e), "draft_review", "issuance"),
    "opinion-decided",
    "signing-certificate",
  ];
  const checks: IssuanceCheck[] = guards.map((guard) => {
    const failure = failures.find((f) => f.guard === guard);
    return { guard, label: CHECK_LABELS[guard] ?? guard, ok: !failure, message: failure?.message ?? null };
  });
  const roles = rolesOnEngagement(user, e);
  return { ready: failures.length === 0, checks, canSign: roles.includes("partner") };
};

const requireLicensedPartner = async (deps: Deps, user: UserActor, e: EngagementRow) => {
  requireEngagementRole(user, e, ["partner"], "sign and issue the report");
  return licensedPartner(deps, user.userId, "the report");
};

/**
 * The partner's second factor, accepted once: the current authenticator code (its time step is
 * remembered, so a replay fails) or an unused recovery code (marked used, so it works once).
 */
const confirmSecondFactor = async (
  deps: Deps,
  user: UserActor,
  input: z.infer<typeof IssueReportSchema>,
): Promise<IssueFactor> => {
  const secret = await enrolledTotpSecret(deps, user.userId, "sign a report");
  // Five tries per five minutes for either factor, as at sign-in, so neither can be guessed.
  await limitCodeAttempts(
    deps,
    `report-mfa:${user.userId}`,
    "Too many codes tried. Wait 5 minutes and try again.",
  );
  if (input.recoveryCode !== undefined) {
    const hash = sha256Hex(normaliseRecoveryCode(input.recoveryCode));
    if (!(await consumeRecoveryCode(deps.db, user.userId, hash, nowIso(deps)))) {
      throw new AppError(
        "FORBIDDEN",
        "That recovery code is not valid or was already used. Each recovery code works once; enter another one.",
      );
    }
    return "recovery-code";
  }
  await acceptTotpCode(deps, user.userId, secret, input.totpCode ?? "");
  return "totp";
};

/**
 * Signs and issues the report; `confirm` checks the partner's second factor last, after every other
 * refusal, so a refused request does not spend the partner's code.
 */
const issueConfirmedBy = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  confirm: (user: UserActor) => Promise<IssueFactor>,
) => {
  const user = requireWrite(actor);
  const e = await loadEngagement(deps, user, engagementId);
  const partner = await requireLicensedPartner(deps, user, e);
  const failures = await issuanceFailures(deps, e);
  if (failures.length > 0) {
    throw new AppError("GUARD_FAILED", failures[0]?.message ?? "The report cannot be issued yet.", {
      failures,
    });
  }
  const signer = await loadFirmSigningIdentity(deps, e.firm_id);
  // Last: a refused request above does not spend the partner's code.
  const factor = await confirm(user);

  const version = await nextReportVersion(deps.db, e.id);
  const gathered = await gatherReportInput(deps, user, e.id, {
    reportDate: todayIso(deps),
    version,
    draft: false,
  });
  const input2 = { ...gathered, firm: { ...gathered.firm, partner } };
  const rendered = await renderReportPdf(buildReportModel(input2));
  const manifest = buildReportManifest({
    engagementId: e.id,
    reportVersion: version,
    items: await collectManifestItems(deps.db, e.id),
  });
  const signingTime = deps.clock();
  const pdf = await signPdf(
    rendered,
    { identity: signer.identity },
    {
      reason: `SOC 2 ${engagementType(e) === "type1" ? "Type 1" : "Type 2"} report issued`,
      location: gathered.firm.city || gathered.firm.name,
      name: partner.name,
      signingTime,
      manifest,
    },
  );
  const sha = await storeReportPdf(deps, e.org_id, pdf);
  const now = nowIso(deps);
  const type = engagementType(e);
  const row = {
    id: deps.newId(),
    firm_id: e.firm_id,
    org_id: e.org_id,
    engagement_id: e.id,
    kind: type === "type1" ? "soc2-type1" : "soc2-type2",
    version,
    status: "issued",
    pdf_sha256: sha,
    pdf_size: pdf.length,
    pages: await pageCount(pdf),
    covers_until: type === "type1" ? e.as_of_date : e.period_end,
    manifest_root: manifest.root,
    document_sha256: createHash("sha256").update(pdf).digest("hex"),
    signed_by: user.userId,
    signed_at: signingTime.toISOString(),
    certificate_fingerprint: signer.fingerprint,
    public: 0,
    created_by: user.userId,
    created_at: now,
    updated_at: now,
  };
  await inTransaction(deps, async (trx) => {
    // A second partner issuing at the same moment loses here rather than issuing twice.
    if ((await listEngagementReports(trx, e.id)).some((r) => r.status === "issued")) {
      throw new AppError("CONFLICT", "The report of this engagement was issued meanwhile.");
    }
    await supersedeDrafts(trx, e.id, now);
    await insertReport(trx, row);
    await recordEvent(trx, deps, actor, {
      action: "report.issued",
      targetType: "report",
      targetId: row.id,
      firmId: e.firm_id,
      orgId: e.org_id,
      engagementId: e.id,
      after: {
        kind: row.kind,
        version,
        documentSha256: row.document_sha256,
        manifestRoot: row.manifest_root,
        certificateFingerprint: row.certificate_fingerprint,
        licenceNumber: partner.licenceNumber,
        secondFactor: factor,
      },
    });
  });
  const recoveryCodesLeft =
    factor === "recovery-code" ? await countUnusedRecoveryCodes(deps.db, user.userId) : null;
  return { ...reportView(row, partner.name), secondFactor: factor, recoveryCodesLeft };
};

export const issueReport = (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  input: z.infer<typeof IssueReportSchema>,
) => issueConfirmedBy(deps, actor, engagementId, (user) => confirmSecondFactor(deps, user, input));

/**
 * Demo data only: the demo loader issues the demo's earlier report as the demo partner while the
 * demo is set up, before the partner's authenticator is enrolled, so no code can be presented. Every
 * other check holds as for a person, and the audit event says "demo-set-up" as the factor.
 */
export const issueDemoReport = (deps: Deps, actor: Actor, engagementId: string) =>
  issueConfirmedBy(deps, actor, engagementId, async () => "demo-set-up");
