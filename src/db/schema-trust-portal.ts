/** Tables of the trust portal's per-organization settings (issue 5 §5). */

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until the capability's tables land
export interface TrustPortalTables {}
