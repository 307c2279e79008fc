/** Tables of frameworks imported from OSCAL (issue 6 §2). */

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until the capability's tables land
export interface ImportedFrameworkTables {}
