/** Tables of policies, acknowledgements and training. */
export type PolicyTables = Record<never, never>;
