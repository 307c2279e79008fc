/**
 * Vendor security questionnaires by link: the organization creates one for a vendor and gets a link
 * (a random token shown once; only its SHA-256 is stored) that expires; the vendor opens it without
 * an account, answers and submits once (rate-limited per address and per link; the body is small);
 * the organization scores it (computed score plus the reviewer's judgement), and the answers with
 * both scores become generated evidence for CC9.2. An unknown, revoked or expired link is NOT_FOUND.
 */
import { z } from "zod";
import { AppError, notFound } from "../../core/errors.js";
import {
  checkAnswers,
  LINK_DAYS_DEFAULT,
  LINK_DAYS_MAX,
  QUESTIONNAIRE_VERSION,
  QUESTIONS,
  type Submission,
  scoreAnswers,
} from "../../core/vendor-questionnaire.js";
import { hitRateLimit } from "../../db/repositories/sessions.js";
import {
  findOrgVendor,
  findQuestionnaireByTokenHash,
  findVisibleQuestionnaire,
  insertQuestionnaire,
  updateQuestionnaireIf,
} from "../../db/repositories/vendors.js";
import type { Actor } from "../actor.js";
import { inTransaction, recordEvent } from "../audit.js";
import { requireEngagementRole, requireUser, requireWrite, scopeOf } from "../authz.js";
import { type Deps, nowIso, todayIso } from "../deps.js";
import { deliverEmails, notifyUsers } from "../notify.js";
import { sha256Hex } from "../security/crypto.js";
import { insertGeneratedEvidence, writeGeneratedBlob } from "./evidence-generated.js";
import { loadVendor, VENDOR_READERS, VENDOR_WRITERS } from "./vendor-model.js";
import { effectiveStatus, parseAnswers, questionnaireView } from "./vendor-questionnaire-model.js";

export const CreateQuestionnaireSchema = z.object({
  recipientEmail: z.email().max(320).nullable().default(null),
  expiresInDays: z.number().int().min(1).max(LINK_DAYS_MAX).default(LINK_DAYS_DEFAULT),
});

export const ScoreQuestionnaireSchema = z.object({
  /** The reviewer's own score, 0–100, when it differs from the computed one. */
  reviewerScore: z.number().int().min(0).max(100).nullable().default(null),
  rating: z.enum(["low", "medium", "high"]),
  note: z.string().trim().min(1).max(4000),
});

/** Submissions per address per hour, and attempts per link per hour. */
const SUBMITS_PER_IP_HOUR = 20;
const VIEWS_PER_IP_HOUR = 120;

const hourOf = (deps: Deps) =>
  new Date(Math.floor(deps.clock().getTime() / 3_600_000) * 3_600_000).toISOString();

const limit = async (deps: Deps, key: string, max: number) => {
  if ((await hitRateLimit(deps.db, key, hourOf(deps))) > max) {
    throw new AppError(
      "RATE_LIMITED",
      "Too many requests for this questionnaire from this address. Try again later.",
    );
  }
};

export const createQuestionnaire = async (
  deps: Deps,
  actor: Actor,
  vendorId: string,
  input: z.output<typeof CreateQuestionnaireSchema>,
) => {
  const user = requireWrite(actor);
  const v = await loadVendor(deps, user, vendorId, VENDOR_WRITERS, "send vendor questionnaires");
  const token = deps.randomBytes(32).toString("base64url");
  const now = nowIso(deps);
  const row = {
    id: deps.newId(),
    vendor_id: v.id,
    firm_id: v.firm_id,
    org_id: v.org_id,
    token_hash: sha256Hex(token),
    template_version: QUESTIONNAIRE_VERSION,
    status: "sent",
    recipient_email: input.recipientEmail,
    expires_at: new Date(deps.clock().getTime() + input.expiresInDays * 86_400_000).toISOString(),
    created_by: user.userId,
    created_at: now,
    respondent_name: null,
    respondent_email: null,
    answers: null,
    submitted_at: null,
    submitted_ip: null,
    computed_score: null,
    reviewer_score: null,
    reviewer_rating: null,
    reviewer_note: null,
    scored_by: null,
    scored_at: null,
    evidence_id: null,
  };
  await inTransaction(deps, async (trx) => {
    await insertQuestionnaire(trx, row);
    await recordEvent(trx, deps, user, {
      action: "vendor.questionnaire_sent",
      targetType: "vendor",
      targetId: v.id,
      firmId: v.firm_id,
      orgId: v.org_id,
      after: { questionnaireId: row.id, recipientEmail: row.recipient_email, expiresAt: row.expires_at },
    });
  });
  const { token_hash: _hash, ...visible } = row;
  return { questionnaire: questionnaireView(visible, now, false), token, path: `/q/${token}` };
};

const loadQuestionnaire = async (deps: Deps, actor: Actor, id: string, write: boolean) => {
  const user = write ? requireWrite(actor) : requireUser(actor);
  const q = await findVisibleQuestionnaire(deps.db, id, scopeOf(user));
  if (!q) throw notFound("Questionnaire");
  requireEngagementRole(
    user,
    q,
    write ? VENDOR_WRITERS : VENDOR_READERS,
    write ? "score vendor questionnaires" : "see vendor questionnaires",
  );
  return { user, q };
};

export const getQuestionnaire = async (deps: Deps, actor: Actor, id: string) => {
  const { q } = await loadQuestionnaire(deps, actor, id, false);
  return {
    questionnaire: questionnaireView(q, nowIso(deps), true),
    computed: scoreAnswers(parseAnswers(q.answers)),
  };
};

export const revokeQuestionnaire = async (deps: Deps, actor: Actor, id: string) => {
  const { user, q } = await loadQuestionnaire(deps, actor, id, true);
  await inTransaction(deps, async (trx) => {
    if (!(await updateQuestionnaireIf(trx, q.id, "sent", { status: "revoked" }))) {
      throw new AppError("CONFLICT", "Only a questionnaire still waiting for answers can be revoked.");
    }
    await recordEvent(trx, deps, user, {
      action: "vendor.questionnaire_revoked",
      targetType: "vendor",
      targetId: q.vendor_id,
      firmId: q.firm_id,
      orgId: q.org_id,
      after: { questionnaireId: q.id },
    });
  });
  return getQuestionnaire(deps, user, q.id);
};

export const scoreQuestionnaire = async (
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof ScoreQuestionnaireSchema>,
) => {
  const { user, q } = await loadQuestionnaire(deps, actor, id, true);
  if (q.status !== "submitted") {
    throw new AppError(
      "CONFLICT",
      q.status === "scored"
        ? "This questionnaire is already scored."
        : "The vendor has not submitted its answers yet.",
    );
  }
  const v = await loadVendor(deps, user, q.vendor_id, VENDOR_WRITERS, "score vendor questionnaires");
  const answers = parseAnswers(q.answers);
  const computed = scoreAnswers(answers);
  const today = todayIso(deps);
  const document = {
    kind: "vendor-questionnaire",
    template: q.template_version,
    vendor: { id: v.id, name: v.name, service: v.service },
    respondent: { name: q.respondent_name, email: q.respondent_email, submittedAt: q.submitted_at },
    answers: answers.map((a) => ({
      ...a,
      question: QUESTIONS.find((x) => x.id === a.questionId)?.text ?? "",
    })),
    computed,
    reviewer: {
      name: user.name,
      email: user.email,
      score: input.reviewerScore,
      rating: input.rating,
      note: input.note,
      on: today,
    },
  };
  const blob = await writeGeneratedBlob(deps, v.org_id, Buffer.from(JSON.stringify(document, null, 2)));
  await inTransaction(deps, async (trx) => {
    const evidence = await insertGeneratedEvidence(trx, deps, user, v.org_id, blob, {
      title: `Vendor questionnaire: ${v.name} (${today})`,
      description: `Security questionnaire answered by ${q.respondent_name ?? "the vendor"}; computed score ${computed.score ?? "n/a"}, reviewer rating ${input.rating}.`,
      fileName: `vendor-questionnaire-${v.name.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}-${today}.json`,
      mediaType: "application/json",
      effectiveDate: today,
      generator: "vendor-questionnaire",
      criterionIds: ["CC9.2"],
    });
    const ok = await updateQuestionnaireIf(trx, q.id, "submitted", {
      status: "scored",
      reviewer_score: input.reviewerScore,
      reviewer_rating: input.rating,
      reviewer_note: input.note,
      scored_by: user.userId,
      scored_at: nowIso(deps),
      evidence_id: evidence.id,
    });
    if (!ok) throw new AppError("CONFLICT", "This questionnaire was scored meanwhile; reload it.");
    await recordEvent(trx, deps, user, {
      action: "vendor.questionnaire_scored",
      targetType: "vendor",
      targetId: v.id,
      firmId: v.firm_id,
      orgId: v.org_id,
      after: {
        questionnaireId: q.id,
        computedScore: computed.score,
        reviewerScore: input.reviewerScore,
        rating: input.rating,
        evidenceId: evidence.id,
      },
    });
  });
  return getQuestionnaire(deps, user, q.id);
};

// ---- the public side ----

/** The questionnaire a link opens; unknown, revoked and expired links are NOT_FOUND alike. */
const openLink = async (deps: Deps, token: string) => {
  const q = await findQuestionnaireByTokenHash(deps.db, sha256Hex(token));
  if (!q || q.status === "revoked" || effectiveStatus(q, nowIso(deps)) === "expired") {
    throw notFound("Questionnaire link (it may have expired)");
  }
  return q;
};

export const getPublicQuestionnaire = async (deps: Deps, actor: Actor, token: string) => {
  await limit(
    deps,
    `vendor-q-view:${actor.kind === "public" ? (actor.ip ?? "unknown") : "user"}`,
    VIEWS_PER_IP_HOUR,
  );
  const q = await openLink(deps, token);
  const open = q.status === "sent";
  return {
    organization: q.org_name,
    vendor: q.vendor_name,
    status: open ? "open" : "submitted",
    expiresAt: q.expires_at,
    submittedAt: q.submitted_at,
    questions: open ? QUESTIONS : [],
  };
};

export const submitPublicQuestionnaire = async (
  deps: Deps,
  actor: Actor,
  token: string,
  body: Submission,
) => {
  const ip = actor.kind === "public" ? actor.ip : null;
  await limit(deps, `vendor-q-submit:${ip ?? "unknown"}`, SUBMITS_PER_IP_HOUR);
  const q = await openLink(deps, token);
  if (q.status !== "sent") throw new AppError("CONFLICT", "These answers were already submitted; thank you.");
  const answers = checkAnswers(body.answers);
  const computed = scoreAnswers(answers);
  const now = nowIso(deps);
  const notificationIds = await inTransaction(deps, async (trx) => {
    const ok = await updateQuestionnaireIf(trx, q.id, "sent", {
      status: "submitted",
      respondent_name: body.respondentName,
      respondent_email: body.respondentEmail.toLowerCase(),
      answers: JSON.stringify(answers),
      submitted_at: now,
      submitted_ip: ip,
      computed_score: computed.score,
    });
    if (!ok) throw new AppError("CONFLICT", "These answers were already submitted; thank you.");
    await recordEvent(trx, deps, actor, {
      action: "vendor.questionnaire_submitted",
      targetType: "vendor",
      targetId: q.vendor_id,
      firmId: q.firm_id,
      orgId: q.org_id,
      after: { questionnaireId: q.id, respondent: body.respondentName, computedScore: computed.score },
    });
    const owner = await findOrgVendor(trx, q.org_id, q.vendor_id);
    const recipients = [owner?.owner_user_id, q.created_by].filter((x): x is string => !!x);
    return notifyUsers(trx, deps, recipients, {
      kind: "vendor.questionnaire_submitted",
      title: `${q.vendor_name} returned its security questionnaire`,
      body: `Computed score ${computed.score ?? "n/a"}. Review the answers and record your rating.`,
      link: `/vendors/${q.vendor_id}`,
      firmId: q.firm_id,
      orgId: q.org_id,
    });
  });
  await deliverEmails(deps, notificationIds);
  return { status: "submitted" as const, submittedAt: now };
};
