/**
 * Validation of an OSCAL document offered for import, with a validator over NIST's complete OSCAL
 * 1.2.2 schema (the app loads the copy shipped as src/oscal/oscal_complete_schema-1.2.2.json.gz).
 * Refusals are VALIDATION errors whose details[0] names the JSON path of the first problem
 * ("/catalog/groups/0/controls/3/id"): the deepest one ajv reports, since a failed anyOf lists the
 * problems of every branch before its own.
 */
import { AppError } from "../core/errors.js";
import type { OscalModel, OscalProblem, OscalValidator } from "./validate.js";

export const IMPORTABLE_MODELS = ["catalog", "profile", "component-definition"] as const;
export type ImportableModel = (typeof IMPORTABLE_MODELS)[number];

const OSCAL_VERSION_LABEL = "1.2.2";
const depth = (p: OscalProblem) => (p.path === "" ? 0 : p.path.split("/").length);

/** The problem to report first: the deepest one, the earliest of those in ajv's order. */
export const firstProblem = (problems: readonly OscalProblem[]): OscalProblem | undefined => {
  let best: OscalProblem | undefined;
  for (const p of problems) {
    if (p.message.includes("must match a schema in anyOf")) continue;
    if (!best || depth(p) > depth(best)) best = p;
  }
  return best ?? problems[0];
};

/**
 * The model of a valid importable document; a VALIDATION error naming the first problem otherwise.
 * Models Fieldwork exports but does not import (an SSP, assessment results…) are refused by name.
 */
export const validateForImport = (document: unknown, check: OscalValidator): ImportableModel => {
  const result = check.validate(document);
  if (!result.ok) {
    const first = firstProblem(result.problems) ?? { path: "", message: "is not valid OSCAL" };
    const where = first.path === "" ? "the document" : first.path;
    throw new AppError("VALIDATION", `Not valid OSCAL ${OSCAL_VERSION_LABEL}: ${where} ${first.message}.`, [
      { path: first.path, message: first.message },
      ...result.problems.filter((p) => p !== first).slice(0, 9),
    ]);
  }
  if (!(IMPORTABLE_MODELS as readonly OscalModel[]).includes(result.model)) {
    throw new AppError(
      "VALIDATION",
      `A ${result.model} cannot be imported: import a catalog, a profile or a component definition.`,
      [{ path: `/${result.model}`, message: "is not an importable model" }],
    );
  }
  return result.model as ImportableModel;
};
