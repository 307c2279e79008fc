/**
 * Issuing the SOC 2 report (issue 5 §2–3): a partner of the firm with a CPA licence number on file,
 * re-confirming with a fresh authenticator code, on an engagement at the Issuance stage whose
 * issuance guards still hold (re-checked with the lifecycle's own evaluation), with the firm's
 * active certificate. The final report is rendered without a watermark, the evidence manifest is
 * embedded and the file is signed (PAdES) in the partner's name.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "../../core/errors.js";
import { checkTransition, STAGE_LABELS } from "../../core/lifecycle.js";
import { buildReportManifest } from "../../core/report-manifest.js";
import { buildReportModel } from "../../core/report-model.js";
import {
  insertReport,
  listEngagementReports,
  nextReportVersion,
  supersedeDrafts,
} from "../../db/repositories/reports.js";
import { hitRateLimit } from "../../db/repositories/sessions.js";
import { acceptTotpStep, findUserTotp } from "../../db/repositories/users.js";
import type { EngagementRow } from "../../db/schema.js";
import { renderReportPdf } from "../../reports/render-pdf.js";
import { signPdf } from "../../reports/sign.js";
import type { Actor, UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireWrite } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { collectManifestItems } from "../report-manifest-items.js";
import { decryptSecret } from "../security/crypto.js";
import { matchTotpStep } from "../security/totp.js";
import { loadEngagementFacts } from "./engagement-facts.js";
import { engagementType, loadEngagement } from "./engagement-model.js";
import { gatherReportInput } from "./report-data.js";
import { licensedPartner, pageCount, reportView, storeReportPdf } from "./reports.js";
import { loadFirmSigningIdentity } from "./signing-certificates.js";

export const IssueReportSchema = z.object({ totpCode: z.string().trim().min(1).max(20) });

export interface IssueFailure {
  readonly guard: string;
  readonly message: string;
}

/**
 * Every reason the engagement cannot be issued now: it must be at Issuance, not issued already,
 * and the guards of the move into Issuance must still hold (work can be reopened after the move).
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
  return failures;
};

const requireLicensedPartner = async (deps: Deps, user: UserActor, e: EngagementRow) => {
  requireEngagementRole(user, e, ["partner"], "sign and issue the report");
  return licensedPartner(deps, user.userId, "the report");
};

/** The partner's current authenticator code, accepted once (as at sign-in). */
const confirmTotp = async (deps: Deps, user: UserActor, code: string): Promise<void> => {
  const totp = await findUserTotp(deps.db, user.userId);
  if (!totp?.totp_secret_enc) {
    throw new AppError("MFA_ENROLMENT_REQUIRED", "Set up an authenticator app before you sign a report.");
  }
  // Five tries per five minutes, as at sign-in, so the code cannot be guessed by brute force.
  const windowMs = 5 * 60_000;
  const windowStart = new Date(Math.floor(deps.clock().getTime() / windowMs) * windowMs).toISOString();
  if ((await hitRateLimit(deps.db, `report-mfa:${user.userId}`, windowStart)) > 5) {
    throw new AppError("RATE_LIMITED", "Too many authenticator codes tried. Wait 5 minutes and try again.", {
      retryAfterSeconds: 300,
    });
  }
  const secret = decryptSecret(deps.masterKey, totp.totp_secret_enc);
  const step = matchTotpStep(secret, code, deps.clock());
  if (step === null) {
    throw new AppError(
      "FORBIDDEN",
      "That authenticator code does not match. Enter the current 6-digit code.",
    );
  }
  if (!(await acceptTotpStep(deps.db, user.userId, step))) {
    throw new AppError(
      "FORBIDDEN",
      "That authenticator code was already used. Wait for the next code and enter it.",
    );
  }
};

export const issueReport = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  input: z.infer<typeof IssueReportSchema>,
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
  await confirmTotp(deps, user, input.totpCode);

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
      },
    });
  });
  return reportView(row);
};
