/**
 * The control matrix as an xlsx: one row per control of the organization (owner, frequency,
 * evidence, and with an engagement its scope and the program's test method), the criteria with the
 * controls that address them, and the framework requirements reaching those controls through the
 * criteria. A pure function of the model the use-case loads.
 */
import type { Framework } from "../../core/frameworks.js";
import { addTableSheet, newWorkbook, type SheetColumn, workbookBuffer } from "./xlsx-style.js";

export interface MatrixControl {
  readonly code: string;
  readonly title: string;
  readonly description: string;
  readonly domain: string;
  readonly criteria: readonly string[];
  readonly ownerName: string | null;
  readonly ownerEmail: string | null;
  readonly frequency: string;
  readonly automation: string;
  readonly status: string;
  readonly evidenceCount: number;
  /** YYYY-MM-DD of the latest current evidence linked, or null. */
  readonly latestEvidenceDate: string | null;
  /** With an engagement: whether the control is in its scope. */
  readonly inScope: boolean | null;
  /** With an engagement, for the firm: the methods of the program line (e.g. "inspection, reperformance"). */
  readonly testMethod: string | null;
}

export interface MatrixCriterion {
  readonly id: string;
  readonly title: string;
}

export interface ControlMatrixModel {
  readonly title: string;
  /** Whether an engagement was given (adds the scope column). */
  readonly withEngagement: boolean;
  /** Whether the reader may see the audit program (adds the test method column). */
  readonly withTestMethod: boolean;
  readonly controls: readonly MatrixControl[];
  /** The criteria listed on the second sheet (those of the engagement's scope, or all). */
  readonly criteria: readonly MatrixCriterion[];
  readonly frameworks: readonly Framework[];
}

export const MATRIX_SHEETS = {
  controls: "Controls",
  criteria: "Criteria",
  frameworks: "Framework mappings",
} as const;

const yesNo = (v: boolean | null): string | null => (v === null ? null : v ? "y" : "n");

const controlColumns = (m: ControlMatrixModel): SheetColumn<MatrixControl>[] => [
  { header: "Code", kind: "text", value: (c) => c.code },
  { header: "Title", kind: "text", value: (c) => c.title },
  { header: "Description", kind: "long", value: (c) => c.description },
  { header: "Domain", kind: "text", value: (c) => c.domain },
  { header: "Criteria", kind: "text", value: (c) => c.criteria.join(", ") },
  { header: "Owner", kind: "text", value: (c) => c.ownerName },
  { header: "Owner email", kind: "text", value: (c) => c.ownerEmail },
  { header: "Frequency", kind: "text", value: (c) => c.frequency },
  { header: "Automation", kind: "text", value: (c) => c.automation },
  { header: "Status", kind: "text", value: (c) => c.status.replace(/_/g, " ") },
  { header: "Evidence count", kind: "integer", value: (c) => c.evidenceCount },
  { header: "Latest evidence", kind: "date", value: (c) => c.latestEvidenceDate },
  ...(m.withEngagement
    ? [
        {
          header: "In scope",
          kind: "text",
          value: (c) => yesNo(c.inScope),
        } satisfies SheetColumn<MatrixControl>,
      ]
    : []),
  ...(m.withEngagement && m.withTestMethod
    ? [
        {
          header: "Test method",
          kind: "text",
          value: (c) => c.testMethod,
        } satisfies SheetColumn<MatrixControl>,
      ]
    : []),
];

interface CriterionRow {
  readonly id: string;
  readonly title: string;
  readonly controls: readonly MatrixControl[];
}

const criterionColumns: SheetColumn<CriterionRow>[] = [
  { header: "Criterion", kind: "text", value: (r) => r.id },
  { header: "Title", kind: "text", value: (r) => r.title },
  { header: "Controls", kind: "integer", value: (r) => r.controls.length },
  { header: "Control codes", kind: "long", value: (r) => r.controls.map((c) => c.code).join(", ") },
  { header: "Covered", kind: "text", value: (r) => (r.controls.length > 0 ? "y" : "n") },
];

interface MappingRow {
  readonly framework: string;
  readonly requirementId: string;
  readonly requirementTitle: string;
  readonly group: string;
  readonly criterionId: string;
  readonly relationship: string;
  readonly rationale: string;
  readonly controls: readonly string[];
}

const mappingColumns: SheetColumn<MappingRow>[] = [
  { header: "Framework", kind: "text", value: (r) => r.framework },
  { header: "Requirement", kind: "text", value: (r) => r.requirementId },
  { header: "Requirement title", kind: "text", value: (r) => r.requirementTitle },
  { header: "Group", kind: "text", value: (r) => r.group },
  { header: "Criterion", kind: "text", value: (r) => r.criterionId },
  { header: "Relationship", kind: "text", value: (r) => r.relationship },
  { header: "Rationale", kind: "long", value: (r) => r.rationale },
  { header: "Controls", kind: "integer", value: (r) => r.controls.length },
  { header: "Control codes", kind: "long", value: (r) => r.controls.join(", ") },
];

/** Controls addressing each criterion, in the order of the controls sheet. */
export const controlsByCriterion = (
  controls: readonly MatrixControl[],
): Map<string, readonly MatrixControl[]> => {
  const by = new Map<string, MatrixControl[]>();
  for (const c of controls) {
    for (const id of c.criteria) by.set(id, [...(by.get(id) ?? []), c]);
  }
  return by;
};

/** One row per link of every framework that has links: requirement → criterion → controls. */
export const mappingRows = (
  frameworks: readonly Framework[],
  byCriterion: ReadonlyMap<string, readonly MatrixControl[]>,
): MappingRow[] =>
  frameworks.flatMap((f) => {
    const requirements = new Map(f.requirements.map((r) => [r.id, r]));
    return f.mappings.map((link) => {
      const req = requirements.get(link.requirementId);
      return {
        framework: f.name,
        requirementId: link.requirementId,
        requirementTitle: req?.title ?? "",
        group: req?.group ?? "",
        criterionId: link.criterionId,
        relationship: link.relationship,
        rationale: link.rationale,
        controls: (byCriterion.get(link.criterionId) ?? []).map((c) => c.code),
      };
    });
  });

export const writeControlMatrixXlsx = async (m: ControlMatrixModel, now: Date): Promise<Buffer> => {
  const wb = newWorkbook({ title: m.title, now });
  addTableSheet(wb, MATRIX_SHEETS.controls, controlColumns(m), m.controls);
  const byCriterion = controlsByCriterion(m.controls);
  addTableSheet(
    wb,
    MATRIX_SHEETS.criteria,
    criterionColumns,
    m.criteria.map((c) => ({ id: c.id, title: c.title, controls: byCriterion.get(c.id) ?? [] })),
  );
  const mapped = mappingRows(
    m.frameworks.filter((f) => f.mappings.length > 0),
    byCriterion,
  );
  if (mapped.length > 0) addTableSheet(wb, MATRIX_SHEETS.frameworks, mappingColumns, mapped);
  return workbookBuffer(wb);
};
