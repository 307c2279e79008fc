/**
 * The default audit program for a scope: which controls are in it, and for each one the test
 * procedures that fit its nature (SOC2.md §3, §4.3), its attributes, a population source suggested
 * from its evidence, and the sample-size rule. Also the evidence requests a line asks the client for.
 * Auditors edit what this proposes; every proposal passes `lineProblems`. Pure.
 */
import {
  type Attribute,
  type EngagementKind,
  numberAttributes,
  type Procedure,
  type ProgramLine,
  ruleFrequencyOf,
  type SampleRule,
  usesPopulation,
} from "./audit-program.js";

export interface ScopeControl {
  readonly id: string;
  readonly code: string;
  readonly title: string;
  readonly criteria: readonly string[];
  readonly frequency: string;
  readonly automation: string;
  readonly evidence: readonly string[];
  readonly attributes: readonly string[];
  readonly status: string;
}

export interface ProgramScope {
  readonly type: EngagementKind;
  /** The criteria in scope, in catalog order. */
  readonly criteria: readonly string[];
}

/** The control's criteria that are in scope, in the scope's order. */
export const criteriaInScopeOf = (scope: ProgramScope, control: Pick<ScopeControl, "criteria">): string[] =>
  scope.criteria.filter((c) => control.criteria.includes(c));

/** Applicable controls addressing at least one criterion in scope, ordered by the first criterion they address. */
export const controlsInScope = <C extends ScopeControl>(scope: ProgramScope, controls: readonly C[]): C[] => {
  const order = new Map(scope.criteria.map((c, i) => [c, i]));
  const first = (c: C) => Math.min(...criteriaInScopeOf(scope, c).map((id) => order.get(id) ?? 0));
  return controls
    .filter((c) => c.status !== "not_applicable" && criteriaInScopeOf(scope, c).length > 0)
    .sort((a, b) => first(a) - first(b) || a.code.localeCompare(b.code));
};

const POPULATION_WORDS =
  /\b(logs?|lists?|exports?|reports?|tickets?|registers?|records?|history|inventory|roster|requests?)\b/i;

/** Evidence that is a set of items (a log, a list of tickets, an export) rather than one document. */
export const isPopulationEvidence = (evidence: string): boolean => POPULATION_WORDS.test(evidence);

/** Where the population of a control comes from, suggested from its evidence list. */
export const suggestPopulationSource = (control: Pick<ScopeControl, "title" | "evidence">): string =>
  control.evidence.find(isPopulationEvidence) ??
  control.evidence[0] ??
  `Every occurrence of "${control.title}" in the period, from the system where it is recorded`;

const isAutomated = (c: Pick<ScopeControl, "automation">) => c.automation === "automated";
const listText = (items: readonly string[], fallback: string) =>
  items.length > 0 ? items.map((e) => e.replace(/\.$/, "")).join("; ") : fallback;

const inquiry = (c: ScopeControl): Procedure => ({
  method: "inquiry",
  description: isAutomated(c)
    ? "Ask the control owner how the automated control is configured, which systems enforce it, and whether its configuration changed during the period."
    : "Ask the control owner how the control is performed, by whom, how often, and how exceptions are followed up.",
});

const designProcedures = (c: ScopeControl): Procedure[] => [
  inquiry(c),
  {
    method: "inspection",
    description: `Inspect the policy, procedure or configuration that defines the control (${listText(c.evidence, "its documentation")}) and judge whether it is suitably designed to meet ${c.criteria.join(", ")}.`,
  },
  isAutomated(c)
    ? {
        method: "observation",
        description:
          "Walk through one instance as of the date: observe the system enforce the control once (for example, attempt the action it should block) to confirm it is implemented. Type 1: design and implementation only, no operating sample.",
      }
    : {
        method: "inspection",
        description:
          "Walk through one instance as of the date: inspect the record of one occurrence to confirm the control is implemented as designed. Type 1: design and implementation only, no operating sample.",
      },
];

const operatingProcedures = (c: ScopeControl, populationSource: string): Procedure[] => {
  if (isAutomated(c)) {
    return [
      inquiry(c),
      {
        method: "inspection",
        description: `Inspect the configuration that enforces the control (${listText(c.evidence, "its settings")}) and its change history over the period, and confirm that change management and logical access over the system (the IT general controls) were effective.`,
      },
      {
        method: "reperformance",
        description:
          "Re-perform one instance for each relevant configuration or scenario (a test of one) and compare the result with the configuration. If the IT general controls were not effective or the configuration changed during the period, sample across the period as for a manual control.",
      },
    ];
  }
  const procedures: Procedure[] = [
    inquiry(c),
    {
      method: "inspection",
      description: `Obtain the population (${populationSource}) with the query or report that produced it, and for each occurrence selected across the period inspect the evidence that the control operated: ${listText(c.evidence, "the record of the occurrence")}.`,
    },
  ];
  if (c.evidence.some(isPopulationEvidence)) {
    procedures.push({
      method: "reperformance",
      description:
        "Where the population is a complete system export, re-perform the attribute checks over every item (a full-population test) instead of, or in addition to, the sample.",
    });
  }
  return procedures;
};

const defaultRule = (type: EngagementKind, c: ScopeControl): SampleRule => {
  if (type === "type1") return { kind: "design" };
  if (isAutomated(c)) return { kind: "test-of-one" };
  return { kind: "frequency", frequency: ruleFrequencyOf(c.frequency), risk: "low" };
};

const defaultAttributes = (c: ScopeControl): Attribute[] =>
  numberAttributes(
    (c.attributes.length > 0 ? c.attributes : [`The control operated as described: ${c.title}`]).map(
      (text) => ({ text }),
    ),
  );

/** The proposed line of one control (criteria narrowed to the scope). */
export const defaultLine = (scope: ProgramScope, control: ScopeControl): ProgramLine => {
  const criteria = criteriaInScopeOf(scope, control);
  const scoped = { ...control, criteria };
  const populationSource = suggestPopulationSource(control);
  return {
    controlId: control.id,
    code: control.code,
    title: control.title,
    criteria,
    frequency: control.frequency,
    automation: control.automation,
    procedures:
      scope.type === "type1" ? designProcedures(scoped) : operatingProcedures(scoped, populationSource),
    attributes: defaultAttributes(control),
    populationSource,
    sampleRule: defaultRule(scope.type, control),
  };
};

/** The proposed program: one line per applicable control that addresses a criterion in scope. */
export const generateProgramLines = (scope: ProgramScope, controls: readonly ScopeControl[]): ProgramLine[] =>
  controlsInScope(scope, controls).map((c) => defaultLine(scope, c));

// ---------------------------------------------------------------------------------------------
// The evidence requests a line asks for

export type RequestKind = "population" | "evidence" | "design";

export interface LineRequest {
  readonly kind: RequestKind;
  readonly what: string;
}

export interface RequestPeriod {
  readonly type: EngagementKind;
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
  readonly asOfDate: string | null;
}

const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0]?.toLowerCase() + s.slice(1) : s);
const stripStop = (s: string) => s.trim().replace(/[.;]+$/, "");

/**
 * The client's requests for one line: the population (for rules that draw from one) and each
 * evidence item of the control; for Type 1 a walkthrough request and the evidence as of the date.
 * The texts are deterministic, so generating twice matches the same requests (dedupe keys).
 */
export const requestsForLine = (
  line: Pick<ProgramLine, "code" | "title" | "populationSource" | "sampleRule">,
  evidence: readonly string[],
  period: RequestPeriod,
): LineRequest[] => {
  const rule = line.sampleRule;
  if (period.type === "type1" || rule.kind === "design") {
    const asOf = period.asOfDate ?? "the report date";
    return [
      {
        kind: "design",
        what: `Walkthrough of ${line.code} ${stripStop(line.title)} as of ${asOf}: the policy, procedure or configuration that defines the control, and the record of one occurrence of it.`,
      },
      ...evidence.map((e) => ({ kind: "evidence" as const, what: `${stripStop(e)} (as of ${asOf}).` })),
    ];
  }
  const span =
    period.periodStart && period.periodEnd ? `${period.periodStart} to ${period.periodEnd}` : "the period";
  const out: LineRequest[] = [];
  if (usesPopulation(rule)) {
    out.push({
      kind: "population",
      what: `Complete list of ${lowerFirst(stripStop(line.populationSource))} for the period ${span}, with the query or report that produced it (${line.code}).`,
    });
  }
  const scope =
    rule.kind === "census"
      ? "for every item of the population"
      : rule.kind === "test-of-one"
        ? "as configured during the period, with its change history"
        : "for each item the auditor selects from the population";
  for (const e of evidence) out.push({ kind: "evidence", what: `${stripStop(e)}, ${scope} (${line.code}).` });
  return out;
};
