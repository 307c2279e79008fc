/**
 * The date rules of src/core/population-rules.ts (parsePopulationDate, parsePopulationInstant) as
 * DuckDB macros, so a 10-million-row population is parsed inside DuckDB with exactly the rules the
 * JS path uses (population-dates.test.ts compares the two on tricky and random values).
 *
 * - fw_text(s): the value with JS String.prototype.trim() whitespace removed, '' for NULL;
 * - fw_date(s): 'YYYY-MM-DD' or NULL;
 * - fw_instant(s): milliseconds since 1970-01-01T00:00Z (BIGINT) or NULL.
 * The common shapes (an ISO date, an ISO timestamp in UTC without fractions) take a fast path with
 * one GLOB test and strptime; everything else goes through the full pattern.
 */

/** Every character JS trim() removes (ECMAScript WhiteSpace and LineTerminator). */
const JS_WHITESPACE =
  "\t\n\u000B\f\r \u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF";

/** Its code points outside U+2000–U+200A. */
const WS_CODE_POINTS = [9, 10, 11, 12, 13, 32, 160, 5760, 8232, 8233, 8239, 8287, 12288, 65279];

/** The same set as an RE2 character class. */
const WS = String.raw`[\t\n\x0B\f\r \x{00A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]`;

const ISO_DATE = String.raw`\d{4}-\d{2}-\d{2}`;

/** The two commonest shapes as GLOB patterns, which DuckDB matches far faster than a regex. */
const D = "[0-9]";
const GLOB_DATE = `${D}${D}${D}${D}-${D}${D}-${D}${D}`;
const GLOB_UTC = `${GLOB_DATE}T${D}${D}:${D}${D}:${D}${D}Z`;
const ISO_TIMESTAMP_TAIL = String.raw`(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?`;

/** Date cell: ISO date or timestamp (groups y, m, d) or D/M/Y (groups dd, mm, yy), trimmed. */
const DATE_PATTERN = String.raw`^${WS}*(?:(\d{4})-(\d{2})-(\d{2})${ISO_TIMESTAMP_TAIL}|(\d{1,2})/(\d{1,2})/(\d{4}))${WS}*$`;

/** Instant cell: as above, with the time, fraction and offset captured. */
const INSTANT_PATTERN = String.raw`^${WS}*(?:(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?([Zz]|([+-])(\d{2}):?(\d{2}))?)?|(\d{1,2})/(\d{1,2})/(\d{4}))${WS}*$`;

const lit = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** strptime formats for the fast instant shape (the regular expression has checked the digits). */
const FAST_FORMATS = ["T", "t", " "]
  .flatMap((sep) => ["Z", "z", ""].map((zone) => lit(`%Y-%m-%d${sep}%H:%M:%S${zone}`)))
  .join(", ");

const int = (group: string): string => `(CASE WHEN ${group} = '' THEN 0 ELSE CAST(${group} AS INTEGER) END)`;

export const DATE_MACROS: readonly string[] = [
  // Trimming with a 25-character set is slow; look at the first and last code points first.
  // Spelled as comparisons: DuckDB turns a long IN list into a join, far slower per row.
  `CREATE TEMP MACRO fw_ws(cp) AS
     NOT (cp > 32 AND cp < 160) AND (${WS_CODE_POINTS.map((c) => `cp = ${c}`).join(" OR ")} OR (cp >= 8192 AND cp <= 8202))`,
  `CREATE TEMP MACRO fw_text(s) AS
     CASE WHEN s IS NULL THEN ''
          WHEN fw_ws(unicode(s)) OR fw_ws(ord(s[-1])) THEN trim(s, ${lit(JS_WHITESPACE)})
          ELSE s
     END`,
  // DuckDB's calendar has a year 0 with 29 February; JS's Date (which the JS rule uses) does not.
  `CREATE TEMP MACRO fw_valid_date(iso) AS
     CASE WHEN iso <> '0000-02-29' AND try_cast(iso AS DATE) IS NOT NULL THEN iso END`,
  `CREATE TEMP MACRO fw_date_parts(x) AS
     CASE WHEN x.y <> '' THEN fw_valid_date(x.y || '-' || x.m || '-' || x.d)
          WHEN x.yy <> '' THEN fw_valid_date(x.yy || '-' || lpad(x.mm, 2, '0') || '-' || lpad(x.dd, 2, '0'))
     END`,
  `CREATE TEMP MACRO fw_date(s) AS
     CASE WHEN s IS NULL OR s = '' THEN NULL
          WHEN s GLOB ${lit(GLOB_DATE)} OR s GLOB ${lit(GLOB_UTC)} OR regexp_full_match(s, ${lit(ISO_DATE + ISO_TIMESTAMP_TAIL)})
            THEN fw_valid_date(substr(s, 1, 10))
          ELSE list_transform([regexp_extract(coalesce(s, ''), ${lit(DATE_PATTERN)}, ['y', 'm', 'd', 'dd', 'mm', 'yy'])],
                 x -> fw_date_parts(x))[1]
     END`,
  `CREATE TEMP MACRO fw_ms(iso, h, mi, sec, ms, sign, oh, om) AS
     CASE WHEN fw_valid_date(iso) IS NULL OR h > 23 OR mi > 59 OR sec > 59 OR oh > 23 OR om > 59 THEN NULL
          ELSE CAST(CAST(iso AS DATE) - DATE '1970-01-01' AS BIGINT) * 86400000
               + h * 3600000 + mi * 60000 + sec * 1000 + ms - sign * (oh * 60 + om) * 60000
     END`,
  `CREATE TEMP MACRO fw_instant_parts(x) AS
     CASE WHEN x.y <> '' THEN fw_ms(x.y || '-' || x.m || '-' || x.d, ${int("x.h")}, ${int("x.mi")}, ${int("x.sec")},
                                    CAST(rpad(left(x.frac, 3), 3, '0') AS INTEGER),
                                    CASE x.sign WHEN '-' THEN -1 WHEN '+' THEN 1 ELSE 0 END, ${int("x.oh")}, ${int("x.om")})
          WHEN x.yy <> '' THEN fw_ms(x.yy || '-' || lpad(x.mm, 2, '0') || '-' || lpad(x.dd, 2, '0'), 0, 0, 0, 0, 0, 0, 0)
     END`,
  // Empty cells are common and never a date: they must not reach the general path, whose lambda
  // costs DuckDB a set-up per vector it appears in.
  `CREATE TEMP MACRO fw_instant(s) AS
     CASE WHEN s IS NULL OR s = '' THEN NULL
          WHEN s GLOB ${lit(GLOB_UTC)}
            THEN CASE WHEN NOT starts_with(s, '0000-02-29') THEN epoch_ms(try_strptime(s, '%Y-%m-%dT%H:%M:%SZ')) END
          WHEN regexp_full_match(s, ${lit(String.raw`\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}[Zz]?`)})
            THEN CASE WHEN NOT starts_with(s, '0000-02-29') THEN epoch_ms(try_strptime(s, [${FAST_FORMATS}])) END
          WHEN s GLOB ${lit(GLOB_DATE)} THEN fw_ms(s, 0, 0, 0, 0, 0, 0, 0)
          ELSE list_transform([regexp_extract(coalesce(s, ''), ${lit(INSTANT_PATTERN)},
                 ['y', 'm', 'd', 'h', 'mi', 'sec', 'frac', 'tz', 'sign', 'oh', 'om', 'dd', 'mm', 'yy'])],
                 x -> fw_instant_parts(x))[1]
     END`,
];
