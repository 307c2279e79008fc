/** Shared builders for the risk register tests. */

/** A date `days` away from `date` (YYYY-MM-DD). */
export const shiftDays = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** A sound mitigated risk owned by `ownerUserId`, with `extra` overriding fields. */
export const riskBody = (ownerUserId: string, extra: Record<string, unknown> = {}) => ({
  title: "Settlement file tampering",
  description: "Daily NPCI settlement files pass through an SFTP landing zone.",
  asset: "Settlement reconciliation",
  category: "operational",
  threat: "An insider edits a settlement file before reconciliation",
  vulnerability: "No integrity check between download and import",
  likelihood: 4,
  impact: 4,
  residualLikelihood: 2,
  residualImpact: 3,
  treatment: "mitigate",
  treatmentPlan: "Hash files on download and verify before import.",
  controlIds: ["RSK-02"],
  ownerUserId,
  reviewDate: shiftDays(new Date().toISOString().slice(0, 10), 60),
  ...extra,
});
