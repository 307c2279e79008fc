/** Tables of the evidence request list. */
export type RequestTables = Record<never, never>;
