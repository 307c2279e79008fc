/**
 * The organization's answer to a sent letter (issue 5 §4): an organization admin accepts it by typing
 * their full name and title and agreeing — with a fresh authenticator code for the representation
 * letter — or declines it with a reason. Acceptance appends the acceptance record to the PDF, stores
 * that copy as generated evidence and, for the engagement letter, records the engagement's signed date.
 */
import { z } from "zod";
import { DOCUMENT_KIND_LABELS, type DocumentKind } from "../../core/engagement-letters.js";
import { buildAcceptanceRecord } from "../../core/engagement-letters-representation.js";
import { AppError } from "../../core/errors.js";
import { updateEngagementDocumentIf } from "../../db/repositories/engagement-documents.js";
import { updateEngagement } from "../../db/repositories/engagements.js";
import type { EngagementRow } from "../../db/schema.js";
import type { EngagementDocumentRow } from "../../db/schema-engagement-documents.js";
import { appendAcceptanceRecord } from "../../reports/render-engagement-letters.js";
import type { Actor, UserActor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireWrite } from "../authz.js";
import { type Deps, nowIso } from "../deps.js";
import { deliverEmails, notifyUsers, usersWithRoles } from "../notify.js";
import { confirmTotpCode } from "./confirm-totp.js";
import {
  DOCUMENT_ACCEPTORS,
  DOCUMENT_WRITERS,
  documentViews,
  loadVisibleDocument,
} from "./engagement-documents-model.js";
import { insertGeneratedEvidence, writeGeneratedBlob } from "./evidence-generated.js";
import { readReportPdf } from "./reports.js";

export const AcceptDocumentSchema = z.object({
  fullName: z.string().trim().min(2, "Type your full name.").max(200),
  title: z.string().trim().min(2, "Type your title (for example Chief Compliance Officer).").max(200),
  agree: z.literal(true, "Tick the box to confirm that you accept the letter on behalf of the organization."),
  /** Required for the representation letter. */
  totpCode: z.string().trim().min(1).max(20).optional(),
  /** The SHA-256 the reader saw; when given it must be the current document's. */
  documentSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type AcceptDocumentInput = z.infer<typeof AcceptDocumentSchema>;

export const DeclineDocumentSchema = z.object({
  reason: z.string().trim().min(3, "Say why the letter is declined, so the firm can correct it.").max(4000),
});

/** Where the acceptance came from; the route passes what the request carried. */
export interface AcceptanceContext {
  readonly userAgent: string | null;
  /** Only the demo loader sets this; an API acceptance of a representation letter always needs a code. */
  readonly confirmationOverride?: string;
}

const assertAnswerable = (doc: EngagementDocumentRow, user: UserActor, e: EngagementRow, verb: string) => {
  requireEngagementRole(user, e, DOCUMENT_ACCEPTORS, `${verb} a letter on behalf of the organization`);
  if (doc.status === "superseded") {
    throw new AppError("CONFLICT", "A newer version replaced this letter; open the latest version instead.");
  }
  if (doc.status !== "sent") {
    throw new AppError("CONFLICT", `This letter is ${doc.status}; only a sent letter can be answered.`);
  }
};

const notifyFirm = async (
  deps: Deps,
  trx: Parameters<Parameters<typeof inTransaction>[1]>[0],
  e: EngagementRow,
  title: string,
  body: string,
) =>
  notifyUsers(trx, deps, await usersWithRoles(trx, "firm", e.firm_id, DOCUMENT_WRITERS), {
    kind: "engagement_document.answered",
    title,
    body,
    link: `/engagements/${e.id}?tab=documents`,
    firmId: e.firm_id,
  });

export const acceptEngagementDocument = async (
  deps: Deps,
  actor: Actor,
  id: string,
  input: AcceptDocumentInput,
  context: AcceptanceContext,
) => {
  const user = requireWrite(actor);
  const { doc, engagement: e } = await loadVisibleDocument(deps, user, id);
  assertAnswerable(doc, user, e, "accept");
  if (input.documentSha256 !== undefined && input.documentSha256 !== doc.pdf_sha256) {
    throw new AppError(
      "CONFLICT",
      "The letter you read is not the current version; reload it and read it again.",
    );
  }
  const kind = doc.kind as DocumentKind;
  const label = DOCUMENT_KIND_LABELS[kind];
  let confirmation = "signed-in session";
  if (kind === "representation-letter") {
    if (context.confirmationOverride !== undefined) confirmation = context.confirmationOverride;
    else {
      if (!input.totpCode) {
        throw new AppError(
          "VALIDATION",
          "Accepting management's written representations needs your current authenticator code. Enter the 6-digit code from your authenticator app.",
        );
      }
      // Last check before the work: a refused request above does not spend the code.
      await confirmTotpCode(deps, user.userId, input.totpCode, {
        key: "representation-mfa",
        action: "accept the representation letter",
      });
      confirmation = "signed-in session and a fresh authenticator code";
    }
  }
  const letter = await readReportPdf(deps, doc.org_id, doc.pdf_sha256);
  const acceptedAt = nowIso(deps);
  const org = await deps.db
    .selectFrom("organizations")
    .select("name")
    .where("id", "=", e.org_id)
    .executeTakeFirst();
  const record = buildAcceptanceRecord({
    kind,
    letterhead: org?.name ?? "",
    documentTitle: doc.title,
    version: doc.version,
    documentSha256: doc.pdf_sha256,
    organization: org?.name ?? "",
    acceptedBy: { name: input.fullName, title: input.title, userId: user.userId, email: user.email },
    ip: user.ip,
    userAgent: context.userAgent,
    acceptedAt,
    confirmation,
  });
  const accepted = await appendAcceptanceRecord(letter, record);
  const blob = await writeGeneratedBlob(deps, e.org_id, accepted);
  const notified = await inTransaction(deps, async (trx) => {
    const changed = await updateEngagementDocumentIf(trx, doc.id, "sent", {
      status: "accepted",
      accepted_by: user.userId,
      accepted_name: input.fullName,
      accepted_title: input.title,
      accepted_ip: user.ip,
      accepted_user_agent: context.userAgent?.slice(0, 500) ?? null,
      accepted_at: acceptedAt,
      accepted_confirmation: confirmation,
      accepted_pdf_sha256: blob.sha256,
      accepted_pdf_size: blob.size,
      updated_at: acceptedAt,
    });
    if (!changed) throw new AppError("CONFLICT", "This letter changed meanwhile; reload it and try again.");
    const item = await insertGeneratedEvidence(trx, deps, user, e.org_id, blob, {
      title: `${label} v${doc.version} (accepted): ${e.name}`,
      description: `Accepted electronically by ${input.fullName}, ${input.title}, on ${acceptedAt}. SHA-256 of the letter as presented: ${doc.pdf_sha256}.`,
      fileName: `${kind}-v${doc.version}-accepted.pdf`,
      mediaType: "application/pdf",
      effectiveDate: acceptedAt.slice(0, 10),
      generator: kind,
    });
    await updateEngagementDocumentIf(trx, doc.id, "accepted", { evidence_id: item.id });
    if (kind === "engagement-letter" && e.engagement_letter_signed_at === null) {
      await updateEngagement(trx, e.id, { engagement_letter_signed_at: acceptedAt, updated_at: acceptedAt });
    }
    await recordEvent(trx, deps, actor, {
      action: "engagement_document.accepted",
      targetType: "engagement_document",
      targetId: doc.id,
      firmId: e.firm_id,
      orgId: e.org_id,
      engagementId: e.id,
      after: {
        kind,
        version: doc.version,
        name: input.fullName,
        title: input.title,
        ip: user.ip,
        userAgent: context.userAgent?.slice(0, 200) ?? null,
        documentSha256: doc.pdf_sha256,
        acceptedSha256: blob.sha256,
        evidenceId: item.id,
        confirmation,
      },
    });
    return notifyFirm(
      deps,
      trx,
      e,
      `${label} accepted: ${e.name}`,
      `${input.fullName} (${input.title}) accepted version ${doc.version} of the ${label.toLowerCase()}.`,
    );
  });
  await deliverEmails(deps, notified);
  const { doc: fresh } = await loadVisibleDocument(deps, user, id);
  const [view] = await documentViews(deps.db, [fresh]);
  return view;
};

export const declineEngagementDocument = async (
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.infer<typeof DeclineDocumentSchema>,
) => {
  const user = requireWrite(actor);
  const { doc, engagement: e } = await loadVisibleDocument(deps, user, id);
  assertAnswerable(doc, user, e, "decline");
  const label = DOCUMENT_KIND_LABELS[doc.kind as DocumentKind];
  const now = nowIso(deps);
  const notified = await inTransaction(deps, async (trx) => {
    const changed = await updateEngagementDocumentIf(trx, doc.id, "sent", {
      status: "declined",
      declined_by: user.userId,
      declined_at: now,
      decline_reason: input.reason,
      updated_at: now,
    });
    if (!changed) throw new AppError("CONFLICT", "This letter changed meanwhile; reload it and try again.");
    await recordEvent(trx, deps, actor, {
      action: "engagement_document.declined",
      targetType: "engagement_document",
      targetId: doc.id,
      firmId: e.firm_id,
      orgId: e.org_id,
      engagementId: e.id,
      after: { kind: doc.kind, version: doc.version, reason: input.reason },
    });
    return notifyFirm(
      deps,
      trx,
      e,
      `${label} declined: ${e.name}`,
      `${user.name} declined version ${doc.version}: ${input.reason}`,
    );
  });
  await deliverEmails(deps, notified);
  const { doc: fresh } = await loadVisibleDocument(deps, user, id);
  const [view] = await documentViews(deps.db, [fresh]);
  return view;
};
