/**
 * Deviation evaluation: what the deviations found while testing one control say about whether the
 * control operated effectively over the period. Pure: no I/O, no clock, no randomness. The result
 * is advice for the auditor, who records the final conclusion.
 *
 * Rules, in the order they are applied (SOC2.md §4.2, §4.4, §4.5):
 * 1. A population of zero (a recorded query that returned nothing) gives "not-occurred": the control
 *    had nothing to act on, which is neither effective nor failed. Deviations cannot exist then.
 * 2. No deviations: "effective". If nothing at all was tested the auditor has to decide
 *    ("needs-judgement"): an empty sample proves nothing.
 * 3. Every deviation counts, whether or not it was remediated later. A remediation date is kept for
 *    the disclosure but never lowers the count, the rate or any marker.
 * 4. Systematic markers (any one makes the deviations systematic):
 *    - "recurring-cause": the same identified root cause appears in two or more deviations
 *      (causes are compared ignoring case and surrounding spaces);
 *    - "concentrated-person" / "concentrated-subsystem": one person, or one subsystem, accounts for
 *      two or more deviations;
 *    - "rate-above-threshold": deviations ÷ items tested is strictly above 5 % and the population is
 *      meaningful (at least 10 items); exactly 5 % is not above the line;
 *    - "persists-across-period": deviations fall in both halves of the period (the period is split
 *      into two halves by day count; a day in the first half satisfies 2 × offset < length);
 *    - "design-cause": the auditor found that the cause lies in the control's design.
 * 5. Decision:
 *    - a design cause makes the control "not-effective" whatever the population size;
 *    - more deviations than a statistical plan allows (allowedDeviations) make it "not-effective";
 *      when nothing else marks the deviations systematic the auditor may instead extend the sample,
 *      and a rough extension is suggested (see suggestExtension);
 *    - a population under 10 (the known population, or the items tested when the population is
 *      unknown) is judged case by case: "needs-judgement", with the reason. One late quarterly review
 *      may be an exception; a missing occurrence means the control did not operate;
 *    - any other systematic marker makes the control "not-effective";
 *    - otherwise the deviations are isolated. If every deviation has an identified cause the control
 *      is "effective-with-exceptions" and the exceptions are disclosed; if some cause is still
 *      unknown the deviations cannot yet be called isolated and the auditor must investigate first
 *      ("needs-judgement").
 *
 * Conclusions are ordered by severity: effective < effective-with-exceptions < needs-judgement <
 * not-effective. With the same items tested, adding a deviation never moves a conclusion down this
 * order (markers and counts only grow), which the tests check as a property.
 */
import { invalid } from "./errors.js";

export const CONTROL_CONCLUSIONS = [
  "effective",
  "effective-with-exceptions",
  "not-effective",
  "not-occurred",
  "needs-judgement",
] as const;
export type ControlConclusion = (typeof CONTROL_CONCLUSIONS)[number];

export type DeviationClassification = "none" | "isolated" | "systematic";

export const MARKER_IDS = [
  "recurring-cause",
  "concentrated-person",
  "concentrated-subsystem",
  "rate-above-threshold",
  "persists-across-period",
  "design-cause",
] as const;
export type MarkerId = (typeof MARKER_IDS)[number];

export interface Marker {
  readonly id: MarkerId;
  readonly message: string;
}

export interface Deviation {
  readonly itemId: string;
  /** "YYYY-MM-DD", inside the period. */
  readonly date: string;
  /** The identified root cause; null while it has not been investigated. */
  readonly cause: string | null;
  readonly person?: string | null;
  readonly subsystem?: string | null;
  /** When the entity fixed it. Recorded for disclosure only: it never reduces the count. */
  readonly remediatedOn?: string | null;
}

export interface ControlTestInput {
  readonly itemsTested: number;
  /** Size of the population tested from; null when unknown (the items tested are then used). */
  readonly populationSize: number | null;
  readonly deviations: readonly Deviation[];
  /** The number of deviations a statistical sampling plan allows; absent for non-statistical tests. */
  readonly allowedDeviations?: number;
  /** True when the auditor found the cause of the deviations lies in the control's design. */
  readonly designCause?: boolean;
  readonly period: { readonly start: string; readonly end: string };
}

export interface ControlTestResult {
  readonly conclusion: ControlConclusion;
  readonly classification: DeviationClassification;
  readonly markers: readonly Marker[];
  /** Deviations ÷ items tested, between 0 and 1; 0 when nothing was tested. */
  readonly deviationRate: number;
  readonly reasons: readonly string[];
  readonly extendSample?: { readonly suggestedAdditional: number };
}

/** The rate strictly above which deviations in a meaningful population are systematic. */
export const SYSTEMATIC_RATE_THRESHOLD = 0.05;
/** Populations below this size are judged case by case. */
export const SMALL_POPULATION_LIMIT = 10;

/** Severity order used to compare conclusions ("not-occurred" sits with "effective": nothing failed). */
export const CONCLUSION_SEVERITY: Readonly<Record<ControlConclusion, number>> = {
  "not-occurred": 0,
  effective: 0,
  "effective-with-exceptions": 1,
  "needs-judgement": 2,
  "not-effective": 3,
};

// ---------------------------------------------------------------------------------------------
// Exception kinds (SOC2.md §4.5): how a reported exception is labelled in Section IV.

export const EXCEPTION_KINDS = [
  "operating-deviation",
  "design-deficiency",
  "description-misstatement",
] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/**
 * The kind of an exception. A description that does not match what the entity does is a description
 * misstatement first (the reader was told something untrue); otherwise a cause in the design is a
 * design deficiency; everything else is a deviation in operation.
 */
export const exceptionKind = (facts: {
  readonly descriptionMisstatement?: boolean;
  readonly designCause?: boolean;
}): ExceptionKind =>
  facts.descriptionMisstatement === true
    ? "description-misstatement"
    : facts.designCause === true
      ? "design-deficiency"
      : "operating-deviation";

// ---------------------------------------------------------------------------------------------
// Dates as day numbers, without Date.

const dayNumber = (text: string, label: string): number => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDays = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  if (!match || year < 1 || month < 1 || month > 12 || day < 1 || day > monthDays) {
    throw invalid(`${label} must be a real date in the form YYYY-MM-DD; got "${text}".`);
  }
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
};

const isCount = (n: number): boolean => Number.isInteger(n) && n >= 0;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

const normalise = (text: string | null | undefined): string | null => {
  const trimmed = text?.trim().toLowerCase() ?? "";
  return trimmed === "" ? null : trimmed;
};

/** Values that appear at least twice, with their counts, in first-seen order. */
const repeated = (values: readonly (string | null)[]): [string, number][] => {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].filter(([, n]) => n >= 2);
};

/**
 * A rough sample extension when a statistical plan's allowed deviations were exceeded: grow the sample
 * in proportion to the deviations found, keeping the plan's allowed share (allowed + 1 deviations per
 * original sample, assuming no further deviations are found). For example 29 items allowing 0 with 1
 * deviation suggests 29 more (58 in all). The auditor should re-derive the size from the sampling
 * tables; the extension is capped by the untested rest of a known population and is omitted when
 * nothing is left to test.
 */
export const suggestExtension = (
  itemsTested: number,
  deviationCount: number,
  allowedDeviations: number,
  populationSize: number | null,
): number => {
  const total = Math.ceil(((deviationCount + 1) * itemsTested) / (allowedDeviations + 1));
  const additional = Math.max(0, total - itemsTested);
  return populationSize === null
    ? additional
    : Math.min(additional, Math.max(0, populationSize - itemsTested));
};

const validate = (input: ControlTestInput): { start: number; end: number } => {
  if (!isCount(input.itemsTested)) throw invalid("Items tested must be a whole number of zero or more.");
  if (input.populationSize !== null && !isCount(input.populationSize)) {
    throw invalid("The population size must be a whole number of zero or more, or unknown.");
  }
  if (input.populationSize !== null && input.itemsTested > input.populationSize) {
    throw invalid("More items were tested than the population holds; check the population or the sample.");
  }
  if (input.deviations.length > input.itemsTested) {
    throw invalid("There are more deviations than items tested; each deviation must be a tested item.");
  }
  if (input.allowedDeviations !== undefined && !isCount(input.allowedDeviations)) {
    throw invalid("Allowed deviations must be a whole number of zero or more.");
  }
  const start = dayNumber(input.period.start, "The period start");
  const end = dayNumber(input.period.end, "The period end");
  if (end < start) throw invalid("The period must end on or after its start.");
  const seen = new Set<string>();
  for (const d of input.deviations) {
    if (seen.has(d.itemId)) throw invalid(`Item ${d.itemId} is listed as a deviation more than once.`);
    seen.add(d.itemId);
    const day = dayNumber(d.date, `The date of deviation ${d.itemId}`);
    if (day < start || day > end) {
      throw invalid(`Deviation ${d.itemId} is dated ${d.date}, outside the period.`);
    }
    if (d.remediatedOn !== undefined && d.remediatedOn !== null) {
      dayNumber(d.remediatedOn, `The remediation date of deviation ${d.itemId}`);
    }
  }
  return { start, end };
};

/** Evaluates the deviations found in one control test. Invalid input is a VALIDATION error. */
export const evaluateControlTest = (input: ControlTestInput): ControlTestResult => {
  const { start, end } = validate(input);
  const deviations = input.deviations;
  const count = deviations.length;
  const deviationRate = input.itemsTested === 0 ? 0 : count / input.itemsTested;

  if (input.populationSize === 0) {
    return {
      conclusion: "not-occurred",
      classification: "none",
      markers: [],
      deviationRate: 0,
      reasons: [
        "The population is empty: the control had nothing to act on during the period. Keep the query that returned no items as evidence.",
      ],
    };
  }
  if (input.itemsTested === 0) {
    return {
      conclusion: "needs-judgement",
      classification: "none",
      markers: [],
      deviationRate: 0,
      reasons: ["No items were tested, so the test says nothing about the control yet."],
    };
  }
  if (count === 0) {
    return {
      conclusion: "effective",
      classification: "none",
      markers: [],
      deviationRate: 0,
      reasons: [`No deviations were found in ${plural(input.itemsTested, "item")} tested.`],
    };
  }

  // Markers.
  const markers: Marker[] = [];
  const population = input.populationSize ?? input.itemsTested;
  const meaningful = population >= SMALL_POPULATION_LIMIT;
  for (const [cause, n] of repeated(deviations.map((d) => normalise(d.cause)))) {
    markers.push({
      id: "recurring-cause",
      message: `The same cause ("${cause}") recurs in ${n} deviations.`,
    });
  }
  for (const [person, n] of repeated(deviations.map((d) => normalise(d.person)))) {
    markers.push({
      id: "concentrated-person",
      message: `${n} deviations concentrate on one person (${person}).`,
    });
  }
  for (const [subsystem, n] of repeated(deviations.map((d) => normalise(d.subsystem)))) {
    markers.push({
      id: "concentrated-subsystem",
      message: `${n} deviations concentrate in one subsystem (${subsystem}).`,
    });
  }
  if (meaningful && deviationRate > SYSTEMATIC_RATE_THRESHOLD) {
    markers.push({
      id: "rate-above-threshold",
      message: `The deviation rate (${count} of ${input.itemsTested}, ${(deviationRate * 100).toFixed(1)} %) is above 5 % of a population of ${population}.`,
    });
  }
  const length = end - start + 1;
  const halves = new Set(
    deviations.map((d) =>
      2 * (dayNumber(d.date, "A deviation date") - start) < length ? "first" : "second",
    ),
  );
  if (halves.size > 1) {
    markers.push({
      id: "persists-across-period",
      message: "Deviations occur in both halves of the period, so the problem persisted.",
    });
  }
  if (input.designCause === true) {
    markers.push({ id: "design-cause", message: "The cause lies in the design of the control." });
  }

  const classification: DeviationClassification = markers.length > 0 ? "systematic" : "isolated";
  const remediated = deviations.filter((d) => d.remediatedOn !== undefined && d.remediatedOn !== null).length;
  const reasons: string[] = [
    `${plural(count, "deviation")} found in ${plural(input.itemsTested, "item")} tested.`,
  ];
  if (remediated > 0) {
    reasons.push(
      `${remediated} of them ${remediated === 1 ? "was" : "were"} remediated during the period; remediation does not erase a deviation, so all ${count} still count.`,
    );
  }
  const markerReasons = markers.map((m) => m.message);
  const result = (
    conclusion: ControlConclusion,
    extra: readonly string[],
    extendSample?: { suggestedAdditional: number },
  ): ControlTestResult => ({
    conclusion,
    classification,
    markers,
    deviationRate,
    reasons: [...reasons, ...markerReasons, ...extra],
    ...(extendSample === undefined ? {} : { extendSample }),
  });

  if (input.designCause === true) {
    return result("not-effective", [
      "A design deficiency means the control cannot be effective as designed.",
    ]);
  }
  if (input.allowedDeviations !== undefined && count > input.allowedDeviations) {
    const exceeded = `The sampling plan allows ${plural(input.allowedDeviations, "deviation")}; ${count} were found, so the control is not effective on this sample.`;
    if (classification === "systematic") {
      return result("not-effective", [
        exceeded,
        "The deviations are systematic, so extending the sample would not help.",
      ]);
    }
    const additional = suggestExtension(
      input.itemsTested,
      count,
      input.allowedDeviations,
      input.populationSize,
    );
    if (additional === 0)
      return result("not-effective", [exceeded, "No untested items remain to extend the sample."]);
    return result(
      "not-effective",
      [
        exceeded,
        `Unless the auditor extends the sample (about ${additional} more items, with no further deviations) and re-evaluates.`,
      ],
      { suggestedAdditional: additional },
    );
  }
  if (!meaningful) {
    return result("needs-judgement", [
      `The population (${population}) is under ${SMALL_POPULATION_LIMIT}, so the deviations must be judged case by case: for example one late quarterly review can be an exception, while a missing occurrence means the control is not effective.`,
    ]);
  }
  if (classification === "systematic") {
    return result("not-effective", [
      "The deviations are systematic, so the control did not operate effectively.",
    ]);
  }
  const unknown = deviations.filter((d) => normalise(d.cause) === null).length;
  if (unknown > 0) {
    return result("needs-judgement", [
      `The cause of ${plural(unknown, "deviation")} has not been identified; a deviation can be called isolated only once its cause is known.`,
    ]);
  }
  return result("effective-with-exceptions", [
    "The deviations are isolated (identified cause, no recurrence, no concentration): the control is effective and the exceptions are disclosed.",
  ]);
};
