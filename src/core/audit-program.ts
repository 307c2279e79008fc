/**
 * The audit program (issue 4 §1): one line per control in scope with its test procedures, the
 * attributes tested on each item, the population source and the sample-size rule. This module holds
 * the shapes and the rules that make a line acceptable (AT-C 205: inquiry alone never suffices),
 * the sample size a rule gives, criteria coverage and its gaps, and the fingerprints used for
 * optimistic concurrency. Default lines are generated in audit-program-defaults.ts. Pure.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError, invalid } from "./errors.js";
import {
  CONTROL_FREQUENCIES,
  type ControlFrequency,
  EVENT_BANDS,
  frequencySampleSize,
  RISK_LEVELS,
  statisticalSampleSize,
} from "./sample-size.js";

export const PROCEDURE_METHODS = ["inquiry", "observation", "inspection", "reperformance"] as const;
export type ProcedureMethod = (typeof PROCEDURE_METHODS)[number];

export const PROCEDURE_LABELS: Record<ProcedureMethod, string> = {
  inquiry: "Inquiry",
  observation: "Observation",
  inspection: "Inspection",
  reperformance: "Re-performance",
};

export const PROGRAM_STATUSES = ["draft", "approved", "superseded"] as const;
export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];

export interface Procedure {
  readonly method: ProcedureMethod;
  readonly description: string;
}

export interface Attribute {
  readonly id: string;
  readonly text: string;
}

const Text = (max: number) => z.string().trim().min(1, "Must not be empty.").max(max);

export const ProcedureSchema = z.object({ method: z.enum(PROCEDURE_METHODS), description: Text(2000) });

export const SampleRuleSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("frequency"),
    frequency: z.enum(CONTROL_FREQUENCIES),
    risk: z.enum(RISK_LEVELS).default("low"),
    priorDeviation: z.boolean().optional(),
  }),
  z.object({ kind: z.literal("test-of-one") }),
  z.object({ kind: z.literal("census") }),
  z.object({
    kind: z.literal("statistical"),
    confidence: z.union([z.literal(90), z.literal(95)]),
    /** Tolerable deviation rate, percent. */
    tolerable: z.number(),
    /** Expected deviation rate, percent. */
    expected: z.number(),
  }),
  z.object({ kind: z.literal("design") }),
]);
export type SampleRule = z.output<typeof SampleRuleSchema>;
export type SampleRuleKind = SampleRule["kind"];

/** The rules that draw items from a population (and so need a population request and source). */
export const usesPopulation = (rule: SampleRule): boolean =>
  rule.kind === "frequency" || rule.kind === "statistical" || rule.kind === "census";

/** One control's line of the program, as stored (ids and timestamps are the caller's). */
export interface ProgramLine {
  readonly controlId: string;
  readonly code: string;
  readonly title: string;
  /** Criteria in scope the control addresses. */
  readonly criteria: readonly string[];
  readonly frequency: string;
  readonly automation: string;
  readonly procedures: readonly Procedure[];
  readonly attributes: readonly Attribute[];
  readonly populationSource: string;
  readonly sampleRule: SampleRule;
}

export type EngagementKind = "type1" | "type2";

// ---------------------------------------------------------------------------------------------
// Sample sizes

export interface LineSampleSize {
  /** Items to test, or null while it depends on a population not yet known. */
  readonly size: number | null;
  readonly text: string;
  readonly testAll: boolean;
}

const EVENT_TEXT = EVENT_BANDS.map((b) =>
  b.base === null ? `all items if ${b.text}` : `${b.base} for ${b.text}`,
).join(", ");

/** The size a rule gives (with a population size when one is known), in the words of sample-size.ts. */
export const sampleSizeFor = (rule: SampleRule, populationSize?: number): LineSampleSize => {
  switch (rule.kind) {
    case "design":
      return {
        size: 1,
        text: "Type 1: tests the design and implementation as of the date with one walkthrough; there is no operating-effectiveness sample.",
        testAll: false,
      };
    case "test-of-one": {
      const r = frequencySampleSize({ frequency: "annual", automated: true, itgcEffective: true });
      return {
        size: r.size,
        text: `${r.rule} If the IT general controls were not effective or the configuration changed during the period, sample it like a manual control instead.`,
        testAll: false,
      };
    }
    case "census":
      return {
        size: populationSize ?? null,
        text: "Every item of the population is tested (a full-population test), so no sample is drawn.",
        testAll: true,
      };
    case "statistical": {
      const r = statisticalSampleSize({
        confidence: rule.confidence,
        tolerableRate: rule.tolerable,
        expectedRate: rule.expected,
      });
      if (populationSize !== undefined && populationSize <= r.size) {
        return {
          size: populationSize,
          text: `${r.rule} The population of ${populationSize} is no larger than that, so every item is tested.`,
          testAll: true,
        };
      }
      return { size: r.size, text: r.rule, testAll: false };
    }
    case "frequency": {
      const base = {
        frequency: rule.frequency,
        risk: rule.risk,
        priorDeviation: rule.priorDeviation ?? false,
      };
      if (rule.frequency === "event" && populationSize === undefined) {
        const raised = rule.risk === "high" || rule.priorDeviation === true;
        return {
          size: null,
          text: `An event-driven control's sample depends on its population: ${EVENT_TEXT}${raised ? ", moved up to the next larger size because of the higher risk or prior deviation" : ""}. The size is fixed once the population is imported.`,
          testAll: false,
        };
      }
      const r = frequencySampleSize(
        populationSize === undefined ? base : { ...base, populationSize: populationSize },
      );
      return { size: r.size, text: r.rule, testAll: r.testAll };
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Validation

export const INQUIRY_ALONE_MESSAGE =
  "Inquiry alone is never sufficient (AT-C 205): asking the control owner tells the auditor where to look but proves nothing by itself. Add at least one inspection, observation or re-performance procedure.";

const ATTRIBUTE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/;

/** Gives attributes without an id the next free A1, A2, …; keeps the ids given. */
export const numberAttributes = (list: readonly { id?: string | undefined; text: string }[]): Attribute[] => {
  const taken = new Set(list.map((a) => a.id).filter((id): id is string => Boolean(id)));
  let n = 0;
  return list.map((a) => {
    if (a.id) return { id: a.id, text: a.text };
    do n += 1;
    while (taken.has(`A${n}`));
    taken.add(`A${n}`);
    return { id: `A${n}`, text: a.text };
  });
};

/** Every reason the line cannot stand; an empty list means it is acceptable. */
export const lineProblems = (
  line: Pick<ProgramLine, "procedures" | "attributes" | "populationSource" | "sampleRule">,
  type: EngagementKind,
): string[] => {
  const problems: string[] = [];
  if (line.procedures.length === 0) {
    problems.push("procedures: add at least one procedure, and never inquiry alone.");
  } else if (line.procedures.every((p) => p.method === "inquiry")) {
    problems.push(`procedures: ${INQUIRY_ALONE_MESSAGE}`);
  }
  for (const [i, p] of line.procedures.entries()) {
    if (!(PROCEDURE_METHODS as readonly string[]).includes(p.method)) {
      problems.push(`procedures.${i}.method: use one of ${PROCEDURE_METHODS.join(", ")}.`);
    }
    if (p.description.trim() === "") problems.push(`procedures.${i}.description: describe the procedure.`);
  }
  if (line.attributes.length === 0) {
    problems.push("attributes: list at least one attribute to test on each item.");
  }
  const seen = new Set<string>();
  for (const [i, a] of line.attributes.entries()) {
    if (!ATTRIBUTE_ID.test(a.id)) {
      problems.push(`attributes.${i}.id: use a short id such as A1 (letters, digits, . _ -).`);
    } else if (seen.has(a.id)) {
      problems.push(`attributes.${i}.id: ${a.id} is used twice; each attribute needs its own id.`);
    }
    seen.add(a.id);
    if (a.text.trim() === "") problems.push(`attributes.${i}.text: say what is checked.`);
  }
  const rule = line.sampleRule;
  if (type === "type1" && rule.kind !== "design") {
    problems.push(
      "sampleRule: a Type 1 examination tests design and implementation as of a date, so the rule is design (one walkthrough), not an operating sample.",
    );
  }
  if (type === "type2" && rule.kind === "design") {
    problems.push(
      "sampleRule: a Type 2 examination tests operating effectiveness over the period; choose a frequency, statistical, census or test-of-one rule.",
    );
  }
  if (rule.kind === "statistical") {
    try {
      statisticalSampleSize({
        confidence: rule.confidence,
        tolerableRate: rule.tolerable,
        expectedRate: rule.expected,
      });
    } catch (error) {
      problems.push(`sampleRule: ${error instanceof AppError ? error.message : String(error)}`);
    }
  }
  if (usesPopulation(rule) && line.populationSource.trim() === "") {
    problems.push(
      "populationSource: name the system, report or query the population comes from; the rule draws items from it.",
    );
  }
  return problems;
};

/** Throws VALIDATION listing every problem of the line. */
export const assertLineValid = (
  line: Pick<ProgramLine, "procedures" | "attributes" | "populationSource" | "sampleRule">,
  type: EngagementKind,
): void => {
  const problems = lineProblems(line, type);
  if (problems.length > 0) throw invalid(problems.join(" "), { errors: problems });
};

// ---------------------------------------------------------------------------------------------
// Coverage

export type CriterionCoverageStatus = "covered" | "gap" | "not-relevant";

export interface ProgramCoverage {
  readonly criteria: readonly { criterionId: string; lines: string[]; status: CriterionCoverageStatus }[];
  readonly gaps: readonly string[];
  readonly notRelevant: readonly string[];
}

/**
 * Each criterion in scope with the program lines (control codes) that address it. A criterion with
 * no line is a gap unless management's system description declares it not relevant to the system
 * with a reason (DC 200 DC8); then it needs no control, and the auditor sees it listed as such.
 */
export const programCoverage = (
  criteriaInScope: readonly string[],
  lines: readonly Pick<ProgramLine, "code" | "criteria">[],
  notRelevant: readonly string[] = [],
): ProgramCoverage => {
  const declared = new Set(notRelevant);
  const rows = criteriaInScope.map((criterionId) => {
    const codes = lines.filter((l) => l.criteria.includes(criterionId)).map((l) => l.code);
    const status: CriterionCoverageStatus =
      codes.length > 0 ? "covered" : declared.has(criterionId) ? "not-relevant" : "gap";
    return { criterionId, lines: codes, status };
  });
  return {
    criteria: rows,
    gaps: rows.filter((r) => r.status === "gap").map((r) => r.criterionId),
    notRelevant: rows.filter((r) => r.status === "not-relevant").map((r) => r.criterionId),
  };
};

/** Why a draft cannot be approved yet (an empty list means it can). */
export const approvalProblems = (
  lines: readonly ProgramLine[],
  coverage: ProgramCoverage,
  type: EngagementKind,
): string[] => {
  const problems: string[] = [];
  if (lines.length === 0) problems.push("The program has no lines; add the controls in scope first.");
  if (coverage.gaps.length > 0) {
    problems.push(
      `${coverage.gaps.length === 1 ? "Criterion" : "Criteria"} ${coverage.gaps.join(", ")} in scope ${coverage.gaps.length === 1 ? "has" : "have"} no control in the program. Add a line for a control that addresses ${coverage.gaps.length === 1 ? "it" : "them"}, or have management declare ${coverage.gaps.length === 1 ? "it" : "them"} not relevant with a reason in the system description (DC8).`,
    );
  }
  for (const line of lines) {
    const p = lineProblems(line, type);
    if (p.length > 0) problems.push(`${line.code}: ${p.join(" ")}`);
  }
  return problems;
};

// ---------------------------------------------------------------------------------------------
// Fingerprints (optimistic concurrency that does not depend on the clock)

const digest = (value: unknown): string =>
  createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 20);

/** Changes whenever anything editable on the line changes. */
export const lineEtag = (
  line: Pick<ProgramLine, "procedures" | "attributes" | "populationSource" | "sampleRule">,
): string => digest([line.procedures, line.attributes, line.populationSource, line.sampleRule]);

/** Changes whenever the version's status or any of its lines (added, removed or edited) changes. */
export const programEtag = (
  program: { version: number; status: string },
  lines: readonly (Pick<ProgramLine, "controlId"> & Parameters<typeof lineEtag>[0])[],
): string => digest([program.version, program.status, lines.map((l) => [l.controlId, lineEtag(l)])]);

/** The sample-rule frequency for a control's frequency: continuous manual work is sampled as several-a-day. */
export const ruleFrequencyOf = (frequency: string): ControlFrequency => {
  if (frequency === "continuous") return "multiple-daily";
  return (CONTROL_FREQUENCIES as readonly string[]).includes(frequency)
    ? (frequency as ControlFrequency)
    : "event";
};
