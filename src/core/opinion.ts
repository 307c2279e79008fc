/**
 * Opinion advice: which opinion the evidence points to (SOC2.md §2.4). Pure: no I/O, no clock, no
 * randomness. It is advice only; the engagement partner decides the opinion.
 *
 * Per criterion:
 * - "not-met" when the auditor found a design deficiency for it, when no control addresses it, or
 *   when every control addressing it is "not-effective" (nothing else achieves the criterion);
 * - "met-with-exceptions" when it is met but something must be disclosed: a control with deviations,
 *   a control concluded "effective-with-exceptions", "needs-judgement" (still open) or
 *   "not-effective" (other controls still cover the criterion), or a description misstatement noted
 *   against the criterion;
 * - "met" otherwise ("not-occurred" controls are mentioned but do not count as exceptions).
 *
 * Overall, the first rule that applies wins:
 * 1. "disclaimer": the scope limitation is pervasive; the auditor cannot obtain enough evidence to
 *    give any opinion.
 * 2. "adverse": the failures are pervasive. Pervasive here means either
 *    - the not-met criteria span PERVASIVE_SERIES (3) or more series (for example CC6, CC7 and CC8),
 *      failures across several areas of the criteria; or
 *    - more than PERVASIVE_SHARE (25 %) of the criteria in scope are not met (exactly a quarter is
 *      not pervasive); or
 *    - a description misstatement is material and pervasive.
 * 3. "qualified": some criteria are not met (but not pervasively), a description misstatement is
 *    material but not pervasive, or the scope limitation is limited.
 * 4. "unmodified": otherwise. Exceptions are still listed and reported in Section IV.
 * A description misstatement flagged pervasive is treated as material: a pervasive misstatement
 * cannot be immaterial. A series is the part of a criterion id before the dot ("CC6" of "CC6.1").
 * basisRequired is true for every modified opinion, which needs a "basis for" paragraph.
 *
 * Adding a not-met criterion, widening the scope limitation or making a misstatement material never
 * improves the advice on the order unmodified < qualified < adverse (checked as properties).
 */
import type { ControlConclusion } from "./deviations.js";
import { invalid } from "./errors.js";

export type OpinionAdvice = "unmodified" | "qualified" | "adverse" | "disclaimer";
export type CriterionAdvice = "met" | "met-with-exceptions" | "not-met";
export type ScopeLimitation = "none" | "limited" | "pervasive";

export interface OpinionControl {
  readonly code: string;
  readonly conclusion: ControlConclusion;
  readonly deviationCount: number;
  /** False while the control has no concluded workpaper: the advice for its criteria is provisional. */
  readonly concluded?: boolean;
}

export interface OpinionCriterion {
  readonly id: string;
  readonly controls: readonly OpinionControl[];
  readonly descriptionMisstatement?: boolean;
  readonly designDeficiency?: boolean;
}

export interface OpinionInput {
  readonly criteria: readonly OpinionCriterion[];
  readonly scopeLimitation: ScopeLimitation;
  readonly descriptionMisstatements: readonly { readonly material: boolean; readonly pervasive: boolean }[];
}

export interface CriterionResult {
  readonly id: string;
  readonly advice: CriterionAdvice;
  readonly reasons: readonly string[];
}

export interface OpinionResult {
  readonly overall: OpinionAdvice;
  readonly perCriterion: readonly CriterionResult[];
  readonly reasons: readonly string[];
  readonly basisRequired: boolean;
}

/** Not-met criteria spanning at least this many series are pervasive. */
export const PERVASIVE_SERIES = 3;
/** A share of not-met criteria strictly above this is pervasive. */
export const PERVASIVE_SHARE = 0.25;

/** Severity of the opinions that grade failures; a disclaimer stands apart (no opinion at all). */
export const OPINION_SEVERITY: Readonly<Record<Exclude<OpinionAdvice, "disclaimer">, number>> = {
  unmodified: 0,
  qualified: 1,
  adverse: 2,
};

const seriesOf = (id: string): string => {
  const dot = id.indexOf(".");
  return dot === -1 ? id : id.slice(0, dot);
};

const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

/** The advice for one criterion from its controls' conclusions. */
export const adviseCriterion = (criterion: OpinionCriterion): CriterionResult => {
  const { id, controls } = criterion;
  if (criterion.designDeficiency === true) {
    return { id, advice: "not-met", reasons: [`${id} is not met: its controls are not suitably designed.`] };
  }
  if (controls.length === 0) {
    return { id, advice: "not-met", reasons: [`${id} is not met: no control addresses it.`] };
  }
  const failed = controls.filter((c) => c.conclusion === "not-effective");
  if (failed.length === controls.length) {
    return {
      id,
      advice: "not-met",
      reasons: [
        `${id} is not met: every control addressing it (${controls.map((c) => c.code).join(", ")}) is not effective.`,
      ],
    };
  }
  const reasons: string[] = [];
  for (const c of controls) {
    if (c.conclusion === "not-effective") {
      reasons.push(`${c.code} is not effective, but other controls still address ${id}.`);
    } else if (c.concluded === false) {
      reasons.push(`${c.code} is not concluded yet, so this advice is provisional.`);
    } else if (c.conclusion === "needs-judgement") {
      reasons.push(`${c.code} still needs the auditor's judgement on its deviations.`);
    } else if (c.conclusion === "effective-with-exceptions" || c.deviationCount > 0) {
      reasons.push(`${c.code} had ${plural(c.deviationCount, "deviation")} to disclose.`);
    } else if (c.conclusion === "not-occurred") {
      reasons.push(`${c.code} had nothing to act on during the period (not occurred).`);
    }
  }
  if (criterion.descriptionMisstatement === true) {
    reasons.push(`The system description misstates the controls for ${id}.`);
  }
  const exceptions =
    criterion.descriptionMisstatement === true ||
    controls.some(
      (c) =>
        c.deviationCount > 0 ||
        c.conclusion === "not-effective" ||
        c.conclusion === "needs-judgement" ||
        c.conclusion === "effective-with-exceptions",
    );
  if (!exceptions) reasons.unshift(`${id} is met.`);
  return { id, advice: exceptions ? "met-with-exceptions" : "met", reasons };
};

/** Advises the overall opinion. Invalid input (no criteria, repeated ids) is a VALIDATION error. */
export const adviseOpinion = (input: OpinionInput): OpinionResult => {
  if (input.criteria.length === 0)
    throw invalid("At least one criterion must be in scope to advise an opinion.");
  const ids = new Set<string>();
  for (const c of input.criteria) {
    if (ids.has(c.id)) throw invalid(`Criterion ${c.id} is listed more than once.`);
    ids.add(c.id);
    for (const control of c.controls) {
      if (!Number.isInteger(control.deviationCount) || control.deviationCount < 0) {
        throw invalid(`The deviation count of ${control.code} must be a whole number of zero or more.`);
      }
    }
  }

  const perCriterion = input.criteria.map(adviseCriterion);
  const notMet = perCriterion.filter((c) => c.advice === "not-met");
  const withExceptions = perCriterion.filter((c) => c.advice === "met-with-exceptions");
  const series = [...new Set(notMet.map((c) => seriesOf(c.id)))];
  const share = notMet.length / perCriterion.length;
  const material = input.descriptionMisstatements.filter((m) => m.material || m.pervasive);
  const pervasiveMisstatements = material.filter((m) => m.pervasive);
  const immaterial = input.descriptionMisstatements.length - material.length;

  const reasons: string[] = [];
  const finish = (overall: OpinionAdvice): OpinionResult => ({
    overall,
    perCriterion,
    reasons,
    basisRequired: overall !== "unmodified",
  });

  if (notMet.length > 0) {
    reasons.push(
      `${plural(notMet.length, "criterion", "criteria")} of ${perCriterion.length} in scope ${notMet.length === 1 ? "is" : "are"} not met (${notMet.map((c) => c.id).join(", ")}), across ${plural(series.length, "series", "series")}.`,
    );
  }
  if (withExceptions.length > 0) {
    reasons.push(
      `Exceptions to disclose in Section IV for ${withExceptions.map((c) => c.id).join(", ")}; check they are isolated.`,
    );
  }
  if (material.length > 0) {
    reasons.push(
      `${plural(material.length, "material description misstatement")}, ${pervasiveMisstatements.length} of them pervasive.`,
    );
  }
  if (immaterial > 0) {
    reasons.push(`${plural(immaterial, "description misstatement")} judged not material.`);
  }

  if (input.scopeLimitation === "pervasive") {
    reasons.push(
      "The scope limitation is pervasive: sufficient appropriate evidence cannot be obtained, so no opinion can be given.",
    );
    return finish("disclaimer");
  }
  const pervasiveFailure = series.length >= PERVASIVE_SERIES || share > PERVASIVE_SHARE;
  if (pervasiveFailure || pervasiveMisstatements.length > 0) {
    if (pervasiveFailure) {
      reasons.push(
        `The failures are pervasive: not-met criteria span ${plural(series.length, "series", "series")} (${PERVASIVE_SERIES} or more is pervasive) and ${(share * 100).toFixed(0)} % of the criteria in scope (more than ${PERVASIVE_SHARE * 100} % is pervasive).`,
      );
    }
    if (pervasiveMisstatements.length > 0) reasons.push("A material description misstatement is pervasive.");
    return finish("adverse");
  }
  if (notMet.length > 0 || material.length > 0 || input.scopeLimitation === "limited") {
    if (notMet.length > 0) reasons.push("The criteria not met are limited to specific areas, not pervasive.");
    if (input.scopeLimitation === "limited")
      reasons.push("A limited scope limitation affects part of the evidence.");
    return finish("qualified");
  }
  reasons.push("No criterion is not met, no material misstatement and no scope limitation were found.");
  return finish("unmodified");
};
