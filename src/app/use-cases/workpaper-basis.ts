/**
 * What a workpaper tests: its attributes (from the program line), its items (the sample and every
 * extension in its chain, a full-population test's single "population" item, or one design or
 * test-of-one item), and the facts the core evaluates from them.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { AppError, notFound } from "../../core/errors.js";
import { statisticalSampleSize } from "../../core/sample-size.js";
import {
  CLASSIFICATIONS,
  type Classification,
  formatExceptionRef,
  RESULT_VALUES,
  type ResultValue,
} from "../../core/workpaper.js";
import type { ExceptionFacts, GridCell, SuggestionInput } from "../../core/workpaper-grid.js";
import type { ExceptionItem } from "../../db/repositories/exceptions.js";
import {
  findCurrentProgramLine,
  findEngagementPopulation,
  findEngagementPopulationTest,
  findEngagementSample,
  findProgramLine,
  listPopulationSamples,
  type ProgramLine,
  type WorkpaperItem,
} from "../../db/repositories/workpapers.js";
import type { DB, EngagementRow } from "../../db/schema.js";
import { engagementType } from "./engagement-model.js";

// ----- what a workpaper tests -----

export interface Attribute {
  readonly id: string;
  readonly text: string;
}

export interface WorkItem {
  readonly key: string;
  readonly label: string;
  readonly row: number | null;
  readonly date: string | null;
  readonly values: unknown;
  readonly sampleId: string | null;
}

export type BasisKind = "sample" | "population-test" | "design" | "test-of-one";

export interface Basis {
  readonly kind: BasisKind;
  readonly items: readonly WorkItem[];
  readonly populationSize: number | null;
  readonly sample: {
    readonly id: string;
    readonly populationId: string;
    readonly populationName: string | null;
    readonly populationHash: string | null;
    readonly method: string;
    readonly seed: string;
    readonly chain: readonly {
      id: string;
      size: number;
      extendsSampleId: string | null;
      reason: string | null;
    }[];
  } | null;
  readonly populationTest: {
    readonly id: string;
    readonly rowsTested: number;
    readonly rowsFailing: number;
  } | null;
}

const parseJson = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

const AttributeList = z.array(z.object({ id: z.string(), text: z.string() }).loose());
const SampleItems = z.array(
  z
    .object({
      row: z.number(),
      id: z.union([z.string(), z.number()]).nullable().optional(),
      date: z.string().nullable().optional(),
      values: z.unknown().optional(),
    })
    .loose(),
);

export const attributesOf = (line: ProgramLine | undefined): Attribute[] => {
  const parsed = AttributeList.safeParse(parseJson(line?.attributes ?? null));
  return parsed.success ? parsed.data.map((a) => ({ id: a.id, text: a.text })) : [];
};

export const parseLineJson = (text: string | undefined): unknown => parseJson(text ?? null);

/**
 * The deviations a statistical plan allows: ceil(n × expected rate) for the plan's sample size
 * (src/core/sample-size.ts), or an explicit allowedDeviations on the rule. Other rules allow none
 * by plan, and are evaluated without an allowance (undefined).
 */
export const allowedDeviationsOf = (line: ProgramLine | undefined): number | undefined => {
  const rule = parseJson(line?.sample_rule ?? null) as {
    kind?: unknown;
    allowedDeviations?: unknown;
    confidence?: unknown;
    tolerable?: unknown;
    expected?: unknown;
  } | null;
  const v = rule?.allowedDeviations;
  if (typeof v === "number" && Number.isInteger(v) && v >= 0) return v;
  if (rule?.kind !== "statistical") return undefined;
  try {
    return statisticalSampleSize({
      confidence: rule.confidence as 90 | 95,
      tolerableRate: rule.tolerable as number,
      expectedRate: rule.expected as number,
    }).allowedDeviations;
  } catch {
    // A rule the program capability would have refused: evaluate without an allowance.
    return undefined;
  }
};

const ruleKindOf = (line: ProgramLine | undefined): string | null => {
  const rule = parseJson(line?.sample_rule ?? null) as { kind?: unknown } | null;
  return typeof rule?.kind === "string" ? rule.kind : null;
};

const sampleItems = (sampleId: string, json: string): WorkItem[] => {
  const parsed = SampleItems.safeParse(parseJson(json));
  if (!parsed.success) return [];
  return parsed.data.map((i) => ({
    key: `row-${i.row}`,
    label: i.id === null || i.id === undefined ? `Row ${i.row}` : String(i.id),
    row: i.row,
    date: typeof i.date === "string" && /^\d{4}-\d{2}-\d{2}/.test(i.date) ? i.date.slice(0, 10) : null,
    values: i.values ?? null,
    sampleId,
  }));
};

/** The sample and every extension in its chain (the root, then each extension after what it extends). */
const sampleChain = async (db: Kysely<DB>, engagementId: string, populationId: string, sampleId: string) => {
  const all = await listPopulationSamples(db, engagementId, populationId);
  const byId = new Map(all.map((s) => [s.id, s]));
  let root = byId.get(sampleId);
  const seen = new Set<string>();
  while (root?.extends_sample_id && byId.has(root.extends_sample_id) && !seen.has(root.id)) {
    seen.add(root.id);
    root = byId.get(root.extends_sample_id);
  }
  if (!root) return [];
  const chain = [root];
  for (let i = 0; i < chain.length; i += 1) {
    const parent = chain[i];
    for (const s of all) if (parent && s.extends_sample_id === parent.id && !chain.includes(s)) chain.push(s);
  }
  return chain;
};

export const loadBasis = async (
  db: Kysely<DB>,
  wp: { engagement_id: string; sample_id: string | null; population_test_id: string | null },
  line: ProgramLine | undefined,
): Promise<Basis> => {
  if (wp.sample_id) {
    const sample = await findEngagementSample(db, wp.engagement_id, wp.sample_id);
    if (sample) {
      const population = await findEngagementPopulation(db, wp.engagement_id, sample.population_id);
      const chain = await sampleChain(db, wp.engagement_id, sample.population_id, sample.id);
      const items: WorkItem[] = [];
      const keys = new Set<string>();
      for (const s of chain) {
        for (const item of sampleItems(s.id, s.items)) {
          if (!keys.has(item.key)) {
            keys.add(item.key);
            items.push(item);
          }
        }
      }
      return {
        kind: "sample",
        items,
        populationSize: population ? population.in_period_count : null,
        sample: {
          id: sample.id,
          populationId: sample.population_id,
          populationName: population?.name ?? null,
          populationHash: population?.blob_sha256 ?? null,
          method: sample.method,
          seed: sample.seed,
          chain: chain.map((s) => ({
            id: s.id,
            size: Number(s.size),
            extendsSampleId: s.extends_sample_id,
            reason: s.reason,
          })),
        },
        populationTest: null,
      };
    }
  }
  if (wp.population_test_id) {
    const test = await findEngagementPopulationTest(db, wp.engagement_id, wp.population_test_id);
    if (test) {
      return {
        kind: "population-test",
        items: [
          {
            key: "population",
            label: `Full population: ${test.rows_tested} rows tested, ${test.rows_failing} failing`,
            row: null,
            date: null,
            values: null,
            sampleId: null,
          },
        ],
        populationSize: test.rows_tested,
        sample: null,
        populationTest: { id: test.id, rowsTested: test.rows_tested, rowsFailing: test.rows_failing },
      };
    }
  }
  const kind: BasisKind = ruleKindOf(line) === "test-of-one" ? "test-of-one" : "design";
  return {
    kind,
    items: [
      {
        key: kind,
        label: kind === "design" ? "Design walkthrough" : "Test of one",
        row: null,
        date: null,
        values: null,
        sampleId: null,
      },
    ],
    populationSize: null,
    sample: null,
    populationTest: null,
  };
};

export const loadProgramLine = (db: Kysely<DB>, wp: WorkpaperItem): Promise<ProgramLine | undefined> =>
  wp.program_control_id
    ? findProgramLine(db, wp.engagement_id, wp.program_control_id)
    : findCurrentProgramLine(db, wp.engagement_id, wp.control_id);

/** Checks a sample or full-population test is the engagement's and tests this control. */
export const requireBasisFor = async (
  db: Kysely<DB>,
  e: EngagementRow,
  controlId: string,
  input: { sampleId?: string | null | undefined; populationTestId?: string | null | undefined },
): Promise<void> => {
  if (input.sampleId) {
    const s = await findEngagementSample(db, e.id, input.sampleId);
    if (!s) throw notFound("Sample");
    if (s.control_id !== controlId)
      throw new AppError("VALIDATION", "sampleId: the sample was drawn for another control.");
  }
  if (input.populationTestId) {
    const t = await findEngagementPopulationTest(db, e.id, input.populationTestId);
    if (!t) throw notFound("Full-population test");
    if (t.control_id !== controlId) {
      throw new AppError("VALIDATION", "populationTestId: the full-population test is of another control.");
    }
  }
};

// ----- facts for the core -----

export const periodOf = (e: EngagementRow): { start: string; end: string } | null => {
  if (engagementType(e) === "type1") return e.as_of_date ? { start: e.as_of_date, end: e.as_of_date } : null;
  return e.period_start && e.period_end ? { start: e.period_start, end: e.period_end } : null;
};

export const activeExceptions = (list: readonly ExceptionItem[]) => list.filter((x) => x.status !== "void");

export const exceptionFacts = (x: ExceptionItem): ExceptionFacts => ({
  ref: formatExceptionRef(x.seq),
  attributeId: x.attribute_id,
  kind: x.kind,
  classification: ((CLASSIFICATIONS as readonly string[]).includes(x.classification)
    ? x.classification
    : "pending") as Classification,
  cause: x.cause,
  deviations: x.deviations,
});

export const gridCells = (
  rows: readonly { item_key: string; attribute_id: string; result: string }[],
): GridCell[] =>
  rows
    .filter((r) => (RESULT_VALUES as readonly string[]).includes(r.result))
    .map((r) => ({ itemKey: r.item_key, attributeId: r.attribute_id, result: r.result as ResultValue }));

export const suggestionInput = (
  e: EngagementRow,
  basis: Basis,
  attributes: readonly Attribute[],
  cells: readonly GridCell[],
  exceptions: readonly ExceptionItem[],
  line: ProgramLine | undefined,
): SuggestionInput => {
  const allowed = allowedDeviationsOf(line);
  return {
    items: basis.items,
    attributeIds: attributes.map((a) => a.id),
    cells,
    populationSize: basis.populationSize,
    period: periodOf(e),
    ...(basis.populationTest
      ? {
          populationTest: {
            rowsTested: basis.populationTest.rowsTested,
            rowsFailing: basis.populationTest.rowsFailing,
          },
        }
      : {}),
    exceptions: activeExceptions(exceptions).map(exceptionFacts),
    ...(allowed === undefined ? {} : { allowedDeviations: allowed }),
  };
};
