import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePopulationDate, parsePopulationInstant } from "../core/population-rules.js";
import { Engine, sqlString } from "./engine.js";

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.open({ threads: 2 });
});
afterAll(() => engine.close());

/** fw_text, fw_date and fw_instant of each value, in order. */
const inSql = async (values: readonly string[]) => {
  const list = `[${values.map(sqlString).join(", ")}]`;
  const rows = await engine.run(
    `SELECT i, fw_text(s), fw_date(s), fw_instant(s) FROM (SELECT unnest(${list}) AS s, unnest(range(${values.length})) AS i) ORDER BY i`,
  );
  return rows.map(([, text, date, instant]) => ({
    text: text as string,
    date: (date as string | null) ?? undefined,
    instant: (instant as number | null) ?? undefined,
  }));
};
const inJs = (values: readonly string[]) =>
  values.map((v) => ({ text: v.trim(), date: parsePopulationDate(v), instant: parsePopulationInstant(v) }));

const TRICKY = [
  "2025-03-04",
  " 2025-03-04T23:30:00+05:30 ",
  "2025-03-04 09:15",
  "2025-03-04t09:15z",
  "2025-03-04T09:15:07.123456Z",
  "2025-03-04T09:15:07.5-0230",
  "2025-03-04T24:00:00Z",
  "2025-03-04T23:60",
  "2025-03-04T23:59:60Z",
  "2025-03-04 23:59:59",
  "2025-03-04T00:00:00z",
  "0000-02-29T10:00:00Z",
  "0000-03-01T10:00:00Z",
  "2025-02-29T10:00:00Z",
  "2025-03-04T10:00+24:00",
  "2025-02-29",
  "2024-02-29",
  "1900-02-29",
  "2000-02-29",
  "0000-02-29",
  "0004-02-29",
  "0100-02-29",
  "0000-01-01",
  "9999-12-31T23:59:59.999Z",
  "4/3/2025",
  "04/03/2025",
  "31/02/2025",
  "29/2/2024",
  "1/13/2025",
  "03-04-2025",
  "2025-3-4",
  "2025-03-04T",
  "2025-03-04T09",
  "2025-03-04  09:15",
  "",
  "   ",
  "n/a",
  "\u00A02025-01-01\u3000",
  "\uFEFF2025-01-01",
  "\u180E2025-01-01",
  "2025-01-01\n",
  "2025-01-01\u0085",
  "２０２５-01-01",
  "2025-01-01T10:00:00+05",
  "2025-01-01T10:00:00+0530",
  "1969-12-31T23:59:59.999Z",
];

describe("date rules in SQL agree with the JS rules", () => {
  it("on tricky values", async () => {
    expect(await inSql(TRICKY)).toEqual(inJs(TRICKY));
  });

  it("on random date-like and arbitrary strings", async () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
    const piece = fc.oneof(
      digits(4),
      digits(2),
      digits(1),
      fc.constantFrom("-", "/", ":", "T", "t", " ", "Z", "z", "+", ".", "\t", "\u00A0", "x"),
    );
    const dateLike = fc.array(piece, { maxLength: 14 }).map((parts) => parts.join(""));
    const realistic = fc
      .record({
        y: fc.integer({ min: 0, max: 9999 }),
        m: fc.integer({ min: 0, max: 13 }),
        d: fc.integer({ min: 0, max: 32 }),
        h: fc.integer({ min: 0, max: 25 }),
        mi: fc.integer({ min: 0, max: 61 }),
        shape: fc.integer({ min: 0, max: 4 }),
      })
      .map(({ y, m, d, h, mi, shape }) => {
        const p = (n: number, w = 2) => String(n).padStart(w, "0");
        const date = `${p(y, 4)}-${p(m)}-${p(d)}`;
        return [
          date,
          `${date}T${p(h)}:${p(mi)}:${p(mi)}Z`,
          `${date} ${p(h)}:${p(mi)}+${p(h)}${p(mi)}`,
          `${d}/${m}/${p(y, 4)}`,
          `${date}T${p(h)}:${p(mi)}:00.${p(mi, 4)}-01:30`,
        ][shape] as string;
      });
    const values = fc.sample(fc.oneof(dateLike, realistic, fc.string()), { numRuns: 3000, seed: 42 });
    expect(await inSql(values)).toEqual(inJs(values));
  });
});
