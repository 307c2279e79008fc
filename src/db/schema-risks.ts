/** Tables of the risk register and annual risk assessments (issue 7 §1). */

// biome-ignore lint/suspicious/noEmptyInterface: placeholder until the capability's tables land
export interface RiskTables {}
