/** Tables of vendors, their assurance reports and questionnaires (issue 7 §2). */

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until the capability's tables land
export interface VendorTables {}
