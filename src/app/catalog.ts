/**
 * Read-only use-case over the criteria catalog, shared by `fieldwork catalog` and any route that
 * lists criteria. It needs no database, actor or clock: the catalog is public reference data.
 */
import { CRITERIA } from "../catalog/criteria.js";
import {
  CATEGORY_CODES,
  CATEGORY_NAMES,
  type CategoryCode,
  type Criterion,
  findSeries,
  isCategoryCode,
} from "../core/criteria.js";
import { AppError } from "../core/errors.js";

export interface CatalogEntry extends Criterion {
  readonly categoryName: string;
  readonly seriesName: string;
}

export interface ListCriteriaInput {
  /** CC, A, PI, C or P (any letter case); all 61 criteria when absent. */
  readonly category?: string | undefined;
}

/** Turns user input into a category code, or fails with a message that lists the valid codes. */
export const parseCategory = (input: string): CategoryCode => {
  const code = input.trim().toUpperCase();
  if (!isCategoryCode(code)) {
    throw new AppError(
      "VALIDATION",
      `Unknown category '${input}'. Use one of ${CATEGORY_CODES.join(", ")}.`,
      {
        field: "category",
      },
    );
  }
  return code;
};

/**
 * The criteria of one category, or all of them, in TSC order. A category filter returns only that
 * category's own series (`P` gives the 18 privacy criteria); the common criteria that always apply
 * alongside it are listed under `CC`.
 */
export const listCriteria = (input: ListCriteriaInput = {}): CatalogEntry[] => {
  const category = input.category === undefined ? undefined : parseCategory(input.category);
  return CRITERIA.filter((c) => category === undefined || c.category === category).map((c) => ({
    ...c,
    categoryName: CATEGORY_NAMES[c.category],
    seriesName: findSeries(c.series)?.name ?? c.series,
  }));
};
