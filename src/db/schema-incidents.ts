/** Tables of the incident register (issue 7 §4). */

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until the capability's tables land
export interface IncidentTables {}
