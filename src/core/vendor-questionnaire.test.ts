import { describe, expect, it } from "vitest";
import { AppError } from "./errors.js";
import {
  type Answer,
  type AnswerRow,
  checkAnswers,
  QUESTIONS,
  scoreAnswers,
} from "./vendor-questionnaire.js";

const all = (answer: Answer, over: Record<string, Answer> = {}): AnswerRow[] =>
  QUESTIONS.map((q) => ({
    questionId: q.id,
    answer: over[q.id] ?? answer,
    comment: (over[q.id] ?? answer) === "yes" || (over[q.id] ?? answer) === "na" ? "" : "being fixed",
  }));

describe("the built-in questionnaire", () => {
  it("has fifteen questions with unique ids and weights 1–3", () => {
    expect(QUESTIONS).toHaveLength(15);
    expect(new Set(QUESTIONS.map((q) => q.id)).size).toBe(15);
    expect(QUESTIONS.every((q) => [1, 2, 3].includes(q.weight))).toBe(true);
  });
});

describe("checking answers", () => {
  const message = (rows: AnswerRow[]) => {
    try {
      checkAnswers(rows);
      return null;
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      return (e as AppError).message;
    }
  };
  it("returns the answers in the template's order", () => {
    const rows = all("yes").reverse();
    expect(checkAnswers(rows).map((r) => r.questionId)).toEqual(QUESTIONS.map((q) => q.id));
  });
  it("names missing, unknown, repeated and unexplained answers", () => {
    const rows = all("yes");
    expect(message(rows.slice(1))).toMatch(/gov-1: not answered/);
    expect(message([...rows, { questionId: "zzz", answer: "yes", comment: "" }])).toMatch(
      /zzz: no such question/,
    );
    expect(message([...rows, rows[0] as AnswerRow])).toMatch(/gov-1: answered twice/);
    expect(message(rows.map((r) => (r.questionId === "acc-1" ? { ...r, answer: "no" } : r)))).toMatch(
      /acc-1: explain a "no" answer/,
    );
  });
});

describe("scoring", () => {
  it("scores all yes 100 and all no 0", () => {
    expect(scoreAnswers(all("yes"))).toEqual({ score: 100, rating: "low", essentialGaps: [] });
    expect(scoreAnswers(all("no")).score).toBe(0);
    expect(scoreAnswers(all("no")).rating).toBe("high");
  });
  it("weights answers, counts partial as half and leaves not-applicable out", () => {
    // Total weight is 32; "acc-1" (3) partial loses 1.5 → 30.5 / 32 = 95.3 %.
    expect(scoreAnswers(all("yes", { "acc-1": "partial" })).score).toBe(95);
    // "sub-1" (1) not applicable: 31 / 31.
    expect(scoreAnswers(all("yes", { "sub-1": "na" })).score).toBe(100);
    expect(scoreAnswers(all("na"))).toEqual({ score: null, rating: null, essentialGaps: [] });
  });
  it("never rates a vendor low risk with an essential question answered no", () => {
    const s = scoreAnswers(all("yes", { "inc-1": "no" }));
    expect(s.score).toBe(91);
    expect(s).toMatchObject({ rating: "medium", essentialGaps: ["inc-1"] });
  });
  it("rates by bands", () => {
    const medium = scoreAnswers(
      all("yes", { "gov-1": "no", "acc-1": "partial", "dat-1": "partial", "ops-1": "no" }),
    );
    expect(medium.score).toBe(75);
    expect(medium.rating).toBe("medium");
  });
});
