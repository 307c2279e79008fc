/**
 * Engagement letters and management representation letters (issue 5 §4). A partner or engagement
 * manager generates a version from the engagement (the letter is rendered to PDF and stored in the
 * organization's encrypted blob store) and sends it; a new version supersedes every unaccepted one.
 * The organization admin accepts it electronically by typing their name and title and agreeing (the
 * representation letter also needs a fresh authenticator code), or declines it with a reason.
 * Acceptance records who, from where, when and which bytes (SHA-256), appends the acceptance record
 * to the PDF and stores that copy as generated evidence of the organization. An accepted engagement
 * letter sets the engagement's engagement_letter_signed_at; an accepted representation letter is the
 * "representation-letter-signed" lifecycle fact that issuance needs.
 */
import { z } from "zod";
import type { LetterModel } from "../../core/bridge-letter.js";
import {
  buildEngagementLetter,
  DOCUMENT_KIND_LABELS,
  type DocumentKind,
} from "../../core/engagement-letters.js";
import { buildRepresentationLetter } from "../../core/engagement-letters-representation.js";
import { AppError } from "../../core/errors.js";
import { STAGE_LABELS, STAGES } from "../../core/lifecycle.js";
import {
  insertEngagementDocument,
  listEngagementDocuments,
  listPendingForOrgs,
  nextDocumentVersion,
  supersedeUnaccepted,
  updateEngagementDocumentIf,
} from "../../db/repositories/engagement-documents.js";
import { countReportFacts } from "../../db/repositories/reports.js";
import type { EngagementRow } from "../../db/schema.js";
import { renderEngagementDocumentPdf } from "../../reports/render-engagement-letters.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireUser, requireWrite, rolesOnEngagement } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { deliverEmails, notifyUsers, usersWithRoles } from "../notify.js";
import {
  DOCUMENT_ACCEPTORS,
  DOCUMENT_WRITERS,
  documentAudience,
  documentViews,
  engagementLetterFacts,
  letterScope,
  loadVisibleDocument,
  representationFacts,
  sentToOrganization,
} from "./engagement-documents-model.js";
import { engagementStage, loadEngagement } from "./engagement-model.js";
import { readReportPdf, storeReportPdf } from "./reports.js";

const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date in the form YYYY-MM-DD.");

export const GenerateDocumentSchema = z.object({
  kind: z.enum(["engagement-letter", "representation-letter"]),
  /** Engagement letter only: payment terms agreed with the client (default: by phase, 30 days). */
  paymentTerms: z.string().trim().max(2000).optional(),
  /** Engagement letter only: planned dates (default: from the period). */
  fieldworkStart: DateSchema.optional(),
  reportBy: DateSchema.optional(),
});
export type GenerateDocumentInput = z.infer<typeof GenerateDocumentSchema>;

/** Representation letters are asked for once testing has begun (near the end of fieldwork). */
const FIELDWORK_STAGES = STAGES.slice(STAGES.indexOf("control_testing"));

const assertCanGenerate = async (deps: Deps, e: EngagementRow, kind: DocumentKind) => {
  if ((await countReportFacts(deps.db, e.id)).reportIssued) {
    throw new AppError(
      "CONFLICT",
      "The report of this engagement is issued; its letters can no longer change.",
    );
  }
  const docs = await listEngagementDocuments(deps.db, e.id);
  if (docs.some((d) => d.kind === kind && d.status === "accepted")) {
    throw new AppError(
      "CONFLICT",
      `The ${DOCUMENT_KIND_LABELS[kind].toLowerCase()} of this engagement is already accepted; an accepted version is final.`,
    );
  }
  if (kind === "engagement-letter" && e.engagement_letter_signed_at !== null) {
    throw new AppError(
      "CONFLICT",
      "A signed engagement letter is already recorded for this engagement, so no new one is needed.",
    );
  }
  const stage = engagementStage(e);
  if (kind === "representation-letter" && !(FIELDWORK_STAGES as readonly string[]).includes(stage)) {
    throw new AppError(
      "GUARD_FAILED",
      `Management's written representations are obtained near the end of fieldwork; the engagement is at ${STAGE_LABELS[stage]}. Generate the representation letter from Control testing onwards.`,
      { failures: [{ guard: "stage-fieldwork", message: `The engagement is at ${STAGE_LABELS[stage]}.` }] },
    );
  }
};

const buildModel = async (
  deps: Deps,
  e: EngagementRow,
  input: GenerateDocumentInput,
  version: number,
): Promise<{ model: LetterModel; facts: Record<string, unknown> }> => {
  const scope = await letterScope(deps.db, e);
  const letterDate = todayIso(deps);
  if (input.kind === "engagement-letter") {
    const f = await engagementLetterFacts(deps.db, e);
    const model = buildEngagementLetter({
      ...f,
      engagement: scope,
      paymentTerms: input.paymentTerms ?? null,
      timeline: { fieldworkStart: input.fieldworkStart ?? "", reportBy: input.reportBy ?? "" },
      letterDate,
      version,
    });
    return { model, facts: { fee: f.fee, quoteId: f.quoteId, paymentTerms: input.paymentTerms ?? null } };
  }
  const f = await representationFacts(deps.db, e);
  const model = buildRepresentationLetter({ ...f, engagement: scope, letterDate, version });
  return {
    model,
    facts: {
      exceptions: f.exceptions.map((x) => x.ref),
      incidents: f.incidents.length,
      cuecCount: f.cuecCount,
    },
  };
};

/** Generates a new version (draft) of the letter; supersedes every unaccepted version of its kind. */
export const generateEngagementDocument = async (
  deps: Deps,
  actor: Actor,
  engagementId: string,
  input: GenerateDocumentInput,
) => {
  const user = requireWrite(actor);
  const e = await loadEngagement(deps, user, engagementId);
  requireEngagementRole(
    user,
    e,
    DOCUMENT_WRITERS,
    `generate the ${DOCUMENT_KIND_LABELS[input.kind].toLowerCase()}`,
  );
  await assertCanGenerate(deps, e, input.kind);
  const version = await nextDocumentVersion(deps.db, e.id, input.kind);
  const { model, facts } = await buildModel(deps, e, input, version);
  const pdf = await renderEngagementDocumentPdf(model);
  const sha = await storeReportPdf(deps, e.org_id, pdf);
  const now = nowIso(deps);
  const row = {
    id: deps.newId(),
    firm_id: e.firm_id,
    org_id: e.org_id,
    engagement_id: e.id,
    kind: input.kind,
    version,
    status: "draft",
    title: model.meta.title,
    letter_date: todayIso(deps),
    facts: JSON.stringify(facts),
    pdf_sha256: sha,
    pdf_size: pdf.length,
    generated_by: user.userId,
    generated_at: now,
    sent_by: null,
    sent_at: null,
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
  };
  await inTransaction(deps, async (trx) => {
    // A version generated meanwhile takes the number first; this one fails on the unique key.
    await supersedeUnaccepted(trx, e.id, input.kind, now);
    await insertEngagementDocument(trx, row);
    await recordEvent(trx, deps, actor, {
      action: "engagement_document.generated",
      targetType: "engagement_document",
      targetId: row.id,
      firmId: e.firm_id,
      orgId: e.org_id,
      engagementId: e.id,
      after: { kind: input.kind, version, documentSha256: sha, ...facts },
    });
  });
  const [view] = await documentViews(deps.db, [row]);
  return view;
};

/** The engagement's documents: every version for the firm, the sent ones for the organization admin. */
export const listDocuments = async (deps: Deps, actor: Actor, engagementId: string) => {
  const user = requireUser(actor);
  const e = await loadEngagement(deps, user, engagementId);
  const audience = documentAudience(user, e);
  const docs = (await listEngagementDocuments(deps.db, e.id)).filter(
    (d) => audience === "firm" || sentToOrganization(d),
  );
  const roles = rolesOnEngagement(user, e);
  return {
    documents: await documentViews(deps.db, docs),
    engagementLetterSignedAt: e.engagement_letter_signed_at,
    stage: engagementStage(e),
    representationLetterAvailable: (FIELDWORK_STAGES as readonly string[]).includes(e.stage),
    permissions: {
      canGenerate: roles.some((r) => DOCUMENT_WRITERS.includes(r)),
      canAccept: roles.some((r) => DOCUMENT_ACCEPTORS.includes(r)),
    },
  };
};

export const getDocument = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireUser(actor);
  const { doc } = await loadVisibleDocument(deps, user, id);
  const [view] = await documentViews(deps.db, [doc]);
  return view;
};

/** The PDF: the accepted copy (with its acceptance record) once accepted, else the letter as generated. */
export const downloadDocument = async (
  deps: Deps,
  actor: Actor,
  id: string,
  copy: "original" | "accepted" | undefined,
) => {
  const user = requireUser(actor);
  const { doc, engagement } = await loadVisibleDocument(deps, user, id);
  const wantAccepted = copy === "accepted" || (copy === undefined && doc.accepted_pdf_sha256 !== null);
  if (wantAccepted && doc.accepted_pdf_sha256 === null) {
    throw new AppError("NOT_FOUND", "This document has not been accepted, so there is no accepted copy yet.");
  }
  const sha = wantAccepted ? (doc.accepted_pdf_sha256 ?? "") : doc.pdf_sha256;
  const body = await readReportPdf(deps, doc.org_id, sha);
  const kind = doc.kind === "engagement-letter" ? "engagement-letter" : "representation-letter";
  return {
    body,
    filename: `${kind}-v${doc.version}${wantAccepted ? "-accepted" : ""}-${engagement.name.replace(/[^A-Za-z0-9-]+/g, "-").slice(0, 60)}.pdf`,
    sha256: sha,
  };
};

/** Sends a draft to the organization: its admins are notified and can read and accept it. */
export const sendEngagementDocument = async (deps: Deps, actor: Actor, id: string) => {
  const user = requireWrite(actor);
  const { doc, engagement: e } = await loadVisibleDocument(deps, user, id);
  requireEngagementRole(user, e, DOCUMENT_WRITERS, "send a letter to the organization");
  if (doc.status !== "draft") {
    throw new AppError("CONFLICT", `Only a draft can be sent; this version is ${doc.status}.`);
  }
  const now = nowIso(deps);
  const label = DOCUMENT_KIND_LABELS[doc.kind as DocumentKind] ?? "Letter";
  const notified = await inTransaction(deps, async (trx) => {
    if (
      !(await updateEngagementDocumentIf(trx, doc.id, "draft", {
        status: "sent",
        sent_by: user.userId,
        sent_at: now,
        updated_at: now,
      }))
    ) {
      throw new AppError("CONFLICT", "This version changed meanwhile; reload and try again.");
    }
    await recordEvent(trx, deps, actor, {
      action: "engagement_document.sent",
      targetType: "engagement_document",
      targetId: doc.id,
      firmId: e.firm_id,
      orgId: e.org_id,
      engagementId: e.id,
      after: { kind: doc.kind, version: doc.version, documentSha256: doc.pdf_sha256 },
    });
    return notifyUsers(trx, deps, await usersWithRoles(trx, "org", e.org_id, DOCUMENT_ACCEPTORS), {
      kind: "engagement_document.sent",
      title: `${label} to accept: ${e.name}`,
      body: `${user.name} sent version ${doc.version} of the ${label.toLowerCase()} for "${e.name}". Read it and accept it in Fieldwork.`,
      link: "/engagement-documents",
      orgId: e.org_id,
    });
  });
  await deliverEmails(deps, notified);
  return getDocument(deps, actor, id);
};

/** Letters waiting for, or answered by, the organizations where the actor is an admin. */
export const listOrganizationDocuments = async (deps: Deps, actor: Actor) => {
  const user = requireUser(actor);
  const orgIds = [
    ...new Set(
      user.memberships
        .filter((m) => m.tenantKind === "org" && DOCUMENT_ACCEPTORS.includes(m.role))
        .map((m) => m.tenantId),
    ),
  ];
  const docs = await listPendingForOrgs(deps.db, orgIds);
  const engagementIds = [...new Set(docs.map((d) => d.engagement_id))];
  const engagements =
    engagementIds.length === 0
      ? []
      : await deps.db
          .selectFrom("engagements")
          .select(["id", "name", "org_id"])
          .where("id", "in", engagementIds)
          .where("org_id", "in", ["", ...orgIds])
          .execute();
  const names = new Map(engagements.map((e) => [e.id, e.name]));
  const views = await documentViews(deps.db, docs);
  return { documents: views.map((v) => ({ ...v, engagementName: names.get(v.engagementId) ?? "" })) };
};
