import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildReportManifest,
  diffManifestItems,
  type ManifestItem,
  manifestLeafHash,
  manifestRoot,
  parseReportManifest,
} from "./report-manifest.js";

const h = (s: string) => createHash("sha256").update(s).digest("hex");
const items: ManifestItem[] = [
  { kind: "workpaper", id: "wp-1", sha256: h("wp-1") },
  { kind: "evidence", id: "ev-2", sha256: h("ev-2") },
  { kind: "evidence", id: "ev-1", sha256: h("ev-1") },
  { kind: "population", id: "pop-1", sha256: h("pop-1") },
  { kind: "sample", id: "s-1", sha256: h("s-1") },
];

describe("manifestRoot", () => {
  it("is the documented RFC 6962 tree hash over the sorted leaves", () => {
    const sorted = [...items].sort((a, b) => (a.kind + a.id < b.kind + b.id ? -1 : 1));
    const node = (l: Buffer, r: Buffer) =>
      createHash("sha256")
        .update(Buffer.concat([Buffer.from([1]), l, r]))
        .digest();
    const [e1, e2, p1, s1, w1] = sorted.map(manifestLeafHash) as Buffer[];
    // 5 leaves split 4 + 1.
    const expected = node(node(node(e1!, e2!), node(p1!, s1!)), w1!).toString("hex");
    expect(manifestRoot(items)).toBe(expected);
    expect(manifestLeafHash(sorted[0]!).toString("hex")).toBe(
      createHash("sha256")
        .update(
          Buffer.concat([
            Buffer.from([0]),
            Buffer.from(`fieldwork-manifest-leaf/v1\nevidence\nev-1\n${h("ev-1")}`),
          ]),
        )
        .digest("hex"),
    );
  });

  it("has fixed roots for the empty and the one-item manifest", () => {
    expect(manifestRoot([])).toBe(h(""));
    expect(manifestRoot([items[0]!])).toBe(manifestLeafHash(items[0]!).toString("hex"));
  });

  it("does not depend on the order of the items", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(items, { minLength: items.length }), (shuffled) => {
        expect(manifestRoot(shuffled)).toBe(manifestRoot(items));
      }),
    );
  });

  it("changes when any item's hash, id or kind changes, or an item is added or removed", () => {
    const root = manifestRoot(items);
    for (let i = 0; i < items.length; i++) {
      const changed = items.map((it, j) => (j === i ? { ...it, sha256: h(`x${i}`) } : it));
      expect(manifestRoot(changed)).not.toBe(root);
      const renamed = items.map((it, j) => (j === i ? { ...it, id: `${it.id}x` } : it));
      expect(manifestRoot(renamed)).not.toBe(root);
      expect(manifestRoot(items.filter((_, j) => j !== i))).not.toBe(root);
    }
    expect(manifestRoot([...items, { kind: "sample", id: "s-2", sha256: h("s-2") }])).not.toBe(root);
    const rekinded = items.map((it, j) => (j === 0 ? { ...it, kind: "evidence" as const } : it));
    expect(manifestRoot(rekinded)).not.toBe(root);
  });

  it("rejects a duplicate item and a malformed hash", () => {
    expect(() => manifestRoot([...items, items[0]!])).toThrow(/twice/);
    expect(() => manifestRoot([{ kind: "evidence", id: "e", sha256: "ABC" }])).toThrow(/sha256/);
  });
});

describe("buildReportManifest / parseReportManifest", () => {
  const manifest = buildReportManifest({ engagementId: "eng-1", reportVersion: 2, items });

  it("round-trips through JSON with items in canonical order", () => {
    expect(manifest.format).toBe("fieldwork-report-manifest/v1");
    expect(manifest.items.map((i) => i.id)).toEqual(["ev-1", "ev-2", "pop-1", "s-1", "wp-1"]);
    expect(parseReportManifest(JSON.stringify(manifest))).toEqual(manifest);
  });

  it("fails as INTEGRITY when an item was edited without recomputing the root", () => {
    const edited = {
      ...manifest,
      items: manifest.items.map((i, j) => (j === 1 ? { ...i, sha256: h("z") } : i)),
    };
    expect(() => parseReportManifest(JSON.stringify(edited))).toThrow(/does not match its items/);
    expect(() => parseReportManifest("{")).toThrow(/not valid JSON/);
    expect(() => parseReportManifest(JSON.stringify({ ...manifest, format: "v0" }))).toThrow(
      /malformed at format/,
    );
  });

  it("rejects an empty engagement id or a version below 1", () => {
    expect(() => buildReportManifest({ engagementId: " ", reportVersion: 1, items })).toThrow(
      /engagement id/,
    );
    expect(() => buildReportManifest({ engagementId: "e", reportVersion: 0, items })).toThrow(/version/);
  });
});

describe("diffManifestItems", () => {
  it("names the changed, missing and unlisted items", () => {
    const actual = items
      .filter((i) => i.id !== "pop-1")
      .map((i) => (i.id === "ev-2" ? { ...i, sha256: h("other") } : i))
      .concat({ kind: "evidence", id: "ev-9", sha256: h("ev-9") });
    expect(diffManifestItems(items, actual)).toEqual([
      { kind: "evidence", id: "ev-2", problem: "changed", expected: h("ev-2"), actual: h("other") },
      { kind: "population", id: "pop-1", problem: "missing", expected: h("pop-1"), actual: null },
      { kind: "evidence", id: "ev-9", problem: "unlisted", expected: null, actual: h("ev-9") },
    ]);
    expect(diffManifestItems(items, [...items].reverse())).toEqual([]);
  });
});
