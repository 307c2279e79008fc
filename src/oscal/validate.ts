/**
 * Validation of OSCAL documents against NIST's JSON schema (draft-07, all models in one file). The
 * schema is an argument: the caller loads it (tests from test/fixtures/oscal, the product from its
 * shipped copy), so this module does no I/O. A document is checked against the definition of its own
 * root model, so the first problem names a path inside it ("/catalog/groups/0/controls/3/id")
 * instead of the complete schema's top-level oneOf.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

/** Root keys of the OSCAL models, with the definition each one refers to in the complete schema. */
export const OSCAL_MODELS = {
  catalog: "oscal-complete-oscal-catalog:catalog",
  profile: "oscal-complete-oscal-profile:profile",
  "component-definition": "oscal-complete-oscal-component-definition:component-definition",
  "system-security-plan": "oscal-complete-oscal-ssp:system-security-plan",
  "assessment-plan": "oscal-complete-oscal-ap:assessment-plan",
  "assessment-results": "oscal-complete-oscal-ar:assessment-results",
  "plan-of-action-and-milestones": "oscal-complete-oscal-poam:plan-of-action-and-milestones",
  "mapping-collection": "oscal-complete-oscal-mapping:mapping-collection",
} as const;
export type OscalModel = keyof typeof OSCAL_MODELS;
export const OSCAL_MODEL_NAMES = Object.keys(OSCAL_MODELS) as OscalModel[];

export interface OscalProblem {
  /** JSON pointer into the document, "" for the root. */
  readonly path: string;
  readonly message: string;
}

export type OscalValidation =
  | { readonly ok: true; readonly model: OscalModel }
  | { readonly ok: false; readonly model: OscalModel | null; readonly problems: readonly OscalProblem[] };

export interface OscalValidator {
  validate(document: unknown): OscalValidation;
}

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const describe = (e: ErrorObject): OscalProblem => {
  const params = e.params as Record<string, unknown>;
  let path = e.instancePath;
  let message = e.message ?? "is invalid";
  if (e.keyword === "required" && typeof params.missingProperty === "string") {
    message = `must have the property "${params.missingProperty}"`;
  } else if (e.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
    path = `${path}/${params.additionalProperty}`;
    message = "is not allowed here (unknown property)";
  } else if (e.keyword === "enum" && Array.isArray(params.allowedValues)) {
    message = `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  return { path, message };
};

/**
 * Errors inside an anyOf/oneOf come with the branch's own errors and then the combinator's, higher
 * up; the deepest path is the one that names what to fix, so it goes first (stable otherwise).
 */
const deepestFirst = (problems: OscalProblem[]): OscalProblem[] => {
  const depth = (p: OscalProblem) => (p.path === "" ? 0 : p.path.split("/").length);
  const unique = problems.filter(
    (p, i) => problems.findIndex((q) => q.path === p.path && q.message === p.message) === i,
  );
  return unique
    .map((p, i) => ({ p, i }))
    .sort((a, b) => depth(b.p) - depth(a.p) || a.i - b.i)
    .map((x) => x.p);
};

/** The model named by a document's root key, or null when it has none or several. */
export const oscalModelOf = (document: unknown): OscalModel | null => {
  if (typeof document !== "object" || document === null || Array.isArray(document)) return null;
  const keys = Object.keys(document).filter((k) => k in OSCAL_MODELS);
  return keys.length === 1 ? (keys[0] as OscalModel) : null;
};

/** A validator over NIST's complete OSCAL schema (pass the parsed oscal_complete_schema JSON). */
export const createOscalValidator = (completeSchema: object): OscalValidator => {
  const ajv = new Ajv({ strict: false, allErrors: false, unicodeRegExp: true });
  addFormats(ajv);
  const id = (completeSchema as { $id?: unknown }).$id;
  if (typeof id !== "string") throw new Error("The OSCAL schema has no $id.");
  ajv.addSchema(completeSchema);
  const compiled = new Map<OscalModel, ValidateFunction>();
  const validatorOf = (model: OscalModel): ValidateFunction => {
    let fn = compiled.get(model);
    if (!fn) {
      fn = ajv.compile({
        type: "object",
        properties: {
          $schema: { type: "string" },
          [model]: { $ref: `${id}#/definitions/${OSCAL_MODELS[model]}` },
        },
        required: [model],
        additionalProperties: false,
      });
      compiled.set(model, fn);
    }
    return fn;
  };
  return {
    validate(document) {
      const model = oscalModelOf(document);
      if (!model) {
        return {
          ok: false,
          model: null,
          problems: [
            {
              path: "",
              message: `is not an OSCAL document: expected exactly one root property of ${OSCAL_MODEL_NAMES.join(", ")}`,
            },
          ],
        };
      }
      const fn = validatorOf(model);
      if (fn(document)) return { ok: true, model };
      return { ok: false, model, problems: deepestFirst((fn.errors ?? []).map(describe)) };
    },
  };
};
