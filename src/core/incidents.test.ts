import { describe, expect, it } from "vitest";
import {
  closureProblems,
  disclosureProblem,
  formatIncidentRef,
  regulatorsForSector,
  SEVERITY_DEFINITIONS,
  statusChangeProblem,
} from "./incidents.js";

const ready = {
  status: "resolved",
  rootCause: "Bucket policy allowed public reads.",
  lessons: "Block public access at the account level.",
  reviewCompletedAt: "2026-07-20T10:00:00Z",
  actions: [
    { title: "Enable S3 Block Public Access", status: "done" },
    { title: "Rewrite bucket module", status: "accepted" },
  ],
};

describe("closing an incident", () => {
  it("closes a resolved incident with its review recorded and every action done or accepted", () => {
    expect(closureProblems(ready)).toEqual([]);
  });

  it("refuses without the post-incident review", () => {
    expect(closureProblems({ ...ready, reviewCompletedAt: null })).toEqual([
      expect.stringMatching(/post-incident review/),
    ]);
    expect(closureProblems({ ...ready, lessons: "  " })).toHaveLength(1);
  });

  it("names the actions still open", () => {
    const problems = closureProblems({
      ...ready,
      actions: [...ready.actions, { title: "Rotate keys", status: "open" }],
    });
    expect(problems).toEqual([expect.stringContaining("Rotate keys")]);
  });

  it("needs the incident resolved first and refuses a second closure", () => {
    expect(closureProblems({ ...ready, status: "contained" })[0]).toMatch(/Resolve/);
    expect(closureProblems({ ...ready, status: "closed" })).toEqual(["The incident is already closed."]);
  });
});

describe("status changes and references", () => {
  it("allows moves between open, contained and resolved, but not into or out of closed", () => {
    expect(statusChangeProblem("open", "resolved")).toBeNull();
    expect(statusChangeProblem("resolved", "open")).toBeNull();
    expect(statusChangeProblem("resolved", "closed")).toMatch(/close action/);
    expect(statusChangeProblem("closed", "open")).toMatch(/closed incident/);
  });

  it("formats references and defines every severity", () => {
    expect(formatIncidentRef(7)).toBe("INC-007");
    expect(formatIncidentRef(1234)).toBe("INC-1234");
    expect(Object.keys(SEVERITY_DEFINITIONS)).toEqual(["SEV1", "SEV2", "SEV3", "SEV4"]);
  });
});

describe("disclosure and regulators", () => {
  it("requires nature, extent and resolution only when disclosing", () => {
    const empty = { nature: "", extent: " ", resolution: "Fixed" };
    expect(disclosureProblem(false, empty)).toBeNull();
    expect(disclosureProblem(true, empty)).toBe(
      "To disclose the incident in the system description, write its nature, extent.",
    );
    expect(disclosureProblem(true, { nature: "a", extent: "b", resolution: "c" })).toBeNull();
  });

  it("suggests RBI for a fintech or BFSI organization only", () => {
    expect(regulatorsForSector("fintech_bfsi")).toEqual(["RBI"]);
    expect(regulatorsForSector("saas")).toEqual([]);
  });
});
