import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validationError } from "../../../test/fixtures/importers/support.js";
import { AppError } from "../../core/errors.js";
import {
  calendarDaysBetween,
  decodeText,
  guard,
  intParam,
  jsonErrorOffset,
  normalizeHeader,
  parseCsv,
  parseDate,
  parseDateText,
  parseJson,
} from "./shared.js";

const iso = (d: Date | null | undefined | "ambiguous"): string | null | undefined | "ambiguous" =>
  d instanceof Date ? d.toISOString() : d;

describe("dates", () => {
  it.each([
    ["2019-05-02T21:49:50+00:00", "2019-05-02T21:49:50.000Z"],
    ["2019-05-02T21:49:50Z", "2019-05-02T21:49:50.000Z"],
    ["2024-01-15T08:58:29.82753744Z", "2024-01-15T08:58:29.827Z"],
    ["2024-01-15T10:58:29+02:00", "2024-01-15T08:58:29.000Z"],
    ["2024-01-15T03:58:29-0500", "2024-01-15T08:58:29.000Z"],
    ["2024-01-15 08:58:29", "2024-01-15T08:58:29.000Z"],
    ["2024-01-15", "2024-01-15T00:00:00.000Z"],
    ["2024/01/15", "2024-01-15T00:00:00.000Z"],
    ["15/01/2024", "2024-01-15T00:00:00.000Z"],
    ["01/15/2024 3:05 PM", "2024-01-15T15:05:00.000Z"],
    ["15 Jan 2024", "2024-01-15T00:00:00.000Z"],
    ["15-January-2024", "2024-01-15T00:00:00.000Z"],
    ["Jan 15, 2024 12:00 AM", "2024-01-15T00:00:00.000Z"],
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
  ])("parses %s", (text, expected) => {
    expect(iso(parseDateText(text))).toBe(expected);
  });

  it.each(["N/A", "n/a", "no_information", "not_supported", "", "  ", "-", "null"])(
    "reads %j as no date",
    (text) => {
      expect(parseDateText(text)).toBeNull();
    },
  );

  it.each([
    "2023-02-29",
    "2024-13-01",
    "2024-01-32T00:00:00Z",
    "2024-01-15T25:00:00Z",
    "yesterday",
    "12",
    "1/2/3",
    "Foo 1, 2024",
  ])("rejects %j", (text) => {
    expect(parseDateText(text)).toBeUndefined();
    expect(validationError(() => parseDate(text, "line 4, column x")).message).toMatch(
      /^line 4, column x: ".*" is not a date/,
    );
  });

  it("flags ambiguous slash dates unless an order is given", () => {
    expect(parseDateText("03/04/2024")).toBe("ambiguous");
    expect(iso(parseDateText("03/04/2024", "mdy"))).toBe("2024-03-04T00:00:00.000Z");
    expect(iso(parseDateText("03/04/2024", "dmy"))).toBe("2024-04-03T00:00:00.000Z");
    expect(iso(parseDateText("03/03/2024"))).toBe("2024-03-03T00:00:00.000Z");
    expect(validationError(() => parseDate("03/04/2024", "here")).message).toContain("dateOrder");
  });

  it("counts calendar days in UTC", () => {
    expect(calendarDaysBetween(new Date("2024-01-01T23:59:59Z"), new Date("2024-01-02T00:00:00Z"))).toBe(1);
    expect(calendarDaysBetween(new Date("2024-01-02T00:00:00Z"), new Date("2024-01-01T23:00:00Z"))).toBe(-1);
  });

  it("property: every ISO timestamp a Date prints parses back to itself; parseDateText never throws", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1970-01-01"), max: new Date("2999-12-31"), noInvalidDate: true }),
        (d) => {
          expect(parseDateText(d.toISOString())?.valueOf()).toBe(d.getTime());
          expect(
            parseDateText(
              d
                .toISOString()
                .replace(".000Z", "+00:00")
                .replace(/\.\d{3}Z$/, "Z"),
            ),
          ).toBeInstanceOf(Date);
        },
      ),
    );
    fc.assert(fc.property(fc.string(), (s) => void parseDateText(s)));
  });
});

describe("JSON errors", () => {
  it("property: jsonErrorOffset finds an error exactly when JSON.parse fails", () => {
    const validity = (s: string): boolean => {
      try {
        JSON.parse(s);
        return true;
      } catch {
        return false;
      }
    };
    const candidates = fc.oneof(
      fc.json(),
      fc.string(),
      fc.json().chain((s) => fc.integer({ min: 0, max: s.length }).map((n) => s.slice(0, n))),
      fc
        .tuple(
          fc.json(),
          fc.integer({ min: 0, max: 200 }),
          fc.constantFrom(",", "]", "}", ":", '"', "x", "0", " "),
        )
        .map(([s, i, c]) => s.slice(0, i % (s.length + 1)) + c + s.slice(i % (s.length + 1))),
    );
    fc.assert(
      fc.property(candidates, (s) => {
        const offset = jsonErrorOffset(s);
        expect(offset === -1).toBe(validity(s));
        expect(offset).toBeLessThanOrEqual(s.length);
      }),
      { numRuns: 2000 },
    );
  });

  it("names the line and column, or says the input ends early", () => {
    expect(validationError(() => parseJson('{\n  "a": 1,\n  "b": nope\n}', "F")).message).toBe(
      "F: invalid JSON at line 3, column 9 (Unexpected token 'o').",
    );
    expect(validationError(() => parseJson('{\n  "a": [1, 2', "F")).message).toBe(
      "F: invalid JSON, the input ends early at line 2 (is the file cut short?).",
    );
  });
});

describe("CSV", () => {
  it("keeps the physical line of each record, across quoted newlines and blank lines", () => {
    const table = parseCsv('a,b\n1,2\n\n"x\ny",3\n4,5\n', "F");
    expect(table.header).toEqual(["a", "b"]);
    expect(table.rows).toEqual([
      { line: 2, values: ["1", "2"] },
      { line: 5, values: ["x\ny", "3"] },
      { line: 6, values: ["4", "5"] },
    ]);
  });

  it("reports column-count, quote and empty-header errors with the line", () => {
    expect(validationError(() => parseCsv("a,b,c\n1,2,3\n4,5\n", "F")).message).toBe(
      "F, line 3: expected 3 columns, found 2 (is the line cut short or a value unquoted?).",
    );
    expect(validationError(() => parseCsv('a,b\n1,2\n\n"3,4\n5,6\n', "F")).message).toBe(
      "F, line 4: a quoted value is never closed (is the file cut short?).",
    );
    expect(validationError(() => parseCsv('a,b\n1,x"2"\n', "F")).message).toBe(
      'F, line 2: a quote (") is misplaced inside a value.',
    );
    expect(validationError(() => parseCsv(",,\n1,2,3\n", "F")).message).toBe(
      "F, line 1: the header row is empty.",
    );
  });

  it("normalizes header names", () => {
    expect(normalizeHeader("Email Address [Required]")).toBe("emailaddress");
    expect(normalizeHeader("Status [READ ONLY]")).toBe("status");
    expect(normalizeHeader("Last Updated")).toBe("lastupdated");
    expect(normalizeHeader("employee_id")).toBe("employeeid");
  });
});

describe("text, parameters and the guard", () => {
  it("decodes UTF-8 with or without BOM and UTF-16 LE/BE with BOM; rejects binary and empty", () => {
    expect(decodeText(Buffer.from("\uFEFFhé"), "F")).toBe("hé");
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("hé", "utf16le")]), "F")).toBe(
      "hé",
    );
    expect(
      decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from("hé", "utf16le").swap16()]), "F"),
    ).toBe("hé");
    expect(validationError(() => decodeText(Buffer.from([0xc3]), "F")).message).toBe(
      "F is not UTF-8 text (is it a binary file or another encoding?).",
    );
    expect(validationError(() => decodeText(Buffer.from("a\u0000b"), "F")).message).toContain(
      "NUL character at offset 1",
    );
    expect(validationError(() => decodeText(Buffer.from(" \r\n"), "F")).message).toBe("F is empty.");
  });

  it("reads whole-number parameters", () => {
    const opts = (v: number | string) => ({ now: new Date(), params: { n: v } });
    expect(intParam(opts(5), "n", 1, "L")).toBe(5);
    expect(intParam(opts(" 7 "), "n", 1, "L")).toBe(7);
    expect(intParam({ now: new Date() }, "n", 1, "L")).toBe(1);
    for (const bad of [-1, 1.5, "x", "", "1e3"]) {
      expect(validationError(() => intParam(opts(bad), "n", 1, "L")).message).toContain(
        "the parameter n must be",
      );
    }
  });

  it("turns stray exceptions into VALIDATION marked unexpected, and lets AppErrors through", () => {
    let thrown: unknown;
    try {
      guard("L", () => {
        throw new TypeError("boom");
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe("VALIDATION");
    expect((thrown as AppError).details).toEqual({ unexpected: true });
    const original = new AppError("VALIDATION", "x");
    expect(() =>
      guard("L", () => {
        throw original;
      }),
    ).toThrow(original);
  });
});
