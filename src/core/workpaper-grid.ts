/**
 * The grid of a workpaper (items × attributes) and what it says: counts per attribute, the
 * conclusion the results point to (through evaluateControlTest in deviations.ts) and the recorded
 * conclusions that contradict them. Pure: no I/O, no clock, no randomness.
 */
import {
  type ControlConclusion,
  type ControlTestResult,
  type Deviation,
  evaluateControlTest,
  type MarkerId,
} from "./deviations.js";
import { isAppError } from "./errors.js";
import type { Classification, ResultValue, WorkpaperConclusion } from "./workpaper.js";

// ----- the grid -----

export interface GridItem {
  readonly key: string;
  /** YYYY-MM-DD when the item is dated (sample rows), null otherwise. */
  readonly date: string | null;
}

export interface GridCell {
  readonly itemKey: string;
  readonly attributeId: string;
  readonly result: ResultValue;
}

export interface AttributeTally {
  readonly attributeId: string;
  /** Items with pass or fail for this attribute (n/a is not tested). */
  readonly tested: number;
  readonly deviations: number;
  readonly failingItems: readonly string[];
}

export interface GridTally {
  readonly perAttribute: readonly AttributeTally[];
  readonly missingCells: number;
  /** Items with at least one pass or fail. */
  readonly itemsTested: number;
  /** Items with at least one fail, in item order. */
  readonly failingItems: readonly string[];
}

/** Counts the grid. Cells for unknown items or attributes are ignored (they are not part of it). */
export const tallyGrid = (
  items: readonly GridItem[],
  attributeIds: readonly string[],
  cells: readonly GridCell[],
): GridTally => {
  const byCell = new Map(cells.map((c) => [`${c.itemKey}\u0000${c.attributeId}`, c.result]));
  const tested = new Set<string>();
  const failing = new Set<string>();
  let missingCells = 0;
  const perAttribute = attributeIds.map((attributeId) => {
    let testedHere = 0;
    const failingItems: string[] = [];
    for (const item of items) {
      const result = byCell.get(`${item.key}\u0000${attributeId}`);
      if (result === undefined) missingCells += 1;
      if (result === "pass" || result === "fail") {
        testedHere += 1;
        tested.add(item.key);
      }
      if (result === "fail") {
        failingItems.push(item.key);
        failing.add(item.key);
      }
    }
    return { attributeId, tested: testedHere, deviations: failingItems.length, failingItems };
  });
  return {
    perAttribute,
    missingCells,
    itemsTested: tested.size,
    failingItems: items.filter((i) => failing.has(i.key)).map((i) => i.key),
  };
};

// ----- the suggested conclusion -----

export interface ExceptionFacts {
  readonly ref: string;
  readonly attributeId: string | null;
  readonly kind: string;
  readonly classification: Classification;
  readonly cause: string;
  readonly deviations: number;
}

export interface SuggestionInput {
  readonly items: readonly GridItem[];
  readonly attributeIds: readonly string[];
  readonly cells: readonly GridCell[];
  /** The population the items were drawn from; null when unknown (design, test of one). */
  readonly populationSize: number | null;
  /** The engagement's period (a Type 1 as-of date is a one-day period); null when not set. */
  readonly period: { readonly start: string; readonly end: string } | null;
  /** A full-population test replaces the single "population" item's counts. */
  readonly populationTest?: { readonly rowsTested: number; readonly rowsFailing: number };
  readonly exceptions: readonly ExceptionFacts[];
  readonly allowedDeviations?: number;
}

export interface ConclusionSuggestion {
  /** null when the auditor must judge (the core's "needs-judgement"). */
  readonly conclusion: WorkpaperConclusion | null;
  readonly evaluation: ControlConclusion | null;
  readonly markers: readonly { readonly id: MarkerId; readonly message: string }[];
  readonly reasons: readonly string[];
  readonly deviationRate: number;
  readonly extendSample?: { readonly suggestedAdditional: number };
}

export const workpaperConclusionOf = (c: ControlConclusion): WorkpaperConclusion | null =>
  c === "not-effective" ? "ineffective" : c === "needs-judgement" ? null : c;

/** The conclusion as the opinion advice reads it; a control without one still needs judgement. */
export const controlConclusionOf = (c: WorkpaperConclusion | null): ControlConclusion =>
  c === null ? "needs-judgement" : c === "ineffective" ? "not-effective" : c;

const isDesignDeficiency = (e: ExceptionFacts) => e.kind === "design-deficiency";

const deviationsOf = (
  input: SuggestionInput,
  period: { start: string; end: string },
): { deviations: Deviation[]; itemsTested: number; undated: number } => {
  const causeOf = new Map<string, string>();
  for (const e of input.exceptions) {
    if (e.attributeId !== null && e.cause.trim() !== "" && !causeOf.has(e.attributeId)) {
      causeOf.set(e.attributeId, e.cause);
    }
  }
  if (input.populationTest) {
    const tally = tallyGrid(input.items, input.attributeIds, input.cells);
    const failed = tally.failingItems.length > 0;
    const count = failed ? Math.max(1, input.populationTest.rowsFailing) : 0;
    const tested = Math.max(input.populationTest.rowsTested, count);
    const failedAttribute = tally.perAttribute.find((a) => a.deviations > 0)?.attributeId;
    const cause = failedAttribute === undefined ? null : (causeOf.get(failedAttribute) ?? null);
    const deviations = Array.from({ length: count }, (_, i) => ({
      itemId: `row-${i + 1}`,
      date: period.start,
      cause,
    }));
    return { deviations, itemsTested: tally.itemsTested === 0 ? 0 : tested, undated: count };
  }
  const tally = tallyGrid(input.items, input.attributeIds, input.cells);
  const dateOf = new Map(input.items.map((i) => [i.key, i.date]));
  const failingAttributes = new Map<string, string[]>();
  for (const a of tally.perAttribute) {
    for (const key of a.failingItems)
      failingAttributes.set(key, [...(failingAttributes.get(key) ?? []), a.attributeId]);
  }
  const raw = tally.failingItems.map((key) => {
    const date = dateOf.get(key) ?? null;
    const attrs = failingAttributes.get(key) ?? [];
    const cause = attrs.map((a) => causeOf.get(a)).find((c) => c !== undefined) ?? null;
    return { itemId: key, date, cause };
  });
  const inPeriod = (d: string | null) => d !== null && d >= period.start && d <= period.end;
  const undated = raw.filter((d) => !inPeriod(d.date)).length;
  // Without every date the spread over the period cannot be judged: put all at the start so that
  // "persists across the period" is neither invented nor denied, and say so in the reasons.
  const deviations = raw.map((d) => ({ ...d, date: undated > 0 ? period.start : (d.date ?? period.start) }));
  return { deviations, itemsTested: tally.itemsTested, undated };
};

/**
 * The conclusion the results point to, through evaluateControlTest. A systematic classification by
 * the auditor (who may know of a concentration the grid cannot show) makes the control ineffective;
 * a design-deficiency exception means the cause lies in the design.
 */
export const suggestConclusion = (input: SuggestionInput): ConclusionSuggestion => {
  if (input.period === null) {
    return {
      conclusion: null,
      evaluation: null,
      markers: [],
      reasons: ["The engagement has no valid period or as-of date, so the results cannot be evaluated yet."],
      deviationRate: 0,
    };
  }
  const { deviations, itemsTested, undated } = deviationsOf(input, input.period);
  const populationSize =
    input.populationTest !== undefined
      ? input.populationTest.rowsTested
      : input.populationSize !== null && input.populationSize >= itemsTested
        ? input.populationSize
        : null;
  let result: ControlTestResult;
  try {
    result = evaluateControlTest({
      itemsTested,
      populationSize: populationSize === 0 && itemsTested > 0 ? null : populationSize,
      deviations,
      designCause: input.exceptions.some(isDesignDeficiency),
      period: input.period,
      ...(input.allowedDeviations === undefined ? {} : { allowedDeviations: input.allowedDeviations }),
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { conclusion: null, evaluation: null, markers: [], reasons: [error.message], deviationRate: 0 };
  }
  const reasons = [...result.reasons];
  if (undated > 0) {
    reasons.push(
      `${undated} failing ${undated === 1 ? "item has" : "items have"} no date inside the period, so whether the deviations persisted across the period was not judged.`,
    );
  }
  let evaluation = result.conclusion;
  const systematic = input.exceptions.filter((e) => e.classification === "systematic");
  if (systematic.length > 0 && evaluation !== "not-effective" && evaluation !== "not-occurred") {
    evaluation = "not-effective";
    reasons.push(
      `The auditor classified ${systematic.map((e) => e.ref).join(", ")} as systematic, so the control did not operate effectively.`,
    );
  }
  return {
    conclusion: workpaperConclusionOf(evaluation),
    evaluation,
    markers: result.markers,
    reasons,
    deviationRate: result.deviationRate,
    ...(result.extendSample ? { extendSample: result.extendSample } : {}),
  };
};

// ----- contradictions -----

export interface ConclusionFacts {
  readonly itemsTested: number;
  readonly populationSize: number | null;
  /** The workpaper's active (not void) exceptions. */
  readonly exceptions: readonly ExceptionFacts[];
}

/**
 * Why a conclusion contradicts the results, as messages (empty when it does not). "ineffective" is
 * never refused: the auditor may find a control ineffective for reasons the grid cannot show.
 */
export const conclusionProblems = (conclusion: WorkpaperConclusion, f: ConclusionFacts): string[] => {
  const refs = (list: readonly ExceptionFacts[]) => list.map((e) => e.ref).join(", ");
  const problems: string[] = [];
  if (conclusion === "not-occurred") {
    if (f.itemsTested > 0) {
      problems.push(
        `"Not occurred" means the control had nothing to act on, but ${f.itemsTested} ${f.itemsTested === 1 ? "item was" : "items were"} tested.`,
      );
    }
    if (f.populationSize !== null && f.populationSize > 0) {
      problems.push(`"Not occurred" needs an empty population; this one holds ${f.populationSize} items.`);
    }
  }
  if (conclusion === "effective") {
    if (f.exceptions.length > 0) {
      problems.push(
        `"Effective" cannot stand with ${refs(f.exceptions)} recorded; conclude "effective with exceptions" (isolated) or "ineffective".`,
      );
    }
    if (f.itemsTested === 0) {
      problems.push('"Effective" needs at least one item tested; an empty test proves nothing.');
    }
  }
  if (conclusion === "effective-with-exceptions") {
    const systematic = f.exceptions.filter((e) => e.classification === "systematic");
    const design = f.exceptions.filter(isDesignDeficiency);
    if (f.exceptions.length === 0) {
      problems.push('There is no exception to disclose; conclude "effective" instead.');
    }
    if (systematic.length > 0) {
      problems.push(
        `${refs(systematic)} ${systematic.length === 1 ? "is" : "are"} systematic, which makes the control ineffective.`,
      );
    }
    if (design.length > 0) {
      problems.push(
        `${refs(design)} ${design.length === 1 ? "is a design deficiency" : "are design deficiencies"}: a control that is not suitably designed cannot be effective.`,
      );
    }
  }
  return problems;
};
