import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  csocText,
  hrefFileName,
  mergeImportedCsocs,
  parseCatalog,
  parseComponentDefinition,
  parseProfile,
  selectControls,
  unknownSelectedIds,
} from "./import-parse.js";

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/oscal/${name}`, import.meta.url), "utf8"));

describe("parseCatalog", () => {
  const catalog = parseCatalog(fixture("nist-800-53-rev5-excerpt.json"));

  it("reads the metadata and flattens families and enhancements in document order", () => {
    expect(catalog.title).toContain("NIST SP 800-53 Rev 5");
    expect(catalog.oscalVersion).toBe("1.1.1");
    const ids = catalog.controls.map((c) => c.id);
    expect(ids.slice(0, 5)).toEqual(["ac-1", "ac-2", "ac-2.1", "ac-2.2", "ac-2.3"]);
    expect(ids).toContain("ia-5.1");
    expect(new Set(catalog.controls.map((c) => c.groupId))).toEqual(new Set(["ac", "au", "ia"]));
  });

  it("keeps labels, classes, groups and parents", () => {
    const enh = catalog.controls.find((c) => c.id === "ac-2.1");
    expect(enh).toMatchObject({
      label: "AC-2(1)",
      title: "Automated System Account Management",
      class: "SP800-53-enhancement",
      groupTitle: "Access Control",
      parentId: "ac-2",
    });
    expect(catalog.controls.find((c) => c.id === "au-6")?.title).toBe(
      "Audit Record Review, Analysis, and Reporting",
    );
  });

  it("leaves withdrawn controls out and reads controls outside groups", () => {
    const parsed = parseCatalog({
      catalog: {
        controls: [
          { id: "x-1", title: "Kept" },
          { id: "x-2", title: "Gone", props: [{ name: "status", value: "withdrawn" }] },
        ],
      },
    });
    expect(parsed.controls.map((c) => c.id)).toEqual(["x-1"]);
    expect(parsed.controls[0]?.groupId).toBeNull();
  });
});

describe("parseProfile and selectControls", () => {
  const catalog = parseCatalog(fixture("nist-800-53-rev5-excerpt.json"));
  const profile = parseProfile(fixture("nist-800-53-rev5-low-excerpt-profile.json"));

  it("follows a #uuid href to the back-matter resource's links", () => {
    expect(profile.imports[0]?.hrefs).toEqual([
      "#84cbf061-eb87-4ec1-8112-1f529232e907",
      "NIST_SP-800-53_rev5_catalog.json",
    ]);
  });

  it("selects the listed ids in catalog order, not the moderate-baseline ones", () => {
    const imp = profile.imports[0]!;
    const ids = selectControls(imp, catalog.controls).map((c) => c.id);
    expect(ids).toHaveLength(22);
    expect(ids).toContain("ia-2.1");
    expect(ids).not.toContain("ac-5");
    expect(ids).not.toContain("ac-2.1");
    expect(unknownSelectedIds(imp, catalog.controls)).toEqual([]);
  });

  it("supports include-all, patterns, child controls and exclusions", () => {
    const imp = {
      hrefs: [],
      includeAll: false,
      include: [{ withIds: ["ac-6"], matching: ["au-1*"], withChildControls: true }],
      exclude: [{ withIds: ["ac-6.2"], matching: [], withChildControls: false }],
    };
    expect(selectControls(imp, catalog.controls).map((c) => c.id)).toEqual([
      "ac-6",
      "ac-6.1",
      "au-1",
      "au-11",
      "au-12",
    ]);
    expect(selectControls({ ...imp, includeAll: true, exclude: [] }, catalog.controls)).toHaveLength(
      catalog.controls.length,
    );
  });

  it("names selected ids the catalog lacks", () => {
    const imp = {
      hrefs: [],
      includeAll: false,
      include: [{ withIds: ["ac-1", "zz-9"], matching: [], withChildControls: false }],
      exclude: [],
    };
    expect(unknownSelectedIds(imp, catalog.controls)).toEqual(["zz-9"]);
  });

  it("takes the file name of an href", () => {
    expect(hrefFileName("https://example.org/a/b/NIST_SP-800-53_rev5_catalog.json?x=1")).toBe(
      "NIST_SP-800-53_rev5_catalog.json",
    );
    expect(hrefFileName("catalog.json")).toBe("catalog.json");
  });
});

describe("parseComponentDefinition", () => {
  const def = parseComponentDefinition(fixture("vendor-component-definition.json"));

  it("lists implemented requirements with criteria from props and criterion control ids", () => {
    expect(def.components).toEqual([
      { uuid: "b8e4d3c2-6f5a-4b4c-8d9e-8f7a6b5c4d3e", title: "Kavach Cloud Logging", type: "service" },
    ]);
    expect(def.requirements.map((r) => [r.controlId, r.criteria])).toEqual([
      ["au-9", ["CC7.2"]],
      ["au-11", []],
      ["ac-6", ["CC6.1", "CC6.3"]],
    ]);
    const own = parseComponentDefinition({
      "component-definition": {
        components: [
          {
            title: "T",
            "control-implementations": [
              {
                "implemented-requirements": [
                  { "control-id": "cc6.1", description: "d", props: [{ name: "criterion", value: "bogus" }] },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(own.requirements[0]?.criteria).toEqual(["CC6.1"]);
  });

  it("writes CSOC texts that name component and control, within 2,000 characters", () => {
    expect(csocText(def.requirements[0]!)).toMatch(/^Kavach Cloud Logging — au-9: Kavach stores/);
    const long = csocText({ ...def.requirements[0]!, description: "x".repeat(3000) });
    expect(long).toHaveLength(2000);
  });
});

describe("mergeImportedCsocs", () => {
  it("replaces an earlier import's CSOCs, keeps hand-written ones and skips duplicates", () => {
    const merged = mergeImportedCsocs(
      [
        { text: "hand", criteria: [] },
        { text: "old import", criteria: ["CC6.1"] },
      ],
      ["old import"],
      [
        { text: "new", criteria: [] },
        { text: "hand", criteria: ["CC1.1"] },
        { text: "new", criteria: [] },
      ],
    );
    expect(merged).toEqual([
      { text: "hand", criteria: [] },
      { text: "new", criteria: [] },
    ]);
  });
});
