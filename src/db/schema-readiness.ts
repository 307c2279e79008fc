/** Tables of readiness snapshots. */
export type ReadinessTables = Record<never, never>;
