/**
 * Fieldwork's framework mappings as an OSCAL mapping collection (OSCAL 1.2): one mapping per framework
 * from its requirements (source) to the criteria catalog (target), each link with its NIST IR 8477
 * relationship and our one-line rationale as remarks. The source of each mapping is a back-matter
 * resource naming the framework (Fieldwork does not publish the frameworks themselves as catalogs).
 */
import {
  controlIdOf,
  type DocumentInfo,
  line,
  metadataOf,
  prop,
  props,
  prune,
  text,
  uuidsFor,
} from "./common.js";

export interface MappedFramework {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly source: string;
  readonly mappings: readonly {
    readonly requirementId: string;
    readonly criterionId: string;
    readonly relationship: string;
    readonly rationale: string;
  }[];
}

export interface MappingInput {
  readonly document: DocumentInfo;
  readonly catalogHref: string;
  /** Frameworks to include; those without any mapping are left out. */
  readonly frameworks: readonly MappedFramework[];
}

/** Throws when no framework has a mapping: OSCAL requires at least one mapping with one map. */
export const buildMappingCollection = (input: MappingInput) => {
  const uuid = uuidsFor("fieldwork/mappings");
  const withMaps = input.frameworks.filter((f) => f.mappings.length > 0);
  if (withMaps.length === 0) throw new Error("No framework has mappings to export.");
  return prune({
    "mapping-collection": {
      uuid: uuid("collection", ...withMaps.map((f) => f.id)),
      metadata: metadataOf(input.document, uuid),
      provenance: {
        method: "human",
        "matching-rationale": "semantic",
        status: "complete",
        "mapping-description":
          "Written by the Fieldwork project: each requirement of the framework is linked to the Trust Services Criteria it relates to, with a one-line rationale of our own.",
      },
      mappings: withMaps.map((f) => ({
        uuid: uuid("mapping", f.id),
        "source-resource": {
          type: "catalog",
          href: `#${uuid("resource", f.id)}`,
          props: props(prop("framework", f.name), prop("source", f.source)),
        },
        "target-resource": { type: "catalog", href: input.catalogHref },
        "mapping-description": line(`${f.name} (${f.version}) to the Trust Services Criteria`, f.id),
        maps: f.mappings.map((m) => ({
          uuid: uuid("map", f.id, m.requirementId, m.criterionId),
          relationship: m.relationship,
          sources: [{ type: "control", "id-ref": line(m.requirementId, "unknown") }],
          targets: [{ type: "control", "id-ref": controlIdOf(m.criterionId) }],
          remarks: text(m.rationale, "No rationale recorded."),
        })),
      })),
      "back-matter": {
        resources: withMaps.map((f) => ({
          uuid: uuid("resource", f.id),
          title: line(`${f.name} (${f.version})`, f.id),
          description:
            "The framework's requirement identifiers, with Fieldwork's own short titles; no text of the standard.",
          props: props(prop("framework-id", f.id)),
          citation: { text: text(f.source, f.name) },
        })),
      },
    },
  });
};
