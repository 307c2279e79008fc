/**
 * Offline sample-size planning: either the frequency-based rule (SOC2.md §4.1, §4.3) or statistical
 * attribute sampling (§4.2). No database and no actor: it commits nothing. Recording a sample size on
 * a control test is a separate use-case.
 */
import { AppError } from "../core/errors.js";
import {
  type FrequencySampleInput,
  type FrequencySampleResult,
  frequencySampleSize,
  type StatisticalSampleInput,
  type StatisticalSampleResult,
  statisticalSampleSize,
} from "../core/sample-size.js";

export type SampleSizeRequest =
  | ({ readonly method: "frequency" } & FrequencySampleInput)
  | ({ readonly method: "statistical" } & StatisticalSampleInput);

export type SampleSizePlan =
  | ({ readonly method: "frequency" } & FrequencySampleResult)
  | ({
      readonly method: "statistical";
      readonly confidence: number;
      readonly tolerableRate: number;
      readonly expectedRate: number;
    } & StatisticalSampleResult);

export const planSampleSize = (request: SampleSizeRequest): SampleSizePlan => {
  if (request.method === "frequency") {
    const { method: _method, ...input } = request;
    return { method: "frequency", ...frequencySampleSize(input) };
  }
  if (request.method === "statistical") {
    const { method: _method, ...input } = request;
    const result = statisticalSampleSize(input);
    return {
      method: "statistical",
      size: result.size,
      rule: result.rule,
      allowedDeviations: result.allowedDeviations,
      confidence: input.confidence,
      tolerableRate: input.tolerableRate,
      expectedRate: input.expectedRate,
    };
  }
  throw new AppError("VALIDATION", 'method must be "frequency" or "statistical".', {
    field: "method",
    received: (request as { method?: unknown }).method,
  });
};
