/** Tables of evidence repository. */
export type EvidenceTables = Record<never, never>;
