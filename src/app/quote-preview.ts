/**
 * Offline quoting: validate a scope and price it with the current standard rate card. No database
 * and no actor, because a preview commits nothing; saving a quote on an engagement is a separate
 * use-case.
 */
import { DEFAULT_RATE_CARD } from "../catalog/rate-cards.js";
import { AppError } from "../core/errors.js";
import {
  CURRENCIES,
  computeQuote,
  HOSTING_MODELS,
  LEVELS,
  QUOTE_LIMITS,
  type QuoteInput,
  QuoteInputSchema,
  type QuoteResult,
  TSC_CATEGORIES,
} from "../core/quote.js";

export type QuoteField = keyof QuoteInput;

const quoted = (values: readonly string[]): string => {
  const q = values.map((v) => `"${v}"`);
  return q.length < 2 ? q.join("") : `${q.slice(0, -1).join(", ")} or ${q[q.length - 1]}`;
};
const wholeNumber = (limits: { min: number; max: number }): string =>
  `a whole number from ${limits.min.toLocaleString("en-US")} to ${limits.max.toLocaleString("en-US")}`;

/** What each field accepts, in words, for error messages. */
export const QUOTE_FIELD_ALLOWED: Record<QuoteField, string> = {
  type: quoted(["type1", "type2"]),
  categories: `a list of trust services category codes (${TSC_CATEGORIES.join(", ")})`,
  periodMonths: wholeNumber(QUOTE_LIMITS.periodMonths),
  employees: wholeNumber(QUOTE_LIMITS.employees),
  systems: wholeNumber(QUOTE_LIMITS.systems),
  locations: wholeNumber(QUOTE_LIMITS.locations),
  vendors: wholeNumber(QUOTE_LIMITS.vendors),
  hosting: quoted(HOSTING_MODELS),
  maturity: quoted(LEVELS),
  evidenceReadiness: quoted(LEVELS),
  currency: quoted(CURRENCIES),
};

const FIELDS = Object.keys(QUOTE_FIELD_ALLOWED) as QuoteField[];
const isField = (key: unknown): key is QuoteField => typeof key === "string" && key in QUOTE_FIELD_ALLOWED;

const describe = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

const valueAt = (root: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (node, key) =>
      node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined,
    root,
  );

/**
 * Turns the first problem zod found into one sentence naming the field and what it accepts; details
 * carry the field, the allowed values and the offending value, so an adapter (the CLI) can name its
 * own flag instead.
 */
const validationError = (
  raw: unknown,
  issues: readonly {
    code: string;
    path: readonly PropertyKey[];
    message: string;
    keys?: readonly string[];
  }[],
): AppError => {
  const all = issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  const first = issues[0];
  if (raw === null || typeof raw !== "object" || Array.isArray(raw) || first === undefined) {
    return new AppError(
      "VALIDATION",
      `Invalid quote: expected an object with the fields ${FIELDS.join(", ")}.`,
      {
        issues: all,
      },
    );
  }
  if (first.code === "unrecognized_keys") {
    const unknown = first.keys ?? [];
    const list = unknown.map((k) => `"${k}"`).join(", ");
    return new AppError(
      "VALIDATION",
      `Invalid quote: unknown field${unknown.length === 1 ? "" : "s"} ${list}; the fields are ${FIELDS.join(", ")}.`,
      { unknownFields: unknown, issues: all },
    );
  }
  const field = first.path[0];
  if (!isField(field)) {
    return new AppError("VALIDATION", `Invalid quote: ${first.message}.`, { issues: all });
  }
  const received = valueAt(raw, first.path);
  const allowed = QUOTE_FIELD_ALLOWED[field];
  const message =
    received === undefined
      ? `Invalid quote: ${field} is missing; it must be ${allowed}.`
      : `Invalid quote: ${field} must be ${allowed} (got ${describe(received)}).`;
  return new AppError("VALIDATION", message, { field, allowed, received, issues: all });
};

export const previewQuote = (rawInput: unknown): QuoteResult => {
  const parsed = QuoteInputSchema.safeParse(rawInput);
  if (!parsed.success) throw validationError(rawInput, parsed.error.issues);
  return computeQuote(parsed.data, DEFAULT_RATE_CARD);
};
