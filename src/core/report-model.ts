/**
 * The SOC 2 report model (SOC2.md §2): from a plain snapshot of the engagement to an ordered list of
 * sections I–V that a renderer lays out without further decisions. Pure: the report date in the input
 * stands in for the clock. Management owns the control descriptions (and Section V); the auditor owns
 * the tests, results and deviations in Section IV.
 */
import { CATEGORY_NAMES, type CategoryCode } from "./criteria.js";
import { invalid } from "./errors.js";
import { descriptionBlocks } from "./report-description.js";
import type {
  ControlTestRow,
  ReportBlock,
  ReportControl,
  ReportDeviation,
  ReportInput,
  ReportModel,
  ReportSection,
  ReportTest,
} from "./report-types.js";
import { formatReportDate, sectionOneBlocks, sectionTwoBlocks, timeFrame } from "./report-wording.js";

export type * from "./report-types.js";
export { formatReportDate, timeFrame } from "./report-wording.js";

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const METHOD_LABELS: Readonly<Record<ReportTest["method"], string>> = {
  inquiry: "Inquiry",
  inspection: "Inspection",
  observation: "Observation",
  reperformance: "Re-performance",
};

/** What a draft says for a control whose testing is not finished at the draft's date. */
export const TESTING_NOT_COMPLETED = "Testing not completed at the date of this draft.";

const needDate = (value: string | undefined, what: string): string => {
  if (!value || !DATE.test(value)) throw invalid(`${what} must be a date (YYYY-MM-DD).`);
  return value;
};

const validateTests = (input: ReportInput, c: ReportControl, refs: Set<string>): void => {
  const type2 = input.engagement.type === "type2";
  if (!type2 && ((c.tests?.length ?? 0) > 0 || (c.deviations?.length ?? 0) > 0)) {
    throw invalid(
      `Control ${c.code} has tests, but a Type 1 report covers design only: remove the tests or make the engagement Type 2.`,
    );
  }
  if (!type2) return;
  if (c.testingNotCompleted) {
    if (!input.report.draft) {
      throw invalid(
        `Control ${c.code}: testing is not completed; only a draft report may show a control whose testing is not completed.`,
      );
    }
    if ((c.tests?.length ?? 0) > 0 || (c.deviations?.length ?? 0) > 0) {
      throw invalid(`Control ${c.code} has tests, so its testing cannot be marked not completed.`);
    }
    return;
  }
  if (!c.tests || c.tests.length === 0) {
    throw invalid(
      `Control ${c.code} has no tests; every control in a Type 2 report needs its tests and results.`,
    );
  }
  const own = new Set<string>();
  for (const d of c.deviations ?? []) {
    if (refs.has(d.ref))
      throw invalid(`Deviation reference ${d.ref} is used twice; references must be unique.`);
    if (
      !Number.isInteger(d.deviations) ||
      !Number.isInteger(d.tested) ||
      d.deviations < 1 ||
      d.tested < d.deviations
    ) {
      throw invalid(
        `Deviation ${d.ref}: the count must be n of m with 1 ≤ n ≤ m (got ${d.deviations} of ${d.tested}).`,
      );
    }
    refs.add(d.ref);
    own.add(d.ref);
  }
  const cited = new Set<string>();
  for (const t of c.tests) {
    for (const ref of t.deviationRefs ?? []) {
      if (!own.has(ref))
        throw invalid(`A test of ${c.code} cites deviation ${ref}, which is not recorded for ${c.code}.`);
      cited.add(ref);
    }
    if (typeof t.sampleSize === "number" && t.populationSize !== null && t.sampleSize > t.populationSize) {
      throw invalid(
        `A test of ${c.code} samples ${t.sampleSize} items from a population of ${t.populationSize}.`,
      );
    }
  }
  for (const ref of own) {
    if (!cited.has(ref))
      throw invalid(
        `Deviation ${ref} of ${c.code} is not linked to any test; link it to the test that found it.`,
      );
  }
};

const validate = (input: ReportInput): void => {
  const e = input.engagement;
  needDate(input.report.date, "The report date");
  if (e.type === "type1") {
    needDate(e.asOfDate, "A Type 1 report's as-of date");
  } else {
    const start = needDate(e.periodStart, "A Type 2 report's period start");
    const end = needDate(e.periodEnd, "A Type 2 report's period end");
    if (end <= start) throw invalid("The period must end after it starts.");
    // A draft may be issued for management's review while the period is still running.
    if (!input.report.draft && input.report.date < end)
      throw invalid("A Type 2 report cannot be dated before its period ends.");
  }
  if (!e.categories.includes("CC")) throw invalid("Security (the common criteria) is always in scope.");
  if (input.opinion.kind !== "unmodified" && !input.opinion.basis?.trim()) {
    throw invalid(`A ${input.opinion.kind} opinion needs its basis paragraph: say what led to it.`);
  }
  if (input.opinion.kind === "unmodified" && input.opinion.basis?.trim()) {
    throw invalid("An unmodified opinion has no basis paragraph; remove the basis or modify the opinion.");
  }
  if (!input.firm.partner.licenceNumber.trim()) throw invalid("The signing partner needs a licence number.");
  const inScope = new Set(input.criteria.map((c) => c.id));
  const codes = new Set<string>();
  const refs = new Set<string>();
  for (const c of input.controls) {
    if (codes.has(c.code)) throw invalid(`Control ${c.code} appears twice.`);
    codes.add(c.code);
    const outside = c.criteria.filter((id) => !inScope.has(id));
    if (outside.length > 0)
      throw invalid(`Control ${c.code} maps to ${outside.join(", ")}, which is not in scope.`);
    validateTests(input, c, refs);
  }
  for (const r of input.managementResponses) {
    if (!refs.has(r.deviationRef))
      throw invalid(`Management responds to ${r.deviationRef}, which is not a recorded deviation.`);
  }
};

/** 1200 → "1,200", without depending on the machine's locale data. */
const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

const testedText = (t: ReportTest): string => {
  if (t.sampleSize === "entire-population") {
    return t.populationSize === null
      ? "Entire population"
      : `Entire population (${grouped(t.populationSize)})`;
  }
  if (t.sampleSize === null) return "Not applicable";
  return t.populationSize === null
    ? `${t.sampleSize} items`
    : `${grouped(t.sampleSize)} of ${grouped(t.populationSize)}`;
};

const resultText = (t: ReportTest, byRef: ReadonlyMap<string, ReportDeviation>): string => {
  const refs = t.deviationRefs ?? [];
  if (refs.length === 0) return "No exceptions noted.";
  return refs
    .map((ref) => {
      const d = byRef.get(ref);
      return d ? `Exception ${ref}: ${d.deviations} of ${d.tested} items deviated. See below.` : ref;
    })
    .join(" ");
};

const controlBlock = (c: ReportControl, type2: boolean): ReportBlock => {
  if (!type2) {
    return {
      kind: "control",
      code: c.code,
      title: c.title,
      description: c.description,
      criteria: c.criteria,
    };
  }
  if (c.testingNotCompleted) {
    return {
      kind: "control",
      code: c.code,
      title: c.title,
      description: c.description,
      criteria: c.criteria,
      tests: [{ method: "", procedure: "", tested: "", result: TESTING_NOT_COMPLETED }],
      deviations: [],
    };
  }
  const byRef = new Map((c.deviations ?? []).map((d) => [d.ref, d]));
  const tests: ControlTestRow[] = (c.tests ?? []).map((t) => ({
    method: METHOD_LABELS[t.method],
    procedure: t.procedure,
    tested: testedText(t),
    result: resultText(t, byRef),
  }));
  const deviations = (c.deviations ?? []).map(
    (d) => `${d.ref} (${d.classification}; ${d.deviations} of ${d.tested} items): ${d.description}`,
  );
  return {
    kind: "control",
    code: c.code,
    title: c.title,
    description: c.description,
    criteria: c.criteria,
    tests,
    deviations,
  };
};

const sectionFourBlocks = (input: ReportInput): ReportBlock[] => {
  const type2 = input.engagement.type === "type2";
  const byCriterion = new Map<string, string[]>();
  for (const c of input.controls) {
    for (const id of c.criteria) byCriterion.set(id, [...(byCriterion.get(id) ?? []), c.code]);
  }
  const blocks: ReportBlock[] = [
    {
      kind: "paragraph",
      text: `The control descriptions below are ${input.organization.name}'s. ${type2 ? `The tests of controls, their results and the deviations are ${input.firm.name}'s. Where a test was performed on a sample, the items tested are shown as n of the population.` : "A Type 1 report covers the design of controls only; no tests of operating effectiveness were performed."}`,
    },
    { kind: "heading", text: "Criteria and the controls that address them" },
    {
      kind: "table",
      columns: [
        { header: "Criterion", width: 1 },
        { header: "Title (our short form)", width: 4 },
        { header: "Controls", width: 3 },
      ],
      rows: input.criteria.map((c) => [
        c.id,
        c.title,
        (byCriterion.get(c.id) ?? []).join(", ") || "None (see DC8)",
      ]),
    },
    { kind: "heading", text: type2 ? "Controls, tests of controls and results" : "Controls" },
    ...input.controls.map((c) => controlBlock(c, type2)),
  ];
  return blocks;
};

const sectionFiveBlocks = (input: ReportInput): ReportBlock[] => {
  const blocks: ReportBlock[] = [
    {
      kind: "paragraph",
      text: `The information in this section is presented by ${input.organization.name}'s management to give further context. It is not part of the description of the system, ${input.firm.name} did not examine it, and the opinion in Section I does not cover it.`,
      emphasis: true,
    },
  ];
  if (input.managementResponses.length > 0) {
    blocks.push(
      { kind: "heading", text: "Management's responses to exceptions" },
      {
        kind: "table",
        columns: [
          { header: "Exception", width: 1 },
          { header: "Management's response", width: 5 },
        ],
        rows: input.managementResponses.map((r) => [
          r.deviationRef,
          r.respondent ? `${r.response} (${r.respondent})` : r.response,
        ]),
      },
    );
  }
  if ((input.otherInformation ?? []).length > 0) {
    blocks.push({ kind: "heading", text: "Other information" });
    for (const text of input.otherInformation ?? []) blocks.push({ kind: "paragraph", text });
  }
  if (blocks.length === 1)
    blocks.push({ kind: "paragraph", text: "Management has provided no other information." });
  return blocks;
};

const untestedLine = (input: ReportInput): string[] => {
  const n = input.controls.filter((c) => c.testingNotCompleted).length;
  return n === 0
    ? []
    : [`Testing of ${n} of ${input.controls.length} controls is not completed at the date of this draft.`];
};

/** Builds the report model; throws AppError VALIDATION when the snapshot cannot make a sound report. */
export const buildReportModel = (input: ReportInput): ReportModel => {
  validate(input);
  const e = input.engagement;
  const type2 = e.type === "type2";
  const kind = type2 ? "SOC 2 Type 2" : "SOC 2 Type 1";
  const period = type2
    ? `${formatReportDate(e.periodStart ?? "")} to ${formatReportDate(e.periodEnd ?? "")}`
    : `As of ${formatReportDate(e.asOfDate ?? "")}`;
  const categories = e.categories.map((c: CategoryCode) => CATEGORY_NAMES[c]).join(", ");
  const orgName = input.organization.name;
  const title = `${kind} report: ${orgName}`;
  const sections: ReportSection[] = [
    {
      id: "I",
      title: "Independent service auditor's report",
      blocks: sectionOneBlocks(input, CATEGORY_NAMES),
    },
    { id: "II", title: `Assertion of ${orgName} management`, blocks: sectionTwoBlocks(input) },
    {
      id: "III",
      title: `Description of ${orgName}'s ${input.organization.systemName}`,
      blocks: descriptionBlocks(input),
    },
    {
      id: "IV",
      title: type2
        ? "Trust services criteria, related controls, tests of controls and results"
        : "Trust services criteria and related controls",
      blocks: sectionFourBlocks(input),
    },
    { id: "V", title: "Other information provided by management", blocks: sectionFiveBlocks(input) },
  ];
  return {
    meta: {
      title,
      author: input.firm.name,
      subject: `${kind} report on ${orgName}'s ${input.organization.systemName}, ${timeFrame(input)}`,
      keywords: ["SOC 2", kind, orgName, `engagement ${e.id}`, `version ${input.report.version}`],
      creationDate: `${input.report.date}T00:00:00.000Z`,
      engagementId: e.id,
      version: input.report.version,
      draft: input.report.draft,
    },
    header: { organization: orgName, reportKind: kind, period },
    cover: {
      title: `${kind} report`,
      organization: orgName,
      system: input.organization.systemName,
      periodLine: type2 ? `Throughout the period ${period}` : period,
      categories: `Trust services categories: ${categories}`,
      firm: input.firm.name,
      lines: [
        `Report date: ${formatReportDate(input.report.date)}`,
        `Version ${input.report.version}${input.report.draft ? " (draft for management review)" : ""}`,
        ...untestedLine(input),
        `Engagement ${e.id}`,
        input.firm.licence,
        ...(input.firm.peerReview ? [input.firm.peerReview] : []),
        "Restricted use: see Section I.",
      ],
    },
    sections,
  };
};
