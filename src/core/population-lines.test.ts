import { describe, expect, it } from "vitest";
import { isAppError } from "./errors.js";
import { parsePopulationJsonLine } from "./population-lines.js";

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (isAppError(error) && error.code === "VALIDATION") return error.message;
    throw error;
  }
  throw new Error("expected a VALIDATION error");
};

describe("parsePopulationJsonLine", () => {
  it("reads an object, drops a byte-order mark on the first line only, and skips blank lines", () => {
    expect(parsePopulationJsonLine("p.jsonl", 1, '\uFEFF{"id":"C-1"}')).toEqual({ id: "C-1" });
    expect(() => parsePopulationJsonLine("p.jsonl", 2, '\uFEFF{"id":"C-2"}')).toThrow();
    expect(parsePopulationJsonLine("p.jsonl", 3, "   ")).toBeNull();
  });

  it("names the line that is not JSON, or not an object", () => {
    expect(messageOf(() => parsePopulationJsonLine("p.jsonl", 7, "{id: 1}"))).toBe(
      "population file p.jsonl: line 7 is not valid JSON.",
    );
    for (const line of ["[1,2]", "42", "null", '"text"']) {
      expect(messageOf(() => parsePopulationJsonLine("p.jsonl", 9, line))).toBe(
        "population file p.jsonl: line 9 is not a JSON object.",
      );
    }
  });
});
