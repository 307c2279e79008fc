/** Tables of the DC 200 system description. */
export type DescriptionTables = Record<never, never>;
