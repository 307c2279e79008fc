/**
 * The built-in vendor security questionnaire: our own fifteen questions, each weighted 1–3 by how
 * much it matters to the data a vendor holds, answered yes / partial / no / not applicable with a
 * comment. The computed score is the weighted share of the applicable questions answered well
 * (yes = full weight, partial = half, no = none); the reviewer adds a judgement of their own. Pure.
 */
import { z } from "zod";
import { invalid } from "./errors.js";

export const QUESTIONNAIRE_VERSION = "fw-vendor-security-v1";

export const ANSWERS = ["yes", "partial", "no", "na"] as const;
export type Answer = (typeof ANSWERS)[number];

export interface Question {
  readonly id: string;
  readonly section: string;
  readonly text: string;
  /** 3: essential, 2: important, 1: good practice. */
  readonly weight: 1 | 2 | 3;
}

export const QUESTIONS: readonly Question[] = [
  {
    id: "gov-1",
    section: "Governance",
    text: "Do you hold a current independent assurance report or certificate (SOC 2, ISO/IEC 27001) covering the service you provide to us?",
    weight: 3,
  },
  {
    id: "gov-2",
    section: "Governance",
    text: "Is there a written information security policy, approved by management and reviewed at least once a year?",
    weight: 2,
  },
  {
    id: "gov-3",
    section: "Governance",
    text: "Is a named person accountable for information security in your organization?",
    weight: 1,
  },
  {
    id: "peo-1",
    section: "People",
    text: "Are staff who can reach our data background-checked before they start and trained in security every year?",
    weight: 2,
  },
  {
    id: "acc-1",
    section: "Access",
    text: "Is multi-factor authentication enforced for every person who can reach systems holding our data?",
    weight: 3,
  },
  {
    id: "acc-2",
    section: "Access",
    text: "Are access rights to those systems reviewed at least every quarter, and removed within one working day of a leaver's exit?",
    weight: 2,
  },
  {
    id: "dat-1",
    section: "Data protection",
    text: "Is our data encrypted at rest and in transit (TLS 1.2 or later)?",
    weight: 3,
  },
  {
    id: "dat-2",
    section: "Data protection",
    text: "Is our data stored and processed only in the locations agreed in the contract (for personal data of Indian residents, as the DPDP Act and our agreement allow)?",
    weight: 2,
  },
  {
    id: "dat-3",
    section: "Data protection",
    text: "Is our data returned or securely deleted at the end of the contract, with a written confirmation?",
    weight: 2,
  },
  {
    id: "ops-1",
    section: "Operations",
    text: "Are vulnerabilities scanned at least monthly and critical ones fixed within 15 days?",
    weight: 2,
  },
  {
    id: "ops-2",
    section: "Operations",
    text: "Are changes to production reviewed and approved by someone other than their author?",
    weight: 2,
  },
  {
    id: "ops-3",
    section: "Operations",
    text: "Are security events logged centrally, kept for at least 180 days, and monitored?",
    weight: 2,
  },
  {
    id: "inc-1",
    section: "Incidents",
    text: "Will you notify us of a security incident affecting our data within 24 hours of becoming aware of it?",
    weight: 3,
  },
  {
    id: "bcp-1",
    section: "Continuity",
    text: "Are backups taken, restored in a test at least once a year, and is there a tested continuity plan for the service?",
    weight: 2,
  },
  {
    id: "sub-1",
    section: "Subcontractors",
    text: "Do you assess the security of your own subcontractors that handle our data, and tell us before adding a new one?",
    weight: 1,
  },
];

export const COMMENT_MAX = 2000;

export const SubmissionSchema = z.object({
  respondentName: z.string().trim().min(1).max(200),
  respondentEmail: z.email().max(320),
  answers: z
    .array(
      z.object({
        questionId: z.string().trim().min(1).max(20),
        answer: z.enum(ANSWERS),
        comment: z.string().trim().max(COMMENT_MAX).default(""),
      }),
    )
    .max(QUESTIONS.length),
});
export type Submission = z.output<typeof SubmissionSchema>;

export interface AnswerRow {
  readonly questionId: string;
  readonly answer: Answer;
  readonly comment: string;
}

/**
 * The answers in the template's order, checked: every question answered once, no unknown ones, and
 * a comment for every "partial" or "no" (the reviewer needs to know what is missing).
 */
export const checkAnswers = (answers: readonly AnswerRow[]): AnswerRow[] => {
  const byId = new Map<string, AnswerRow>();
  const problems: string[] = [];
  for (const a of answers) {
    if (!QUESTIONS.some((q) => q.id === a.questionId)) problems.push(`${a.questionId}: no such question.`);
    else if (byId.has(a.questionId)) problems.push(`${a.questionId}: answered twice.`);
    else byId.set(a.questionId, a);
  }
  for (const q of QUESTIONS) {
    const a = byId.get(q.id);
    if (!a) problems.push(`${q.id}: not answered.`);
    else if ((a.answer === "partial" || a.answer === "no") && a.comment.trim() === "") {
      problems.push(`${q.id}: explain a "${a.answer}" answer in the comment.`);
    }
  }
  if (problems.length > 0) throw invalid(problems.join(" "), { errors: problems });
  return QUESTIONS.map((q) => byId.get(q.id) as AnswerRow);
};

const VALUE: Record<Answer, number | null> = { yes: 1, partial: 0.5, no: 0, na: null };

export type RiskRating = "low" | "medium" | "high";

export interface QuestionnaireScore {
  /** 0–100, rounded; null when every question was "not applicable". */
  readonly score: number | null;
  readonly rating: RiskRating | null;
  /** Essential (weight 3) questions answered "no": each one is a finding whatever the score. */
  readonly essentialGaps: readonly string[];
}

/** Score bands: 80 and above is low risk, 60–79 medium, below 60 high; an essential "no" is never low. */
export const scoreAnswers = (answers: readonly AnswerRow[]): QuestionnaireScore => {
  let got = 0;
  let possible = 0;
  const essentialGaps: string[] = [];
  for (const q of QUESTIONS) {
    const a = answers.find((x) => x.questionId === q.id);
    const value = a ? VALUE[a.answer] : 0;
    if (value === null) continue;
    got += value * q.weight;
    possible += q.weight;
    if (q.weight === 3 && a?.answer === "no") essentialGaps.push(q.id);
  }
  if (possible === 0) return { score: null, rating: null, essentialGaps };
  const score = Math.round((got / possible) * 100);
  let rating: RiskRating = score >= 80 ? "low" : score >= 60 ? "medium" : "high";
  if (rating === "low" && essentialGaps.length > 0) rating = "medium";
  return { score, rating, essentialGaps };
};

/** Days a questionnaire link stays valid by default, and at most. */
export const LINK_DAYS_DEFAULT = 14;
export const LINK_DAYS_MAX = 60;
