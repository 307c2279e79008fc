import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { engagementDocArbitrary } from "../../../test/support/engagement-doc-arbitrary.js";
import { canonicalDocument, parseEngagementDoc, withoutInformational } from "../../core/engagement-yaml.js";
import { AppError } from "../../core/errors.js";
import { engagementDocFromYaml, engagementDocToYaml } from "./engagement-code-yaml.js";

const failure = (text: string): AppError => {
  try {
    engagementDocFromYaml(text);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a validation error");
};

describe("engagement YAML text", () => {
  it("round-trips any valid document through validation unchanged (property)", () => {
    fc.assert(
      fc.property(engagementDocArbitrary, (doc) => {
        const canonical = canonicalDocument(doc);
        const r = parseEngagementDoc(JSON.parse(JSON.stringify(canonical)));
        if (!r.ok) throw new Error(JSON.stringify(r.problems));
        expect(r.doc).toEqual(canonical);
        expect(withoutInformational(r.doc)).toEqual(withoutInformational(canonical));
      }),
      { numRuns: 200 },
    );
  });

  it("round-trips any valid document through YAML text (property)", () => {
    fc.assert(
      fc.property(engagementDocArbitrary, (doc) => {
        const text = engagementDocToYaml(doc);
        const back = engagementDocFromYaml(text);
        expect(back).toEqual(canonicalDocument(doc));
        expect(engagementDocToYaml(back)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it("reports a YAML syntax error with line:column", () => {
    const e = failure("version: fieldwork/v1\nengagement:\n  name: [unclosed\n  type: type2\n");
    expect(e.code).toBe("VALIDATION");
    expect(e.message).toMatch(/line \d+:\d+/);
    expect((e.details as { path: string }[])[0]?.path).toMatch(/^\d+:\d+$/);
  });

  it("reports a schema problem with the field path", () => {
    const e = failure(
      [
        "version: fieldwork/v1",
        "engagement: { name: X, type: type2, categories: [CC] }",
        "controls:",
        "  - { code: IAM-01, domain: identity, title: T, description: D, criteria: [CC6.1], frequency: daily, automation: manual, owner: nobody }",
      ].join("\n"),
    );
    expect(e.code).toBe("VALIDATION");
    expect((e.details as { path: string }[])[0]?.path).toBe("controls[0].owner");
    expect(e.message).toContain("controls[0].owner");
  });

  it("refuses a file that is not a mapping and duplicate keys", () => {
    expect(failure("- a\n- b\n").message).toMatch(/mapping/);
    expect(failure("version: fieldwork/v1\nversion: fieldwork/v1\n").message).toMatch(/line 2:1/);
  });
});
