import { describe, expect, it } from "vitest";
import {
  acceptanceExpired,
  assessmentApprovalProblems,
  assessmentCriteria,
  bandOfScore,
  formatRiskRef,
  reviewOverdue,
  riskRating,
  riskScore,
  SCALE,
  type TreatmentFacts,
  treatmentProblems,
} from "./risk.js";

const base: TreatmentFacts = {
  treatment: "mitigate",
  controlCount: 1,
  transferTo: null,
  ownerUserId: "owner",
  approverUserId: null,
  approverIsOrgAdmin: false,
  acceptExpiresOn: null,
  likelihood: 4,
  impact: 4,
  residualLikelihood: 2,
  residualImpact: 3,
  today: "2026-05-01",
};
const fields = (f: TreatmentFacts) => treatmentProblems(f).map((p) => p.field);

describe("risk rating", () => {
  it("bands every cell of the 5 × 5 grid at the documented edges", () => {
    expect(riskRating(1, 1)).toEqual({ score: 1, band: "low" });
    expect(riskRating(2, 2)).toEqual({ score: 4, band: "low" });
    expect(riskRating(1, 5)).toEqual({ score: 5, band: "medium" });
    expect(riskRating(3, 3)).toEqual({ score: 9, band: "medium" });
    expect(riskRating(2, 5)).toEqual({ score: 10, band: "high" });
    expect(riskRating(4, 4)).toEqual({ score: 16, band: "high" });
    expect(riskRating(4, 5)).toEqual({ score: 20, band: "critical" });
    expect(riskRating(5, 5)).toEqual({ score: 25, band: "critical" });
  });

  it("is symmetric and never lowers the band when a dimension rises", () => {
    const order = ["low", "medium", "high", "critical"];
    for (const l of SCALE) {
      for (const i of SCALE) {
        expect(riskRating(l, i)).toEqual(riskRating(i, l));
        if (l < 5) {
          expect(order.indexOf(riskRating(l + 1, i).band)).toBeGreaterThanOrEqual(
            order.indexOf(riskRating(l, i).band),
          );
        }
      }
    }
    expect(bandOfScore(19)).toBe("high");
  });

  it("refuses values off the scale", () => {
    expect(() => riskScore(0, 3)).toThrow(RangeError);
    expect(() => riskScore(3, 6)).toThrow(RangeError);
    expect(() => riskScore(2.5, 3)).toThrow(RangeError);
  });

  it("numbers risks as RISK-001", () => {
    expect(formatRiskRef(7)).toBe("RISK-007");
    expect(formatRiskRef(1234)).toBe("RISK-1234");
  });
});

describe("treatment rules", () => {
  it("accepts a sound mitigation", () => {
    expect(treatmentProblems(base)).toEqual([]);
  });

  it("refuses residual ratings above the inherent ones", () => {
    expect(fields({ ...base, residualLikelihood: 5 })).toEqual(["residualLikelihood"]);
    expect(fields({ ...base, residualImpact: 5 })).toEqual(["residualImpact"]);
  });

  it("needs controls for mitigate and a counterparty for transfer", () => {
    expect(fields({ ...base, controlCount: 0 })).toEqual(["controlIds"]);
    expect(fields({ ...base, treatment: "transfer", transferTo: "  " })).toEqual(["transferTo"]);
    expect(fields({ ...base, treatment: "transfer", transferTo: "ICICI Lombard cyber policy" })).toEqual([]);
    expect(fields({ ...base, treatment: "avoid", controlCount: 0 })).toEqual([]);
  });

  it("needs an organization admin other than the owner, and a future expiry, for accept", () => {
    const accept = { ...base, treatment: "accept" as const, controlCount: 0 };
    expect(fields(accept)).toEqual(["acceptApproverUserId", "acceptExpiresOn"]);
    const named = {
      ...accept,
      approverUserId: "admin",
      approverIsOrgAdmin: true,
      acceptExpiresOn: "2027-03-31",
    };
    expect(fields(named)).toEqual([]);
    expect(treatmentProblems({ ...named, approverUserId: "owner" })[0]?.message).toMatch(/other than/);
    expect(treatmentProblems({ ...named, approverIsOrgAdmin: false })[0]?.message).toMatch(
      /organization admin/,
    );
    expect(fields({ ...named, acceptExpiresOn: "2026-05-01" })).toEqual(["acceptExpiresOn"]);
  });
});

describe("due dates", () => {
  it("flags an open risk past its review date, not a closed one or one due today", () => {
    expect(reviewOverdue({ status: "open", reviewDate: "2026-04-30" }, "2026-05-01")).toBe(true);
    expect(reviewOverdue({ status: "open", reviewDate: "2026-05-01" }, "2026-05-01")).toBe(false);
    expect(reviewOverdue({ status: "closed", reviewDate: "2026-01-01" }, "2026-05-01")).toBe(false);
  });

  it("flags an accepted risk whose acceptance ran out", () => {
    const r = { status: "open", treatment: "accept", acceptExpiresOn: "2026-04-30" };
    expect(acceptanceExpired(r, "2026-05-01")).toBe(true);
    expect(acceptanceExpired({ ...r, treatment: "mitigate" }, "2026-05-01")).toBe(false);
    expect(acceptanceExpired(r, "2026-04-30")).toBe(false);
  });
});

describe("annual assessment", () => {
  const ok = {
    fraudConsideration: "Merchant onboarding fraud and insider misuse of settlement files were assessed.",
    significantChanges: ["Moved card vault to ap-south-2"],
    noSignificantChanges: false,
    openRiskCount: 3,
  };

  it("may be approved with a fraud consideration and changes (or an explicit none)", () => {
    expect(assessmentApprovalProblems(ok)).toEqual([]);
    expect(assessmentApprovalProblems({ ...ok, significantChanges: [], noSignificantChanges: true })).toEqual(
      [],
    );
  });

  it("names what is missing", () => {
    const f = (x: typeof ok) => assessmentApprovalProblems(x).map((p) => p.field);
    expect(f({ ...ok, fraudConsideration: "n/a" })).toEqual(["fraudConsideration"]);
    expect(f({ ...ok, significantChanges: [" "] })).toEqual(["significantChanges"]);
    expect(f({ ...ok, noSignificantChanges: true })).toEqual(["significantChanges"]);
    expect(f({ ...ok, openRiskCount: 0 })).toEqual(["risks"]);
  });

  it("serves CC3 always and CC9.1 when a disruption risk is mitigated or transferred", () => {
    expect(assessmentCriteria([{ category: "fraud", treatment: "mitigate", status: "open" }])).toEqual([
      "CC3.1",
      "CC3.2",
      "CC3.3",
      "CC3.4",
    ]);
    expect(assessmentCriteria([{ category: "technology", treatment: "transfer", status: "open" }])).toContain(
      "CC9.1",
    );
    expect(
      assessmentCriteria([{ category: "technology", treatment: "transfer", status: "closed" }]),
    ).not.toContain("CC9.1");
  });
});
