/**
 * Reading OSCAL documents for import (issue 6 §2): a catalog flattens to its controls (groups and
 * enhancements included, withdrawn controls left out), a profile to the controls it selects from the
 * catalog it imports, and a component definition to complementary subservice organization controls
 * (CSOCs) of a vendor. Pure: the documents have already passed NIST's schema (import-validate.ts),
 * so only the fields used here are read.
 */
import { isCriterionId } from "../core/criteria.js";

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {};
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s) => typeof s === "string") : []);

export interface OscalMetadata {
  readonly uuid: string;
  readonly title: string;
  readonly version: string;
  readonly oscalVersion: string;
  readonly lastModified: string;
}

export interface ImportedControl {
  /** The control's id in the catalog, e.g. "ac-2" or "ac-2.1". */
  readonly id: string;
  /** The printed label when the catalog gives one ("AC-2(1)"), else the id. */
  readonly label: string;
  readonly title: string;
  readonly class: string | null;
  readonly groupId: string | null;
  readonly groupTitle: string | null;
  /** The control an enhancement belongs to. */
  readonly parentId: string | null;
}

export interface ParsedCatalog extends OscalMetadata {
  readonly controls: readonly ImportedControl[];
}

const metadataOf = (root: Json): OscalMetadata => {
  const m = obj(root.metadata);
  return {
    uuid: str(root.uuid),
    title: str(m.title),
    version: str(m.version),
    oscalVersion: str(m["oscal-version"]),
    lastModified: str(m["last-modified"]),
  };
};

const propValue = (c: Json, name: string): string | null => {
  const p = arr(c.props).find((x) => x.name === name && !x.class);
  return p ? str(p.value) : null;
};

/** Every control of a catalog in document order, enhancements after their control. */
export const parseCatalog = (document: unknown): ParsedCatalog => {
  const root = obj(obj(document).catalog);
  const controls: ImportedControl[] = [];
  const walkControls = (list: unknown, group: Json | null, parentId: string | null) => {
    for (const c of arr(list)) {
      if (propValue(c, "status") === "withdrawn") continue;
      const id = str(c.id);
      controls.push({
        id,
        label: propValue(c, "label") ?? id,
        title: str(c.title),
        class: str(c.class) || null,
        groupId: group ? str(group.id) || null : null,
        groupTitle: group ? str(group.title) || null : null,
        parentId,
      });
      walkControls(c.controls, group, id);
    }
  };
  const walkGroups = (list: unknown) => {
    for (const g of arr(list)) {
      walkControls(g.controls, g, null);
      walkGroups(g.groups);
    }
  };
  walkControls(root.controls, null, null);
  walkGroups(root.groups);
  return { ...metadataOf(root), controls };
};

export interface ProfileImport {
  /** The import's href followed by the links of the back-matter resource it points to ("#uuid"). */
  readonly hrefs: readonly string[];
  readonly includeAll: boolean;
  readonly include: readonly ControlSelector[];
  readonly exclude: readonly ControlSelector[];
}

export interface ControlSelector {
  readonly withIds: readonly string[];
  /** Glob patterns ("ac-*"). */
  readonly matching: readonly string[];
  readonly withChildControls: boolean;
}

export interface ParsedProfile extends OscalMetadata {
  readonly imports: readonly ProfileImport[];
}

const selectorsOf = (v: unknown): ControlSelector[] =>
  arr(v).map((s) => ({
    withIds: strs(s["with-ids"]),
    matching: arr(s.matching)
      .map((m) => str(m.pattern))
      .filter(Boolean),
    withChildControls: s["with-child-controls"] === "yes",
  }));

export const parseProfile = (document: unknown): ParsedProfile => {
  const root = obj(obj(document).profile);
  const resources = arr(obj(root["back-matter"]).resources);
  const imports = arr(root.imports).map((i): ProfileImport => {
    const href = str(i.href);
    const hrefs = [href];
    if (href.startsWith("#")) {
      const resource = resources.find((r) => str(r.uuid) === href.slice(1));
      if (resource) hrefs.push(...arr(resource.rlinks).map((l) => str(l.href)));
    }
    return {
      hrefs: hrefs.filter(Boolean),
      includeAll: "include-all" in i,
      include: selectorsOf(i["include-controls"]),
      exclude: selectorsOf(i["exclude-controls"]),
    };
  });
  return { ...metadataOf(root), imports };
};

const globToRegExp = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );

const selects = (selectors: readonly ControlSelector[], controls: readonly ImportedControl[]) => {
  const chosen = new Set<string>();
  for (const s of selectors) {
    const patterns = s.matching.map(globToRegExp);
    for (const c of controls) {
      if (s.withIds.includes(c.id) || patterns.some((p) => p.test(c.id))) chosen.add(c.id);
    }
    if (s.withChildControls) {
      let grew = true;
      while (grew) {
        grew = false;
        for (const c of controls) {
          if (c.parentId && chosen.has(c.parentId) && !chosen.has(c.id)) {
            chosen.add(c.id);
            grew = true;
          }
        }
      }
    }
  }
  return chosen;
};

/** Ids a selector names that the catalog does not have (a profile naming them is refused). */
export const unknownSelectedIds = (imp: ProfileImport, controls: readonly ImportedControl[]): string[] => {
  const known = new Set(controls.map((c) => c.id));
  return [...imp.include, ...imp.exclude].flatMap((s) => s.withIds.filter((id) => !known.has(id)));
};

/** The catalog's controls one import of a profile selects, in catalog order. */
export const selectControls = (
  imp: ProfileImport,
  controls: readonly ImportedControl[],
): ImportedControl[] => {
  const included = imp.includeAll ? new Set(controls.map((c) => c.id)) : selects(imp.include, controls);
  const excluded = selects(imp.exclude, controls);
  return controls.filter((c) => included.has(c.id) && !excluded.has(c.id));
};

/** The name of a file at the end of an href ("…/json/NIST_SP-800-53_rev5_catalog.json" → the name). */
export const hrefFileName = (href: string): string => {
  const path = href.split(/[?#]/)[0] ?? "";
  return path.slice(path.lastIndexOf("/") + 1);
};

export interface ComponentRequirement {
  readonly componentTitle: string;
  readonly source: string;
  readonly controlId: string;
  readonly description: string;
  readonly criteria: readonly string[];
}

export interface ParsedComponentDefinition extends OscalMetadata {
  readonly components: readonly { readonly uuid: string; readonly title: string; readonly type: string }[];
  readonly requirements: readonly ComponentRequirement[];
}

/**
 * Criteria of an implemented requirement: its control id when that is a criterion ("cc6.1" from a
 * catalog of the criteria) and any prop named "criterion" whose value is one.
 */
const criteriaOf = (r: Json): string[] => {
  const found = [
    str(r["control-id"]).toUpperCase(),
    ...arr(r.props)
      .filter((p) => p.name === "criterion")
      .map((p) => str(p.value).toUpperCase()),
  ];
  return [...new Set(found.filter(isCriterionId))];
};

export const parseComponentDefinition = (document: unknown): ParsedComponentDefinition => {
  const root = obj(obj(document)["component-definition"]);
  const components = arr(root.components);
  return {
    ...metadataOf(root),
    components: components.map((c) => ({ uuid: str(c.uuid), title: str(c.title), type: str(c.type) })),
    requirements: components.flatMap((c) =>
      arr(c["control-implementations"]).flatMap((ci) =>
        arr(ci["implemented-requirements"]).map((r) => ({
          componentTitle: str(c.title),
          source: str(ci.source),
          controlId: str(r["control-id"]),
          description: str(r.description).trim(),
          criteria: criteriaOf(r),
        })),
      ),
    ),
  };
};

/** A CSOC's text: which component, which control, what it does (the vendor register holds up to 2,000 characters). */
export const csocText = (r: ComponentRequirement): string => {
  const text = `${r.componentTitle} — ${r.controlId}: ${r.description}`;
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text;
};

export interface Csoc {
  readonly text: string;
  readonly criteria: readonly string[];
}

/**
 * A vendor's CSOCs after importing a component definition: those an earlier import of the same
 * definition wrote are replaced, CSOCs typed by hand stay, and a text already present is not repeated.
 */
export const mergeImportedCsocs = (
  existing: readonly Csoc[],
  previouslyImported: readonly string[],
  incoming: readonly Csoc[],
): Csoc[] => {
  const drop = new Set(previouslyImported);
  const kept = existing.filter((c) => !drop.has(c.text));
  const seen = new Set(kept.map((c) => c.text));
  const added = incoming.filter((c) => !seen.has(c.text) && seen.add(c.text));
  return [...kept, ...added];
};
