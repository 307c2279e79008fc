/**
 * Facts about the 2017 Trust Services Criteria (points of focus revised 2022) that the rest of the
 * product relies on: the five categories, the series, and the exact 61 criterion IDs (SOC2.md §1).
 * Only identifiers and our own names live here; the titles and guidance are in src/catalog, and no
 * AICPA criterion text is held anywhere.
 */

export const CATEGORY_CODES = ["CC", "A", "PI", "C", "P"] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];

/** Display names. "CC" is the Security category, which consists of the common criteria. */
export const CATEGORY_NAMES: Readonly<Record<CategoryCode, string>> = {
  CC: "Security",
  A: "Availability",
  PI: "Processing Integrity",
  C: "Confidentiality",
  P: "Privacy",
};

export interface Series {
  readonly id: string;
  readonly category: CategoryCode;
  readonly name: string;
}

/**
 * Every series in TSC order. CC2 uses the TSC's own heading ("Information and Communication");
 * P1–P8 are the privacy groups, whose ".0" headings are not criteria.
 */
export const SERIES = [
  { id: "CC1", category: "CC", name: "Control Environment" },
  { id: "CC2", category: "CC", name: "Information and Communication" },
  { id: "CC3", category: "CC", name: "Risk Assessment" },
  { id: "CC4", category: "CC", name: "Monitoring Activities" },
  { id: "CC5", category: "CC", name: "Control Activities" },
  { id: "CC6", category: "CC", name: "Logical and Physical Access Controls" },
  { id: "CC7", category: "CC", name: "System Operations" },
  { id: "CC8", category: "CC", name: "Change Management" },
  { id: "CC9", category: "CC", name: "Risk Mitigation" },
  { id: "A1", category: "A", name: "Availability" },
  { id: "PI1", category: "PI", name: "Processing Integrity" },
  { id: "C1", category: "C", name: "Confidentiality" },
  { id: "P1", category: "P", name: "Notice and Communication of Objectives" },
  { id: "P2", category: "P", name: "Choice and Consent" },
  { id: "P3", category: "P", name: "Collection" },
  { id: "P4", category: "P", name: "Use, Retention and Disposal" },
  { id: "P5", category: "P", name: "Access" },
  { id: "P6", category: "P", name: "Disclosure and Notification" },
  { id: "P7", category: "P", name: "Quality" },
  { id: "P8", category: "P", name: "Monitoring and Enforcement" },
] as const satisfies readonly Series[];

export type SeriesId = (typeof SERIES)[number]["id"];

export const SERIES_IDS: readonly SeriesId[] = SERIES.map((s) => s.id);

/** The exact 61 criteria, in TSC order. Anything else (CC9.9, PP1.1, P1.0, …) is not a criterion. */
export const CRITERION_IDS = [
  "CC1.1",
  "CC1.2",
  "CC1.3",
  "CC1.4",
  "CC1.5",
  "CC2.1",
  "CC2.2",
  "CC2.3",
  "CC3.1",
  "CC3.2",
  "CC3.3",
  "CC3.4",
  "CC4.1",
  "CC4.2",
  "CC5.1",
  "CC5.2",
  "CC5.3",
  "CC6.1",
  "CC6.2",
  "CC6.3",
  "CC6.4",
  "CC6.5",
  "CC6.6",
  "CC6.7",
  "CC6.8",
  "CC7.1",
  "CC7.2",
  "CC7.3",
  "CC7.4",
  "CC7.5",
  "CC8.1",
  "CC9.1",
  "CC9.2",
  "A1.1",
  "A1.2",
  "A1.3",
  "C1.1",
  "C1.2",
  "PI1.1",
  "PI1.2",
  "PI1.3",
  "PI1.4",
  "PI1.5",
  "P1.1",
  "P2.1",
  "P3.1",
  "P3.2",
  "P4.1",
  "P4.2",
  "P4.3",
  "P5.1",
  "P5.2",
  "P6.1",
  "P6.2",
  "P6.3",
  "P6.4",
  "P6.5",
  "P6.6",
  "P6.7",
  "P7.1",
  "P8.1",
] as const;

export type CriterionId = (typeof CRITERION_IDS)[number];

/** The series that supplement COSO principle 12 carry no COSO principle of their own. */
export const COSO_SERIES: readonly SeriesId[] = ["CC1", "CC2", "CC3", "CC4", "CC5"];

export interface Criterion {
  readonly id: CriterionId;
  readonly category: CategoryCode;
  readonly series: SeriesId;
  /** COSO 2013 principle (1–17) for CC1–CC5; null for every other criterion. */
  readonly cosoPrinciple: number | null;
  /** Our own short title; never AICPA text. */
  readonly title: string;
  /** Our own plain-language guidance: what an auditor expects to see and typical evidence. */
  readonly guidance: string;
}

const CRITERION_ID_SET: ReadonlySet<string> = new Set(CRITERION_IDS);
const CATEGORY_CODE_SET: ReadonlySet<string> = new Set(CATEGORY_CODES);

export const isCriterionId = (value: string): value is CriterionId => CRITERION_ID_SET.has(value);

export const isCategoryCode = (value: string): value is CategoryCode => CATEGORY_CODE_SET.has(value);

/** The series an ID belongs to, read from the ID itself ("CC6.3" → "CC6", "PI1.2" → "PI1"). */
export const seriesOfCriterionId = (id: CriterionId): SeriesId => id.slice(0, id.indexOf(".")) as SeriesId;

export const findSeries = (id: string): (typeof SERIES)[number] | undefined =>
  SERIES.find((s) => s.id === id);

/**
 * The criteria that apply to a set of categories. Security's common criteria always apply: they
 * are the base of every SOC 2 report, and even when another category is reported on alone the CC
 * criteria are evaluated as they affect it (SOC2.md §1.2).
 */
export const criteriaForCategories = <T extends Pick<Criterion, "category">>(
  criteria: readonly T[],
  categories: readonly CategoryCode[],
): T[] => {
  const wanted = new Set<CategoryCode>(["CC", ...categories]);
  return criteria.filter((c) => wanted.has(c.category));
};
