import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { AppError } from "../core/errors.js";
import { firstProblem, validateForImport as validateWith } from "./import-validate.js";
import { createOscalValidator } from "./validate.js";

const fixtureText = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/oscal/${name}`, import.meta.url), "utf8");
const fixture = (name: string): Record<string, unknown> => JSON.parse(fixtureText(name));
const validator = createOscalValidator(JSON.parse(fixtureText("oscal_complete_schema-1.2.2.json")));
const validateForImport = (document: unknown) => validateWith(document, validator);

const refusal = (document: unknown): AppError => {
  try {
    validateForImport(document);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the document was accepted");
};

describe("validateForImport", () => {
  it("ships the same schema as NIST's file in the fixtures", () => {
    const shipped = gunzipSync(
      readFileSync(new URL("./oscal_complete_schema-1.2.2.json.gz", import.meta.url)),
    );
    expect(shipped.toString("utf8")).toBe(fixtureText("oscal_complete_schema-1.2.2.json"));
  });

  it("accepts the fixtures: catalog, profile and component definition", () => {
    expect(validateForImport(fixture("nist-800-53-rev5-excerpt.json"))).toBe("catalog");
    expect(validateForImport(fixture("nist-800-53-rev5-low-excerpt-profile.json"))).toBe("profile");
    expect(validateForImport(fixture("vendor-component-definition.json"))).toBe("component-definition");
  });

  it("names the path of a bad control id deep in a group", () => {
    const doc = fixture("nist-800-53-rev5-excerpt.json") as {
      catalog: { groups: { controls: { id: string }[] }[] };
    };
    doc.catalog.groups[0]!.controls[3]!.id = "AC 5";
    const error = refusal(doc);
    expect(error.code).toBe("VALIDATION");
    expect((error.details as { path: string }[])[0]?.path).toBe("/catalog/groups/0/controls/3/id");
    expect(error.message).toContain("/catalog/groups/0/controls/3/id");
  });

  it("names a missing required property and an unknown one", () => {
    const doc = fixture("nist-800-53-rev5-low-excerpt-profile.json") as { profile: Record<string, unknown> };
    delete doc.profile.metadata;
    expect((refusal(doc).details as { path: string; message: string }[])[0]).toEqual({
      path: "/profile",
      message: 'must have the property "metadata"',
    });
    const extra = fixture("vendor-component-definition.json") as {
      "component-definition": Record<string, unknown>;
    };
    extra["component-definition"].vendor = "Kavach";
    expect((refusal(extra).details as { path: string }[])[0]?.path).toBe("/component-definition/vendor");
  });

  it("refuses documents that are not OSCAL, and models it does not import", () => {
    expect((refusal({ hello: 1 }).details as { path: string }[])[0]?.path).toBe("");
    expect(refusal([1, 2]).code).toBe("VALIDATION");
    const mapping = {
      validate: () => ({ ok: true as const, model: "system-security-plan" as const }),
    };
    expect(() => validateWith({}, mapping)).toThrow(/cannot be imported/);
  });
});

describe("firstProblem", () => {
  it("prefers the deepest problem over the anyOf summary and shallower branch problems", () => {
    expect(
      firstProblem([
        { path: "/catalog/groups/0/controls", message: "is not allowed here (unknown property)" },
        { path: "/catalog/groups/0/controls/1/id", message: "must match pattern" },
        { path: "/catalog/groups/0", message: "must match a schema in anyOf" },
      ]),
    ).toEqual({ path: "/catalog/groups/0/controls/1/id", message: "must match pattern" });
    expect(firstProblem([])).toBeUndefined();
  });
});
