/** Tables of engagement letters and management representation letters (issue 5 §4). */

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until the capability's tables land
export interface EngagementDocumentTables {}
