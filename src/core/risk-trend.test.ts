import { describe, expect, it } from "vitest";
import { bandCounts, compareSnapshots, heatMap, type RiskPoint, riskTrend } from "./risk-trend.js";

const risk = (id: string, l: number, i: number, rl: number, ri: number, status = "open"): RiskPoint => ({
  id,
  ref: `RISK-${id}`,
  title: `Risk ${id}`,
  status,
  likelihood: l,
  impact: i,
  residualLikelihood: rl,
  residualImpact: ri,
});

describe("heat map", () => {
  const risks = [
    risk("1", 5, 5, 2, 5),
    risk("2", 5, 5, 1, 1),
    risk("3", 2, 3, 2, 3),
    risk("4", 5, 5, 5, 5, "closed"),
  ];

  it("counts open risks per likelihood × impact cell on either basis", () => {
    const inherent = heatMap(risks, "inherent");
    expect(inherent[4]?.[4]).toBe(2);
    expect(inherent[1]?.[2]).toBe(1);
    expect(inherent.flat().reduce((a, b) => a + b, 0)).toBe(3);
    const residual = heatMap(risks, "residual");
    expect(residual[1]?.[4]).toBe(1);
    expect(residual[0]?.[0]).toBe(1);
    expect(residual[4]?.[4]).toBe(0);
  });

  it("counts bands of open risks", () => {
    expect(bandCounts(risks, "inherent")).toEqual({ low: 0, medium: 1, high: 0, critical: 2 });
    expect(bandCounts(risks, "residual")).toEqual({ low: 1, medium: 1, high: 1, critical: 0 });
  });
});

describe("movements between snapshots", () => {
  const before = [risk("1", 4, 4, 3, 3), risk("2", 4, 4, 2, 2), risk("3", 3, 3, 2, 2), risk("4", 3, 3, 1, 1)];
  const after = [
    risk("1", 4, 4, 4, 4), // up 9 → 16
    risk("2", 4, 4, 1, 2), // down 4 → 2
    risk("3", 3, 3, 2, 2), // unchanged
    risk("4", 3, 3, 1, 1, "closed"), // closed
    risk("5", 5, 4, 3, 4), // new
  ];

  it("finds new, closed, up and down on residual score", () => {
    const step = compareSnapshots(before, after);
    expect(step.counts).toEqual({ new: 1, closed: 1, up: 1, down: 1 });
    expect(step.unchanged).toBe(1);
    expect(step.movements.map((m) => [m.kind, m.id, m.from, m.to])).toEqual([
      ["up", "1", 9, 16],
      ["down", "2", 4, 2],
      ["closed", "4", 1, null],
      ["new", "5", null, 12],
    ]);
  });

  it("treats a risk removed from the register as closed and a reopened one as new", () => {
    const step = compareSnapshots([risk("1", 3, 3, 3, 3)], []);
    expect(step.counts.closed).toBe(1);
    const reopened = compareSnapshots([risk("1", 3, 3, 3, 3, "closed")], [risk("1", 3, 3, 3, 3)]);
    expect(reopened.counts.new).toBe(1);
  });

  it("builds a trend with band counts per snapshot and a step from the second on", () => {
    const trend = riskTrend([
      { label: "2025", risks: before },
      { label: "2026", risks: after },
    ]);
    expect(trend.map((t) => t.label)).toEqual(["2025", "2026"]);
    expect(trend[0]?.step).toBeNull();
    expect(trend[0]?.residual).toEqual({ low: 3, medium: 1, high: 0, critical: 0 });
    expect(trend[1]?.residual).toEqual({ low: 2, medium: 0, high: 2, critical: 0 });
    expect(trend[1]?.step?.counts).toEqual({ new: 1, closed: 1, up: 1, down: 1 });
  });
});
