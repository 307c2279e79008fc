/** Tables of access review campaigns (issue 7 §3). */

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until the capability's tables land
export interface AccessReviewTables {}
