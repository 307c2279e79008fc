/**
 * The audit program as an OSCAL assessment plan (one task per program line with its procedures,
 * attributes, population and sample rule) and the fieldwork as assessment results (one observation per
 * workpaper with its results and conclusion, one finding per deviation).
 */
import {
  controlIdOf,
  type DocumentInfo,
  dateTime,
  endOfDay,
  line,
  metadataOf,
  nonEmpty,
  prop,
  props,
  prune,
  text,
  uuidsFor,
} from "./common.js";

export interface ProgramLineInput {
  readonly controlId: string;
  readonly code: string;
  readonly title: string;
  readonly criteria: readonly string[];
  readonly frequency: string;
  readonly automation: string;
  readonly procedures: readonly { method: string; description: string }[];
  readonly attributes: readonly { id: string; text: string }[];
  readonly populationSource: string;
  /** The sample rule in words. */
  readonly sampleRule: string;
}

export interface AssessmentPlanInput {
  readonly document: DocumentInfo;
  readonly sspHref: string;
  readonly engagementKey: string;
  /** YYYY-MM-DD; for a Type 1 both are the as-of date. */
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly programVersion: number | null;
  readonly programStatus: string | null;
  readonly criterionIds: readonly string[];
  readonly lines: readonly ProgramLineInput[];
}

const selectionOf = (criterionIds: readonly string[]) => ({
  "control-selections": [
    criterionIds.length > 0
      ? { "include-controls": criterionIds.map((id) => ({ "control-id": controlIdOf(id) })) }
      : { "include-all": {} },
  ],
});

const taskDescription = (l: ProgramLineInput): string => {
  const parts = [
    ...l.procedures.map((p) => `- ${p.method}: ${line(p.description, "")}`),
    ...(l.attributes.length > 0
      ? ["", "Attributes tested on each item:", ...l.attributes.map((a) => `- ${a.id}: ${line(a.text, "")}`)]
      : []),
    ...(l.populationSource.trim() ? ["", `Population: ${line(l.populationSource, "")}`] : []),
    ...(l.sampleRule.trim() ? [`Sample: ${line(l.sampleRule, "")}`] : []),
  ];
  return text(parts.join("\n"), `Test ${l.code}.`);
};

export const buildAssessmentPlan = (input: AssessmentPlanInput) => {
  const uuid = uuidsFor(`fieldwork/assessment-plan/${input.engagementKey}`);
  return prune({
    "assessment-plan": {
      uuid: uuid("plan", String(input.programVersion ?? 0)),
      metadata: metadataOf(input.document, uuid),
      "import-ssp": { href: input.sspHref },
      "terms-and-conditions": {
        parts: [
          {
            name: "assessment-period",
            ns: "https://fieldwork.dev/ns/oscal",
            title: "Period under examination",
            prose: `${input.periodStart} to ${input.periodEnd}`,
          },
        ],
      },
      "reviewed-controls": {
        ...selectionOf(input.criterionIds),
        props: props(
          prop("program-version", input.programVersion),
          prop("program-status", input.programStatus),
        ),
      },
      "assessment-subjects": [{ type: "component", "include-all": {} }],
      tasks: nonEmpty(
        input.lines.map((l) => ({
          uuid: uuid("task", l.controlId),
          type: "action",
          title: line(`Test ${l.code}: ${l.title}`, l.code),
          description: taskDescription(l),
          props: props(
            { name: "label", value: line(l.code, "control") },
            prop("criteria", l.criteria.join(" ")),
            prop("frequency", l.frequency),
            prop("automation", l.automation),
          ),
          timing: {
            "within-date-range": { start: dateTime(input.periodStart), end: endOfDay(input.periodEnd) },
          },
        })),
      ),
    },
  });
};

export interface WorkpaperResultInput {
  readonly workpaperId: string;
  readonly controlId: string;
  readonly code: string;
  readonly title: string;
  readonly criteria: readonly string[];
  readonly methods: readonly string[];
  readonly status: string;
  readonly conclusion: string | null;
  readonly conclusionNote: string;
  readonly items: number;
  readonly pass: number;
  readonly fail: number;
  readonly na: number;
  /** When the results were last recorded or signed off (ISO). */
  readonly collected: string;
}

export interface DeviationInput {
  readonly exceptionId: string;
  readonly ref: string;
  readonly workpaperId: string;
  readonly controlCode: string;
  readonly criteria: readonly string[];
  readonly kind: string;
  readonly description: string;
  readonly deviations: number;
  readonly tested: number;
  readonly classification: string;
  readonly status: string;
}

export interface AssessmentResultsInput {
  readonly document: DocumentInfo;
  readonly planHref: string;
  readonly engagementKey: string;
  readonly title: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly criterionIds: readonly string[];
  readonly workpapers: readonly WorkpaperResultInput[];
  readonly deviations: readonly DeviationInput[];
}

const OSCAL_METHODS: Readonly<Record<string, string>> = {
  inquiry: "INTERVIEW",
  observation: "EXAMINE",
  inspection: "EXAMINE",
  reperformance: "TEST",
};

const methodsOf = (methods: readonly string[]): string[] => {
  const mapped = [...new Set(methods.map((m) => OSCAL_METHODS[m] ?? "UNKNOWN"))];
  return mapped.length > 0 ? mapped : ["UNKNOWN"];
};

export const buildAssessmentResults = (input: AssessmentResultsInput) => {
  const uuid = uuidsFor(`fieldwork/assessment-results/${input.engagementKey}`);
  const observations = input.workpapers.map((w) => ({
    uuid: uuid("observation", w.workpaperId),
    title: line(`Testing of ${w.code}: ${w.title}`, w.code),
    description: text(
      [
        `${w.items} item(s) tested: ${w.pass} passed, ${w.fail} failed, ${w.na} not applicable.`,
        w.conclusion ? `Conclusion: ${w.conclusion}.` : "No conclusion recorded yet.",
        w.conclusionNote.trim(),
      ]
        .filter(Boolean)
        .join(" "),
      "Testing recorded.",
    ),
    props: props(
      { name: "label", value: line(w.code, "control") },
      prop("criteria", w.criteria.join(" ")),
      prop("workpaper-status", w.status),
      prop("conclusion", w.conclusion),
    ),
    methods: methodsOf(w.methods),
    types: ["control-objective"],
    collected: dateTime(w.collected),
  }));
  const observationOf = new Map(
    input.workpapers.map((w) => [w.workpaperId, uuid("observation", w.workpaperId)]),
  );
  const findings = input.deviations.map((x) => {
    const related = observationOf.get(x.workpaperId);
    return {
      uuid: uuid("finding", x.exceptionId),
      title: line(`${x.ref}: deviation in ${x.controlCode}`, x.ref),
      description: text(x.description, `${x.deviations} deviation(s) in ${x.tested} item(s) tested.`),
      props: props(
        { name: "label", value: line(x.ref, "exception") },
        prop("kind", x.kind),
        prop("classification", x.classification),
        prop("exception-status", x.status),
        prop("deviations", x.deviations),
        prop("tested", x.tested),
      ),
      target: {
        type: "objective-id",
        "target-id": controlIdOf(x.criteria[0] ?? x.controlCode.replace(/[^A-Za-z0-9.\-_]/g, "-")),
        description: `${x.controlCode} addresses ${x.criteria.join(", ") || "no criterion in scope"}.`,
        status: { state: "not-satisfied", reason: "fail" },
      },
      "related-observations": related ? [{ "observation-uuid": related }] : undefined,
    };
  });
  return prune({
    "assessment-results": {
      uuid: uuid("results"),
      metadata: metadataOf(input.document, uuid),
      "import-ap": { href: input.planHref },
      results: [
        {
          uuid: uuid("result"),
          title: line(input.title, "Results of testing"),
          description: text(
            `Tests of the controls for ${input.periodStart} to ${input.periodEnd}: ${input.workpapers.length} workpaper(s), ${input.deviations.length} exception(s).`,
            "Results of testing.",
          ),
          start: dateTime(input.periodStart),
          end: endOfDay(input.periodEnd),
          "reviewed-controls": selectionOf(input.criterionIds),
          observations: nonEmpty(observations),
          findings: nonEmpty(findings),
        },
      ],
    },
  });
};
