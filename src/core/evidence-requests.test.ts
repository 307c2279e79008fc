import { describe, expect, it } from "vitest";
import {
  canMove,
  dedupeKey,
  evidenceEditable,
  formatRef,
  isCalendarDate,
  normaliseText,
  parseRef,
  parseRequestStatus,
  periodProblem,
  REQUEST_STATUSES,
  textProblem,
} from "./evidence-requests.js";

describe("evidence request rules", () => {
  it("moves open → submitted → accepted | returned, and returned → submitted again; accepted is final", () => {
    const allowed = (move: "submit" | "accept" | "return") =>
      REQUEST_STATUSES.filter((s) => canMove(move, s));
    expect(allowed("submit")).toEqual(["open", "returned"]);
    expect(allowed("accept")).toEqual(["submitted"]);
    expect(allowed("return")).toEqual(["submitted"]);
    expect(REQUEST_STATUSES.filter(evidenceEditable)).toEqual(["open", "returned"]);
  });

  it("writes and reads reference numbers", () => {
    expect([1, 42, 999, 1000].map(formatRef)).toEqual(["REQ-001", "REQ-042", "REQ-999", "REQ-1000"]);
    expect(["REQ-001", "req-7", " REQ-1000 ", "REQ-0", "REQ-", "REQ-1a", "1"].map(parseRef)).toEqual([
      1,
      7,
      1000,
      null,
      null,
      null,
      null,
    ]);
  });

  it("accepts real calendar dates only", () => {
    expect(["2026-02-28", "2028-02-29", "1900-01-01"].every(isCalendarDate)).toBe(true);
    expect(
      ["2026-02-29", "2026-13-01", "2026-1-1", "26-01-01", "2026-01-01T00:00", "next week"].some(
        isCalendarDate,
      ),
    ).toBe(false);
  });

  it("normalises line endings and refuses characters that cannot be stored", () => {
    expect(normaliseText("  a\r\nb\rc \t")).toBe("a\nb\nc");
    expect(textProblem("tab\tand\nnewline, é 日本 🙂")).toBeNull();
    for (const bad of ["nul\u0000", "bell\u0007", "\ud800 lone", "lone \udc00", "\uffff"]) {
      expect(textProblem(bad), JSON.stringify(bad)).not.toBeNull();
    }
  });

  it("treats case and runs of spaces alike in the idempotency key, but not the control or period", () => {
    const base = {
      controlId: "c1",
      what: "Access review",
      periodStart: "2026-01-01",
      periodEnd: "2026-03-31",
    };
    expect(dedupeKey({ ...base, what: "ACCESS \n  review" })).toBe(dedupeKey(base));
    expect(dedupeKey({ ...base, controlId: null })).not.toBe(dedupeKey(base));
    expect(dedupeKey({ ...base, periodEnd: null })).not.toBe(dedupeKey(base));
    expect(dedupeKey({ ...base, what: "Access reviews" })).not.toBe(dedupeKey(base));
  });

  it("reads statuses by value or label and checks periods", () => {
    expect(["Open", "submitted", " ACCEPTED ", "Done"].map(parseRequestStatus)).toEqual([
      "open",
      "submitted",
      "accepted",
      null,
    ]);
    expect(periodProblem("2026-01-01", "2026-01-01")).toBeNull();
    expect(periodProblem(null, "2026-01-01")).toBeNull();
    expect(periodProblem("2026-02-01", "2026-01-01")).toMatch(/ends \(2026-01-01\) before it starts/);
  });
});
