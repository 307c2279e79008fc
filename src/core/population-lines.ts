/**
 * One line of a JSON-lines population file, read the same way by the streamed reader of
 * `fieldwork sample` (src/app/population-file.ts) and by the analytics converter
 * (src/analytics/convert.ts): a byte-order mark on the first line is dropped, blank lines are skipped
 * (null), and anything but a JSON object is a VALIDATION error naming the line.
 */
import { AppError } from "./errors.js";

export const parsePopulationJsonLine = (
  path: string,
  lineNo: number,
  line: string,
): Record<string, unknown> | null => {
  const text = lineNo === 1 ? line.replace(/^\uFEFF/, "") : line;
  if (text.trim() === "") return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("VALIDATION", `population file ${path}: line ${lineNo} is not valid JSON.`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AppError("VALIDATION", `population file ${path}: line ${lineNo} is not a JSON object.`);
  }
  return value as Record<string, unknown>;
};
