/**
 * `fieldwork quote`: a fixed-price quote for a SOC 2 examination, offline. Turns flags into the raw
 * quote input and leaves validation and pricing to the previewQuote use-case; what it adds is the
 * command-line spelling (--type 1|2, --tsc CC,A) and error messages that name the flag.
 */
import type { Command } from "commander";
import { previewQuote, type QuoteField } from "../../app/quote-preview.js";
import { AppError, isAppError } from "../../core/errors.js";
import {
  CATEGORY_NAMES,
  CURRENCIES,
  HOSTING_MODELS,
  LEVELS,
  QUOTE_LIMITS,
  type QuoteResult,
  TSC_CATEGORIES,
} from "../../core/quote.js";
import { formatTable, printJson } from "../output.js";

interface QuoteFlags {
  type: string;
  tsc: string;
  periodMonths?: string;
  employees?: string;
  systems?: string;
  locations?: string;
  vendors?: string;
  hosting?: string;
  maturity?: string;
  evidenceReadiness?: string;
  currency?: string;
  json?: boolean;
}

const NUMERIC_FLAGS = ["periodMonths", "employees", "systems", "locations", "vendors"] as const;

const FLAG_NAMES: Record<QuoteField, string> = {
  type: "--type",
  categories: "--tsc",
  periodMonths: "--period-months",
  employees: "--employees",
  systems: "--systems",
  locations: "--locations",
  vendors: "--vendors",
  hosting: "--hosting",
  maturity: "--maturity",
  evidenceReadiness: "--evidence-readiness",
  currency: "--currency",
};

const TYPE_ALLOWED = "1 or 2";
const TSC_ALLOWED = `comma-separated category codes from ${TSC_CATEGORIES.join(", ")}`;

const range = (field: (typeof NUMERIC_FLAGS)[number]): string =>
  `${QUOTE_LIMITS[field].min} to ${QUOTE_LIMITS[field].max.toLocaleString("en-US")}`;

/** A whole number becomes a number; anything else goes through as text so validation names it. */
const numberOrText = (text: string): number | string =>
  /^[+-]?\d+$/.test(text.trim()) ? Number(text) : text;

const parseType = (text: string): string => {
  const t = text.trim().toLowerCase();
  if (t === "1" || t === "type1") return "type1";
  if (t === "2" || t === "type2") return "type2";
  throw new AppError("VALIDATION", `--type must be ${TYPE_ALLOWED} (got "${text}").`);
};

const parseTsc = (text: string): string[] => {
  const codes = text
    .split(",")
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c !== "");
  if (codes.length === 0) throw new AppError("VALIDATION", `--tsc must list ${TSC_ALLOWED} (got "${text}").`);
  return codes;
};

const toRawInput = (flags: QuoteFlags): Record<string, unknown> => {
  const raw: Record<string, unknown> = { type: parseType(flags.type), categories: parseTsc(flags.tsc) };
  for (const field of NUMERIC_FLAGS) {
    const text = flags[field];
    if (text !== undefined) raw[field] = numberOrText(text);
  }
  if (flags.hosting !== undefined) raw.hosting = flags.hosting.trim().toLowerCase();
  if (flags.maturity !== undefined) raw.maturity = flags.maturity.trim().toLowerCase();
  if (flags.evidenceReadiness !== undefined)
    raw.evidenceReadiness = flags.evidenceReadiness.trim().toLowerCase();
  if (flags.currency !== undefined) raw.currency = flags.currency.trim().toUpperCase();
  return raw;
};

/** Re-words the use-case's validation error in terms of the flag the user typed. */
const asFlagError = (error: unknown, flags: QuoteFlags): unknown => {
  if (!isAppError(error) || error.code !== "VALIDATION" || Array.isArray(error.details)) return error;
  const details = (error.details ?? {}) as Record<string, unknown>;
  const field = details.field as QuoteField | undefined;
  if (field === undefined || !(field in FLAG_NAMES)) return error;
  const flag = FLAG_NAMES[field];
  if (field === "categories") {
    return new AppError("VALIDATION", `${flag} must be ${TSC_ALLOWED} (got "${String(details.received)}").`);
  }
  const typed = field === "type" ? flags.type : flags[field];
  return new AppError("VALIDATION", `${flag} must be ${String(details.allowed)} (got "${typed ?? ""}").`);
};

const money = (amount: number, currency: string): string =>
  `${currency} ${new Intl.NumberFormat(currency === "INR" ? "en-IN" : "en-US", { maximumFractionDigits: 0 }).format(amount)}`;

const formatQuote = (q: QuoteResult): string => {
  const type = q.drivers.find((d) => d.id === "type")?.value ?? "";
  const categories = (q.drivers.find((d) => d.id === "categories")?.value ?? "")
    .split(", ")
    .map((c) => CATEGORY_NAMES[c as keyof typeof CATEGORY_NAMES] ?? c);
  const lines = [
    `SOC 2 ${type} quote: ${categories.join(", ")}`,
    "",
    `Total:       ${money(q.total, q.currency)} (fixed fee)`,
    `Cost class:  ${q.costClass}${q.partnerConfirmationRequired ? " (a partner must confirm the figure before it is sent)" : ""}`,
    `Hours:       planning ${q.hours.planning}, fieldwork ${q.hours.fieldwork}, reporting ${q.hours.reporting}; total ${q.hours.total}`,
    `Fees:        planning ${money(q.fees.planning, q.currency)}, fieldwork ${money(q.fees.fieldwork, q.currency)}, reporting ${money(q.fees.reporting, q.currency)}`,
    `Rate card:   ${q.rateCard.id} (version ${q.rateCard.version})`,
    "",
    formatTable(
      ["Driver", "Value", "Hours", "Amount"],
      q.drivers.map((d) => [d.label, d.value, String(d.hours), money(d.amount, q.currency)]),
    ),
    "",
    "Why:",
    ...q.drivers.map((d) => `  - ${d.explanation}`),
    "",
    "Driver amounts add up to the phase fees; the total is their sum rounded up to the rate card's rounding unit.",
  ];
  return `${lines.join("\n")}\n`;
};

const USAGE =
  "--type 1|2 --tsc CC,A,C [--period-months N] [--employees N] [--systems N] [--locations N] [--vendors N] " +
  "[--hosting cloud|hybrid|on-prem] [--maturity low|medium|high] [--evidence-readiness low|medium|high] " +
  "[--currency INR|USD] [--json]";

export const registerQuoteCommand = (program: Command): void => {
  const levels = LEVELS.join("|");
  program
    .command("quote")
    .description("Price a SOC 2 examination offline with the current standard rate card.")
    .usage(USAGE)
    .requiredOption(
      "--type <1|2>",
      "examination type: 1 (design as of a date) or 2 (operating effectiveness over a period)",
    )
    .requiredOption(
      "--tsc <codes>",
      `trust services categories, comma-separated, any case: ${TSC_CATEGORIES.join(", ")}; Security (CC) is always added`,
    )
    .option(
      "--period-months <N>",
      `Type 2 observation period in months, ${range("periodMonths")} (default 12; ignored for Type 1)`,
    )
    .option("--employees <N>", `number of employees, ${range("employees")} (default 50)`)
    .option("--systems <N>", `in-scope systems, ${range("systems")} (default 3)`)
    .option("--locations <N>", `locations, ${range("locations")} (default 1)`)
    .option("--vendors <N>", `vendors and subservice organizations, ${range("vendors")} (default 5)`)
    .option(
      `--hosting <${HOSTING_MODELS.join("|")}>`,
      `hosting model: ${HOSTING_MODELS.join(", ")} (default cloud)`,
    )
    .option(`--maturity <${levels}>`, `control maturity: ${LEVELS.join(", ")} (default medium)`)
    .option(`--evidence-readiness <${levels}>`, `evidence readiness: ${LEVELS.join(", ")} (default medium)`)
    .option(
      `--currency <${CURRENCIES.join("|")}>`,
      `currency of the quote: ${CURRENCIES.join(", ")} (default INR)`,
    )
    .option("--json", "print the quote as one JSON object")
    // Commander's own usage errors (unknown option, missing value) become one "fieldwork: " line too.
    .configureOutput({
      outputError: (text, write) =>
        write(
          `fieldwork: ${text
            .replace(/^error: /, "")
            .replace(/\s*\n\s*/g, " ")
            .trim()}\n`,
        ),
    })
    .action((flags: QuoteFlags) => {
      let quote: QuoteResult;
      try {
        quote = previewQuote(toRawInput(flags));
      } catch (error) {
        throw asFlagError(error, flags);
      }
      if (flags.json) printJson(quote);
      else process.stdout.write(formatQuote(quote));
    });
};
