/**
 * DC4 of the system description (SOC2.md §2.2): the incidents management discloses for the period
 * (Type 2) or up to the as-of date (Type 1). Incidents flagged for disclosure in the register join
 * those written into the description by hand; a period with none says so in so many words. Pure.
 */

export interface Dc4Entry {
  /** YYYY-MM-DD. */
  readonly date: string;
  readonly nature: string;
  readonly extent: string;
  readonly resolution: string;
}

export interface RegisterDisclosure {
  readonly awareAt: string;
  readonly disclose: boolean;
  readonly nature: string;
  readonly extent: string;
  readonly resolution: string;
}

export interface DisclosureWindow {
  /** YYYY-MM-DD, inclusive. */
  readonly start: string;
  readonly end: string;
}

const shiftYear = (iso: string, years: number): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/**
 * The dates whose incidents DC4 covers: the examination period for Type 2; for Type 1, the twelve
 * months up to the as-of date (a description as of a date still discloses the recent incidents
 * that shaped the controls in place on it).
 */
export const disclosureWindow = (e: {
  readonly type: "type1" | "type2";
  readonly periodStart?: string | null;
  readonly periodEnd?: string | null;
  readonly asOfDate?: string | null;
}): DisclosureWindow | null => {
  if (e.type === "type2") {
    return e.periodStart && e.periodEnd ? { start: e.periodStart, end: e.periodEnd } : null;
  }
  return e.asOfDate ? { start: shiftYear(e.asOfDate, -1), end: e.asOfDate } : null;
};

/** The awareness date (UTC) of an ISO timestamp. */
const dayOf = (iso: string): string => new Date(iso).toISOString().slice(0, 10);

/** Register incidents flagged for disclosure whose awareness falls in the window, as DC4 entries by date. */
export const registerDc4Entries = (
  incidents: readonly RegisterDisclosure[],
  window: DisclosureWindow,
): Dc4Entry[] =>
  incidents
    .filter((i) => i.disclose)
    .map((i) => ({
      date: dayOf(i.awareAt),
      nature: i.nature.trim(),
      extent: i.extent.trim(),
      resolution: i.resolution.trim(),
    }))
    .filter((i) => i.date >= window.start && i.date <= window.end)
    .sort((a, b) => a.date.localeCompare(b.date));

const key = (e: Dc4Entry) => `${e.date}\u0000${e.nature.trim().toLowerCase()}`;

/** The description's own DC4 entries and the register's, without repeating one written in both, by date. */
export const mergeDc4Entries = (manual: readonly Dc4Entry[], register: readonly Dc4Entry[]): Dc4Entry[] => {
  const seen = new Set(manual.map(key));
  return [...manual, ...register.filter((e) => !seen.has(key(e)))].sort((a, b) =>
    a.date.localeCompare(b.date),
  );
};

/**
 * The sentence that opens DC4: an explicit statement that there was nothing to disclose, or the
 * introduction of the table of disclosed incidents. `timeFrame` is e.g. "throughout the period
 * 1 April 2026 to 31 March 2027".
 */
export const dc4Opening = (count: number, timeFrame: string): { text: string; table: boolean } => {
  if (count === 0) return { text: `There were no system incidents to disclose ${timeFrame}.`, table: false };
  const what = count === 1 ? "the following system incident" : `the following ${count} system incidents`;
  return {
    text: `Management discloses ${what} ${timeFrame}: incidents that resulted from controls that were not suitably designed or did not operate effectively, or that otherwise caused a significant failure to meet the service commitments and system requirements.`,
    table: true,
  };
};
