/**
 * `fieldwork sample-size`: how many items to test for a control, offline. Two forms:
 *   --frequency <f> [--population N] [--risk low|high] [--prior-deviation] [--automated --itgc-effective]
 *   --confidence 90|95 --tolerable PCT --expected PCT
 * Turns flags into a request for the planSampleSize use-case; the rules live in src/core/sample-size.ts.
 */
import type { Command } from "commander";
import { planSampleSize, type SampleSizePlan, type SampleSizeRequest } from "../../app/sample-size.js";
import { AppError } from "../../core/errors.js";
import {
  CONTROL_FREQUENCIES,
  type ControlFrequency,
  MAX_POPULATION,
  RISK_LEVELS,
  type RiskLevel,
  STATISTICAL_LIMITS,
} from "../../core/sample-size.js";
import { printJson } from "../output.js";

interface SampleSizeFlags {
  frequency?: string;
  population?: string;
  risk?: string;
  priorDeviation?: boolean;
  automated?: boolean;
  itgcEffective?: boolean;
  confidence?: string;
  tolerable?: string;
  expected?: string;
  json?: boolean;
}

const FREQUENCIES = CONTROL_FREQUENCIES.join("|");
const USAGE =
  `--frequency ${FREQUENCIES} [--population N] [--risk low|high] [--prior-deviation] [--automated --itgc-effective] [--json]\n` +
  "       fieldwork sample-size --confidence 90|95 --tolerable PCT --expected PCT [--json]";

const fail = (message: string): AppError => new AppError("VALIDATION", message);

const parsePopulation = (text: string): number => {
  const t = text.trim();
  const n = /^\d+$/.test(t) ? Number(t) : Number.NaN;
  if (!Number.isSafeInteger(n) || n > MAX_POPULATION) {
    throw fail(
      `--population must be a whole number from 0 to ${MAX_POPULATION.toLocaleString("en-US")} (got "${text}").`,
    );
  }
  return n;
};

const parsePercent = (flag: string, text: string, min: number, max: number): number => {
  const t = text.trim().replace(/\s*%$/, "");
  if (!/^\d+(\.\d+)?$/.test(t)) throw fail(`${flag} must be a percentage such as 5 or 2.5 (got "${text}").`);
  const n = Number(t);
  if (n < min || n > max) throw fail(`${flag} must be a percentage from ${min} to ${max} (got "${text}").`);
  return n;
};

const toRequest = (flags: SampleSizeFlags): SampleSizeRequest => {
  const statisticalFlags = (
    [
      ["--confidence", flags.confidence],
      ["--tolerable", flags.tolerable],
      ["--expected", flags.expected],
    ] as const
  ).filter(([, v]) => v !== undefined);
  const frequencyOnly = (
    [
      ["--population", flags.population !== undefined],
      ["--risk", flags.risk !== undefined],
      ["--prior-deviation", flags.priorDeviation === true],
      ["--automated", flags.automated === true],
      ["--itgc-effective", flags.itgcEffective === true],
    ] as const
  ).filter(([, v]) => v);

  if (flags.frequency !== undefined) {
    const [first] = statisticalFlags;
    if (first !== undefined) {
      throw fail(
        `${first[0]} belongs to statistical sampling; use either --frequency or --confidence/--tolerable/--expected.`,
      );
    }
    const frequency = flags.frequency.trim().toLowerCase();
    if (!(CONTROL_FREQUENCIES as readonly string[]).includes(frequency)) {
      throw fail(`--frequency must be one of ${CONTROL_FREQUENCIES.join(", ")} (got "${flags.frequency}").`);
    }
    const risk = flags.risk?.trim().toLowerCase();
    if (risk !== undefined && !(RISK_LEVELS as readonly string[]).includes(risk)) {
      throw fail(`--risk must be low or high (got "${flags.risk}").`);
    }
    if (flags.itgcEffective && !flags.automated) {
      throw fail("--itgc-effective applies only to an automated control; add --automated.");
    }
    const population = flags.population === undefined ? undefined : parsePopulation(flags.population);
    if (frequency === "event" && population === undefined) {
      throw fail(
        "--population is required with --frequency event: the sample depends on how many events occurred.",
      );
    }
    return {
      method: "frequency",
      frequency: frequency as ControlFrequency,
      ...(population === undefined ? {} : { populationSize: population }),
      ...(risk === undefined ? {} : { risk: risk as RiskLevel }),
      priorDeviation: flags.priorDeviation === true,
      automated: flags.automated === true,
      itgcEffective: flags.itgcEffective === true,
    };
  }

  if (statisticalFlags.length === 0) {
    throw fail(
      "say how to size the sample: --frequency <frequency> for the frequency table, or --confidence 90|95 --tolerable PCT --expected PCT for statistical sampling.",
    );
  }
  const [firstFrequencyOnly] = frequencyOnly;
  if (firstFrequencyOnly !== undefined) {
    throw fail(`${firstFrequencyOnly[0]} applies only with --frequency, not to statistical sampling.`);
  }
  if (flags.confidence === undefined) throw fail("--confidence 90|95 is required for statistical sampling.");
  if (flags.tolerable === undefined) throw fail("--tolerable PCT is required for statistical sampling.");
  if (flags.expected === undefined)
    throw fail("--expected PCT is required for statistical sampling (use 0 if none).");
  const confidence = flags.confidence.trim().replace(/\s*%$/, "");
  if (confidence !== "90" && confidence !== "95") {
    throw fail(`--confidence must be 90 or 95 (got "${flags.confidence}").`);
  }
  const t = STATISTICAL_LIMITS.tolerableRate;
  const e = STATISTICAL_LIMITS.expectedRate;
  const tolerableRate = parsePercent("--tolerable", flags.tolerable, t.min, t.max);
  const expectedRate = parsePercent("--expected", flags.expected, e.min, e.max);
  if (expectedRate >= tolerableRate) {
    throw fail(`--tolerable (${tolerableRate} %) must be greater than --expected (${expectedRate} %).`);
  }
  return { method: "statistical", confidence: confidence === "90" ? 90 : 95, tolerableRate, expectedRate };
};

const formatPlan = (plan: SampleSizePlan): string => {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (plan.method === "frequency") {
    const head = plan.testAll
      ? `Sample size: ${plural(plan.size, "item", "items")} (the whole population).`
      : `Sample size: ${plural(plan.size, "item", "items")}.`;
    return `${head} ${plan.rule}\n`;
  }
  return `Sample size: ${plural(plan.size, "item", "items")}, allowing ${plural(plan.allowedDeviations, "deviation", "deviations")}. ${plan.rule}\n`;
};

export const registerSampleSizeCommand = (program: Command): void => {
  program
    .command("sample-size")
    .description(
      "Work out how many items to test for a control: by frequency, or by statistical attribute sampling.",
    )
    .usage(USAGE)
    .option("--frequency <frequency>", `how often the control operates: ${CONTROL_FREQUENCIES.join(", ")}`)
    .option("--population <N>", "number of occurrences in the period (required for event)")
    .option("--risk <low|high>", "risk of the control (default low); high moves to the next larger size")
    .option(
      "--prior-deviation",
      "the control had a deviation in the prior period; moves to the next larger size",
    )
    .option("--automated", "the control is automated")
    .option("--itgc-effective", "with --automated: IT general controls were effective, so test one")
    .option("--confidence <90|95>", "statistical sampling: confidence level in percent")
    .option("--tolerable <PCT>", "statistical sampling: tolerable deviation rate in percent")
    .option("--expected <PCT>", "statistical sampling: expected deviation rate in percent")
    .option("--json", "print the result as one JSON object")
    .configureOutput({
      outputError: (text, write) =>
        write(
          `fieldwork: ${text
            .replace(/^error: /, "")
            .replace(/\s*\n\s*/g, " ")
            .trim()}\n`,
        ),
    })
    .action((flags: SampleSizeFlags) => {
      const plan = planSampleSize(toRequest(flags));
      if (flags.json) printJson(plan);
      else process.stdout.write(formatPlan(plan));
    });
};
