/** The questionnaire as the organization sees it, and the document stored as evidence once scored. */
import { type AnswerRow, QUESTIONS } from "../../core/vendor-questionnaire.js";
import type { VendorQuestionnaireRow } from "../../db/schema-vendors.js";

type Row = Omit<VendorQuestionnaireRow, "token_hash">;

/** "sent" past its expiry shows as "expired"; the stored status stays "sent". */
export const effectiveStatus = (q: Pick<Row, "status" | "expires_at">, nowIso: string): string =>
  q.status === "sent" && q.expires_at <= nowIso ? "expired" : q.status;

export const parseAnswers = (json: string | null): AnswerRow[] =>
  json ? (JSON.parse(json) as AnswerRow[]) : [];

export const questionnaireView = (q: Row, now: string, withAnswers: boolean) => ({
  id: q.id,
  vendorId: q.vendor_id,
  templateVersion: q.template_version,
  status: effectiveStatus(q, now.length === 10 ? `${now}T00:00:00.000Z` : now),
  recipientEmail: q.recipient_email,
  expiresAt: q.expires_at,
  createdAt: q.created_at,
  respondent: q.respondent_name ? { name: q.respondent_name, email: q.respondent_email } : null,
  submittedAt: q.submitted_at,
  computedScore: q.computed_score === null ? null : Number(q.computed_score),
  reviewerScore: q.reviewer_score === null ? null : Number(q.reviewer_score),
  reviewerRating: q.reviewer_rating,
  reviewerNote: q.reviewer_note,
  scoredAt: q.scored_at,
  evidenceId: q.evidence_id,
  ...(withAnswers
    ? {
        answers: parseAnswers(q.answers).map((a) => {
          const question = QUESTIONS.find((x) => x.id === a.questionId);
          return {
            ...a,
            section: question?.section ?? "",
            text: question?.text ?? "",
            weight: question?.weight ?? 0,
          };
        }),
      }
    : {}),
});
