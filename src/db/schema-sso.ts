/** Tables of OpenID Connect single sign-on (issue 6 §5). */

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until the capability's tables land
export interface SsoTables {}
