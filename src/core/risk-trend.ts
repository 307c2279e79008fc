/**
 * Reading the register as pictures: the likelihood × impact heat map, counts per band, and the
 * movements between two approved assessments' snapshots (new, closed, up, down). Pure.
 */
import { bandOfScore, RISK_BANDS, type RiskBand } from "./risk.js";

export type RatingBasis = "inherent" | "residual";

/** One risk as a snapshot records it (and as the heat map and trend read it). */
export interface RiskPoint {
  readonly id: string;
  readonly ref: string;
  readonly title: string;
  readonly status: string;
  readonly likelihood: number;
  readonly impact: number;
  readonly residualLikelihood: number;
  readonly residualImpact: number;
}

const pointOf = (r: RiskPoint, basis: RatingBasis) =>
  basis === "inherent" ? { l: r.likelihood, i: r.impact } : { l: r.residualLikelihood, i: r.residualImpact };

export const scoreOf = (r: RiskPoint, basis: RatingBasis): number => {
  const p = pointOf(r, basis);
  return p.l * p.i;
};

export const bandOf = (r: RiskPoint, basis: RatingBasis): RiskBand => bandOfScore(scoreOf(r, basis));

/**
 * Counts of open risks per cell: `grid[likelihood - 1][impact - 1]`. Closed risks are not exposure
 * and stay off the map.
 */
export const heatMap = (risks: readonly RiskPoint[], basis: RatingBasis): number[][] => {
  const grid = Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]);
  for (const r of risks) {
    if (r.status !== "open") continue;
    const p = pointOf(r, basis);
    const row = grid[p.l - 1];
    if (row && p.i >= 1 && p.i <= 5) row[p.i - 1] = (row[p.i - 1] ?? 0) + 1;
  }
  return grid;
};

export const bandCounts = (risks: readonly RiskPoint[], basis: RatingBasis): Record<RiskBand, number> => {
  const counts = Object.fromEntries(RISK_BANDS.map((b) => [b, 0])) as Record<RiskBand, number>;
  for (const r of risks) if (r.status === "open") counts[bandOf(r, basis)] += 1;
  return counts;
};

export type MovementKind = "new" | "closed" | "up" | "down";

export interface Movement {
  readonly kind: MovementKind;
  readonly id: string;
  readonly ref: string;
  readonly title: string;
  /** Residual score before and after (null where the risk was absent or closed). */
  readonly from: number | null;
  readonly to: number | null;
}

export interface TrendStep {
  readonly movements: Movement[];
  readonly counts: Record<MovementKind, number>;
  readonly unchanged: number;
}

/**
 * What moved between two snapshots, on residual rating (the exposure after treatment): a risk open
 * now but not open before is new; open before but closed or gone now is closed; otherwise its
 * residual score went up, down or stayed.
 */
export const compareSnapshots = (before: readonly RiskPoint[], after: readonly RiskPoint[]): TrendStep => {
  const openBefore = new Map(before.filter((r) => r.status === "open").map((r) => [r.id, r]));
  const openAfter = new Map(after.filter((r) => r.status === "open").map((r) => [r.id, r]));
  const movements: Movement[] = [];
  let unchanged = 0;
  for (const r of openAfter.values()) {
    const was = openBefore.get(r.id);
    const to = scoreOf(r, "residual");
    if (!was) {
      movements.push({ kind: "new", id: r.id, ref: r.ref, title: r.title, from: null, to });
      continue;
    }
    const from = scoreOf(was, "residual");
    if (to > from) movements.push({ kind: "up", id: r.id, ref: r.ref, title: r.title, from, to });
    else if (to < from) movements.push({ kind: "down", id: r.id, ref: r.ref, title: r.title, from, to });
    else unchanged += 1;
  }
  for (const was of openBefore.values()) {
    if (openAfter.has(was.id)) continue;
    const now = after.find((r) => r.id === was.id) ?? was;
    movements.push({
      kind: "closed",
      id: was.id,
      ref: now.ref,
      title: now.title,
      from: scoreOf(was, "residual"),
      to: null,
    });
  }
  movements.sort((a, b) => a.ref.localeCompare(b.ref));
  const counts: Record<MovementKind, number> = { new: 0, closed: 0, up: 0, down: 0 };
  for (const m of movements) counts[m.kind] += 1;
  return { movements, counts, unchanged };
};

export interface TrendPoint {
  readonly label: string;
  readonly inherent: Record<RiskBand, number>;
  readonly residual: Record<RiskBand, number>;
  /** Movements since the previous point; null for the first. */
  readonly step: TrendStep | null;
}

/** Band counts per snapshot (oldest first) and the movements between neighbours. */
export const riskTrend = (
  snapshots: readonly { label: string; risks: readonly RiskPoint[] }[],
): TrendPoint[] =>
  snapshots.map((s, i) => {
    const prev = i > 0 ? snapshots[i - 1] : undefined;
    return {
      label: s.label,
      inherent: bandCounts(s.risks, "inherent"),
      residual: bandCounts(s.risks, "residual"),
      step: prev ? compareSnapshots(prev.risks, s.risks) : null,
    };
  });
